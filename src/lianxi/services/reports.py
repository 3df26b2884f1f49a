"""The reporting system (报告制度): a member unit reports its work, or an agreed matter's progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from ..errors import DataError, UsageProblem


@dataclass
class Recorded:
    report: object
    task: object  # the agreed matter reported on, or None
    cooperating: bool = False  # reported by a cooperating unit: its own part, never the task's completion


def add_report(ds, unit: str, *, text: str, day: dt.date, today: dt.date, task: Optional[str] = None,
               status: Optional[str] = None, by: Optional[str] = None) -> Recorded:
    """``lianxi report add``: check the report against the agreed matter, append it to reports.yaml."""
    from ..followup import STATUSES, Report, add_report as append_report, find_task, tasks_from_meetings
    from ..query import unit_matcher

    if status is not None and status not in STATUSES:
        raise UsageProblem(f"--status 的值 {status} 无效，应为：进行中、已完成")
    if task is None and status is not None:
        raise UsageProblem("--status 只用于报告议定事项，请同时给出 --task")
    if task is not None and status is None:
        raise UsageProblem("报告议定事项时须给出 --status：进行中 或 已完成")
    if day > today:
        raise UsageProblem(f"--date {day.isoformat()} 晚于今天（{today.isoformat()}）")
    unit_id = unit_matcher(ds).find_exact(unit)
    found = None
    if task is not None:
        found = find_task(tasks_from_meetings(ds.root), task)
        if found.lead and unit_id not in found.units:
            cooperating = "、".join(ds.unit_name(u) for u in found.cooperating)
            raise DataError(f"{ds.unit_name(unit_id)}不是议定事项 {found.id}“{found.title}”的牵头或配合单位"
                            f"（牵头：{ds.unit_name(found.lead)}" + (f"；配合：{cooperating}" if cooperating else "")
                            + "），未做任何修改")
        if found.meeting_date and day < found.meeting_date:
            raise UsageProblem(f"--date {day.isoformat()} 早于会议日期 {found.meeting_date.isoformat()}")
    report = Report(unit=unit_id, date=day, task=found.id if found else None, status=status, text=text,
                    by=by.strip() if by and by.strip() else None)
    append_report(ds.root, report, today=today)
    return Recorded(report, found, cooperating=bool(found and found.lead and unit_id != found.lead))
