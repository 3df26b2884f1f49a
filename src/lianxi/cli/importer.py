"""``lianxi init`` (an empty, valid data directory) and ``lianxi import`` (from a notice)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import _complete
from ._options import DryRunOpt, JsonOpt


def register(app) -> None:
    @app.command("init")
    def init(
        directory: Annotated[str, typer.Argument(metavar="目录", help="要建立的数据仓库目录（应不存在或为空）")],
        name: Annotated[Optional[str], typer.Option("--name", metavar="联席会议名称",
                                                    help="联席会议全称，如 某某县食品安全工作联席会议")] = None,
        force: Annotated[bool, typer.Option("--force", help="目录不为空时也写入（覆盖其中的数据文件）")] = False,
        example: Annotated[bool, typer.Option(
            "--example", help="复制一份内置数据（泉港区婴幼儿照护服务工作联席会议），可在副本上练习和修改")] = False,
        layout: Annotated[str, typer.Option(
            "--layout", metavar="布局", autocompletion=_complete.choices("root", "data"),
            help="root（默认）：数据文件放在目录的根上，命令写 --data 目录；data：数据放在 目录/data/，"
                 "在该目录中运行命令不必写 --data")] = "root",
        dry_run: DryRunOpt = False,
    ) -> None:
        """建立一个可通过校验的数据仓库：数据文件（带注释和 Schema），以及 .gitignore、pre-commit 配置、
        GitHub Actions 工作流和 VS Code 设置；再照通知填写。--example 则复制一份内置数据。

        示例：lianxi init 食安联席会议 --name 某某县食品安全工作联席会议；lianxi init 仓库 --layout data
        """
        from pathlib import Path

        from ..datarepo import LAYOUTS, repo_files
        from ..errors import UsageProblem
        from ..importer.skeleton import skeleton
        from ..importer.write import write_data_dir
        from ..store import bundled_dir, display_path

        if name is not None and not name.strip():
            raise UsageProblem("--name 不能为空")
        if example and name is not None:
            raise UsageProblem("--example 复制内置数据，不能同时指定 --name")
        if layout not in LAYOUTS:
            raise UsageProblem(f"--layout 的值 {layout} 无效，应为 root 或 data")
        out = Path(directory)
        sub = "data" if layout == "data" else ""
        repo = repo_files(layout)
        data_shown = display_path(out / sub) if sub else display_path(out)
        if example:
            written = write_data_dir(out, {}, force, copy_from=bundled_dir("data"), dry_run=dry_run,
                                     sub=sub, repo=repo)
            shown = data_shown
            if dry_run:
                typer.echo(f"试运行：将把内置数据复制到 {shown}（{len(written)} 个文件），未写入任何文件。")
                return
            typer.echo(f"已复制内置数据到 {shown}。")
            typer.echo(f"下一步：在副本上运行命令时加 --data {shown}（或设置环境变量 LIANXI_DATA={shown}）。")
            return
        written = write_data_dir(out, skeleton(name.strip() if name else None), force, dry_run=dry_run,
                                 sub=sub, repo=repo)
        shown = data_shown
        if dry_run:
            typer.echo(f"试运行：将在 {shown} 建立数据目录（{len(written)} 个文件），未写入任何文件。")
            return
        typer.echo(f"已建立数据目录 {shown}：members.yaml、duties.yaml、charter.yaml 及 .schema/")
        made = [n for n in repo if out / n in written]
        if made:
            typer.echo(f"以及数据仓库的配置（{display_path(out)}）：" + "、".join(made))
        kept = [n for n in repo if n not in made]
        if kept:
            typer.echo("已有、未改动：" + "、".join(kept))
        typer.echo("其中只有一个空的“总召集人”席位，其余均待填写。")
        typer.echo(f"下一步：照通知填写，或 lianxi import 通知.txt -o 新目录；填好后 lianxi validate --data {shown}")

    @app.command("import")
    def import_(
        notice: Annotated[str, typer.Argument(
            metavar="通知文件",
            help="设立联席会议的通知：纯文本 .txt（UTF-8、GB18030/GBK 或 UTF-16）、Word .docx、有文字层的 PDF；"
                 "- 表示从标准输入读取")],
        out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="目录",
                                                   help="写入的数据目录（应不存在或为空）")] = None,
        into: Annotated[Optional[str], typer.Option(
            "--into", metavar="数据目录",
            help="已有数据目录：后续通知记为人事接替和更名")] = None,
        date: Annotated[Optional[str], typer.Option(
            "--date", metavar="日期", help="与 --into 同用：任职日期，默认取成文日期")] = None,
        name: Annotated[Optional[str], typer.Option("--name", metavar="联席会议名称",
                                                    help="联席会议名称（识别不出或须更正时）")] = None,
        force: Annotated[bool, typer.Option("--force", help="目录不为空时也写入（覆盖其中的数据文件）；"
                                            "与 --into 同用：通知的地区或名称与数据不同、任职日期在一年以前时也导入")] = False,
        into_workspace: Annotated[bool, typer.Option(
            "--into-workspace", help="导入后加入 -o 目录所在的工作区（对应单位登记簿），见 docs/工作区.md")] = False,
        key: Annotated[Optional[str], typer.Option("--key", metavar="简称",
                                                   help="与 --into-workspace 连用：在工作区中的简称；默认为目录名")] = None,
        dry_run: DryRunOpt = False,
        json_out: JsonOpt = False,
    ) -> None:
        """从设立联席会议的通知导入：写出可通过校验的数据文件，并报告找到的人数、成员单位数、未能导入的行（附行号）和需要补填的内容。

        示例：lianxi import 通知.docx -o 食品安全；lianxi import - -o 食品安全 < 通知.txt；
        lianxi import 调整通知.txt --into 食品安全 -n；
        加 --into-workspace 时随即加入所在的工作区：lianxi import 通知.txt -o 泉港区/消防 --into-workspace
        """
        from pathlib import Path

        from ..errors import DataError, UsageProblem
        from ..importer.build import BuildError, build
        from ..importer.parse import parse_notice
        from ..importer.report import render, report_data
        from ..importer.text import read_notice
        from ..importer.write import check_target, write_data_dir
        from ..store import display_path
        from ._output import emit, emit_json

        if name is not None and not name.strip():
            raise UsageProblem("--name 不能为空")
        if (out is None) == (into is None):
            raise UsageProblem("请用 -o 给出要新建的数据目录，或用 --into 给出已有的数据目录（二者选一）")
        if date is not None and into is None:
            raise UsageProblem("--date 只与 --into 同用")
        if into is not None and (into_workspace or key is not None):
            raise UsageProblem("--into-workspace 只用于新建数据目录（-o）；--into 的数据目录已在工作区中时直接导入即可")
        if into is not None:
            _import_into(notice, into, name, date, force, dry_run, json_out)
            return
        target = Path(out)
        if key is not None and not into_workspace:
            raise UsageProblem("--key 只能与 --into-workspace 连用")
        workspace = _workspace_of(target) if into_workspace else None
        check_target(target, force)
        source = Path(notice)
        text = read_notice(source, display_path(source))
        parsed = parse_notice(text.lines, text.display, text.encoding)
        try:
            result = build(parsed, name.strip() if name else None)
        except BuildError as exc:
            raise DataError(str(exc)) from None
        write_data_dir(target, {"members.yaml": result.members, "duties.yaml": result.duties,
                                "charter.yaml": result.charter}, force, dry_run=dry_run)
        shown = display_path(target)
        joined = None
        if workspace is not None and not dry_run:
            from ..workspace.register import add as add_meeting

            joined = add_meeting(workspace, target, key=key)
        if json_out:
            extra = {"workspace": {"key": joined.key, "new_units": [u["id"] for u in joined.new_units]}} if joined else {}
            emit_json(report_data(parsed, result, shown) | extra | ({"dry_run": True} if dry_run else {}))
        else:
            emit(render(parsed, result, shown, dry_run=dry_run))
            if dry_run:
                typer.echo(f"试运行：以上为将写入 {shown} 的内容，未写入任何文件。", err=True)
            if joined is not None:
                typer.echo(f"已加入工作区（简称“{joined.key}”）；单位登记簿新增 {len(joined.new_units)} 个单位。"
                           f"在工作区中可写 lianxi --meeting {joined.key} roster", err=True)
            elif workspace is not None:
                typer.echo("试运行：导入后将加入工作区（届时校验并对应单位登记簿）。", err=True)


def _workspace_of(target):
    """The workspace ``-o`` lies in (``import --into-workspace``)."""
    from ..errors import UsageProblem
    from ..store import display_path, find_workspace
    from ..workspace.loader import Workspace

    import os
    from pathlib import Path

    folder = Path(os.path.abspath(target)).parent
    root = next((p for p in (folder, *folder.parents) if (p / "workspace.yaml").is_file()), None)
    if root is None:
        given = find_workspace()
        raise UsageProblem(f"--into-workspace：{display_path(target)} 不在任何工作区中"
                           + (f"；请把 -o 写在工作区 {display_path(given)} 之中" if given else
                              "；先建立工作区：lianxi workspace init 目录"))
    return Workspace(root)


def _import_into(notice: str, into: str, name, date, force: bool, dry_run: bool, json_out: bool) -> None:
    """``import --into``: the later notice as succession records and a renaming of existing data."""
    from pathlib import Path

    from ..dates import parse_date
    from ..errors import DataError
    from ..importer.build import BuildError, build
    from ..importer.into import apply_into, plan_into
    from ..importer.parse import parse_notice
    from ..importer.text import read_notice
    from ..store import display_path, guard_writable, resolve_data_dir
    from ._output import emit, emit_json, esc
    from .succession import show_outcome

    root = resolve_data_dir(into)
    guard_writable(root)
    source = Path(notice)
    text = read_notice(source, display_path(source))
    parsed = parse_notice(text.lines, text.display, text.encoding)
    try:
        result = build(parsed, name.strip() if name else None)
    except BuildError as exc:
        raise DataError(str(exc)) from None
    plan = plan_into(root, parsed, result, parse_date(date, "--date") if date else None, force)
    outcome, rename = apply_into(plan, dry_run=dry_run, force=force)
    if json_out:
        written = bool(outcome is not None and outcome.written) or (rename is not None and not dry_run)
        emit_json(plan.view() | {"dry_run": dry_run, "written": written})
        return
    shown = display_path(root)
    lines = [f"[bold]导入到已有数据[/]：{esc(text.display)} → {esc(shown)}（{esc(plan.old_name)}）",
             f"任职日期：{plan.date.isoformat()}", ""]
    if rename is not None:
        lines.append(f"更名：{esc(plan.old_name)} → {esc(plan.new_name)}（charter.yaml name）")
    lines.append(f"人事接替 {len(plan.requests)} 处，留任 {len(plan.unchanged)} 人")
    for title, items in (("留任", plan.unchanged), ("未能对应（未修改）", plan.unmatched),
                         ("数据中在任、新通知未列出（未修改）", plan.absent), ("请核对", plan.notes)):
        if items:
            lines.append(f"{title}：")
            lines += [f"  {esc(x)}" for x in items]
    emit("\n".join(lines))
    if outcome is not None:
        show_outcome(outcome, dry_run=dry_run, json_out=False)
    if rename is not None:
        if dry_run:
            import difflib

            diff = difflib.unified_diff(rename[0].splitlines(), rename[1].splitlines(), "修改前", "修改后",
                                        lineterm="", n=0)
            emit(f"试运行（--dry-run）：{esc(display_path(root / 'charter.yaml'))} 将有以下修改，实际未写入：\n"
                 + "\n".join(esc(x) for x in diff))
        else:
            emit(f"已写入 {esc(display_path(root / 'charter.yaml'))}（更名）。")
