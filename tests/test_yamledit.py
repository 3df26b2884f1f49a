"""Text-preserving YAML edits: only the spliced part changes, in the style of its neighbours."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from lianxi.errors import Collector
from lianxi.yamldoc import _CONTROL_IN_VALUE, parse_text
from lianxi.yamlwrite import append_mapping_item, scalar, set_key

D = dt.date(2027, 3, 1)


def load(text: str):
    return yaml.safe_load(text)


def test_flow_items_get_end_and_a_flow_successor():
    text = "seat:\n  holders:\n    - {name: 甲, post: 局长, start: unknown}  # 通知所载\nnext: 1\n"
    out = set_key(text, ("seat", "holders", 0), "end", dt.date(2027, 2, 28))
    out = append_mapping_item(out, ("seat",), "holders", {"name": "乙", "post": "局长", "start": D})
    assert out == ("seat:\n  holders:\n"
                   "    - {name: 甲, post: 局长, start: unknown, end: 2027-02-28}  # 通知所载\n"
                   "    - {name: 乙, post: 局长, start: 2027-03-01}\nnext: 1\n")


def test_block_items_keep_comments_quotes_and_blank_lines():
    text = ("seat:\n"
            "  holders:   # 历任\n"
            "    -   name: \"甲\"   # 引号保留\n"
            "        post: '局长'\n"
            "        start: unknown\n"
            "\n"
            "  # 席位之后的注释\n"
            "other: x\n")
    out = set_key(text, ("seat", "holders", 0), "end", dt.date(2027, 2, 28))
    out = append_mapping_item(out, ("seat",), "holders",
                              {"name": "乙", "post": "局长", "start": D, "phone": "0595-1234567"},
                              quote=["phone"])
    assert out == ("seat:\n"
                   "  holders:   # 历任\n"
                   "    -   name: \"甲\"   # 引号保留\n"
                   "        post: '局长'\n"
                   "        start: unknown\n"
                   "        end: 2027-02-28\n"
                   "    -   name: 乙\n"
                   "        post: 局长\n"
                   "        start: 2027-03-01\n"
                   "        phone: \"0595-1234567\"\n"
                   "\n"
                   "  # 席位之后的注释\n"
                   "other: x\n")
    assert load(out)["seat"]["holders"][1]["phone"] == "0595-1234567"


def test_empty_flow_list_under_block_mapping_becomes_a_block_list():
    text = "seat:\n  id: x\n  holders: []\nnext: 1\n"
    out = append_mapping_item(text, ("seat",), "holders", {"name": "甲", "post": "主任"})
    assert out == "seat:\n  id: x\n  holders:\n    - {name: 甲, post: 主任}\nnext: 1\n"


def test_one_line_flow_record_stays_one_line():
    text = "seats:\n  - {id: a, holders: []}  # 待报送\n  - {id: b, holders: []}\n"
    out = append_mapping_item(text, ("seats", 0), "holders", {"name": "甲", "phone": "13912345678"},
                              quote=["phone"])
    assert out == ('seats:\n  - {id: a, holders: [{name: 甲, phone: "13912345678"}]}  # 待报送\n'
                   "  - {id: b, holders: []}\n")
    out = append_mapping_item(out, ("seats", 0), "holders", {"name": "乙"})
    assert load(out)["seats"][0]["holders"] == [{"name": "甲", "phone": "13912345678"}, {"name": "乙"}]


def test_missing_or_null_list_is_created():
    assert append_mapping_item("s:\n  id: x\n", ("s",), "holders", {"name": "甲"}) == \
        "s:\n  id: x\n  holders:\n    - {name: 甲}\n"
    assert append_mapping_item("s: {id: x}\n", ("s",), "holders", {"name": "甲"}) == \
        "s: {id: x, holders: [{name: 甲}]}\n"
    out = append_mapping_item("s:\n  holders:\n  # c\nt: 1\n", ("s",), "holders", {"name": "甲"})
    assert load(out) == {"s": {"holders": [{"name": "甲"}]}, "t": 1}
    assert "# c" in out


def test_insert_after_block_scalar_and_without_final_newline():
    text = "s:\n  note: |\n    一\n    二\n  holders:\n    - name: 甲"
    out = set_key(text, ("s", "holders", 0), "end", dt.date(2027, 1, 1))
    assert load(out)["s"]["holders"][0]["end"] == dt.date(2027, 1, 1)
    out = append_mapping_item(text, ("s",), "holders", {"name": "乙"})
    assert load(out)["s"]["holders"] == [{"name": "甲"}, {"name": "乙"}]
    assert load(out)["s"]["note"] == "一\n二\n"


def test_set_key_replaces_an_existing_scalar_only():
    text = "h: {name: 甲, phone: \"0595-1111111\"}  # 电话\n"
    out = set_key(text, ("h",), "phone", "13912345678", quote=True)
    assert out == "h: {name: 甲, phone: \"13912345678\"}  # 电话\n"


@pytest.mark.parametrize("value", ["0571", "yes", "no", "on", "09:30", "1:30", "null", "~", "true", "1e3",
                                   "2027-01-01", "- 甲", "a: b", "甲 #乙", "[甲]", "甲,乙", "'甲'", "@甲",
                                   " 甲", "甲\n乙", "unknown"])
def test_scalars_read_back_as_the_same_string(value):
    for flow in (True, False):
        text = f"k: {scalar(value)}\n" if not flow else f"k: [{scalar(value)}]\n"
        collector = Collector()
        doc = parse_text(text, None, "t.yaml", collector)
        assert not collector.errors, (value, text, collector.errors)
        got = doc.data["k"] if not flow else doc.data["k"][0]
        assert got == value and isinstance(got, str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20))
def test_any_string_round_trips(value):
    for flow in (True, False):
        rendered = scalar(value)
        text = f"k: [{rendered}, x]\n" if flow else f"k: {rendered}\n"
        collector = Collector()
        doc = parse_text(text, None, "t.yaml", collector)
        if _CONTROL_IN_VALUE.search(value):  # written faithfully (escaped), refused when read back
            assert [p.rule for p in collector.errors] == ["control-char"], (value, text, collector.errors)
            continue
        assert not collector.errors, (value, text, collector.errors)
        got = doc.data["k"][0] if flow else doc.data["k"]
        assert got == value
