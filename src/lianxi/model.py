"""The data model: pydantic v2 schemas for every data file, strict by design.

Strict means a value of the wrong type is an error, never coerced: a phone number
written as ``0571`` (an integer to YAML) or a date written as text is reported, not
silently converted. Unknown fields are errors too, so a misspelt key cannot hide.

Files and their root models:

* ``members.yaml`` → :class:`MembersFile` (units and seats with dated holders)
* ``duties.yaml``  → :class:`DutiesFile` (the division of duties)
* ``charter.yaml`` → :class:`Charter` (the joint meeting itself and its work rules)
"""

import datetime as dt
import importlib
import os
from collections.abc import Iterator, MutableMapping
import re
from typing import Annotated, Any, Literal, Optional, Union

# pydantic looks for plugins by scanning the entry points of every installed distribution
# (importlib.metadata) the first time a model is used: ~10 ms on every query, for a
# feature lianxi does not use. A user who wants plugins sets PYDANTIC_DISABLE_PLUGINS
# (even to an empty value) and this default stays out of the way.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (  # noqa: E402
    AfterValidator, BaseModel, ConfigDict, Discriminator, Field, PlainValidator, Tag, WithJsonSchema,
)
from pydantic_core import PydanticCustomError

UNKNOWN = "unknown"
# A joint meeting whose name lianxi init was not given: how its name shows, and how to set it.
UNNAMED = "（名称待填写：在 charter.yaml 的 name 写联席会议全称）"

ROLES = ("总召集人", "召集人", "副召集人", "成员", "联络员", "办公室主任", "办公室副主任")
CONVENER_ROLES = ("总召集人", "召集人", "副召集人")
Role = Literal["总召集人", "召集人", "副召集人", "成员", "联络员", "办公室主任", "办公室副主任"]


def _nonblank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "不能为空")
    return value


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _id(value: str) -> str:
    if not _ID_RE.match(value):
        raise PydanticCustomError("id", "编号只能用小写字母、数字、“-”和“_”，如 gongan、member-gongan")
    return value


def _date_or_unknown(value: Any) -> Union[dt.date, str]:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value == UNKNOWN:
        return value
    raise PydanticCustomError(
        "date_or_unknown",
        "应为日期（如 2027-03-01，不加引号）或 unknown（未载明）",
    )


def _strict_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise PydanticCustomError("date", "应为日期（如 2027-03-01，不加引号）")


# The stored form of a phone number (what lianxi writes, see docs/人事变动.md):
# 0595-87654321 (area code, dash, number), 0595-87654321-801 (an extension after a second
# dash), 13912345678 (a mobile, 11 digits, no +86), 87654321 (a local number).
_PHONE_RE = re.compile(r"^(0\d{2,3}-\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|\d{7,8})$")
PHONE_FORMS = ("0595-87654321、0595 8765 4321、(0595)87654321、0595-87654321转801 或 -801（分机）、"
               "13912345678、+86 139 1234 5678")
