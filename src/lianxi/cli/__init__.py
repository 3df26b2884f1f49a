"""The ``lianxi`` command line: a thin layer over the core modules.

Each command group lives in its own module with a ``register(app)`` function; the
modules import only light things at the top, heavy ones inside the commands.

Registration is lazy. ``lianxi duties 公安`` imports and registers only
``cli/duties.py`` (:data:`COMMANDS` says which module defines which command), so a
query pays neither for importing the other command modules nor for Typer turning
their commands into Click commands. ``lianxi --help`` registers every module but not the
groups' subcommands (the overview does not show them). Anything else — an unknown or
misspelt command, shell completion — registers every module, in help order.
``lianxi.cli.app`` (what the tests and other Python callers use) is the app with
every command registered.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Optional

import typer

from .. import __version__
from ._app import App


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lianxi {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: Optional[bool] = typer.Option(None, "--version", "-V", callback=_version, is_eager=True,
                                           help="显示版本并退出"),
    data: Optional[str] = typer.Option(None, "--data", metavar="目录",
                                       help="数据目录（也可写在命令之后；两处都写时以命令之后的为准）"),
    meeting: Optional[str] = typer.Option(None, "--meeting", metavar="联席会议",
                                          help="工作区中的一个联席会议（名称、简称或文件夹名），如 --meeting 婴幼儿照护"),
    workspace: Optional[str] = typer.Option(None, "--workspace", metavar="目录",
                                            help="工作区目录（含 workspace.yaml）；默认为当前目录或其上级中的工作区"),
) -> None:
    """联席会议制度数据化工具。"""
    from ..store import command_scope

    if meeting is not None:  # one joint meeting of the workspace: its data directory, as if given by --data
        from ..errors import UsageProblem
        from ..workspace.loader import meeting_dir

        if data:
            raise UsageProblem("--data 与 --meeting 不能同时使用：--data 给出数据目录，--meeting 给出工作区中的联席会议")
        data = str(meeting_dir(meeting, workspace))
    # the --data / --meeting / --workspace given here, and one parse per file, for the whole command
    ctx.with_resource(command_scope(data, meeting, workspace))


def _new_app(modules) -> App:
    """A fresh app with the root options and the commands of ``modules`` (in that order)."""
    app = App(
        name="lianxi",
        help="联席会议制度数据化工具：成员与职责查询、人事接替、会议通知与纪要。\n\n"
             "数据目录：--data 目录，或环境变量 LIANXI_DATA，或当前目录下的 data/，否则使用内置数据"
             "（泉港区婴幼儿照护服务工作联席会议）。\n\n"
             "工作区（多个联席会议与一份单位登记簿）：--meeting 联席会议 选其中一个；"
             "unit、person、overview 及工作区中的 who、check --all、validate 跨全部联席会议。\n\n"
             "示例：lianxi duties 公安　lianxi who 托育机构消防检查归谁管　lianxi undo --dry-run",
        no_args_is_help=True,
    )
    app.callback()(_root)
    for name in modules:
        importlib.import_module(f"{__name__}.{name}").register(app)
    return app


# Command modules in help order, and the top-level commands each registers.
MODULES: dict[str, tuple[str, ...]] = {
    "duties": ("duties",),
    "who": ("who",),
    "roster": ("roster", "info"),
    "succession": ("succession",),
    "liaison": ("liaison", "liaisons"),
    "membership": ("member",),
    "meetings": ("meetings", "meeting"),
    "notice": ("notice",),
    "minutes": ("minutes",),
    "numbers": ("numbers", "number"),
    "tasks": ("tasks",),
    "report": ("report", "reports"),
    "check": ("check",),
    "todo": ("todo",),
    "alerts": ("alerts", "alert"),
    "groups": ("groups", "group"),
    "site": ("site",),
    "validate": ("validate", "schema"),
    "importer": ("init", "import"),
    "journal": ("history", "undo", "redo"),
    "workspace": ("workspace",),
    "crossmeeting": ("unit", "person", "overview"),
}
COMMANDS: dict[str, str] = {command: module for module, commands in MODULES.items() for command in commands}

_full: Optional[App] = None


def full_app() -> App:
    """The app with every command registered (help, completion, tests); built once."""
    global _full
    if _full is None:
        _full = _new_app(MODULES)
    return _full


def app_for(args: list[str]) -> App:
    """The app with what ``lianxi ARGS`` needs: one command module, or all of them."""
    if os.environ.get("_LIANXI_COMPLETE"):  # shell completion lists every command
        return full_app()
    first = _command_name(args)
    if first is not None and first in COMMANDS:
        return _new_app([COMMANDS[first]])
    if not args or args in (["--help"], ["-h"]):
        return _overview_app()
    return full_app()


def _overview_app() -> App:
    """Every command for ``lianxi --help`` (or no arguments), without the subcommands of the
    groups: the overview lists each group by its own help, so Typer need not build them
    (about two thirds of the time of the full app). tests/test_speed.py holds the two outputs equal."""
    app = _new_app(MODULES)
    for group in app.registered_groups:
        group.typer_instance.registered_commands = []
        group.typer_instance.registered_groups = []
    return app


_ROOT_VALUE_OPTIONS = ("--data", "--meeting", "--workspace")


def _command_name(args: list[str]) -> Optional[str]:
    """The command word of ``lianxi ARGS``, after the root options and their values
    (``lianxi --workspace 县 who …`` is ``who``); None when there is none or an option is unknown."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _ROOT_VALUE_OPTIONS:
            i += 2
        elif arg.startswith(tuple(f"{o}=" for o in _ROOT_VALUE_OPTIONS)):
            i += 1
        else:
            return None if arg.startswith("-") else arg
    return None


def __getattr__(name: str):
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    app_for(sys.argv[1:])()
