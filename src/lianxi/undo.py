"""``lianxi undo`` / ``lianxi redo``: restore what the write journal (:mod:`lianxi.journal`) recorded.

Undo takes back the last N entries that are commands (or redos) not yet taken back: each of their
files is checked to be as the entry left it (its ``after`` hash; a file changed since by hand is
refused unless ``force``) and is given back its ``before`` bytes, newest entry first, under the
lock. The undo is journaled itself (kind ``undo``); redo takes back the last undo (kind ``redo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .errors import DataError, UsageProblem
from .journal import OBJECTS, as_kind, current_bytes, digest, entries, journal_dir, redoable, undoable




@dataclass
class Restore:
    kind: str  # "undo" or "redo"
    targets: list  # the entries taken back, newest first
    files: dict  # relative path → bytes to restore (None: delete)
    conflicts: list  # (path, entry id) changed since by hand
    written: bool = False


def _object(root: Path, sha: Optional[str]) -> Optional[bytes]:
    from .store import display_path

    if sha is None:
        return None
    path = journal_dir(root) / OBJECTS / sha
    try:
        data = path.read_bytes()
    except OSError:
        raise DataError(f"操作记录缺少文件内容 {display_path(path)}，无法恢复，未做任何修改") from None
    if digest(data) != sha:
        raise DataError(f"操作记录中的文件内容 {display_path(path)} 已损坏，无法恢复，未做任何修改")
    return data


def _redo_count(pool: list, count: Optional[int]) -> int:
    """How many undo entries ``redo count`` takes back: ``count`` counts the operations those undos
    took back, as ``undo count`` counts operations (``undo 3`` then ``redo 3``); None is the last undo.
    An undo is redone whole: a count that ends inside one is refused, naming the counts that fit."""
    if count is None:
        return 1
    fits, total = [], 0
    for k, entry in enumerate(reversed(pool), 1):
        total += max(len(entry.reverts), 1)
        fits.append(total)
        if total == count:
            return k
        if total > count:
            inside = entry
            break
    else:
        raise DataError(f"撤销过的只有 {total} 条操作可以恢复，不能恢复 {count} 条；未做任何修改")
    ids = "、".join(str(i) for i in inside.reverts)
    choices = "、".join(f"lianxi redo {n}" for n in fits)
    raise DataError(f"第 {inside.id} 条（lianxi undo）一次撤销了 {len(inside.reverts)} 条操作（第 {ids} 条），"
                    f"只能一起恢复，不能只恢复 {count} 条；未做任何修改",
                    hint=f"可以运行：{choices}（lianxi history 列出全部记录）")


def plan(root: Path, kind: str, count: Optional[int]) -> Restore:
    """What undoing the last ``count`` entries (or redoing undos that took back ``count``) would restore."""
    word = "撤销" if kind == "undo" else "恢复"
    if count is not None and count < 1:
        raise UsageProblem(f"要{word}的条数应不小于 1，实际是 {count}")
    all_entries = entries(root)
    pool = undoable(all_entries) if kind == "undo" else redoable(all_entries)
    if not pool:
        raise DataError("没有可以撤销的写入操作（lianxi history 列出全部记录）" if kind == "undo"
                        else "没有可以恢复的撤销操作（只有 lianxi undo 之后才能 redo）")
    if kind == "redo":
        count = _redo_count(pool, count)
    elif count is None:
        count = 1
    if count > len(pool):
        raise DataError(f"只有 {len(pool)} 条操作可以{word}，不能{word} {count} 条；未做任何修改")
    targets = list(reversed(pool[-count:]))
    state: dict[str, Optional[str]] = {}  # path → sha it has at this point of the simulation
    conflicts = []
    for entry in targets:
        for rel, change in entry.files.items():
            if rel not in state:
                state[rel] = digest(current_bytes(Path(root) / rel))
            if state[rel] != change["after"] and not (not entry.finished and state[rel] == change["before"]):
                conflicts.append((rel, entry.id))
            state[rel] = change["before"]
    files = {}
    for rel, sha in state.items():
        if digest(current_bytes(Path(root) / rel)) != sha:
            files[rel] = _object(root, sha)
    return Restore(kind, targets, files, conflicts)


def restore(root: Path, kind: str, count: Optional[int], force: bool = False) -> Restore:
    """Undo (or redo, see :func:`plan`) the last ``count`` entries under the lock; refuse on hand edits unless ``force``."""
    from .store import atomic_write, data_lock, is_dry_run, remove_file

    with data_lock(Path(root)):
        result = plan(root, kind, count)
        if result.conflicts and not force:
            shown = "、".join(f"{rel}（第 {i} 条之后）" for rel, i in result.conflicts)
            raise DataError(f"这些文件在 lianxi 写入之后又被改动过（可能是手工编辑）：{shown}；"
                            f"{'撤销' if kind == 'undo' else '恢复'}会丢掉这些改动，未做任何修改",
                            hint="确需恢复请加 --force（手工的改动将被覆盖）；lianxi history 列出全部记录。")
        with as_kind(kind, [e.id for e in result.targets]):
            for rel, data in result.files.items():
                path = Path(root) / rel
                if data is None:
                    remove_file(path, root=Path(root))
                else:
                    path.parent.mkdir(parents=True, exist_ok=True) if not is_dry_run() else None
                    atomic_write(path, data, root=Path(root))
        result.written = not is_dry_run()
    return result
