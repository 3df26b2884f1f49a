"""Render Jinja templates that cannot escape: no Python internals, no files, no environment.

A template directory may come from another office, so templates are untrusted input.
Everything lianxi renders goes through this module:

* :func:`make_environment` — a :class:`jinja2.sandbox.SandboxedEnvironment` with
  :class:`jinja2.StrictUndefined` (a misspelt variable is an error, not an empty string),
  autoescape for ``.html``/``.htm``/``.xml`` templates (also ``*.html.j2``), a loader confined
  to the given directories (no ``..``, no symlink leading out), and only the harmless
  globals ``range`` (capped at ``MAX_RANGE``), ``dict`` and ``namespace``.
* :func:`render` — render a template of that environment by name.
* :func:`render_string` — render template text.

Both render functions turn every template failure — an unsafe attribute such as
``__class__`` or ``__globals__``, an undefined variable, a syntax error, a runaway ``range``,
``*`` or ``**``, output over ``MAX_OUTPUT_CHARS``, or rendering longer than
``RENDER_SECONDS`` — into a :class:`~lianxi.errors.DataError` with a Chinese message naming
the template and, where known, the line.
"""

from __future__ import annotations

import os
import re
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import jinja2
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError

from .errors import DataError

MAX_OUTPUT_CHARS = 5_000_000  # a rendered document is a few thousand characters
RENDER_SECONDS = 10.0
_HTML_SUFFIXES = (".html", ".htm", ".xml")


class _Timeout(Exception):
    pass


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a template whose real path leaves its directory."""

    def get_source(self, environment, template):
        from .textfile import kind_problem, present

        for base in self.searchpath:  # stat before jinja opens it: a named pipe must not block
            candidate = Path(base).joinpath(*template.split("/"))
            if present(candidate):
                problem = kind_problem(candidate, base)
                if problem is not None:
                    raise SecurityError(f"模板 {template}：{problem}".replace("该文件", ""))
                break
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        roots = [Path(os.path.realpath(p)) for p in self.searchpath]
        if not any(real == root or root in real.parents for root in roots):
            raise SecurityError(f"模板 {template} 指向模板目录之外（{filename}），出于安全考虑拒绝读取")
        return source, filename, uptodate


_MAX_WIDTH = 1000  # widths in filters and format specs; a page is about 28 characters wide
_WIDE_SPEC = re.compile(r"%[-#0 +]*(?:\*|\d{4,})|%[-#0 +]*\d*\.(?:\*|\d{4,})|\{[^{}]*:[^{}]*\d{4,}[^{}]*\}")


def _check_format(spec: Any) -> None:
    if isinstance(spec, str) and _WIDE_SPEC.search(spec):
        raise SecurityError(f"格式宽度过大（上限 {_MAX_WIDTH}）")


def _guard_width(name: str, filter_func):
    def guarded(*args, **kwargs):
        numbers = [a for a in list(args[1:]) + list(kwargs.values()) if isinstance(a, int)]
        if any(n > _MAX_WIDTH for n in numbers):
            raise SecurityError(f"过滤器 {name} 的宽度过大（上限 {_MAX_WIDTH}）")
        return filter_func(*args, **kwargs)

    guarded.__name__ = name
    for attr in ("jinja_pass_arg",):
        if hasattr(filter_func, attr):
            setattr(guarded, attr, getattr(filter_func, attr))
    return guarded


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def wrap_str_format(self, value: Any):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%":
            _check_format(left)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if len(seq) * max(times, 0) > MAX_OUTPUT_CHARS:
                        raise SecurityError("重复次数过大")
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and (right > 256 or right.bit_length() * max(left.bit_length(), 1) > 4096):
                raise SecurityError("乘方过大")
        return super().call_binop(context, operator, left, right)


def _autoescape(name: str | None) -> bool:
    if not name:
        return False
    name = name[:-3] if name.endswith(".j2") else name
    return name.lower().endswith(_HTML_SUFFIXES)


def make_environment(search_paths: Sequence[str | os.PathLike] = (), *, trim_blocks: bool = False,
                     lstrip_blocks: bool = False) -> SandboxedEnvironment:
    """A sandboxed Jinja environment loading templates only from ``search_paths``.

    ``trim_blocks``/``lstrip_blocks`` are Jinja's whitespace options (layout only).
    """
    env = _Sandbox(
        loader=_ConfinedLoader([str(p) for p in search_paths]) if search_paths else None,
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        auto_reload=False,
        trim_blocks=trim_blocks,
        lstrip_blocks=lstrip_blocks,
    )
    for name in ("lipsum", "cycler", "joiner"):  # nothing a document needs; less to reach through
        env.globals.pop(name, None)
    for name in ("center", "indent", "wordwrap", "truncate"):
        env.filters[name] = _guard_width(name, env.filters[name])
    env.filters["format"] = _guard_format(env.filters["format"])
    return env


def _guard_format(filter_func):
    def format(value, *args, **kwargs):  # noqa: A001 - the filter's name
        _check_format(value)
        return filter_func(value, *args, **kwargs)

    return format


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render the template ``name`` of ``env``; any failure becomes a DataError.

    Errors while rendering name the file the template was loaded from (which of the
    search paths), as the user sees it.
    """
    with _translated(name):
        template = env.get_template(name)
    with _translated(_shown(template.filename) or name):
        return _generate(template, context)


