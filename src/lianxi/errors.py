"""The LianxiError family: every failure a user can cause, with a Chinese message.

A user's mistake never surfaces as a traceback. Each error knows where it happened
(file, line, column, field path) and which exit code it maps to:

* 1 — the data (or a document request) is invalid: ``DataError`` / ``DataErrors``;
* 2 — the command was used wrongly: ``UsageProblem``;
* 0 — a write repeated after it was done: ``NothingToDo`` (nothing changes, “无需变动”).

``Problem`` is one located finding; ``DataErrors`` carries all findings of one run so
that every error is reported at once, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Problem:
    """One finding — the only kind there is: validate's errors, a rule's warnings, check's findings.

    Located (``file``, ``line``, ``column``, ``field``) or not yet: a rule that checks a meeting
    before it is written gives ``path``, the field path inside its file, which
    :meth:`located` (or ``Document.problem``) turns into a location. ``cite`` is the rule text
    the finding rests on (the charter's words), ``items`` the ids it concerns.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    rule: str | None = None
    severity: str = "error"  # "error" or "warning"
    cite: str | None = None
    items: tuple = ()
    path: tuple = ()

    def location(self) -> str:
        parts = [self.file or "<数据>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def text(self) -> str:
        """The message with the rule it rests on, as a user reads it."""
        return self.message + (f"（依据：{self.cite}）" if self.cite else "")

    def located(self, doc) -> "Problem":
        """This finding placed in ``doc`` (a yamldoc.Document) at its ``path``."""
        return doc.problem(self.message, self.path, rule=self.rule, severity=self.severity, cite=self.cite,
                           items=self.items)

    def __str__(self) -> str:
        head = self.location()
        if self.field:
            head += f": {self.field}"
        prefix = "警告：" if self.severity == "warning" else ""
        return f"{head}: {prefix}{self.text()}"

    def to_json(self) -> dict:
        out = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.text(),
        }
        return out


class LianxiError(Exception):
    """Base of every error lianxi reports to a user."""

    exit_code = EXIT_INVALID

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        rule: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.field = field
        self.rule = rule
        self.hint = hint

    @property
    def problems(self) -> list[Problem]:
        return [
            Problem(
                self.message,
                file=self.file,
                line=self.line,
                column=self.column,
                field=self.field,
                rule=self.rule,
            )
        ]

    def render(self) -> str:
        if self.file is None:
            text = self.message
        else:
            text = str(self.problems[0])
        if self.hint:
            text += "\n" + self.hint
        return text


class DataError(LianxiError):
    """Invalid data, or a request the data cannot satisfy (exit 1)."""


class DataErrors(DataError):
    """All the problems found in one run."""

    def __init__(self, problems: list[Problem], *, hint: str | None = None) -> None:
        self._problems = list(problems)
        first = self._problems[0] if self._problems else Problem("数据无效")
        super().__init__(
            first.message,
            file=first.file,
            line=first.line,
            column=first.column,
            field=first.field,
            rule=first.rule,
            hint=hint,
        )

    @property
    def problems(self) -> list[Problem]:
        return self._problems

    def render(self) -> str:
        lines = [str(p) for p in self._problems]
        n = sum(1 for p in self._problems if p.severity == "error")
        lines.append(f"共 {n} 处错误。")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class UsageProblem(LianxiError):
    """The command was used wrongly (exit 2)."""

    exit_code = EXIT_USAGE


class NothingToDo(LianxiError):
    """A write asked again after it was done: nothing changes, and that is success (exit 0).

    Every writer treats a repeat the same way (docs/README.md, 退出码): the message says
    “无需变动”, goes to standard output, and no file is touched.
    """

    exit_code = EXIT_OK


class NotFound(DataError):
    """A name that matches nothing; carries suggestions."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.suggestions = suggestions or []

    def render(self) -> str:
        text = self.message
        if self.suggestions:
            text += "\n您是不是要找：" + "、".join(self.suggestions)
        if self.hint:
            text += "\n" + self.hint
        return text


class Ambiguous(DataError):
    """A name that matches several records; carries the candidates."""

    def __init__(self, message: str, *, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates

    def render(self) -> str:
        lines = [self.message, "可能是："]
        lines += [f"  {c}" for c in self.candidates]
        lines.append("请输入更完整的名称。")
        return "\n".join(lines)


_OS_REASONS = {
    "ENOENT": "文件或目录不存在", "EACCES": "没有权限", "EPERM": "没有权限（操作不被允许）",
    "EISDIR": "这是一个目录，不是文件", "ENOTDIR": "路径中有一段不是目录", "ENOSPC": "磁盘空间不足",
    "EROFS": "文件系统只读", "ELOOP": "符号链接循环", "ENAMETOOLONG": "文件名过长", "EEXIST": "已经存在",
    "EBUSY": "正被占用", "EMFILE": "打开的文件过多", "ENOEXEC": "不是可执行的程序", "EXDEV": "不能跨文件系统移动",
    "EIO": "读写设备出错（磁盘故障？）", "EDQUOT": "超出磁盘配额", "ETXTBSY": "文件正被执行", "EINVAL": "参数无效",
    "EFBIG": "文件过大", "ENXIO": "设备不存在", "ENODEV": "设备不存在", "ETIMEDOUT": "超时",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese (never the C library's English ``strerror``)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    return f"操作系统错误 {name or exc.errno or type(exc).__name__}"


@dataclass
class Collector:
    """Accumulates problems so a run can report all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def error(self, message: str, **where) -> None:
        self.problems.append(Problem(message, **where))

    def warning(self, message: str, **where) -> None:
        self.problems.append(Problem(message, severity="warning", **where))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataErrors(self.errors)
