"""Meetings as data: one YAML file per meeting, plus document settings and the number register.

Files (all inside the data directory):

* ``meetings/<date>-<kind>.yaml`` → :class:`Meeting` (kind, date, time, place, presider,
  attending units, invited 列席, agenda, approval, replies 回执, notice number, minutes);
* ``documents.yaml`` → :class:`DocumentSettings` (signature wording, number formats,
  contact person, reply deadline) — optional, every value has a default derived from
  ``charter.yaml``;
* ``registers.yaml`` → :class:`Registers` (every document number ever taken; a number is
  never reused).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, Field

from .errors import Collector, DataErrors, NotFound, Problem
from .model import Date, Id, Phone, Strict, Text

MEETINGS_DIR = "meetings"
DOCUMENTS_FILE = "documents.yaml"
REGISTERS_FILE = "registers.yaml"

Kind = Literal["plenary", "adhoc", "liaison", "topic"]
KINDS: tuple[str, ...] = ("plenary", "adhoc", "liaison", "topic")
KIND_NAMES = {"plenary": "全体会议", "adhoc": "临时会议", "liaison": "联络员会议", "topic": "专题会议"}
# What a person may type for a kind (--type): the Chinese names and the codes; value (kind, adhoc liaison)
KIND_INPUT = {
    "例会": ("plenary", False), "全体会议": ("plenary", False), "全体": ("plenary", False),
    "联络员会议": ("liaison", False), "临时联络员会议": ("liaison", True),
    "临时会议": ("adhoc", False), "专题会议": ("topic", False), "专题研究": ("topic", False),
    **{code: (code, False) for code in ("plenary", "adhoc", "liaison", "topic")},
}
KIND_CHOICES = "例会（全体会议）、联络员会议、临时联络员会议、临时会议、专题会议（或 plenary、liaison、adhoc、topic）"


def parse_kind(value: str, option: str = "--type") -> tuple[str, bool]:
    """(kind code, ad hoc liaison) for a kind as typed: 例会, 联络员会议 …, or a code."""
    from .errors import UsageProblem

    found = KIND_INPUT.get(value.strip()) or KIND_INPUT.get(value.strip().lower())
    if found is None:
        raise UsageProblem(f"{option} 的值 {value} 无效，应为{KIND_CHOICES}")
    return found

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
FILE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(plenary|adhoc|liaison|topic)(-\d+)?\.yaml$")


def _time(value: str) -> str:
    from pydantic_core import PydanticCustomError

    if not _TIME_RE.match(value):
        raise PydanticCustomError("time", "时间应写成带引号的 \"09:00\"（24 小时制）")
    return value


Time = Annotated[str, AfterValidator(_time)]


class Approval(Strict):
    by: Text = Field(description="同意人：席位编号（如 convener）或在任者姓名")
    date: Date = Field(description="同意日期")
    note: Optional[str] = None


class Invitee(Strict):
    """A non-member invited to sit in (列席): a department or an expert."""

    name: Text = Field(description="列席单位或专家所在单位，如 区应急管理局")
    kind: Literal["department", "expert"] = "department"
    unit: Optional[Id] = Field(None, description="若在 members.yaml 中有记录（非成员单位），写其编号")
    person: Optional[Text] = Field(None, description="列席人员姓名（专家姓名）；未定可不写")
    post: Optional[Text] = Field(None, description="职务或职称，如 主任医师")
    wording: Optional[Text] = Field(None, description="通知中的写法，如 区应急管理局有关负责同志；不写则按单位、职称、姓名生成")


class Cancellation(Strict):
    date: Date = Field(description="取消日期")
    reason: Text = Field(description="取消原因")


class MeetingContact(Strict):
    name: Text = Field(description="联系人姓名")
    phone: Optional[Phone] = Field(None, description="联系电话")


class Reply(Strict):
    """One unit's reply slip (回执)."""

    unit: Id
    status: Literal["attend", "substitute", "absent"] = Field(
        description="attend 本人参会；substitute 委托他人参会；absent 请假")
    name: Optional[Text] = Field(None, description="参会人姓名（substitute 时为代参会人）")
    post: Optional[Text] = None
    phone: Optional[Phone] = None
    reason: Optional[Text] = Field(None, description="请假或委托的原因")
    date: Optional[Date] = Field(None, description="回执日期")


class NoticeRecord(Strict):
    number: int = Field(ge=1, description="发文序号（文号中的 N）")
    year: int = Field(ge=2000, description="文号年份")
    date: Date = Field(description="成文日期")


