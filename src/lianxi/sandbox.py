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
``*``, ``**`` or string method (``ljust``, ``replace``, ``join`` …), output over
``MAX_OUTPUT_CHARS``, memory over ``MAX_RENDER_BYTES`` or rendering longer than
``RENDER_SECONDS`` — into a :class:`~lianxi.errors.DataError` with a Chinese message naming
the template and, where known, the line.

The caps inside the sandbox give precise messages for the common cases, but they run as
Python code around the template's calls: a single C-level call (``'x'.ljust(2000000000)``,
a huge ``str.replace``, a string doubled in a loop) allocates before any hook or SIGALRM
handler can run. So on POSIX the whole render — compiling included, since Jinja folds
constant filter calls while compiling — runs in a forked child process (:func:`_isolated`)
with an address-space limit of its current size plus ``MAX_RENDER_BYTES``
(``RLIMIT_AS``) and a CPU limit (``RLIMIT_CPU``); the parent waits at most
``RENDER_SECONDS`` wall-clock, then kills it. The kernel enforces both, whatever the
template does. The child sends back the text or the DataError through a pipe. Where
``os.fork`` does not exist, rendering stays in-process with the hooks and SIGALRM only.
"""

from __future__ import annotations

import faulthandler
import gc
import io
import math
import os
import pickle
import re
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import jinja2
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError

from .errors import DataError, os_reason

try:  # POSIX; imported here, not in each child (an import there is redone for every render)
    import resource
    import select
except ImportError:  # pragma: no cover - Windows
    resource = select = None

MAX_OUTPUT_CHARS = 5_000_000  # a rendered document is a few thousand characters
MAX_RENDER_BYTES = 512 * 2**20  # memory a render may add to the process (address space)
RENDER_SECONDS = 15.0  # wall-clock limit of one render
# render in a forked child under the kernel's limits (POSIX); False: in-process, hooks and SIGALRM only
ISOLATE = hasattr(os, "fork") and resource is not None and hasattr(select, "poll")
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


_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})


def _check_str_call(obj: Any, args: tuple) -> None:
    """Refuse a call of a str method whose result would be huge, before it allocates.

    Only the methods whose result size follows cheaply from their arguments; anything
    else is held by the child process's memory and time limits (see :func:`_isolated`).
    """
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str) or not args:
        return
    name = getattr(obj, "__name__", None)
    if name in _PADDING_METHODS:
        width = args[0]
        if isinstance(width, int) and width > max(len(owner), _MAX_WIDTH):
            raise SecurityError(f"字符串方法 {name}() 的宽度过大（上限 {_MAX_WIDTH}）")
    elif name == "expandtabs":
        size = args[0]
        if isinstance(size, int) and size > 1:
            _check_size(f"字符串方法 {name}()", len(owner) + owner.count("\t") * (size - 1))
    elif name == "replace":
        _check_replace("字符串方法 replace()", owner, *args[:3])
    elif name == "join":
        _check_join("字符串方法 join()", owner, args[0])


def _check_size(what: str, size: int) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise SecurityError(f"{what} 的结果过大（约 {size} 个字符，上限 {MAX_OUTPUT_CHARS}）")


def _check_replace(what: str, s: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not (isinstance(s, str) and isinstance(old, str) and isinstance(new, str)) or len(new) <= len(old):
        return
    n = s.count(old)  # len(s) + 1 for an empty ``old``
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    _check_size(what, len(s) + n * (len(new) - len(old)))


def _check_join(what: str, sep: Any, items: Any) -> None:
    if not isinstance(sep, str) or not isinstance(items, (list, tuple)):
        return
    try:
        total = sum(map(len, items))  # no more than the joined text (str() is never shorter than len())
    except TypeError:
        return
    _check_size(what, total + len(sep) * max(len(items) - 1, 0))


def _guard_replace(filter_func):
    def replace(eval_ctx, s, old, new, count=None):
        _check_replace("过滤器 replace", s, old, new, -1 if count is None else count)
        return filter_func(eval_ctx, s, old, new, count)

    replace.jinja_pass_arg = filter_func.jinja_pass_arg
    return replace


def _guard_join(filter_func):
    def join(eval_ctx, value, d="", attribute=None):
        if attribute is None:
            _check_join("过滤器 join", d, value)
        return filter_func(eval_ctx, value, d, attribute)

    join.jinja_pass_arg = filter_func.jinja_pass_arg
    return join


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def call(self, context, obj, /, *args: Any, **kwargs: Any) -> Any:
        _check_str_call(obj, args)
        return super().call(context, obj, *args, **kwargs)

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
    env.filters["replace"] = _guard_replace(env.filters["replace"])
    env.filters["join"] = _guard_join(env.filters["join"])
    return env


def _guard_format(filter_func):
    def format(value, *args, **kwargs):  # noqa: A001 - the filter's name
        _check_format(value)
        return filter_func(value, *args, **kwargs)

    return format


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any], *, trusted: bool = False) -> str:
    """Render the template ``name`` of ``env``; any failure becomes a DataError.

    Errors while rendering name the file the template was loaded from (which of the
    search paths), as the user sees it. Loading and compiling happen inside the limits
    too (in the child process on POSIX), so the parent's ``env`` caches nothing; the
    bytecode cache on disk still spares the compiling. ``trusted``: every template the
    render can reach is lianxi's own (no data-directory ``templates/``), so it renders
    here, in the sandbox but without the child process and its cost.
    """

    def work() -> str:
        with _translated(name):
            template = env.get_template(name)
        shown = _shown(template.filename) or name
        _announce(shown)
        with _translated(shown):
            return _generate(template, context)

    return work() if trusted else _isolated(work, name)


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

    def work() -> str:
        with _translated(name):
            code = env.compile(source, name=name, filename=name)
            template = env.template_class.from_code(env, code, env.make_globals(None), None)
            return _generate(template, context or {})

    return _isolated(work, name)


def _generate(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    out: list[str] = []
    size = 0
    # in the child the parent's wall clock and RLIMIT_CPU hold the time
    with _deadline(RENDER_SECONDS) if _channel is None else _nothing():
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise SecurityError(f"输出超过 {MAX_OUTPUT_CHARS} 个字符")
            out.append(chunk)
    return "".join(out)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


# --- the render in a child process -------------------------------------------------------
#
# The child writes frames to a pipe: one byte of kind, eight of length, the payload.
# ``N`` the template's file as shown in messages (sent once it is known, so that a render
# killed later is still reported against its file), ``T`` the text (UTF-8), ``E`` the
# DataError (pickled class, args and attributes; the parent unpickles only lianxi.errors).

_channel: int | None = None  # the pipe's write end, in the child only
_EXIT_MEMORY = 3  # the child ran out of memory outside the template (e.g. sending the text)
_EXIT_OTHER = 4


def _megabytes() -> int:
    return MAX_RENDER_BYTES // 2**20


def _memory_message() -> str:
    return f"模板占用内存超过 {_megabytes()} MB，已中止（模板中可能有过大的字符串或列表）"


def _timeout_message() -> str:
    return f"模板渲染超过 {RENDER_SECONDS:g} 秒，已中止（模板中可能有过大的循环）"


def _announce(shown: str) -> None:
    if _channel is not None:
        _send(b"N", shown.encode("utf-8", "surrogatepass"))


def _send(kind: bytes, payload: bytes) -> None:
    view = memoryview(kind + len(payload).to_bytes(8, "big") + payload)
    while view:
        view = view[os.write(_channel, view):]


def _isolated(work, name: str) -> str:
    """``work()`` in a forked child limited to ``MAX_RENDER_BYTES`` more memory and
    ``RENDER_SECONDS``; its text, or its DataError raised here.

    Falls back to calling ``work()`` here where there is no fork (or already in the child).
    """
    if not ISOLATE or _channel is not None:
        return work()
    _warm()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        raise DataError(f"无法启动模板渲染子进程（{os_reason(exc)}），未渲染", file=name,
                        rule="template-sandbox") from None
    if pid == 0:  # the child: never returns, never runs the parent's atexit or flushes its buffers
        code = _EXIT_OTHER
        try:
            os.close(read_end)
            code = _child(work, write_end)
        finally:
            os._exit(code)
    os.close(write_end)
    status = None
    try:
        data, timed_out = _collect(read_end, time.monotonic() + RENDER_SECONDS)
        if not timed_out:
            status = os.waitpid(pid, 0)[1]
    finally:
        if status is None:  # timed out, or interrupted (Ctrl-C): kill and reap
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        os.close(read_end)
    return _outcome(data, timed_out, status, name)


def _warm() -> None:
    """Build, here in the parent, what every child would otherwise build again and lose.

    Jinja's lexer (compiled regular expressions, cached per environment settings) costs
    about half a millisecond; built once before the first fork, each child inherits it.
    """
    global _warmed
    if not _warmed:
        _warmed = True
        for trim in (False, True):
            make_environment(trim_blocks=trim, lstrip_blocks=trim).lexer  # noqa: B018 - fills jinja's lexer cache


_warmed = False


def _child(work, write_end: int) -> int:
    global _channel
    _channel = write_end
    gc.freeze()  # the collector leaves the inherited objects alone: no copy-on-write of every page
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it kills the child
        _quiet()
        _limit()
        try:
            payload = (b"T", work().encode("utf-8", "surrogatepass"))
        except DataError as exc:
            payload = (b"E", _pickle_error(exc))
        _send(*payload)
        return 0
    except MemoryError:
        return _EXIT_MEMORY


def _pickle_error(exc: DataError) -> bytes:
    cls = type(exc) if type(exc).__module__ == "lianxi.errors" else DataError  # the parent unpickles only those
    try:
        return pickle.dumps((cls, exc.args, dict(vars(exc))))
    except Exception:  # noqa: BLE001 - an attribute that does not pickle: keep what is shown
        plain = DataError(exc.message, file=exc.file, line=exc.line, column=exc.column, field=exc.field,
                          rule=exc.rule, hint=exc.hint)
        return pickle.dumps((DataError, plain.args, dict(vars(plain))))


def _quiet() -> None:
    """The child prints nothing: its stdin, stdout and stderr are /dev/null (a crash dump too)."""
    if faulthandler.is_enabled():
        faulthandler.disable()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)


def _limit() -> None:
    """The kernel's limits on the child: address space, CPU seconds, no core file."""
    def lower(which: int, soft: int) -> None:
        old_soft, old_hard = resource.getrlimit(which)
        if old_hard != resource.RLIM_INFINITY:
            soft = min(soft, old_hard)
        if old_soft != resource.RLIM_INFINITY:
            soft = min(soft, old_soft)
        resource.setrlimit(which, (soft, old_hard))

    lower(resource.RLIMIT_CORE, 0)
    seconds = math.ceil(RENDER_SECONDS) + 1  # a backstop should the parent be gone
    lower(resource.RLIMIT_CPU, seconds)
    size = _address_space()
    if size is not None:
        lower(resource.RLIMIT_AS, size + MAX_RENDER_BYTES)


