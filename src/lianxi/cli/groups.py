"""``lianxi group new|notice`` and ``lianxi groups`` (联合工作组制度)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date, record_date
from ._app import App
from ._options import CcOpt, FinalOpt, AsOfOpt, DataOpt, DryRunOpt, ForceOpt, FormatOpt, JsonOpt, OutputOpt
from ._output import emit, emit_json, esc, planning, table


def register(app) -> None:
    group = App(name="group", help="联合工作组：成立、生成成立通知。", no_args_is_help=True)
    app.add_typer(group, name="group")

    @group.command("new")
    def new(
        lead: Annotated[str, typer.Option("--lead", metavar="单位", help="牵头单位，如 区卫健局")],
        units: Annotated[list[str], typer.Option("--unit", "-u", metavar="单位",
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
        """成立联合工作组（写入 groups.yaml，原子写入并校验）。"""
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
        lead_id = unit_matcher(ds).find(lead)
        member_ids = [u for u in resolve_units(ds, units, "--unit") if u != lead_id]
        if not member_ids:
            raise UsageProblem("--unit 除牵头单位外至少需要一个参加单位")
        with planning(dry_run):
            created = new_group(ds.root, name=name.strip() if name and name.strip() else None, lead=lead_id,
                                units=member_ids, purpose=task, start=begin, end=finish, day=day, today=now)
        if dry_run:
            return
        emit(f"已成立联合工作组 {created.id}：{created.display_name}。生成成立通知：lianxi group notice {created.id}")

    @group.command("notice")
    def notice(
        group_id: Annotated[str, typer.Argument(metavar="编号", help="工作组编号，如 2027-01")],
        final: FinalOpt = False,
        cc: CcOpt = None,
        fmt: FormatOpt = None,
        out: OutputOpt = None,
        force: ForceOpt = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """生成联合工作组成立通知；--final 正式印发：从登记簿取文号。
        例：lianxi group notice 2026-01 --final -o 工作组通知.docx"""
        from ..dataset import Dataset
        from ..dates import today
        from ..groups import find_group, load_groups
        from ..render import check_output
        from ..services import issuing
        from .notice import finish, show

        ds = Dataset.open(data)
        check_output(fmt, out, force, ds.root)  # a bad -o is refused before a number is taken
        found, _ = load_groups(ds.root)
        chosen = find_group(found, group_id)
        with planning(dry_run):  # --final --dry-run: the number it would take, nothing registered
            document = issuing.followup_notice(ds, "group", chosen, final=final, cc=tuple(cc or ()), today=today())
            show(document, "通知")
            if not dry_run:
                finish(document.annotated, fmt, out, ds.root, force, "工作组成立通知")

    @app.command("groups")
    def groups(as_of: AsOfOpt = None, data: DataOpt = None, json_out: JsonOpt = False) -> None:
        """列出联合工作组及其工作状态（未开始 / 工作中 / 已结束）。"""
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
