"""Notice lines → a :class:`Notice`: what the notice says, each fact with its line number.

The parser walks the lines once, keeping the current section (主要职责, 组成人员, 职责分工,
工作规则, 工作要求) and subsection. Every non-blank line ends in the *ledger* as placed,
ignored (site noise, headings, duplicates — with the reason) or, by default, not placed;
the report lists the last two with line numbers, so nothing is dropped silently.
Nothing is guessed: a person needs a name and a post written in the notice; a unit is a
name written in the notice; a rule is a sentence of the notice.

The roster is found by its content, not by its heading: a role-labelled line (召集人：…) and
the unlabelled 姓名 职务 lines after it are read as the roster wherever they stand — under
any heading, under none, in an attachment. Sentences are read clause by clause (split at
，outside brackets), so one sentence can name the convener and list the member units.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from ..errors import Problem
from ..textcn import parse_cn_numeral
from .words import (
    DATE_RE, ends_like_title, is_name, is_post, looks_like_unit, parse_date, parse_doc_number, phone_of,
    split_person_phrase, split_post, split_sentences, split_top,
)

ROLE_WORDS = ("总召集人", "副召集人", "召集人", "成员", "办公室主任", "办公室副主任", "联络员")


@dataclass
class Person:
    role: str
    name: Optional[str]
    post: Optional[str]
    line: int
    phone: Optional[str] = None
    seat_post: Optional[str] = None  # the post a seat requires when no one is named


@dataclass
class UnitEntry:
    name: str
    line: int
    aliases: list[str] = field(default_factory=list)


@dataclass
class Dept:
    name: str
    text: str
    line: int


@dataclass
class Clause:
    text: str
    line: int


@dataclass
class Notice:
    display: str
    encoding: str
    lines: list[str]
    name: Optional[str] = None
    title: Optional[str] = None
    title_line: Optional[int] = None
    issuer: Optional[str] = None
    doc_number: Optional[str] = None
    doc_number_raw: Optional[str] = None
    date: Optional[dt.date] = None
    addressees: Optional[str] = None
    disclosure: Optional[str] = None
    basis: list[str] = field(default_factory=list)
    purpose: Optional[str] = None
    resp_joint: list[Clause] = field(default_factory=list)
    resp_office: list[Clause] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    member_units: list[UnitEntry] = field(default_factory=list)
    member_post: Optional[str] = None  # 分管负责人 when members are listed as units
    stated_count: Optional[tuple[int, int]] = None  # (count, line)
    office_text: Optional[Clause] = None
    office_host: Optional[str] = None
    director: Optional[Person] = None
    seal_text: Optional[Clause] = None
    seal_has: Optional[bool] = None
    seal_unit: Optional[str] = None
    liaison_text: Optional[Clause] = None
    liaison_post: Optional[str] = None
    succession: Optional[Clause] = None
    meetings: list[dict] = field(default_factory=list)
    minutes: Optional[Clause] = None
    named_rules: dict[str, tuple[str, Clause]] = field(default_factory=dict)  # kind → (name, text)
    requirements: list[Clause] = field(default_factory=list)
    departments: list[Dept] = field(default_factory=list)
    labels_seen: list[int] = field(default_factory=list)  # lines with a role label (召集人：…)
    name_from: Optional[str] = None  # "title" or "body" (建立/成立…联席会议制度), None if not found
    ledger: dict[int, tuple[str, str]] = field(default_factory=dict)  # line → (status, what)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # a clause left out of a placed line
    checks: list[Problem] = field(default_factory=list)  # things to check, with line

    def place(self, line: int, what: str) -> None:
        if self.ledger.get(line, ("", ""))[0] != "placed":
            self.ledger[line] = ("placed", what)

    def ignore(self, line: int, why: str) -> None:
        if line not in self.ledger:
            self.ledger[line] = ("ignored", why)

    def unplaced(self, line: int, why: str) -> None:
        if line not in self.ledger:
            self.ledger[line] = ("unplaced", why)

    def check(self, line: Optional[int], message: str) -> None:
        self.checks.append(Problem(message, line=line))

    def not_placed(self) -> list[tuple[int, str, str]]:
        out = []
        for no, text in enumerate(self.lines, 1):
            if not text:
                continue
            status, what = self.ledger.get(no, ("unplaced", "未能识别"))
            if status == "unplaced":
                out.append((no, text, what))
        for no, clause in self.dropped:  # the rest of its line was imported: the clause is still listed
            if self.ledger.get(no, ("unplaced", ""))[0] != "unplaced":
                out.append((no, clause, "这一句中的这部分未能导入（该行其余内容已导入）"))
        return sorted(out, key=lambda item: item[0])

    def ignored(self) -> list[tuple[int, str, str]]:
        return [(no, self.lines[no - 1], what) for no, (status, what) in sorted(self.ledger.items())
                if status == "ignored"]


# ------------------------------------------------------------------ recognisers

_NOISE = re.compile(
    r"(首页|网站地图|无障碍|繁体|English|登录|注册|打印本页|打印|关闭窗口|关闭|分享到|扫一扫|字号|【大|"
    r"发布时间|发布日期|更新时间|来源[：:]|浏览次数|访问量|阅读次数|点击数|责任编辑|版权所有|ICP备|"
    r"主办单位|承办单位|技术支持|政府信息公开|政务公开|当前位置|您的位置|信息索引|索引号|公开方式|"
    r"公开范围|主题分类|相关链接|上一篇|下一篇|收藏|返回顶部)"
)
_MENU = re.compile(r"(\S{1,8}\s*[|｜>＞»]\s*){2,}")

_TOP_NUM = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十百\d]+\s*[章部分]+)\s*")
_SUB_NUM = re.compile(r"^[（(]\s*[一二三四五六七八九十\d]+\s*[）)]\s*")
_ITEM_NUM = re.compile(r"^(?:\d+\s*[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十百\d]+\s*条)\s*")
_ANY_NUM = re.compile(_TOP_NUM.pattern + "|" + _SUB_NUM.pattern + "|" + _ITEM_NUM.pattern)

_ROLE_LABEL = re.compile(
    r"^(?P<label>总\s?召\s?集\s?人|副\s?召\s?集\s?人|召\s?集\s?人|成\s?员\s?单\s?位|成\s?员|"
    r"办\s?公\s?室\s?副\s?主\s?任|办\s?公\s?室\s?主\s?任|联\s?络\s?员)"
    r"(?P<sep>\s*[：:]\s*|\s+|$)(?P<rest>.*)$"
)

_SENT_ROLE = re.compile(
    r"(?:由)?(?P<body>[^，。；：]+?)(?:等同志)?(?:同志)?(?:担任|兼任|任|为)(?P<role>总召集人|副召集人|召集人|成员)"
)
_ROLE_FIRST = re.compile(
    r"(?P<role>总召集人|副召集人|召集人)由(?P<body>[^，。；：]+?)(?:同志)?(?:担任|兼任)"
)

# A roster row with the role in the last column: [序号] 姓名 职务 角色.
_ROLE_LAST = re.compile(
    r"^(?:\d{1,3}[.、．]?\s+)?(?P<body>\S.*?)\s+(?P<role>总召集人|副召集人|召集人|成员|办公室副主任|办公室主任|联络员)$"
)

_TABLE_HEADER = {"序号", "席位", "姓名", "职务", "类别", "角色", "单位", "单位及职务", "现任职务", "工作单位及职务",
                 "联席会议职务", "备注", "联系电话", "电话", "性别", "单位职务", "在联席会议中的职务"}

# A post cut off by the source ends in a word that cannot end a post.
_DANGLING = re.compile(r"(?:副|常务|党组|党委|一级|二级|三级|四级|兼|、|和|及|的|办公室副|局副|委副)$")

_MEMBER_POST = re.compile(
    r"(?:(?:各|以上|上述)?(?:成员)?(?:单位|部门))?(?:的)?(?P<post>分管负责人|分管领导|分管负责同志|分管副职|主要负责人|"
    r"主要领导|负责同志|负责人)(?:同志)?(?:为|担任|作为)(?:联席会议)?(?:组成)?成员(?:单位)?"
)

# A unit list with no prefix, ending in the members' post (县发改局、县财政局分管负责人为成员),
# or 成员为 + a unit list ending in the post (成员为县发改局、县财政局分管领导).
_LIST_POST = r"(?:的)?(?:分管负责人|分管领导|分管负责同志|分管副职|主要负责人|主要领导|负责同志|负责人)(?:同志)?"
_UNIT_POST_LISTS = (
    re.compile(r"(?:联席会议)?(?P<list>[^。；，：:]+?、[^。；，：:]+?)" + _LIST_POST +
               r"(?:为|担任|作为)(?:联席会议)?(?:组成)?成员"),
    re.compile(r"(?:联席会议)?成员(?:为|是|包括)(?P<list>[^。；，：:]+?、[^。；，：:]+?)" + _LIST_POST),
)

_DEPT_COLON = re.compile(r"^(?P<name>[^：:，。；]{2,30}?)\s*[：:]\s*(?P<text>\S.*)$")
_DEPT_VERB = (r"(?:负责|牵头|承担|配合|参与|做好|指导|协助|会同|加强|落实|统筹|依法|推动|组织|协调|监督|"
              r"宣传|开展|研究|督促|贯彻|制定|对)")
# Without a colon a department name holds no 的 or 、 (a wrapped line's tail: 务机构的饮用水卫生、…进行).
_DEPT_BARE = re.compile(
    r"^(?P<name>[^，。；：:\s的、]{2,24}?(?:部门|组织|机构|单位|局|委|办|会|中心|队|院|所|公司|行|社|部|联|团))"
    r"\s*(?P<text>" + _DEPT_VERB + r".+)$"
)

SECTION_KEYWORDS = [
    ("body", re.compile(r"^(?:总则|(?:联席会议)?办公室|联席会议|基本情况)$")),
    ("duties", re.compile(r"职责分工|成员单位(?:主要)?职责|单位职责|部门职责|任务分工|职责和任务")),
    ("resp", re.compile(r"职责|职能|主要任务")),
    ("members", re.compile(r"组成|成员|人员名单|组织机构|领导小组")),
    ("rules", re.compile(r"规则|制度|议事|其他事项|附则")),
    ("requirements", re.compile(r"要求")),
]

NAMED_RULES = [
    ("joint_groups", re.compile(r"工作组")),
    ("assessment", re.compile(r"研判|评估|分析|督查|督办")),
    ("reporting", re.compile(r"报告|报送")),
]


def section_of(heading: str) -> Optional[str]:
    for kind, pattern in SECTION_KEYWORDS:
        if pattern.search(heading):
            return kind
    return None


def _is_heading_text(text: str, limit: int = 24) -> bool:
    return 0 < len(text) <= limit and not re.search(r"[。，；：:,;]", text)


def clean_role(label: str) -> str:
    return re.sub(r"\s", "", label)


# ------------------------------------------------------------------ parser


class Parser:
    def __init__(self, notice: Notice) -> None:
        self.n = notice
        self.section: Optional[str] = None
        self.sub: Optional[str] = None  # subsection heading text
        self.role: Optional[str] = None  # current role in the members list
        self.rule_kind: Optional[str] = None
        self.paras: dict[str, list[Clause]] = {}
        self.last_entry: Optional[tuple[Person, int]] = None  # the last roster person and its line
        self.prev_line = 0

    # -------------------------------------------------------------- header

    def run(self) -> Notice:
        n = self.n
        items = [(no, text) for no, text in enumerate(n.lines, 1) if text]
        items = self._drop_noise(items)
        items = self._join_broken_labels(items)
        self.last_line = items[-1][0] if items else 0
        start = self._header(items)
        for no, text in items[start:]:
            if no in n.ledger:
                continue
            self._line(no, text)
            self.prev_line = no
        self._finish()
        return n

    def _drop_noise(self, items):
        n = self.n
        seen: dict[str, int] = {}
        kept = []
        for no, text in items:
            key = re.sub(r"\s", "", text)
            after_attachment = bool(kept) and re.match(r"^附件\s*\d*\s*[：:]?$", kept[-1][1])
            if len(key) >= 16 and key in seen and not after_attachment:
                n.ignore(no, f"与第 {seen[key]} 行重复（网页重复段落），已忽略")
                continue
            seen.setdefault(key, no)
            if len(text) <= 60 and (_NOISE.search(text) or _MENU.search(text)) and not re.search(
                    r"联席会议|召集人|成员|负责|职责", text):
                n.ignore(no, "网页内容（栏目、菜单、发布信息等），不是通知正文")
                continue
            kept.append((no, text))
        return kept

    def _join_broken_labels(self, items):
        """A role label broken across lines (召 / 集人：…) is joined to the next line."""
        out = []
        i = 0
        while i < len(items):
            no, text = items[i]
            flat = re.sub(r"\s", "", text)
            if i + 1 < len(items) and flat and len(flat) < 4:
                nxt = items[i + 1][1]
                for role in ROLE_WORDS:
                    if role.startswith(flat) and role != flat and re.sub(r"\s", "", nxt).startswith(role[len(flat):]):
                        self.n.place(items[i + 1][0], f"角色标签“{role}”（与第 {no} 行合并）")
                        out.append((no, flat + nxt))
                        i += 2
                        break
                else:
                    out.append((no, text))
                    i += 1
                continue
            out.append((no, text))
            i += 1
        return out

    def _header(self, items) -> int:
        """Issuer, title, doc number, addressees; returns the index where the body starts."""
        n = self.n
        title_at = None
        def candidate(text: str) -> bool:
            return not _ANY_NUM.match(text) and not _ROLE_LABEL.match(text) and not re.match(r"^附件", text)

        for i, (no, text) in enumerate(items[:40]):
            if "关于" in text and not text.endswith(("。", "，", "；")) and len(text) <= 120 and candidate(text) \
                    and not re.search(r"[。，；]", text):
                title_at = i
                break
        if title_at is None:
            for i, (no, text) in enumerate(items[:40]):
                if "联席会议" in text and _is_heading_text(text, 60) and candidate(text) \
                        and not re.search(r"(名单|组成人员|成员)$", text):
                    title_at = i
                    break
        if title_at is None:
            self._name_from_body(items)
            return 0
        no, title = items[title_at]
        end = title_at
        while not re.search(r"(通知|决定|意见|函|制度|批复|方案)$", title) and end + 1 < len(items) \
                and end - title_at < 3 and _is_heading_text(items[end + 1][1], 60):
            end += 1
            title += items[end][1]
        n.title, n.title_line = title, no
        for k in range(title_at, end + 1):
            n.place(items[k][0], "通知标题（established_by.title）")
        match = re.search(r"关于(?:印发|建立|成立|设立|同意建立|调整|同意|健全)?(.+?联席会议)", title)
        if match:
            n.name = match.group(1)
        elif "联席会议" in title:
            n.name = title[: title.index("联席会议") + 4]
        if n.name:
            n.name_from = "title"
        else:
            self._name_from_body(items)
        # issuer: a line before the title, or the title's own prefix
        for k in range(title_at - 1, -1, -1):
            kno, ktext = items[k]
            number = parse_doc_number(ktext)
            if number and not n.doc_number:
                n.doc_number, n.doc_number_raw = number, ktext
                n.place(kno, "发文字号（established_by.doc_number）")
                continue
            if re.search(r"(人民政府|办公室|办公厅|委员会|政府)$", ktext) and len(ktext) <= 30 and not n.issuer:
                n.issuer = ktext
                n.place(kno, "发文机关（established_by.issuer）")
                continue
            if kno not in n.ledger:
                n.ignore(kno, "标题之前的内容（网页页眉等），不是通知正文")
        if not n.issuer:
            prefix = title.split("关于")[0]
            if re.search(r"(人民政府|办公室|办公厅|委员会|政府)$", prefix):
                n.issuer = prefix
        body = end + 1
        # doc number right after the title
        if body < len(items) and not n.doc_number and parse_doc_number(items[body][1]) \
                and len(items[body][1]) <= 30:
            n.doc_number, n.doc_number_raw = parse_doc_number(items[body][1]), items[body][1]
            n.place(items[body][0], "发文字号（established_by.doc_number）")
            body += 1
        if body < len(items) and re.search(r"[：:]$", items[body][1]) and ("各" in items[body][1]
                                                                        or "、" in items[body][1]):
            n.addressees = re.sub(r"[：:]$", "", items[body][1])
            n.place(items[body][0], "主送机关（established_by.addressees）")
            body += 1
        self.section = "body"
        return body

    def _name_from_body(self, items) -> None:
        """No usable title: the name as the body states it (决定建立某某联席会议制度)."""
        n = self.n
        for _, text in items:
            match = re.search(r"(?:建立|成立|设立|健全|组建)(?:了)?([^，。；、：:“”《》（）()\s]{2,40}?联席会议)", text)
            if match and not re.match(r"^(?:本|该|此|上述|这一|有关|相关|工作)", match.group(1)):
                n.name, n.name_from = match.group(1), "body"
                return

    # -------------------------------------------------------------- lines

    def _line(self, no: int, text: str) -> None:
        n = self.n
        # attachment labels, disclosure, dates, signatures
        if re.match(r"^附件\s*\d*\s*[：:]\s*\S", text):
            n.place(no, "附件说明（不导入）")
            return
        if re.match(r"^附件\s*\d*\s*[：:]?$", text):
            n.place(no, "附件标记")
            self.section = "attachment-title"
            return
        if re.match(r"^[（(]此件.{2,12}[）)]$", text):
            n.disclosure = text.strip("（）()")
            n.place(no, "公开方式（established_by.disclosure）")
            return
        if DATE_RE.fullmatch(text.replace(" ", "")):
            day = parse_date(text)
            if day and not n.date:
                n.date = day
                n.place(no, "成文日期（established_by.date）")
            else:
                n.ignore(no, "日期（已有成文日期）")
            return
        if n.issuer and text == n.issuer:
            n.place(no, "署名（发文机关）")
            return
        last = _ROLE_LAST.match(text)
        if last and _parse_entry(last.group("body"), loose=True):
            text = f"{last.group('role')}：{last.group('body')}"  # 姓名 职务 召集人 (role last) → 召集人：姓名 职务
        row = bool(last and is_name(last.group("body").split(" ")[0]))  # 姓名 … 成员: a row, not a title
        roster_title = _is_heading_text(text, 60) and re.search(r"(名单|组成人员|成员)$", text) \
            and not _ROLE_LABEL.match(text) and not row
        if self.section == "attachment-title" and ("联席会议" in text or roster_title) and not text.endswith("。"):
            n.place(no, "附件标题")
            self.section = "members" if roster_title else "attachment"
            self.sub = self.role = None
            return
        if self.section == "attachment-title":
            self.section = "attachment"
        if roster_title and not _TOP_NUM.match(text):
            n.place(no, "组成人员名单标题")
            self.section, self.sub, self.role = "members", None, None
            return
        # headings
        top = _TOP_NUM.match(text)
        rest = text[top.end():] if top else text
        if top and _is_heading_text(rest):
            kind = section_of(rest)
            self._enter(kind, no, rest)
            return
        if not top and not row and _is_heading_text(text, 14) and section_of(text) and not _ROLE_LABEL.match(text) \
                and not _SUB_NUM.match(text) and not _ITEM_NUM.match(text) and self.section not in ("duties",):
            self._enter(section_of(text), no, text)
            return
        if re.search(r"如下[：:]$", text) and len(text) <= 40:
            if section_of(text) == "duties":
                self._enter("duties", no, text)
            else:
                n.place(no, "引导语（“……如下：”）")
            return
        sub = _SUB_NUM.match(text)
        if sub and self.section not in ("duties", "members"):
            body = text[sub.end():]
            if _is_heading_text(body):
                self.sub = body
                self.rule_kind = None
                n.place(no, f"小标题“{body}”")
                return
            match = re.match(r"^([^。：:，]{2,12}(?:制度|职责|办公室|联席会议|规则|机制|会议))[。：:]\s*(.+)$", body)
            if match:
                self.sub = match.group(1)
                self.rule_kind = None
                text = match.group(2)
        text = _ANY_NUM.sub("", text, count=1) if self.section != "duties" else text
        if not text.strip():
            n.unplaced(no, "只有编号，没有内容")
            return
        serial = re.match(r"^\d{1,3} (?=[\u4e00-\u9fff])", text)  # a table's 序号 column: 1 召集人 张三 …
        if serial and self.section != "duties" and self._roster_line(text[serial.end():]):
            text = text[serial.end():]
        label = _ROLE_LABEL.match(text)
        if label and re.search(r"[：:]", label.group("sep")) and no not in n.labels_seen:
            n.labels_seen.append(no)  # for the report's warning: a roster was there, whatever became of it
        if self._roster_glue(no, text):
            return
        if self.section not in ("members", "duties"):
            if self._roster_line(text):
                self._members(no, text)
                return
            self.role = None
        handler = {
            "resp": self._resp, "members": self._members, "duties": self._duties,
            "rules": self._rules, "requirements": self._requirements,
        }.get(self.section or "", self._body)
        handler(no, text)

    def _roster_glue(self, no: int, text: str) -> bool:
        """A table header row (序号 席位 姓名 职务), or the end of a post wrapped onto its own line (…副局 / 长)."""
        n = self.n
        tokens = text.split(" ")
        if len(tokens) >= 2 and all(t in _TABLE_HEADER for t in tokens):
            n.place(no, "名单表头（不导入）")
            return True
        last = self.last_entry
        if last is None or last[1] != self.prev_line or not re.fullmatch(r"[\u4e00-\u9fff]{1,3}", text):
            return False
        person = last[0]
        if person.post and not ends_like_title(person.post) and ends_like_title(person.post + text):
            person.post += text
            n.place(no, f"职务续行（与第 {person.line} 行合并）")
            n.check(no, f"第 {person.line} 行的职务在此换行，已合并为“{person.post}”，请核对")
            self.last_entry = (person, no)
            return True
        return False

    def _roster_line(self, text: str) -> bool:
        """A line of a roster wherever it sits: a role label, or 姓名 职务 while a roster run is open."""
        label = _ROLE_LABEL.match(text)
        if label:
            rest = label.group("rest").strip().rstrip("。；;")
            if not rest or _parse_entry(rest, loose=True) or self._truncated_entry(rest):
                return True
            if re.search(r"[，。,：:]", rest):  # 召集人：主持联席会议，…: a duty of the role, not a roster line
                return False
            pieces = split_top(rest, "、；;")
            return is_post(rest) or all(_parse_entry(p) or looks_like_unit(re.sub(r"[（(][^）)]*[）)]", "", p))
                                        for p in pieces)
        return bool(self.role and self.role != "成员单位" and (_parse_entry(text, loose=True) or
                                                            self._truncated_entry(text)))

    def _enter(self, kind: Optional[str], no: int, heading: str) -> None:
        self.section = kind or "other"
        self.sub = None
        self.role = None
        self.n.place(no, f"章节标题“{heading}”")
        if kind is None:
            self.n.check(no, f"不认识的章节“{heading}”，其下内容按正文识别")

    # -------------------------------------------------------------- generic

    def _generic(self, no: int, text: str) -> bool:
        """Office, seal, liaison, succession, people-in-sentences, unit lists: anywhere."""
        placed = False
        for sentence in split_sentences(text):
            placed |= self._generic_sentence(no, sentence, whole=text)
        return placed

    def _generic_sentence(self, no: int, sentence: str, whole: str) -> bool:
        """One sentence, clause by clause: a clause naming a role holder, a unit list or the
        members' post is taken out; the other clauses are grouped by the rule they state."""
        n = self.n
        end = sentence[-1] if sentence[-1] in "。；;！？" else ""
        clauses = split_top(sentence[:-1] if end else sentence, "，,")
        rest, taken = [], False
        for k, clause in enumerate(clauses):
            if self._unit_list(no, clause, "，".join(clauses[k:])):
                taken = True
            elif self._clause_people(no, clause):
                taken = True
            elif self._member_post(no, clause):
                taken = True
            else:
                rest.append(clause)
        if taken:
            if not rest:
                return True
            sentence = "，".join(rest) + end
        groups = self._clause_groups(sentence, {
            "seal": r"刻章|印章|代章|用章|刻制",
            "office": r"办公室设在|办公室主任|办公室日常工作由",
            "liaison": r"联络员(?!会议)",
            "succession": r"变动|递补|更替|接替|同意后调整",
        })
        if not groups:
            if taken:
                n.dropped.append((no, "，".join(rest) + end))
            return taken
        for kind, text in groups:
            clause = Clause(text, no)
            if kind == "seal":
                n.seal_text = clause
                if re.search(r"不(?:单独|另行|另)?(?:刻|刻制|设)", text):
                    n.seal_has = False
                elif re.search(r"刻制|启用", text):
                    n.seal_has = True
                match = re.search(r"(?:由|以)([^，。；]+?)(?:代章|代为用章|代用|名义|印章代)", text)
                if match:
                    n.seal_unit = match.group(1)
                n.place(no, "印章（charter.seal）")
            elif kind == "office":
                self._office(no, text, whole)
            elif kind == "liaison":
                n.liaison_text = clause
                match = (re.search(r"各(?:成员)?单位(.+?)(?:同志)?(?:担任|为|兼任)(?:本单位)?联络员", text)
                         or re.search(r"联络员由各(?:成员)?单位(.+?)(?:同志)?(?:担任|兼任)", text))
                if match:
                    n.liaison_post = re.sub(r"^(?:确定|明确|指定|选派|安排)(?:一|1)名", "", match.group(1)) or None
                n.place(no, "联络员规则（charter.liaison_rule）")
            elif kind == "succession":
                n.succession = clause
                n.place(no, "人事变动规则（charter.succession_rule）")
        return True

    @staticmethod
    def _clause_groups(sentence: str, kinds: dict[str, str]) -> list[tuple[str, str]]:
        """Split a sentence at ， and group clauses by the kind of rule they state.

        A clause without a keyword joins its neighbour (a leading 根据工作需要 the next one,
        a trailing 由…主持 the previous one). A group keeps the sentence's end mark only
        when it is the whole sentence and the mark is 。 (the bundled data's convention).
        """
        end = sentence[-1] if sentence[-1] in "。；;！？" else ""
        body = sentence[:-1] if end else sentence
        clauses = split_top(body, "，,")
        tagged = []
        for clause in clauses:
            kind = next((k for k, pattern in kinds.items() if re.search(pattern, clause)), None)
            tagged.append([kind, clause])
        if not any(kind for kind, _ in tagged):
            return []
        # leading clauses without kind → next kind; others → previous
        pending: list[str] = []
        groups: list[list] = []
        for kind, clause in tagged:
            if kind is None:
                if groups and not _is_prefix_clause(clause):
                    groups[-1][1].append(clause)
                else:
                    pending.append(clause)
                continue
            if groups and groups[-1][0] == kind:
                groups[-1][1].extend(pending + [clause])
            else:
                groups.append([kind, pending + [clause]])
            pending = []
        if pending:
            groups[-1][1].extend(pending)
        out = []
        for kind, parts in groups:
            text = "，".join(parts)
            if len(groups) == 1 and end == "。":
                text += end
            out.append((kind, text))
        return out

    def _office(self, no: int, text: str, whole: str) -> None:
        n = self.n
        n.office_text = Clause(text, no)
        n.place(no, "办公室（charter.office）")
        match = re.search(r"办公室设在([^，。；]+?)(?:，|。|；|$|负责|承担)", text)
        if match:
            n.office_host = match.group(1).strip()
        who = None
        for pattern in (r"办公室主任由(.+?)兼任", r"由(.+?)兼任(?:联席会议)?办公室主任",
                        r"办公室主任(?:为|由)(.+?)(?:担任|$)"):
            match = re.search(pattern, text)
            if match:
                who = match.group(1).strip()
                break
        if who is None:  # 某某同志兼任办公室主任 / 区发展改革委副主任某某兼任办公室主任 (no 由)
            for clause in split_top(text, "，,"):
                match = re.match(r"^(?:并|同时)?(.+?)兼任(?:联席会议)?办公室主任", clause)
                if match and "办公室设在" not in match.group(1):
                    who = match.group(1).strip()
                    break
        if who is None:
            return
        phone = phone_of(whole)
        bare = re.sub(r"同志$", "", who)
        listed = next((p for p in n.people if p.name == bare), None)
        if listed is not None:  # 由尹晓雯同志兼任: a person already named in the list
            n.director = Person("办公室主任", bare, listed.post, no, phone=phone)
            return
        person = split_person_phrase(bare) or _spaced_person(bare)
        if person:
            post, name = person
            n.director = Person("办公室主任", name, post, no, phone=phone)
        elif is_name(bare) and who.endswith("同志"):  # named before the roster lists them: linked in _finish
            n.director = Person("办公室主任", bare, None, no, phone=phone)
        else:
            post = who + ("（兼任）" if "兼任" in text else "")
            n.director = Person("办公室主任", None, None, no, phone=phone, seat_post=post)

    def _clause_people(self, no: int, clause: str) -> bool:
        """…副县长罗某某担任召集人 / 召集人由副县长罗某某担任 / 由区政府分管领导担任召集人 (a seat by post)."""
        n = self.n
        match = _ROLE_FIRST.search(clause) or _SENT_ROLE.search(clause)
        if not match:
            return False
        role, body = match.group("role"), match.group("body")
        body = re.sub(r"^(?:联席会议|会议)?(?:由)?", "", body).strip()
        if not body:
            return False
        if re.match(r"^(?:各|以上|上述|有关|相关)?(?:成员)?(?:单位|部门)", body):
            return role == "成员" and self._member_post(no, clause)
        people = _people_in_phrase(body)
        if people is not None:
            for post, name in people:
                n.people.append(Person(role, name, post, no))
            n.place(no, "组成人员（members.yaml）")
            return True
        if len(body) <= 40 and is_post(body) and not (role == "成员" and "、" in body) \
                and not re.search(r"如|因|需要|根据|按照|可以|负责(?!人|同志)", body):
            for post in _seat_posts(body):
                n.people.append(Person(role, None, None, no, seat_post=post))
            n.place(no, f"{role}席位（按职务，姓名未载明）")
            return True
        return False

    def _member_post(self, no: int, clause: str) -> bool:
        """各成员单位分管负责人为成员 / 以上单位分管负责人为联席会议成员: the post of the members' seats."""
        n = self.n
        if not n.member_units:
            return False
        match = _MEMBER_POST.fullmatch(clause.strip().rstrip("。；;"))
        if not match or (n.member_post and n.member_post != match.group("post")):
            return False
        n.member_post = match.group("post")
        n.place(no, "成员单位席位的职务（members.yaml seats post）")
        return True

    def _unit_list(self, no: int, clause: str, after: str = "") -> bool:
        """县发改局、县教育局…等20个成员单位组成 / 成员单位：… / …分管负责人为成员 (one clause)."""
        n = self.n
        if "、" not in clause or not re.search(r"成员单位|为成员|担任成员|组成|成员", clause) or \
                "召集人" in clause:
            return False
        match = re.search(
            r"(?:成员单位(?:为|包括|有|是)?[：:]?|成员(?:为|包括|有|是)?[：:]|由)(?P<list>[^。；，]*?、[^。；，]*?)"
            r"(?:等\s*(?P<count>[\d一二三四五六七八九十两]+)\s*个(?:成员)?(?:单位|部门)|组成|的|"
            r"各(?=(?:成员)?单位|部门|有关)|(?:以上|上述)(?:成员)?单位|"
            r"(?:分管|主要)?(?:负责人|负责同志|领导)|[。；]|$)", clause)
        if not match:
            flat = clause.strip().rstrip("。；;")
            match = next((m for m in (p.fullmatch(flat) for p in _UNIT_POST_LISTS) if m), None)
        if not match:
            return False
        names = split_top(match.group("list").rstrip("等"), "、")
        if len(names) > 1 and re.search(r"(?:和|及|以及)", names[-1]):
            last = re.split(r"和|及|以及", names[-1])
            if all(looks_like_unit(x.strip()) for x in last if x.strip()):
                names = names[:-1] + [x.strip() for x in last if x.strip()]
        units = []
        for raw in names:
            alias = re.findall(r"[（(]([^）)]+)[）)]", raw)
            name = re.sub(r"[（(][^）)]*[）)]", "", raw).strip()
            if not looks_like_unit(name):
                return False
            units.append(UnitEntry(name, no, alias))
        if len(units) < 2:
            return False
        n.member_units.extend(units)
        if match.groupdict().get("count"):
            n.stated_count = (parse_cn_numeral(match.group("count")), no)
        post = re.search(r"(分管负责人|分管领导|分管负责同志|主要负责人|主要领导|负责同志|负责人)(?:为|担任)?(?:联席会议)?(?:成员)?$",
                         clause) or re.match(r"(?:各单位|各成员单位)?的?(分管负责人|分管领导|分管负责同志|主要负责人|主要领导|"
                                             r"负责同志|负责人)(?:同志)?(?:组成|为|担任)", clause[match.end("list"):]) or re.search(r"(分管负责人|分管领导|分管负责同志|主要负责人|主要领导|负责同志|负责人)"
                                              r"(?:为|担任)(?:联席会议)?成员", after)
        if post:
            n.member_post = post.group(1)
        n.place(no, "成员单位名单（members.yaml units）")
        return True

    # -------------------------------------------------------------- sections

    def _body(self, no: int, text: str) -> None:
        n = self.n
        if self._generic(no, text):
            if not n.basis and "《" in text:
                self._basis(text)
            return
        if (not n.basis and ("《" in text or re.search(r"决定(?:成立|建立)", text))) or \
                (not n.purpose and re.match(r"^为(?:进一步)?(?:做好|加强|推动|推进|促进|切实|提升|完善|保障)", text)):
            self._basis(text)
            n.place(no, "正文（依据、目的：established_by.basis/purpose）")
            return
        n.unplaced(no, "正文中无法归入任何字段的内容")

    def _basis(self, text: str) -> None:
        n = self.n
        for match in re.finditer(r"《[^》]+》(?:\s*[（(][^）)]*?号[）)])?", text):
            start = match.start()
            left = text[:start]
            cut = max((left.rfind(d) + len(d) for d in ("和", "，", "根据", "按照", "依据", "落实", "贯彻", "及", "、")
                       if left.rfind(d) >= 0), default=0)
            prefix = left[cut:]
            if "、" in prefix or len(prefix) > 10:
                prefix = ""
            # 省委、省政府《…》: keep the issuers joined by 、 before the title
            full = re.search(r"((?:[\u4e00-\u9fff]{1,6}、)*[\u4e00-\u9fff]{1,6})$", left)
            if full and re.search(r"(省|市|县|区)(委|政府)", full.group(1)) and "、" in full.group(1):
                prefix = full.group(1)
                prefix = re.sub(r"^.*?(和|根据|落实|贯彻|按照)", "", prefix)
            n.basis.append(prefix + match.group(0))
        match = re.search(r"(?:^为|，)((?:做好|进一步|加强|推动|推进|促进|切实|提升|完善|保障)[^，。]+)", text)
        if match:
            n.purpose = match.group(1)

    def _resp(self, no: int, text: str) -> None:
        n = self.n
        if re.search(r"办公室设在|刻章|代章", text) and self._generic(no, text):
            return
        office = (self.sub and "办公室" in self.sub) or (not self.sub and re.match(r"^(?:联席会议)?办公室", text))
        target = n.resp_office if office else n.resp_joint
        for sentence in split_sentences(text):
            target.append(Clause(sentence, no))
        n.place(no, "办公室职责（charter.responsibilities.office）" if office
                else "联席会议职责（charter.responsibilities.joint_meeting）")

    def _members(self, no: int, text: str) -> None:
        n = self.n
        label = _ROLE_LABEL.match(text)
        if label:
            role = clean_role(label.group("label"))
            rest = label.group("rest").strip()
            colon = ":" in label.group("sep") or "：" in label.group("sep")
            if role == "成员单位":
                if no not in n.labels_seen:
                    n.labels_seen.append(no)
                if rest and self._unit_list(no, "成员单位：" + rest):
                    self.role = "成员单位"
                    return
                if not rest:
                    self.role = "成员单位"
                    n.place(no, "角色标签“成员单位”")
                    return
            elif colon or not rest or _parse_entry(rest):
                if no not in n.labels_seen:
                    n.labels_seen.append(no)
                self.role = role
                if not rest:
                    n.place(no, f"角色标签“{role}”")
                    return
                if self._entry(no, rest, role):
                    return
                n.unplaced(no, f"“{role}”后的内容无法识别为“姓名 职务”、职务或成员单位名单")
                return
        if self.role == "成员单位" and looks_like_unit(text.rstrip("。；;，、")):
            name = re.sub(r"[（(][^）)]*[）)]", "", text.rstrip("。；;，、")).strip()
            alias = re.findall(r"[（(]([^）)]+)[）)]", text)
            n.member_units.append(UnitEntry(name, no, alias))
            n.place(no, "成员单位（members.yaml units）")
            return
        if self.role and self.role != "成员单位" and self._entry(no, text, self.role, labelled=False):
            return
        if self._generic(no, text):
            return
        n.unplaced(no, "组成人员部分无法识别的内容")

    def _truncated_entry(self, text: str) -> bool:
        """A roster line cut off by the source: 姓名 + a post fragment (王某 市卫健委副)."""
        tokens = text.strip().split(" ")
        return len(tokens) >= 2 and is_name(tokens[0]) and bool(_DANGLING.search(text))

    def _entry(self, no: int, text: str, role: str, labelled: bool = True) -> bool:
        n = self.n
        body = text.rstrip("。")
        if role in ("成员", "成员单位") and "、" in body and self._unit_list(no, "成员单位：" + body):
            return True
        entries = [e for e in re.split(r"[；;]", body) if e.strip()]
        if self._truncated(no, entries, role):
            return True
        parsed = [_parse_entry(e, loose=True) for e in entries]
        if len(entries) == 1 and not parsed[0] and "、" in entries[0]:
            pieces = split_top(entries[0], "、")  # 张三（县财政局局长）、李四（县教育局局长）
            if all(re.search(r"[）)]$", p) for p in pieces):
                entries, parsed = pieces, [_parse_entry(p) for p in pieces]
        if not parsed or not all(parsed):
            if labelled and len(entries) == 1:
                return self._seat_by_post(no, entries[0], role)
            return False
        for name, post in parsed:  # type: ignore[misc]
            if role in ("办公室主任", "办公室副主任"):
                n.director = Person(role, name, post, no, phone=phone_of(text))
            else:
                n.people.append(Person(role, name, post, no, phone=phone_of(text)))
                self.last_entry = (n.people[-1], no)
        n.place(no, f"{role}（members.yaml）")
        return True

    def _seat_by_post(self, no: int, text: str, role: str) -> bool:
        """召集人：区人民政府分管领导: a seat defined by its post, holder not named."""
        n = self.n
        post = text.strip().rstrip("；;，,")
        if not post or len(post) > 30 or re.search(r"[，。,：:]", post) or not is_post(post) \
                or role in ("联络员",) or (role == "成员" and "、" in post and len(_seat_posts(post)) < 2):
            return False  # 成员：县公安局局长、县教育局局长 is two seats; a 、 inside one post is not a member
        if role in ("办公室主任", "办公室副主任"):
            n.director = Person(role, None, None, no, seat_post=post)
        else:
            for one in _seat_posts(post):
                n.people.append(Person(role, None, None, no, seat_post=one))
        n.place(no, f"{role}席位（按职务，姓名未载明）")
        return True

    def _truncated(self, no: int, entries: list[str], role: str) -> bool:
        """An entry whose post ends in a dangling fragment is left unplaced and reported."""
        n = self.n
        last = no == self.last_line
        for entry in entries:
            tokens = entry.strip().split(" ")
            dangling = _DANGLING.search(entry.strip())
            if not dangling and last:
                parsed = _parse_entry(entry, loose=True)
                dangling = parsed is not None and not is_post(parsed[1])
            if dangling and len(tokens) >= 2:
                n.unplaced(no, f"{role}条目不完整（职务似在此处被截断），未导入")
                n.check(no, f"“{_cut(entry.strip())}”似被截断（职务不完整），未导入，请对照原件补全")
                return True
        return False

    def _duties(self, no: int, text: str) -> None:
        n = self.n
        stripped = _ANY_NUM.sub("", text, count=1)
        match = _DEPT_COLON.match(stripped)
        if match and not re.search(r"负责|承担", match.group("name")) and (
                looks_like_unit(match.group("name")) or re.search(r"部门|组织|机构|协会|单位", match.group("name"))):
            name = match.group("name").strip()
            n.departments.append(Dept(name, match.group("text").strip(), no))
            n.place(no, f"职责分工“{name}”（duties.yaml）")
            return
        match = _DEPT_BARE.match(stripped)
        if match:
            name = match.group("name").strip()
            n.departments.append(Dept(name, match.group("text").strip(), no))
            n.place(no, f"职责分工“{name}”（duties.yaml）")
            n.check(no, f"“{name}”后没有冒号，按部门名称识别，请核对")
            return
        if self._generic(no, text):
            return
        if n.departments and not re.search(r"[。；;！？]$", n.departments[-1].text):
            dept = n.departments[-1]
            dept.text += text
            n.place(no, f"职责分工“{dept.name}”（续行）")
            n.check(no, f"该行没有部门名称，已并入上一部门“{dept.name}”的职责，请核对")
            return
        n.unplaced(no, "职责分工部分无法识别的内容")

    def _rules(self, no: int, text: str) -> None:
        n = self.n
        if self._generic(no, text):
            return
        sub = self.sub or ""
        for kind, pattern in NAMED_RULES:
            if pattern.search(sub) and "会议" not in sub:
                if kind in n.named_rules:
                    name, clause = n.named_rules[kind]
                    n.named_rules[kind] = (name, Clause(clause.text + text, clause.line))
                else:
                    n.named_rules[kind] = (sub, Clause(text, no))
                n.place(no, f"工作规则“{sub}”（charter.work_rules.{kind}）")
                return
        if self._meetings(no, text):
            return
        if sub:
            n.unplaced(no, f"工作规则“{sub}”在数据中没有对应字段")
        else:
            n.unplaced(no, "工作规则中无法识别的内容")

    def _meetings(self, no: int, text: str) -> bool:
        n = self.n
        placed = False
        for sentence in split_sentences(text):
            groups = self._clause_groups(sentence, {
                "minutes": r"纪要",
                "topic": r"专题",
                "liaison-adhoc": r"临时召开联络员会议|联络员.{0,6}临时|临时.{0,6}联络员会议",
                "liaison": r"联络员会议",
                "adhoc": r"临时召集|临时会议|临时召开",
                "plenary": r"例会|全体会议|全体成员会议|^联席会议.*召开",
            })
            for kind, group in groups:
                placed = True
                if kind == "minutes":
                    n.minutes = Clause(group, no)
                    continue
                n.meetings.append({"kind": kind, "text": group, "line": no})
        if placed:
            n.place(no, "会议制度（charter.work_rules）")
        return placed

    def _requirements(self, no: int, text: str) -> None:
        n = self.n
        if re.search(r"人事变动|人员变动|刻章|代章|办公室设在", text) and self._generic(no, text):
            return
        for sentence in split_sentences(text):
            n.requirements.append(Clause(sentence, no))
        n.place(no, "工作要求（charter.work_requirements）")

    # -------------------------------------------------------------- end

    def _finish(self) -> None:
        n = self.n
        chiefs = [p for p in n.people if p.role == "总召集人"]
        for extra in chiefs[1:]:  # a joint meeting has one 总召集人: a second one is not guessed at
            n.people.remove(extra)
            n.ledger[extra.line] = ("unplaced", "第二个“总召集人”（联席会议只能有一个总召集人），未导入")
            n.check(extra.line, f"通知中有多个总召集人，第 {chiefs[0].line} 行之后的“{extra.name or extra.seat_post}”未导入，请核对")
        d = n.director
        if d is not None and d.name and d.post is None:
            listed = next((p for p in n.people if p.name == d.name and p.post), None)
            if listed is not None:
                d.post = listed.post
            else:
                n.check(d.line, f"办公室主任{d.name}的职务通知中未载明（post: unknown），请补填")
        for no, text in enumerate(n.lines, 1):
            status, what = n.ledger.get(no, ("unplaced", ""))
            if text and status != "ignored" and "标题" not in what and "附件" not in what and len(text) > 30 \
                    and not re.search(r"[。；;！？!?”’）)：:]$", text):
                n.check(no, "这一行没有结束标点，原文可能在此处被截断，请对照原件补全")
        if n.stated_count is not None:
            count, line = n.stated_count
            listed = len(n.member_units)
            if count != listed:
                n.check(line, f"通知写明 {count} 个成员单位，实际列出 {listed} 个，请核对原件")


