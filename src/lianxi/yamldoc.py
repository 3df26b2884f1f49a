"""Parse YAML into plain values *and* a map of where every value came from.

One parse (libyaml's parser when available, PyYAML's pure-Python one otherwise)
yields an event stream; :func:`parse_text` turns it into Python values, and the line
and column of each value and each mapping key are recorded on demand. On the way it rejects the
hazards that make hand-edited YAML lie to its author:

* duplicate keys (PyYAML silently keeps the last one);
* tab characters;
* bytes that are not UTF-8 (with a hint when they look like GBK/GB18030);
* an empty file;
* YAML 1.1 surprises: ``0571`` read as the octal integer 377, ``09:30`` read as the
  sexagesimal integer 570, ``yes``/``no``/``on``/``off`` read as booleans;
* tags that would construct Python objects (``!!python/object``), and anchors/aliases
  (the "billion laughs" expansion cannot happen when aliases are refused);
* shapes no data file needs and that would exhaust the stack or the clock: nesting deeper
  than :data:`MAX_DEPTH` levels and lines longer than :data:`MAX_LINE_CHARS` characters;
* control characters YAML does not allow, and lone surrogates.

Every problem is collected with its location so one run reports them all.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import Collector, DataErrors, Problem
from .textfile import read_text  # noqa: F401  (re-exported: meetings and tests read through yamldoc)

try:  # libyaml's C parser is 3-6x faster; fall back when it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple  # a field path such as ("seats", 3, "holders", 0, "post")

MAX_DEPTH = 64  # nesting levels; the real data files need fewer than 10
_TARGETED_PASSES = 8  # Document.locate: targeted passes on one file before building its whole table
MAX_LINE_CHARS = 100_000  # characters on one line (about 50 pages of Chinese text)
_LONG_LINE = re.compile(r"^[^\n]{%d}" % (MAX_LINE_CHARS + 1), re.M)

_TAG = "tag:yaml.org,2002:"
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_BOOL_TRUE = {"true", "yes", "on"}
_PLAIN_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
# characters YAML does not allow in a stream (YAML 1.1 "printable" complement)
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# characters no text value may hold, however written (a double-quoted "\a", "\x1b", "\u0085" …):
# C0 controls but tab and newline, DEL, C1 controls, and U+FFFE/U+FFFF — none has a place in
# a notice, and none can go into a Word document (XML 1.0 refuses them)
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF]")


def control_char_message(char: str) -> str:
    return f"含有控制字符 U+{ord(char):04X}（通常是从别处复制时带入的不可见字符，或写成了转义），请删除"


@dataclass
class Document:
    """A parsed YAML file: its values and where each one stands.

    ``value_locs`` and ``key_locs`` (field path → (line, column), 1-based) are built on
    first use by a second pass over the text kept here: most reads of a valid file never
    need a location, and not recording them keeps parsing fast and memory small.
    """

    path: Path
    display: str  # the file name as shown in messages
    text: str
    data: Any
    _locs: Optional[tuple] = field(default=None, repr=False, compare=False)
    # targeted lookups (see locate): the paths asked for so far and what was found for them
    _asked: Optional[set] = field(default=None, repr=False, compare=False)
    _found: Optional[tuple] = field(default=None, repr=False, compare=False)

    def _locations(self) -> tuple:
        if self._locs is None:
            builder = _Builder(self, record=True)
            with gc_paused():
                builder.run()
            self._locs = (builder.value_locs, builder.key_locs)
            self._asked = self._found = None
        return self._locs

    def _targeted(self, path: tuple) -> tuple:
        """Location maps holding (at least) ``path`` and its parents.

        A message needs the location of one field path and, when that path does not
        exist, of its nearest parent. Rather than a table of every node of the file
        (for a large file many times the size of its text), a pass over the events
        records only those paths and stops once it has them. After a few such passes
        on one file the whole table is built instead, so a file with many problems is
        not read many times over.
        """
        if self._locs is not None:
            return self._locs
        if self._asked is None:
            self._asked, self._found = set(), ({}, {})
        if path not in self._asked:
            if len(self._asked) >= _TARGETED_PASSES:
                return self._locations()
            wanted = {path[:i] for i in range(len(path) + 1)}
            builder = _Builder(self, record=True, wanted=wanted)
            with gc_paused():
                builder.run()
            self._found[0].update(builder.value_locs)
            self._found[1].update(builder.key_locs)
            self._asked.add(path)
        return self._found

    @property
    def value_locs(self) -> dict[tuple, tuple[int, int]]:
        return self._locations()[0]

    @property
    def key_locs(self) -> dict[tuple, tuple[int, int]]:
        return self._locations()[1]

    def locate(self, path: tuple) -> tuple[int | None, int | None]:
        """Best location for a field path: the key, else the value, else the nearest parent."""
        path = tuple(path)
        value_locs, key_locs = self._targeted(path)
        while True:
            if path and isinstance(path[-1], str) and path in key_locs:
                return key_locs[path]
            if path in value_locs:
                return value_locs[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, message: str, path: tuple = (), *, rule: str | None = None,
                severity: str = "error", cite: str | None = None, items: tuple = ()) -> Problem:
        line, column = self.locate(path)
        return Problem(message, file=self.display, line=line, column=column,
                       field=format_path(path) or None, rule=rule, severity=severity, cite=cite,
                       items=tuple(items), path=tuple(path))


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@contextmanager
def gc_paused():
    """Pause the cyclic GC: on large parses it otherwise takes most of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_SYNTAX_MESSAGES = [
    ("cannot start any token", "此处有不能作为开头的字符（常见原因：用了制表符 Tab 缩进，或值以 @ ` 等开头而未加引号）"),
    ("mapping values are not allowed", "此处不能出现“:”——值中含有冒号时请给整个值加引号，或检查缩进"),
    ("did not find expected node content", "此处缺少值——请检查逗号、括号或“- ”后面是否漏写了内容"),
    ("expected the node content", "此处缺少值——请检查逗号、括号或“- ”后面是否漏写了内容"),
    ("did not find expected <document start>", "这一行之前的内容已是完整的文档，这里多出了内容——请检查缩进"),
    ("did not find expected comment or line break", "此处多余的内容——引号结束后不能再跟文字"),
    ("found unexpected ':'", "此处的“:”不合写法——含冒号的文字请加引号"),
    ("found unknown escape character", "双引号中的反斜杠转义不合法——请改用单引号或去掉反斜杠"),
    ("found a tab character that violates indentation", "此处有制表符（Tab），YAML 只能用空格缩进"),
    ("found incompatible YAML document", "不支持的 YAML 版本声明——请删去 %YAML 一行"),
    ("found duplicate YAML directive", "YAML 版本声明重复——请删去多余的 %YAML 一行"),
    ("expected a single document", "一个文件只能有一个文档——请删去多余的“---”或“...”"),
    ("could not find expected ':'", "缺少“:”——每一项应写成“键: 值”"),
    ("expected <block end>", "缩进不一致——同一层级的项目必须对齐"),
    ("did not find expected key", "缩进不一致或缺少“键:”——同一层级的项目必须对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致——同一列表的“- ”必须对齐"),
    ("found unexpected end of stream", "文件意外结束——可能有引号或括号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点"),
    ("nesting too deep", f"嵌套层次过深（超过 {MAX_DEPTH} 层），拒绝读取；数据文件不需要这么多层，请检查括号或缩进"),
    ("exceeded maximum nesting depth", f"嵌套层次过深（超过 {MAX_DEPTH} 层），拒绝读取；数据文件不需要这么多层，请检查括号或缩进"),
    ("found unhashable key", "键不能是列表或映射"),
    ("found duplicate anchor", "锚点重复定义"),
    ("expected alphabetic or numeric character", "锚点或引用的名称不合法（& 与 * 后须紧跟字母或数字；作为文字使用时请加引号）"),
    ("found unknown escape character", "双引号中的反斜杠转义不合法——请改用单引号或去掉反斜杠"),
    ("found a tab character", "此处有制表符（Tab），YAML 只能用空格缩进"),
    ("expected a comment or a line break", "此处多余的内容——引号结束后不能再跟文字"),
    ("found character that cannot start any token", "此处有不能作为开头的字符"),
    ("expected ',' or ']'", "方括号列表没有正确闭合"),
    ("expected ',' or '}'", "花括号映射没有正确闭合"),
    ("found another document", "一个文件只能有一个文档——请删去多余的“---”或“...”"),
]


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for needle, message in _SYNTAX_MESSAGES:
        if needle in problem:
            return message
    # never PyYAML's English: a general message (the location says where)
    return "YAML 语法错误：此处的写法不合 YAML 格式——请检查缩进、冒号“: ”和引号是否配对"


