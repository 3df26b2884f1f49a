"""The Typer plumbing shared by every command: Chinese help and errors, clean exits.

``LianxiGroup.main`` is the one place where a :class:`~lianxi.errors.LianxiError` (or a
usage error from the argument parser) becomes a Chinese message and an exit code —
1 for invalid data, 2 for wrong usage — so no user mistake ever shows a traceback.
Help and usage text are translated here too; rich is imported only when help or an
error is actually shown.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from ..errors import EXIT_INVALID, EXIT_USAGE, LianxiError
from ._options import normalize_token

HELP_TEXT = "显示本帮助并退出"

_USAGE_REPLACEMENTS = [
    ("Usage: ", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
]

_ERROR_PATTERNS = [
    (r"^No such option: (\S+?)(?: Did you mean (.+)\?)?$",
     lambda m: f"没有选项 {m[1]}" + (f"；您是不是要用 {m[2]}" if m[2] else "")),
    (r"^No such option: (\S+)", lambda m: f"没有选项 {m[1]}"),
    (r"^Missing argument '(.+?)'\.?$", lambda m: f"缺少参数 {m[1]}"),
    (r"^Missing option '(.+?)'\.?$", lambda m: f"缺少选项 {m[1]}"),
    (r"^Missing parameter: (.+)$", lambda m: f"缺少参数 {m[1]}"),
    (r"^Got unexpected extra arguments? \((.+)\)$", lambda m: f"多余的参数：{m[1]}"),
    (r"^No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?$",
     lambda m: f"没有命令 {m[1]}" + (f"；您是不是要用 {m[2]}" if m[2] else "（运行 lianxi --help 查看全部命令）")),
    (r"^Option '(.+?)' requires an argument\.?$", lambda m: f"选项 {m[1]} 需要一个值"),
    (r"^Option '(.+?)' does not take a value\.?$", lambda m: f"选项 {m[1]} 不带值"),
    (r"^Invalid value for '(.+?)': '(.*?)' is not one of (.+)\.$",
     lambda m: f"{m[1]} 的值 {m[2]} 无效，应为：{_choices(m[3])}"),
    (r"^Invalid value for '(.+?)': (.+)$", lambda m: f"{m[1]} 的值无效：{_translate_detail(m[2])}"),
    (r"^Invalid value: (.+)$", lambda m: f"值无效：{_translate_detail(m[1])}"),
]

_DETAIL_PATTERNS = [
    (r"'(.*?)' is not a valid integer\.?", lambda m: f"{m[1]} 不是整数"),
    (r"'(.*?)' is not a valid float\.?", lambda m: f"{m[1]} 不是数字"),
    (r"'(.*?)' does not match the formats? (.+)\.", lambda m: f"{m[1]} 不是日期，应为 2027-03-01 的形式"),
    (r"Path '(.*?)' does not exist\.", lambda m: f"路径 {m[1]} 不存在"),
    (r"File '(.*?)' does not exist\.", lambda m: f"文件 {m[1]} 不存在"),
    (r"Directory '(.*?)' does not exist\.", lambda m: f"目录 {m[1]} 不存在"),
    (r"'(.*?)' is not one of (.+)\.", lambda m: f"{m[1]} 不是可选值之一：{_choices(m[2])}"),
]


def _choices(text: str) -> str:
    """"'a', 'b' or 'c'" → "a、b、c"."""
    return "、".join(part.strip().strip("'") for part in re.split(r",\s*|\s+or\s+", text) if part.strip())


def _translate_detail(text: str) -> str:
    for pattern, build in _DETAIL_PATTERNS:
        match = re.match(pattern, text)
        if match:
            return build(match)
    return text


def translate_usage_error(message: str) -> str:
    message = message.replace("' / '", " / ")  # "Missing option '--level' / '-l'" names both spellings
    for pattern, build in _ERROR_PATTERNS:
        match = re.match(pattern, message.strip(), flags=re.S)
        if match:
            return build(match)
    return message


def localize_usage(text: str) -> str:
    for old, new in _USAGE_REPLACEMENTS:
        text = text.replace(old, new)
    return text


def _localize_rich_help() -> None:
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.RICH_HELP = "运行 '{command_path} {help_option}' 查看帮助。"


_COMPLETION_HELP = {
    "install_completion": "为当前 shell 安装命令补全（部门、单位名称可按 Tab 补全）",
    "show_completion": "显示当前 shell 的补全脚本，以便复制或自定义",
}


class _Localized:
    def get_usage(self, ctx):  # type: ignore[override]
        return localize_usage(super().get_usage(ctx))  # type: ignore[misc]

    def get_help_option(self, ctx):  # type: ignore[override]
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def get_params(self, ctx):  # type: ignore[override]
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.name]
        from ._complete import unfiltered

        unfiltered(params)
        return params

    def format_help(self, ctx, formatter):  # type: ignore[override]
        _localize_rich_help()
        return super().format_help(ctx, formatter)  # type: ignore[misc]


class LianxiCommand(_Localized, TyperCommand):
    pass


class LianxiGroup(_Localized, TyperGroup):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra: Any):
        from typer._click import exceptions as click_exc
        from typer import Exit, Abort

        code = 0
        try:
            rv = super().main(args=args, prog_name=prog_name or "lianxi", complete_var=complete_var,
                              standalone_mode=False, **extra)
            if isinstance(rv, int) and not isinstance(rv, bool):
                code = rv
        except LianxiError as exc:
            _print_error(exc.render())
            code = exc.exit_code
        except click_exc.ClickException as exc:
            code = _show_click_error(exc)
        except Exit as exc:
            code = exc.exit_code
        except Abort:
            _print_error("已取消。")
            code = EXIT_INVALID
        except BrokenPipeError:
            code = EXIT_INVALID
        if standalone_mode:
            sys.exit(code)
        return code


def _print_error(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.stderr.flush()


def _show_click_error(exc) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":
        return EXIT_USAGE  # the parser has already printed the help
    lines = []
    if ctx is not None:
        lines.append(localize_usage(ctx.get_usage()))
        lines.append(f"运行 '{ctx.command_path} --help' 查看帮助。")
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    lines.append(f"错误：{translate_usage_error(message)}")
    _print_error("\n".join(lines))
    return getattr(exc, "exit_code", EXIT_USAGE) or EXIT_USAGE


class App(typer.Typer):
    """A Typer app whose commands and sub-groups use the localized classes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", LianxiGroup)
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"],
                                               "token_normalize_func": normalize_token})
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("cls", LianxiCommand)
        kwargs.setdefault("options_metavar", "[选项]")
        return super().command(*args, **kwargs)