PHONE_MESSAGE = f"电话号码格式不对：应为带区号的固定电话或 11 位手机号，如 {PHONE_FORMS}"
_EXTENSION_RE = re.compile(r"^(.*?\d)\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.I)


def normalize_phone(value: str) -> Optional[str]:
    """A phone number as people write it → the stored form, or None when it is not one.

    Spaces, dashes, dots, brackets (half or full width) around the area code, full-width
    digits, +86 / 0086 / 86 before a mobile or an area code, and an extension written as
    转801, 分机801, ext801 or -801 after a full number are accepted.
    """
    import unicodedata

    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    extension = None
    match = _EXTENSION_RE.match(text)
    if match:
        text, extension = match[1], match[2]
    if re.search(r"[^\d\s\-().+]", text):
        return None
    groups = [g for g in re.split(r"[\s\-().]+", text) if g]
    if not groups:
        return None
    found = _phone_digits("".join(groups), extension)
    if found is None and extension is None and len(groups) > 2 and len(groups[-1]) <= 6:
        found = _phone_digits("".join(groups[:-1]), groups[-1])  # 0595-87654321-801
        if found is not None and "-" not in found:
            found = None
    return found


def _phone_digits(digits: str, extension: Optional[str]) -> Optional[str]:
    international = False
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits, international = digits[len(prefix):], True
            break
    else:
        if digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
            digits, international = digits[2:], True
    if not digits.isdigit():
        return None
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return digits if extension is None else None
    if international and not digits.startswith("0"):
        digits = "0" + digits
    if digits.startswith("0"):
        area_length = 3 if digits[1:2] in ("1", "2") else 4
        area, number = digits[:area_length], digits[area_length:]
        if not re.fullmatch(r"\d{7,8}", number) or number.startswith("0"):
            return None
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    if re.fullmatch(r"[2-9]\d{6,7}", digits) and extension is None:
        return digits
    return None


def _phone(value: str) -> str:
    if _PHONE_RE.match(value):
        return value
    normal = normalize_phone(value)
    if normal is None:
        raise PydanticCustomError("phone", PHONE_MESSAGE)
    return normal


Text = Annotated[str, AfterValidator(_nonblank)]
Id = Annotated[str, AfterValidator(_id)]
_DATE_SCHEMA = {"type": "string", "format": "date", "description": "日期，如 2027-03-01（不加引号）"}
DateOrUnknown = Annotated[
    Union[dt.date, str],
    PlainValidator(_date_or_unknown),
    WithJsonSchema({"anyOf": [_DATE_SCHEMA, {"const": UNKNOWN, "description": "未载明"}]}),
]
Date = Annotated[dt.date, PlainValidator(_strict_date), WithJsonSchema(_DATE_SCHEMA)]
Phone = Annotated[str, AfterValidator(_phone)]


class Strict(BaseModel):
    # defer_build: a model's validator is built the first time it validates, so a query
    # that reads members.yaml never pays for building the Charter schema.
    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)


# ---------------------------------------------------------------- members.yaml


class Unit(Strict):
    id: Id
    name: Text = Field(description="单位名称，按通知写法，如 区卫生健康局")
    short_name: Optional[Text] = Field(None, description="通知中使用的简称，如 区卫健局")
    aliases: list[Text] = Field(default_factory=list, description="查询用的别名，如 公安、公安分局")
    member: bool = Field(True, description="是否为联席会议成员单位（召集人所在单位可为 false）")
    joined: Optional[Date] = Field(None, description="成为成员单位的日期（lianxi member add 记录）；通知所载单位不写")
    left: Optional[Date] = Field(None, description="自该日起不再是成员单位（lianxi member retire 记录）；记录保留")
    left_reason: Optional[str] = Field(None, description="不再是成员单位的原因，如 机构改革")
    note: Optional[str] = None

    def active_on(self, day: dt.date) -> bool:
        """Part of the joint meeting on ``day``: joined by then and not yet retired."""
        return (self.joined is None or self.joined <= day) and (self.left is None or day < self.left)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def all_names(self) -> list[str]:
        names = [self.name]
        if self.short_name:
            names.append(self.short_name)
        return names + list(self.aliases)


class Holder(Strict):
    """One person's term in a seat."""

    name: Text
    post: Text = Field(description="职务，按通知原文，如 区政府办副主任、三级主任科员")
    start: DateOrUnknown = Field(UNKNOWN, description="任期开始日期；未载明写 unknown")
    end: Optional[Date] = Field(None, description="任期结束日期；在任者不写")
    phone: Optional[Phone] = None
    reason: Optional[str] = Field(None, description="接替原因，如 工作调动")
    recorded: Optional[Date] = Field(None, description="记录日期")
    end_reason: Optional[str] = Field(None, description="离任原因（席位空缺时写，如 退休），lianxi succession vacate 记录")
    note: Optional[str] = None

    def covers(self, day: dt.date) -> bool:
        if isinstance(self.start, dt.date) and day < self.start:
            return False
        return self.end is None or day <= self.end


class Seat(Strict):
    """A role held for a unit; keeps every holder with the dates held."""

    id: Id
    role: Role
    unit: Optional[Id] = Field(None, description="单位编号（units 中的 id）")
    post: Optional[Text] = Field(None, description="席位的职务要求，如 业务股室负责人")
    holders: list[Holder] = Field(default_factory=list)
    note: Optional[str] = None

    def holder_on(self, day: dt.date) -> Optional[Holder]:
        found = None
        for holder in self.holders:
            if holder.covers(day):
                found = holder
        return found


