"""Where the data lives, how it is read into models, and how it is written safely.

* :func:`resolve_data_dir` — ``--data DIR`` (or ``--meeting NAME`` of a workspace), else
  ``$LIANXI_DATA``, else the joint meeting of a workspace whose folder holds the current
  directory, else ``./data`` when it holds ``members.yaml``, else the bundled data shipped
  inside the package; :func:`find_workspace` / :func:`workspace_mode` — the workspace in use.
* :func:`load_model` — one YAML file → its pydantic model, with every schema error
  translated to Chinese and located at ``file:line:column``.
* :func:`atomic_write` / :func:`data_lock` — writers take the directory lock, write a
  temporary file in the same directory, fsync, and rename it over the original, so a
  crash at any moment leaves either the old file or the new one. A process killed
  mid-write leaves a hidden ``.<name>.XXXXXXXX.tmp``; nothing ever reads it as data, and
  the next :func:`data_lock` removes it.
* :func:`check_output_path` — where a document may be written (``-o``): never onto a data
  file, never over an existing file without ``--force``.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional, TypeVar

from .errors import Collector, DataError, DataErrors, Problem, UsageProblem, os_reason
from .textfile import inside, kind_problem, present, read_text, real_path

if TYPE_CHECKING:
    from .yamldoc import Document

# PyYAML and the YAML builder are imported when a file is parsed, not with this module:
# a query answered from the model cache (load_valid) never parses.
_LAZY = {"parse_text": "parse_text", "format_path": "format_path", "load_yaml": "load", "Document": "Document"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import yamldoc

        return getattr(yamldoc, _LAZY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

PACKAGE_DIR = Path(__file__).resolve().parent
ENV_VAR = "LIANXI_DATA"
LOCK_NAME = ".lianxi.lock"
# what tempfile.mkstemp(prefix=".<name>.", suffix=".tmp") creates: 8 random [a-z0-9_]
_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
FAULT_ENV = "LIANXI_FAULT"  # test seam, see _fault()
_VCS_DIRS = {".git", ".hg", ".svn"}

M = TypeVar("M")


def bundled_dir(kind: str) -> Path:
    """The bundled ``data`` or ``templates`` directory (inside the wheel, or the checkout)."""
    inside = PACKAGE_DIR / "bundled" / kind
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent.parent / kind  # editable install / source checkout


# ``lianxi --data DIR command …``: the data directory given before the command (see command_scope).
_GLOBAL_DATA: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("lianxi_global_data", default=None)
# ``lianxi --meeting NAME`` / ``--workspace DIR``: one joint meeting of a workspace (docs/工作区.md)
_GLOBAL_MEETING: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("lianxi_global_meeting", default=None)
_GLOBAL_WORKSPACE: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("lianxi_global_workspace",
                                                                                   default=None)
WORKSPACE_ENV = "LIANXI_WORKSPACE"
WORKSPACE_FILE = "workspace.yaml"


@contextlib.contextmanager
def command_scope(data: Optional[str] = None, meeting: Optional[str] = None,
                  workspace: Optional[str] = None) -> Iterator[None]:
    """What one command runs inside: the ``--data``/``--meeting``/``--workspace`` given before it,
    and one parse per file.

    Every file the command reads is parsed (and validated against a model) at most once,
    however many parts of the command ask for it (:func:`shared_reads`).
    """
    tokens = (_GLOBAL_DATA.set(data), _GLOBAL_MEETING.set(meeting), _GLOBAL_WORKSPACE.set(workspace))
    try:
        with shared_reads():
            yield
    finally:
        _GLOBAL_WORKSPACE.reset(tokens[2])
        _GLOBAL_MEETING.reset(tokens[1])
        _GLOBAL_DATA.reset(tokens[0])


def global_meeting() -> Optional[str]:
    return _GLOBAL_MEETING.get() or None


def find_workspace(option: str | Path | None = None) -> Optional[Path]:
    """The workspace in use: ``--workspace``, ``$LIANXI_WORKSPACE``, else the current directory or
    the nearest folder above it holding ``workspace.yaml``; None when there is none.

    Standard library only (a query in a plain data directory pays a few ``stat`` calls).
    """
    given = option if option not in (None, "") else _GLOBAL_WORKSPACE.get()
    source = "--workspace"
    if given in (None, "") and os.environ.get(WORKSPACE_ENV):
        given, source = os.environ[WORKSPACE_ENV], f"环境变量 {WORKSPACE_ENV}"
    if given not in (None, ""):
        chosen = Path(given)
        if not (chosen / WORKSPACE_FILE).is_file():
            raise UsageProblem(f"不是工作区：{chosen}（来自 {source}，其中没有 {WORKSPACE_FILE}）",
                               hint="建立工作区：lianxi workspace init 目录")
        return chosen
    return _workspace_above(Path.cwd())


def _workspace_above(start: Path) -> Optional[Path]:
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return _relative(folder)
    return None


def _relative(folder: Path) -> Path:
    try:
        return Path(os.path.relpath(folder)) if folder != Path.cwd() else Path(".")
    except ValueError:
        return folder


def _meeting_of_cwd() -> Optional[Path]:
    """The joint meeting whose folder (holding members.yaml) the current directory lies in,
    when that folder lies in a workspace."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "members.yaml").is_file():
            return _relative(folder) if _workspace_above(folder.parent) is not None else None
        if (folder / WORKSPACE_FILE).is_file():
            return None
    return None


