"""Changing a registered meeting from the command line: edit, cancel, agenda, guests, reply slips.

Every change reads the meeting file again under the data lock, applies the change to the
model, checks the seed's work rules on the result (an error writes nothing) and writes the
file through :func:`lianxi.meetings.write_meeting` (in place where it can, comments kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from ..errors import DataError, NothingToDo, UsageProblem


@dataclass
class Changed:
    record: object  # the meeting record as it was found
    meeting: object  # the meeting as written (or as it would be, in a dry run)
    path: object  # the file written (a new name when the date changed)
    warnings: list[str] = field(default_factory=list)
    changed: bool = True
    unit: Optional[str] = None  # the unit a reply slip was recorded for


def _fresh(ds, record):
    from ..errors import Collector, DataErrors
    from ..meetings import load_meeting_file

    collector = Collector()
    fresh = load_meeting_file(record.path, collector, ds.root)
    if fresh is None:
        raise DataErrors(collector.errors)
    return fresh


def refuse_cancelled(record, meeting, what: str) -> None:
    if meeting.cancelled is not None:
        raise DataError(f"会议 {record.id} 已于 {meeting.cancelled.date.isoformat()} 取消"
                        f"（{meeting.cancelled.reason}），不能{what}，未做任何修改")


def change_meeting(ds, meeting_ref: str, apply: Callable, *, today: dt.date, what: str = "修改") -> Changed:
    """Apply ``apply(meeting, record) -> meeting`` to a registered meeting, check, write."""
    from ..meetings import find_meeting, load_meetings, meeting_path, write_meeting
    from ..rules import check_meeting
    from ..store import data_lock, remove_file
    from .meetings import split_findings, yearly_findings

    record = find_meeting(ds.root, meeting_ref)
    with data_lock(ds.root):
        fresh = _fresh(ds, record)
        old = fresh.meeting
        if old.example:
            raise DataError(f"会议 {record.id} 是示例会议，不能{what}")
        new = apply(old, fresh)
        if new == old:
            return Changed(record, old, record.path, [], changed=False)
        moved = new.date != old.date
        warnings = split_findings(check_meeting(ds, new, today, notice=moved and new.notice is None))
        path = record.path
        if moved or new.kind != old.kind:
            others = [r for r in load_meetings(ds.root) if r.path != record.path]
            path = meeting_path(ds.root, new.date, new.kind)
            warnings += split_findings(yearly_findings(ds, others, new, path.stem))
            write_meeting(ds.root, path, new, overwrite=False)
            remove_file(record.path, ds.root)
        else:
            write_meeting(ds.root, path, new, overwrite=True)
    return Changed(record, new, path, warnings)


# ---------------------------------------------------------------- edit, cancel


@dataclass
class Edits:
    """What ``meeting edit`` was asked to change; None leaves a particular as it is."""

    date: Optional[str] = None
    time: Optional[str] = None
    place: Optional[str] = None
    presider: Optional[str] = None
    purpose: Optional[str] = None
    subject: Optional[str] = None
    agenda: Sequence[str] = ()
    units: Sequence[str] = ()
    all_units: bool = False
    approved_by: Optional[str] = None
    approved_on: Optional[str] = None
    contact_name: Optional[str] = None
    contact_phone: Optional[str] = None


def edit_meeting(ds, meeting_ref: str, edits: Edits, *, today: dt.date) -> Changed:
    """``lianxi meeting edit``: change the particulars of a registered meeting."""
    from ..dates import parse_date
    from ..meetings import Approval
    from ..query import unit_matcher
    from .meetings import _purpose, _text, contact_of, model_call, parse_time

    update: dict = {}
    if edits.date is not None:
        update["date"] = parse_date(edits.date, "--date")
    if edits.time is not None:
        update["time"] = parse_time(edits.time)
    for name in ("place", "presider", "subject"):
        value = getattr(edits, name)
        if value is not None:
            if not value.strip():
                raise UsageProblem(f"--{name} 不能为空")
            update[name] = _text(value)
    if edits.purpose is not None:
        update["purpose"] = _purpose(edits.purpose)
        if update["purpose"] is None:
            raise UsageProblem("--purpose 不能为空")
    if edits.agenda:
        update["agenda"] = [a.strip() for a in edits.agenda if a.strip()]
    if edits.units and edits.all_units:
        raise UsageProblem("--unit 与 --all-units 只能选一个")
    if edits.units:
        matcher = unit_matcher(ds)
        update["attending"] = list(dict.fromkeys(matcher.find_exact(u) for u in edits.units))
    if edits.all_units:
        update["attending"] = None
    if edits.approved_on is not None and edits.approved_by is None:
        raise UsageProblem("--approved-on 须与 --approved-by 同时给出")
    if edits.approved_by is not None:
        on = parse_date(edits.approved_on, "--approved-on") or today
        update["approval"] = model_call(lambda: Approval(by=edits.approved_by.strip(), date=on))
    if edits.contact_name is not None or edits.contact_phone is not None:
        update["contact"] = None  # filled in below, against the meeting's own contact
    if not update:
        raise UsageProblem("请指定要修改的内容，如 --time 09:30、--place 地点、--date 2027-03-17（lianxi meeting edit --help）")

    def apply(meeting, record):
        refuse_cancelled(record, meeting, "修改")
        changes = dict(update)
        if "contact" in changes:
            own = meeting.contact
            name = edits.contact_name if edits.contact_name is not None else (own.name if own else None)
            phone = edits.contact_phone if edits.contact_phone is not None else (own.phone if own else None)
            changes["contact"] = contact_of(name, phone)
        if "subject" in changes and meeting.kind != "topic":
            raise UsageProblem("--subject 只用于专题会议")
        if "date" in changes and changes["date"] != meeting.date:
            if meeting.minutes is not None:
                raise DataError(f"会议 {record.id} 已有纪要，不能改会议日期，未做任何修改")
            if meeting.notice is not None:
                raise DataError(f"会议 {record.id} 的通知已印发，不能改期，未做任何修改",
                                hint=f"改期请先取消本次会议（lianxi meeting cancel {record.id} --reason 改期），"
                                     "再按新日期登记（lianxi meeting new）并重新印发通知。")
        new = model_call(lambda: type(meeting).model_validate({**meeting.model_dump(), **changes}))
        if new.date != meeting.date:  # numbered again among the meetings of its (new) date
            from ..meetings import load_meetings
            from .meetings import next_sequence

            others = [r for r in load_meetings(ds.root) if r.path != record.path]
            # the calendar keeps knowing it as the event it was first exported as (lianxi meetings -o .ics)
            new = new.model_copy(update={"sequence": next_sequence(others, new.kind, new.date),
                                         "uid": meeting.uid or record.id})
        return new

    return change_meeting(ds, meeting_ref, apply, today=today)


def cancel_meeting(ds, meeting_ref: str, *, reason: str, day: dt.date, today: dt.date,
                   day_given: bool = True) -> Changed:
    """``lianxi meeting cancel``: the meeting stays on file, marked cancelled with the reason.

    A cancelled meeting does not count as held; a notice number it carries stays registered.
    Cancelling it again with the same reason (and the same date, when ``day_given``) is
    :class:`~lianxi.errors.NothingToDo`; another reason or date is refused."""
    from ..meetings import Cancellation
    from .meetings import model_call

    if not reason or not reason.strip():
        raise UsageProblem("请用 --reason 写明取消原因，如 --reason 因防台风推迟")

    def apply(meeting, record):
        done = meeting.cancelled
        if done is not None and done.reason == reason.strip() and (done.date == day or not day_given):
            raise NothingToDo(f"会议 {record.id} 已于 {done.date.isoformat()} 取消（{done.reason}），无需变动。")
        refuse_cancelled(record, meeting, "再次取消")
        if meeting.minutes is not None:
            raise DataError(f"会议 {record.id} 已有纪要（会议已召开），不能取消，未做任何修改")
        return meeting.model_copy(update={"cancelled": model_call(
            lambda: Cancellation(date=day, reason=reason.strip()))})

    return change_meeting(ds, meeting_ref, apply, today=today, what="取消")


# ---------------------------------------------------------------- agenda


def _position(value: int, count: int, option: str, *, extra: int = 0) -> int:
    if not 1 <= value <= count + extra:
        if count + extra == 0:
            raise UsageProblem(f"{option} 的值 {value} 无效：议程还是空的")
        raise UsageProblem(f"{option} 的值 {value} 无效，应为 1 到 {count + extra}")
    return value - 1


def change_agenda(ds, meeting_ref: str, action: str, *, text: Optional[str] = None, at: Optional[int] = None,
                  item: Optional[int] = None, to: Optional[int] = None, today: dt.date) -> Changed:
    """``lianxi meeting agenda add|remove|move``: one agenda item added, removed or moved (1-based)."""

    def apply(meeting, record):
        refuse_cancelled(record, meeting, "修改议程")
        if meeting.minutes is not None:
            raise DataError(f"会议 {record.id} 已有纪要，议程不再修改，未做任何修改")
        agenda = list(meeting.agenda)
        if action == "add":
            value = (text or "").strip()
            if not value:
                raise UsageProblem("议程内容不能为空")
            index = len(agenda) if at is None else _position(at, len(agenda), "--at", extra=1)
            if value in agenda:  # the same item twice: a repeat, not a second item
                where = agenda.index(value) + 1
                raise NothingToDo(f"会议 {record.id} 的议程已有第 {where} 项“{value}”，无需变动。"
                                  + (f"调整顺序请用 lianxi meeting agenda move {record.id} {where} {at}"
                                     if at is not None and at != where else ""))
            agenda.insert(index, value)
        elif action == "remove":
            agenda.pop(_position(item, len(agenda), "序号"))
        else:
            moved = agenda.pop(_position(item, len(agenda), "序号"))
            agenda.insert(_position(to, len(agenda), "新位置", extra=1), moved)
        return meeting.model_copy(update={"agenda": agenda})

    return change_meeting(ds, meeting_ref, apply, today=today)


# ---------------------------------------------------------------- guests (列席)


def add_guest(ds, meeting_ref: str, *, unit: Optional[str] = None, expert: Optional[str] = None,
              title: Optional[str] = None, affiliation: Optional[str] = None, wording: Optional[str] = None,
              today: dt.date) -> Changed:
    """``lianxi meeting guest add``: a unit (有关负责同志) or an expert (name, title, affiliation)."""
    from .meetings import guest

    if (unit is None) == (expert is None):
        raise UsageProblem("请用 --unit 单位名称 邀请列席单位，或用 --expert 姓名 邀请专家（二者选一）")
    if expert is not None:
        if not affiliation or not affiliation.strip():
            raise UsageProblem("邀请专家须写明 --affiliation 所在单位，如 --affiliation 泉州市妇幼保健院")
        if not expert.strip():
            raise UsageProblem("--expert 专家姓名不能为空")
        invitee = guest(ds, affiliation, expert=True, person=expert, post=title, wording=wording)
    else:
        if title is not None or affiliation is not None:
            raise UsageProblem("--title、--affiliation 只用于专家（--expert）")
        invitee = guest(ds, unit, wording=wording)

    def apply(meeting, record):
        refuse_cancelled(record, meeting, "邀请列席")
        same = [g for g in meeting.invited if (g.name, g.person) == (invitee.name, invitee.person)]
        if same and same[0] == invitee:
            raise NothingToDo(f"{invitee.person or invitee.name} 已在列席名单中，无需变动。")
        if same:
            raise DataError(f"{invitee.person or invitee.name} 已在列席名单中（写法或职称不同），未做任何修改",
                            hint=f"要改为新的写法，先取消再邀请：lianxi meeting guest remove {record.id} "
                                 f"{invitee.person or invitee.name}")
        return meeting.model_copy(update={"invited": list(meeting.invited) + [invitee]})

    return change_meeting(ds, meeting_ref, apply, today=today)


def remove_guest(ds, meeting_ref: str, which: str, *, today: dt.date) -> Changed:
    """``lianxi meeting guest remove``: by its place in the list (1, 2 …), unit name or expert name."""

    def apply(meeting, record):
        guests = list(meeting.invited)
        found = [i for i, g in enumerate(guests) if which.strip() in (g.name, g.person, str(i + 1))]
        if len(found) != 1:
            listed = "、".join(f"{i}. {g.person or g.name}" for i, g in enumerate(guests, 1)) or "无"
            raise DataError(f"列席名单中{'有多个' if found else '没有'}“{which}”，未做任何修改（列席名单：{listed}）")
        guests.pop(found[0])
        return meeting.model_copy(update={"invited": guests})

    return change_meeting(ds, meeting_ref, apply, today=today)


# ---------------------------------------------------------------- reply slips (回执)

REPLY_STATUS_NAMES = {"attend": "参会", "substitute": "代参会", "absent": "请假", None: "待回执"}


def record_reply(ds, meeting_ref: str, unit: str, *, attendee: Optional[str] = None, post: Optional[str] = None,
                 phone: Optional[str] = None, substitute: Optional[str] = None, leave: Optional[str] = None,
                 day: dt.date, today: dt.date) -> Changed:
    """``lianxi meeting reply``: one unit's reply slip; a second reply of the unit replaces the first.

    While the minutes are a draft nobody has agreed to, their attendance follows the replies."""
    from ..meetings import Reply
    from ..query import unit_matcher
    from ..rules import attending_units
    from .meetings import _text, check_phone, model_call

    if attendee is not None and substitute is not None:
        raise UsageProblem("--attendee 与 --substitute 只能选一个：本人参会用 --attendee，委托他人参会用 --substitute 代参会人")
    if attendee is not None and leave is not None:
        raise UsageProblem("请假（--leave）时不写 --attendee；委托他人参会的，用 --substitute 代参会人 --leave 原因")
    if attendee is None and substitute is None and leave is None:
        raise UsageProblem("请写明参会情况：--attendee 参会人、--substitute 代参会人，或 --leave 请假原因")
    for value, option in ((attendee, "--attendee"), (substitute, "--substitute"), (leave, "--leave")):
        if value is not None and not value.strip():
            raise UsageProblem(f"{option} 不能为空")
    phone = check_phone(phone, "--phone")
    unit_id = unit_matcher(ds).find_exact(unit)
    if substitute is not None:
        status, name = "substitute", substitute
    elif attendee is not None:
        status, name = "attend", attendee
    else:
        status, name = "absent", None

    def apply(meeting, record):
        refuse_cancelled(record, meeting, "登记回执")
        if unit_id not in attending_units(ds, meeting):
            raise DataError(f"{ds.unit_name(unit_id)}不是会议 {record.id} 的参会单位，无需回执，未做任何修改")
        who = name
        if status == "absent":  # the member (or liaison) who asks for leave
            role = "联络员" if meeting.kind == "liaison" else "成员"
            seat = ds.seat_of(unit_id, role)
            holder = seat.holder_on(meeting.date) if seat is not None and meeting.date else None
            who = holder.name if holder else None
        reply = model_call(lambda: Reply(unit=unit_id, status=status, name=_text(who), post=_text(post),
                                         phone=phone, reason=_text(leave), date=day))
        replies = [r for r in meeting.replies if r.unit != unit_id] + [reply]
        order = {u: i for i, u in enumerate(attending_units(ds, meeting))}
        replies.sort(key=lambda r: order.get(r.unit, len(order)))
        update = {"replies": replies}
        minutes = meeting.minutes
        if minutes is not None:
            if minutes.status != "draft" or minutes.agreed_by:
                raise DataError(f"会议 {record.id} 的纪要已征得同意，回执不再修改，未做任何修改")
            drafted = scaffold_minutes(ds, meeting.model_copy(update={"replies": replies}))
            update["minutes"] = minutes.model_copy(update={"attendance": drafted.attendance})
        return meeting.model_copy(update=update)

    done = change_meeting(ds, meeting_ref, apply, today=today, what="登记回执")
    done.unit = unit_id
    return done


def scaffold_minutes(ds, meeting):
    """Minutes to fill in, from the meeting's replies and the roster of the meeting date."""
    from ..meetings import Absent, Attendance, Minutes, Present
    from ..rules import attending_units
    from ..textcn import pending

    day = meeting.date
    replies = {r.unit: r for r in meeting.replies}
    present, absent = [], []
    role = "联络员" if meeting.kind == "liaison" else "成员"
    if meeting.kind in ("plenary", "adhoc") and day is not None:
        for seat in ds.members.seats:
            if seat.role in ("总召集人", "召集人", "副召集人") and seat.unit:
                holder = seat.holder_on(day)
                if holder is not None:
                    present.append(Present(unit=seat.unit, name=holder.name))
    for unit_id in attending_units(ds, meeting):
        seat = ds.seat_of(unit_id, role)
        holder = seat.holder_on(day) if (seat is not None and day is not None) else None
        reply = replies.get(unit_id)
        default = holder.name if holder else "unknown"
        if reply is None or reply.status == "attend":
            present.append(Present(unit=unit_id, name=(reply.name if reply and reply.name else default)))
        elif reply.status == "substitute":
            present.append(Present(unit=unit_id, name=reply.name or "unknown", substitute=True))
        else:
            absent.append(Absent(unit=unit_id, name=reply.name or default, reason=reply.reason))
    return Minutes(status="draft", summary=pending("会议听取和研究的事项"),
                   attendance=Attendance(present=present, absent=absent))


