"""The one YAML writer: one scalar rule, and edits that keep hand-written text as it is.

Every file lianxi writes goes through this module:

* :func:`scalar` — the single rule for writing a value (when a string is quoted, how it
  is escaped); :func:`inline`, :func:`flow_list`, :func:`flow_mapping` and
  :func:`block_mapping` build on it;
* :func:`dump_yaml` — a whole document (meeting files, the number register, the files
  ``lianxi import`` and ``lianxi init`` create); never anchors or aliases;
* text-preserving edits of hand-written files (``members.yaml`` for succession and
  liaison changes, the list files). A writer of an existing file never round-trips it
  through a dumper: that would drop comments, reorder keys, change quoting and blank
  lines. Instead the file is composed into a node tree (which knows the start and end of
  every node) and the new text is *spliced* into the original: one scalar replaced, one
  key inserted, one list item appended. Every character outside the splice stays exactly
  as it was.

Both layouts found in data files are handled:

* block collections (``- name: 李明`` / ``  post: …`` on their own lines), and
* flow collections (``- {name: 李明, post: …}``, ``holders: []``), including a flow
  mapping that holds the whole record on one line.

New items copy the style of their neighbours: an item appended after a flow-style
item is written in flow style, after a block-style item in block style.

The edit functions take and return the whole text; a path is a tuple of mapping keys and
list indexes such as ``("seats", 7, "holders")``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Iterable

import yaml

from .errors import DataError

if TYPE_CHECKING:
    from .yamldoc import Document

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class EditError(Exception):
    """The text does not have the shape an edit expects (a programming error, not a user one)."""


# ------------------------------------------------------------------ scalars
#
# One rule for every writer. A string is written plain only when every YAML reader reads
# it back as exactly that string: lianxi's own (PyYAML's YAML 1.1 resolvers), YAML 1.2
# tools such as an editor's schema checker, and the spec's own YAML 1.1 booleans ``y``/``n``.
# Otherwise it is double-quoted, with escapes only for what cannot stand in the quotes as is.
# The rule does not depend on where the scalar stands (block or flow, key or value), so the
# same value is written the same way by every writer.

# first characters that make a plain scalar mean something else (or not parse)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# characters a plain scalar may not hold anywhere: flow indicators (inside ``[...]``/``{...}``)
# and ``:`` (a key, ``: ``; a time or sexagesimal number, ``09:30``)
_NEVER_PLAIN = frozenset(",[]{}:")
# numbers in any YAML version: 1.1 octal 0571, 1.2 octal 0o17, hex, binary, 1e3, .5, 1_000
_NUMBERISH = re.compile(r"[-+]?(?:0[xob][0-9a-fA-F_]+|(?=\.?[0-9])[0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9]+)?)")
_YAML11_EXTRA = frozenset({"y", "Y", "n", "N"})  # booleans in the YAML 1.1 spec (not in PyYAML)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
            "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _printable(ch: str) -> bool:
    """Characters that may stand as themselves in a scalar (no tab, no line break, no BOM)."""
    code = ord(ch)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000) and code not in (0x2028, 0x2029, 0xFEFF)


def _resolves_to_str(text: str) -> bool:
    """The plain ``text`` is a string for PyYAML's (and so lianxi's) implicit resolvers."""
    for tag, regexp in list(_IMPLICIT.get(text[:1], ())) + list(_IMPLICIT.get(None, ())):
        if regexp.match(text):
            return tag == _STR
    return True


def needs_quotes(text: str) -> bool:
    """True when ``text`` written plain would not read back as exactly this string."""
    if not text or text != text.strip() or text[0] in _INDICATORS or text.startswith("..."):
        return True  # empty; leading or trailing space; a YAML indicator; "..." ends a document
    if " #" in text or any(ch in _NEVER_PLAIN or not _printable(ch) for ch in text):
        return True  # a comment; flow or key syntax; tab, line break, control character
    if text in _YAML11_EXTRA or _NUMBERISH.fullmatch(text):
        return True
    return not _resolves_to_str(text)  # true/yes/on/null/~/2027-03-01/.inf/=/<< …


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (a JSON string is one too, but JSON leaves
    U+2028/U+2029/U+0085 bare, which YAML reads as line breaks)."""
    out = []
    for ch in text:
        escape = _ESCAPES.get(ch)
        if escape is not None:
            out.append(escape)
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def scalar(value: Any, *, quote: bool = False) -> str:
    """A value as a YAML scalar that reads back as exactly that value.

    Strings are plain when :func:`needs_quotes` allows it, otherwise double-quoted;
    ``quote=True`` always quotes (phone numbers). Dates are written bare (``2027-03-01``).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        raise EditError("datetime values are not written")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise EditError(f"cannot write {type(value).__name__} as a scalar")
    if quote or needs_quotes(value):
        return double_quoted(value)
    return value


# ------------------------------------------------------------------ locating


class _Text:
    """The text with its line starts, to turn node marks (line, column) into offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for match in re.finditer("\n", text):
            self.starts.append(match.end())

    def offset(self, mark) -> int:
        if mark.line >= len(self.starts):
            return len(self.text)
        return self.starts[mark.line] + mark.column

    def line_end(self, offset: int) -> int:
        """Offset of the newline ending the line that holds ``offset`` (or the text's end)."""
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1


