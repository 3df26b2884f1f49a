"""lianxi.textcn: the Chinese-text helpers every document, check and table shares."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from lianxi import textcn
from lianxi.textcn import (
    break_title, cn_date, cn_numeral, cn_weekday, display_width, em_width, full_stop, parse_cn_numeral,
    pending, placeholders, split_placeholders,
)

# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("day, text", [
    (dt.date(2027, 3, 5), "2027年3月5日"),
    (dt.date(2027, 1, 1), "2027年1月1日"),
    (dt.date(2026, 12, 31), "2026年12月31日"),
    (dt.date(2028, 2, 29), "2028年2月29日"),
    (dt.date(2027, 10, 10), "2027年10月10日"),
])
def test_cn_date_has_no_leading_zeros(day, text):
    assert cn_date(day) == text


def test_cn_date_across_month_and_year():
    """The day before a new month and a new year, one day apart, each in full."""
    last = dt.date(2026, 12, 31)
    assert [cn_date(last + dt.timedelta(days=k)) for k in range(2)] == ["2026年12月31日", "2027年1月1日"]
    end_of_february = dt.date(2027, 2, 28)
    assert cn_date(end_of_february + dt.timedelta(days=1)) == "2027年3月1日"
    assert cn_date(dt.date(2028, 2, 28) + dt.timedelta(days=1)) == "2028年2月29日"  # leap year


def test_cn_date_without_year_and_with_weekday():
    assert cn_date(dt.date(2027, 3, 5), year=False) == "3月5日"
    assert cn_date(dt.date(2027, 3, 5), weekday=True) == "2027年3月5日（星期五）"
    assert cn_date(dt.date(2027, 3, 7), year=False, weekday=True) == "3月7日（星期日）"


def test_cn_weekday_whole_week():
    monday = dt.date(2027, 3, 1)
    assert [cn_weekday(monday + dt.timedelta(days=k)) for k in range(7)] == [
        "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


# ---------------------------------------------------------------- numerals

ONES = "零一二三四五六七八九"


def _expected(n: int) -> str:
    """0–99 written out independently of the implementation."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return ONES[ones]
    return ("" if tens == 1 else ONES[tens]) + "十" + ("" if ones == 0 else ONES[ones])


@pytest.mark.parametrize("n", range(100))
def test_cn_numeral_0_to_99(n):
    assert cn_numeral(n) == _expected(n)
    assert parse_cn_numeral(cn_numeral(n)) == n  # and back


def test_cn_numeral_samples_and_hundreds():
    assert [cn_numeral(n) for n in (0, 1, 9, 10, 11, 19, 20, 21, 30, 99)] == [
        "零", "一", "九", "十", "十一", "十九", "二十", "二十一", "三十", "九十九"]
    assert [cn_numeral(n) for n in (100, 102, 110, 115, 230, 999)] == [
        "一百", "一百零二", "一百一十", "一百一十五", "二百三十", "九百九十九"]
    for n in (100, 102, 110, 115, 230, 999):
        assert parse_cn_numeral(cn_numeral(n)) == n
    with pytest.raises(ValueError):
        cn_numeral(1000)
    with pytest.raises(ValueError):
        cn_numeral(-1)


def test_numeral_forms_used_in_documents():
    assert [f"{cn_numeral(i)}、" for i in range(1, 4)] == ["一、", "二、", "三、"]  # minutes matters
    assert [f"（{cn_numeral(i)}）" for i in (1, 10, 11)] == ["（一）", "（十）", "（十一）"]  # agenda, annual
    assert f"第{cn_numeral(12)}次" == "第十二次"
    assert f"第{cn_numeral(20)}期" == "第二十期"


@pytest.mark.parametrize("text, value", [
    ("20", 20), ("二十", 20), ("十八", 18), ("一百零二", 102), ("二〇一一", 2011), ("二○二六", 2026),
    ("两", 2), ("十", 10), (" 三 ", 3), ("", None), ("三个", None), ("abc", None),
])
def test_parse_cn_numeral(text, value):
    assert parse_cn_numeral(text) == value


# ---------------------------------------------------------------- full stop


@pytest.mark.parametrize("text, out", [
    ("会议议定", "会议议定。"),
    ("  会议议定 ", "会议议定。"),
    ("会议议定。", "会议议定。"),
    ("请准时参会！", "请准时参会！"),
    ("是否可行？", "是否可行？"),
    ("其余单位由联络员参会；", "其余单位由联络员参会；"),
    ("现将有关事项通知如下：", "现将有关事项通知如下："),
    ("Note.", "Note.。"),  # only Chinese punctuation ends a sentence in a document
    ("", "。"),
])
def test_full_stop(text, out):
    assert full_stop(text) == out


def test_full_stop_does_not_double():
    assert full_stop(full_stop("会议议定")) == "会议议定。"


# ---------------------------------------------------------------- titles

NOTICE = "关于召开泉港区婴幼儿照护服务工作联席会议全体会议的通知"
TOPIC = "关于召开泉港区婴幼儿照护服务工作联席会议托育机构消防安全专题会议的通知"


