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


def build_meeting(ds, given: Particulars):
    """A Meeting from the particulars (names of units and people resolved against ``ds``)."""
    from ..dates import parse_date
    from ..meetings import _TIME_RE, KINDS, Approval, Invitee, Meeting
    from ..query import norm, unit_matcher

    kind = given.kind
    if kind not in KINDS:
        raise UsageProblem(f"--type 的值 {kind} 无效，应为 plenary、adhoc、liaison 或 topic")
    if given.adhoc and kind != "liaison":
        raise UsageProblem("--adhoc 只用于联络员会议（--type liaison）；临时召集的全体会议请用 --type adhoc")
    if (given.approved_by is None) != (given.approved_on is None):
        raise UsageProblem("--approved-by 与 --approved-on 须同时给出")
    if given.subject is not None and kind != "topic":
        raise UsageProblem("--subject 只用于专题会议（--type topic）")
    day = parse_date(given.date, "--date")
    time = given.time
    if time is not None:
        time = time.strip()
        if not _TIME_RE.match(time):
            raise UsageProblem(f"--time 的值 {time} 不是时间，应为 09:00 的形式")
        if len(time) == 4:
            time = "0" + time
    matcher = unit_matcher(ds)
    attending = [matcher.find_exact(u) for u in given.units] if given.units else None
    invited = []
    for name in given.invite:
        name = name.strip()
        if not name:
            raise UsageProblem("--invite 的值不能为空")
        # exact names only: "消防安全专家" must not turn into 区消防救援大队
        unit = next((u for u in ds.members.units if norm(name) in {norm(n) for n in u.all_names()}), None)
        if unit is not None:
            invited.append(Invitee(name=unit.name, unit=unit.id))
        elif len(name.split()) == 2:  # "福建医科大学 李教授": a person of that body, invited by name
            body, person = name.split()
            invited.append(Invitee(name=body, person=person, kind="expert" if re.search(
                r"教授|专家|研究员|医师|博士|老师", person) else "department"))
        else:
            invited.append(Invitee(name=name, kind="expert" if "专家" in name else "department"))
    approval = None
    if given.approved_by is not None:
        approval = Approval(by=given.approved_by.strip(), date=parse_date(given.approved_on, "--approved-on"))
    from pydantic import ValidationError

    try:
        return Meeting(kind=kind, adhoc=given.adhoc, date=day, time=time, place=_text(given.place),
                       presider=_text(given.presider), subject=_text(given.subject),
                       agenda=[a.strip() for a in given.agenda if a.strip()],
                       attending=attending, invited=invited, approval=approval)
    except ValidationError as exc:  # a value the model refuses (a control character, …)
        from ..store import translate_error

        raise DataErrors([Problem(translate_error(e), field=".".join(map(str, e["loc"])))
                          for e in exc.errors(include_url=False)]) from None


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


def register_meeting(ds, given: Particulars, *, today: dt.date) -> Registered:
    """``lianxi meeting new``: check the rules, number the meeting, write ``meetings/日期-种类.yaml``."""
    from ..meetings import load_meetings, meeting_path, write_meeting
    from ..rules import check_meeting
    from ..store import data_lock

    if given.date is None:
        raise UsageProblem("请用 --date 指定会议日期（文件按日期命名），如 --date 2027-03-16")
    meeting = build_meeting(ds, given)
    warnings = split_findings(check_meeting(ds, meeting, today, notice=True))
    with data_lock(ds.root):
        records = load_meetings(ds.root)
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
    from ..store import load_optional

    settings, _ = load_optional(ds.root, DOCUMENTS_FILE, DocumentSettings)
    items = []
    for record in load_meetings(ds.root):
        m = record.meeting
        items.append({
            "id": record.id,
            "kind": m.kind,
            "kind_name": kind_name(m),
            "example": m.example,
            "date": m.date.isoformat() if m.date else None,
            "time": m.time,
            "place": m.place,
            "notice": notice_number_text(settings, m.notice.year, m.notice.number) if m.notice else None,
            "minutes": m.minutes.status if m.minutes else None,
            "minutes_number": (minutes_number_text(settings, m.minutes.number)
                               if m.minutes and m.minutes.number else None),
        })
    return items
