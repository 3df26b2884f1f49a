"""``lianxi liaison set`` and ``lianxi liaisons``: each member unit's liaison (联络员)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from ._options import AsOfOpt, DataOpt, JsonOpt, ListFormatOpt, OutputOpt
from ._output import LIST_FORMATS, emit, emit_json, esc, export_choice, table
from .succession import DryRunOpt, ForceOpt, UnitArg


def register(app) -> None:
    from ._app import App

    group = App(help="联络员：登记或更换各成员单位的联络员（业务股室负责人）及联系电话。\n\n示例：lianxi liaison set 公安 --name 张警官 --phone 0595-87654321", no_args_is_help=True)
    app.add_typer(group, name="liaison")

    @group.command("set")
    def set_(
        unit: UnitArg = None,
        name: Annotated[Optional[str], typer.Option("--name", metavar="姓名", help="联络员姓名")] = None,
        phone: Annotated[Optional[str], typer.Option(
            "--phone", metavar="电话", help="联系电话：带区号的固定电话（如 0595-87654321）或 11 位手机号")] = None,
        post: Annotated[Optional[str], typer.Option(
            "--post", metavar="职务", help="职务；默认取席位要求的职务（业务股室负责人）")] = None,
        date: Annotated[Optional[str], typer.Option(
            "--date", metavar="日期", help="起始日期，如 2027-03-01；默认今天。更换联络员时原联络员到前一天为止")] = None,
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="变动原因")] = None,
        force: ForceOpt = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """登记或更换某成员单位的联络员；同一人再次登记时只更新联系电话。

        示例：lianxi liaison set 公安 --name 张警官 --phone "0595 8765 4321"
        """
        from ..dates import today
        from ..errors import UsageProblem
        from ..store import resolve_data_dir
        from ..succession import apply, make_request
        from .succession import show_outcome

        if not unit:
            raise UsageProblem("请给出单位，如 lianxi liaison set 公安 --name 张三 --phone 0595-87654321")
        root = resolve_data_dir(data)
        day = parse_date(date, "--date") or today()
        request = make_request(name=name, date=day, post=post, unit=unit, reason=reason, phone=phone,
                               liaison=True)
        outcome = apply(root, [request], force=force, dry_run=dry_run)
        show_outcome(outcome, dry_run=dry_run, json_out=json_out)

    @app.command("liaisons")
    def liaisons(as_of: AsOfOpt = None, data: DataOpt = None, json_out: JsonOpt = False, out: OutputOpt = None,
                 fmt: ListFormatOpt = None, force: ForceOpt = False) -> None:
        """联络员名单：各成员单位的联络员及联系电话，未报送的显示“待报送”。

        示例：lianxi liaisons -o 联络员名单.xlsx；lianxi liaisons -o 联络员名单.docx（公文版式，可打印）
        """
        from ..dates import today
        from ..dataset import Dataset
        from ..views import PENDING, roster_view

        export = export_choice(fmt, out, json_out, LIST_FORMATS)
        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        view = roster_view(ds, day, liaisons=True)
        if export:
            from ..tables import liaisons_table
            from ._output import emit_export

            emit_export(liaisons_table(view), export, out, ds.root, force)
            return
        if json_out:
            emit_json(view)
            return
        rows = []
        pending = f"[yellow]{PENDING}[/]"
        for seat in view["seats"]:
            unit = seat["unit"]
            unit_name = (unit["short_name"] or unit["name"]) if unit else ""
            holder = seat["holder"]
            if holder:
                rows.append([esc(unit_name), esc(holder["name"]), esc(holder["post"]),
                             esc(holder["phone"]) if holder["phone"] else pending])
            else:
                rows.append([esc(unit_name), pending, esc(seat["post"] or ""), pending])
        known = sum(1 for s in view["seats"] if s["holder"])
        title = (f"[bold]{esc(view['name'])} 联络员[/]（截至 {view['as_of']}；"
                 f"已报送 {known} 个，待报送 {len(rows) - known} 个）")
        emit(title + "\n" + table(["单位", "联络员", "职务", "联系电话"], rows))
