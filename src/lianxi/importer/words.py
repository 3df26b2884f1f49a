"""Word lists and small recognisers shared by the parser and the builder: names, posts,
units, numbers and dates as they are written in notices."""

from __future__ import annotations

import datetime as dt
import re

from ..textcn import parse_cn_numeral

HAN = r"\u3400-\u9fff"

# A unit name ends with one of these (longest first where it matters).
ORG_SUFFIXES = (
    "人民政府", "政府", "办公室", "办公厅", "委员会", "联合会", "协会", "学会", "商会", "中心", "分局", "局",
    "大队", "支队", "中队", "总队", "队", "委", "办", "会", "院", "所", "部", "社", "支行", "分行", "行",
    "公司", "联", "站", "馆", "处", "科", "台", "厅", "署", "团", "集团", "学校", "医院", "法院", "检察院",
    "街道办事处", "办事处", "街道", "协", "政协", "关工委",
)
_ORG_END = re.compile("(?:" + "|".join(sorted(map(re.escape, ORG_SUFFIXES), key=len, reverse=True)) + ")$")
_ORG_END_LONG = re.compile("(?:" + "|".join(sorted((re.escape(x) for x in ORG_SUFFIXES if len(x) > 1),
                                                    key=len, reverse=True)) + ")$")

# A post (after the unit) starts with one of these.
TITLE_STARTS = (
    "副", "常务", "党组", "党委", "党工委", "党支部", "局长", "主任", "书记", "主席", "委员", "科员", "调研员",
    "会长", "专职", "一级", "二级", "三级", "四级", "巡视员", "秘书长", "部长", "处长", "科长", "队长", "大队长",
    "行长", "经理", "总经理", "社长", "所长", "院长", "站长", "馆长", "政委", "教导员", "负责人", "分管",
    "主要负责", "同志", "干部", "专员", "常委", "助理", "理事长", "总编", "台长", "校长", "指导员", "纪检",
    "区长", "县长", "市长", "镇长", "乡长", "组长", "审判员", "检察员", "总工程师", "总会计师",
    "总", "厅长", "司长", "署长", "督学", "主委", "秘书", "统计师", "经济师", "会计师", "工程师",
)
_TITLE_START = re.compile("^(?:" + "|".join(sorted(map(re.escape, TITLE_STARTS), key=len, reverse=True)) + ")")

# A post ends with one of these.
TITLE_ENDS = (
    "长", "主任", "书记", "主席", "委员", "科员", "调研员", "会长", "巡视员", "负责人", "同志", "干部", "专员",
    "常委", "助理", "经理", "政委", "教导员", "指导员", "总编", "审判员", "检察员", "总工程师", "总会计师",
    "负责同志", "领导", "督学", "统计师", "经济师", "会计师", "工程师",
)
_TITLE_END = re.compile("(?:" + "|".join(sorted(map(re.escape, TITLE_ENDS), key=len, reverse=True)) + ")$")

_ORG_WORD = re.compile(
    "(?:政府|办公室|委员会|联合会|协会|中心|分局|局|大队|支队|公司|支行|分行|银行|报社|日报|电视台|医院|学校)"
)

_NAME = re.compile(rf"^[{HAN}](?:[{HAN}·]){{1,4}}$")

REGION_CHARS = "区县市镇乡旗州省"
# Words that begin with a region character without being a region prefix: 市场监管局 is not 市 + 场监管局.
_NOT_REGION = ("市场", "市政", "市容", "市民", "区域", "县域", "乡村", "乡镇", "镇村", "旗舰", "州府")


def region_prefix(name: str) -> str | None:
    """The one-character region prefix of a unit name (区卫健局 → 区), or None (市场监管局 → None)."""
    if len(name) > 2 and name[0] in REGION_CHARS and not name.startswith(_NOT_REGION):
        return name[0]
    return None


def is_post(text: str) -> bool:
    """Whether text reads as a post or unit rather than a person's name."""
    return bool(_TITLE_END.search(text) or _ORG_WORD.search(text) or _TITLE_START.match(text) and len(text) > 3)


