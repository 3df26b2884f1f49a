"""Following decisions through: tasks from minutes, member units' reports, the yearly rule check.

* A *task* is one agreed matter (议定事项) in a meeting's minutes; its id is
  ``<meeting id>/<n>`` — the meeting file's name without ``.yaml`` and the matter's place in
  the minutes, from 1 (e.g. ``2027-03-16-plenary/2``). Tasks are read from the meeting files
  through :func:`tasks_from_meetings`, the one adapter to the meeting model.
* ``reports.yaml`` → :class:`ReportsFile`: what each member unit reported (报告制度), on a
  task (with status 进行中/已完成) or on its work in general.
* :func:`run_check` — what the charter's rules still require in a year: the regular meeting
  and the liaison meeting held or due, minutes not issued, tasks past deadline without a
  report, units that have not reported, seats nobody holds. Each finding cites the rule text.

Meetings marked ``example: true`` are fiction shipped to show the documents: their tasks are
listed only on request and never count in the check or the annual summary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .errors import Collector, Problem
from .model import Date, Id, Strict, Text
from .textcn import cn_date

REPORTS_FILE = "reports.yaml"
STATUSES = ("进行中", "已完成")
NO_REPORT = "未报告"

_TASK_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*/[1-9][0-9]*$")


def _task_ref(value: str) -> str:
    if not _TASK_RE.match(value):
        raise PydanticCustomError(
            "task", "议定事项编号应为“会议编号/序号”，如 2027-03-16-plenary/1（用 lianxi tasks 查看）")
    return value


TaskRef = Annotated[str, AfterValidator(_task_ref)]

REPORTS_COMMENT = """\
# 成员单位报告（报告制度）：各成员单位履行职责、落实联席会议决定事项和开展工作的情况。
# 可用“lianxi report add”追加，也可以手工编辑；每条报告一项：
#   - unit: gongan                  # 报告单位（members.yaml 中 units 的 id）
#     date: 2027-04-10              # 报告日期
#     task: 2027-03-16-plenary/1    # 可选：所报告的议定事项（lianxi tasks 查看编号）
#     status: 进行中                # 报告议定事项时必填：进行中 或 已完成
#     text: 已完成辖区托育机构消防安全检查……
# 尚无报告时保持 reports: []。"""


class Report(Strict):
    unit: Id = Field(description="报告单位（members.yaml 中 units 的 id）")
    date: Date = Field(description="报告日期")
    task: Optional[TaskRef] = Field(None, description="所报告的议定事项，如 2027-03-16-plenary/1；一般工作报告不写")
    status: Optional[Literal["进行中", "已完成"]] = Field(None, description="议定事项的落实情况：进行中 或 已完成")
    text: Text = Field(description="报告内容")
    by: Optional[Text] = Field(None, description="报告人")
    note: Optional[str] = None


class ReportsFile(Strict):
    reports: list[Report] = Field(default_factory=list)


# ---------------------------------------------------------------- tasks


@dataclass
class Task:
    id: str
    meeting_id: str
    index: int  # 1-based place in the minutes
    title: str
    text: str
    lead: Optional[str]
    cooperating: list[str]
    deadline: Optional[dt.date]
    meeting_kind: str
    meeting_date: Optional[dt.date]
    minutes_status: str
    example: bool
    file: str
    doc: Any = None  # the meeting's yamldoc.Document, to locate findings
    path: tuple = ()  # field path of the matter inside the meeting file

    @property
    def units(self) -> list[str]:
        return ([self.lead] if self.lead else []) + [u for u in self.cooperating if u != self.lead]

    def locate(self, sub: tuple = ()) -> dict:
        if self.doc is None:
            return {"file": self.file}
        line, column = self.doc.locate(self.path + sub)
        from .yamldoc import format_path

        return {"file": self.file, "line": line, "column": column, "field": format_path(self.path + sub)}


def tasks_from_meetings(root: Path, collector: Optional[Collector] = None) -> list[Task]:
    """Every agreed matter of every meeting file, as a Task.

    The ONE adapter between follow-up and the meeting model (``lianxi.meetings``): if the
    meeting files change shape, only this function changes.
    """
    from .meetings import load_meetings
    from .store import display_path

    tasks = []
    for record in load_meetings(root, collector):
        meeting = record.meeting
        minutes = meeting.minutes
        if minutes is None:
            continue
        for n, matter in enumerate(minutes.matters, 1):
            tasks.append(Task(
                id=f"{record.id}/{n}",
                meeting_id=record.id,
                index=n,
                title=matter.title,
                text=matter.text,
                lead=matter.lead,
                cooperating=list(matter.cooperating),
                deadline=matter.deadline,
                meeting_kind=meeting.kind,
                meeting_date=meeting.date,
                minutes_status=minutes.status,
                example=meeting.example,
                file=display_path(record.path),
                doc=record.doc,
                path=("minutes", "matters", n - 1),
            ))
    return tasks


