"""Options shared by many commands."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import typer
from typing import Annotated

from ..errors import UsageProblem

DataOpt = Annotated[
    Optional[str],
    typer.Option("--data", envvar="LIANXI_DATA", metavar="目录", show_envvar=True,
                 help="数据目录。未指定时依次使用：环境变量 LIANXI_DATA、当前目录下含 members.yaml 的 data/、内置数据"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（格式见 docs/json.md）")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="日期", help="按该日期的在任人员显示，如 2026-06-30；默认今天")]


def record_date(value: Optional[str], option: str = "--date") -> tuple[dt.date, dt.date]:
    """(the date given or today, today) for a record; a date after today is a usage error."""
    from ..dataset import today

    now = today()
    day = parse_date(value, option) or now
    if day > now:
        raise UsageProblem(f"{option} {day.isoformat()} 晚于今天（{now.isoformat()}）")
    return day, now


def parse_date(value: Optional[str], option: str = "--date") -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageProblem(f"{option} 的值 {value} 不是日期，应为 2027-03-01 的形式") from None