def ends_like_title(text: str) -> bool:
    """Whether text ends like a post (…局长, …主任, …总督学)."""
    return bool(_TITLE_END.search(text))


def is_name(text: str) -> bool:
    """A person's name: 2–5 Han characters (· allowed), not a post or unit."""
    return bool(_NAME.match(text)) and not is_post(text) and not _ORG_END.search(text)


def looks_like_unit(text: str) -> bool:
    return bool(_ORG_END.search(text)) and len(text) >= 2


def split_post(post: str) -> tuple[str | None, str]:
    """区卫生健康局局长 → (区卫生健康局, 局长); a post without a unit → (None, post).

    The unit is the shortest prefix ending like a unit name whose remainder starts like a
    title, so 区消防救援大队党委委员 gives 区消防救援大队, not 区消防救援大队党委.
    """
    post = post.strip()
    for i in range(2, len(post) + 1):
        head, rest = post[:i], post[i:]
        if not _ORG_END.search(head):
            continue
        if not rest or _TITLE_START.match(rest):
            return head, rest
    # an open-vocabulary post (省教育厅总督学): the longest unit-like head whose rest reads as a post
    # (a head ending in a two-character suffix first: 区政府办公室|联系副主任, not 区政府办公室联|系副主任)
    for ends in (_ORG_END_LONG, _ORG_END):
        for i in range(len(post) - 2, 1, -1):
            head, rest = post[:i], post[i:]
            if ends.search(head) and _TITLE_END.search(rest) and not _ORG_END.search(rest):
                return head, rest
    return None, post


def split_person_phrase(text: str) -> tuple[str, str] | None:
    """副县长罗某某 → (副县长, 罗某某): a post followed directly by a name."""
    text = text.strip()
    best = None
    for i in range(len(text) - 2, 0, -1):
        post, name = text[:i], text[i:]
        if 2 <= len(name) <= 4 and _TITLE_END.search(post) and is_name(name):
            best = (post, name)
            break  # the longest post whose tail is a name
    return best


_NUM = r"[0-9〇○零Oo一二三四五六七八九十两]"
DATE_RE = re.compile(rf"({_NUM}{{4}})\s*年\s*({_NUM}{{1,3}})\s*月\s*({_NUM}{{1,3}})\s*日")


def parse_date(text: str) -> dt.date | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    year, month, day = (parse_cn_numeral(g) for g in match.groups())
    try:
        return dt.date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


DOC_NUMBER_RE = re.compile(
    rf"([{HAN}]{{1,12}})\s*[〔\[［【（(]\s*(\d{{4}})\s*[〕\]］】）)]\s*(\d{{1,4}})\s*号"
)


def parse_doc_number(text: str) -> str | None:
    """泉政办〔2019〕12号 / 泉政办[2006]3号 → the official form with 〔〕."""
    match = DOC_NUMBER_RE.search(text)
    if not match:
        return None
    return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"


def split_sentences(text: str) -> list[str]:
    """Split at 。/；(and ！？;) keeping the punctuation; the pieces concatenate to the text."""
    parts = re.findall(r"[^。；;！？]*[。；;！？]+|[^。；;！？]+$", text)
    return [p for p in (part.strip() for part in parts) if p]


def split_top(text: str, seps: str = "、") -> list[str]:
    """Split at separators outside brackets."""
    out, depth, buf = [], 0, ""
    for ch in text:
        if ch in "（(〔[【《":
            depth += 1
        elif ch in "）)〕]】》":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return [p.strip() for p in out if p.strip()]


def phone_of(text: str) -> str | None:
    import unicodedata

    flat = unicodedata.normalize("NFKC", text).replace("—", "-").replace("－", "-").replace("–", "-")
    match = re.search(r"(?<!\d)(0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)", flat)
    if not match:
        return None
    number = match.group(1)
    if number.startswith("0") and "-" not in number:
        return None  # cannot tell where the area code ends
    return number
