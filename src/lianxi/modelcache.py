"""Validated models of data files, cached on disk by content, like ``__pycache__`` for data.

A query such as ``lianxi duties 公安`` needs ``members.yaml`` and ``duties.yaml`` as
validated models. Parsing them is quick; what costs is the machinery — importing
PyYAML and building the pydantic validators — on every run. So a model validated from
a file's text is kept in ``~/.cache/lianxi/models/`` (``$XDG_CACHE_HOME``), under a key
that covers everything the result depends on:

* the exact text of the file (a hash of it — the file is read on every run anyway, so
  an edit, however small or fast, is a different key; nothing relies on timestamps);
* the model (module and class), the lianxi and pydantic versions, and the size and
  modification time of the source file that defines the model (an edited model in a
  development checkout is a different key too).

Only valid results are stored; a file with problems is parsed and reported as always.
The cache is best effort: an entry that cannot be read, unpickled, or is not an
instance of the model is ignored (and replaced), a directory that cannot be written
only costs speed. Entries are pickles written by lianxi itself in the user's own cache
directory — the same trust as Python's own ``__pycache__``; ``LIANXI_NO_CACHE=1`` turns
the cache off.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

CACHE_VERSION = 1
MAX_ENTRIES = 64  # a few data directories' worth; older entries are removed


def enabled() -> bool:
    return not os.environ.get("LIANXI_NO_CACHE")


def cache_root() -> Path:
    """lianxi's one cache folder, ``$XDG_CACHE_HOME/lianxi`` (``~/.cache/lianxi``): models, pinyin,
    compiled templates and the who index each keep their entries below it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lianxi"


def directory() -> Path:
    return cache_root() / "models"


def key(text: str, model: type) -> str:
    try:  # the C module behind hashlib.blake2b, without importing OpenSSL's hashlib backend
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python implementation
        from hashlib import blake2b

    from . import __version__

    source = getattr(sys.modules.get(model.__module__), "__file__", None) or ""
    try:
        stat = os.stat(source)
        code = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        code = "?"
    pydantic = sys.modules.get("pydantic")
    header = "\0".join((str(CACHE_VERSION), __version__, getattr(pydantic, "VERSION", "?"),
                        model.__module__, model.__qualname__, source, code))
    digest = blake2b(header.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass"),
                             digest_size=20)
    return digest.hexdigest()


def get(entry: str, model: type) -> Optional[Any]:
    if not enabled():
        return None
    try:
        with open(directory() / f"{entry}.pickle", "rb") as handle:
            try:  # the C unpickler alone; the pickle module around it is not needed to load
                from _pickle import load
            except ImportError:  # pragma: no cover - another Python implementation
                from pickle import load
            value = load(handle)
    except Exception:  # noqa: BLE001 - a missing or unreadable entry is a cache miss
        return None
    return value if type(value) is model else None


def put(entry: str, value: Any) -> None:
    """Store ``value`` under ``entry``: temp file + rename, so a reader never sees half an entry."""
    if not enabled():
        return
    import pickle

    folder = directory()
    tmp = folder / f".{entry}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(tmp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{entry}.pickle")
        _trim(folder)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs speed
        try:
            tmp.unlink()
        except OSError:
            pass


def _trim(folder: Path) -> None:
    entries = list(folder.glob("*.pickle"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[:-MAX_ENTRIES]:
        try:
            old.unlink()
        except OSError:
            pass
