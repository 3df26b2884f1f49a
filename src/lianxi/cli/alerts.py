"""``lianxi alert add|close|notice`` and ``lianxi alerts`` (工作研判制度)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import record_date
from . import _complete
from ._app import App
from ._options import CcOpt, DataOpt, DryRunOpt, FinalOpt, ForceOpt, FormatOpt, JsonOpt, OutputOpt
from ._output import changes_text, emit, emit_json, esc, planning, table


def register(app) -> None:
    group = App(name="alert", help="工作研判与预警：记录、修改、销号、生成预警通报。\n\n示例：lianxi alert add --level 一般 -u 公安 --text 节假日托育机构周边治安", no_args_is_help=True)
    app.add_typer(group, name="alert")

    @group.command("add")
    def add(
        level: Annotated[str, typer.Option("--level", "-l", metavar="等级", help="预警等级：一般、较重、严重")],
        units: Annotated[list[str], typer.Option("--unit", "-u", metavar="单位", autocompletion=_complete.units,
                                                 help="涉及的单位，逗号分隔或重复使用，如 市场监管局,消防")],
        text: Annotated[str, typer.Option("--text", metavar="内容", help="研判情况")],
        title: Annotated[Optional[str], typer.Option("--title", metavar="事由",
                                                     help="事由，用于通报标题“关于……的预警通报”")] = None,
        measures: Annotated[Optional[str], typer.Option("--measures", metavar="要求", help="工作要求")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="研判日期，默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """记录一条研判预警（写入 alerts.yaml，原子写入并校验）。

        示例：lianxi alert add --level 较重 -u 市场监管局,消防 --text 部分托育机构消防通道堵塞
        """
        from ..alerts import LEVELS, add_alert
        from ..dataset import Dataset
        from ..errors import UsageProblem
        from ._units import resolve_units, text_option

        if level not in LEVELS:
            raise UsageProblem(f"--level 的值 {level} 无效，应为：一般、较重、严重")
        ds = Dataset.open(data)
        day, now = record_date(date)
        body = text_option(text, "--text")
        unit_ids = resolve_units(ds, units, "--unit")
        with planning(dry_run):
            alert = add_alert(ds.root, level=level, units=unit_ids, text=body,
                              title=title.strip() if title and title.strip() else None,
                              measures=measures.strip() if measures and measures.strip() else None,
                              day=day, today=now)
        if dry_run:
            return
        emit(f"已记录预警 {alert.id}（{alert.level}）。生成预警通报：lianxi alert notice {alert.id}")

    @group.command("close")
    def close(
        alert_id: Annotated[str, typer.Argument(metavar="编号", autocompletion=_complete.alerts, help="预警编号，如 2027-01")],
        note: Annotated[Optional[str], typer.Option("--note", metavar="说明", help="销号说明，如 已全部整改到位")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="销号日期，默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """销号：处置完毕的预警写明日期与说明后关闭。

        示例：lianxi alert close 2027-01 --note 已全部整改到位
        """
        from ..alerts import close_alert
        from ..dataset import Dataset
        from ._units import text_option

        from ..listfile import Unchanged

        ds = Dataset.open(data)
        day, now = record_date(date)
        try:
            with planning(dry_run):
                alert = close_alert(ds.root, alert_id, note=text_option(note, "--note"),
                                    day=day, today=now)
                if dry_run:
                    emit(f"试运行（--dry-run）：预警 {alert.id} 将于 {day.isoformat()} 销号，实际未写入。")
        except Unchanged as same:
            closed = same.entry.closed
            emit(f"预警 {same.entry.id} 已于 {closed.date.isoformat()} 销号（{esc(closed.note)}），无需变动。")
            return
        if not dry_run:
            emit(f"预警 {alert.id} 已销号（{day.isoformat()}）。")

    @group.command("edit")
    def edit(
        alert_id: Annotated[str, typer.Argument(metavar="编号", autocompletion=_complete.alerts, help="预警编号，如 2027-01")],
        level: Annotated[Optional[str], typer.Option("--level", "-l", metavar="等级",
                                                     help="预警等级：一般、较重、严重")] = None,
        units: Annotated[Optional[list[str]], typer.Option(
            "--unit", "-u", metavar="单位", autocompletion=_complete.units, help="涉及的单位（替换原来的），逗号分隔或重复使用，如 市场监管局,消防")] = None,
        text: Annotated[Optional[str], typer.Option("--text", metavar="内容", help="研判情况")] = None,
        title: Annotated[Optional[str], typer.Option("--title", metavar="事由", help="事由")] = None,
        measures: Annotated[Optional[str], typer.Option("--measures", metavar="要求", help="工作要求")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="研判日期")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """修改一条预警：只改给出的项，其余内容和注释不变。

        示例：lianxi alert edit 2027-01 --level 严重 --measures 请于6月底前完成整改"""
        from ..alerts import FIELD_NAMES, LEVELS, edit_alert
        from ..dataset import Dataset
        from ..errors import UsageProblem
        from ..listfile import Unchanged
        from ._units import resolve_units, text_option

        if level is not None and level not in LEVELS:
            raise UsageProblem(f"--level 的值 {level} 无效，应为：一般、较重、严重")
        ds = Dataset.open(data)
        now = record_date(None)[1]
        given = {
            "level": level,
            "units": resolve_units(ds, units, "--unit") if units is not None else None,
            "text": text_option(text, "--text") if text is not None else None,
            "title": text_option(title, "--title") if title is not None else None,
            "measures": text_option(measures, "--measures") if measures is not None else None,
            "date": record_date(date)[0] if date is not None else None,
        }
        if all(v is None for v in given.values()):
            raise UsageProblem("请至少给出一项要修改的内容，如 --level 严重（可用的选项见 lianxi alert edit --help）")
        try:
            with planning(dry_run):
                alert, before, after = edit_alert(ds.root, alert_id, given, today=now)
                emit(changes_text(ds, f"预警 {alert.id}", FIELD_NAMES, before, after, dry_run))
        except Unchanged as same:
            emit(f"预警 {same.entry.id} 已是给出的内容，无需变动。")

    @group.command("notice")
    def notice(
        alert_id: Annotated[str, typer.Argument(metavar="编号", autocompletion=_complete.alerts, help="预警编号，如 2027-01")],
        final: FinalOpt = False,
        cc: CcOpt = None,
        fmt: FormatOpt = None,
        out: OutputOpt = None,
        force: ForceOpt = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """生成预警通报（发给涉及的单位）。缺少的内容显示为〔待定：……〕并在标准错误中列出；--final 正式印发：从登记簿取文号。

        示例：lianxi alert notice 2026-01 --final -o 预警通报.docx
        """
        from .notice import followup

        followup("alert", alert_id, final=final, cc=cc, fmt=fmt, out=out, force=force, dry_run=dry_run, data=data,
                 what="通报", name="预警通报")

    @app.command("alerts")
    def alerts(
        all_: Annotated[bool, typer.Option("--all", "-a", help="同时列出已销号的预警")] = False,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """列出尚未销号的研判预警（--all 列出全部）。

        示例：lianxi alerts --all
        """
        from ..alerts import alert_view, load_alerts
        from ..dataset import Dataset

        ds = Dataset.open(data)
        found, _ = load_alerts(ds.root)
        chosen = [a for a in found.alerts if all_ or a.is_open]
        views = [alert_view(ds, a) for a in chosen]
        if json_out:
            emit_json({"alerts": views})
            return
        if not views:
            emit("没有" + ("" if all_ else "尚未销号的") + "预警。")
            return
        rows = []
        for v in views:
            units = "、".join(u["short_name"] or u["name"] for u in v["units"])
            state = "未销号" if v["open"] else f"已销号 {v['closed']['date']}"
            level = f"[red]{v['level']}[/]" if v["level"] == "严重" else v["level"]
            rows.append([esc(v["id"]), v["date"], level, esc(v["title"] or v["text"][:20]), esc(units), state])
        title = "全部预警" if all_ else "尚未销号的预警"
        emit(f"[bold]{title}[/]（{len(views)} 条）\n" + table(["编号", "日期", "等级", "事由", "涉及单位", "状态"], rows))
