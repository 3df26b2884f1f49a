"""The write journal: what every writing command changed, so that ``lianxi undo`` can put it back.

Every command that writes takes :func:`lianxi.store.data_lock`; while the lock is held a
:class:`Recorder` is open for the directory, and :func:`lianxi.store.atomic_write` (and
:func:`lianxi.store.remove_file`) report each file to it *before* the file is replaced. So
every writer, present or future, is journaled without knowing it.

Layout, inside the data directory (git-ignored by the ``.gitignore`` that ``lianxi init`` writes)::

    .lianxi/journal/000001.json       one entry per command
    .lianxi/journal/objects/<sha256>   the contents of a file before or after, stored once

An entry: ``id``, ``time``, ``command`` (the command line), ``kind`` (``command``, ``undo`` or
``redo``), ``reverts`` (the entries an undo or redo took back), ``finished`` and ``files``:
for each path (relative to the data directory) the sha256 of its bytes ``before`` and
``after`` the command, ``null`` for "did not exist".

Crash safety (kill -9 at any moment): the contents are stored, then the entry is written
(temp file, fsync, rename) *before* each data file is replaced; so a crash leaves either no
entry and no change, or a complete entry, each of whose files is at its ``before`` or its
``after`` state. ``finished`` becomes true when the lock is released. The next command to take
the lock settles an entry left unfinished by a crash (:func:`settle_interrupted`): the files
still at their ``before`` state are dropped from it (they never changed), an entry left with
none is deleted (so a killed ``undo`` hides nothing and can simply be run again), and any other
is marked finished and ``interrupted`` (shown by ``lianxi history`` as 中断; undoing it
restores the files it did change).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from .errors import DataError

JOURNAL_DIR = Path(".lianxi") / "journal"
OBJECTS = "objects"

# The command line of the running command (set by the CLI; a script's own argv otherwise).
_COMMAND: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("lianxi_command_line", default=None)


def _quote(arg: str) -> str:
    """An argument as typed in a shell: quoted only when it must be (Chinese stays readable)."""
    import re
    import shlex

    return arg if arg and re.fullmatch(r"[^\s'\"\\$`;&|<>()*?!#~{}\[\]]+", arg) else shlex.quote(arg)


def set_command_line(args: list[str]) -> contextvars.Token:
    return _COMMAND.set(" ".join(["lianxi", *(_quote(str(a)) for a in args)]))


def command_line() -> str:
    import sys

    return _COMMAND.get() or " ".join(_quote(a) for a in sys.argv)


def digest(data: Optional[bytes]) -> Optional[str]:
    import hashlib

    return None if data is None else hashlib.sha256(data).hexdigest()


def journal_dir(root: Path) -> Path:
    return Path(root) / JOURNAL_DIR


def _write_file(path: Path, data: bytes, fault=None) -> None:
    """Write ``data`` to ``path`` atomically (temp file named as store's, fsync, rename)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
        if fault is not None:
            fault("journal-written")
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def now() -> dt.datetime:
    from .dates import now as clock

    return clock()


@dataclass
class Recorder:
    """The journal entry of the command holding the lock on ``root``."""

    root: Path
    kind: str = "command"
    reverts: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # relative path → {"before": sha|None, "after": sha|None}
    entry_id: Optional[int] = None
    time: str = ""
    fault: Optional[Callable[[str], None]] = None  # store's crash-test seam
    keep_empty: bool = False  # an undo that found the files restored already is recorded all the same

    def relative(self, path: Path) -> Optional[str]:
        from .textfile import real_path

        try:
            rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root))
        except ValueError:
            try:
                rel = real_path(path).relative_to(real_path(self.root))
            except ValueError:
                return None
        if rel.parts and rel.parts[0] == ".lianxi":
            return None
        return rel.as_posix()

    def record(self, path: Path, before: Optional[bytes], after: Optional[bytes]) -> None:
        """Before ``path`` changes from ``before`` to ``after``: store both and write the entry
        (an OSError means nothing of it may be trusted: the caller writes nothing)."""
        rel = self.relative(path)
        if rel is None:
            return
        for data in (before, after):
            self._store(data)
        known = self.files.get(rel)
        self.files[rel] = {"before": known["before"] if known else digest(before), "after": digest(after)}
        self._write(finished=False)

    def _store(self, data: Optional[bytes]) -> None:
        if data is None:
            return
        path = journal_dir(self.root) / OBJECTS / digest(data)
        if not path.exists():
            _write_file(path, data, self.fault)

    def _write(self, finished: bool) -> None:
        if self.entry_id is None:
            self.entry_id = next_id(self.root)
            self.time = now().isoformat(timespec="seconds")
        import json

        entry = {"id": self.entry_id, "time": self.time, "command": command_line(), "kind": self.kind,
                 "reverts": self.reverts, "finished": finished, "files": self.files}
        text = json.dumps(entry, ensure_ascii=False, indent=1) + "\n"
        _write_file(entry_path(self.root, self.entry_id), text.encode("utf-8"), self.fault)

    def finish(self) -> None:
        """The lock is released: drop files that did not change after all, mark the entry finished."""
        if self.entry_id is None and not self.keep_empty:
            return
        with contextlib.suppress(OSError):
            for rel, change in list(self.files.items()):
                current = current_bytes(self.root / rel)
                if digest(current) == change["before"] and change["before"] != change["after"]:
                    del self.files[rel]  # the write never happened (it failed, nothing changed)
                elif change["before"] == change["after"]:
                    del self.files[rel]
            if not self.files and not self.keep_empty:
                entry_path(self.root, self.entry_id).unlink()
                return
            self._write(finished=True)