def meetings_for_check(root: Path, collector: Optional[Collector] = None) -> list[dict]:
    """The meetings as the yearly check needs them (the same adapter boundary as tasks)."""
    from .meetings import load_meetings
    from .store import display_path

    out = []
    for record in load_meetings(root, collector):
        m = record.meeting
        kind = m.kind
        if kind == "liaison" and getattr(m, "adhoc", False):
            kind = "liaison-adhoc"
        out.append({
            "id": record.id,
            "kind": kind,
            "date": m.date,
            "example": m.example,
            "minutes": None if m.minutes is None else m.minutes.status,
            "file": display_path(record.path),
            "doc": record.doc,
        })
    return out




def load_reports(root: Path, collector: Optional[Collector] = None):
    """(ReportsFile, Document|None); an absent file is an empty list."""
    from .store import load_optional

    return load_optional(root, REPORTS_FILE, ReportsFile, collector)


_BY_TASK: list = [None, None, None]  # (reports list, its length, task id → reports): one-entry cache


def _by_task(reports: list[Report]) -> dict[str, list[Report]]:
    """Reports grouped by task, in file order; rebuilt when a different or grown list is asked for.

    ``check`` and the annual report look up every task: scanning every report for each
    one would grow with tasks × reports.
    """
    if _BY_TASK[0] is not reports or _BY_TASK[1] != len(reports):
        index: dict[str, list[Report]] = {}
        for r in reports:
            if r.task is not None:
                index.setdefault(r.task, []).append(r)
        _BY_TASK[:] = [reports, len(reports), index]
    return _BY_TASK[2]


def reports_for(reports: list[Report], task_id: str, as_of: Optional[dt.date] = None) -> list[Report]:
    """Reports on a task up to ``as_of``, oldest first (file order breaks ties)."""
    found = [r for r in _by_task(reports).get(task_id, ()) if as_of is None or r.date <= as_of]
    return sorted(found, key=lambda r: r.date)


def unit_parts(task: Task, reports: list[Report], as_of: dt.date) -> list[dict]:
    """Each reporting unit's part of a task: its latest report and how many it made, lead first.

    A unit's history is every report it made on the task (oldest first); a later report
    never erases an earlier one, and the unit's current status is its latest report.
    """
    mine: dict[str, list[Report]] = {}
    for report in reports_for(reports, task.id, as_of):
        mine.setdefault(report.unit, []).append(report)
    order = [u for u in task.units if u in mine] + [u for u in mine if u not in task.units]
    return [{"unit": u, "role": "牵头" if u == task.lead else "配合", "latest": mine[u][-1],
             "history": mine[u]} for u in order]


def task_status(task: Task, reports: list[Report], as_of: dt.date) -> dict:
    """The task's state as of a day: only the lead unit's latest report sets it.

    A cooperating unit reports its own part (shown per unit); its 已完成 never completes the
    task, so a task stays overdue until the lead reports it done. A matter whose lead is not
    stated (未载明) takes the latest report of any unit.
    """
    parts = unit_parts(task, reports, as_of)
    if task.lead:
        deciding = next((p["latest"] for p in parts if p["unit"] == task.lead), None)
    else:
        everything = reports_for(reports, task.id, as_of)
        deciding = everything[-1] if everything else None
    status = deciding.status if deciding is not None and deciding.status else NO_REPORT
    overdue = task.deadline is not None and task.deadline < as_of and status != "已完成"
    count = sum(len(p["history"]) for p in parts)
    return {"status": status, "latest": deciding, "overdue": overdue, "count": count, "parts": parts}


def _report_json(ds, report: Report) -> dict:
    from .views import unit_ref

    return {"unit": unit_ref(ds, report.unit), "date": report.date.isoformat(), "status": report.status,
            "text": report.text, "by": report.by}