def compose(text: str):
    node = yaml.compose(text, Loader=_Loader)
    if node is None:
        raise EditError("empty document")
    return node


def node_at(root, path: Iterable) -> Any:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    break
            else:
                raise EditError(f"no key {part!r}")
        elif isinstance(node, yaml.SequenceNode):
            if not isinstance(part, int) or not 0 <= part < len(node.value):
                raise EditError(f"no item {part!r}")
            node = node.value[part]
        else:
            raise EditError(f"cannot descend into a scalar at {part!r}")
    return node


def _key_node(mapping, key: str):
    for k, v in mapping.value:
        if k.value == key:
            return k, v
    return None, None


def _is_flow(node) -> bool:
    return bool(getattr(node, "flow_style", False))


def _content_end(node):
    """The mark just after the last character that belongs to ``node``'s content.

    A block collection's own end mark lies at the start of whatever follows it (maybe
    after blank lines and comments); its content ends with its last child.
    """
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not _is_flow(node) and node.value:
        last = node.value[-1]
        return _content_end(last[1] if isinstance(node, yaml.MappingNode) else last)
    return node.end_mark


def _after_lines(t: _Text, node) -> int:
    """Offset of the start of the line following ``node``'s content (where a new line goes)."""
    mark = _content_end(node)
    offset = t.offset(mark)
    if mark.column == 0 and mark.line > node.start_mark.line:
        return offset  # a block scalar ends at the start of the next line
    end = t.line_end(offset)
    return end + 1 if end < len(t.text) else end


def _insert_lines(text: str, at: int, lines: list[str]) -> str:
    block = "".join(line + "\n" for line in lines)
    if at >= len(text) and text and not text.endswith("\n"):
        block = "\n" + block[:-1]
    return text[:at] + block + text[at:]


# ------------------------------------------------------------------ rendering


def inline(value: Any, quote: bool = False) -> str:
    """A value on one line: a scalar, a flow list ``[a, b]`` or a flow mapping ``{k: v}``."""
    if isinstance(value, (list, tuple)):
        return flow_list(value)
    if isinstance(value, dict):
        return flow_mapping(value)
    return scalar(value, quote=quote)


def flow_list(values: Iterable[Any]) -> str:
    return "[" + ", ".join(inline(v) for v in values) + "]"


def flow_mapping(fields: dict[str, Any], quote: Iterable[str] = ()) -> str:
    """``{k: v, …}``; None values are left out."""
    quote = set(quote)
    parts = [f"{scalar(k)}: {inline(v, k in quote)}" for k, v in fields.items() if v is not None]
    return "{" + ", ".join(parts) + "}"


def block_mapping(fields: dict[str, Any] | Iterable[tuple[str, Any]], indent: int, first_prefix: str,
                  quote: Iterable[str] = ()) -> list[str]:
    """Lines of a block mapping; the first line starts with ``first_prefix`` (e.g. ``"  - "``),
    the others with ``indent`` spaces. None values are left out; lists and mappings are
    written in flow style on the key's line."""
    quote = set(quote)
    lines = []
    for k, v in (fields.items() if isinstance(fields, dict) else fields):
        if v is None:
            continue
        prefix = first_prefix if not lines else " " * indent
        lines.append(f"{prefix}{scalar(k)}: {inline(v, k in quote)}")
    return lines


