"""Meetings: a record from the particulars a user gives, its sequence in the year, registering it."""

from __future__ import annotations

import re

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from ..errors import DataError, DataErrors, Problem, UsageProblem


@dataclass
class Particulars:
    """What a user says about a meeting (``--type``, ``--date`` …); unknown ones stay None."""

    kind: str
    date: Optional[str] = None
    time: Optional[str] = None
    place: Optional[str] = None
    agenda: Sequence[str] = ()
    presider: Optional[str] = None
    subject: Optional[str] = None
    invite: Sequence[str] = ()
    units: Sequence[str] = ()
    adhoc: bool = False
    approved_by: Optional[str] = None
    approved_on: Optional[str] = None
    purpose: Optional[str] = None
    contact_name: Optional[str] = None
    contact_phone: Optional[str] = None


def parse_time(value: Optional[str], option: str = "--time") -> Optional[str]:
    """``9:00`` / ``09:00`` / ``9：00`` → ``"09:00"``; None stays None; anything else is a usage error."""
    from ..meetings import _TIME_RE

    if value is None:
        return None
    time = value.strip().replace("：", ":")
    if not _TIME_RE.match(time):
        raise UsageProblem(f"{option} 的值 {value} 不是时间，应为 09:00 的形式")
    return "0" + time if len(time) == 4 else time


def check_phone(value: Optional[str], option: str = "--phone") -> Optional[str]:
    """A phone number as the data model accepts it (a usage error naming the option otherwise)."""
    if value is None:
        return None
    from pydantic import TypeAdapter, ValidationError

    from ..model import Phone

    value = value.strip()
    try:
        return TypeAdapter(Phone).validate_python(value)
    except ValidationError as exc:
        raise UsageProblem(f"{option} 的值 {value}：" + exc.errors(include_url=False)[0]["msg"]) from None


def guest(ds, name: str, *, expert: bool = False, person: Optional[str] = None, post: Optional[str] = None,
          wording: Optional[str] = None):
    """An invited guest (列席): a unit named exactly (never a fragment), or an expert's affiliation."""
    from ..meetings import Invitee
    from ..query import norm

    name = name.strip()
    if not name:
        raise UsageProblem("列席单位或专家所在单位不能为空")
    # exact names only: "消防安全专家" must not turn into 区消防救援大队
    unit = None if expert else next(
        (u for u in ds.members.units if norm(name) in {norm(n) for n in u.all_names()}), None)
    if unit is not None:
        return Invitee(name=unit.name, unit=unit.id, person=_text(person), post=_text(post), wording=_text(wording))
    if person is None and len(name.split()) == 2:  # "福建医科大学 李教授": a person of that body, by name
        body, person = name.split()
        expert = expert or bool(re.search(r"教授|专家|研究员|医师|博士|老师", person))
        name = body
    kind = "expert" if expert or "专家" in name else "department"
    return Invitee(name=name, kind=kind, person=_text(person), post=_text(post), wording=_text(wording))


def model_call(make):
    """``make()`` with a value the model refuses (a control character, …) reported as data errors."""
    from pydantic import ValidationError

    try:
        return make()
    except ValidationError as exc:
        from ..store import translate_error

        raise DataErrors([Problem(translate_error(e), field=".".join(map(str, e["loc"])))
                          for e in exc.errors(include_url=False)]) from None


def build_meeting(ds, given: Particulars):
    """A Meeting from the particulars (names of units and people resolved against ``ds``)."""
    from ..dates import parse_date
    from ..meetings import Approval, Meeting, parse_kind
    from ..query import unit_matcher

    kind, adhoc = parse_kind(given.kind)
    adhoc = adhoc or given.adhoc
    if adhoc and kind != "liaison":
        raise UsageProblem("--adhoc 只用于联络员会议（--type 联络员会议）；临时召集的全体会议请用 --type 临时会议")
    if given.approved_on is not None and given.approved_by is None:
        raise UsageProblem("--approved-on 须与 --approved-by 同时给出")
    if given.subject is not None and kind != "topic":
        raise UsageProblem("--subject 只用于专题会议（--type 专题会议）")
    day = parse_date(given.date, "--date")
    time = parse_time(given.time)
    matcher = unit_matcher(ds)
    attending = list(dict.fromkeys(matcher.find_exact(u) for u in given.units)) if given.units else None
    invited = []
    for name in given.invite:
        if not name.strip():
            raise UsageProblem("--invite 的值不能为空")
        invited.append(guest(ds, name))
    approval = None
    if given.approved_by is not None:
        from ..dates import today

        on = parse_date(given.approved_on, "--approved-on") or today()
        approval = model_call(lambda: Approval(by=given.approved_by.strip(), date=on))
    contact = contact_of(given.contact_name, given.contact_phone)
    return model_call(lambda: Meeting(
        kind=kind, adhoc=adhoc, date=day, time=time, place=_text(given.place),
        presider=_text(given.presider), subject=_text(given.subject), purpose=_purpose(given.purpose),
        agenda=[a.strip() for a in given.agenda if a.strip()],
        attending=attending, invited=invited, approval=approval, contact=contact))


def contact_of(name: Optional[str], phone: Optional[str]):
    from ..meetings import MeetingContact

    if name is None and phone is None:
        return None
    if name is None or not name.strip():
        raise UsageProblem("--contact-phone 须与 --contact 联系人姓名同时给出")
    phone = check_phone(phone, "--contact-phone")
    return model_call(lambda: MeetingContact(name=name.strip(), phone=phone))