def task_view(ds, task: Task, reports: list[Report], as_of: dt.date) -> dict:
    from .views import unit_ref

    state = task_status(task, reports, as_of)
    latest = state["latest"]
    return {
        "id": task.id,
        "meeting": task.meeting_id,
        "meeting_date": task.meeting_date.isoformat() if task.meeting_date else None,
        "example": task.example,
        "minutes_status": task.minutes_status,
        "title": task.title,
        "text": task.text,
        "lead": unit_ref(ds, task.lead),
        "cooperating": [unit_ref(ds, u) for u in task.cooperating],
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "status": state["status"],
        "overdue": state["overdue"],
        "reports": state["count"],
        "latest_report": None if latest is None else _report_json(ds, latest),
        "units": [{"unit": unit_ref(ds, p["unit"]), "role": p["role"], "status": p["latest"].status,
                   "latest": _report_json(ds, p["latest"]),
                   "history": [_report_json(ds, r) for r in p["history"]]} for p in state["parts"]],
    }


def find_task(tasks: list[Task], query: str) -> Task:
    from .errors import NotFound

    q = query.strip()
    for task in tasks:
        if task.id == q:
            return task
    close = [t.id for t in tasks if t.id.startswith(q.split("/")[0])] or [t.id for t in tasks][-3:]
    raise NotFound(f"找不到议定事项“{query}”", suggestions=close[:5],
                   hint="议定事项编号为“会议编号/序号”，如 2027-03-16-plenary/1；列出全部：lianxi tasks --examples")


# ---------------------------------------------------------------- reports: writing


def add_report(root: Path, report: Report, *, today: dt.date) -> Report:
    """Append one report to reports.yaml (lock, validate with cross-checks, atomic write)."""
    from .listfile import write_list
    from .yamlwrite import append_entry_text

    fields = [("unit", report.unit), ("date", report.date), ("task", report.task),
              ("status", report.status), ("text", report.text), ("by", report.by)]
    raw = {k: v for k, v in fields if v is not None}

    def cross(new: ReportsFile, doc, collector: Collector) -> None:
        check_reports(root, new, doc, collector, today=today)

    write_list(root, REPORTS_FILE, "reports", ReportsFile, REPORTS_COMMENT,
               lambda text, _doc, _old: append_entry_text(text, "reports", fields),
               lambda old: old + [raw], cross)
    return report


# ---------------------------------------------------------------- validation


def _members_and_tasks(root: Path, collector: Collector):
    """Unit ids and tasks for cross-checks, or None where the source file is broken."""
    from .listfile import known_units

    units = known_units(root)
    scratch = Collector()
    tasks = tasks_from_meetings(root, scratch)
    return units, (None if scratch.errors else {t.id: t for t in tasks})


def check_reports(root: Path, reports: ReportsFile, doc, collector: Collector, *, today: dt.date,
                  units: Optional[dict] = None, tasks: Optional[dict] = None, loaded: bool = False) -> None:
    """Cross-checks of reports.yaml: known unit and task, status with a task, dates."""
    if not loaded:
        units, tasks = _members_and_tasks(root, collector)
    for i, report in enumerate(reports.reports):
        where = ("reports", i)
        if units is not None and report.unit not in units:
            collector.add(doc.problem(f"单位“{report.unit}”不存在（应为 members.yaml 中 units 的某个 id）",
                                      where + ("unit",), rule="unknown-unit"))
        if report.date > today:
            collector.add(doc.problem(f"报告日期 {report.date} 晚于今天（{today}）", where + ("date",),
                                      rule="future-date"))
        if report.task is None:
            if report.status is not None:
                collector.add(doc.problem("只有报告议定事项（task）时才写 status", where + ("status",),
                                          rule="report-status"))
            continue
        if report.status is None:
            collector.add(doc.problem("报告议定事项时须写明 status：进行中 或 已完成", where, rule="report-status"))
        if tasks is None:
            continue
        task = tasks.get(report.task)
        if task is None:
            collector.add(doc.problem(f"议定事项“{report.task}”不存在（用 lianxi tasks --examples 查看编号）",
                                      where + ("task",), rule="unknown-task"))
            continue
        if task.lead and report.unit not in task.units and (units is None or report.unit in units):
            collector.add(doc.problem(
                f"单位“{report.unit}”不是议定事项 {task.id} 的牵头或配合单位", where + ("unit",),
                rule="task-unit"))
        if task.meeting_date and report.date < task.meeting_date:
            collector.add(doc.problem(f"报告日期 {report.date} 早于会议日期 {task.meeting_date}",
                                      where + ("date",), rule="report-date"))