def parse_text(text: str, path: Path, display: str, collector: Collector) -> Document | None:
    """Parse YAML text; record problems in ``collector``; None when unusable."""
    errors_before = len(collector.errors)
    if "\t" in text:
        for lineno, line in enumerate(text.splitlines(), 1):
            col = line.find("\t")
            if col >= 0:
                collector.error("含有制表符（Tab）——YAML 中请只用空格", file=display,
                                line=lineno, column=col + 1, rule="tab")
    if not _lines_ok(text, display, collector):
        return None
    doc = Document(path=path, display=display, text=text, data=None)
    try:
        with gc_paused():
            builder = _Builder(doc)
            data = builder.run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        if not (collector.errors[errors_before:] and "Tab" in collector.errors[-1].message
                and collector.errors[-1].line == line):
            collector.error(_syntax_message(exc), file=display, line=line, column=column,
                            rule="syntax")
        return None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters: find it ourselves
        bad = _NON_PRINTABLE.search(text)
        index = bad.start() if bad else exc.position
        line, column = _position(text, index)
        char = ord(bad.group()) if bad else (exc.character if isinstance(exc.character, int) else 0)
        collector.error(f"含有 YAML 不允许的控制字符 U+{char:04X}（通常是从别处复制时带入的不可见字符），请删除",
                        file=display, line=line, column=column, rule="control-char")
        return None
    except yaml.YAMLError:
        collector.error("YAML 语法错误：无法解析该文件——请检查缩进、冒号“: ”和引号是否配对", file=display,
                        rule="syntax")
        return None
    except UnicodeEncodeError as exc:
        line, column = _position(text, exc.start)
        collector.error("含有无法编码为 UTF-8 的字符（孤立的代理字符），请删除", file=display,
                        line=line, column=column, rule="encoding")
        return None
    if data is _NO_DOCUMENT:
        collector.error("文件为空（没有任何数据）", file=display, line=1, column=1, rule="empty")
        return None
    doc.data = data
    for problem in builder.finish():
        collector.add(problem)
    return doc


