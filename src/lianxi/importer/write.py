"""Writing a new data directory: refuse to clobber, stage, validate, then write atomically."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import DataError, DataErrors, UsageProblem
from ..store import LOCK_NAME, atomic_write, check_text, data_lock, display_path, write_error

FILES = ("members.yaml", "duties.yaml", "charter.yaml")


def check_target(out: Path, force: bool) -> None:
    """The output directory must be new or empty (``--force`` overwrites the data files)."""
    if out.exists() and not out.is_dir():
        raise UsageProblem(f"{display_path(out)} 已存在且不是目录")
    if out.is_dir() and not force:
        leftovers = [p.name for p in out.iterdir() if p.name != LOCK_NAME]
        if leftovers:
            shown = "、".join(sorted(leftovers)[:5]) + ("等" if len(leftovers) > 5 else "")
            raise UsageProblem(f"目录 {display_path(out)} 已存在且不为空（{shown}），不会覆盖。"
                               "请换一个新目录，或加 --force 覆盖其中的 members.yaml、duties.yaml、charter.yaml")


def write_data_dir(out: Path, texts: dict[str, str], force: bool) -> list[Path]:
    """Validate ``texts`` (file name → YAML) as a whole directory, then write them."""
    from ..model import FILE_MODELS
    from ..schema import write_schemas
    from ..validation import validate_dir

    check_target(out, force)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lianxi-import-", dir=parent))
    except OSError as exc:
        raise write_error(parent, exc) from None
    try:
        for name, text in texts.items():
            check_text(text, staging / name, FILE_MODELS[name])
            (staging / name).write_text(text, encoding="utf-8")
        result = validate_dir(staging)
        if result.errors:
            raise DataErrors(result.errors, hint="生成的数据未通过校验，未写入任何文件（这是 lianxi 的缺陷，请报告）。")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(out, exc) from None
    written = []
    with data_lock(out):
        for name in FILES:
            if name in texts:
                atomic_write(out / name, texts[name])
                written.append(out / name)
        try:
            written += write_schemas(out / ".schema")
        except DataError:
            raise
    return written
