"""Chinese-text helpers shared by the documents, the checks and the command line.

One implementation each of: dates as documents write them (2027年3月5日, 星期五), Chinese
numerals (一、 （二） 第十二次, and reading them back), the full stop at the end of a
sentence, breaking a long title into lines, the placeholder 〔待定：…〕, and the display width
of mixed Chinese and Latin text.

Standard library only, and cheap to import: the renderers, the importer and the CLI table
all use it, so it must not pull anything onto a query's fast path. (Name normalisation for
matching lives with the matcher, :func:`lianxi.query.norm`; pinyin keys in :mod:`lianxi.pinyin`.)
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Optional

# ---------------------------------------------------------------- dates

WEEKDAYS = "一二三四五六日"


def cn_weekday(day: dt.date) -> str:
    """星期一 … 星期日."""
    return "星期" + WEEKDAYS[day.weekday()]


def cn_date(day: dt.date, *, year: bool = True, weekday: bool = False) -> str:
    """2027年3月5日 (no leading zeros); ``year=False``: 3月5日; ``weekday=True``: 2027年3月5日（星期五）."""
    text = f"{day.month}月{day.day}日"
    if year:
        text = f"{day.year}年{text}"
    if weekday:
        text += f"（{cn_weekday(day)}）"
    return text


# ---------------------------------------------------------------- numerals

DIGITS = "零一二三四五六七八九"
# reading numerals back: the digits plus the forms notices are written with (二〇一一, 两)
_DIGIT_VALUES = {**{ch: i for i, ch in enumerate(DIGITS)},
                 "〇": 0, "○": 0, "O": 0, "o": 0, "Ｏ": 0, "两": 2}


def cn_numeral(n: int) -> str:
    """0–999 as documents count: 零 一 … 十 十一 … 二十 … 九十九 一百 一百零二 一百一十.

    Headings are built from it: ``f"{cn_numeral(2)}、"`` → 二、, ``f"（{cn_numeral(3)}）"`` → （三）,
    ``f"第{cn_numeral(12)}次"`` → 第十二次.
    """
    if not 0 <= n < 1000:
        raise ValueError(f"cn_numeral: {n} is outside 0–999")
    if n < 10:
        return DIGITS[n]
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        tens, ones = divmod(n, 10)
        return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")
    text = DIGITS[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + DIGITS[rest]
    tens, ones = divmod(rest, 10)
    return text + DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")


def parse_cn_numeral(text: str) -> Optional[int]:
    """'20' / '二十' / '十八' / '一百零二' / '二〇一一' (digit by digit) → int; None if it is not a number."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _DIGIT_VALUES for ch in text) and len(text) >= 3:  # 二〇一一
        return int("".join(str(_DIGIT_VALUES[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGIT_VALUES:
            current = _DIGIT_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# ---------------------------------------------------------------- sentences

SENTENCE_ENDS = ("。", "！", "？", "；", "：")


def full_stop(text: str) -> str:
    """``text`` stripped, ending in 。 unless it already ends a sentence (。！？；：)."""
    text = text.strip()
    return text if text.endswith(SENTENCE_ENDS) else text + "。"


# ---------------------------------------------------------------- placeholders

# 〔待定：会议时间〕 — a particular still missing. A half-width colon is accepted when reading
# (a hand-edited draft), never written.
PLACEHOLDER = re.compile(r"〔待定[：:]([^〕\n]*)〕")


def pending(label: str) -> str:
    """The placeholder for a missing particular: pending("会议地点") → 〔待定：会议地点〕."""
    return f"〔待定：{label}〕"


def placeholders(text: str) -> list[str]:
    """The labels of every placeholder in ``text``, in order, without repeats (the whole
    placeholder where its label is empty)."""
    return list(dict.fromkeys(m.group(1) or m.group(0) for m in PLACEHOLDER.finditer(text)))


def split_placeholders(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_placeholder), in order, without empty pieces."""
    out: list[tuple[str, bool]] = []
    at = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > at:
            out.append((text[at:match.start()], False))
        out.append((match.group(0), True))
        at = match.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


# ---------------------------------------------------------------- display width


def display_width(text: str, *, cjk_font: bool = False) -> int:
    """Width in half-width cells: a Chinese character 2, an ASCII letter 1.

    For a terminal (default) a character is wide when Unicode says so (East Asian Width W or
    F). ``cjk_font=True`` measures as a Chinese font sets the text in a document: everything
    from U+2000 on — also the “ambiguous” ones such as “”…—①, which such fonts set full width —
    takes 2 cells, everything below 1.
    """
    if cjk_font:
        return sum(1 if ord(ch) < 0x2000 else 2 for ch in text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def em_width(text: str) -> float:
    """Width in em as a Chinese font sets it in a document: Chinese and full-width 1, ASCII ½."""
    return display_width(text, cjk_font=True) / 2


# ---------------------------------------------------------------- titles

TITLE_WIDTH = 20  # characters per line of a 2号 title in a 156 mm text block

# the Markdown notice titles: break after these words
_WORDS_BREAK_AFTER = ("关于召开", "工作", "联席会议", "专题会议", "会议")
# the Word writer's balanced titles: (text before the break ends with, text after begins with)
_GOOD_BREAK_AFTER = ("关于", "会议", "召开", "、", "》", "）", "和", "及", "暨")
_GOOD_BREAK_BEFORE = ("的通知", "的纪要", "的报告", "的意见", "的", "工作")
_NO_BREAK_INSIDE = ("《》", "（）", "〔〕")


def break_title(title: str, width: float = TITLE_WIDTH, *, balanced: bool = False) -> list[str]:
    """A long document title broken into lines (GB/T 9704-2012: whole words, lines of similar length).

    Two ways, kept because the documents already issued depend on each:

    * default — the Markdown notice titles (``title_lines``): ``width`` counts characters; a
      two-line break after 关于召开/工作/联席会议/会议, the lines as even as possible;
    * ``balanced=True`` — a one-paragraph title in the Word writer: ``width`` counts em
      (:func:`em_width`); any number of lines, chosen by least squared
      difference from even lengths, preferring breaks after 关于/会议/召开/、 and before 的通知,
      never inside 《》（）〔〕 nor before closing punctuation.
    """
    if balanced:
        return _break_balanced(title, width)
    return _break_at_words(title, int(width))


def _break_at_words(title: str, width: int) -> list[str]:
    if len(title) <= width:
        return [title]
    preferred = set()
    for word in _WORDS_BREAK_AFTER:
        start = title.find(word)
        while start >= 0:
            preferred.add(start + len(word))
            start = title.find(word, start + 1)
    best: tuple[float, list[str]] | None = None
    n = -(-len(title) // width)
    for lines_count in (n, n + 1):
        if lines_count == 2:
            cuts = sorted(c for c in preferred if 0 < c < len(title)) or range(1, len(title))
            for cut in cuts:
                lines = [title[:cut], title[cut:]]
                if max(map(len, lines)) > width or lines[1][0] in "，。、；：）":
                    continue
                score = max(map(len, lines)) - min(map(len, lines)) + (0 if cut in preferred else 4)
                if best is None or score < best[0]:
                    best = (score, lines)
        if best:
            return best[1]
        if lines_count > 2:
            size = -(-len(title) // lines_count)
            return [title[i:i + size] for i in range(0, len(title), size)]
    size = -(-len(title) // n)
    return [title[i:i + size] for i in range(0, len(title), size)]


def _break_balanced(text: str, max_chars: float) -> list[str]:
    width = em_width(text)
    if width <= max_chars or len(text) < 4:
        return [text]
    count = math.ceil(width / max_chars)
    n = len(text)

    def penalty(i: int) -> float:  # breaking before text[i]
        before, after = text[:i], text[i:]
        for opening, closing in _NO_BREAK_INSIDE:
            if before.count(opening) > before.count(closing):
                return 100.0
        if after[0] in "，。、：；）》〕":
            return 100.0
        if before[-1].isascii() and after[0].isascii() and before[-1].isalnum() and after[0].isalnum():
            return 100.0
        if any(before.endswith(w) for w in _GOOD_BREAK_AFTER):
            return 0.0
        if any(after.startswith(w) for w in _GOOD_BREAK_BEFORE):
            return 0.5
        return 3.0

    target = width / count
    best: dict[tuple[int, int], tuple[float, list[int]]] = {}

    def solve(start: int, lines_left: int) -> tuple[float, list[int]]:
        key = (start, lines_left)
        if key in best:
            return best[key]
        rest = em_width(text[start:])
        if lines_left == 1:
            result = (abs(rest - target) ** 2 + (1000.0 if rest > max_chars else 0.0), [])
        else:
            result = (math.inf, [])
            for i in range(start + 1, n):
                line = em_width(text[start:i])
                if line > max_chars:
                    break
                sub_cost, sub_breaks = solve(i, lines_left - 1)
                cost = abs(line - target) ** 2 + penalty(i) * 4 + sub_cost
                if cost < result[0]:
                    result = (cost, [i] + sub_breaks)
        best[key] = result
        return result

    _, breaks = solve(0, count)
    if not breaks and count > 1:
        return [text]
    cuts = [0] + breaks + [n]
    # a space at a break ("…联席会议 组成人员（截至 …）") belongs to neither line: a centred line starting
    # or ending with one sits half a character off centre
    return [line for a, b in zip(cuts, cuts[1:]) if (line := text[a:b].strip())]