def reply_list(ds, meeting_ref: str) -> dict:
    """``lianxi meeting replies``: every attending unit with its reply slip, or 待回执."""
    from ..meetings import find_meeting
    from ..render import reply_deadline
    from ..rules import attending_units
    from ..meetings import DOCUMENTS_FILE, DocumentSettings
    from ..store import load_settings

    record = find_meeting(ds.root, meeting_ref)
    meeting = record.meeting
    settings = load_settings(ds.root, DOCUMENTS_FILE, DocumentSettings)
    replies = {r.unit: r for r in meeting.replies}
    units = []
    for unit_id in attending_units(ds, meeting):
        reply = replies.get(unit_id)
        units.append({
            "unit": unit_id, "unit_name": ds.unit_name(unit_id),
            "status": reply.status if reply else None,
            "status_name": REPLY_STATUS_NAMES[reply.status if reply else None],
            "name": reply.name if reply else None, "post": reply.post if reply else None,
            "phone": reply.phone if reply else None, "reason": reply.reason if reply else None,
            "date": reply.date.isoformat() if reply and reply.date else None,
        })
    deadline = None
    if meeting.date:
        from ..holidays import calendar

        deadline = reply_deadline(meeting.date, settings.reply_days, calendar(ds.root))  # as the notice does
    return {"meeting": record.id, "deadline": deadline.isoformat() if deadline else None,
            "cancelled": meeting.cancelled is not None, "units": units,
            "replied": sum(1 for u in units if u["status"]), "waiting": [u["unit_name"] for u in units
                                                                         if not u["status"]]}