def no_meeting_chosen(root: Path) -> UsageProblem:
    """A one-meeting command run in a workspace without saying which joint meeting."""
    import re

    keys = []
    try:  # the keys as workspace.yaml lists them (read as text: no YAML parser for an error message)
        text = (Path(root) / WORKSPACE_FILE).read_text(encoding="utf-8-sig")
        keys = [k.strip().strip("'\"") for k in re.findall(r"^\s*-\s*key:\s*(.+?)\s*$", text, re.M)]
    except (OSError, UnicodeError):
        pass
    first = keys[0] if keys else "联席会议简称"
    return UsageProblem(f"当前目录在工作区 {display_path(root)} 中，请用 --meeting 指明联席会议"
                        f"（如 lianxi --meeting {first} …），或进入该联席会议的文件夹运行",
                        hint=("工作区中的联席会议：" + "、".join(keys)) if keys else None)


def workspace_mode(data: str | Path | None = None) -> Optional[Path]:
    """The workspace a cross-meeting command covers as a whole, or None when one data directory is meant.

    None when a data directory is named (``--data`` before or after the command, ``--meeting``,
    ``$LIANXI_DATA``) or the current directory lies inside a joint meeting's folder.
    """
    if data not in (None, "") or _GLOBAL_DATA.get() or _GLOBAL_MEETING.get() or os.environ.get(ENV_VAR):
        return None
    explicit = _GLOBAL_WORKSPACE.get() or os.environ.get(WORKSPACE_ENV)
    if not explicit and _meeting_of_cwd() is not None:
        return None
    return find_workspace()


def resolve_data_dir(option: str | Path | None = None) -> Path:
    """Pick the data directory by the documented order of precedence.

    ``--data`` after the command, ``--data`` before it, ``--meeting`` (a joint meeting of the
    workspace), ``$LIANXI_DATA``, the joint meeting whose folder holds the current directory
    (inside a workspace), ``./data`` (when it holds members.yaml), the bundled data.
    """
    return resolve_data_source(option)[0]


# Where resolve_data_source found the directory, as `lianxi validate` says it on its first line.
SOURCE_OPTION, SOURCE_ENV, SOURCE_CWD, SOURCE_BUNDLED = "--data", f"环境变量 {ENV_VAR}", "当前目录下的 data/", "内置数据"
SOURCE_MEETING = "当前目录所在的工作区联席会议"


def resolve_data_source(option: str | Path | None = None) -> tuple[Path, str]:
    """:func:`resolve_data_dir`, and which rule chose it (one of the ``SOURCE_*`` texts)."""
    given_here = option is not None and str(option) != ""
    if not given_here:
        option = _GLOBAL_DATA.get()
    elif _GLOBAL_MEETING.get():
        raise UsageProblem("--data 与 --meeting 不能同时使用：--data 给出数据目录，--meeting 给出工作区中的联席会议")
    if option is not None and str(option) != "":
        chosen = Path(option)
        # the root --meeting is passed on as the meeting's directory: say which rule the user used
        source = f"--meeting {_GLOBAL_MEETING.get()}" if not given_here and _GLOBAL_MEETING.get() else SOURCE_OPTION
    elif os.environ.get(ENV_VAR):
        chosen = Path(os.environ[ENV_VAR])
        source = SOURCE_ENV
    elif (found := _meeting_of_cwd()) is not None:
        return found, SOURCE_MEETING
    elif (workspace := find_workspace()) is not None:
        raise no_meeting_chosen(workspace)
    elif (Path.cwd() / "data" / "members.yaml").is_file():
        return Path("data"), SOURCE_CWD
    else:
        return bundled_dir("data"), SOURCE_BUNDLED
    if not chosen.exists():
        raise UsageProblem(f"数据目录不存在：{chosen}（来自 {source}）")
    if not chosen.is_dir():
        raise UsageProblem(f"不是目录：{chosen}（来自 {source}）")
    return chosen, source


def in_ci() -> bool:
    """Whether this runs in a CI job (GitHub Actions, GitLab CI and most others set ``CI``)."""
    value = os.environ.get("CI", "").strip().lower()
    return value not in ("", "0", "false", "no") or os.environ.get("GITHUB_ACTIONS") == "true" \
        or bool(os.environ.get("GITLAB_CI"))


