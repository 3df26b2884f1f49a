"""``lianxi todo``: what the office has to do now, from one day's point of view.

Gathered from the data, never written anywhere:

1. the regular meetings the charter requires this year (``per_year``: 例会, 联络员会议)
   not held and not scheduled;
2. upcoming meetings: the notice not issued yet, or units whose reply slip (回执) is missing;
3. meetings held: minutes not drafted, minutes waiting for the agreement of named attending
   units, minutes agreed but not issued;
4. agreed matters not completed (only the lead unit's report completes one, see
   :func:`lianxi.followup.task_status`): overdue, or due within :data:`SOON_DAYS` days;
5. seats and liaisons 待报送 (nobody in them), of the units that are members that day.

Meetings marked ``example: true`` never count. Each item names the units concerned, so
``--unit`` shows one unit's part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

SOON_DAYS = 30

SECTIONS = {"meeting": "会议", "replies": "通知与回执", "minutes": "纪要", "task": "议定事项", "seat": "人员"}


@dataclass
class Todo:
    section: str  # a key of SECTIONS
    kind: str  # meeting-due, notice-not-issued, replies-missing, minutes-missing, minutes-agreement, …
    text: str
    units: list[str] = field(default_factory=list)  # the units concerned (ids)
    items: list[str] = field(default_factory=list)  # the ids it is about (meetings, tasks, seats)
    date: Optional[dt.date] = None  # the day it is due, where there is one

    def view(self, ds) -> dict:
        from .views import unit_ref

        return {"section": SECTIONS[self.section], "kind": self.kind, "text": self.text,
                "date": self.date.isoformat() if self.date else None, "items": list(self.items),
                "units": [unit_ref(ds, u) for u in self.units]}


def _names(ds, ids) -> str:
    return "、".join(ds.unit_name(u) for u in ids)


def _meeting_label(ds, meeting, record_id: str) -> str:
    from .meetings import KIND_NAMES
    from .textcn import cn_date

    rule = ds.charter.meeting_rule(meeting.kind)
    name = rule.name if rule is not None and meeting.kind != "plenary" else KIND_NAMES.get(meeting.kind, meeting.kind)
    when = cn_date(meeting.date) if meeting.date else "日期未定"
    return f"{when}{name}（{record_id}）"


def _to_agree(ds, meeting) -> list[str]:
    """The units whose agreement the minutes need: the attending units, and of those, when the
    attendance is recorded, the ones that were there (与会单位)."""
    from .rules import agreeing_units  # the one definition, as minutes agree and render use it

    return agreeing_units(ds, meeting)


def collect(ds, day: dt.date, *, unit: Optional[str] = None) -> list[Todo]:
    """Everything to do as of ``day``; with ``unit`` (an id), only that unit's part."""
    from .followup import load_reports, task_status, tasks_from_meetings
    from .meetings import load_meetings
    from .textcn import cn_date

    out: list[Todo] = []
    records = [r for r in load_meetings(ds.root) if not r.meeting.example
               and getattr(r.meeting, "cancelled", None) is None]  # a cancelled meeting needs nothing more
    end = dt.date(day.year, 12, 31)

    def mine(ids: list[str]) -> list[str]:
        return [u for u in ids if unit is None or u == unit]

    # 1. the regular meetings of the year (the office's own business)
    for rule in ds.charter.work_rules.meetings:
        if unit is not None or not rule.per_year:
            continue
        if rule.kind == "liaison-adhoc":
            continue
        of_kind = [r for r in records if r.meeting.kind == rule.kind and not getattr(r.meeting, "adhoc", False)
                   and r.meeting.date is not None and r.meeting.date.year == day.year]
        held = [r for r in of_kind if r.meeting.date <= day]
        planned = [r for r in of_kind if r.meeting.date > day]
        missing = rule.per_year - len(held) - len(planned)
        if missing > 0:
            out.append(Todo("meeting", "meeting-due",
                            f"{day.year}年{rule.name}尚未安排（规定每年 {rule.per_year} 次，已召开 {len(held)} 次、"
                            f"已安排 {len(planned)} 次；距年底还有 {(end - day).days} 天）",
                            items=[rule.kind], date=end))

    for record in records:
        meeting = record.meeting
        if meeting.date is None:
            continue
        label = _meeting_label(ds, meeting, record.id)
        # 2. upcoming meetings: the notice, then the replies
        if meeting.date >= day:
            from .rules import attending_units

            if meeting.notice is None and unit is None:
                out.append(Todo("replies", "notice-not-issued", f"{label}：会议通知尚未印发",
                                items=[record.id], date=meeting.date))
            if meeting.notice is None:
                continue
            replied = {r.unit for r in getattr(meeting, "replies", None) or []}
            missing = mine([u for u in attending_units(ds, meeting) if u not in replied])
            if missing:
                out.append(Todo("replies", "replies-missing",
                                f"{label}：{len(missing)} 个单位尚未报送回执：{_names(ds, missing)}",
                                units=missing, items=[record.id], date=meeting.date))
            continue
        # 3. meetings held: their minutes
        minutes = meeting.minutes
        if minutes is None and unit is None:
            out.append(Todo("minutes", "minutes-missing", f"{label}已召开，尚未形成纪要（lianxi minutes new {record.id}）",
                            items=[record.id]))
        elif minutes is None:
            continue
        elif minutes.status == "draft":
            agreed = {a.unit for a in minutes.agreed_by}
            waiting = mine([u for u in _to_agree(ds, meeting) if u not in agreed])
            if waiting:
                out.append(Todo("minutes", "minutes-agreement",
                                f"{label}的纪要待 {len(waiting)} 个与会单位同意：{_names(ds, waiting)}",
                                units=waiting, items=[record.id]))
            elif unit is None:
                out.append(Todo("minutes", "minutes-not-issued", f"{label}的纪要待印发", items=[record.id]))
        elif minutes.status == "agreed" and unit is None:
            out.append(Todo("minutes", "minutes-not-issued",
                            f"{label}的纪要各与会单位已同意，待印发（lianxi minutes render {record.id} --final -o 纪要.docx）",
                            items=[record.id]))

    # 4. agreed matters
    reports = load_reports(ds.root)[0].reports
    soon = day + dt.timedelta(days=SOON_DAYS)
    for task in tasks_from_meetings(ds.root):
        if task.example or task.deadline is None or task.deadline > soon or not mine(task.units) and unit:
            continue
        state = task_status(task, reports, day)
        if state["status"] == "已完成":
            continue
        who = ds.unit_name(task.lead) if task.lead else "牵头单位未载明"
        said = "尚未报告" if state["status"] == "未报告" else f"最近报告：{state['status']}"
        if state["overdue"]:
            text = (f"议定事项 {task.id}“{task.title}”已过完成时限 {cn_date(task.deadline)}（逾期 "
                    f"{(day - task.deadline).days} 天），牵头单位{who}{said}")
            kind = "task-overdue"
        else:
            text = (f"议定事项 {task.id}“{task.title}”将于 {cn_date(task.deadline)} 到期（还有 "
                    f"{(task.deadline - day).days} 天），牵头单位{who}{said}")
            kind = "task-due"
        out.append(Todo("task", kind, text, units=task.units, items=[task.id], date=task.deadline))

    # 5. seats and liaisons nobody holds
    liaisons, others = [], []
    for seat in ds.members.seats:
        if seat.holder_on(day) is None and ds.active_on(seat.unit, day) and (unit is None or seat.unit == unit):
            (liaisons if seat.role == "联络员" else others).append(seat)
    for seat in others:
        what = seat.post or "人选"
        out.append(Todo("seat", "seat-pending", f"{ds.unit_name(seat.unit)} {seat.role}待报送（{what}）",
                        units=[seat.unit] if seat.unit else [], items=[seat.id]))
    if liaisons:
        units = [s.unit for s in liaisons if s.unit]
        text = (f"{_names(ds, units)}的联络员待报送" if unit is not None
                else f"{len(liaisons)} 个成员单位的联络员待报送：{_names(ds, units)}")
        out.append(Todo("seat", "liaison-pending", text,
                        units=units, items=[s.id for s in liaisons]))
    return out
