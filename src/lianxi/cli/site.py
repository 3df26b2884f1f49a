"""``lianxi site build``: the static intranet site of a joint meeting."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from ._options import DataOpt, DryRunOpt
from ._output import emit, esc


def register(app) -> None:
    from ._app import App

    site = App(help="内网静态网站：根据数据生成联席会议的网页（概况、组成人员、职责分工、联络员、会议与文书、议定事项）；在工作区中生成全部联席会议及单位、人员的网页。\n\n示例：lianxi site build -o site",
               no_args_is_help=True)
    app.add_typer(site, name="site")

    @site.command("build")
    def build(
        output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="目录",
                                                      help="网站写入的目录（默认 site/）；应不存在、为空或为上次生成的网站")] = None,
        as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="日期",
                                                     help="网站内容截至的日期（在任人员、逾期判断、文书日期），如 2026-12-31；默认今天")] = None,
        no_pdf: Annotated[bool, typer.Option("--no-pdf", help="不生成 PDF（默认在装有 LibreOffice 时生成）")] = False,
        force: Annotated[bool, typer.Option("--force", help="输出目录不为空且不是 lianxi 生成的网站时，仍用网站替换其中的全部内容")] = False,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """生成联席会议的静态网站，可直接放到内网网站服务器上，或用浏览器打开其中的 index.html。

        在工作区中运行且未指明联席会议（--meeting、--data）时，生成整个工作区的网站：联席会议一览（今年会议、未完成与逾期事项、空缺席位、待报送联络员），每个联席会议的全部网页（在以其简称命名的文件夹中），以及每个单位、每个人在各联席会议中的网页。

        示例：lianxi site build -o site/ --data data
        示例（工作区）：lianxi site build -o site/
        """
        from ..dates import today
        from ..store import display_path, workspace_mode

        day = parse_date(as_of, "--as-of") or today()
        workspace = workspace_mode(data)
        if workspace is not None:
            from ..site.workspace import build_workspace_site

            plan = build_workspace_site(workspace, output, today=day, force=force, dry_run=dry_run, pdf=not no_pdf)
        else:
            from ..dataset import Dataset
            from ..site.build import build_site

            ds = Dataset.open(data)
            plan = build_site(ds, output, today=day, force=force, dry_run=dry_run, pdf=not no_pdf)
        shown = display_path(plan.out)
        if dry_run:
            lines = [f"试运行（--dry-run）：将在 {esc(shown)} 写入 {len(plan.written)} 个文件，实际未写入："]
            lines += [f"  {state}  {esc(rel)}（{size} 字节）" for rel, size, state in plan.written]
            lines += [f"  删除  {esc(rel)}" for rel in plan.removed]
            emit("\n".join(lines))
            return
        changed = sum(1 for _, _, state in plan.written if state != "不变")
        emit(f"已生成网站：{esc(shown)}（{len(plan.written)} 个文件，{changed} 个有变化"
             + (f"，删除 {len(plan.removed)} 个旧文件" if plan.removed else "") + "）")
        emit(f"用浏览器打开 {esc(display_path(plan.out / 'index.html'))} 查看，或把整个目录放到内网网站服务器上。")
