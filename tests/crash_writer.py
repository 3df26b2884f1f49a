"""A minimal writer following the lianxi write protocol, for the crash-safety tests.

``python tests/crash_writer.py DATA_DIR TAG`` adds the alias ``测试别名TAG`` to the first
unit of ``members.yaml``: take the lock, read, edit the text, re-validate, write atomically.
It is the shape every writing command has; tests kill it at every stage of the write.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lianxi.model import MembersFile
from lianxi.store import atomic_write, check_text, data_lock


def write(root: Path, tag: str) -> None:
    path = Path(root) / "members.yaml"
    with data_lock(Path(root)):
        text = path.read_text(encoding="utf-8")
        new, count = re.subn(r"(aliases: \[[^\]\n]*)\]", lambda m: f"{m[1]}, 测试别名{tag}]", text, count=1)
        if not count:
            raise SystemExit("members.yaml 中没有 aliases 列表")
        check_text(new, path, MembersFile)
        atomic_write(path, new)


if __name__ == "__main__":
    write(Path(sys.argv[1]), sys.argv[2])