def _purpose(value: Optional[str]) -> Optional[str]:
    """The purpose sentence without a leading 为 or a closing punctuation mark (the notice adds them)."""
    value = _text(value)
    if value is None:
        return None
    value = value.removeprefix("为").rstrip("，,。；;")
    return value or None


def _text(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    return value or None


def next_sequence(records, kind: str, day: Optional[dt.date]) -> Optional[int]:
    """The meeting's number in its year (第N次): never one another meeting of the kind holds."""
    if day is None:
        return None
    year = [r for r in records if r.meeting.kind == kind and not r.meeting.example
            and r.meeting.cancelled is None  # a cancelled meeting was not held: its number is free
            and r.meeting.date is not None and r.meeting.date.year == day.year]
    sequence = sum(1 for r in year if r.meeting.date <= day) + 1
    taken = {r.meeting.sequence for r in year if r.meeting.sequence is not None}
    if sequence in taken:  # a later meeting registered first already holds it: never a duplicate
        sequence = max(taken) + 1
    return sequence


def with_sequence(ds, meeting):
    """A drafted (unregistered) meeting numbered as it would be if registered now."""
    from ..meetings import load_meetings

    if meeting.date is None:
        return meeting
    return meeting.model_copy(update={"sequence": next_sequence(load_meetings(ds.root), meeting.kind,
                                                                meeting.date)})


def yearly_findings(ds, records, meeting, meeting_id: str):
    """The per-year rules as they would stand with ``meeting`` added (its findings only)."""
    from ..meetings import MeetingRecord
    from ..rules import check_yearly

    new = MeetingRecord(Path(f"{meeting_id}.yaml"), meeting, None)
    return [finding for owner, finding in check_yearly(ds, list(records) + [new]) if owner is new]


def split_findings(findings, record=None) -> list[str]:
    """Rule errors raise (exit 1); the warnings are returned as the lines to show."""
    from ..store import display_path

    problems, warnings = [], []
    for found in findings:
        problem = found.located(record.doc) if record is not None else found
        if found.severity == "warning":
            warnings.append(("警告：" + found.message) if record is None else str(problem))
        else:
            problems.append(problem if record is not None else
                            Problem(found.message, field=".".join(map(str, found.path)) or None, rule=found.rule))
    if problems and record is None:
        raise DataError("\n".join(p.message for p in problems))
    if problems:
        raise DataErrors(problems, hint=f"请修改 {display_path(record.path)} 后重试。")
    return warnings


@dataclass
class Registered:
    path: Path
    meeting: object
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # particulars still to fill in


def register_meeting(ds, given: Particulars, *, today: dt.date, again: bool = False) -> Registered:
    """``lianxi meeting new``: check the rules, number the meeting, write ``meetings/日期-种类.yaml``.

    A meeting of the same kind on the same date is refused (it is edited with ``meeting edit``)
    unless ``again`` asks for a second one that day."""
    from ..meetings import load_meetings, meeting_path, write_meeting
    from ..rules import check_meeting
    from ..store import data_lock

    if given.date is None:
        raise UsageProblem("请用 --date 指定会议日期（文件按日期命名），如 --date 2027-03-16")
    meeting = build_meeting(ds, given)
    warnings = split_findings(check_meeting(ds, meeting, today, notice=True))
    with data_lock(ds.root):
        records = load_meetings(ds.root)
        same = [r for r in records if r.meeting.kind == meeting.kind and r.meeting.date == meeting.date]
        if same and not again:
            from ..render import kind_name

            first = same[0]
            state = "（已取消）" if first.meeting.cancelled else ""
            raise DataError(f"{meeting.date.isoformat()} 已登记{kind_name(first.meeting)}{state}：{first.id}，未做任何修改",
                            hint=f"修改时间、地点等请用 lianxi meeting edit {first.id} --time 09:30 --place 地点；"
                                 "确需同一天再开一次同类会议，加 --again")
        meeting = meeting.model_copy(update={"sequence": next_sequence(records, meeting.kind, meeting.date)})
        path = meeting_path(ds.root, meeting.date, meeting.kind)
        warnings += split_findings(yearly_findings(ds, records, meeting, path.stem))
        write_meeting(ds.root, path, meeting, overwrite=False)
    missing = [label for label, value in (("会议时间", meeting.time), ("会议地点", meeting.place),
                                          ("会议议程", meeting.agenda)) if not value]
    return Registered(path, meeting, warnings, missing)


def meeting_list(ds) -> list[dict]:
    """``lianxi meetings``: every registered meeting with its notice number and minutes status."""
    from ..meetings import DOCUMENTS_FILE, DocumentSettings, load_meetings
    from ..render import kind_name
    from ..rules import minutes_number_text, notice_number_text
    from ..store import load_settings

    settings = load_settings(ds.root, DOCUMENTS_FILE, DocumentSettings)
    items = []
    for record in load_meetings(ds.root):
        m = record.meeting
        items.append({
            "id": record.id,
            "uid": m.uid or record.id,
            "kind": m.kind,
            "kind_name": kind_name(m),
            "example": m.example,
            "cancelled": ({"date": m.cancelled.date.isoformat(), "reason": m.cancelled.reason}
                          if m.cancelled else None),
            "date": m.date.isoformat() if m.date else None,
            "time": m.time,
            "place": m.place,
            "notice": notice_number_text(settings, m.notice.year, m.notice.number) if m.notice else None,
            "minutes": m.minutes.status if m.minutes else None,
            "minutes_number": (minutes_number_text(settings, m.minutes.number)
                               if m.minutes and m.minutes.number else None),
        })
    return items
