"""``lianxi validate`` (the CI gate) and ``lianxi schema``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import _complete
from ._options import DataOpt, DryRunOpt, JsonOpt
from ._output import emit_json, planning


def register(app) -> None:
    @app.command("validate")
    def validate(
        data: DataOpt = None,
        fmt: Annotated[Optional[str], typer.Option(
            "--format", "-f", metavar="格式", autocompletion=_complete.choices("text", "json", "github", "junit", "gitlab"),
            help="输出格式：text（默认）、json、github（GitHub Actions 注释；在 GitHub Actions 中默认）、"
                 "junit（JUnit XML）、gitlab（GitLab 代码质量报告）")] = None,
        bundled: Annotated[bool, typer.Option(
            "--bundled", help="在 CI 中也允许校验内置数据（未找到数据目录时 CI 中默认拒绝）")] = False,
        json_out: JsonOpt = False,
    ) -> None:
        """校验数据目录：格式、字段类型、相互引用与工作规则；列出全部错误。有错误时退出码为 1。

        第一行写明校验的是哪个数据目录。在 CI 中（环境变量 CI 或 GITHUB_ACTIONS）找不到数据目录时
        退出码为 2，不会改为校验内置数据。
        在工作区中（未用 --meeting 指明联席会议时）校验全部联席会议、单位登记簿及跨联席会议的规则。

        示例：lianxi validate --data data；lianxi validate --format junit > 校验结果.xml
        """
        import os

        from ..cireport import (FORMATS, append_summary, github_annotation, gitlab_quality, junit_xml, repo_root,
                                summary_markdown)
        from ..errors import EXIT_INVALID, UsageProblem
        from ..store import display_path, resolve_for_ci_gate
        from ..validation import validate_dir

        if fmt is not None and fmt not in FORMATS:
            raise UsageProblem(f"--format 的值 {fmt} 无效，应为 {'、'.join(FORMATS)} 之一")
        if json_out:  # --json, as everywhere else (same as --format json)
            if fmt not in (None, "text", "json"):
                raise UsageProblem(f"--json 与 --format {fmt} 不能同时使用")
            fmt = "json"
        if fmt is None:
            fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        from ..store import workspace_mode

        workspace = workspace_mode(data)
        if workspace is not None:  # in a workspace, no joint meeting named: every joint meeting and the register
            from ..workspace.checks import validate_workspace

            root, source = workspace, "工作区"
        else:
            root, source = resolve_for_ci_gate(data, bundled)
        shown = display_path(root)
        # the first line: which directory, found how (on stderr when stdout is a report for a program)
        what = "工作区" if workspace is not None else "数据目录"
        typer.echo(f"校验{what}：{shown}（{source}）", err=fmt in ("json", "junit", "gitlab"))
        result = validate_workspace(root) if workspace is not None else validate_dir(root)
        errors, warnings = result.errors, result.warnings
        base = repo_root(root)
        append_summary(summary_markdown(shown, result.problems, base))
        if fmt == "json":
            emit_json({
                "data": shown,
                "valid": not errors,
                "errors": [p.to_json() for p in errors],
                "warnings": [p.to_json() for p in warnings],
            })
        elif fmt == "junit":
            typer.echo(junit_xml(shown, result.problems, base), nl=False)
        elif fmt == "gitlab":
            typer.echo(gitlab_quality(result.problems, base), nl=False)
        else:
            for problem in result.problems:
                if fmt == "github":
                    typer.echo(github_annotation(problem, base))
                else:
                    typer.echo(str(problem), err=problem.severity == "error")
            if errors:
                typer.echo(f"校验未通过：{shown} 共 {len(errors)} 处错误"
                           + (f"、{len(warnings)} 条警告" if warnings else "") + "。", err=True)
            else:
                typer.echo(f"校验通过：{shown}" + (f"（{len(warnings)} 条警告）" if warnings else ""))
        if errors:
            raise typer.Exit(EXIT_INVALID)

    @app.command("schema")
    def schema(
        out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="目录",
                                                   help="写入的目录；默认为数据目录下的 .schema/")] = None,
        dry_run: DryRunOpt = False,
        check: Annotated[bool, typer.Option(
            "--check", help="不写入，只检查已有的 Schema 是否与本版 lianxi 生成的逐字节一致（过期或被手工修改时退出码为 1）")] = False,
        data: DataOpt = None,
        bundled: Annotated[bool, typer.Option(
            "--bundled", help="与 --check 同用：在 CI 中也允许检查内置数据的 Schema（未找到数据目录时 CI 中默认拒绝）")] = False,
    ) -> None:
        """为每个数据文件生成 JSON Schema，供编辑器（yaml-language-server）边写边检查、补全。

        在 CI 中（环境变量 CI 或 GITHUB_ACTIONS）用 --check 而找不到数据目录时退出码为 2，与 lianxi validate 相同。

        示例：lianxi schema --data data；lianxi schema --check --data data（用于 pre-commit 与 CI）
        """
        from pathlib import Path

        from ..schema import write_schema_dir
        from ..store import display_path

        if check:
            from ..errors import DataErrors
            from ..schema import check_schema_dir
            from ..store import resolve_for_ci_gate

            if out is None:  # -o names the directory itself; otherwise the data directory, as validate finds it
                resolve_for_ci_gate(data, bundled, "检查内置数据的 Schema")
            target, problems = check_schema_dir(data, Path(out) if out else None)
            if problems:
                raise DataErrors(problems, hint="Schema 未通过检查。")
            typer.echo(f"Schema 与本版 lianxi 一致：{display_path(target)}")
            return

        with planning(dry_run):
            written = write_schema_dir(data, Path(out) if out else None)
        if not dry_run:
            for path in written:
                typer.echo(f"已写入 {display_path(path)}")