class Matter(Strict):
    title: Text = Field(description="议定事项标题，如 关于开展托育机构安全联合检查")
    text: Text = Field(description="议定内容")
    lead: Optional[Id] = Field(None, description="牵头单位编号")
    cooperating: list[Id] = Field(default_factory=list, description="配合单位编号")
    deadline: Optional[Date] = Field(None, description="完成时限（日期）")


class Present(Strict):
    unit: Id
    name: Text = Field(description="出席人姓名；未知写 unknown")
    substitute: bool = Field(False, description="是否代参会")


class Absent(Strict):
    unit: Id
    name: Text
    reason: Optional[Text] = None


class Attendance(Strict):
    present: list[Present] = Field(default_factory=list)
    absent: list[Absent] = Field(default_factory=list)


class Agreement(Strict):
    unit: Id
    date: Date


class Minutes(Strict):
    status: Literal["draft", "agreed", "issued"] = "draft"
    number: Optional[int] = Field(None, ge=1, description="期号（第N期），印发时由登记簿分配")
    date: Optional[Date] = Field(None, description="印发日期")
    summary: Text = Field(description="会议听取、研究了什么，如 会议听取了……，研究了……")
    matters: list[Matter] = Field(default_factory=list)
    attendance: Attendance = Field(default_factory=Attendance)
    agreed_by: list[Agreement] = Field(default_factory=list, description="已同意纪要的与会单位")
    distribute: Optional[list[Id]] = Field(None, description="分送单位；不写则为与会单位")


class Meeting(Strict):
    kind: Kind
    example: bool = Field(False, description="示例数据（不参与年度规则检查）")
    adhoc: bool = Field(False, description="联络员会议是否为临时召开（须经召集人同意）")
    sequence: Optional[int] = Field(None, ge=1, description="当年第几次该类会议")
    subject: Optional[Text] = Field(None, description="专题会议的专题，如 托育机构安全管理")
    purpose: Optional[Text] = Field(None, description="会议目的，写入通知开头“为……”")
    date: Optional[Date] = None
    time: Optional[Time] = Field(None, description="开始时间，带引号，如 \"09:00\"")
    place: Optional[Text] = None
    presider: Optional[Text] = Field(None, description="主持人：席位编号（如 convener）或在任者姓名")
    attending: Optional[list[Id]] = Field(None, description="参会单位编号；不写则为全部成员单位")
    invited: list[Invitee] = Field(default_factory=list, description="列席的其他部门和专家")
    agenda: list[Text] = Field(default_factory=list)
    approval: Optional[Approval] = None
    replies: list[Reply] = Field(default_factory=list)
    contact: Optional[MeetingContact] = Field(None, description="本次会议的联系人；不写则用 documents.yaml 的 contact")
    cancelled: Optional[Cancellation] = Field(None, description="会议已取消：取消日期和原因（不计为已召开）")
    notice: Optional[NoticeRecord] = None
    minutes: Optional[Minutes] = None
    note: Optional[str] = None
    uid: Optional[Text] = Field(None, description="日历中的事件编号：改期时记下原会议编号，导出的日历据此更新原事件；不写则为会议编号")


# ---------------------------------------------------------------- documents.yaml


class Contact(Strict):
    name: Text = "unknown"
    phone: Text = "unknown"


class DocumentSettings(Strict):
    issuer: Optional[Text] = Field(None, description="落款单位；默认为 charter.yaml 的办公室名称")
    seal_note: Optional[Text] = Field(None, description="代章说明，如 （泉港区卫生健康局代章）；默认由 charter.yaml 推出")
    notice_number: Text = Field("泉港托育联办〔{year}〕{n}号", description="通知文号格式")
    minutes_number: Text = Field("第{n}期", description="纪要期号格式")
    addressee: Text = "联席会议各成员单位："
    purpose: Text = Field("统筹协调全区婴幼儿照护服务工作", description="通知开头的默认目的")
    contact: Contact = Field(default_factory=Contact)
    reply_days: int = Field(3, ge=0, description="回执截止日为会议日期前几天（遇周末或法定节假日提前到此前最后一个工作日）")
    office_place: Optional[Text] = Field(None, description="回执报送地点说明，如 区卫健局")
    clock: Literal["15:00", "下午3时"] = Field(
        "15:00", description="会议时间的写法：15:00（24 小时制）或 下午3时（上午9时30分）")
    alert_number: Optional[Text] = Field(
        None, description="预警通报文号格式；默认与通知文号相同（与通知共用登记簿的序号）")
    group_number: Optional[Text] = Field(
        None, description="联合工作组成立通知文号格式；默认与通知文号相同（与通知共用登记簿的序号）")
    imprint: bool = Field(True, description="通知、通报末页是否印版记（抄送，印发机关和印发日期）")
    cc: list[Text] = Field(default_factory=list, description="通知、通报的抄送机关，如 [区人民政府办公室]")


