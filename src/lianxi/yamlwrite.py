"""Text-preserving edits of hand-written YAML.

A writer never round-trips a file through a YAML dumper: that would drop comments,
reorder keys, change quoting and blank lines. Instead the file is composed into a node
tree (which knows the start and end of every node) and the new text is *spliced* into
the original: one scalar replaced, one key inserted, one list item appended. Every
character outside the splice stays exactly as it was.

Both layouts found in data files are handled:

* block collections (``- name: 李明`` / ``  post: …`` on their own lines), and
* flow collections (``- {name: 李明, post: …}``, ``holders: []``), including a flow
  mapping that holds the whole record on one line.

New items copy the style of their neighbours: an item appended after a flow-style
item is written in flow style, after a block-style item in block style.

All functions take and return the whole text; a path is a tuple of mapping keys and
list indexes such as ``("seats", 7, "holders")``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class EditError(Exception):
    """The text does not have the shape an edit expects (a programming error, not a user one)."""


# ------------------------------------------------------------------ scalars

_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = set(",[]{}")


def scalar(value: Any, *, flow: bool = True, quote: bool = False) -> str:
    """A value as a YAML scalar that reads back as exactly that value.

    Strings are written plain when that is safe (it reads back as the same string, also
    under the YAML 1.1 rules that turn ``0571`` or ``no`` into numbers and booleans),
    otherwise double-quoted. ``quote=True`` always quotes (phone numbers).
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
    if not quote and _plain_ok(value, flow=flow):
        return value
    return double_quoted(value)


def _printable(ch: str) -> bool:
    """Characters YAML allows unescaped in a double-quoted scalar (no NEL / LS / PS breaks)."""
    code = ord(ch)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000) and code not in (0x2028, 0x2029, 0xFEFF)


def double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _plain_ok(text: str, *, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _PLAIN_BAD_START:
        return False
    if not all(_printable(ch) for ch in text):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if re.fullmatch(r"[-+.0-9_:eE]+", text) or ":" in text:
        return False  # numbers, times, sexagesimal: quoted, whatever the YAML version
    if flow and any(ch in _FLOW_CHARS for ch in text):
        return False
    try:
        back = yaml.load(f"k: {text}\n", Loader=_Loader)
    except yaml.YAMLError:
        return False
    return isinstance(back, dict) and back.get("k") == text and type(back.get("k")) is str


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


def flow_mapping(fields: dict[str, Any], quote: Iterable[str] = ()) -> str:
    quote = set(quote)
    parts = [f"{k}: {scalar(v, flow=True, quote=k in quote)}" for k, v in fields.items() if v is not None]
    return "{" + ", ".join(parts) + "}"


def block_mapping(fields: dict[str, Any], indent: int, first_prefix: str, quote: Iterable[str] = ()) -> list[str]:
    """Lines of a block mapping; the first line starts with ``first_prefix`` (e.g. ``"  - "``)."""
    quote = set(quote)
    lines = []
    for k, v in fields.items():
        if v is None:
            continue
        prefix = first_prefix if not lines else " " * indent
        lines.append(f"{prefix}{k}: {scalar(v, flow=False, quote=k in quote)}")
    return lines


# ------------------------------------------------------------------ edits


def set_key(text: str, mapping_path: tuple, key: str, value: Any, *, quote: bool = False) -> str:
    """Set ``key`` of the mapping at ``mapping_path`` to a scalar: replace it, or add it last."""
    t = _Text(text)
    mapping = node_at(compose(text), mapping_path)
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError("not a mapping")
    key_node, value_node = _key_node(mapping, key)
    flow = _is_flow(mapping)
    rendered = scalar(value, flow=flow, quote=quote)
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
                        *, quote: Iterable[str] = ()) -> str:
    """Append a mapping (``fields``) to the list under ``key`` of the mapping at ``parent_path``.

    The list may be block or flow style, empty (``[]``), or missing (it is created).
    The new item copies the style of the last item; a first item is written in flow
    style (one line), as a block list under a block mapping.
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
    # a block list: copy the dash indent and the style of the last item
    last = seq.value[-1]
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
