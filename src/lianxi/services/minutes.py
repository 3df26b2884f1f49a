"""Minutes (纪要): drafted from the meeting's replies, agreed by the units that attended.

The seed: 纪要 are issued once the attending units (与会单位) agree. Drafting and agreeing
rewrite the meeting file under the data lock, re-validated before it is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..errors import Collector, DataError, DataErrors, NotFound


def latest_with_minutes(root: Path):
    """The most recent meeting that has minutes (NotFound when none has)."""
    from ..meetings import load_meetings

    records = [r for r in load_meetings(root) if r.meeting.minutes is not None]
    if not records:
        raise NotFound("还没有会议纪要", hint="先登记会议（lianxi meeting new），再生成纪要草稿：lianxi minutes new 会议")
    return max(records, key=lambda r: (r.meeting.date is not None, r.meeting.date, r.id))


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


def _fresh(ds, record):
    """The meeting file read again under the lock."""
    from ..meetings import load_meeting_file

    collector = Collector()
    fresh = load_meeting_file(record.path, collector, ds.root)
    if fresh is None:
        raise DataErrors(collector.errors)
    return fresh


def draft_minutes(ds, meeting_ref: str):
    """``lianxi minutes new``: write the scaffold into the meeting file; returns the meeting record."""
    from ..meetings import find_meeting, write_meeting
    from ..store import data_lock, display_path

    record = find_meeting(ds.root, meeting_ref)
    with data_lock(ds.root):
        fresh = _fresh(ds, record)
        if fresh.meeting.minutes is not None:
            raise DataError(f"会议 {record.id} 已有纪要（不会覆盖）：请直接编辑 {display_path(record.path)}")
        meeting = fresh.meeting.model_copy(update={"minutes": scaffold_minutes(ds, fresh.meeting)})
        write_meeting(ds.root, record.path, meeting, overwrite=True)
    return record


@dataclass
class Agreed:
    record: object
    added: list[str] = field(default_factory=list)  # unit ids recorded now
    already: list[str] = field(default_factory=list)  # unit ids that had agreed before
    waiting: list[str] = field(default_factory=list)  # attending unit ids yet to agree


def agree_minutes(ds, meeting_ref: str, units: Sequence[str], *, day: dt.date) -> Agreed:
    """``lianxi minutes agree``: record that attending units agreed; all agreed → status agreed."""
    from ..meetings import Agreement, find_meeting, write_meeting
    from ..query import unit_matcher
    from ..rules import attending_units
    from ..store import data_lock

    record = find_meeting(ds.root, meeting_ref)
    matcher = unit_matcher(ds)
    unit_ids = list(dict.fromkeys(matcher.find_exact(u) for u in units))
    with data_lock(ds.root):
        meeting = _fresh(ds, record).meeting
        minutes = meeting.minutes
        if minutes is None:
            raise DataError(f"会议 {record.id} 还没有纪要：先运行 lianxi minutes new {record.id}")
        if minutes.status == "issued":
            raise DataError(f"会议 {record.id} 的纪要已印发，不能再修改")
        attending = attending_units(ds, meeting)
        outside = [ds.unit_name(u) for u in unit_ids if u not in attending]
        if outside:
            raise DataError("以下单位不是该会议的与会单位，无需同意纪要：" + "、".join(outside))
        if meeting.date is not None and day < meeting.date:
            raise DataError(f"同意日期 {day.isoformat()} 早于会议日期 {meeting.date.isoformat()}")
        done = {a.unit for a in minutes.agreed_by}
        already = [u for u in unit_ids if u in done]
        added = [Agreement(unit=u, date=day) for u in unit_ids if u not in done]
        agreed_by = list(minutes.agreed_by) + added
        waiting = [u for u in attending if u not in {a.unit for a in agreed_by}]
        if added:
            status = "agreed" if not waiting else minutes.status
            minutes = minutes.model_copy(update={"agreed_by": agreed_by, "status": status})
            write_meeting(ds.root, record.path, meeting.model_copy(update={"minutes": minutes}), overwrite=True)
    return Agreed(record, [a.unit for a in added], already, waiting)