def missing_number_format(settings: DocumentSettings, charter, kind: str = "notice") -> Optional[str]:
    """Why a document of ``kind`` ("notice", "alert", "group") cannot take a 文号, in Chinese and
    said of documents.yaml: the file gives no number format for that kind (nor ``notice_number``).
    A 文号 is the issuing office's own (its prefix names the office), so the model's default is
    never issued under; the bundled data's documents.yaml states its format. None when it can."""
    given = settings.model_fields_set
    if "notice_number" in given or (kind == "alert" and settings.alert_number) or (
            kind == "group" and settings.group_number):
        return None
    name = getattr(charter, "name", None)
    field = {"alert": "alert_number 或 notice_number", "group": "group_number 或 notice_number"}.get(
        kind, "notice_number")
    whose = name if name and name != "unknown" else "本联席会议"
    return f"没有写文号格式（{field}），文号的发文机关代字是{whose}办公室自己的，须写明后才能取号"


NUMBER_FORMAT_HINT = "在 documents.yaml 中写明本联席会议的文号格式，如 notice_number: 某某联办〔{year}〕{n}号"


# What each minutes status is called, wherever a user reads it (None: no minutes yet).
MINUTES_STATUS_NAMES = {"draft": "征求意见稿", "agreed": "已同意待印发", "issued": "已印发", None: "未形成纪要"}


class RegisterEntry(Strict):
    number: int = Field(ge=1)
    year: Optional[int] = None
    meeting: Optional[Text] = None
    date: Date
    title: Optional[Text] = None
    document: Optional[Text] = Field(
        None, description="不属于会议的文书：alert 预警编号 / group 工作组编号，如 alert 2026-01")
    void: bool = Field(False, description="作废的号（仍不得重复使用）")
    voided: Optional[Date] = Field(None, description="作废日期")
    reason: Optional[Text] = Field(None, description="作废原因")


class Registers(Strict):
    notices: list[RegisterEntry] = Field(default_factory=list)
    minutes: list[RegisterEntry] = Field(default_factory=list)


# ---------------------------------------------------------------- loading


class MeetingRecord:
    """A loaded meeting file: model, located document and id (the file stem)."""

    def __init__(self, path: Path, meeting: Meeting, doc) -> None:
        self.path = path
        self.meeting = meeting
        self.doc = doc
        self.id = path.stem


def meeting_files(root: Path, collector: Optional[Collector] = None) -> list[Path]:
    """The meeting files in ``root/meetings`` (none when the folder is absent).

    The folder itself must be a real folder, or a link to one inside the data directory;
    otherwise the problem goes to ``collector`` (or is raised) and no file is listed.
    """
    from .store import display_path
    from .textfile import kind_problem

    directory = root / MEETINGS_DIR
    problem = kind_problem(directory, root, directory=True)
    if problem is not None:
        found = Problem(problem, file=display_path(directory), rule="file-kind")
        if collector is None:
            raise DataErrors([found])
        collector.add(found)
        return []
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("."))


def load_meeting_file(path: Path, collector: Collector, root: Optional[Path] = None) -> Optional[MeetingRecord]:
    """One meeting file; ``root`` is its data directory (default: the file's own folder).

    Read like every data file (store.read_document): within one command a file whose text
    has not changed is parsed and validated once, however many parts of the command ask
    for it; read again under a writer's lock, a file another process changed is parsed anew.
    """
    from .store import read_document, validate_model

    root = Path(root) if root is not None else path.parent
    try:
        name = str(Path(path).relative_to(root))
    except ValueError:  # a file given by a path outside the data directory
        root, name = path.parent, path.name
    before = len(collector.errors)
    doc = read_document(root, name, collector)
    if doc is None or len(collector.errors) != before:
        return None
    meeting = validate_model(doc, Meeting, collector)
    return MeetingRecord(path, meeting, doc) if meeting is not None else None


def load_meetings(root: Path, collector: Optional[Collector] = None) -> list[MeetingRecord]:
    own = collector is None
    collector = collector if collector is not None else Collector()
    records = []
    for path in meeting_files(root, collector):
        record = load_meeting_file(path, collector, root)
        if record is not None:
            records.append(record)
    if own and collector.errors:
        raise DataErrors(collector.errors)
    return records


