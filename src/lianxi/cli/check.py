"""``lianxi check``: what the charter's rules still require this year."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from ._options import DataOpt, JsonOpt
from ._output import emit_json


def register(app) -> None:
    @app.command("check")
    def check(
        year: Annotated[Optional[int], typer.Option("--year", "-y", metavar="年份",
                                                    help="检查的年份，默认今年")] = None,
        as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="日期",
                                                     help="按该日期检查，如 2027-12-01；默认今天")] = None,
        strict: Annotated[bool, typer.Option("--strict", help="把发现的问题作为错误（退出码 1），供 CI 使用")] = False,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """年度规则检查：例会和联络员会议是否召开、纪要是否印发、议定事项是否逾期未报告、
        成员单位是否报告、联络员等席位是否空缺。默认为警告（退出码 0），--strict 时为错误。

        示例：lianxi check --year 2027 --strict
        """
        import datetime as dt

        from ..dates import today
        from ..dataset import Dataset
        from ..errors import EXIT_INVALID, UsageProblem
        from ..followup import run_check

        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        year_ = year if year is not None else day.year
        if not 1900 < year_ < 3000:
            raise UsageProblem(f"--year 的值 {year_} 不是有效年份")
        if as_of is None and year is not None and year_ < day.year:
            day = dt.date(year_, 12, 31)
        if day.year < year_:
            raise UsageProblem(f"--as-of {day.isoformat()} 早于 {year_} 年，无从检查（可用 --as-of {year_}-12-31）")
        findings = run_check(ds, year_, day)
        severity = "error" if strict else "warning"
        if json_out:
            emit_json({"year": year_, "as_of": day.isoformat(), "strict": strict,
                       "ok": not findings, "findings": [_finding_json(f, severity) for f in findings]})
        else:
            head = f"{ds.charter.display_name} {year_} 年规则检查（截至 {day.isoformat()}）"
            if not findings:
                typer.echo(f"{head}：各项规则均已落实。")
            else:
                label = "错误" if strict else "警告"
                lines = [f"{head}：{len(findings)} 项{label}"]
                for n, f in enumerate(findings, 1):
                    where = f.file + (f":{f.line}" if f.line else "") if f.file else ""
                    lines.append(f"{n}. {f.message}")
                    if f.cite:
                        lines.append(f"   依据：{f.cite}")
                    if where:
                        lines.append(f"   位置：{where}")
                typer.echo("\n".join(lines), err=strict)
        if strict and findings:
            raise typer.Exit(EXIT_INVALID)


def _finding_json(found, severity: str) -> dict:
    """A finding of the yearly check as ``check --json`` gives it (docs/json.md)."""
    return {"rule": found.rule, "message": found.message, "cite": found.cite, "file": found.file,
            "line": found.line, "column": found.column, "field": found.field, "items": list(found.items),
            "severity": severity}
