"""The event-stream YAML builder: values, lazy locations and hazards on small documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lianxi import yamldoc
from lianxi.errors import Collector


def _parse(text: str):
    collector = Collector()
    doc = yamldoc.parse_text(text, Path("t.yaml"), "t.yaml", collector)
    return doc, [str(p) for p in collector.errors]


def test_values_and_lazy_locations():
    doc, errors = _parse("a:\n  - {x: 1, y: 2026-01-02}\n  - [b, 'c']\nd: unknown\n")
    assert errors == []
    assert doc.data == {"a": [{"x": 1, "y": dt.date(2026, 1, 2)}, ["b", "c"]], "d": "unknown"}
    assert doc._locs is None  # nothing recorded until a location is asked for
    assert doc.value_locs[("a", 0, "y")] == (2, 15)
    assert doc.key_locs[("a", 0, "y")] == (2, 12)
    assert doc.value_locs[("a", 1, 1)] == (3, 9)
    assert doc.locate(("d",)) == (4, 1)
    assert doc.locate(("a", 5, "zz")) == (1, 1)  # nearest known parent: the key a


def test_duplicate_key_names_first_line_even_inside_nested_maps():
    doc, errors = _parse("a:\n  b: 1\n  c: 2\n  b: {x: 1}\nz: 0\n")
    assert errors == ["t.yaml:4:3: a.b: 重复的键“b”（第一次出现在第 2 行）——YAML 会静默保留后一个，请删去其中一个"]
    assert doc.data == {"a": {"b": 1, "c": 2}, "z": 0}


def test_refused_keys_skip_their_values():
    doc, errors = _parse("? [a, b]\n: {deep: [1, 2]}\n<<: {m: 1}\nok: 1\n")
    assert doc.data == {"ok": 1}
    assert [e.split(": ", 1)[1] for e in errors] == ["键必须是简单文字", "不支持合并键（<<），请直接写出内容"]


@pytest.mark.parametrize("text, message", [
    ("x: *nope\n", "引用了未定义的锚点"),
    ("--- 1\n--- 2\n", "一个文件只能有一个文档"),
    ("[" * 1100 + "]" * 1100 + "\n", "嵌套层次过深（超过 64 层）"),
    ("[" * 65 + "]" * 65 + "\n", "嵌套层次过深（超过 64 层）"),
])
def test_stream_level_errors(text, message):
    doc, errors = _parse(text)
    assert doc is None
    assert len(errors) == 1 and message in errors[0]


def test_alias_is_reported_where_it_is_used():
    _, errors = _parse("x: &r 1\ny: *r\n")
    assert errors == ["t.yaml:2:4: y: 不支持锚点与引用（& 和 *）——请直接写出内容"]


def test_pure_python_parser_gives_the_same_result(monkeypatch):
    import yaml

    text = "a: [1, 0571, yes, '09:30', 2026-02-30]\nb: {c: d}\n"
    fast = _parse(text)
    monkeypatch.setattr(yamldoc, "_Loader", yaml.SafeLoader)
    slow = _parse(text)
    assert fast[1] == slow[1] and fast[0].data == slow[0].data
    assert fast[0].value_locs == slow[0].value_locs
