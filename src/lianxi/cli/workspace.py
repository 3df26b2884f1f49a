"""``lianxi workspace``: init, add, list, and succession in every joint meeting at once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from ._options import DryRunOpt, JsonOpt
from ._output import emit, emit_json, esc, planning, table


def register(app) -> None:
    from ._app import App

    ws = App(help="工作区：多个联席会议的数据目录与一份单位登记簿（units.yaml）。说明见 docs/工作区.md。\n\n"
                  "示例：lianxi workspace init 泉港区；lianxi workspace add 泉港区/消防",
             no_args_is_help=True)
    app.add_typer(ws, name="workspace")

    @ws.command("init")
    def init(
        directory: Annotated[str, typer.Argument(metavar="目录", help="要建立的工作区目录（可不存在）")],
        name: Annotated[Optional[str], typer.Option("--name", metavar="名称",
                                                    help="工作区名称，如 泉港区联席会议；默认为目录名")] = None,
        dry_run: DryRunOpt = False,
    ) -> None:
        """建立工作区：写出 workspace.yaml（联席会议清单）和 units.yaml（单位登记簿）。

        示例：lianxi workspace init 泉港区 --name 泉港区联席会议
        """
        from pathlib import Path

        from ..errors import UsageProblem
        from ..store import display_path
        from ..workspace.register import init as init_ws

        if name is not None and not name.strip():
            raise UsageProblem("--name 不能为空")
        target = Path(directory)
        label = (name or target.resolve().name or "工作区").strip()
        with planning(dry_run):
            init_ws(target, label)
        if not dry_run:
            shown = display_path(target)
            typer.echo(f"已建立工作区 {shown}（{label}）：workspace.yaml、units.yaml")
            typer.echo(f"下一步：把联席会议的数据目录放进 {shown} 后 lianxi workspace add {shown}/目录，"
                       f"或 lianxi import 通知.txt -o {shown}/目录 --into-workspace")
            typer.echo(f"用 git 管理（建议，每次改动都有记录）：cd {shown} && git init && git add -A && git commit -m 建立工作区")

    @ws.command("add")
    def add(
        directory: Annotated[str, typer.Argument(metavar="目录", help="工作区中一个联席会议的数据目录")],
        key: Annotated[Optional[str], typer.Option("--key", metavar="简称",
                                                   help="联席会议在工作区中的简称（--meeting 用它）；默认为目录名")] = None,
        link: Annotated[Optional[list[str]], typer.Option(
            "--link", metavar="本会编号=登记簿编号",
            help="指明单位对应登记簿中的哪个单位（名称对应不唯一时），如 --link gongan=gongan；可重复")] = None,
        dry_run: DryRunOpt = False,
        json_out: JsonOpt = False,
    ) -> None:
        """把一个联席会议加入工作区：先校验其数据，再把它的单位与单位登记簿对应（全称或简称、别名完全相同的
        对应到登记簿中的单位，没有的新增到登记簿，对应多个的拒绝并列出候选）。

        示例：lianxi workspace add 泉港区/消防 --key 消防
        """
        from pathlib import Path

        from ..workspace.loader import Workspace
        from ..workspace.register import add as add_meeting, parse_links

        from ..store import dry_run as recording

        workspace = Workspace.open()
        with (recording(dry_run) if json_out else planning(dry_run)):
            outcome = add_meeting(workspace, Path(directory), key=key, links=parse_links(link or []))
        view = _add_view(outcome)
        if json_out:
            emit_json(view | ({"dry_run": True} if dry_run else {}))
            return
        emit(_add_text(view, dry_run))

    @ws.command("list")
    def list_(json_out: JsonOpt = False) -> None:
        """列出工作区中的联席会议。

        示例：lianxi workspace list
        """
        from ..store import display_path
        from ..workspace.loader import Workspace, full_name

        workspace = Workspace.open()
        rows = [{"key": r.key, "dir": r.dir, "name": full_name(r.root)} for r in workspace.meetings]
        if json_out:
            emit_json({"workspace": workspace.file.name, "root": display_path(workspace.root), "meetings": rows,
                       "units": len(workspace.register.units)})
            return
        emit(f"[bold]{esc(workspace.file.name)}[/]（{display_path(workspace.root)}）：{len(rows)} 个联席会议，"
             f"单位登记簿 {len(workspace.register.units)} 个单位")
        if rows:
            emit(table(["简称", "目录", "全称"], [[esc(r["key"]), esc(r["dir"]), esc(r["name"] or "（无法读取）")]
                                                for r in rows]))

    @ws.command("succession")
    def succession(
        person: Annotated[str, typer.Argument(metavar="原任者", help="离任者姓名，如 郑惠山")],
        name: Annotated[Optional[str], typer.Option("--name", metavar="姓名", help="接任者姓名")] = None,
        post: Annotated[Optional[str], typer.Option(
            "--post", metavar="职务", help="只接替原任者担任该职务的席位，如 区公安分局副局长；默认为其全部席位")] = None,
        new_post: Annotated[Optional[str], typer.Option(
            "--new-post", metavar="职务", help="接任者的职务；默认与原任者相同")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期",
                                                    help="接任日期，如 2027-03-01；原任的任期到前一天结束")] = None,
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="变动原因，如 工作调动")] = None,
        force: Annotated[bool, typer.Option("--force", help="允许距今一年以上的接任日期")] = False,
        dry_run: DryRunOpt = False,
        json_out: JsonOpt = False,
    ) -> None:
        """跨联席会议的人事接替：在原任者（按职务）占有席位的每个联席会议中由接任者接替；
        全部通过校验后才写入，否则一个文件也不改。先用 -n 试运行。

        示例：lianxi workspace succession 郑惠山 --post 区公安分局副局长 --name 李明 --date 2027-03-01 -n
        """
        from ..errors import UsageProblem
        from ..workspace.loader import Workspace
        from ..workspace.transfer import apply_across

        if not name or not name.strip():
            raise UsageProblem("请用 --name 给出接任者姓名")
        day = parse_date(date, "--date")
        if day is None:
            raise UsageProblem("请用 --date 给出接任日期，如 --date 2027-03-01")
        workspace = Workspace.open()
        outcome = apply_across(workspace, person, name=name, post=post, new_post=new_post, date=day,
                               reason=reason, force=force, dry_run=dry_run)
        view = outcome.view()
        if json_out:
            emit_json(view)
            return
        lines = []
        head = "试运行（--dry-run），未写入任何文件：" if dry_run else "已记录："
        lines.append(f"{head}{esc(view['outgoing'])} → {esc(view['incoming'])}（{view['date']} 起），"
                     f"{len(view['changes'])} 个联席会议")
        for c in view["changes"]:
            lines.append(f"  {esc(c['meeting'])}：{esc(c['unit'])} {c['role']}（席位 {c['seat']}），"
                         f"{esc(c['outgoing_post'])} → {esc(c['incoming_post'])}；{c['file']}")
        emit("\n".join(lines))
        if dry_run:
            import sys

            sys.stdout.write(outcome.diff())


def _add_view(outcome) -> dict:
    return {
        "key": outcome.key, "dir": outcome.dir, "name": outcome.name,
        "units": [{"local": link.local, "name": link.local_name, "register": link.register, "how": link.how}
                  for link in outcome.links],
        "new_units": outcome.new_units,
    }


_HOW = {"name": "全称相同", "alias": "简称或别名相同", "new": "新增到登记簿", "given": "按 --link"}


def _add_text(view: dict, dry_run: bool) -> str:
    head = "试运行（--dry-run）：将把" if dry_run else "已把"
    lines = [f"{head}“{esc(view['name'])}”（{esc(view['dir'])}）以简称“{esc(view['key'])}”加入工作区"
             + ("，实际未写入。" if dry_run else "。")]
    linked = [u for u in view["units"] if u["how"] != "new"]
    lines.append(f"单位 {len(view['units'])} 个：对应登记簿中已有单位 {len(linked)} 个，新增 {len(view['new_units'])} 个。")
    rows = [[esc(u["name"]), u["local"], u["register"] or "", _HOW.get(u["how"], u["how"])] for u in view["units"]]
    lines.append(table(["单位", "本会编号", "登记簿编号", "对应方式"], rows))
    return "\n".join(lines)