def test_break_title_short_stays_one_line():
    assert break_title("关于召开联络员会议的通知") == ["关于召开联络员会议的通知"]
    assert break_title("关于召开联络员会议的通知", 20, balanced=True) == ["关于召开联络员会议的通知"]


def test_break_title_notice_breaks_after_a_word():
    """The Markdown notice titles (golden files): two lines, the break after 工作."""
    assert break_title(NOTICE) == ["关于召开泉港区婴幼儿照护服务工作", "联席会议全体会议的通知"]
    assert break_title(TOPIC) == ["关于召开泉港区婴幼儿照护服务工作", "联席会议托育机构消防安全专题会议的通知"]
    assert break_title("泉港区婴幼儿照护服务工作联席会议全体会议参会回执") == [
        "泉港区婴幼儿照护服务工作", "联席会议全体会议参会回执"]


def test_break_title_never_starts_a_line_with_closing_punctuation():
    title = "关于召开" + "甲" * 14 + "，乙" + "丙" * 12 + "的通知"
    for balanced in (False, True):
        lines = break_title(title, 20, balanced=balanced)
        assert "".join(lines) == title
        assert all(line[0] not in "，。、；：）" for line in lines)


def test_break_title_balanced():
    """The Word writer's titles: lines of similar width, never inside 《》, any number of lines."""
    lines = break_title("关于印发《婴幼儿照护服务工作联席会议制度》的通知", 20, balanced=True)
    assert len(lines) == 2 and lines[0].count("《") == lines[0].count("》")
    long = "关于召开" + "泉港区婴幼儿照护服务工作联席会议" * 3 + "的通知"
    lines = break_title(long, 20, balanced=True)
    assert "".join(lines) == long and len(lines) == 3 and all(em_width(line) <= 20 for line in lines)
    assert all(line.endswith(("会议", "的通知")) for line in lines)  # whole words before evenness
    # ASCII counts half: 40 Latin letters fit a 20-em line
    assert break_title("a" * 40, 20, balanced=True) == ["a" * 40]


def test_break_title_keeps_every_character():
    for title in (NOTICE, TOPIC, "很" * 61):
        for balanced in (False, True):
            lines = break_title(title, 20, balanced=balanced)
            assert "".join(lines) == title
            assert all(len(line) <= 21 for line in lines)


# ---------------------------------------------------------------- placeholders


def test_placeholders_round_trip():
    labels = ["会议时间", "会议地点", "区卫健局出席人员姓名"]
    text = "定于" + pending(labels[0]) + "在" + pending(labels[1]) + "召开。\n出席：" + pending(labels[2])
    assert pending("会议时间") == "〔待定：会议时间〕"
    assert placeholders(text) == labels
    assert placeholders(text + pending("会议时间")) == labels  # no repeats
    assert placeholders("没有待定内容。") == []
    assert all(textcn.PLACEHOLDER.fullmatch(pending(label)) for label in labels)


def test_placeholders_read_what_a_hand_edited_draft_may_hold():
    assert placeholders("〔待定:联系人〕") == ["联系人"]  # half-width colon
    assert placeholders("〔待定：〕") == ["〔待定：〕"]  # an empty label still counts
    assert placeholders("〔待定：半个\n〕") == []  # never across lines
    assert placeholders("〔印发时编号〕") == []


def test_split_placeholders():
    text = "时间：" + pending("会议时间") + "，地点：" + pending("会议地点")
    pieces = split_placeholders(text)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, is_placeholder in pieces if is_placeholder] == ["〔待定：会议时间〕", "〔待定：会议地点〕"]
    assert split_placeholders(pending("x")) == [("〔待定：x〕", True)]
    assert split_placeholders("") == []
    assert split_placeholders("正文") == [("正文", False)]


# ---------------------------------------------------------------- display width


@pytest.mark.parametrize("text, terminal, font", [
    ("", 0, 0),
    ("abc", 3, 3),
    ("公安", 4, 4),
    ("区卫健局 2027", 13, 13),
    ("ＡＢ１", 6, 6),          # full-width forms
    ("“通知”", 6, 8),          # curly quotes: ambiguous — narrow on a terminal, full width in a Chinese font
    ("①—…", 3, 6),
    ("·×°", 3, 3),             # below U+2000: half width in both
    ("ｱｲ", 2, 4),               # half-width katakana: narrow on a terminal
])
def test_display_width_of_mixed_text(text, terminal, font):
    assert display_width(text) == terminal
    assert display_width(text, cjk_font=True) == font
    assert em_width(text) == font / 2


def test_em_width_is_exact_halves():
    assert em_width("关于召开2027年会议") == 4 + 2 + 3
    assert isinstance(em_width("a"), float)


# ---------------------------------------------------------------- the module itself


def test_imports_only_the_standard_library():
    code = ("import sys; before = set(sys.modules); import lianxi.textcn; "
            "new = sorted(m for m in set(sys.modules) - before if m.split('.')[0] not in sys.stdlib_module_names); "
            "print(new)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['lianxi', 'lianxi.textcn']"