class MembersFile(Strict):
    units: list[Unit]
    seats: list[Seat]


# ---------------------------------------------------------------- duties.yaml


class Department(Strict):
    id: Id
    name: Text = Field(description="部门名称，按通知“职责分工”原文，如 公安部门")
    aliases: list[Text] = Field(default_factory=list)
    unit: Optional[Id] = Field(description="承担该职责的成员单位编号；确无对应单位时写 null 并在 unit_note 说明")
    unit_note: Optional[str] = Field(None, description="对应关系不直观时写明理由")
    duties: list[Text] = Field(min_length=1, description="职责，按句拆分，依次连接即为通知原文")

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def text(self) -> str:
        return "".join(self.duties)


class DutiesFile(Strict):
    departments: list[Department]


# ---------------------------------------------------------------- charter.yaml


class EstablishedBy(Strict):
    issuer: Text
    title: Text
    doc_number: Text = UNKNOWN
    date: DateOrUnknown = UNKNOWN
    addressees: Optional[str] = None
    disclosure: Optional[str] = None
    basis: list[Text] = Field(default_factory=list)
    purpose: Optional[str] = None


class Responsibilities(Strict):
    joint_meeting: list[Text] = Field(default_factory=list)
    office: list[Text] = Field(default_factory=list)


class Office(Strict):
    name: Text
    host_unit: Optional[Id] = None
    director_seat: Optional[Id] = None
    text: Optional[str] = None


class Seal(Strict):
    office_has_seal: bool
    sealing_unit: Optional[Id] = None
    text: Optional[str] = None


class LiaisonRule(Strict):
    post: Optional[Text] = None
    text: Text


class SuccessionRule(Strict):
    new_notice_required: bool = False
    text: Text


MeetingKind = Literal["plenary", "adhoc", "liaison", "liaison-adhoc", "topic"]


class MeetingRule(Strict):
    kind: MeetingKind
    name: Text
    per_year: Optional[int] = Field(None, ge=0)
    presided_by: list[Role] = Field(default_factory=list)
    approval_by: list[Role] = Field(default_factory=list)
    invite: list[Text] = Field(default_factory=list)
    text: Text
    note: Optional[str] = None


class MinutesRule(Strict):
    form: Text = "纪要"
    agreed_by: Literal["attending-units", "none"] = "attending-units"
    issued_to: Optional[str] = None
    text: Text


class NamedRule(Strict):
    name: Text
    by: Optional[str] = None
    text: Text


class WorkRules(Strict):
    meetings: list[MeetingRule] = Field(default_factory=list)
    minutes: Optional[MinutesRule] = None
    reporting: Optional[NamedRule] = None
    assessment: Optional[NamedRule] = None
    joint_groups: Optional[NamedRule] = None


class Charter(Strict):
    name: Text = Field(description="联席会议全称")
    region: Optional[Text] = None
    established_by: EstablishedBy
    responsibilities: Responsibilities = Field(default_factory=Responsibilities)
    office: Optional[Office] = None
    seal: Optional[Seal] = None
    liaison_rule: Optional[LiaisonRule] = None
    succession_rule: Optional[SuccessionRule] = None
    work_rules: WorkRules = Field(default_factory=WorkRules)
    work_requirements: list[Text] = Field(default_factory=list)

    @property
    def display_name(self) -> str:
        """The name as shown to a user: 待填写 while ``lianxi init`` left it unknown (no --name)."""
        return UNNAMED if self.name == UNKNOWN else self.name

    def meeting_rule(self, kind: str) -> Optional[MeetingRule]:
        for rule in self.work_rules.meetings:
            if rule.kind == kind:
                return rule
        return None


# ---------------------------------------------------------------- synonyms.yaml (optional)


class SynonymRule(Strict):
    """One-way expansion: a question saying any of ``when`` also looks for ``add``."""

    when: list[Text] = Field(min_length=1, description="提问中的说法，如 公司、营业执照")
    add: list[Text] = Field(min_length=1, description="职责原文中的说法，如 营利性、注册登记")


SynonymGroup = Annotated[list[Text], Field(min_length=2, description="同义词组：提到其中任一个，就同时查找其余各个")]


