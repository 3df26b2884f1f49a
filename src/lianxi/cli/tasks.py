"""``lianxi tasks``: agreed matters from the minutes, with their status and latest report."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from . import _complete
from ._options import DataOpt, ForceOpt, JsonOpt, OutputOpt, TableFormatOpt
from ._output import emit, emit_json, esc, export_choice, table


def register(app) -> None:
    @app.command("tasks")
    def tasks(
        unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", autocompletion=_complete.units,
                                                    help="只列该单位牵头或配合的事项，如 公安")] = None,
        overdue: Annotated[bool, typer.Option("--overdue", help="只列已过完成时限且未完成的事项")] = False,
        examples: Annotated[bool, typer.Option("--examples", help="同时列出示例会议的事项（默认不列）")] = False,
        history: Annotated[bool, typer.Option("--history", help="列出各单位的全部报告（默认只列最近一次）")] = False,
        as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="日期",
                                                     help="按该日期判断状态与逾期，如 2027-07-01；默认今天")] = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
        out: OutputOpt = None,
        fmt: TableFormatOpt = None,
        force: ForceOpt = False,
    ) -> None:
        """议定事项（来自会议纪要）：牵头单位、配合单位、完成时限、落实状态与各单位最近一次报告。

        状态只看牵头单位的报告：配合单位报告的是本单位承担的部分，不会把事项标为已完成；牵头单位报告已完成之前，过了完成时限的事项一直显示为逾期。

        示例：lianxi tasks --overdue；lianxi tasks -o 议定事项.xlsx
        """
        from ..dates import today
        from ..dataset import Dataset
        from ..followup import load_reports, task_view, tasks_from_meetings
        from ..query import unit_matcher

        export = export_choice(fmt, out, json_out, ("xlsx", "csv"))
        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        unit_id = unit_matcher(ds).find(unit) if unit is not None else None
        reports, _ = load_reports(ds.root)
        all_tasks = tasks_from_meetings(ds.root)
        hidden = sum(1 for t in all_tasks if t.example) if not examples else 0
        chosen = [t for t in all_tasks if examples or not t.example]
        if unit_id is not None:
            chosen = [t for t in chosen if unit_id in t.units]
        views = [task_view(ds, t, reports.reports, day) for t in chosen]
        if overdue:
            views = [v for v in views if v["overdue"]]
        if export:
            from ..tables import tasks_table
            from ._output import emit_export

            emit_export(tasks_table(views, day.isoformat()), export, out, ds.root, force)
            return
        if json_out:
            emit_json({"as_of": day.isoformat(), "unit": unit_id, "tasks": views})
            return
        emit(_text(views, day, hidden, unit_id and ds.unit_name(unit_id), overdue, history))


def _text(views: list[dict], day, hidden: int, unit_name: Optional[str], overdue: bool, history: bool = False) -> str:
    scope = f"{unit_name}牵头或配合的" if unit_name else ""
    what = "逾期未完成的议定事项" if overdue else "议定事项"
    if not views:
        text = f"没有{scope}{what}（截至 {day.isoformat()}）。"
        if hidden:
            text += f"\n另有 {hidden} 项示例会议的事项未列出，查看：lianxi tasks --examples"
        return text
    rows = []
    for v in views:
        lead = v["lead"]["short_name"] or v["lead"]["name"] if v["lead"] else "未载明"
        status = v["status"]
        if v["overdue"]:
            status = f"[red]{status}·逾期[/]"
        elif status == "已完成":
            status = f"[green]{status}[/]"
        ident = esc(v["id"]) + ("（示例）" if v["example"] else "")
        rows.append([ident, esc(v["title"]), esc(lead), v["deadline"] or "未载明", status])
    lines = [f"[bold]{scope}{what}[/]（{len(views)} 项，截至 {day.isoformat()}）",
             table(["编号", "事项", "牵头单位", "完成时限", "状态"], rows)]
    for v in views:
        for part in v["units"]:
            unit = part["unit"]["short_name"] or part["unit"]["name"] if part["unit"] else ""
            latest = part["latest"]
            more = f"（共 {len(part['history'])} 次报告）" if len(part["history"]) > 1 and not history else ""
            lines.append(f"  {esc(v['id'])} {part['role']} {esc(unit)}：{latest['date']}（{latest['status']}）"
                         f"{esc(latest['text'])}{more}")
            if history and len(part["history"]) > 1:
                for earlier in reversed(part["history"][:-1]):
                    lines.append(f"      此前：{earlier['date']}（{earlier['status']}）{esc(earlier['text'])}")
    if hidden:
        lines.append(f"另有 {hidden} 项示例会议的事项未列出，查看：lianxi tasks --examples")
    return "\n".join(lines)
