"""``lianxi member add`` / ``lianxi member retire``: member units joining and leaving (history kept)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from . import _complete
from ._options import DataOpt, DryRunOpt
from ._output import emit, esc, planning


def register(app) -> None:
    from ._app import App

    group = App(help="成员单位：增加成员单位（同时设成员、联络员席位），或记录某单位不再是成员单位（记录保留）。\n\n示例：lianxi member add 区应急管理局 --alias 应急局 --date 2027-01-01 --dry-run",
                no_args_is_help=True)
    app.add_typer(group, name="member")

    @group.command("add")
    def add(
        name: Annotated[str, typer.Argument(metavar="名称", help="单位名称，按文件写法，如 区应急管理局")],
        alias: Annotated[Optional[list[str]], typer.Option(
            "--alias", metavar="别名", help="查询用的别名，逗号分隔或重复使用，如 应急管理局,应急局")] = None,
        short_name: Annotated[Optional[str], typer.Option("--short-name", metavar="简称",
                                                          help="文件中使用的简称，如 区应急局")] = None,
        unit_id: Annotated[Optional[str], typer.Option("--id", metavar="编号",
                                                       help="单位编号（小写字母、数字），不写时由名称的拼音生成，如 yingjiguanli")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期",
                                                    help="成为成员单位的日期，默认今天")] = None,
        person: Annotated[Optional[str], typer.Option("--name", metavar="姓名",
                                                      help="该单位在联席会议中的成员（可以以后用 succession apply 记录）")] = None,
        post: Annotated[Optional[str], typer.Option("--post", metavar="职务", help="成员的职务，如 区应急管理局副局长")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """增加成员单位：写入 members.yaml 的单位名单，并设“成员”“联络员”两个席位（人员未定时显示“待报送”）。

        示例：lianxi member add 区应急管理局 --alias 应急管理局,应急局 --name 张三 --post 区应急管理局副局长"""
        from ..dataset import Dataset
        from ..dates import today
        from ..errors import UsageProblem
        from ..listfile import Unchanged
        from ..membership import add_member
        from ._units import split_names, text_option

        if (person is None) != (post is None):
            raise UsageProblem("--name 与 --post 须同时给出（也可以都不写，以后用 succession apply 记录）")
        ds = Dataset.open(data)
        day = parse_date(date, "--date") or today()
        holder = {"name": text_option(person, "--name"), "post": text_option(post, "--post")} if person else None
        try:
            with planning(dry_run):
                change = add_member(ds, text_option(name, "单位名称"), day=day, unit_id=unit_id,
                                    short_name=short_name.strip() if short_name and short_name.strip() else None,
                                    aliases=tuple(split_names(alias)), holder=holder)
                what = (f"{esc(change.name)}（编号 {change.unit_id}）自 {day.isoformat()} 起为成员单位；"
                        f"席位 {'、'.join(change.seats)}" + (f"；成员：{esc(person)}" if person else "（人员待报送）"))
                if dry_run:
                    emit(f"试运行（--dry-run）：将增加成员单位 {what}。实际未写入。")
        except Unchanged as same:
            emit(f"{esc(name)}（编号 {same.entry}）已于 {day.isoformat()} 成为成员单位，无需变动。")
            return
        if dry_run:
            return
        emit(f"已增加成员单位 {what}。\n登记联络员：lianxi liaison set {change.unit_id} --name 姓名 --phone 电话")

    @group.command("retire")
    def retire(
        unit: Annotated[str, typer.Argument(metavar="单位", autocompletion=_complete.units,
                                            help="单位名称、简称或别名（须完全一致），如 区防汛办")],
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期",
                                                    help="自该日起不再是成员单位，如 2027-03-01；默认今天")] = None,
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="原因，如 机构改革")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """记录某单位自某日起不再是成员单位：其席位人员任期到前一天结束，单位和历任记录保留；其未完成的议定事项和承担的职责由 lianxi check 列出，以便另行安排。

        示例：lianxi member retire 区防汛办 --date 2027-03-01 --reason 机构改革"""
        from ..dataset import Dataset
        from ..dates import today
        from ..listfile import Unchanged
        from ..membership import retire_member
        from ._units import text_option

        ds = Dataset.open(data)
        day = parse_date(date, "--date") or today()
        try:
            with planning(dry_run):
                change = retire_member(ds, unit, day=day, reason=text_option(reason, "--reason"))
                _show_retired(change, day, dry_run)
        except Unchanged as same:
            emit(f"{esc(ds.unit_name(same.entry))}已记录自 {day.isoformat()} 起不再是成员单位，无需变动。")


def _show_retired(change, day, dry_run: bool) -> None:
    lines = [f"{esc(change.name)} 自 {day.isoformat()} 起不再是成员单位（记录保留）。"]
    for role, holder in change.ended:
        lines.append(f"  {role}：{esc(holder)} 任期至 {_day_before(day)}")
    if change.flagged:
        lines.append("须另行安排（lianxi check 也会列出）：")
        lines += [f"  - {esc(m)}" for m in change.flagged]
    if dry_run:
        lines[0] = f"试运行（--dry-run）：将记录 {lines[0]}实际未写入。"
    emit("\n".join(lines))


def _day_before(day) -> str:
    import datetime as dt

    return (day - dt.timedelta(days=1)).isoformat()
