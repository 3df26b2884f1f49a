"""The rows of the exported tables (roster, liaisons, tasks, reports) and the meetings' calendar events.

Built from the same views the screen output and ``--json`` use, with Chinese column names;
a person not yet reported shows as 待报送 (a liaison) or 未载明 (anyone else), never invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional


def _unit_name(unit: Optional[dict]) -> str:
    return (unit["short_name"] or unit["name"]) if unit else ""


def _known(value) -> str:
    from .views import NOT_STATED

    return NOT_STATED if value in (None, "", "unknown") else str(value)


def roster_table(view: dict) -> tuple[str, list[str], list[list]]:
    from .views import NOT_STATED

    rows = []
    for number, seat in enumerate(view["seats"], 1):
        holder = seat["holder"]
        rows.append([number, seat["role"], holder["name"] if holder else NOT_STATED,
                     holder["post"] if holder else (seat["post"] or ""), _unit_name(seat["unit"]),
                     (seat["unit"] or {}).get("name", "")])
    return (f"{view['name']} 组成人员（截至 {view['as_of']}）",
            ["序号", "席位", "姓名", "职务", "单位简称", "单位全称"], rows)


def liaisons_table(view: dict) -> tuple[str, list[str], list[list]]:
    from .views import PENDING

    rows = []
    for number, seat in enumerate(view["seats"], 1):
        holder = seat["holder"]
        rows.append([number, _unit_name(seat["unit"]), holder["name"] if holder else PENDING,
                     holder["post"] if holder else (seat["post"] or ""),
                     (holder["phone"] if holder and holder["phone"] else PENDING)])
    return (f"{view['name']} 联络员名单（截至 {view['as_of']}）",
            ["序号", "单位", "联络员", "职务", "联系电话"], rows)


def tasks_table(views: list[dict], as_of: str) -> tuple[str, list[str], list[list]]:
    rows = []
    for v in views:
        latest = v["latest_report"]
        rows.append([
            v["id"], v["title"], _unit_name(v["lead"]) or "未载明",
            "、".join(_unit_name(u) for u in v["cooperating"] if u), v["deadline"] or "未载明",
            v["status"], "是" if v["overdue"] else "否", v["reports"],
            f"{latest['date']} {_unit_name(latest['unit'])}（{latest['status']}）{latest['text']}" if latest else "",
            "是" if v["example"] else "否",
        ])
    return (f"议定事项（截至 {as_of}）",
            ["编号", "事项", "牵头单位", "配合单位", "完成时限", "状态", "逾期", "报告次数", "最近报告", "示例"], rows)


def reports_table(ds, reports) -> tuple[str, list[str], list[list]]:
    rows = []
    for number, report in enumerate(reports, 1):
        rows.append([number, report.date.isoformat(), ds.unit_name(report.unit) if report.unit else "",
                     report.task or "", report.status or "", report.text, report.by or "", report.note or ""])
    return ("成员单位报告", ["序号", "报告日期", "报告单位", "议定事项", "落实情况", "报告内容", "报告人", "备注"], rows)


def roster_document(title: str, headers: list[str], rows: list[list]) -> str:
    """The table as annotated Markdown: a title and one table, for the Word (GB/T 9704) writer."""
    def cell(value) -> str:
        return str(value).replace("|", "｜").replace("\n", " ")

    lines = [f"# {cell(title)}", "", "| " + " | ".join(map(cell, headers)) + " |",
             "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def meeting_events(ds, items: list[dict]) -> tuple[list[dict], int]:
    """Calendar events of the meetings with a date; and how many have none yet (left out).

    A cancelled meeting stays in, marked cancelled (``cancelled``: the day it was cancelled), so a
    calendar that imported it earlier drops it: its UID is the one it was exported with (``uid``:
    the meeting id, or the id it had before a date change).
    """
    events, undated = [], 0
    for item in items:
        if not item["date"]:
            undated += 1
            continue
        cancelled = item["cancelled"]
        summary = item["kind_name"] + ("（示例）" if item["example"] else "") + ("（已取消）" if cancelled else "")
        lines = [ds.charter.name]
        if cancelled:
            lines.append(f"已于 {cancelled['date']} 取消：{cancelled['reason']}")
        if item["notice"]:
            lines.append(f"通知文号：{item['notice']}")
        if item["time"] is None:
            lines.append("开始时间：未定")
        events.append({"id": item["id"], "uid": item["uid"], "summary": summary, "date": dt.date.fromisoformat(item["date"]),
                       "time": item["time"], "place": item["place"], "description": "\n".join(lines),
                       "cancelled": dt.date.fromisoformat(cancelled["date"]) if cancelled else None})
    return events, undated
