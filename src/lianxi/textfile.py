"""Reading a data file's text: size limit, UTF-8 (with a GBK hint), emptiness.

Kept apart from :mod:`lianxi.yamldoc` so that reading a file does not import PyYAML:
a query answered from the validated-model cache (:mod:`lianxi.modelcache`) reads the
text, recognises it, and never parses it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import Collector, os_reason

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_file_bytes() -> int:
    value = os.environ.get("LIANXI_MAX_FILE_MB")
    if value:
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            pass
    return DEFAULT_MAX_BYTES


def present(path: Path | str) -> bool:
    """Whether anything stands at ``path`` — a dangling or looping symlink counts (unlike exists())."""
    return os.path.lexists(path)


def real_path(path: Path | str) -> Path:
    """``path`` with every link followed as far as it goes; never raises on a link loop."""
    return Path(os.path.realpath(path))


def inside(root: Path | str, path: Path | str) -> bool:
    """Whether ``path`` (after following links) stays inside ``root``."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


_OTHER_KIND = "不是普通文件（命名管道/设备/套接字）"


def kind_problem(path: Path | str, root: Path | str | None = None, *, directory: bool = False,
                 action: str = "读取") -> str | None:
    """Why ``path`` must not be read or replaced as a data file (or directory); None when it may.

    The one check every reader (:func:`read_text`, ``store.read_document``, the meeting
    folder) and every writer (``store.atomic_write``) makes before touching a path. None
    when nothing is there (the caller decides whether that is allowed) or when it is a
    regular file (a directory with ``directory=True``), also through a symlink that stays
    inside ``root``. Otherwise a Chinese sentence: a named pipe, device or socket; a
    dangling or looping symlink; a link (of the file or of any folder between ``root``
    and it) that leaves ``root``. Only ``lstat``/``stat`` are used: nothing is opened,
    so a named pipe cannot block.
    """
    path = Path(path)
    chain = [path]
    linked = False  # whether a link was followed (then the target must be inside root)
    if root is not None:
        base = os.path.abspath(root).rstrip(os.sep) + os.sep
        full = os.path.abspath(path)
        if full.startswith(base):  # check every folder between root and the file too
            parts = Path(full[len(base):]).parts
            chain = [Path(base).joinpath(*parts[:i]) for i in range(1, len(parts))] + [path]
        else:
            linked = True
    info = None
    for step in chain:
        what = "该文件" if step is path and not directory else f"“{step.name}”"
        try:
            info = os.lstat(step)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            return f"无法{action}：{what}{_strerror(exc)}"
        if stat.S_ISLNK(info.st_mode):
            linked = True
            try:
                info = os.stat(step)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return f"{what}是循环的符号链接（链接最终指向自己），拒绝{action}"
                if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                    return f"{what}是失效的符号链接（指向的文件不存在），拒绝{action}"
                return f"无法{action}：{what}{_strerror(exc)}"
        if step is not path and not stat.S_ISDIR(info.st_mode):
            return f"{what}不是文件夹，拒绝{action}"
    if linked and root is not None and not inside(root, path):
        where = "该文件" if not directory else f"文件夹“{path.name}”"
        return f"{where}是指向数据目录之外的链接，出于安全考虑拒绝{action}"
    if directory:
        return None if stat.S_ISDIR(info.st_mode) else f"“{path.name}”不是文件夹，拒绝{action}"
    if stat.S_ISDIR(info.st_mode):
        return f"该路径是文件夹，不是文件，拒绝{action}"
    if not stat.S_ISREG(info.st_mode):
        return f"该文件{_OTHER_KIND}，拒绝{action}"
    return None


def _strerror(exc: OSError) -> str:
    return f"（{os_reason(exc)}）"


def read_text(path: Path, display: str, collector: Collector, root: Path | None = None, *,
              kind_checked: bool = False) -> str | None:
    """Read a regular file as UTF-8, reporting its kind, size, encoding and emptiness problems.

    The file is opened without blocking (``O_NONBLOCK``) and checked again on the open
    descriptor, so a named pipe or device put in its place meanwhile cannot hang the read.
    ``kind_checked``: the caller has just made the :func:`kind_problem` check.
    """
    problem = None if kind_checked else kind_problem(path, root)
    if problem is not None:
        collector.error(problem, file=display, rule="file-kind")
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        collector.error(f"无法读取文件：{os_reason(exc)}", file=display)
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            collector.error(f"该文件{_OTHER_KIND}，拒绝读取", file=display, rule="file-kind")
            return None
        limit = max_file_bytes()
        if info.st_size > limit:
            collector.error(
                f"文件过大（{_size(info.st_size)}，上限 {_size(limit)}），拒绝读取；"
                "如确需处理更大的文件，请设置环境变量 LIANXI_MAX_FILE_MB",
                file=display, rule="size-limit")
            return None
        chunks = []
        while True:
            chunk = os.read(fd, max(info.st_size + 1, 65536))
            if not chunk:
                break
            chunks.append(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        collector.error(f"无法读取文件：{os_reason(exc)}", file=display)
        return None
    finally:
        os.close(fd)
    return decode(raw, display, collector)


def _size(n: int) -> str:
    if n >= 1048576:
        mb = n / 1048576
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{n / 1024:.1f} KB"


def decode(raw: bytes, display: str, collector: Collector) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "；文件看起来是 GBK/GB18030 编码，请在编辑器中另存为 UTF-8"
        except UnicodeDecodeError:
            pass
        collector.error(f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）{hint}",
                        file=display, line=line, column=column, rule="encoding")
        return None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        collector.error("文件为空（没有任何数据）", file=display, line=1, column=1, rule="empty")
        return None
    return text