def _position(text: str, index: int | None) -> tuple[int | None, int | None]:
    """1-based line and column of a character index."""
    if index is None or index < 0:
        return None, None
    index = min(index, len(text))
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _lines_ok(text: str, display: str, collector: Collector) -> bool:
    """Refuse an over-long line before the parser sees it."""
    if len(text) <= MAX_LINE_CHARS:
        return True
    long_line = _LONG_LINE.search(text)
    if not long_line:
        return True
    lineno = text.count("\n", 0, long_line.start()) + 1
    end = text.find("\n", long_line.start())
    length = (len(text) if end < 0 else end) - long_line.start()
    collector.error(f"第 {lineno} 行过长（{length} 个字符，上限 {MAX_LINE_CHARS}），拒绝读取；"
                    "请检查文件是否损坏，长段文字请分行书写", file=display, line=lineno,
                    column=MAX_LINE_CHARS + 1, rule="size-limit")
    return False


def load(path: Path, display: str | None = None, collector: Collector | None = None) -> Document:
    """Read and parse one file; raise DataErrors on any problem unless a collector is given."""
    own = collector is None
    collector = collector if collector is not None else Collector()
    display = display or str(path)
    text = read_text(path, display, collector)
    doc = parse_text(text, path, display, collector) if text is not None else None
    if own and collector.errors:
        raise DataErrors(collector.errors)
    if doc is None:
        raise DataErrors(collector.errors or [Problem("无法读取", file=display)])
    return doc


