"""Writing a built site into its output folder, and nothing outside it.

The folder must be new, empty, a site lianxi built before (it holds :data:`MARKER`, the list
of the files it wrote), or — with ``--force`` — any other folder, whose contents are then
replaced. A previous site loses exactly the files it had that the new build has not; files
someone put beside it stay. Never a data directory, inside one or holding one
(:func:`lianxi.store.check_output_dir`), never over a ``.git``. Each file is written with
:func:`lianxi.store.atomic_write`; ``dry_run`` only computes the plan.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageProblem

MARKER = ".lianxi-site"
MARKER_HEAD = "# lianxi site build 生成的文件（重新生成网站时据此替换；请勿手工修改）\n"


@dataclass
class Plan:
    out: Path
    written: list[tuple[str, int, str]] = field(default_factory=list)  # (path, bytes, 新建/更新/不变)
    removed: list[str] = field(default_factory=list)
    previous: bool = False  # the folder held a site built before
    dry_run: bool = False

    @property
    def changed(self) -> int:
        return sum(1 for _, _, state in self.written if state != "不变") + len(self.removed)


def _previous_files(out: Path) -> list[str] | None:
    marker = out / MARKER
    if not marker.is_file():
        return None
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _inside(out: Path, rel: str) -> bool:
    target = Path(os.path.normpath(out / rel))
    return not Path(rel).is_absolute() and out.resolve() in target.resolve().parents


def plan_site(files: dict[str, bytes], out: Path, *, data_roots=(), force: bool = False) -> Plan:
    from ..store import check_output_dir, display_path

    out = check_output_dir(out, list(data_roots))
    plan = Plan(out)
    existing = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    previous = _previous_files(out) if existing else None
    if previous is not None:
        plan.previous = True
        plan.removed = sorted(rel for rel in previous
                              if rel not in files and rel != MARKER and _inside(out, rel) and (out / rel).is_file())
    elif existing:
        if not force:
            shown = "、".join(existing[:5]) + ("等" if len(existing) > 5 else "")
            raise UsageProblem(f"目录 {display_path(out)} 已存在且不为空（{shown}），也不是 lianxi 生成的网站，不会写入。"
                               "请换一个新目录，或加 --force 用网站替换其中的全部内容")
        for below, dirs, names in os.walk(out):
            if ".git" in dirs or ".git" in names or "members.yaml" in names:
                raise UsageProblem(f"目录 {display_path(out)} 中有 Git 仓库或数据目录（{display_path(Path(below))}），"
                                   "即使加 --force 也不会替换；请换一个输出目录")
        plan.removed = sorted(str((Path(below) / name).relative_to(out)) for below, dirs, names in os.walk(out)
                              for name in names + [d for d in dirs if (Path(below) / d).is_symlink()])
    for rel, data in sorted(files.items()):
        target = out / rel
        if target.is_file():
            state = "不变" if target.read_bytes() == data else "更新"
        else:
            state = "新建"
        plan.written.append((rel, len(data), state))
    return plan


def write_site(files: dict[str, bytes], out: Path, *, data_roots=(), force: bool = False,
               dry_run: bool = False) -> Plan:
    """Write ``files`` ({path in the site: bytes}) into ``out``; return what was (or would be) done."""
    from ..store import atomic_write

    files = dict(files)
    files[MARKER] = (MARKER_HEAD + "".join(f"{rel}\n" for rel in sorted(files))).encode("utf-8")
    plan = plan_site(files, Path(out), data_roots=data_roots, force=force)
    plan.dry_run = dry_run
    if dry_run:
        return plan
    out = plan.out
    if not plan.previous:  # new, empty, or --force over a folder that is not a site: replace its contents
        for child in sorted(out.iterdir()) if out.is_dir() else []:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)  # never follows a link out of the folder
            else:
                child.unlink()
    else:
        for rel in plan.removed:
            (out / rel).unlink()
    out.mkdir(exist_ok=True)
    for rel, _, state in plan.written:
        if state == "不变":
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, files[rel], keep_style=False)
    if plan.previous:
        _prune_empty(out)
    return plan


def _prune_empty(out: Path) -> None:
    """Remove the folders a previous site left empty (deepest first)."""
    for below, _, _ in os.walk(out, topdown=False):
        path = Path(below)
        if path != out and not any(path.iterdir()):
            path.rmdir()
