"""Writing a new data directory: refuse to clobber, stage, validate, then move into place.

The whole directory — data files, ``.schema/``, ``.gitignore`` — is built and validated in
a hidden staging directory beside the target, then renamed into place in one step, so a
new data directory appears complete or not at all, and no lock file is left in it.
``--force`` into a directory that already holds files moves each staged file over its
old one under the directory lock (and removes the lock file again if it made it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import DataErrors, UsageProblem
from ..store import LOCK_NAME, check_text, data_lock, display_path, guard_writable, journal_change, write_error

FILES = ("members.yaml", "duties.yaml", "charter.yaml")
GITIGNORE_NAME = ".gitignore"
# What a data directory under git should never commit: the writers' lock, and the temp
# files a writer killed mid-write leaves (see lianxi.store.atomic_write).
GITIGNORE = (
    "# lianxi 写入时使用的锁文件、写入被中断时留下的临时文件、操作记录（lianxi undo/history）：都不要提交\n"
    f"{LOCK_NAME}\n"
    ".*.tmp\n"
    ".lianxi/\n"
)
_NOT_COPIED = (LOCK_NAME, ".*.tmp", ".lianxi", "__pycache__", "*.pyc")


def check_target(out: Path, force: bool) -> None:
    """The output directory must be new or empty (``--force`` overwrites the data files)."""
    if out.exists() and not out.is_dir():
        raise UsageProblem(f"{display_path(out)} 已存在且不是目录")
    guard_writable(out)
    if out.is_dir() and not force:
        leftovers = [p.name for p in out.iterdir() if p.name != LOCK_NAME]
        if leftovers:
            shown = "、".join(sorted(leftovers)[:5]) + ("等" if len(leftovers) > 5 else "")
            raise UsageProblem(f"目录 {display_path(out)} 已存在且不为空（{shown}），不会覆盖。"
                               "请换一个新目录，或加 --force 覆盖其中的数据文件")


def write_data_dir(out: Path, texts: dict[str, str], force: bool, *,
                   copy_from: Optional[Path] = None, dry_run: bool = False,
                   sub: str = "", repo: Optional[dict[str, str]] = None) -> list[Path]:
    """Validate ``texts`` (file name → YAML), plus ``copy_from``'s files, as a whole directory; write it.

    The data goes into ``out / sub`` (``sub`` "" or "data"); ``repo`` (path inside ``out`` → text)
    are the data repository's own files (pre-commit, CI, editor settings), written beside the data
    but never over a file of that name already there. Returns the paths written inside ``out``
    (with ``dry_run``: that would be written; nothing is).
    """
    from ..model import FILE_MODELS
    from ..schema import SCHEMA_DIR, write_schemas
    from ..validation import validate_dir

    check_target(out, force)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lianxi-import-", dir=parent))
    except OSError as exc:
        raise write_error(parent, exc) from None
    try:
        data = staging / sub if sub else staging
        try:
            if copy_from is not None:
                shutil.copytree(copy_from, data, dirs_exist_ok=True, symlinks=False,
                                ignore=shutil.ignore_patterns(*_NOT_COPIED))
            data.mkdir(exist_ok=True)
            for name, text in texts.items():
                check_text(text, data / name, FILE_MODELS[name])
                (data / name).write_text(text, encoding="utf-8")
            if not (staging / GITIGNORE_NAME).exists():
                (staging / GITIGNORE_NAME).write_text(GITIGNORE, encoding="utf-8")
            for name, text in (repo or {}).items():
                if not (out / name).exists():  # an office's own pre-commit or CI file is kept
                    (staging / name).parent.mkdir(parents=True, exist_ok=True)
                    (staging / name).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise write_error(out, exc) from None
        result = validate_dir(data)
        if result.errors:
            raise DataErrors(result.errors, hint="生成的数据未通过校验，未写入任何文件（这是 lianxi 的缺陷，请报告）。")
        if copy_from is None:
            write_schemas(data / SCHEMA_DIR)
        if dry_run:
            return [out / p.relative_to(staging) for p in sorted(staging.rglob("*")) if p.is_file()]
        return _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, out: Path) -> list[Path]:
    names = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp made it private
        if not out.exists() or not any(out.iterdir()):
            if out.exists():
                out.rmdir()
            os.rename(staging, out)
        else:
            lock = out / LOCK_NAME
            made_lock = not lock.exists()
            with data_lock(out):
                for name in names:
                    if str(name) == GITIGNORE_NAME and (out / name).exists():
                        _extend_gitignore(out / name)
                        continue
                    (out / name).parent.mkdir(parents=True, exist_ok=True)
                    journal_change(out / name, (staging / name).read_bytes())  # lianxi undo can restore it
                    os.replace(staging / name, out / name)
                if made_lock:
                    lock.unlink()
    except OSError as exc:
        raise write_error(out, exc) from None
    return [out / name for name in names]


def _extend_gitignore(path: Path) -> None:
    """Add the lines of :data:`GITIGNORE` that an existing ``.gitignore`` lacks (its own lines kept)."""
    from ..store import atomic_write

    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in GITIGNORE.splitlines() if not line.startswith("#") and line not in have]
    if missing:
        atomic_write(path, text + ("" if text.endswith("\n") or not text else "\n") + "\n".join(missing) + "\n")
