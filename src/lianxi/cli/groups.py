"""``lianxi group new|notice`` and ``lianxi groups`` (联合工作组制度)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date, record_date
from . import _complete
from ._app import App
from ._options import AsOfOpt, CcOpt, DataOpt, DryRunOpt, FinalOpt, ForceOpt, FormatOpt, JsonOpt, OutputOpt
from ._output import changes_text, emit, emit_json, esc, planning, table


def register(app) -> None:
    group = App(name="group", help="联合工作组：成立、修改、结束工作、生成成立通知。\n\n示例：lianxi group notice 2027-01", no_args_is_help=True)
    app.add_typer(group, name="group")

    @group.command("new")
    def new(
        lead: Annotated[str, typer.Option("--lead", metavar="单位", autocompletion=_complete.units,
                                          help="牵头单位，如 区卫健局")],
        units: Annotated[list[str], typer.Option("--unit", "-u", metavar="单位", autocompletion=_complete.units,
                                                 help="参加单位，逗号分隔或重复使用，如 市场监管局,消防")],
        purpose: Annotated[str, typer.Option("--purpose", metavar="任务", help="工作任务")],
        start: Annotated[str, typer.Option("--from", metavar="日期", help="工作期限开始，如 2027-04-10")],
        end: Annotated[str, typer.Option("--to", metavar="日期", help="工作期限结束，如 2027-05-31")],
        name: Annotated[Optional[str], typer.Option("--name", metavar="名称",
                                                    help="工作组名称，如 托育机构安全联合检查组；默认“联合工作组”")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="成立日期，默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """成立联合工作组（写入 groups.yaml，原子写入并校验）。

        示例：lianxi group new --lead 卫健 -u 市场监管局,消防 --purpose 对全区托育机构开展联合检查 --from 2027-04-01 --to 2027-04-30
        """
        from ..dataset import Dataset
        from ..errors import UsageProblem
        from ..groups import new_group
        from ..query import unit_matcher
        from ._units import resolve_units, text_option

        ds = Dataset.open(data)
        day, now = record_date(date)
        begin, finish = parse_date(start, "--from"), parse_date(end, "--to")
        if finish < begin:
            raise UsageProblem(f"--to {finish.isoformat()} 早于 --from {begin.isoformat()}")
        task = text_option(purpose, "--purpose")
        lead_id = unit_matcher(ds).find_exact(lead)
        member_ids = [u for u in resolve_units(ds, units, "--unit") if u != lead_id]
        if not member_ids:
            raise UsageProblem("--unit 除牵头单位外至少需要一个参加单位")
        with planning(dry_run):
            created = new_group(ds.root, name=name.strip() if name and name.strip() else None, lead=lead_id,
                                units=member_ids, purpose=task, start=begin, end=finish, day=day, today=now)
        if dry_run:
            return
        emit(f"已成立联合工作组 {created.id}：{created.display_name}。生成成立通知：lianxi group notice {created.id}")

    @group.command("edit")
    def edit(
        group_id: Annotated[str, typer.Argument(metavar="编号", autocompletion=_complete.groups, help="工作组编号，如 2027-01")],
        lead: Annotated[Optional[str], typer.Option("--lead", metavar="单位", autocompletion=_complete.units,
                                                    help="牵头单位")] = None,
        units: Annotated[Optional[list[str]], typer.Option(
            "--unit", "-u", metavar="单位", autocompletion=_complete.units, help="参加单位（替换原来的），逗号分隔或重复使用")] = None,
        purpose: Annotated[Optional[str], typer.Option("--purpose", metavar="任务", help="工作任务")] = None,
        start: Annotated[Optional[str], typer.Option("--from", metavar="日期", help="工作期限开始")] = None,
        end: Annotated[Optional[str], typer.Option("--to", metavar="日期", help="工作期限结束，如 2027-06-30")] = None,
        name: Annotated[Optional[str], typer.Option("--name", metavar="名称", help="工作组名称")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """修改联合工作组：只改给出的项，其余内容和注释不变。

        示例：lianxi group edit 2027-01 --to 2027-06-30 --unit 市场监管局,消防,公安"""
        from ..dataset import Dataset
        from ..dates import today
        from ..errors import UsageProblem
        from ..groups import FIELD_NAMES, edit_group
        from ..listfile import Unchanged
        from ..query import unit_matcher
        from ._units import resolve_units, text_option

        ds = Dataset.open(data)
        given = {
            "name": text_option(name, "--name") if name is not None else None,
            "lead": unit_matcher(ds).find_exact(lead) if lead is not None else None,
            "units": resolve_units(ds, units, "--unit") if units is not None else None,
            "purpose": text_option(purpose, "--purpose") if purpose is not None else None,
            "start": parse_date(start, "--from"),
            "end": parse_date(end, "--to"),
        }
        if all(v is None for v in given.values()):
            raise UsageProblem("请至少给出一项要修改的内容，如 --to 2027-06-30（可用的选项见 lianxi group edit --help）")
        try:
            with planning(dry_run):
                changed, before, after = edit_group(ds.root, group_id, given, today=today())
                emit(changes_text(ds, f"联合工作组 {changed.id}", FIELD_NAMES, before, after, dry_run))
        except Unchanged as same:
            emit(f"联合工作组 {same.entry.id} 已是给出的内容，无需变动。")

    @group.command("close")
    def close(
        group_id: Annotated[str, typer.Argument(metavar="编号", autocompletion=_complete.groups, help="工作组编号，如 2027-01")],
        summary: Annotated[Optional[str], typer.Option("--summary", metavar="小结",
                                                       help="工作情况小结，如 检查托育机构23家，整改问题15个")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="工作结束日期，默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """工作组结束工作：写明结束日期与工作情况小结；已结束的再次结束不做改动。

        示例：lianxi group close 2027-01 --date 2027-05-31 --summary 检查托育机构23家，整改问题15个"""
        from ..dataset import Dataset
        from ..groups import close_group
        from ..listfile import Unchanged
        from ._units import text_option

        ds = Dataset.open(data)
        day, now = record_date(date)
        try:
            with planning(dry_run):
                closed = close_group(ds.root, group_id, day=day, summary=text_option(summary, "--summary"),
                                     today=now)
                if dry_run:
                    emit(f"试运行（--dry-run）：联合工作组 {closed.id} 将记为于 {day.isoformat()} 结束工作，实际未写入。")
        except Unchanged as same:
            emit(f"联合工作组 {same.entry.id} 已于 {same.entry.closed.date.isoformat()} 结束工作，无需变动。")
            return
        if dry_run:
            return
        emit(f"联合工作组 {closed.id}（{esc(closed.display_name)}）已于 {day.isoformat()} 结束工作。")

    @group.command("notice")
    def notice(
        group_id: Annotated[str, typer.Argument(metavar="编号", autocompletion=_complete.groups, help="工作组编号，如 2027-01")],
        final: FinalOpt = False,
        cc: CcOpt = None,
        fmt: FormatOpt = None,
        out: OutputOpt = None,
        force: ForceOpt = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """生成联合工作组成立通知；--final 正式印发：从登记簿取文号。

        示例：lianxi group notice 2026-01 --final -o 成立通知.docx
        """
        from .notice import followup

        followup("group", group_id, final=final, cc=cc, fmt=fmt, out=out, force=force, dry_run=dry_run, data=data,
                 what="通知", name="工作组成立通知")

    @app.command("groups")
    def groups(as_of: AsOfOpt = None, data: DataOpt = None, json_out: JsonOpt = False) -> None:
        """列出联合工作组及其工作状态（未开始 / 工作中 / 已结束）。

        示例：lianxi groups --as-of 2027-04-10
        """
        from ..dates import today
        from ..dataset import Dataset
        from ..groups import group_view, load_groups

        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        found, _ = load_groups(ds.root)
        views = [group_view(ds, g, day) for g in found.groups]
        if json_out:
            emit_json({"as_of": day.isoformat(), "groups": views})
            return
        if not views:
            emit("尚未组织联合工作组。成立：lianxi group new --lead … --unit … --purpose … --from … --to …")
            return
        rows = []
        for v in views:
            members = "、".join(u["short_name"] or u["name"] for u in v["units"])
            lead = v["lead"]["short_name"] or v["lead"]["name"]
            rows.append([esc(v["id"]), esc(v["name"]), esc(lead), esc(members),
                         f"{v['start']}～{v['end']}", v["state"]])
        emit(f"[bold]联合工作组[/]（{len(views)} 个，状态截至 {day.isoformat()}）\n"
             + table(["编号", "名称", "牵头单位", "参加单位", "工作期限", "状态"], rows))
