"""``lianxi validate`` (the CI gate) and ``lianxi schema``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._options import DataOpt, DryRunOpt, JsonOpt
from ._output import emit_json, planning


def register(app) -> None:
    @app.command("validate")
    def validate(
        data: DataOpt = None,
        fmt: Annotated[str, typer.Option("--format", "-f", metavar="格式",
                                         help="输出格式：text（默认）、json、github（GitHub Actions 注释）")] = "text",
        json_out: JsonOpt = False,
    ) -> None:
        """校验数据目录：格式、字段类型、相互引用与工作规则；列出全部错误。有错误时退出码为 1。

        在工作区中（未用 --meeting 指明联席会议时）校验全部联席会议、单位登记簿及跨联席会议的规则。

        示例：lianxi validate --data mydata
        """
        from ..errors import EXIT_INVALID, UsageProblem
        from ..store import display_path, resolve_data_dir
        from ..validation import validate_dir

        if fmt not in ("text", "json", "github"):
            raise UsageProblem(f"--format 的值 {fmt} 无效，应为 text、json 或 github")
        if json_out:  # --json, as everywhere else (same as --format json)
            if fmt not in ("text", "json"):
                raise UsageProblem(f"--json 与 --format {fmt} 不能同时使用")
            fmt = "json"
        from ..store import workspace_mode

        root = workspace_mode(data)
        if root is not None:  # in a workspace, no joint meeting named: every joint meeting and the register
            from ..workspace.checks import validate_workspace

            result = validate_workspace(root)
        else:
            root = resolve_data_dir(data)
            result = validate_dir(root)
        errors, warnings = result.errors, result.warnings
        if fmt == "json":
            emit_json({
                "data": display_path(root),
                "valid": not errors,
                "errors": [p.to_json() for p in errors],
                "warnings": [p.to_json() for p in warnings],
            })
        elif fmt == "github":
            for problem in result.problems:
                kind = "error" if problem.severity == "error" else "warning"
                attrs = []
                if problem.file:
                    attrs.append(f"file={problem.file}")
                if problem.line:
                    attrs.append(f"line={problem.line}")
                if problem.column:
                    attrs.append(f"col={problem.column}")
                title = f"{problem.field}: " if problem.field else ""
                message = (title + problem.message).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                typer.echo(f"::{kind} {','.join(attrs)}::{message}")
        else:
            for problem in result.problems:
                typer.echo(str(problem), err=problem.severity == "error")
            if errors:
                typer.echo(f"校验未通过：{display_path(root)} 共 {len(errors)} 处错误"
                           + (f"、{len(warnings)} 条警告" if warnings else "") + "。", err=True)
            else:
                typer.echo(f"校验通过：{display_path(root)}"
                           + (f"（{len(warnings)} 条警告）" if warnings else ""))
        if errors:
            raise typer.Exit(EXIT_INVALID)

    @app.command("schema")
    def schema(
        out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="目录",
                                                   help="写入的目录；默认为数据目录下的 .schema/")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """为每个数据文件生成 JSON Schema，供编辑器（yaml-language-server）边写边检查、补全。

        示例：lianxi schema --data mydata
        """
        from pathlib import Path

        from ..schema import write_schema_dir
        from ..store import display_path

        with planning(dry_run):
            written = write_schema_dir(data, Path(out) if out else None)
        if not dry_run:
            for path in written:
                typer.echo(f"已写入 {display_path(path)}")