_NO_DOCUMENT = object()  # the stream held no document at all
_SKIP = object()  # a mapping value whose key was refused: build nothing for it
_EXPECT_KEY = object()

_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
_STR_TAG = _TAG + "str"
_MERGE_TAG = _TAG + "merge"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


class _Builder:
    """Build plain values straight from the parser's event stream, without a node tree.

    libyaml's parser hands over events (mapping start, scalar, …); building values from
    them directly costs about half of composing a node tree first, and nothing of the
    tree stays in memory. Locations are not recorded on the ordinary pass: a hazard
    is reported at the event where it is found, and the full location maps are built
    by a second, recording pass only when a message needs them (see
    :meth:`Document.locate`). The same loop serves both passes, so both agree on
    every path.
    """

    def __init__(self, doc: Document, record: bool = False, wanted: Optional[set] = None) -> None:
        self.doc = doc
        self.record = record
        # record only these paths (and stop once all are found); None: every path
        self.wanted = wanted
        self.missing = 0 if wanted is None else len(wanted) + sum(
            1 for p in wanted if p and isinstance(p[-1], str))
        self.value_locs: dict = {}
        self.key_locs: dict = {}
        self.hazards: list = []  # (message, rule, line, column, path, duplicate-key path or None)
        self.anchors: set = set()
        self.resolved: dict = {}  # plain scalar text → tag (values repeat a lot)
        # one object per distinct string: keys ("name", "post") and values ("unknown",
        # a post, a unit id) repeat thousands of times in a long history
        self.strings: dict = {}

    # ---- the event loop
    def run(self) -> Any:
        record = self.record
        wanted = self.wanted
        value_locs = self.value_locs
        stack: list = []  # frames: [container, is_map, key (or _EXPECT_KEY/_SKIP)]
        path: list = []  # keys and indices leading to the current container's children
        skip = 0  # >0 while inside a subtree that is being skipped (refused key or its value)
        root: Any = _NO_DOCUMENT
        documents = 0
        scalar_event = yaml.ScalarEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        loader = _Loader(self.doc.text)
        next_event = loader.get_event
        stream_end = yaml.StreamEndEvent
        try:
            while True:
                event = next_event()
                cls = event.__class__
                if cls is stream_end:
                    break
                if skip:
                    if cls is mapping_start or cls is sequence_start:
                        skip += 1
                    elif cls is mapping_end or cls is sequence_end:
                        skip -= 1
                    if skip:
                        continue
                    # the skipped subtree ended: it stood in a key or value slot
                    top = stack[-1]
                    top[2] = _SKIP if top[2] is _EXPECT_KEY else _EXPECT_KEY
                    continue
                if cls is mapping_end or cls is sequence_end:
                    value = stack.pop()[0]
                    if stack:
                        path.pop()
                        self._place(stack[-1], value, path)
                    else:
                        root = value
                    continue
                if cls is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise yaml.composer.ComposerError(
                            "expected a single document in the stream", None,
                            "but found another document", event.start_mark)
                    continue
                if cls is not scalar_event and cls is not mapping_start and cls is not sequence_start \
                        and cls is not yaml.AliasEvent:
                    continue  # stream/document boundaries
                # a node starts: where does it stand?
                top = stack[-1] if stack else None
                if top is not None and top[1] and top[2] is _EXPECT_KEY:
                    self._key(event, top, path)
                    if top[2] is _EXPECT_KEY and cls is not scalar_event:  # a refused complex key
                        skip = 1
                    continue
                if top is not None and top[1] and top[2] is _SKIP:  # value of a refused key
                    if cls is mapping_start or cls is sequence_start:
                        skip = 1
                    else:
                        top[2] = _EXPECT_KEY
                    continue
                part = (top[2] if top[1] else len(top[0])) if top is not None else None
                if record:
                    here = tuple(path) + ((part,) if top is not None else ())
                    if wanted is None or here in wanted:
                        mark = event.start_mark
                        value_locs[here] = (mark.line + 1, mark.column + 1)
                        if wanted is not None:
                            self.missing -= 1
                            if self.missing <= 0:
                                break  # a targeted pass has every path it was asked for
                if cls is scalar_event:
                    if record:  # the location pass needs no values (the first pass checked them)
                        if event.anchor is not None:
                            self._anchor(event)
                        value = None
                    else:
                        value = self._scalar(event, path, part, top)
                    if top is None:
                        root = value
                    else:
                        self._place(top, value, path, part)
                    continue
                if cls is yaml.AliasEvent:
                    if event.anchor not in self.anchors:
                        raise yaml.composer.ComposerError(
                            None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
                    self._hazard(event, "不支持锚点与引用（& 和 *）——请直接写出内容", "alias", path, part, top)
                    if top is None:
                        root = None
                    else:
                        self._place(top, None, path, part)
                    continue
                # a mapping or sequence starts
                self._anchor(event)
                is_map = cls is mapping_start
                tag = event.tag
                if tag is not None and tag != "!" and tag != (_MAP_TAG if is_map else _SEQ_TAG):
                    self._hazard(event, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）",
                                 "tag", path, part, top)
                if len(stack) >= MAX_DEPTH:
                    raise yaml.composer.ComposerError(None, None, "nesting too deep", event.start_mark)
                if top is not None:
                    path.append(part)
                stack.append([{} if is_map else [], is_map, _EXPECT_KEY])
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose is not None:
                dispose()
        return root

    def _place(self, top: list, value: Any, path: list, part: Any = None) -> None:
        if top[1]:
            top[0][top[2]] = value
            top[2] = _EXPECT_KEY
        else:
            top[0].append(value)

    def _key(self, event, top: list, path: list) -> None:
        if event.__class__ is not yaml.ScalarEvent:
            if event.__class__ is yaml.AliasEvent:
                self._hazard(event, "不支持锚点与引用（& 和 *）——请直接写出内容", "alias", path, None, None)
                top[2] = _SKIP
                return
            self._hazard(event, "键必须是简单文字", "syntax", path, None, None)
            return  # caller skips the key's subtree, then its value
        self._anchor(event)
        key = event.value
        tag = event.tag
        if (tag is None or tag == "!") and event.implicit[0] and key == "<<":
            self._hazard(event, "不支持合并键（<<），请直接写出内容", "alias", path, None, None)
            top[2] = _SKIP
            return
        known = self.strings.get(key)
        if known is None:
            bad = _CONTROL_IN_VALUE.search(key)
            if bad is not None:
                self._hazard(event, "键" + control_char_message(bad.group()), "control-char", path, None, None)
            known = self.strings[key] = key
        key = known
        mark = event.start_mark
        if key in top[0]:
            kpath = tuple(path) + (key,)
            self.hazards.append(("重复的键“{key}”{where}——YAML 会静默保留后一个，请删去其中一个",
                                 "duplicate-key", mark.line + 1, mark.column + 1, kpath, key))
            top[2] = _SKIP
            return
        if self.record:
            here = tuple(path) + (key,)
            if self.wanted is None or here in self.wanted:
                self.key_locs[here] = (mark.line + 1, mark.column + 1)
                if self.wanted is not None:
                    self.missing -= 1
        top[2] = key
        top[0][key] = None  # reserve the key now, so a duplicate is seen even inside the value

    def _anchor(self, event) -> None:
        anchor = event.anchor
        if anchor is not None:
            if anchor in self.anchors:
                raise yaml.composer.ComposerError(
                    "found duplicate anchor", None, "second occurrence", event.start_mark)
            self.anchors.add(anchor)

    def _hazard(self, event, message: str, rule: str, path: list, part: Any, top) -> None:
        mark = event.start_mark
        where = tuple(path) + ((part,) if top is not None else ())
        self.hazards.append((message, rule, mark.line + 1, mark.column + 1, where, None))

    def finish(self) -> list[Problem]:
        """The hazards found, as located problems (duplicate keys name the first occurrence)."""
        out = []
        for message, rule, line, column, where, dup_key in self.hazards:
            if dup_key is not None:
                first = self.doc.key_locs.get(where)
                message = message.format(key=dup_key, where=f"（第一次出现在第 {first[0]} 行）" if first else "")
            out.append(Problem(message, file=self.doc.display, line=line, column=column,
                               field=format_path(where) or None, rule=rule))
        return out

    # ---- scalars
    def _tag(self, event) -> str:
        tag = event.tag
        if tag is not None and tag != "!":
            return tag
        if not event.implicit[0]:
            return _STR_TAG
        text = event.value
        resolved = self.resolved.get(text)
        if resolved is None:
            resolved = _STR_TAG
            for candidate, regexp in _IMPLICIT.get(text[:1], ()):
                if regexp.match(text):
                    resolved = candidate
                    break
            self.resolved[text] = resolved
        return resolved

    def _scalar(self, event, path: list, part: Any, top) -> Any:
        if event.anchor is not None:
            self._anchor(event)
        tag = self._tag(event)
        text = event.value
        if tag == _STR_TAG:
            known = self.strings.get(text)
            if known is None:  # each distinct string is checked once
                bad = _CONTROL_IN_VALUE.search(text)
                if bad is not None:
                    self._hazard(event, control_char_message(bad.group()), "control-char", path, part, top)
                known = self.strings[text] = text
            return known
        if not tag.startswith(_TAG):
            self._hazard(event, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）",
                         "tag", path, part, top)
            return text
        kind = tag[len(_TAG):]
        if kind == "null":
            return None
        if kind == "bool":
            low = text.lower()
            if low not in ("true", "false"):
                self._hazard(event, f"未加引号的 {text} 会被 YAML 读作布尔值 {low in _BOOL_TRUE}；"
                             f"如是文字请加引号（\"{text}\"），如是开关请写 true 或 false",
                             "yaml11", path, part, top)
            return low in _BOOL_TRUE
        if kind == "int":
            try:
                value = _yaml_int(text)
            except ValueError:
                self._hazard(event, f"无法识别的整数 {text[:40]}（数字过长或格式不对）；如是文字请加引号",
                             "number", path, part, top)
                return text
            if not _PLAIN_DECIMAL.match(text):
                self._hazard(event, f"未加引号的 {text} 会被 YAML 读作整数 {value}；"
                             f"如是号码、时间或编号，请加引号写成 \"{text}\"", "yaml11", path, part, top)
            return value
        if kind == "float":
            if ":" in text:
                self._hazard(event, f"未加引号的 {text} 会被 YAML 按六十进制读成数字；请加引号写成 \"{text}\"",
                             "yaml11", path, part, top)
            try:
                return _yaml_float(text)
            except ValueError:
                self._hazard(event, f"无法识别的数字 {text[:40]}；如是文字请加引号", "number", path, part, top)
                return text
        if kind == "timestamp":
            m = _DATE_RE.match(text)
            if m:
                try:
                    return _dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    self._hazard(event, f"日期 {text} 不存在", "date", path, part, top)
                    return text
            try:
                node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark)
                return yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
            except Exception:  # noqa: BLE001 - reported below
                self._hazard(event, f"无法识别的日期时间 {text}", "date", path, part, top)
                return text
        if kind in ("binary", "omap", "pairs", "set", "merge", "value", "yaml"):
            self._hazard(event, f"不支持的 YAML 标签 !!{kind}", "tag", path, part, top)
            return text
        self._hazard(event, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）",
                     "tag", path, part, top)
        return text


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _yaml_int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value.startswith("-") else 1
    if value[:1] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value.startswith("0o"):
        return sign * int(value[2:], 8)
    if value.startswith("0"):
        return sign * int(value, 8)
    if ":" in value:
        digits = [int(part) for part in value.split(":")]
        digits.reverse()
        base, total = 1, 0
        for digit in digits:
            total += digit * base
            base *= 60
        return sign * total
    return sign * int(value)


def _yaml_float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value.startswith("-") else 1.0
    if value[:1] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        digits = [float(part) for part in value.split(":")]
        digits.reverse()
        base, total = 1.0, 0.0
        for digit in digits:
            total += digit * base
            base *= 60
        return sign * total
    return sign * float(value)
