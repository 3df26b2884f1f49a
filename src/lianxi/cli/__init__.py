"""The ``lianxi`` command line: a thin layer over the core modules.

Each command group lives in its own module with a ``register(app)`` function; the
modules import only light things at the top, heavy ones inside the commands.
"""

from __future__ import annotations

from typing import Optional

import typer

from .. import __version__
from ._app import App

app = App(
    name="lianxi",
    help="联席会议制度数据化工具：成员与职责查询、人事接替、会议通知与纪要。\n\n"
         "数据目录：--data 目录，或环境变量 LIANXI_DATA，或当前目录下的 data/，否则使用内置数据"
         "（泉港区婴幼儿照护服务工作联席会议）。",
    no_args_is_help=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lianxi {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(None, "--version", "-V", callback=_version, is_eager=True,
                                           help="显示版本并退出"),
) -> None:
    """联席会议制度数据化工具。"""


from . import (  # noqa: E402  (one module per command group; this order is the help order)
    duties,
    importer,
    liaison,
    meetings,
    minutes,
    notice,
    roster,
    succession,
    validate,
    who,
)
from . import alerts, check, groups, report, tasks  # noqa: E402  (follow-up, issue 6)

for _module in (
    duties,
    who,
    roster,
    succession,
    liaison,
    meetings,
    notice,
    minutes,
    tasks,
    report,
    check,
    alerts,
    groups,
    validate,
    importer,
):
    _module.register(app)


def main() -> None:
    app()
