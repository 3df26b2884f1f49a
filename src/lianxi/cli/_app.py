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
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$",
     lambda m: f"多余的参数：{m[1]}（含空格的值请加引号，如 \"托育机构 消防\"）"),
    (r"^Missing command\.?$", lambda m: "缺少命令（运行 --help 查看全部命令）"),
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
    (r"'?(.*?)'? is not in the range (.+)\.", lambda m: f"{m[1]} 超出允许的范围（{m[2].replace('x', '值')}）"),
]


def _choices(text: str) -> str:
    """"'a', 'b' or 'c'" → "a、b、c"."""
    return "、".join(part.strip().strip("'") for part in re.split(r",\s*|\s+or\s+", text) if part.strip())


def _translate_detail(text: str) -> str:
    for pattern, build in _DETAIL_PATTERNS:
        match = re.match(pattern, text)
        if match:
            return build(match)
    if re.search(r"[A-Za-z]{3,}", re.sub(r"--?[\w-]+", "", text)):
        return "值不合要求"
    return text


def translate_usage_error(message: str) -> str:
    message = message.replace("' / '", " / ")  # "Missing option '--level' / '-l'" names both spellings
    for pattern, build in _ERROR_PATTERNS:
        match = re.match(pattern, message.strip(), flags=re.S)
        if match:
            return build(match)
    if re.search(r"[A-Za-z]{3,}", re.sub(r"--?[\w-]+", "", message)):  # never the parser's English
        return "命令的用法不对（运行 --help 查看用法和示例）"
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
    _rich_broken_pipe()
    _fold_rich_text()


def _rich_broken_pipe() -> None:
    """rich exits with status 1 when the pipe it prints into closes; lianxi treats that as done (0)."""
    from rich.console import Console

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError

    Console.on_broken_pipe = on_broken_pipe  # type: ignore[method-assign]


_COMPLETION_HELP = {
    "install_completion": "为当前 shell 安装命令补全（部门、单位名称可按 Tab 补全）",
    "show_completion": "显示当前 shell 的补全脚本，以便复制或自定义",
}


_TYPE_METAVARS = {"string": "文本", "text": "文本", "integer": "整数", "int": "整数", "float": "数字",
                  "path": "路径", "file": "文件", "datetime": "日期", "boolean": "是/否", "bool": "是/否"}


def _chinese_metavar(param) -> None:
    """No ``<bool>``/``<str>``/``<int>``/``<list[str]>`` in help: a flag shows no metavar, any other
    parameter without one of its own gets a Chinese one from its type."""
    if getattr(param, "param_type_name", "") == "argument":
        param.display_type_rich = lambda ctx: None  # its name column shows the (Chinese) metavar already
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        param.metavar = ""
        return
    if param.metavar is not None:
        return
    kind = getattr(param, "type", None)
    choices = getattr(kind, "choices", None)
    if choices:
        label = "|".join(str(c) for c in choices)
    else:
        name = str(getattr(kind, "name", "") or "").lower()
        label = _TYPE_METAVARS.get(name, "值")
    param.metavar = label + ("..." if getattr(param, "nargs", 1) != 1 or getattr(param, "multiple", False) else "")


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A "word" for rich's line wrapping: a run of non-CJK text, or one CJK character with the
# opening punctuation before it and the closing punctuation after it (no line starts with ，。）).
_CJK_WORD = (rf"\s*(?:[（《「『“‘〔【]*[{_CJK}][，。；：、！？）》」』”’〕】…]*|[^\s{_CJK}“‘]+[，。；：、！？）》」』”’〕】]*"
             rf"|[“‘]+[^\s{_CJK}]*)\s*")


