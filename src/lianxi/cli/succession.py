"""``lianxi succession apply`` / ``lianxi succession log``: personnel changes, recorded with history."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from . import _complete
from ._options import DataOpt, DryRunOpt, JsonOpt
from ._output import emit, emit_json, esc

UnitArg = Annotated[Optional[str], typer.Argument(
    metavar="单位", autocompletion=_complete.units, help="单位名称、简称、别名、部门名或拼音，如 公安、区卫健局、gongan")]
ForceOpt = Annotated[bool, typer.Option("--force", help="允许距今一年以上的接任日期")]
RoleOpt = Annotated[Optional[str], typer.Option("--role", metavar="席位", autocompletion=_complete.roles,
                                                help="单位有多个席位时指明，如 成员、副召集人、联络员")]
ReplaceOpt = Annotated[Optional[str], typer.Option("--replace", metavar="姓名", help="按现任者姓名定位席位，如 郑惠山")]


def register(app) -> None:
    from ._app import App

    succ = App(help="人事接替：记录席位的新任人员（保留历任记录），查询变动记录。"
                    "依据通知：今后遇人事变动，由联席会议成员单位相应负责人接替，不再另行发文调整。"
                    "\n\n示例：lianxi succession apply 公安 --name 李明 --post 区公安分局副局长 --date 2027-03-01",
               no_args_is_help=True)
    app.add_typer(succ, name="succession")

    @succ.command("apply")
    def apply_(
        unit: UnitArg = None,
        name: Annotated[Optional[str], typer.Option("--name", metavar="姓名", help="接任者姓名")] = None,
        post: Annotated[Optional[str], typer.Option("--post", metavar="职务",
                                                    help="接任者职务，按任职文件写法，如 区公安分局副局长")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期",
                                                    help="接任日期，如 2027-03-01；原任的任期到前一天结束")] = None,
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="变动原因，如 工作调动")] = None,
        role: RoleOpt = None,
        replace: ReplaceOpt = None,
        phone: Annotated[Optional[str], typer.Option("--phone", metavar="电话",
                                                     help="接任者联系电话，如 0595-87654321 或 13912345678")] = None,
        from_file: Annotated[Optional[str], typer.Option("--from", metavar="文件",
                                                         help="从变动文件批量接替（换届），格式见 docs/人事变动.md；全部通过校验才写入")] = None,
        force: ForceOpt = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """记录人事接替：原任者任期到接任前一天结束，新任者自接任日起在任；历任记录保留。

        示例：lianxi succession apply 公安 --name 李明 --post 区公安分局副局长 --date 2027年3月1日 --dry-run
        """
        from pathlib import Path

        from ..errors import Collector, UsageProblem
        from ..store import resolve_data_dir
        from ..succession import apply, load_changes, make_request

        root = resolve_data_dir(data)
        if from_file is not None:
            given = [opt for opt, value in (("单位", unit), ("--name", name), ("--post", post), ("--date", date),
                                            ("--role", role), ("--replace", replace), ("--phone", phone),
                                            ("--reason", reason)) if value is not None]
            if given:
                raise UsageProblem(f"使用 --from 时不能再给出 {'、'.join(given)}（请写在变动文件中）")
            problems = Collector()  # every error of the file at once: its own and what planning finds
            requests = load_changes(Path(from_file), problems)
        else:
            problems = None
            requests = [make_request(name=name, date=parse_date(date, "--date"), post=post, unit=unit,
                                     role=role, replace=replace, reason=reason, phone=phone)]
        outcome = apply(root, requests, force=force, dry_run=dry_run, problems=problems)
        show_outcome(outcome, dry_run=dry_run, json_out=json_out)

    @succ.command("vacate")
    def vacate(
        unit: UnitArg = None,
        role: RoleOpt = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期",
                                                    help="离任日期（任期最后一天），如 2027-02-28")] = None,
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="离任原因，如 退休、工作调动")] = None,
        replace: ReplaceOpt = None,
        force: ForceOpt = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """记录离任、席位空缺：在任者任期到离任日期结束，此后该席位显示“空缺”（联络员显示“待报送”），直到用 succession apply（或 liaison set）记录接任者。

        示例：lianxi succession vacate 公安 --date 2027-02-28 --reason 退休"""
        from ..store import resolve_data_dir
        from ..succession import apply, make_vacate_request

        root = resolve_data_dir(data)
        request = make_vacate_request(unit=unit, date=parse_date(date, "--date"), role=role, replace=replace,
                                      reason=reason)
        outcome = apply(root, [request], force=force, dry_run=dry_run)
        show_outcome(outcome, dry_run=dry_run, json_out=json_out)

    @succ.command("correct")
    def correct_(
        unit: UnitArg = None,
        role: RoleOpt = None,
        holder: Annotated[Optional[str], typer.Option("--holder", metavar="姓名",
                                                      help="要更正的人员（记录中的写法）；默认为现任者")] = None,
        name: Annotated[Optional[str], typer.Option("--name", metavar="姓名", help="正确的姓名")] = None,
        post: Annotated[Optional[str], typer.Option("--post", metavar="职务", help="正确的职务，按任职文件写法")] = None,
        phone: Annotated[Optional[str], typer.Option("--phone", metavar="电话", help="正确的联系电话")] = None,
        start: Annotated[Optional[str], typer.Option("--start", metavar="日期", help="正确的任职开始日期")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """更正任职记录中写错的姓名、职务、电话或任职日期（不新增任期，不是人事接替）。

        示例：lianxi succession correct 公安 --name 郑惠珊 --dry-run
        """
        from ..store import resolve_data_dir
        from ..succession import check_phone, correct
        from ._output import planning

        root = resolve_data_dir(data)
        with planning(dry_run):
            done = correct(root, unit=unit, role=role, holder=holder, name=name, post=post,
                           phone=check_phone(phone), start=parse_date(start, "--start"))
        lines = [f"{esc(done.unit_name)} {esc(done.seat.role)}（席位 {done.seat.id}）{esc(done.holder.name)}："]
        lines += [f"  {esc(label)}：{esc(str(old) if old is not None else '（空）')} → {esc(str(new))}"
                  for label, old, new in done.changes]
        lines.append("（试运行，未写入）" if dry_run else "已更正 members.yaml（不新增任期；lianxi undo 可撤销）。")
        emit("\n".join(lines))

    @succ.command("log")
    def log(
        since: Annotated[Optional[str], typer.Option("--since", metavar="日期",
                                                     help="只列出该日期及以后的变动，如 2027-01-01")] = None,
        unit: Annotated[Optional[str], typer.Option("--unit", metavar="单位", help="只列出该单位的变动")] = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """人事变动记录：各席位有明确接任日期的任职，按日期排列（通知所载人员不列入）。

        示例：lianxi succession log --since 2027-01-01
        """
        from ..dataset import Dataset
        from ..query import unit_matcher
        from ..succession import log_entries

        ds = Dataset.open(data)
        unit_id = unit_matcher(ds).find(unit) if unit else None
        entries = log_entries(ds, since=parse_date(since, "--since"), unit_id=unit_id)
        if json_out:
            emit_json({"since": since, "unit": unit_id, "changes": entries})
            return
        emit(_log_text(entries))


def show_outcome(outcome, *, dry_run: bool, json_out: bool) -> None:
    """Print the steps of an applied (or dry-run) change as before → after."""
    from ..store import display_path

    if json_out:
        emit_json({
            "file": display_path(outcome.path),
            "dry_run": dry_run,
            "written": outcome.written,
            "changes": [step.view() for step in outcome.steps],
        })
        return
    blocks = [_step_text(step) for step in outcome.steps]
    shown = display_path(outcome.path)
    changed = sum(1 for s in outcome.steps if s.changes)
    if not outcome.changed:
        blocks.append("已记录，无需变动；未做任何修改。")
    elif dry_run:
        blocks.append(f"试运行（--dry-run）：{shown} 将有以下修改，实际未写入：\n" + _diff(outcome))
    else:
        blocks.append(f"已写入 {esc(shown)}（{changed} 处变动）。")
    emit("\n\n".join(blocks))


def _who(holder: dict) -> str:
    text = f"{holder['name']}（{holder['post']}）"
    if holder.get("phone"):
        text += f" 电话 {holder['phone']}"
    return esc(text)


def _step_text(step) -> str:
    view = step.view()
    head = f"[bold]{esc(view['unit'])} {esc(view['role'])}[/]（席位 {esc(view['seat'])}）"
    new = view["incoming"]
    if view["kind"] == "recorded":
        return (f"{head}\n  已记录，无需重复：{esc(new['name'])} 自 {esc(new.get('start', '未载明'))} 起"
                f"担任{esc(view['unit'])} {esc(view['role'])}")
    if view["kind"] in ("vacate", "vacated"):
        out = view["outgoing"]
        if view["kind"] == "vacated":
            return f"{head}\n  已记录，无需重复：{_who(out)} 于 {out['end']} 离任，席位空缺"
        vacant = "待报送" if view["role"] == "联络员" else "空缺"
        return (f"{head}\n  离任：{_who(out)}  任期 {out['start'] or '未载明'} 至 {view['outgoing_end']}"
                f"；原因：{esc(view['reason'])}\n  此后：[yellow]{vacant}[/]（待记录接任者）")
    if view["kind"] == "phone":
        old = view["old_phone"] or "待报送"
        return f"{head}\n  {esc(new['name'])} 联系电话：{esc(old)} → {esc(new['phone'])}"
    lines = [head]
    out = view["outgoing"]
    if out:
        since = out["start"] or "未载明"
        lines.append(f"  原任：{_who(out)}  任期 {since} 至 {view['outgoing_end']}")
    else:
        lines.append("  原任：[yellow]空缺[/]")
    reason = f"；原因：{esc(new['reason'])}" if new.get("reason") else ""
    lines.append(f"  接任：{_who(new)}  自 {new['start']} 起{reason}")
    return "\n".join(lines)


def _diff(outcome) -> str:
    """What the dry run would change, field by field in Chinese (lianxi.changes), like every writer."""
    from ..changes import describe

    from pathlib import Path

    lines = describe(Path("members.yaml"), outcome.before.encode("utf-8"), outcome.after.encode("utf-8"))
    return "\n".join("  " + esc(line) for line in lines)


def _log_text(entries: list[dict]) -> str:
    from ._output import table

    if not entries:
        return "没有人事变动记录（通知所载人员任职日期未载明，不列入）。"
    rows = []
    for e in entries:
        unit = e["unit"]
        unit_name = (unit["short_name"] or unit["name"]) if unit else ""
        prev = e["previous"]["name"] if e["previous"] else "（空缺）"
        rows.append([e["date"], esc(unit_name), esc(e["role"]), esc(prev), esc(e["holder"]["name"]),
                     esc(e["holder"]["post"]), esc(e["reason"] or ""), e["recorded"] or ""])
    return (f"人事变动记录（{len(entries)} 条）\n"
            + table(["接任日期", "单位", "席位", "原任", "接任", "职务", "原因", "记录日期"], rows))