def find_meeting(root: Path, query: str) -> MeetingRecord:
    """A meeting given as a file path, a file stem (id), or a date with one meeting on it."""
    candidate = Path(query)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        collector = Collector()
        from .textfile import inside

        # a file named inside the data directory is held to its rules (links stay inside it)
        record = load_meeting_file(candidate, collector, root if inside(root, candidate.parent) else None)
        if record is None:
            raise DataErrors(collector.errors)
        return record
    records = load_meetings(root)
    q = query.strip().removesuffix(".yaml")
    exact = [r for r in records if r.id == q]
    if exact:
        return exact[0]
    by_date = [r for r in records if r.id.startswith(q)]
    if len(by_date) == 1:
        return by_date[0]
    if len(by_date) > 1:
        from .errors import Ambiguous

        raise Ambiguous(f"“{query}”对应多个会议", candidates=[r.id for r in by_date])
    raise NotFound(f"找不到会议“{query}”", suggestions=[r.id for r in records][-3:],
                   hint="会议可写文件路径、编号（文件名去掉 .yaml）或日期；列出全部：lianxi meetings")


def meeting_path(root: Path, date: dt.date, kind: str) -> Path:
    base = root / MEETINGS_DIR / f"{date.isoformat()}-{kind}.yaml"
    n = 2
    path = base
    while os.path.lexists(path):
        path = base.with_name(f"{date.isoformat()}-{kind}-{n}.yaml")
        n += 1
    return path


# ---------------------------------------------------------------- writing


def meeting_data(meeting: Meeting) -> dict:
    """The meeting as plain data, fields left at their defaults omitted (order kept)."""
    data = meeting.model_dump(mode="python", exclude_defaults=True)
    if meeting.minutes is not None:  # always show the status, even the default "draft"
        data["minutes"] = {"status": meeting.minutes.status, **data.get("minutes", {})}
    return data


MEETING_HEADER = (
    "# yaml-language-server: $schema=../.schema/meetings.schema.json\n"
    "#\n"
    "# 会议记录（一次会议一个文件）。字段说明见 docs/会议与文书.md“数据文件”。\n"
    "# lianxi 只改动有变化的几行（注释保留）；改动无法就地完成时按固定格式重写整个文件（注释不保留）。\n"
)


def write_meeting(root: Path, path: Path, meeting: Meeting, *, overwrite: bool) -> None:
    """Validate and atomically write one meeting file (caller holds the data lock).

    An existing file is changed in place when the change is local (a status set, an
    agreement or a number added: see :func:`lianxi.yamlwrite.local_edit`), so the office's
    comments and layout stay; otherwise the whole file is written anew in the fixed layout.
    """
    from .store import atomic_write, check_text, check_writable, is_dry_run
    from .yamlwrite import dump_yaml  # PyYAML only when writing: a notice from cached data never imports it

    text = _edited_in_place(root, path, meeting) if overwrite else None
    if text is None:
        header = MEETING_HEADER
        if meeting.example:
            header += "# 示例：本会议为虚构示例，仅用于展示纪要格式；议定事项均为虚构，不是真实会议。\n"
        text = dump_yaml(meeting_data(meeting), header + "\n")
    check_text(text, path, Meeting)
    check_writable(path, root)
    if not is_dry_run():
        path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text, overwrite=overwrite, root=root)


def _edited_in_place(root: Path, path: Path, meeting: Meeting) -> Optional[str]:
    """The meeting file as it stands with only the changed parts rewritten; None when the
    file is missing or invalid, the change is not local, or the edited text would not read
    back as exactly ``meeting``."""
    from .store import display_path, validate_model
    from .yamldoc import parse_text
    from .yamlwrite import local_edit

    if not os.path.lexists(path):
        return None
    collector = Collector()
    old = load_meeting_file(path, collector, root)
    if old is None:
        return None
    before = old.doc.text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads it
    text = local_edit(before, meeting_data(old.meeting), meeting_data(meeting))
    if text is None:
        return None
    scratch = Collector()
    doc = parse_text(text, path, display_path(path), scratch)
    back = validate_model(doc, Meeting, scratch) if doc is not None and not scratch.errors else None
    return text if back == meeting and not scratch.errors else None


REGISTERS_HEADER = (
    "# yaml-language-server: $schema=.schema/registers.schema.json\n"
    "#\n"
    "# 文号登记簿：正式印发通知、纪要时由 lianxi 自动取号并登记。号码一经登记不得删除或重复使用；\n"
    "# 作废的号标 void: true 保留。\n\n"
)


def write_registers(root: Path, registers: Registers) -> None:
    from .store import atomic_write, check_text
    from .yamlwrite import dump_yaml

    path = root / REGISTERS_FILE
    data = registers.model_dump(mode="python", exclude_defaults=True)
    data.setdefault("notices", [])
    data.setdefault("minutes", [])
    text = dump_yaml({"notices": data["notices"], "minutes": data["minutes"]}, REGISTERS_HEADER)
    check_text(text, path, Registers)
    atomic_write(path, text, root=root)
