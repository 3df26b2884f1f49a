"""``lianxi numbers`` (the number register) and ``lianxi number void`` (a number voided, its reason kept)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._app import App
from ._options import DataOpt, DryRunOpt, JsonOpt
from ._output import emit, emit_json, esc, planning, table


def register(app) -> None:
    @app.command("numbers")
    def numbers(data: DataOpt = None, json_out: JsonOpt = False) -> None:
        """列出文号登记簿。

        已取的通知文号、纪要期号，作废的号及其原因。

        示例：lianxi numbers
        """
        from ..dataset import Dataset
        from ..services.numbers import number_list

        items = number_list(Dataset.open(data))
        if json_out:
            emit_json({"numbers": items})
            return
        if not items:
            emit("登记簿中还没有号码（正式印发通知、纪要时自动取号登记）。")
            return
        rows = [[esc(i["number"]), esc(i["used_for"]), i["date"],
                 f"作废（{i['voided'] or ''} {esc(i['reason'] or '')}）".replace("（ ", "（") if i["void"] else "有效"]
                for i in items]
        emit(table(["号码", "用于", "登记日期", "状态"], rows))

    group = App(name="number", help="文号、期号：作废一个号（原因记入登记簿）。\n\n"
                                    "示例：lianxi number void 泉港托育联办〔2027〕1号 --reason 文字有误，重新印发",
                no_args_is_help=True)

    @group.command("void")
    def void(
        number: Annotated[str, typer.Argument(metavar="文号", help="登记簿中的文号或期号，如 泉港托育联办〔2027〕1号、纪要第1期")],
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="作废原因（必填）")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="作废日期；默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """作废一个文号或期号。

        登记簿保留该号并记下作废日期和原因，号码不再使用；对应会议不再带这个号，可重新印发（取下一个号）。

        示例：lianxi number void 泉港托育联办〔2027〕1号 --reason 文字有误，重新印发
        """
        from ..dataset import Dataset
        from ..dates import record_date
        from ..services.numbers import void_number

        day, _ = record_date(date, "--date")
        with planning(dry_run):
            done = void_number(Dataset.open(data), number, reason=reason or "", day=day)
        if dry_run:
            return
        typer.echo(f"已作废：{done.number}（原因已记入 registers.yaml）")
        if done.meeting:
            typer.echo(f"会议 {done.meeting} 不再带这个号；重新印发将取下一个号。", err=True)

    app.add_typer(group, name="number")