def _shown(filename: str | None) -> str | None:
    if not filename:
        return None
    from .store import display_path

    return display_path(Path(filename))


def render_string(source: str, context: Mapping[str, Any] | None = None, *,
                  name: str = "<模板>", env: SandboxedEnvironment | None = None) -> str:
    """Render template text (``name`` is used in messages and decides HTML autoescape)."""
    env = env or make_environment()
    if env.loader is None:
        env.loader = jinja2.DictLoader({})  # {% include %} finds nothing rather than failing oddly
    with _translated(name):
        code = env.compile(source, name=name, filename=name)
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        return _generate(template, context or {})


def _generate(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    out: list[str] = []
    size = 0
    with _deadline(RENDER_SECONDS):
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise SecurityError(f"输出超过 {MAX_OUTPUT_CHARS} 个字符")
            out.append(chunk)
    return "".join(out)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Abort a render that runs too long (main thread on POSIX only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _line_of(exc: BaseException) -> int | None:
    """The template line of an exception raised while rendering.

    Jinja rewrites the traceback so that its last frame from template code carries the
    template's file name and line number; template code frames have ``__jinja_template__``.
    """
    line = getattr(exc, "lineno", None)
    if line:
        return line
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if "__jinja_template__" in tb.tb_frame.f_globals:
            template = tb.tb_frame.f_globals["__jinja_template__"]
            found = template.get_corresponding_lineno(tb.tb_lineno)
        elif tb.tb_frame.f_code.co_name in ("template", "top-level template code") or \
                tb.tb_frame.f_code.co_filename.endswith((".j2", ">")):
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


@contextmanager
def _translated(name: str) -> Iterator[None]:
    try:
        yield
    except DataError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise DataError(f"模板语法错误：{exc.message}", file=exc.filename or name, line=exc.lineno,
                        rule="template") from None
    except jinja2.TemplateNotFound as exc:
        raise DataError(f"找不到模板 {exc.name}（只能引用模板目录中的模板）", file=name, line=_line_of(exc),
                        rule="template") from None
    except SecurityError as exc:
        detail = str(exc)
        if "unsafe" in detail or "access to attribute" in detail:
            detail = "访问了不允许的内部属性（以下划线开头的属性、__globals__、__class__ 等）"
        elif "Range too big" in detail:
            detail = f"range() 过大（上限 {MAX_RANGE}）"
        raise DataError(f"模板被安全沙箱拒绝：{detail}", file=name, line=_line_of(exc),
                        rule="template-sandbox") from None
    except jinja2.UndefinedError as exc:
        raise DataError(f"模板使用了未定义的变量或属性（{_undefined_name(exc)}）", file=name,
                        line=_line_of(exc), rule="template") from None
    except OverflowError as exc:
        detail = f"range() 过大（上限 {MAX_RANGE}）" if "range" in str(exc).lower() else "数值过大"
        raise DataError(f"模板被安全沙箱拒绝：{detail}", file=name, line=_line_of(exc),
                        rule="template-sandbox") from None
    except _Timeout:
        raise DataError(f"模板渲染超过 {RENDER_SECONDS:.0f} 秒，已中止（模板中可能有过大的循环）", file=name,
                        rule="template-sandbox") from None
    except (RecursionError, MemoryError) as exc:
        raise DataError("模板递归或占用内存过多，已中止", file=name, line=_line_of(exc),
                        rule="template-sandbox") from None
    except Exception as exc:  # noqa: BLE001 - any other error raised by template code
        raise DataError(f"模板渲染出错：{type(exc).__name__}: {exc}", file=name,
                        line=_line_of(exc), rule="template") from None


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    if text.endswith(" is undefined"):
        return text[: -len(" is undefined")].strip("'") + " 未定义"
    if "has no attribute" in text:
        return text.replace("has no attribute", "没有属性")
    return text


__all__ = ["MAX_OUTPUT_CHARS", "MAX_RANGE", "RENDER_SECONDS", "make_environment", "render", "render_string"]