def dump_yaml(data: Any, header: str = "") -> str:
    """A whole document in block style, every scalar by :func:`scalar`.

    The layout is PyYAML's ``default_flow_style=False, indent=2`` (lists under a key are
    not indented; empty ones are ``[]``/``{}``) and no line is ever folded. None values
    are written (``null``). An object used twice is written out twice: no anchors or
    aliases, which lianxi refuses in data files.
    """
    if isinstance(data, (dict, list, tuple)) and data:
        return header + "".join(line + "\n" for line in _block(data, 0))
    return header + _leaf(data) + "\n"


def _leaf(value: Any) -> str:
    if isinstance(value, dict):
        return "{}" if not value else flow_mapping(value)
    if isinstance(value, (list, tuple)):
        return "[]" if not value else flow_list(value)
    return scalar(value)


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and item:
                out.append(f"{pad}{scalar(key)}:")
                out += _block(item, indent + 2)
            elif isinstance(item, (list, tuple)) and item:
                out.append(f"{pad}{scalar(key)}:")
                out += _block(item, indent)
            else:
                out.append(f"{pad}{scalar(key)}: {_leaf(item)}")
        return out
    for item in value:
        if isinstance(item, (dict, list, tuple)) and item:
            lines = _block(item, indent + 2)
            lines[0] = pad + "- " + lines[0][indent + 2:]
            out += lines
        else:
            out.append(f"{pad}- {_leaf(item)}")
    return out


# ------------------------------------------------------------------ edits


def set_key(text: str, mapping_path: tuple, key: str, value: Any, *, quote: bool = False) -> str:
    """Set ``key`` of the mapping at ``mapping_path`` to a scalar: replace it, or add it last."""
    t = _Text(text)
    mapping = node_at(compose(text), mapping_path)
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError("not a mapping")
    key_node, value_node = _key_node(mapping, key)
    rendered = scalar(value, quote=quote)
    if value_node is not None:
        if not isinstance(value_node, yaml.ScalarNode):
            raise EditError(f"{key} is not a scalar")
        start, end = t.offset(value_node.start_mark), t.offset(value_node.end_mark)
        if value_node.value == "" and value_node.style is None and start == end:
            # ``key:`` with nothing after it: put the value after the colon
            colon = t.offset(key_node.end_mark)
            rest = text[colon:]
            gap = len(rest) - len(rest.lstrip(":"))
            return text[:colon + gap] + " " + rendered + text[colon + gap:]
        return text[:start] + rendered + text[end:]
    return insert_key(text, mapping_path, key, rendered)


def set_value(text: str, mapping_path: tuple, key: str, value: Any) -> str:
    """Set ``key`` of the mapping at ``mapping_path`` to any value written on one line
    (a scalar, ``[a, b]`` or ``{k: v}``): the old value's text — a block list too — is
    replaced, or the key is added last. Comments after the old value stay."""
    if not isinstance(value, (list, tuple, dict)):
        return set_key(text, mapping_path, key, value)
    t = _Text(text)
    mapping = node_at(compose(text), mapping_path)
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError("not a mapping")
    key_node, value_node = _key_node(mapping, key)
    rendered = inline(value)
    if value_node is None:
        return insert_key(text, mapping_path, key, rendered)
    at = t.offset(key_node.end_mark)
    end = t.offset(_content_end(value_node))
    if end < at:
        raise EditError("value before its key")
    return text[:at] + ": " + rendered + text[end:]


def insert_key(text: str, mapping_path: tuple, key: str, rendered: str | list[str]) -> str:
    """Add ``key`` with already rendered value text as the last entry of a mapping.

    ``rendered`` is a one-line value, or (block mappings only) a list of lines that
    follow ``key:`` on their own lines, without indentation of their own.
    """
    t = _Text(text)
    mapping = node_at(compose(text), mapping_path)
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError("not a mapping")
    if _is_flow(mapping):
        if isinstance(rendered, list):
            raise EditError("multi-line value in a flow mapping")
        entry = f"{key}: {rendered}"
        if mapping.value:
            at = t.offset(mapping.value[-1][1].end_mark)
            return text[:at] + ", " + entry + text[at:]
        at = t.offset(mapping.start_mark) + 1  # just after "{"
        return text[:at] + entry + text[at:]
    if not mapping.value:
        raise EditError("empty block mapping")
    indent = mapping.value[0][0].start_mark.column
    at = _after_lines(t, mapping)
    if isinstance(rendered, list):
        lines = [" " * indent + f"{key}:"] + [" " * (indent + 2) + line for line in rendered]
    else:
        lines = [" " * indent + f"{key}: {rendered}"]
    return _insert_lines(text, at, lines)