def check_followup_files(root: Path, collector: Collector) -> None:
    """``lianxi validate``: reports, alerts and groups files, then the yearly check as warnings."""
    from .alerts import check_alerts, load_alerts
    from .dates import today as today_fn
    from .groups import check_groups, load_groups

    today = today_fn()
    units, tasks = _members_and_tasks(root, collector)
    reports, rdoc = load_reports(root, collector)
    if reports is not None and rdoc is not None:
        check_reports(root, reports, rdoc, collector, today=today, units=units, tasks=tasks, loaded=True)
    alerts, adoc = load_alerts(root, collector)
    if alerts is not None and adoc is not None:
        check_alerts(alerts, adoc, collector, units=units, today=today)
    groups, gdoc = load_groups(root, collector)
    if groups is not None and gdoc is not None:
        check_groups(groups, gdoc, collector, units=units, today=today)
    if collector.errors or units is None or tasks is None:
        return  # the rule check runs on valid data only
    from .dataset import Dataset

    try:
        findings = run_check(Dataset(root), today.year, today)
    except Exception:  # noqa: BLE001 - a broken core file is already reported by check_core
        return
    for finding in findings:
        collector.add(finding)


# ---------------------------------------------------------------- the yearly check


def _found(rule: str, message: str, cite: Optional[str] = None, *, items=(), **where) -> Problem:
    """A finding of the yearly check: a warning citing the charter's rule, located by ``where``."""
    return Problem(message, rule=rule, severity="warning", cite=cite, items=tuple(items), **where)


def _loc(doc, path: tuple) -> dict:
    from .yamldoc import format_path

    if doc is None:
        return {}
    line, column = doc.locate(path)
    return {"file": doc.display, "line": line, "column": column, "field": format_path(path) or None}


def run_check(ds, year: int, as_of: dt.date, *, meetings: Optional[list[dict]] = None,
              tasks: Optional[list[Task]] = None, reports: Optional[ReportsFile] = None) -> list[Problem]:
    """What the charter's rules still require in ``year``, as of ``as_of`` (examples ignored)."""
    from .store import read_document

    root = ds.root
    charter = ds.charter
    scratch = Collector()
    cdoc = read_document(root, "charter.yaml", scratch)
    mdoc = read_document(root, "members.yaml", scratch)
    meetings = meetings if meetings is not None else meetings_for_check(root)
    tasks = tasks if tasks is not None else tasks_from_meetings(root)
    if reports is None:
        reports, _ = load_reports(root)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cutoff = min(as_of, end)
    if as_of < start:
        return []
    findings: list[Problem] = []
    real = [m for m in meetings if not m["example"] and m["date"] is not None and m["date"].year == year]

    # 1. meetings the rules require every year
    for i, rule in enumerate(charter.work_rules.meetings):
        if not rule.per_year:
            continue
        of_kind = [m for m in real if m["kind"] == rule.kind]
        held = [m for m in of_kind if m["date"] <= cutoff]
        planned = [m for m in of_kind if m["date"] > cutoff]
        missing = rule.per_year - len(held) - len(planned)
        if missing <= 0:
            continue
        examples = [m["id"] for m in meetings if m["example"] and m["kind"] == rule.kind
                    and m["date"] is not None and m["date"].year == year]
        aside = f"；示例会议 {'、'.join(examples)} 不计入" if examples else ""
        if as_of >= end:
            text = f"{year}年{rule.name}召开 {len(held)} 次，少于规定的每年 {rule.per_year} 次{aside}"
        else:
            left = (end - as_of).days
            text = (f"{year}年{rule.name}尚未召开（已召开 {len(held)} 次、已安排 {len(planned)} 次，"
                    f"规定每年 {rule.per_year} 次{aside}）；距年底还有 {left} 天")
        findings.append(_found("meeting-due", text, rule.text, items=[rule.kind],
                                **_loc(cdoc, ("work_rules", "meetings", i))))

    # 2. minutes of meetings already held
    minutes_rule = charter.work_rules.minutes
    for m in real:
        if m["date"] > cutoff or m["minutes"] == "issued":
            continue
        from .meetings import MINUTES_STATUS_NAMES

        state = MINUTES_STATUS_NAMES.get(m["minutes"], m["minutes"])
        text = f"会议 {m['id']}（{cn_date(m['date'])}）的纪要尚未印发（{state}）"
        findings.append(_found("minutes-not-issued", text, minutes_rule.text if minutes_rule else None,
                                items=[m["id"]], **_loc(m["doc"], ("minutes",) if m["minutes"] else ())))

    # 3. tasks past deadline without a report / not completed
    reporting = charter.work_rules.reporting
    cite = reporting.text if reporting else None
    for task in tasks:
        if task.example or task.deadline is None or task.deadline >= cutoff + dt.timedelta(days=1):
            continue
        if task.deadline.year > year:
            continue
        state = task_status(task, reports.reports, cutoff)
        if not state["overdue"]:
            continue
        who = ds.unit_name(task.lead) if task.lead else "牵头单位未载明"
        if state["status"] == NO_REPORT:
            text = f"议定事项 {task.id}“{task.title}”已过完成时限 {cn_date(task.deadline)}，{who}尚未报告落实情况"
        else:
            latest = state["latest"]
            text = (f"议定事项 {task.id}“{task.title}”已过完成时限 {cn_date(task.deadline)}，仍未完成"
                    f"（最近报告：{ds.unit_name(latest.unit)} {cn_date(latest.date)} {latest.status}）")
        findings.append(_found("task-overdue", text, cite, items=[task.id], **task.locate(("deadline",))))

    # 4. member units that have not reported this year
    reported = {r.unit for r in reports.reports if r.date.year == year and r.date <= cutoff}
    silent = [u for u in ds.member_units(cutoff) if u.id not in reported]
    if silent:
        names = "、".join(u.display_name for u in silent)
        text = f"{len(silent)} 个成员单位{year}年尚未报告工作情况：{names}"
        where = _loc(cdoc, ("work_rules", "reporting")) if reporting else {}
        findings.append(_found("unit-not-reported", text, cite, items=[u.id for u in silent], **where))

    # 5. seats nobody holds
    vacant: dict[str, list] = {}
    for i, seat in enumerate(ds.members.seats):
        if seat.holder_on(cutoff) is None and ds.active_on(seat.unit, cutoff):
            vacant.setdefault(seat.role, []).append((i, seat))
    for role, seats in vacant.items():
        first = seats[0][0]
        where = _loc(mdoc, ("seats", first))
        if role == "联络员":
            cite_text = charter.liaison_rule.text if charter.liaison_rule else None
            names = "、".join(ds.unit_name(s.unit) for _, s in seats)
            text = f"{len(seats)} 个成员单位的联络员待报送：{names}"
        elif role == "办公室主任" and charter.office is not None:
            cite_text = charter.office.text
            post = seats[0][1].post or "人选未定"
            # no brackets inside brackets: 未载明：区卫健局分管同志（兼任）
            text = f"联席会议办公室主任未载明：{post}" if "（" in post else f"联席会议办公室主任未载明（{post}）"
        else:
            cite_text = charter.succession_rule.text if charter.succession_rule else None
            names = "、".join(ds.unit_name(s.unit) for _, s in seats)
            text = f"{len(seats)} 个{role}席位无在任人员：{names}"
        findings.append(_found("seat-unknown", text, cite_text, items=[s.id for _, s in seats], **where))

    # 6. open tasks and duties of units that are no longer members
    findings += retired_findings(ds, cutoff, tasks=tasks, reports=reports)
    return findings


