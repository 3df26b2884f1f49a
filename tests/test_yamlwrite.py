"""The one YAML writer: a single scalar rule, and every writer path uses it.

``scalar`` decides how a value is written (plain or double-quoted); the list-file append,
the succession edits of members.yaml, the whole-file dump of meeting files and registers,
and the importer all go through it, so the same value comes out the same everywhere and
reads back, with lianxi's own reader, as exactly the value written.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from lianxi.errors import Collector
from lianxi.importer.skeleton import skeleton
from lianxi.yamldoc import parse_text
from lianxi.yamlwrite import (append_entry_text, append_mapping_item, dump_yaml, flow_list, flow_mapping,
                              insert_fields_text, needs_quotes, scalar, set_key)

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "lianxi"

# Any text but control characters other than tab (the reader refuses those however written)
# and lone surrogates (not text). The second alphabet is dense in YAML syntax.
_ANY = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t")
_SYNTAX = st.sampled_from(list("-?:,[]{}#&*!|>'\"%@`~=<.+_0123456789eExob \t\\/^$") +
                          ["yes", "no", "on", "off", "y", "n", "null", "true", "0571", "09:30", "2027-03-01",
                           ".inf", "公安", "\u00a0", "\u3000", "\u2028", "\u2029", "\ufeff", "é"])
TEXTS = st.one_of(st.text(alphabet=_ANY, max_size=24),
                  st.lists(_SYNTAX, max_size=8).map("".join))


def read(text: str):
    collector = Collector()
    doc = parse_text(text, None, "t.yaml", collector)
    assert not collector.errors, (text, [p.message for p in collector.errors])
    return doc.data


# ------------------------------------------------------------------ the rule


@pytest.mark.parametrize("value", [
    "", " 甲", "甲 ", "\u3000甲", "yes", "No", "ON", "off", "y", "N", "true", "null", "Null", "~",
    "0571", "0o17", "0x1F", "1_000", "1e3", ".5", "12", "-1", ".inf", "09:30", "1:30", "2027-03-01",
    "2027-03-01 09:30:00", "- 甲", "-甲", "? 甲", "#甲", "&a", "*a", "!a", "|", ">", "'甲'", '"甲"', "%甲",
    "@甲", "`甲", "a: b", "a:b", "http://x.cn", "甲 #乙", "甲,乙", "[甲]", "甲]", "{甲}", "甲\n乙", "甲\t乙",
    "甲\u2028乙", "甲\u0085乙", "\ufeff甲", "=", "<<", "...", "... 甲"])
def test_quoted(value):
    assert needs_quotes(value)
    assert scalar(value).startswith('"')


@pytest.mark.parametrize("value", ["公安", "区公安分局", "unknown", "2027-01", "2026-03-16-plenary/1",
                                   "0595-1234567", "甲#乙", "甲%", "甲 乙", "甲'乙", '甲"乙', "+86 甲",
                                   "已完成辖区12家托育机构治安检查", "第1期", "泉港托育联办〔2027〕1号"])
def test_plain(value):
    assert not needs_quotes(value)
    assert scalar(value) == value
    assert read(f"k: {value}\nl: [{value}]\n") == {"k": value, "l": [value]}


def test_escapes_are_the_short_ones():
    assert scalar('甲\n乙\t"丙"\\') == '"甲\\n乙\\t\\"丙\\"\\\\"'
    assert scalar("甲\u2028乙\x85") == '"甲\\L乙\\N"'
    assert scalar("\ufeff") == '"\\ufeff"'


def test_other_scalars():
    assert [scalar(v) for v in (None, True, False, 3, dt.date(2027, 3, 1))] == \
        ["null", "true", "false", "3", "2027-03-01"]
    assert scalar("13912345678", quote=True) == '"13912345678"'
    assert scalar("0595-1234567", quote=True) == '"0595-1234567"'


def test_a_comma_in_a_flow_list_stays_one_item():
    # the list-file writer used to write [甲,乙] here: two items
    assert read(f"k: {flow_list(['甲,乙', '丙'])}\n") == {"k": ["甲,乙", "丙"]}
    assert read(f"k: {flow_mapping({'a': '[x]', 'b': None})}\n") == {"k": {"a": "[x]"}}


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_any_text_reads_back_exactly(value):
    s = scalar(value)
    for text, want in [(f"k: {s}\n", {"k": value}),
                       (f"k: [{s}, {s}]\n", {"k": [value, value]}),
                       (f"k: {{{s}: {s}}}\n", {"k": {value: value}}),
                       (f"k:\n  - {s}\n  - {s}: {s}\n", {"k": [value, {value: value}]}),
                       (f"{s}: [{s}]\n", {value: [value]}),
                       (f"- {s}\n", [value])]:
        assert read(text) == want, text


# ------------------------------------------------------------------ one emitter, every path


def _paths(value: str) -> dict[str, tuple[str, str]]:
    """What each writer path wrote, and what it should have written given ``scalar(value)``."""
    s = scalar(value)
    out = {}
    base = "# 报告\nreports:\n  - unit: gongan   # 公安\n    text: x\n"
    out["list append"] = (append_entry_text(base, "reports", [("unit", "fulian"), ("text", value)]),
                          base + f"  - unit: fulian\n    text: {s}\n")
    out["list append, flow field"] = (append_entry_text("reports: []\n", "reports", [("units", [value, "a"])]),
                                      f"reports:\n  - units: [{s}, a]\n")
    doc = parse_text(base, None, "t.yaml", Collector())
    out["list insert"] = (insert_fields_text(doc, "reports", 0, [("closed", {"note": value})]),
                          base + f"    closed: {{note: {s}}}\n")
    flow = "seat:\n  holders:\n    - {name: 甲}  # 原任\n"
    out["succession, flow"] = (append_mapping_item(flow, ("seat",), "holders", {"name": value}),
                               flow + f"    - {{name: {s}}}\n")
    block = "seat:\n  holders:\n    - name: 甲\n"
    out["succession, block"] = (append_mapping_item(block, ("seat",), "holders", {"name": value, "post": value}),
                                block + f"    - name: {s}\n      post: {s}\n")
    out["succession, set"] = (set_key("h: {name: 甲, post: x}\n", ("h",), "post", value),
                              f"h: {{name: 甲, post: {s}}}\n")
    out["whole file"] = (dump_yaml({"a": value, "b": [value], "c": [{"d": value}]}),
                         f"a: {s}\nb:\n- {s}\nc:\n- d: {s}\n")
    out["importer holder"] = (flow_mapping({"name": value, "start": "unknown"}), f"{{name: {s}, start: unknown}}")
    return out


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_every_writer_path_writes_the_same_scalar(value):
    for path, (got, want) in _paths(value).items():
        assert got == want, path
        read(got)


def test_init_skeleton_name_uses_the_rule():
    for name in ("某某县联席会议", "no", "甲: 乙"):
        text = skeleton(name)["charter.yaml"]
        assert f"\nname: {scalar(name)}\n" in text
        assert read(text)["name"] == name


def test_cli_writers_use_the_rule(run, data_dir):
    """Through the commands: a report, a succession and a new meeting write the value the same way."""
    value = "甲,乙: 丙 #1"
    s = scalar(value)
    assert run("report", "add", "妇联", "--text", value, "--data", data_dir).exit_code == 0
    reports = (data_dir / "reports.yaml").read_text(encoding="utf-8")
    assert reports.endswith(f"    text: {s}\n")
    result = run("succession", "apply", "gongan", "--name", "李明", "--post", value, "--date", "2027-03-01",
                 "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert f"post: {s}" in (data_dir / "members.yaml").read_text(encoding="utf-8")
    result = run("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
                 "--place", value, "--data", data_dir)
    assert result.exit_code == 0, result.output
    meeting = (data_dir / "meetings" / "2027-03-16-liaison.yaml").read_text(encoding="utf-8")
    assert f"\nplace: {s}\n" in meeting and '\ntime: "09:00"\n' in meeting
    assert run("validate", "--data", data_dir).exit_code == 0


# ------------------------------------------------------------------ the whole-file dump


def test_dump_has_pyyaml_layout_without_folding():
    data = {"kind": "plenary", "date": dt.date(2027, 3, 1), "empty": [], "none": None, "map": {},
            "minutes": {"status": "draft", "matters": [{"title": "甲", "cooperating": ["a", "b"]}],
                        "attendance": {"present": [{"unit": "a", "name": "乙"}]}},
            "nested": [["a", "b"], {"x": 1}]}
    assert dump_yaml(data) == yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                             default_flow_style=False, indent=2, width=10 ** 6)
    long = "长" * 600 + " " + "长" * 600
    assert dump_yaml({"k": long}) == f"k: {long}\n"


def test_no_other_module_dumps_yaml():
    """yamlwrite is the only writer: nothing else calls PyYAML's dumper or emits its own quotes."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "yamlwrite.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml" \
                    and node.attr in ("dump", "safe_dump", "dump_all", "safe_dump_all", "SafeDumper", "Dumper",
                                      "emit", "serialize"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} yaml.{node.attr}")
    assert not found, found


