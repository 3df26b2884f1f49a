"""``lianxi report add`` (a member unit's report) and ``lianxi report annual`` (the year's summary)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from . import _complete
from ._app import App
from ._options import DataOpt, DryRunOpt, ForceOpt, FormatOpt, JsonOpt, OutputOpt, TableFormatOpt
from ._output import emit, emit_json, esc, export_choice, planning, table



def register(app) -> None:
    group = App(name="report", help="报告制度：记录成员单位的报告；生成年度工作情况报告。\n\n示例：lianxi report annual 2027", no_args_is_help=True)
    app.add_typer(group, name="report")

    @app.command("reports")
    def reports(
        unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", autocompletion=_complete.units, help="只列该单位的报告，如 公安")] = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
        out: OutputOpt = None,
        fmt: TableFormatOpt = None,
        force: ForceOpt = False,
    ) -> None:
        """成员单位报告（reports.yaml）：日期、单位、议定事项、落实情况与内容。

        示例：lianxi reports -u 公安；lianxi reports -o 成员单位报告.xlsx
        """
        from ..dataset import Dataset
        from ..followup import load_reports
        from ..query import unit_matcher

        export = export_choice(fmt, out, json_out, ("xlsx", "csv"))
        ds = Dataset.open(data)
        unit_id = unit_matcher(ds).find(unit) if unit is not None else None
        found = [r for r in load_reports(ds.root)[0].reports if unit_id is None or r.unit == unit_id]
        if export:
            from ..tables import reports_table
            from ._output import emit_export

            emit_export(reports_table(ds, found), export, out, ds.root, force)
            return
        if json_out:
            emit_json({"unit": unit_id, "reports": [r.model_dump(mode="json") for r in found]})
            return
        if not found:
            emit("还没有成员单位报告。记录：lianxi report add 公安 --text …")
            return
        rows = [[r.date.isoformat(), esc(ds.unit_name(r.unit)), esc(r.task or ""), esc(r.status or ""), esc(r.text)]
                for r in found]
        emit(table(["日期", "单位", "议定事项", "落实情况", "内容"], rows))

    @group.command("add")
    def add(
        unit: Annotated[str, typer.Argument(metavar="单位", autocompletion=_complete.units, help="报告单位，如 公安、区卫健局")],
        task: Annotated[Optional[str], typer.Option("--task", "-t", metavar="事项编号", autocompletion=_complete.tasks,
                                                    help="所报告的议定事项，如 2027-03-16-plenary/1（lianxi tasks 查看）")] = None,
        status: Annotated[Optional[str], typer.Option("--status", "-s", metavar="状态",
                                                      help="议定事项的落实情况：进行中 或 已完成")] = None,
        text: Annotated[Optional[str], typer.Option("--text", metavar="内容", help="报告内容")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="报告日期，默认今天")] = None,
        by: Annotated[Optional[str], typer.Option("--by", metavar="姓名", help="报告人（可选）")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """记录一个成员单位的报告（写入数据目录的 reports.yaml，原子写入并校验）。

        牵头单位的报告决定议定事项的状态；配合单位的报告记录其承担的部分。同一单位可多次报告，以前的报告都保留，最近一次为该单位的当前情况。

        示例：lianxi report add 公安 --task 2027-03-16-plenary/1 --status 进行中 --text 已检查12家"""
        from ..dataset import Dataset
        from ..dates import today
        from ..services.reports import add_report
        from ._units import text_option

        ds = Dataset.open(data)
        now = today()
        with planning(dry_run):
            done = add_report(ds, unit, text=text_option(text, "--text"), day=parse_date(date, "--date") or now,
                              today=now, task=task, status=status, by=by)
        if dry_run:
            return
        report, found = done.report, done.task
        what = f"议定事项 {found.id}（{status}）" if found else "工作情况"
        emit(f"已记录：{ds.unit_name(report.unit)} {report.date.isoformat()} 报告{what}。")
        if done.cooperating:
            typer.echo(f"说明：{ds.unit_name(report.unit)}是配合单位，本报告记录其承担的部分；"
                       f"事项由牵头单位{ds.unit_name(found.lead)}报告完成。", err=True)
        if found is not None and found.example:
            typer.echo("注意：该事项来自示例会议，不计入年度检查与工作报告。", err=True)

    @group.command("annual")
    def annual(
        year: Annotated[int, typer.Argument(metavar="年份", help="如 2027")],
        as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="日期",
                                                     help="统计截止日期；默认今天（该年已过完则为年底）")] = None,
        fmt: FormatOpt = None,
        out: OutputOpt = None,
        force: ForceOpt = False,
        data: DataOpt = None,
    ) -> None:
        """年度工作情况报告（供例会审议）：会议召开、议定事项落实、报告、人员变动、预警、联合工作组。

        示例：lianxi report annual 2027 -o 年度报告.docx
        """
        from ..dates import today
        from ..dataset import Dataset
        from ..followup_docs import annual_context, render_document
        from ._output import emit_document

        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        annotated = render_document("annual", annual_context(ds, year, day), ds.root)
        path = emit_document(annotated, fmt, out, ds.root, force)
        if path is not None:
            emit(f"已写入 {path}")
