"""The follow-up documents — 预警通报, 联合工作组 setup notice, annual summary — as data for
their templates (``templates/alert.md.j2``, ``group.md.j2``, ``annual.md.j2``).

Contexts are computed here; templates only lay text out. Rendering and output go through
:func:`render_document`, which uses the shared render module
(``lianxi.render``: sandboxed Jinja with ``StrictUndefined``, the data dir's own templates
first) — one place to re-point.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import UsageProblem
from .render import imprint_lines, masthead_text, signature_lines
from .textcn import cn_date, cn_numeral, full_stop, pending


# ---------------------------------------------------------------- rendering


def render_document(kind: str, context: dict, root: Path) -> str:
    """``templates/<kind>.md.j2`` (the data dir's own first) → annotated Markdown, via the shared renderer."""
    from .render import render

    return render(kind, context, root)


# ---------------------------------------------------------------- shared pieces


def unit_names(ds, ids: list[str]) -> str:
    return "、".join(ds.unit_name(u) for u in ids)


def document_settings(ds):
    """documents.yaml (the issuer, number formats, 版记 settings), its defaults when absent."""
    from .meetings import DOCUMENTS_FILE, DocumentSettings
    from .store import load_settings

    return load_settings(ds.root, DOCUMENTS_FILE, DocumentSettings)


# ---------------------------------------------------------------- 预警通报


def alert_context(ds, alert, number: str | None = None, cc=()) -> dict:
    charter = ds.charter
    office = charter.office.name if charter.office else charter.name
    title = f"关于{alert.title}的预警通报" if alert.title else f"{office}预警通报"
    assessment = charter.work_rules.assessment
    basis = f"按照工作研判制度“{assessment.text.rstrip('。')}”的要求，" if assessment else ""
    opening = (f"{basis}联席会议办公室于{cn_date(alert.date)}对有关情况进行了研判，"
               f"确定预警等级为“{alert.level}”。现将有关情况通报如下：")
    measures = full_stop(alert.measures) if alert.measures else pending("工作要求")
    closing = "请有关单位按照职责分工认真处置，并及时将处置情况报告联席会议办公室。"
    settings = document_settings(ds)
    return {
        "masthead": masthead_text(ds),
        "number": number,
        "imprint": imprint_lines(ds, settings, cn_date(alert.date), cc),
        "title": title,
        "addressee": unit_names(ds, alert.units) + "：",
        "opening": opening,
        "situation": full_stop(alert.text),
        "level": alert.level,
        "measures": measures,
        "closing": closing,
        "closed": None if alert.closed is None else f"（已于{cn_date(alert.closed.date)}销号：{full_stop(alert.closed.note)}）",
        "signature": signature_lines(ds),
        "date": cn_date(alert.date),
    }


# ---------------------------------------------------------------- 联合工作组


def group_context(ds, group, number: str | None = None, cc=()) -> dict:
    charter = ds.charter
    rule = charter.work_rules.joint_groups
    basis = (f"根据《{charter.name}制度》{rule.name}“{rule.text.rstrip('。')}”的规定，" if rule else "")
    lead = ds.unit_name(group.lead)
    settings = document_settings(ds)
    return {
        "masthead": masthead_text(ds),
        "number": number,
        "imprint": imprint_lines(ds, settings, cn_date(group.date), cc),
        "title": f"关于成立{group.display_name}的通知",
        "addressee": unit_names(ds, [group.lead] + list(group.units)) + "：",
        # the seed gives forming a group to the joint meeting, not to its office
        "opening": f"{basis}经联席会议同意，成立{group.display_name}。现将有关事项通知如下：",
        "purpose": full_stop(group.purpose),
        "lead": lead,
        "units": unit_names(ds, list(group.units)),
        "period": f"{cn_date(group.start)}至{cn_date(group.end)}。",
        "requirements": [
            f"{lead}负责工作组的组织协调，各参加单位按照职责分工密切配合。",
            f"工作结束后，由{lead}将工作情况报告联席会议。",
        ],
        "signature": signature_lines(ds),
        "date": cn_date(group.date),
    }


# ---------------------------------------------------------------- 年度工作总结

def annual_context(ds, year: int, as_of: dt.date) -> dict:
    from .alerts import load_alerts
    from .meetings import MINUTES_STATUS_NAMES
    from .followup import (NO_REPORT, load_reports, meetings_for_check, run_check,
                           task_status, tasks_from_meetings)
    from .groups import load_groups

    charter = ds.charter
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < start:
        raise UsageProblem(f"统计截止日期 {as_of} 早于 {year} 年，无法汇总（可用 --as-of 指定日期）")
    cutoff = min(as_of, end)
    meetings = [m for m in meetings_for_check(ds.root)
                if not m["example"] and m["date"] is not None and start <= m["date"] <= cutoff]
    tasks = [t for t in tasks_from_meetings(ds.root)
             if not t.example and t.meeting_date is not None and start <= t.meeting_date <= cutoff]
    reports_file, _ = load_reports(ds.root)
    reports = [r for r in reports_file.reports if start <= r.date <= cutoff]
    alerts = [a for a in load_alerts(ds.root)[0].alerts if start <= a.date <= cutoff]
    groups = [g for g in load_groups(ds.root)[0].groups
              if start <= g.date <= cutoff or (g.start <= cutoff and g.end >= start)]
    rule_names = {r.kind: r.name for r in charter.work_rules.meetings}

    # 一、会议
    meeting_lines = []
    for rule in charter.work_rules.meetings:
        held = [m for m in meetings if m["kind"] == rule.kind]
        dates = "、".join(cn_date(m['date'], year=False) for m in held)
        if rule.per_year:
            text = f"{rule.name}：规定每年召开{rule.per_year}次，本年召开{len(held)}次" + (f"（{dates}）" if held else "")
            text += "，符合规定。" if len(held) >= rule.per_year else "，未达到规定次数。"
            meeting_lines.append(text)
        elif held:
            meeting_lines.append(f"{rule.name}：本年召开{len(held)}次（{dates}）。")
    issued = sum(1 for m in meetings if m["minutes"] == "issued")
    pending_minutes = [m for m in meetings if m["minutes"] != "issued"]
    minutes_line = f"本年印发会议纪要{issued}期。"
    if pending_minutes:
        minutes_line += "尚未印发纪要的会议：" + "、".join(
            f"{cn_date(m['date'], year=False)}{rule_names.get(m['kind'], m['kind'])}"
            f"（{MINUTES_STATUS_NAMES.get(m['minutes'], m['minutes'])}）" for m in pending_minutes) + "。"

    # 二、议定事项
    states = {t.id: task_status(t, reports_file.reports, cutoff) for t in tasks}
    counts = {s: sum(1 for t in tasks if states[t.id]["status"] == s) for s in ("已完成", "进行中", NO_REPORT)}
    overdue = sum(1 for t in tasks if states[t.id]["overdue"])
    task_summary = (f"本年会议议定事项共{len(tasks)}项：已完成{counts['已完成']}项，进行中{counts['进行中']}项，"
                    f"未报告{counts[NO_REPORT]}项；其中逾期未完成{overdue}项。") if tasks else "本年会议无议定事项。"
    by_unit: dict[str, list] = {}
    for task in tasks:
        by_unit.setdefault(task.lead or "", []).append(task)
    order = [u.id for u in ds.members.units] + [""]
    task_groups = []
    for n, unit_id in enumerate([u for u in order if u in by_unit], 1):
        items = []
        for k, task in enumerate(by_unit[unit_id], 1):
            state = states[task.id]
            parts = [f"{k}. {task.title}"]
            info = []
            if task.cooperating:
                info.append(f"配合单位：{unit_names(ds, task.cooperating)}")
            info.append(f"完成时限：{cn_date(task.deadline)}" if task.deadline else "完成时限：未载明")
            parts.append("（" + "；".join(info) + "）")
            label = "牵头单位尚未报告" if state["status"] == NO_REPORT and task.lead else state["status"]
            status = label + ("，已逾期" if state["overdue"] else "")
            latest = state["latest"]
            said = []
            if latest is not None:
                said.append(f"{cn_date(latest.date)}{ds.unit_name(latest.unit)}报告：{full_stop(latest.text)}")
            for part in state["parts"]:  # the cooperating units' own parts
                if part["role"] == "配合":
                    r = part["latest"]
                    said.append(f"{cn_date(r.date)}配合单位{ds.unit_name(r.unit)}报告（{r.status}）：{full_stop(r.text)}")
            status += ("；" + "".join(said)) if said else "。"
            items.append("".join(parts) + "：" + status)
        heading = ds.unit_name(unit_id) if unit_id else "牵头单位未载明"
        task_groups.append({"heading": f"（{cn_numeral(n)}）{heading}", "lines": items})

    # 三、报告
    rows = []
    for unit in ds.member_units(cutoff):
        mine = sorted((r for r in reports if r.unit == unit.id), key=lambda r: r.date)
        rows.append([unit.display_name, str(len(mine)), cn_date(mine[-1].date) if mine else "未报告"])
    silent = [r[0] for r in rows if r[1] == "0"]
    report_line = f"本年共收到成员单位报告{len(reports)}份。"
    report_line += ("尚未报告的单位：" + "、".join(silent) + "。") if silent else "各成员单位均已报告。"

    # 四、人员变动
    changes = []
    for seat in ds.members.seats:
        for j, holder in enumerate(seat.holders):
            began = holder.start if isinstance(holder.start, dt.date) else None
            if began and start <= began <= cutoff:
                before = seat.holders[j - 1].name if j > 0 else None
                what = f"{holder.name}接替{before}" if before else f"{holder.name}任职"
                reason = f"，{holder.reason}" if holder.reason else ""
                changes.append(f"{ds.unit_name(seat.unit) if seat.unit else ''}{seat.role}：{what}"
                               f"（{cn_date(began)}{reason}）。")
            elif holder.end and start <= holder.end <= cutoff and j == len(seat.holders) - 1:
                changes.append(f"{ds.unit_name(seat.unit) if seat.unit else ''}{seat.role}：{holder.name}"
                               f"于{cn_date(holder.end)}离任，尚无接替人员。")

    # 五、预警
    if alerts:
        levels = "、".join(f"{lv}{sum(1 for a in alerts if a.level == lv)}次" for lv in ("严重", "较重", "一般")
                          if any(a.level == lv for a in alerts))
        closed = sum(1 for a in alerts if a.closed is not None and a.closed.date <= cutoff)
        alert_line = f"本年研判预警{len(alerts)}次（{levels}），已销号{closed}次，尚未销号{len(alerts) - closed}次。"
    else:
        alert_line = "本年无研判预警记录。"
    alert_items = []
    for k, alert in enumerate(alerts, 1):
        state = (f"已于{cn_date(alert.closed.date)}销号" if alert.closed is not None and alert.closed.date <= cutoff
                 else "尚未销号")
        label = alert.title or full_stop(alert.text).rstrip("。")
        alert_items.append(f"{k}. {label}（{alert.level}，{cn_date(alert.date)}，涉及{unit_names(ds, alert.units)}）："
                           f"{state}。")

    # 六、联合工作组
    group_line = f"本年联合工作组{len(groups)}个。" if groups else "本年未组织联合工作组。"
    group_items = [f"{k}. {g.display_name}（{cn_date(g.date)}成立；牵头单位：{ds.unit_name(g.lead)}；"
                   f"参加单位：{unit_names(ds, g.units)}；工作期限：{cn_date(g.start)}至{cn_date(g.end)}，"
                   f"{g.state(cutoff)}）：{full_stop(g.purpose)}" for k, g in enumerate(groups, 1)]

    # 七、需要关注的问题
    findings = run_check(ds, year, as_of)
    issues = [f"{k}. {full_stop(_without_ids(f.message, meetings, rule_names))}"
              for k, f in enumerate(findings, 1)]

    return {
        "addressee": f"{charter.name}：",
        "title": f"{charter.name}{year}年工作情况报告",
        "opening": f"现将{year}年联席会议工作情况报告如下（统计截至{cn_date(cutoff)}）：",
        "meeting_lines": meeting_lines,
        "minutes_line": minutes_line,
        "task_summary": task_summary,
        "task_groups": task_groups,
        "report_line": report_line,
        "report_rows": rows,
        "changes": changes or ["本年无人员变动记录。"],
        "alert_line": alert_line,
        "alert_items": alert_items,
        "group_line": group_line,
        "group_items": group_items,
        "issues": issues or ["无。"],
        "signature": signature_lines(ds),
        "date": cn_date(cutoff),
    }


def _without_ids(message: str, meetings: list[dict], rule_names: dict) -> str:
    """A check finding as a report reads it: meetings by date and kind, no internal ids
    (``会议 2026-03-16-plenary（2026年3月16日）`` → ``2026年3月16日例会``)."""
    import re

    kinds = {m["id"]: m["kind"] for m in meetings}

    def meeting(match) -> str:
        return match.group(2) + rule_names.get(kinds.get(match.group(1), ""), "会议")

    message = re.sub(r"会议 (\S+?)（(\d{4}年\d{1,2}月\d{1,2}日)）", meeting, message)
    message = re.sub(r"议定事项 \S+?“", "议定事项“", message)
    return re.sub(r"示例会议 \S+ 不计入", "示例会议不计入", message)