def _fold_rich_text() -> None:
    """Help text wraps between Chinese characters (rich wraps at spaces only, and cut CJK cells with
    "…" in command lists): rich's word pattern learns CJK, and cells fold instead of being cut."""
    import rich._wrap
    from typer import rich_utils

    rich._wrap.re_word = re.compile(_CJK_WORD)

    if getattr(rich_utils._make_rich_text, "_lianxi", False):
        return
    original = rich_utils._make_rich_text

    def make(**kwargs):
        text = original(**kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    make._lianxi = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_callback(name: str):
    """Typer's completion installer, with Chinese messages (its own are English)."""

    def callback(ctx, param, value):
        if not value or ctx.resilient_parsing:
            return value
        import contextlib
        import io

        from typer._completion_shared import _get_shell_name, get_completion_script, install

        shell = value if isinstance(value, str) else (_get_shell_name() or "")
        if shell not in _SHELLS:
            shown = f"当前 shell（{shell}）" if shell else "无法识别当前 shell，"
            _print_error(f"{shown}不支持命令补全；支持 {'、'.join(_SHELLS)}。")
            raise typer.Exit(EXIT_INVALID)
        swallowed = io.StringIO()
        try:
            with contextlib.redirect_stdout(swallowed), contextlib.redirect_stderr(swallowed):
                if name == "install_completion":
                    shell, path = install(shell=shell)
                else:
                    prog = ctx.find_root().info_name or "lianxi"
                    script = get_completion_script(prog_name=prog, shell=shell,
                                                   complete_var="_{}_COMPLETE".format(prog.replace("-", "_").upper()))
        except (typer.Exit, SystemExit, OSError):
            _print_error(f"无法为 {shell} 安装命令补全（找不到或不能写入它的配置文件）。")
            raise typer.Exit(EXIT_INVALID) from None
        if name == "install_completion":
            typer.echo(f"已为 {shell} 安装命令补全：{path}。重新打开终端后生效（部门、单位名称可按 Tab 补全）。")
        else:
            typer.echo(script)
        raise typer.Exit(0)

    return callback


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
                param.callback = _completion_callback(param.name)
            _chinese_metavar(param)
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

        from ..journal import set_command_line

        code = 0
        set_command_line(list(sys.argv[1:] if args is None else args))
        try:
            rv = super().main(args=args, prog_name=prog_name or "lianxi", complete_var=complete_var,
                              standalone_mode=False, **extra)
            if isinstance(rv, int) and not isinstance(rv, bool):
                code = rv
        except LianxiError as exc:
            if exc.exit_code == 0:  # NothingToDo: a repeated write, done already
                sys.stdout.write(exc.render().rstrip("\n") + "\n")
            else:
                _print_error(exc.render())
            code = exc.exit_code
        except click_exc.ClickException as exc:
            code = _show_click_error(exc)
        except Exit as exc:
            code = exc.exit_code
        except Abort:
            _print_error("已取消。")
            code = EXIT_INVALID
        except BrokenPipeError:  # `lianxi notice --help | head -1`: the reader had enough
            _quiet_stdout()
            code = 0
        except OSError as exc:  # a last resort: the operating system's English never reaches a user
            from ..errors import os_reason

            where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
            _print_error(f"无法读写{where}：{os_reason(exc)}")
            code = EXIT_INVALID
        except Exception as exc:  # a defect of lianxi itself: a Chinese message, not a traceback
            import os

            if os.environ.get(DEBUG_ENV):  # the developer's (and the test suite's) way to see it
                raise
            _print_error(internal_error_text(exc))
            code = EXIT_INVALID
        if standalone_mode:
            sys.exit(code)
        return code


DEBUG_ENV = "LIANXI_DEBUG"


def internal_error_text(exc: BaseException) -> str:
    """What a user reads when lianxi itself fails (a bug, not their data or command)."""
    return (f"lianxi 内部错误（{type(exc).__name__}）：这是程序的缺陷，不是您的数据或命令有误。\n"
            "数据文件的每次写入都是整体替换，不会只写一半；lianxi history 列出已完成的写入，lianxi undo 可以撤销。\n"
            f"请把所运行的命令和本信息告诉维护者；设置环境变量 {DEBUG_ENV}=1 后再运行可显示详细信息。")


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush stays silent."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


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