# ------------------------------------------------------------------ local changes of a whole record


def test_local_edit_splices_only_local_changes():
    from lianxi.yamlwrite import local_edit

    text = "a: 1  # 注\nl:\n  - {x: 1}\n"
    old = {"a": 1, "l": [{"x": 1}]}
    assert local_edit(text, old, {"a": 2, "l": [{"x": 1}, {"x": 2}]}) == "a: 2  # 注\nl:\n  - {x: 1}\n  - {x: 2}\n"
    assert local_edit(text, old, {**old, "m": {"k": "是", "ks": ["x"]}}) == text + "m:\n  k: 是\n  ks:\n  - x\n"
    assert local_edit(text, old, {"l": [{"x": 1}]}) is None  # a key removed
    assert local_edit(text, old, {"a": 1, "l": [{"x": 3}]}) is None  # an item changed
    assert local_edit(text, old, {"a": 1, "l": []}) is None  # an item removed
    assert local_edit(text, old, {"a": [1], "l": [{"x": 1}]}) is None  # a scalar became a list


def test_write_meeting_falls_back_to_the_whole_file(data_dir):
    """A change that is not local (an agenda item reworded) rewrites the file in the fixed layout."""
    from lianxi.meetings import MEETING_HEADER, find_meeting, write_meeting

    record = find_meeting(data_dir, "2026-09-15-plenary")
    text = record.path.read_text(encoding="utf-8").replace("presider: convener\n", "presider: convener  # 注\n")
    record.path.write_text(text, encoding="utf-8")
    meeting = record.meeting.model_copy(update={"agenda": ["研究有关事项"] + record.meeting.agenda[1:]})
    write_meeting(data_dir, record.path, meeting, overwrite=True)
    after = record.path.read_text(encoding="utf-8")
    assert after.startswith(MEETING_HEADER) and "# 注" not in after
    assert find_meeting(data_dir, "2026-09-15-plenary").meeting == meeting
    # a local change keeps the comment
    record.path.write_text(text, encoding="utf-8")
    meeting = record.meeting.model_copy(update={"place": "区政府会议室"})
    write_meeting(data_dir, record.path, meeting, overwrite=True)
    assert record.path.read_text(encoding="utf-8") == text.replace("place: 区卫健局三楼会议室（示例）", "place: 区政府会议室")
