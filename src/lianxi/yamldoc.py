"""Parse YAML into plain values *and* a map of where every value came from.

One parse (libyaml's composer when available, PyYAML's pure-Python one otherwise)
yields a node tree; :func:`parse` turns it into Python values while recording the
line and column of each value and each mapping key. On the way it rejects the
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
  than :data:`MAX_DEPTH` levels and lines longer than :data:`MAX_LINE_CHARS` characters.

Every problem is collected with its location so one run reports them all.
"""

from __future__ import annotations

import datetime as _dt
import gc
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Collector, DataErrors, Problem

try:  # libyaml's C parser is 3-6x faster; fall back when it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple  # a field path such as ("seats", 3, "holders", 0, "post")

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64  # nesting levels; the real data files need fewer than 10
MAX_LINE_CHARS = 100_000  # characters on one line (about 50 pages of Chinese text)
_LONG_LINE = re.compile(r"^[^\n]{%d}" % (MAX_LINE_CHARS + 1), re.M)
# libyaml's composer recurses in C and overflows the stack somewhere past 20 000 levels. Below
# this cheap upper bound of the depth it is safe to compose and let the builder enforce
# MAX_DEPTH with a located message; above it, an exact (early-stopping) event scan runs first.
_COMPOSE_SAFE_BOUND = 2_000

_TAG = "tag:yaml.org,2002:"
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_BOOL_TRUE = {"true", "yes", "on"}
_PLAIN_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
# characters YAML does not allow in a stream (YAML 1.1 "printable" complement)
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def max_file_bytes() -> int:
    value = os.environ.get("LIANXI_MAX_FILE_MB")
    if value:
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            pass
    return DEFAULT_MAX_BYTES


@dataclass
class Document:
    """A parsed YAML file: its values and where each one stands."""

    path: Path
    display: str  # the file name as shown in messages
    text: str
    data: Any
    value_locs: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_locs: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: tuple) -> tuple[int | None, int | None]:
        """Best location for a field path: the key, else the value, else the nearest parent."""
        path = tuple(path)
        while True:
            if path and isinstance(path[-1], str) and path in self.key_locs:
                return self.key_locs[path]
            if path in self.value_locs:
                return self.value_locs[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, message: str, path: tuple = (), *, rule: str | None = None,
                severity: str = "error") -> Problem:
        line, column = self.locate(path)
        return Problem(message, file=self.display, line=line, column=column,
                       field=format_path(path) or None, rule=rule, severity=severity)


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