def resolve_for_ci_gate(option: str | Path | None, bundled: bool, doing: str = "校验内置数据") -> tuple[Path, str]:
    """:func:`resolve_data_source` for a CI gate (``validate``, ``schema --check``): in CI, falling back to
    the bundled data is refused (exit 2) unless ``--bundled`` asks for it, so a step that names no data
    directory fails instead of checking lianxi's own data and passing."""
    root, source = resolve_data_source(option)
    if source == SOURCE_BUNDLED and in_ci() and not bundled:
        raise UsageProblem("未找到数据目录：没有 --data、环境变量 LIANXI_DATA，当前目录下也没有含 members.yaml 的 "
                           f"data/。在 CI 中不会改为{doing}：请用 --data 指定数据目录"
                           f"（数据在仓库根目录时写 --data .）；确要{doing}时加 --bundled")
    return root, source


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when possible.

    The name as the user wrote it (a link shows as itself, not as its target); string
    operations only, as every file a command reads is named this way once."""
    try:
        full, cwd = os.path.abspath(path), os.getcwd()
    except OSError:
        return str(path)
    if full == cwd:
        return "."
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return full[len(prefix):] if full.startswith(prefix) else str(path)


def inside_dir(root: Path, path: Path) -> bool:
    """Whether ``path`` (after following links) stays inside ``root``."""
    return inside(root, path)


# ------------------------------------------------------------------ reading

# Texts about to be written, read in place of the files on disk (see :func:`overlay`).
_OVERLAY: contextvars.ContextVar[dict] = contextvars.ContextVar("lianxi_overlay", default={})


@contextlib.contextmanager
def overlay(texts: dict[Path, str]) -> Iterator[None]:
    """While active, :func:`read_document` reads these texts instead of the files.

    Writers use it to run the whole of ``lianxi validate`` on the would-be result
    before anything is written.
    """
    merged = dict(_OVERLAY.get())
    merged.update({real_path(p): t for p, t in texts.items()})
    token = _OVERLAY.set(merged)
    try:
        yield
    finally:
        _OVERLAY.reset(token)



# During one validation run every check may ask for the same file; within
# ``shared_reads()`` a file whose text has not changed is parsed (and validated against
# a model) once. Only clean results are shared: a file with problems is parsed again,
# so each caller's collector still receives its problems.
_SHARED: contextvars.ContextVar[Optional[dict]] = contextvars.ContextVar("lianxi_shared_reads", default=None)


@contextlib.contextmanager
def shared_reads(*, release: bool = False) -> Iterator[None]:
    """Within it each file is parsed once; ``release`` (lianxi validate): valid raw values are dropped."""
    shared = _SHARED.get()
    token = None
    if shared is None:
        shared = {}
        token = _SHARED.set(shared)
    before = shared.get(_RELEASE, False)
    shared[_RELEASE] = before or release
    try:
        yield
    finally:
        shared[_RELEASE] = before
        if token is not None:
            _SHARED.reset(token)


_RELEASE = "_release"  # key in the shared dict: whether validate_model releases raw values


def read_document(root: Path, name: str, collector: Collector) -> Document | None:
    """Parse ``root/name`` into a located Document; problems go to ``collector``."""
    path = root / name
    display = display_path(path)
    problem = kind_problem(path, root)
    if problem is not None:
        collector.error(problem, file=display, rule="file-kind")
        return None
    if not present(path):
        collector.error(f"缺少数据文件 {name}", file=display, rule="missing-file")
        return None
    before = len(collector.errors)
    real = real_path(path)
    pending = _OVERLAY.get().get(real) if _OVERLAY.get() else None
    text = pending if pending is not None else read_text(path, display, collector, root, kind_checked=True)
    if text is None:
        return None
    shared = _SHARED.get()
    key = (str(real), display, text) if shared is not None else None
    if key is not None and key in shared:
        return shared[key]
    doc = _parse(text, path, display, collector)
    # A file with YAML-level problems is not schema-checked: its values may lie.
    if len(collector.errors) != before:
        return None
    if key is not None and doc is not None:
        shared[key] = doc
    return doc


def _parse(text: str, path: Path, display: str, collector: Collector) -> Document | None:
    """The located Document of ``text``; nesting too deep for the parser is a located problem."""
    from .yamldoc import parse_text

    try:
        return parse_text(text, path, display, collector)
    except RecursionError:
        collector.error("文件嵌套层次过深，拒绝读取", file=display, rule="size-limit")
        return None


def validate_model(doc: Document, model: type[M], collector: Collector) -> M | None:
    """Validate a parsed document against ``model``; translate errors; None when invalid."""
    from pydantic import ValidationError

    shared = _SHARED.get() is not None
    if shared and model in doc.__dict__.get("_valid_models", ()):
        return doc.__dict__["_valid_models"][model]
    if doc.data is _RELEASED:  # validated against another model before: parse the kept text again
        from .yamldoc import parse_text

        doc.data = parse_text(doc.text, doc.path, doc.display, Collector()).data
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            collector.add(doc.problem(translate_error(err, doc), loc, rule="schema"))
        return None
    if shared:
        doc.__dict__.setdefault("_valid_models", {})[model] = result
    if shared and _SHARED.get().get(_RELEASE):
        # Within shared_reads (lianxi validate, every file of the directory alive at once)
        # a valid document keeps its model, its text (for locations) but not the raw values:
        # they would double the memory of a large directory. Nothing in a check reads
        # doc.data of a document that validated; if one asks again, the text is parsed again.
        doc.data = _RELEASED
        _share_fields_sets(result, _SHARED.get().setdefault("_fields_sets", {}))
    return result


class _ReadOnlySet(set):
    """A set that refuses changes (pydantic's serializer needs a real ``set``, not a frozenset)."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("共享的只读字段集合不能修改（lianxi validate 内部）")

    add = update = discard = remove = pop = clear = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse


def _share_fields_sets(model: Any, table: dict) -> None:
    """Give every model in ``model`` one shared frozenset of its set fields (validate only).

    pydantic keeps a ``set`` of the explicitly set field names in every instance — about
    200 bytes, as much as the instance's values for the small records (attendance,
    agreements, reports) that make up most of a large directory. Under shared_reads
    (``lianxi validate``: every file alive at once) identical sets are replaced by one
    read-only set: ``model_fields_set`` and ``exclude_unset`` read them as before, and
    changing such a model in place or ``model_copy(update=…)`` (never done while
    validating) fails loudly instead of touching its neighbours.
    """
    from pydantic import BaseModel

    stack = [model]
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            fields = item.__pydantic_fields_set__
            key = frozenset(fields)
            shared = table.get(key)
            if shared is None:
                shared = table[key] = _ReadOnlySet(fields)
            object.__setattr__(item, "__pydantic_fields_set__", shared)
            stack.extend(item.__dict__.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


_RELEASED: Any = type("Released", (), {"__repr__": lambda self: "<raw values released>"})()


def load_model(root: Path, name: str, model: type[M], collector: Collector | None = None) -> tuple[M, Document]:
    """Load one file into its model or raise DataErrors naming every problem."""
    own = collector is None
    collector = collector if collector is not None else Collector()
    doc = read_document(root, name, collector)
    result = validate_model(doc, model, collector) if doc is not None else None
    if result is None or (own and collector.errors):
        raise DataErrors(collector.errors or [Problem("数据无效", file=display_path(root / name))])
    return result, doc


def load_optional(root: Path, name: str, model: type[M],
                  collector: Collector | None = None) -> tuple[Optional[M], Optional[Document]]:
    """A file the directory may lack: its model (the model's defaults when absent) and document.

    Without a collector any problem raises DataErrors; with one, problems are collected and
    the model is None when the file is invalid. (Reports, alerts, groups, confirmed answers,
    documents.yaml, the register: every optional file is read here.)
    """
    if collector is None:
        own = Collector()
        result, doc = load_optional(root, name, model, own)
        if result is None or own.errors:
            raise DataErrors(own.errors or [Problem("数据无效", file=display_path(Path(root) / name))])
        return result, doc
    if not present(Path(root) / name):
        return model(), None
    doc = read_document(Path(root), name, collector)
    if doc is None:
        return None, None
    return validate_model(doc, model, collector), doc


def load_settings(root: Path, name: str, model: type[M]) -> M:
    """An optional settings file (documents.yaml): :func:`load_valid` when present (the
    validated-model cache), the model's defaults when absent; any problem raises DataErrors."""
    if not present(Path(root) / name):
        return model()
    return load_valid(root, name, model)


def load_valid(root: Path, name: str, model: type[M]) -> M:
    """``load_model(root, name, model)[0]``, answered from the validated-model cache when it can.

    The text is read (once, as always); when a model validated from exactly this text by
    exactly this code is in :mod:`lianxi.modelcache`, it is returned without parsing
    (PyYAML is not even imported) or building the pydantic validator. Otherwise the file
    goes the usual way — every problem reported as by :func:`load_model` — and a valid
    result is stored. Within :func:`shared_reads` a document this command already parsed
    is used; under :func:`overlay` (a writer's would-be texts) the usual way is taken.
    """
    from . import modelcache

    path = Path(root) / name
    if _OVERLAY.get() or not path.exists() or not inside_dir(root, path):
        return load_model(root, name, model)[0]
    collector = Collector()
    display = display_path(path)
    text = read_text(path, display, collector, root)
    if text is None:
        raise DataErrors(collector.errors or [Problem("数据无效", file=display)])
    shared = _SHARED.get()
    shared_key = (str(real_path(path)), display, text)  # as read_document keys it
    if shared is not None and shared_key in shared:
        return load_model(root, name, model)[0]
    key = modelcache.key(text, model)
    cached = modelcache.get(key, model)
    if cached is not None:
        return cached
    doc = _parse(text, path, display, collector)
    result = validate_model(doc, model, collector) if doc is not None and not collector.errors else None
    if result is None or collector.errors:
        raise DataErrors(collector.errors or [Problem("数据无效", file=display)])
    if shared is not None:
        shared[shared_key] = doc
    modelcache.put(key, result)
    return result


_TYPE_NAMES = {
    "str": "文本", "int": "整数", "float": "小数", "bool": "true/false", "NoneType": "空值",
    "list": "列表", "dict": "映射（键: 值）", "date": "日期", "datetime": "日期时间",
}


def _got(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def translate_error(err: dict, doc: Document | None = None) -> str:
    """A pydantic error → a Chinese message saying what is expected."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        return "不认识的字段（请检查拼写，或删去该字段）"
    if kind == "string_type":
        hint = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = "；号码、编号请加引号，如 \"0595-12345678\""
        elif isinstance(value, bool):
            hint = "；yes/no/on/off 在 YAML 中是布尔值，作为文字请加引号"
        elif value is None:
            hint = "；不能为空"
        return f"应为文本，实际是{_got(value)}{hint}"
    if kind in ("int_type", "int_parsing"):
        return f"应为整数，实际是{_got(value)}"
    if kind == "bool_type":
        return f"应为 true 或 false，实际是{_got(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"应为列表（每项以“- ”开头），实际是{_got(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"应为映射（“键: 值”的形式），实际是{_got(value)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"应为以下之一：{expected.replace(' or ', '、')}，实际是 {value!r}"
    if kind == "too_short":
        return "至少要有 1 项" if ctx.get("min_length") == 1 else f"至少要有 {ctx.get('min_length')} 项"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind == "string_too_short":
        return "不能为空"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return "应为日期（如 2027-03-01，不加引号）"
    if kind == "union_tag_invalid":
        return "类型不对"
    if kind in _MORE_KINDS:
        return _MORE_KINDS[kind].format(**{k: ctx.get(k, "") for k in ("le", "lt", "pattern", "expected")})
    # custom errors (PydanticCustomError, ValueError in a validator) carry our own Chinese message;
    # pydantic's own English never reaches a user
    message = str(err.get("msg") or "")
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if re.search(r"[\u4e00-\u9fff]", message):
        return message
    return f"值不合法，实际是{_got(value)}"


_MORE_KINDS = {
    "int_from_float": "应为整数，不能带小数", "float_type": "应为数字", "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false", "less_than_equal": "应不大于 {le}", "less_than": "应小于 {lt}",
    "string_pattern_mismatch": "格式不对", "enum": "应为以下之一：{expected}", "time_type": "应为时间，如 09:00",
    "time_parsing": "应为时间，如 09:00", "datetime_type": "应为日期时间", "datetime_parsing": "应为日期时间",
    "string_too_long": "文字过长", "set_type": "应为列表（每项以“- ”开头）", "frozen_instance": "不能修改",
    "is_instance_of": "类型不对", "none_required": "应为空", "finite_number": "应为有限的数字",
    "multiple_of": "数值不合要求", "date_future": "应为今后的日期", "date_past": "应为以前的日期",
    "dict_attributes_type": "应为映射（“键: 值”的形式）",
}


# ------------------------------------------------------------------ writing


def is_bundled_data(path: str | Path) -> bool:
    """Whether ``path`` (after following links) is the bundled data directory or inside it —
    the copy installed with the program, or its source: the ``data/`` of a lianxi source checkout
    (beside ``src/lianxi`` and ``pyproject.toml``), which a wheel install would not otherwise know."""
    bundled = real_path(bundled_dir("data"))
    target = real_path(path)
    if target == bundled or bundled in target.parents:
        return True
    return any(folder.name == "data" and (folder.parent / "src" / "lianxi" / "__init__.py").is_file()
               and (folder.parent / "pyproject.toml").is_file() for folder in (target, *target.parents))


def guard_writable(root: str | Path) -> None:
    """Refuse any write into the bundled data: it ships inside the program (read-only).

    Called by :func:`data_lock`, which every writer takes, and again by :func:`atomic_write`.
    """
    if not is_bundled_data(root):
        return
    shown = display_path(Path(root))
    raise DataError(
        f"{shown} 是 lianxi 自带的内置数据，只读，不能写入（它随程序安装，重新安装时会被覆盖），未做任何修改。",
        hint=f"请先复制一份再修改：lianxi init 新目录 --example（或 cp -r {shown} 新目录），"
             "然后加 --data 新目录（或设置环境变量 LIANXI_DATA）运行本命令。", rule="bundled-data")


@contextlib.contextmanager
def data_lock(root: Path, timeout: float = 30.0, *, journal: bool = True) -> Iterator[None]:
    """An exclusive lock on the data directory for the duration of a write.

    The bundled data is refused here (:func:`guard_writable`), before the lock file is made.
    While it is held, every write into ``root`` is journaled (:mod:`lianxi.journal`), unless
    ``journal`` is false (a directory that is not a data directory: ``lianxi schema -o 目录``).
    """
    import fcntl
    import time

    if _PLANNED.get() is not None:  # a dry run writes nothing, so it needs no lock (nor a writable root)
        yield
        return
    from .journal import active

    if active(root) is not None:  # already held by this command (its journal entry is open)
        yield
        return
    guard_writable(root)
    lock_path = root / LOCK_NAME
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise write_error(root, exc) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DataError(f"数据目录正被另一个 lianxi 命令占用（等待 {timeout:.0f} 秒后放弃）：{root}")
                time.sleep(0.05)
        remove_stale_temps(root)
        from .journal import recording, settle_interrupted

        if journal:
            settle_interrupted(root)
        with (recording(root, fault=_fault) if journal else contextlib.nullcontext()):
            yield  # every atomic_write into root until the lock is released is journaled
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def remove_stale_temps(root: Path, depth: int = 3) -> list[Path]:
    """Delete temp files left by writers that were killed mid-write (call under the lock).

    Only names atomic_write and the journal create (``.<name>.XXXXXXXX.tmp``) in ``root``
    and its subdirectories up to ``depth`` levels are touched: ``meetings/``, ``.schema/``
    and the journal's ``.lianxi/journal/objects/`` (three levels down) included,
    version-control directories and symlinks excluded.
    """
    removed: list[Path] = []
    todo = [(Path(root), 0)]
    while todo:
        directory, level = todo.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    if level < depth and entry.name not in _VCS_DIRS:
                        todo.append((Path(entry.path), level + 1))
                elif _TEMP_RE.match(entry.name):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


def write_error(path: Path, exc: OSError) -> DataError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DataError(f"没有写入权限（目录只读？）：{display_path(path)}，未做任何修改")
    if exc.errno == errno.ENOSPC:
        return DataError(f"磁盘空间不足，无法写入 {display_path(path)}，未做任何修改")
    return DataError(f"写入失败：{display_path(path)}（{os_reason(exc)}），未做任何修改")


def _before_rename_hook() -> None:
    """Test seam: fault injection between writing the temp file and renaming it."""


_FAULT_PHASES = ("temp-created", "half-written", "before-rename", "after-rename")


def _fault(phase: str) -> None:
    """Test seam for crash tests (tests/test_crash_safety.py); does nothing unless asked.

    ``LIANXI_FAULT=kill:<phase>[:<n>]`` sends SIGKILL to this process at ``phase`` of the
    n-th atomic_write (default 1st); ``LIANXI_FAULT=delay:<seconds>`` sleeps at every
    phase so that a test can kill the process from outside at a random moment.
    Phases: temp-created, half-written, before-rename, after-rename.
    """
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    kind, _, rest = spec.partition(":")
    if kind == "delay":
        import time

        time.sleep(float(rest or 0))
    elif kind == "kill":
        name, _, count = rest.partition(":")
        if name == phase:
            global _fault_hits
            _fault_hits += 1
            if _fault_hits >= int(count or 1):
                import signal

                os.kill(os.getpid(), signal.SIGKILL)


_fault_hits = 0


_BOM = b"\xef\xbb\xbf"


def text_style(path: Path) -> tuple[bool, bool]:
    """(starts with a UTF-8 BOM, lines end in CRLF) of an existing regular file; (False, False) otherwise."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False, False
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False, False
    return head.startswith(_BOM), head.count(b"\r\n") * 2 > head.count(b"\n") > 0


def with_style(text: str, bom: bool, crlf: bool) -> bytes:
    """``text`` (any line endings) as UTF-8 bytes with the given BOM and line endings."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    return (_BOM if bom else b"") + text.encode("utf-8")


def check_writable(path: Path, root: Path | None = None) -> None:
    """Raise DataError unless ``path`` is new or a regular file (see :func:`textfile.kind_problem`).

    With ``root`` (a data directory) a link of the file or of any folder between ``root``
    and it must also stay inside ``root``. A dangling link is not "absent": it is refused.
    """
    problem = kind_problem(path, root, action="写入")
    if problem is None and root is not None and path.parent != Path(root):
        problem = kind_problem(path.parent, root, directory=True, action="写入")
    if problem is not None:
        raise DataError(f"{display_path(path)}：{problem}，未做任何修改")


# Inside dry_run(): what atomic_write would have written, (path, old bytes or None, new bytes), nothing written.
_PLANNED: contextvars.ContextVar[Optional[list]] = contextvars.ContextVar("lianxi_planned_writes", default=None)


@contextlib.contextmanager
def dry_run(active: bool = True) -> Iterator[list]:
    """``--dry-run`` for every writer: within it, :func:`atomic_write` records what it would write
    and writes nothing, :func:`data_lock` takes no lock; everything else (checks, re-validation
    of the would-be text) runs as for real. Yields the list of planned writes."""
    if not active:
        yield []
        return
    planned: list = []
    token = _PLANNED.set(planned)
    try:
        yield planned
    finally:
        _PLANNED.reset(token)


def is_dry_run() -> bool:
    return _PLANNED.get() is not None


def atomic_write(path: Path, text: str | bytes, *, overwrite: bool = True, root: Path | None = None,
                 keep_style: bool = True) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` atomically: temp file in the same dir, fsync, rename.

    Never into the bundled data (:func:`guard_writable`). Only a new path or a regular file is
    ever replaced (:func:`check_writable`): never a named pipe, device, socket, directory,
    dangling or looping link, nor — given the data directory ``root`` — anything reached
    through a link leaving it. Text replacing an existing file keeps that file's BOM and
    line endings (CRLF or LF), so an office's editor sees its own conventions after any
    lianxi write; ``keep_style=False`` (documents written with ``-o``) writes the text as it is.
    """
    directory = path.parent
    if _PLANNED.get() is None:
        guard_writable(directory)
    check_writable(path, root)
    if not overwrite and present(path):
        raise DataError(f"文件已存在：{display_path(path)}（不会覆盖）")
    planned = _PLANNED.get()
    if planned is not None:
        data = (with_style(text, *text_style(path)) if keep_style else text.encode("utf-8")) \
            if isinstance(text, str) else text
        old = path.read_bytes() if present(path) and not os.path.islink(path) and path.is_file() else None
        planned.append((path, old, data))
        return
    tmp_name = None
    try:
        if isinstance(text, str):
            data = with_style(text, *text_style(path)) if keep_style else text.encode("utf-8")
        else:
            data = text
        _journal(path, data)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        _fault("temp-created")
        with os.fdopen(fd, "wb") as handle:
            half = len(data) // 2
            handle.write(data[:half])
            handle.flush()
            _fault("half-written")
            handle.write(data[half:])
            handle.flush()
            os.fsync(handle.fileno())
        if present(path):
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        _before_rename_hook()
        _fault("before-rename")
        if overwrite:
            os.replace(tmp_name, path)
        else:
            os.link(tmp_name, path)  # fails if the name was taken meanwhile
            os.unlink(tmp_name)
        tmp_name = None
        _fault("after-rename")
        with contextlib.suppress(OSError):
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except FileExistsError:
        raise DataError(f"文件已存在：{display_path(path)}（不会覆盖）") from None
    except UnicodeEncodeError:
        raise DataError(f"要写入 {display_path(path)} 的内容含有无法编码为 UTF-8 的字符，未做任何修改") from None
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _existing_bytes(path: Path) -> Optional[bytes]:
    if present(path) and not os.path.islink(path) and path.is_file():
        return path.read_bytes()
    return None


def _journal(path: Path, data: Optional[bytes]) -> None:
    """Tell the open journal entry (see :mod:`lianxi.journal`) that ``path`` becomes ``data``."""
    from .journal import active

    recorder = active()
    if recorder is not None:
        try:
            recorder.record(path, _existing_bytes(path), data)
        except OSError as exc:  # the journal cannot be written: neither is the file
            from .journal import journal_dir

            raise write_error(journal_dir(recorder.root), exc) from None


def journal_change(path: Path, data: Optional[bytes]) -> None:
    """For a writer that replaces a file by other means than :func:`atomic_write` (``init --force``
    moves staged files into place): record the change in the open journal entry first."""
    _journal(path, data)


def remove_file(path: Path, root: Path | None = None) -> None:
    """Delete one data file (a meeting moved to the file name of its new date; ``lianxi undo`` of a
    file a command created), under the caller's lock: journaled and dry-run aware.

    Like :func:`atomic_write`: never in the bundled data, only a regular file inside ``root``;
    within :func:`dry_run` the removal is recorded as ``(path, old bytes, None)``, not done."""
    check_writable(path, root)
    planned = _PLANNED.get()
    if planned is not None:
        planned.append((path, _existing_bytes(path), None))
        return
    guard_writable(path.parent)
    if not present(path):
        return
    try:
        _journal(path, None)
        os.unlink(path)
    except OSError as exc:
        raise write_error(path, exc) from None
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def data_files(root: Path) -> list[Path]:
    """Every file a data directory holds as data: the known files and any YAML file below it."""
    from .model import FILE_MODELS

    root = Path(root)
    found = [root / name for name in FILE_MODELS if present(root / name)]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath) / f for f in filenames if f.endswith((".yaml", ".yml"))]
    return list(dict.fromkeys(found))


STDOUT = "-"  # ``-o -``: the document goes to standard output
# Whatever lies here stands for something else (/dev/stdout is whatever stdout is today).
_SPECIAL_DIRS = ("/dev", "/proc", "/sys")


def _through_special_dir(path: Path, target: Path) -> bool:
    """Whether ``path``, any link it goes through, or its target lies in /dev, /proc or /sys."""
    hops = [os.path.abspath(path)]
    for _ in range(40):
        if not os.path.islink(hops[-1]):
            break
        hops.append(os.path.normpath(os.path.join(os.path.dirname(hops[-1]), os.readlink(hops[-1]))))
    hops.append(str(target))
    return any(hop == d or hop.startswith(d + "/") for hop in hops for d in _SPECIAL_DIRS)


def enclosing_data_dir(path: Path) -> Optional[Path]:
    """The data directory ``path`` lies in (a folder holding ``members.yaml``), if any."""
    for parent in path.parents:
        if (parent / "members.yaml").is_file():
            return parent
    return None


def check_output_path(path: str | Path, data_root: str | Path | None, force: bool = False) -> Path:
    """Check where a document may be written (``-o``); return the path or raise UsageProblem.

    After following every symlink, the target must be a new path or an existing regular
    file, and:

    * never a device, FIFO, socket or directory (``/dev/null``, ``/dev/stdout`` …) — use
      ``-o -`` for standard output;
    * never anything inside a data directory — ``data_root`` or any folder holding a
      ``members.yaml`` above the target — data files, ``.schema/``, ``templates/``, the lock
      file included, and never a data file through a hard link; not even with ``--force``;
    * never over an existing file unless ``force``;
    * the parent directory must exist.
    """
    import stat

    path = Path(path)
    shown = display_path(path)
    target = real_path(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UsageProblem(f"输出路径 {shown} 是循环的符号链接，请换一个输出文件名") from None
        raise UsageProblem(f"无法使用输出路径 {shown}（{os_reason(exc)}）") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageProblem(f"输出路径 {shown} 是一个目录，请给出文件名")
    if _through_special_dir(path, target) or (mode is not None and not stat.S_ISREG(mode)):
        raise UsageProblem(f"输出路径 {shown} 不是普通文件（设备、命名管道或套接字），不会写入；"
                           "要输出到屏幕或管道，请用 -o -（或不加 -o）")
    if data_root is not None:
        for data_file in data_files(Path(data_root)):
            same = target == real_path(data_file)
            with contextlib.suppress(OSError):
                same = same or (mode is not None and os.path.samefile(target, data_file))
            if same:
                raise UsageProblem(f"不能把输出写到数据文件 {shown} 上（即使加 --force 也不行）；请换一个输出文件名")
    roots = [real_path(data_root)] if data_root is not None else []
    found = enclosing_data_dir(target)
    if found is not None:
        roots.append(real_path(found))
    for root in roots:
        if target == root or root in target.parents:
            raise UsageProblem(f"不能把输出写到数据目录（{display_path(root)}）中：{shown}"
                               "（即使加 --force 也不行）；请换一个数据目录以外的输出文件名")
    if not target.parent.is_dir():
        raise UsageProblem(f"输出目录不存在：{display_path(path.parent)}")
    if mode is not None and not force:
        raise UsageProblem(f"文件已存在：{shown}；如确需覆盖，请加 --force")
    return target if path.is_symlink() else path


def check_output_dir(path: str | Path, data_roots: list[Path] | tuple = ()) -> Path:
    """Check a directory output (``lianxi site build -o 目录``); return it or raise UsageProblem.

    The directory rule of :func:`check_output_path`: after following links it must be a new path
    or a directory — never a file, a device or anything under /dev, /proc, /sys — whose parent
    exists; never a data directory, inside one (any of ``data_roots``, or a folder holding a
    ``members.yaml`` above it) or holding one (a ``members.yaml`` below it), not even with
    ``--force``. Whether an existing non-empty directory may be replaced is the caller's rule.
    """
    import stat

    path = Path(path)
    shown = display_path(path)
    target = real_path(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageProblem(f"无法使用输出目录 {shown}（{os_reason(exc)}）") from None
    if _through_special_dir(path, target):
        raise UsageProblem(f"输出目录 {shown} 在 /dev、/proc 或 /sys 中，不会写入；请换一个目录")
    if mode is not None and not stat.S_ISDIR(mode):
        raise UsageProblem(f"输出路径 {shown} 已存在且不是目录，请给出一个目录")
    roots = [real_path(r) for r in data_roots]
    found = enclosing_data_dir(target)
    if found is not None:
        roots.append(real_path(found))
    if (target / "members.yaml").is_file():
        roots.append(target)
    for root in roots:
        if target == root or root in target.parents:
            raise UsageProblem(f"不能把输出写到数据目录（{display_path(root)}）中：{shown}"
                               "（即使加 --force 也不行）；请换一个数据目录以外的输出目录")
        if target in root.parents:
            raise UsageProblem(f"输出目录 {shown} 包含数据目录 {display_path(root)}，不会写入"
                               "（即使加 --force 也不行）；请换一个输出目录")
    if not target.parent.is_dir():
        raise UsageProblem(f"输出目录的上级目录不存在：{display_path(path.parent)}")
    return path


def check_text(text: str, path: Path, model: type[M]) -> M:
    """Parse and validate text about to be written; raise DataErrors if it is not valid."""
    collector = Collector()
    display = display_path(path)
    doc = _parse(text, path, display, collector)
    result = validate_model(doc, model, collector) if doc is not None and not collector.errors else None
    if result is None or collector.errors:
        raise DataErrors(collector.errors or [Problem("写入前校验失败", file=display)],
                         hint="写入前校验失败，未做任何修改。")
    return result


__all__ = [
    "atomic_write", "bundled_dir", "check_output_dir", "check_output_path", "check_text", "data_files", "data_lock",
    "check_writable", "display_path", "guard_writable", "inside_dir", "is_bundled_data", "present",
    "journal_change", "remove_file", "remove_stale_temps", "overlay",
    "load_model", "load_optional", "load_valid", "read_document", "resolve_data_dir", "resolve_data_source",
    "translate_error",
    "validate_model",
]
