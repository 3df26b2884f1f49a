"""``lianxi todo``: what needs doing now — meetings, replies, minutes, tasks, people 待报送."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from . import _complete
from ._options import DataOpt, JsonOpt
from ._output import emit, emit_json, esc


def register(app) -> None:
    @app.command("todo")
    def todo(
        unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", autocompletion=_complete.units,
                                                    help="只列该单位要做的事，如 公安")] = None,
        as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="日期",
                                                     help="按该日期列出，如 2027-03-01；默认今天")] = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """待办事项：今年还没召开的例会和联络员会议、尚未印发的会议通知和缺少的回执、待同意或待印发的纪要、30天内到期和已逾期的议定事项、待报送的席位和联络员。只列出，不修改任何数据。

        示例：lianxi todo --unit 公安"""
        from ..dataset import Dataset
        from ..dates import today
        from ..query import unit_matcher
        from ..todo import SECTIONS, collect

        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        unit_id = unit_matcher(ds).find(unit) if unit is not None else None
        found = collect(ds, day, unit=unit_id)
        if json_out:
            emit_json({"as_of": day.isoformat(), "unit": unit_id, "count": len(found),
                       "todo": [t.view(ds) for t in found]})
            return
        scope = f"{ds.unit_name(unit_id)}的" if unit_id else ""
        if not found:
            emit(f"{scope}暂无待办（截至 {day.isoformat()}）。")
            return
        from ..textcn import cn_numeral

        lines = [f"[bold]{scope}待办事项[/]（截至 {day.isoformat()}，共 {len(found)} 项）"]
        n = 0
        for section, title in SECTIONS.items():
            mine = [t for t in found if t.section == section]
            if not mine:
                continue
            n += 1
            lines.append(f"{cn_numeral(n)}、{title}")
            for k, item in enumerate(mine, 1):
                text = esc(item.text)
                if item.kind == "task-overdue":
                    text = f"[red]{text}[/]"
                lines.append(f"  {k}. {text}")
        emit("\n".join(lines))