def _address_space() -> int | None:
    """The process's current virtual size (Linux: /proc/self/statm), or None where unknown.

    The limit is relative to it, so the interpreter, its modules, its mapped files and
    the data already loaded are not counted against the template's 512 MB.
    """
    try:
        with open("/proc/self/statm", "rb") as f:
            pages = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _collect(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Read the pipe until end of file or ``deadline``: (bytes read, timed out).

    Reading while waiting keeps a large text from filling the pipe and stalling the child.
    """
    chunks: list[bytes] = []
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"".join(chunks), True
        if poller.poll(max(1, math.ceil(left * 1000))):
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)


def _frames(data: bytes) -> dict[bytes, bytes]:
    frames: dict[bytes, bytes] = {}
    at = 0
    while at + 9 <= len(data):
        size = int.from_bytes(data[at + 1:at + 9], "big")
        if at + 9 + size > len(data):
            break
        frames[data[at:at + 1]] = data[at + 9:at + 9 + size]
        at += 9 + size
    return frames


def _outcome(data: bytes, timed_out: bool, status: int | None, name: str) -> str:
    frames = _frames(data)
    shown = frames[b"N"].decode("utf-8", "surrogatepass") if b"N" in frames else name
    if b"T" in frames:
        return frames[b"T"].decode("utf-8", "surrogatepass")
    if b"E" in frames:
        raise _unpickle_error(frames[b"E"]) from None
    if timed_out:
        message = _timeout_message()
    elif os.WIFSIGNALED(status) and os.WTERMSIG(status) == getattr(signal, "SIGXCPU", None):
        message = _timeout_message()  # RLIMIT_CPU
    elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == _EXIT_MEMORY:
        message = _memory_message()
    elif os.WIFSIGNALED(status):  # e.g. the kernel's OOM killer, or a crash at the memory limit
        message = f"模板渲染子进程被信号 {os.WTERMSIG(status)} 终止，已中止（模板可能占用内存超过 {_megabytes()} MB）"
    else:
        message = f"模板渲染子进程异常退出（退出码 {os.waitstatus_to_exitcode(status)}），已中止"
    raise DataError(message, file=shown, rule="template-sandbox")


class _ErrorUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == "lianxi.errors":
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


def _unpickle_error(payload: bytes) -> DataError:
    try:
        cls, args, state = _ErrorUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - the child sends only lianxi.errors; anything else is refused
        cls = None
    if not (isinstance(cls, type) and issubclass(cls, DataError)):
        return DataError("模板渲染子进程返回了无法识别的结果", rule="template-sandbox")
    exc = cls.__new__(cls)
    exc.args = tuple(args)
    exc.__dict__.update(state)
    return exc


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


_JINJA_TOKENS = {
    "end of print statement": "}}", "end of statement block": "%}", "end of template": "模板结尾",
    "begin of print statement": "{{", "begin of statement block": "{%", "name": "名称", "integer": "整数",
    "float": "数字", "string": "字符串", "operator": "运算符", "colon": "“:”", "comma": "“,”", "dot": "“.”",
    "rparen": "“)”", "lparen": "“(”", "rbracket": "“]”", "lbracket": "“[”", "rbrace": "“}”", "lbrace": "“{”",
    "assign": "“=”", "pipe": "“|”", "end of comment": "#}",
}
_JINJA_MESSAGES = [
    (r"Expected an expression, got '(.+)'", lambda m: f"此处缺少表达式（遇到了 {_token(m[1])}）"),
    (r"unexpected '(.+)'", lambda m: f"此处不应出现 {_token(m[1])}"),
    (r"expected token '(.+?)', got '(.+)'", lambda m: f"此处应为 {_token(m[1])}，实际是 {_token(m[2])}"),
    (r"Encountered unknown tag '(.+?)'\.?(?: Jinja was looking for the following tags: ((?:'[^']*'(?: or |, )?)+)\..*)?",
     lambda m: f"不认识的标签 {m[1]}" + (f"（此处应为 {_tags(m[2])}）" if m[2] else "")),
    (r"Unexpected end of template\. Jinja was looking for the following tags: ((?:'[^']*'(?: or |, )?)+)\..*",
     lambda m: f"模板意外结束：缺少 {_tags(m[1])}（{{% if %}}、{{% for %}} 等须有对应的结束标签）"),
    (r"unexpected end of template.*", lambda m: "模板意外结束：有没有闭合的 {{ }}、{% %} 或标签"),
    (r"unexpected char '(.+?)' at \d+", lambda m: f"不认识的字符 {m[1]}"),
    (r"tag name expected", lambda m: "{% 后缺少标签名"),
    (r"missing end of comment tag", lambda m: "注释没有闭合：缺少 #}"),
    (r"unexpected end of string", lambda m: "字符串没有闭合：缺少引号"),
    (r"Block '(.+?)' defined twice", lambda m: f"块 {m[1]} 定义了两次"),
]


def _token(text: str) -> str:
    return _JINJA_TOKENS.get(text, text)


def _tags(text: str) -> str:
    return "、".join(t.strip(" '\"") for t in re.split(r"\s+or\s+|,", text) if t.strip(" '\""))


def jinja_message(message: str) -> str:
    """Jinja's English syntax error → Chinese (a general message when it is not one we know)."""
    for pattern, build in _JINJA_MESSAGES:
        match = re.fullmatch(pattern, message.strip(), flags=re.S)
        if match:
            return build(match)
    return "写法不合 Jinja 模板语法（请检查 {{ }}、{% %} 是否配对、标签是否拼写正确）"


@contextmanager
def _translated(name: str) -> Iterator[None]:
    try:
        yield
    except DataError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise DataError(f"模板语法错误：{jinja_message(exc.message or '')}", file=exc.filename or name,
                        line=exc.lineno, rule="template") from None
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
        raise DataError(_timeout_message(), file=name, rule="template-sandbox") from None
    except RecursionError as exc:
        raise DataError("模板递归过深，已中止", file=name, line=_line_of(exc), rule="template-sandbox") from None
    except MemoryError as exc:
        # in the child, MemoryError is RLIMIT_AS: the template asked for more than MAX_RENDER_BYTES
        message = _memory_message() if _channel is not None else "模板占用内存过多，已中止"
        raise DataError(message, file=name, line=_line_of(exc), rule="template-sandbox") from None
    except Exception as exc:  # noqa: BLE001 - any other error raised by template code
        raise DataError(f"模板渲染出错：{_RUNTIME.get(type(exc).__name__, '模板中的表达式无法计算')}"
                        "（请检查该行的运算、过滤器和参数）", file=name, line=_line_of(exc), rule="template") from None


_RUNTIME = {
    "TypeError": "值的类型不对（如文字与数字相加、对不能迭代的值用 for）", "ZeroDivisionError": "除数为零",
    "ValueError": "值不合法", "KeyError": "映射中没有这个键", "IndexError": "列表下标越界",
    "AttributeError": "没有这个属性", "FilterArgumentError": "过滤器的参数不对",
}


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    if text.endswith(" is undefined"):
        return text[: -len(" is undefined")].strip("'") + " 未定义"
    match = re.fullmatch(r"'?(.+?)'? (?:object )?has no attribute '(.+?)'", text)
    if match:
        return f"{match[1]} 没有属性 {match[2]}"
    return "变量或属性未定义"


__all__ = ["MAX_OUTPUT_CHARS", "MAX_RANGE", "MAX_RENDER_BYTES", "RENDER_SECONDS", "make_environment", "render", "render_string"]