_ACTIVE: contextvars.ContextVar[Optional[Recorder]] = contextvars.ContextVar("lianxi_journal", default=None)


def active(root: Optional[Path] = None) -> Optional[Recorder]:
    recorder = _ACTIVE.get()
    if recorder is None or root is None:
        return recorder
    from .textfile import real_path

    return recorder if real_path(recorder.root) == real_path(root) else None


@contextlib.contextmanager
def recording(root: Path, fault: Optional[Callable[[str], None]] = None) -> Iterator[Recorder]:
    """Journal every write into ``root`` until the block ends (store.data_lock opens it)."""
    recorder = Recorder(Path(root), fault=fault)
    token = _ACTIVE.set(recorder)
    try:
        yield recorder
    finally:
        _ACTIVE.reset(token)
        recorder.finish()


@contextlib.contextmanager
def as_kind(kind: str, reverts: list) -> Iterator[None]:
    """Within a data_lock: mark its entry as an undo or redo of ``reverts``; when the block
    completes, the entry is kept even if no file needed restoring (the entries are taken back)."""
    recorder = _ACTIVE.get()
    if recorder is not None:
        recorder.kind, recorder.reverts = kind, list(reverts)
    yield
    if recorder is not None:
        recorder.keep_empty = True


def settle_interrupted(root: Path) -> None:
    """Under the lock, before a new entry: settle the newest entry if a crash left it unfinished
    (every command settles its predecessor's, so only the newest can be)."""
    import json

    ids = _ids(root)
    if not ids:
        return
    path = entry_path(root, ids[-1])
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("finished", True):
            return
        changed = {rel: c for rel, c in dict(raw["files"]).items()
                   if digest(current_bytes(Path(root) / rel)) != c["before"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # a damaged entry is reported by whoever reads the journal
    if not changed:
        path.unlink()
        return
    raw.update(files=changed, finished=True, interrupted=True)
    _write_file(path, (json.dumps(raw, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def current_bytes(path: Path) -> Optional[bytes]:
    try:
        if os.path.islink(path) or not path.is_file():
            return None
        return path.read_bytes()
    except OSError:
        return None


# ------------------------------------------------------------------ reading the journal


def entry_path(root: Path, entry_id: int) -> Path:
    return journal_dir(root) / f"{entry_id:06d}.json"


def _ids(root: Path) -> list[int]:
    try:
        names = os.listdir(journal_dir(root))
    except OSError:
        return []
    return sorted(int(n[:-5]) for n in names if n.endswith(".json") and n[:-5].isdigit())


def next_id(root: Path) -> int:
    ids = _ids(root)
    return (ids[-1] + 1) if ids else 1


@dataclass
class Entry:
    id: int
    time: str
    command: str
    kind: str
    reverts: list
    finished: bool
    files: dict
    interrupted: bool = False  # finished by the next command after a crash (settle_interrupted)

    def summary(self) -> str:
        made = [p for p, c in self.files.items() if c["before"] is None]
        gone = [p for p, c in self.files.items() if c["after"] is None and c["before"] is not None]
        changed = [p for p in self.files if p not in made and p not in gone]
        parts = []
        if self.kind == "undo":
            parts.append("撤销第 " + "、".join(str(i) for i in self.reverts) + " 条")
        elif self.kind == "redo":
            parts.append("恢复第 " + "、".join(str(i) for i in self.reverts) + " 条撤销前的状态")
        for label, names in (("新建", made), ("修改", changed), ("删除", gone)):
            if names:
                parts.append(f"{label} {len(names)} 个文件")
        if not self.finished or self.interrupted:
            parts.append("命令中断，未完成")
        return "；".join(parts)

    def to_json(self) -> dict:
        return {"id": self.id, "time": self.time, "command": self.command, "kind": self.kind,
                "reverts": self.reverts, "finished": self.finished, "interrupted": self.interrupted,
                "summary": self.summary(),
                "files": [{"path": p, "change": _change(c)} for p, c in self.files.items()]}


def _change(change: dict) -> str:
    if change["before"] is None:
        return "created"
    if change["after"] is None:
        return "deleted"
    return "modified"


def entries(root: Path) -> list[Entry]:
    """Every entry of the journal, oldest first (an unreadable entry is a data problem)."""
    import json

    out = []
    for entry_id in _ids(root):
        path = entry_path(root, entry_id)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            out.append(Entry(raw["id"], raw["time"], raw["command"], raw["kind"], list(raw.get("reverts", [])),
                             bool(raw.get("finished")), dict(raw["files"]), bool(raw.get("interrupted"))))
        except (OSError, ValueError, KeyError, TypeError):
            raise DataError(f"操作记录 {path} 无法读取（已损坏？），未做任何修改",
                            hint="可删除这一个文件后重试；其余记录不受影响。") from None
    return out


def reverted_ids(all_entries: list[Entry]) -> set[int]:
    return {i for e in all_entries for i in e.reverts}


def undoable(all_entries: list[Entry]) -> list[Entry]:
    """Entries ``undo`` may take back, newest last: commands and redos not yet reverted."""
    gone = reverted_ids(all_entries)
    return [e for e in all_entries if e.kind in ("command", "redo") and e.id not in gone]


def redoable(all_entries: list[Entry]) -> list[Entry]:
    """Undo entries ``redo`` may take back (newest last): those not yet reverted."""
    gone = reverted_ids(all_entries)
    return [e for e in all_entries if e.kind == "undo" and e.id not in gone]