def retired_findings(ds, as_of: dt.date, *, only: Optional[str] = None, tasks=None, reports=None) -> list[Problem]:
    """``lianxi check``: open tasks and duties still assigned to units that are no longer members."""
    from .store import read_document

    gone = {u.id: u for u in ds.members.units if u.left is not None and u.left <= as_of
            and (only is None or u.id == only)}
    if not gone:
        return []
    tasks = tasks if tasks is not None else tasks_from_meetings(ds.root)
    if reports is None:
        reports = load_reports(ds.root)[0]
    out: list[Problem] = []
    for task in tasks:
        if task.example:
            continue
        involved = [u for u in task.units if u in gone]
        if not involved or task_status(task, reports.reports, as_of)["status"] == "已完成":
            continue
        for u in involved:
            role = "牵头单位" if u == task.lead else "配合单位"
            out.append(Problem(
                f"议定事项 {task.id}“{task.title}”尚未完成，其{role}{gone[u].display_name}已于"
                f"{cn_date(gone[u].left)}不再是成员单位：请另定{role}", rule="retired-unit",
                severity="warning", items=(task.id, u), **task.locate(("lead",) if u == task.lead else ("cooperating",))))
    ddoc = read_document(ds.root, "duties.yaml", Collector())
    for i, dept in enumerate(ds.duties.departments):
        if dept.unit in gone:
            where = {}
            if ddoc is not None:
                line, column = ddoc.locate(("departments", i, "unit"))
                where = {"file": ddoc.display, "line": line, "column": column, "field": f"departments[{i}].unit"}
            out.append(Problem(
                f"职责分工中“{dept.name}”仍由{gone[dept.unit].display_name}承担，该单位已于"
                f"{cn_date(gone[dept.unit].left)}不再是成员单位：请在 duties.yaml 中改由其他单位承担",
                rule="retired-unit", severity="warning", items=(dept.id, dept.unit), **where))
    return out