def _synonym_kind(value: Any) -> Optional[str]:
    if isinstance(value, list):
        return "group"
    if isinstance(value, dict):
        return "rule"
    return None


SynonymEntry = Annotated[
    Union[Annotated[SynonymGroup, Tag("group")], Annotated[SynonymRule, Tag("rule")]],
    Discriminator(_synonym_kind, custom_error_type="synonym_entry",
                  custom_error_message="应为同义词组（列表，如 [验收, 审验]）或单向扩展（when: [...] 与 add: [...]）"),
]


class SynonymsFile(Strict):
    """Words for ``lianxi who``: question words to ignore, whole words, synonyms.

    A data directory's ``synonyms.yaml`` extends the bundled table (or replaces it with
    ``replace_default: true``). The table must stay generic: no department names.
    """

    replace_default: bool = Field(False, description="true：不再使用内置词表，只用本文件")
    ignore: list[Text] = Field(default_factory=list, description="提问用语，查询时忽略，如 归谁管、找谁、哪个部门")
    words: list[Annotated[list[Text], Field(min_length=1)]] = Field(
        default_factory=list,
        description="整词：每组第一个为标准写法；整词内部不再拆字匹配，如 [非营利性, 非营利, 民办非企业] 与 [营利性, 营利]")
    synonyms: list[SynonymEntry] = Field(
        default_factory=list, description="同义词组（列表）或单向扩展（when/add）")


class WhoAnswer(Strict):
    """One answer the office confirmed for ``lianxi who``: this question goes to this department."""

    question: Text = Field(description="来电者的问题，原样记录")
    department: Id = Field(description="职责分工（duties.yaml）中部门的 id")
    date: Date = Field(description="确认日期")
    note: Optional[str] = None


class WhoAnswersFile(Strict):
    """``who_answers.yaml``: answers the office confirmed (``lianxi who learn``); later questions use them."""

    answers: list[WhoAnswer] = Field(default_factory=list)


class FileModels(MutableMapping):
    """File name → root model of that data file, each model imported on first use.

    Entries are ``"module:Class"`` strings until looked up, so importing this module
    does not import the modules of every data file (meetings, follow-up, layout…):
    a query such as ``lianxi duties 公安`` builds only the models it reads. Iterating
    the names (``data_files``) imports nothing; ``FILE_MODELS[name]`` or ``.items()``
    (``lianxi schema``, ``lianxi import``) imports the module that defines the model.
    A model class may also be assigned directly (``FILE_MODELS["x.yaml"] = XFile``).
    """

    def __init__(self, entries: dict[str, Any]) -> None:
        self._entries = dict(entries)

    def __getitem__(self, name: str) -> type[BaseModel]:
        entry = self._entries[name]
        if isinstance(entry, str):
            module, _, attr = entry.partition(":")
            entry = getattr(importlib.import_module(module), attr)
            self._entries[name] = entry
        return entry

    def __setitem__(self, name: str, model: Any) -> None:
        self._entries[name] = model

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def spec(self, name: str) -> str:
        """``"module:Class"`` of a file's model, without importing it."""
        entry = self._entries[name]
        return entry if isinstance(entry, str) else f"{entry.__module__}:{entry.__qualname__}"


# Registry: file name → root model. Later features add their files here as "module:Class".
FILE_MODELS = FileModels({
    "members.yaml": "lianxi.model:MembersFile",
    "duties.yaml": "lianxi.model:DutiesFile",
    "charter.yaml": "lianxi.model:Charter",
    "synonyms.yaml": "lianxi.model:SynonymsFile",
    "who_answers.yaml": "lianxi.model:WhoAnswersFile",  # lianxi who learn
    "layout.yaml": "lianxi.layout:Layout",  # optional: Word output settings
    "alerts.yaml": "lianxi.alerts:AlertsFile",  # follow-up (issue 6)
    "reports.yaml": "lianxi.followup:ReportsFile",
    "groups.yaml": "lianxi.groups:GroupsFile",
    "meetings/*.yaml": "lianxi.meetings:Meeting",  # one file per meeting
    "documents.yaml": "lianxi.meetings:DocumentSettings",
    "registers.yaml": "lianxi.meetings:Registers",
    "holidays.yaml": "lianxi.holidays:HolidaysFile",  # optional: local holidays and make-up workdays
})