def append_mapping_item(text: str, parent_path: tuple, key: str, fields: dict[str, Any],
                        *, quote: Iterable[str] = (), after: int | None = None) -> str:
    """Append a mapping (``fields``) to the list under ``key`` of the mapping at ``parent_path``.

    The list may be block or flow style, empty (``[]``), or missing (it is created).
    The new item copies the style of the last item; a first item is written in flow
    style (one line), as a block list under a block mapping. ``after`` (an index into a
    block list) puts the item right after that one instead, in its style.
    """
    quote = tuple(quote)
    t = _Text(text)
    parent = node_at(compose(text), parent_path)
    if not isinstance(parent, yaml.MappingNode):
        raise EditError("parent is not a mapping")
    key_node, seq = _key_node(parent, key)
    item_flow = flow_mapping(fields, quote)
    if seq is None:
        if _is_flow(parent):
            return insert_key(text, parent_path, key, f"[{item_flow}]")
        return insert_key(text, parent_path, key, [f"- {item_flow}"])
    if isinstance(seq, yaml.ScalarNode) and seq.value == "" and seq.tag.endswith(":null"):
        # ``holders:`` left empty (null): write the list after the colon
        if _is_flow(parent):
            return set_key_raw(text, t, key_node, seq, f"[{item_flow}]")
        indent = key_node.start_mark.column + 2
        at = t.line_end(t.offset(key_node.end_mark))
        return text[:at] + "\n" + " " * indent + f"- {item_flow}" + text[at:]
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError(f"{key} is not a list")
    if _is_flow(seq):
        if seq.value:
            at = t.offset(seq.value[-1].end_mark)
            return text[:at] + ", " + item_flow + text[at:]
        start, end = t.offset(seq.start_mark), t.offset(seq.end_mark)
        if _is_flow(parent) or key_node.start_mark.line != seq.start_mark.line:
            return text[:start] + f"[{item_flow}]" + text[end:]
        # ``holders: []`` under a block mapping becomes a block list
        indent = key_node.start_mark.column + 2
        before = text[:start].rstrip(" ")
        return before + "\n" + " " * indent + f"- {item_flow}" + text[end:]
    # a block list: copy the dash indent and the style of the last item (or of the one given)
    last = seq.value[-1] if after is None or not 0 <= after < len(seq.value) else seq.value[after]
    last_start = t.offset(last.start_mark)
    line_start = t.line_start(last_start)
    dash = text.rfind("-", line_start, last_start)
    if dash < 0:
        raise EditError("cannot find the list dash")
    dash_col = dash - line_start
    at = _after_lines(t, last)
    if isinstance(last, yaml.MappingNode) and not _is_flow(last):
        key_col = last.value[0][0].start_mark.column if last.value else dash_col + 2
        lines = block_mapping(fields, key_col, " " * dash_col + "-" + " " * (key_col - dash_col - 1), quote)
    else:
        lines = [" " * dash_col + "- " + item_flow]
    return _insert_lines(text, at, lines)


def set_key_raw(text: str, t: _Text, key_node, value_node, rendered: str) -> str:
    at = t.offset(key_node.end_mark)
    end = t.offset(value_node.end_mark)
    rest = text[at:end]
    colon = rest.find(":")
    at = at + colon + 1 if colon >= 0 else at
    return text[:at] + " " + rendered + text[max(at, end):]


# ------------------------------------------------------------------ local changes of a whole record

_MISSING = object()