def _is_prefix_clause(clause: str) -> bool:
    return bool(re.match(r"^(?:根据|按照|如因|因|经|今后|遇|如遇|对于|为)", clause))


def _seat_posts(post: str) -> list[str]:
    """区政府办公室副主任、区交通运输局局长 → two seats; 县委常委、副县长 (one person's post) → one."""
    pieces = split_top(post, "、")
    if len(pieces) > 1 and all(split_post(p)[0] and split_post(p)[1] for p in pieces):
        return pieces
    return [post]


def _cut(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _spaced_person(text: str) -> tuple[str, str] | None:
    parsed = _parse_entry(text)
    if parsed:
        return parsed[1], parsed[0]
    return None


def _people_in_phrase(body: str) -> list[tuple[str, str]] | None:
    """县委常委、副县长罗某某 / 县政府办公室主任张某某、县卫健局局长李某某 → [(post, name)]."""
    pieces = split_top(body, "、")
    out, buf = [], ""
    for piece in pieces:
        buf = f"{buf}、{piece}" if buf else piece
        found = split_person_phrase(buf)
        if found is None:
            parsed = _parse_entry(buf)
            if parsed:
                found = (parsed[1], parsed[0])
        if found:
            out.append(found)
            buf = ""
    if buf or not out:
        return None
    return out


def _parse_entry(text: str, loose: bool = False) -> tuple[str, str] | None:
    """One person entry → (name, post): 姓名 职务 / 姓名（职务）/ 职务 姓名; padded names joined.

    ``loose`` (a roster line): once the name is found the rest is the post, whatever its
    wording (厅长助理, 总督学 …), as long as it reads as one phrase.
    """
    text = text.strip().rstrip("。；;，,、")
    if not text:
        return None

    def post_ok(post: str) -> bool:
        if is_post(post):
            return True
        return loose and len(post) >= 2 and not re.search(r"[，。；：:,;！？!?“”]", post) and not is_name(post) \
            and post not in ROLE_WORDS

    match = re.match(r"^(?P<name>[\u4e00-\u9fff·](?:\s?[\u4e00-\u9fff·]){1,4})\s*[（(](?P<post>[^）)]+)[）)]$", text)
    if match:
        name = match.group("name").replace(" ", "")
        if is_name(name) and post_ok(match.group("post").strip()):
            return name, match.group("post").strip()
    tokens = text.split(" ")
    if len(tokens) < 2:
        return None
    # 姓名 职务 (name may be padded: 高 宏)
    for width in (2, 1):
        if len(tokens) > width:
            name = "".join(tokens[:width])
            if (width == 1 or all(len(t) == 1 for t in tokens[:width])) and is_name(name):
                post = "".join(tokens[width:])
                if post_ok(post):
                    return name, post
    # 职务 姓名
    for width in (2, 1):
        if len(tokens) > width:
            name = "".join(tokens[-width:])
            if (width == 1 or all(len(t) == 1 for t in tokens[-width:])) and is_name(name):
                post = "".join(tokens[:-width])
                if post_ok(post):
                    return name, post
    return None


def parse_notice(lines: list[str], display: str, encoding: str) -> Notice:
    notice = Notice(display=display, encoding=encoding, lines=lines)
    return Parser(notice).run()