def read_text(path: Path, display: str, collector: Collector) -> str | None:
    """Read a file as UTF-8, reporting size, encoding and emptiness problems."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        collector.error(f"无法读取文件：{exc.strerror or exc}", file=display)
        return None
    limit = max_file_bytes()
    if size > limit:
        collector.error(
            f"文件过大（{_size(size)}，上限 {_size(limit)}），拒绝读取；"
            "如确需处理更大的文件，请设置环境变量 LIANXI_MAX_FILE_MB",
            file=display, rule="size-limit")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        collector.error(f"无法读取文件：{exc.strerror or exc}", file=display)
        return None
    return decode(raw, display, collector)


def _size(n: int) -> str:
    if n >= 1048576:
        mb = n / 1048576
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{n / 1024:.1f} KB"


def decode(raw: bytes, display: str, collector: Collector) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "；文件看起来是 GBK/GB18030 编码，请在编辑器中另存为 UTF-8"
        except UnicodeDecodeError:
            pass
        collector.error(f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）{hint}",
                        file=display, line=line, column=column, rule="encoding")
        return None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        collector.error("文件为空（没有任何数据）", file=display, line=1, column=1, rule="empty")
        return None
    return text


_SYNTAX_MESSAGES = [
    ("exceeded maximum nesting depth", f"嵌套层次过深（超过 {MAX_DEPTH} 层），拒绝读取；数据文件不需要这么多层，请检查括号或缩进"),
    ("cannot start any token", "此处有不能作为开头的字符（常见原因：用了制表符 Tab 缩进，或值以 @ ` 等开头而未加引号）"),
    ("mapping values are not allowed here", "此处不能出现“:”——值中含有冒号时请给整个值加引号，或检查缩进"),
    ("could not find expected ':'", "缺少“:”——每一项应写成“键: 值”"),
    ("expected <block end>", "缩进不一致——同一层级的项目必须对齐"),
    ("did not find expected key", "缩进不一致或缺少“键:”——同一层级的项目必须对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致——同一列表的“- ”必须对齐"),
    ("found unexpected end of stream", "文件意外结束——可能有引号或括号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点"),
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
    return f"YAML 语法错误（{problem or exc}）"


def parse_text(text: str, path: Path, display: str, collector: Collector) -> Document | None:
    """Parse YAML text; record problems in ``collector``; None when unusable."""
    errors_before = len(collector.errors)
    for lineno, line in enumerate(text.splitlines(), 1):
        col = line.find("\t")
        if col >= 0:
            collector.error("含有制表符（Tab）——YAML 中请只用空格", file=display,
                            line=lineno, column=col + 1, rule="tab")
    if not _shape_ok(text, display, collector):
        return None
    try:
        with gc_paused():
            node = yaml.compose(text, Loader=_Loader)
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
    except yaml.YAMLError as exc:
        collector.error(f"YAML 语法错误（{exc}）", file=display, rule="syntax")
        return None
    except UnicodeEncodeError as exc:
        line, column = _position(text, exc.start)
        collector.error("含有无法编码为 UTF-8 的字符（孤立的代理字符），请删除", file=display,
                        line=line, column=column, rule="encoding")
        return None
    if node is None:
        collector.error("文件为空（没有任何数据）", file=display, line=1, column=1, rule="empty")
        return None
    doc = Document(path=path, display=display, text=text, data=None)
    with gc_paused():
        doc.data = _Builder(doc, collector).build(node, ())
    return doc


def _position(text: str, index: int | None) -> tuple[int | None, int | None]:
    """1-based line and column of a character index."""
    if index is None or index < 0:
        return None, None
    index = min(index, len(text))
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _shape_ok(text: str, display: str, collector: Collector) -> bool:
    """Refuse over-long lines and over-deep nesting before libyaml sees them."""
    if len(text) > MAX_LINE_CHARS:
        long_line = _LONG_LINE.search(text)
        if long_line:
            lineno = text.count("\n", 0, long_line.start()) + 1
            end = text.find("\n", long_line.start())
            length = (len(text) if end < 0 else end) - long_line.start()
            collector.error(f"第 {lineno} 行过长（{length} 个字符，上限 {MAX_LINE_CHARS}），拒绝读取；"
                            "请检查文件是否损坏，长段文字请分行书写", file=display, line=lineno,
                            column=MAX_LINE_CHARS + 1, rule="size-limit")
            return False
    if _depth_bound(text) <= _COMPOSE_SAFE_BOUND:
        return True
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    collector.error(_too_deep(), file=display, line=mark.line + 1,
                                    column=mark.column + 1, rule="size-limit")
                    return False
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # compose reports syntax errors with a located, translated message
    return True


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth: every level needs a bracket, an indent or a dash."""
    bound = text.count("[") + text.count("{")
    if bound > _COMPOSE_SAFE_BOUND:
        return bound
    indent = re.search(r"^[ ]{%d,}" % (_COMPOSE_SAFE_BOUND // 4), text, re.M)
    chain = re.search(r"(?:[-?:][ ]+){%d}" % (_COMPOSE_SAFE_BOUND // 4), text)
    return bound + (_COMPOSE_SAFE_BOUND + 1 if indent or chain else 0)


def _too_deep() -> str:
    return f"嵌套层次过深（超过 {MAX_DEPTH} 层），拒绝读取；数据文件不需要这么多层，请检查括号或缩进"


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


class _Builder:
    def __init__(self, doc: Document, collector: Collector) -> None:
        self.doc = doc
        self.collector = collector
        self.seen: set[int] = set()
        self.too_deep = False

    def _err(self, node, message: str, rule: str, path: tuple) -> None:
        self.collector.error(message, file=self.doc.display, line=node.start_mark.line + 1,
                             column=node.start_mark.column + 1, rule=rule,
                             field=format_path(path) or None)

    def build(self, node, path: tuple) -> Any:
        doc = self.doc
        mark = node.start_mark
        doc.value_locs[path] = (mark.line + 1, mark.column + 1)
        if len(path) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            if not self.too_deep:
                self.too_deep = True
                self._err(node, _too_deep(), "size-limit", path[:4])
            return None
        if id(node) in self.seen:  # an alias (*name) brings back a node already built
            self._err(node, "不支持锚点与引用（& 和 *）——请直接写出内容", "alias", path)
            return None
        self.seen.add(id(node))
        tag = node.tag or ""
        if isinstance(node, yaml.MappingNode):
            if tag != _TAG + "map":
                self._err(node, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）", "tag", path)
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._err(key_node, "键必须是简单文字", "syntax", path)
                    continue
                if key_node.tag == _TAG + "merge":
                    self._err(key_node, "不支持合并键（<<），请直接写出内容", "alias", path)
                    continue
                key = key_node.value
                kpath = path + (key,)
                kmark = key_node.start_mark
                if key in result:
                    first = doc.key_locs.get(kpath)
                    where = f"（第一次出现在第 {first[0]} 行）" if first else ""
                    self._err(key_node, f"重复的键“{key}”{where}——YAML 会静默保留后一个，请删去其中一个",
                              "duplicate-key", kpath)
                    continue
                doc.key_locs[kpath] = (kmark.line + 1, kmark.column + 1)
                result[key] = self.build(value_node, kpath)
            return result
        if isinstance(node, yaml.SequenceNode):
            if tag != _TAG + "seq":
                self._err(node, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）", "tag", path)
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: tuple) -> Any:
        tag = node.tag or ""
        text = node.value
        if not tag.startswith(_TAG):
            self._err(node, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）", "tag", path)
            return text
        kind = tag[len(_TAG):]
        if kind == "str":
            return text
        if kind == "null":
            return None
        if kind == "bool":
            low = text.lower()
            if low not in ("true", "false"):
                self._err(node, f"未加引号的 {text} 会被 YAML 读作布尔值 {low in _BOOL_TRUE}；"
                          f"如是文字请加引号（\"{text}\"），如是开关请写 true 或 false",
                          "yaml11", path)
            return low in _BOOL_TRUE
        if kind == "int":
            try:
                value = _yaml_int(text)
            except ValueError:
                self._err(node, f"无法识别的整数 {text[:40]}（数字过长或格式不对）；如是文字请加引号",
                          "number", path)
                return text
            if not _PLAIN_DECIMAL.match(text):
                self._err(node, f"未加引号的 {text} 会被 YAML 读作整数 {value}；"
                          f"如是号码、时间或编号，请加引号写成 \"{text}\"", "yaml11", path)
            return value
        if kind == "float":
            if ":" in text:
                self._err(node, f"未加引号的 {text} 会被 YAML 按六十进制读成数字；请加引号写成 \"{text}\"",
                          "yaml11", path)
            try:
                return _yaml_float(text)
            except ValueError:
                self._err(node, f"无法识别的数字 {text[:40]}；如是文字请加引号", "number", path)
                return text
        if kind == "timestamp":
            m = _DATE_RE.match(text)
            if m:
                try:
                    return _dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    self._err(node, f"日期 {text} 不存在", "date", path)
                    return text
            try:
                return yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
            except Exception:  # noqa: BLE001 - reported below
                self._err(node, f"无法识别的日期时间 {text}", "date", path)
                return text
        if kind in ("binary", "omap", "pairs", "set", "merge", "value", "yaml"):
            self._err(node, f"不支持的 YAML 标签 !!{kind}", "tag", path)
            return text
        self._err(node, f"不支持的 YAML 标签 {_show_tag(tag)}（数据文件中不能构造程序对象）", "tag", path)
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