def local_edit(text: str, old: dict, new: dict) -> str | None:
    """``text`` (which reads as ``old``) changed to read as ``new``, touching only what changed.

    ``old`` and ``new`` are plain data (dicts, lists, scalars). A change is local when it only
    sets scalars, adds keys, or appends mappings to lists; each is spliced into the text with
    the edits above, so comments and layout elsewhere stay. Anything else (a key removed, a
    list item changed or taken out) gives None: the caller then writes the whole file anew.
    The caller must check that the result reads as ``new``: keys the text holds at their
    defaults are not in ``old``.
    """
    try:
        return _edit_mapping(text, (), old, new)
    except (EditError, yaml.YAMLError):
        return None


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _edit_mapping(text: str, path: tuple, old: dict, new: dict) -> str:
    if any(key not in new for key in old):
        raise EditError("a key is removed")
    for key, value in new.items():
        before = old.get(key, _MISSING)
        if _same(before, value):
            continue
        if isinstance(value, dict) and isinstance(before, dict):
            text = _edit_mapping(text, path + (key,), before, value)
        elif isinstance(value, list) and (before is _MISSING or isinstance(before, list)):
            kept = [] if before is _MISSING else before
            added = value[len(kept):]
            if value[:len(kept)] != kept or not all(isinstance(item, dict) and item for item in added):
                raise EditError(f"{key}: not an append of mappings")
            for item in added:
                text = append_mapping_item(text, path, key, item)
        elif isinstance(value, dict) and value and before is _MISSING:
            text = insert_key(text, path, key, dump_yaml(value).splitlines())
        elif value is not None and not isinstance(value, (dict, list)) and not isinstance(before, (dict, list)):
            text = set_key(text, path, key, value)
        else:
            raise EditError(f"{key}: not a local change")
    return text


# ------------------------------------------------------------------ list files
#
# The top-level lists of reports.yaml, alerts.yaml, groups.yaml and who_answers.yaml
# (:mod:`lianxi.listfile` checks the result and writes it).

_EMPTY_FLOW = re.compile(r"^(?P<key>[A-Za-z_]+):[ ]*\[\][ ]*(?P<comment>#.*)?$")


def append_entry_text(text: str, key: str, fields: list[tuple[str, Any]]) -> str:
    """The file text with one block-style entry appended to the top-level list ``key``."""
    lines = text.split("\n")
    indent = 2
    for i, line in enumerate(lines):
        match = _EMPTY_FLOW.match(line)
        if match and match["key"] == key:
            lines[i] = f"{key}:" + (f"  {match['comment']}" if match["comment"] else "")
            break
    else:
        # reuse the indentation of the existing items
        for line in lines:
            stripped = line.lstrip(" ")
            if stripped.startswith("- ") and not line.startswith("#"):
                indent = len(line) - len(stripped)
                break
    body = "\n".join(lines)
    if not body.endswith("\n"):
        body += "\n"
    return body + "\n".join(block_mapping(fields, indent + 2, " " * indent + "- ")) + "\n"


def _entry_span(doc: Document, key: str, index: int) -> tuple[list[str], int, int, int]:
    """(the file's lines, first line, end line, column) of the block-style entry ``key[index]``.

    The entry ends where the next item (or anything less indented) starts; comments and
    blank lines in between belong to it.
    """
    first_key = next(iter(doc.data[key][index]))
    line, column = doc.key_locs.get((key, index, first_key), (None, None))
    if line is None:
        raise DataError("无法定位该条目")
    lines = doc.text.split("\n")
    start = line - 1
    end = len(lines)
    for j in range(start + 1, len(lines)):
        content = lines[j]
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        if len(content) - len(content.lstrip(" ")) < column - 1:
            end = j
            break
    return lines, start, end, column


def insert_fields_text(doc: Document, key: str, index: int, fields: list[tuple[str, Any]]) -> str:
    """The file text with ``fields`` added at the end of the block-style entry ``key[index]``."""
    lines, start, end, column = _entry_span(doc, key, index)
    last = start
    for j in range(start, end):
        if lines[j].strip() and not lines[j].lstrip().startswith("#"):
            last = j
    new = []
    for name, value in fields:
        new.append(" " * (column - 1) + f"{scalar(name)}: {inline(value)}")
    lines[last + 1:last + 1] = new
    return "\n".join(lines)


def remove_entry_text(doc: Document, key: str, index: int) -> str:
    """The file text without the block-style entry ``key[index]`` (the rest, comments included, kept)."""
    lines, start, end, _ = _entry_span(doc, key, index)
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    del lines[start:end]
    text = "\n".join(lines)
    if not any(line.lstrip().startswith("- ") for line in lines if not line.lstrip().startswith("#")):
        text = text.replace(f"\n{key}:\n", f"\n{key}: []\n")
    return text
