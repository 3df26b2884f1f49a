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
        notice: Annotated[str, typer.Argument(metavar="通知.txt",
                                              help="设立联席会议的通知（纯文本，UTF-8 或 GBK/GB18030）")],
        out: Annotated[str, typer.Option("--output", "-o", metavar="目录", help="写入的数据目录（应不存在或为空）")],
        name: Annotated[Optional[str], typer.Option("--name", metavar="联席会议名称",
                                                    help="通知标题中识别不出名称时指定")] = None,
        force: Annotated[bool, typer.Option("--force", help="目录不为空时也写入（覆盖其中的数据文件）")] = False,
        dry_run: DryRunOpt = False,
        json_out: JsonOpt = False,
    ) -> None:
        """从设立联席会议的通知导入：写出可通过校验的数据文件，并报告已导入、未能导入（附行号）和需要补填的内容。"""
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
        target = Path(out)
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
        if json_out:
            emit_json(report_data(parsed, result, shown) | ({"dry_run": True} if dry_run else {}))
        else:
            emit(render(parsed, result, shown))
            if dry_run:
                typer.echo(f"试运行：以上为将写入 {shown} 的内容，未写入任何文件。", err=True)
