"""Crash safety of writing commands: kill -9 at any moment loses nothing and leaves no debris.

The harness runs a writing command as a real process (``sys.executable -m lianxi …``) and
kills it with SIGKILL

* at each phase of an atomic write — ``LIANXI_FAULT=kill:<phase>:<n>`` makes
  ``store.atomic_write`` kill its own process after the temp file is created, half-written,
  just before the rename and just after it, of the n-th file written;
* at random moments — ``LIANXI_FAULT=delay:<s>`` slows every phase and the test sends
  SIGKILL after a random sleep;

then asserts that every file is either its old or its new content (the whole directory,
for commands that write one file), that the directory validates, and that the next
write — which takes the lock — leaves the new state and no ``.*.tmp`` file behind.

To cover a new writing command, add one ``WriteCase`` line to ``WRITERS``.
"""

from __future__ import annotations

import errno
import os
import random
import re
import runpy
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

import crash_writer
from lianxi import store
from lianxi.errors import DataError
from lianxi.store import bundled_dir

TESTS = Path(__file__).resolve().parent
WRITER_SCRIPT = TESTS / "crash_writer.py"
PHASES = ("temp-created", "half-written", "before-rename", "after-rename")
TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
RANDOM_KILLS = int(os.environ.get("LIANXI_CRASH_KILLS", "3"))
SEED = int(os.environ.get("LIANXI_CRASH_SEED", str(int(time.time()))))
COUNTS = {"kills": 0, "old": 0, "new": 0, "partial": 0, "debris": 0}


def _no_schema(root: Path) -> None:
    shutil.rmtree(root / ".schema", ignore_errors=True)


@dataclass
class WriteCase:
    """One writing command: ``argv(data_dir)`` is what follows ``sys.executable``."""

    name: str
    argv: Callable[[Path], list[str]]
    setup: Optional[Callable[[Path], None]] = None
    files_written: int = 1  # atomic writes the command makes (the kill points are per write)
    single_file: bool = True  # whole directory old-or-new; else each file old-or-new
    idempotent: bool = False  # running it again on the new state changes nothing


def lianxi(*args: str) -> Callable[[Path], list[str]]:
    """argv for ``python -m lianxi ARGS --data DIR``."""
    return lambda d: ["-m", "lianxi", *args, "--data", str(d)]


# One line per writing command. The lead adds the real ones here, e.g.
#   WriteCase("succession apply", lianxi("succession", "apply", "区公安分局", "成员", "张三", ...)),
WRITERS = [
    WriteCase("schema", lianxi("schema"), setup=_no_schema, files_written=3, single_file=False,
              idempotent=True),
    WriteCase("internal writer", lambda d: [str(WRITER_SCRIPT), str(d), "甲"]),
]


# ------------------------------------------------------------------ helpers


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the directory except the lock file and temp files."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != store.LOCK_NAME and not TEMP_RE.match(path.name):
            out[str(path.relative_to(root))] = path.read_bytes()
    return out


def stray_temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if TEMP_RE.match(p.name)]


def env_with(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "LIANXI_FAULT"}
    env.update(extra)
    return env


def start(case: WriteCase, root: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *case.argv(root)], env=env_with(**extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_in_process(case: WriteCase, root: Path) -> int:
    """Run the command in this process (the retry after a crash); its exit code."""
    argv = case.argv(root)
    saved = sys.argv
    try:
        if argv[0] == "-m":
            sys.argv = [argv[1], *argv[2:]]
            runpy.run_module(argv[1], run_name="__main__", alter_sys=False)
        else:
            sys.argv = argv
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except DataError:
        return 1
    finally:
        sys.argv = saved
    return 0


def assert_old_or_new(case: WriteCase, state: dict, old: dict, new: dict, where: str) -> None:
    if case.single_file:
        assert state in (old, new), f"{case.name} @ {where}: the directory is neither the old nor the new state"
        return
    for name in set(state) | set(old) | set(new):
        assert state.get(name) in (old.get(name), new.get(name)), \
            f"{case.name} @ {where}: {name} is neither its old nor its new content"


def assert_validates(root: Path) -> None:
    from lianxi.validation import validate_dir

    problems = validate_dir(root).errors
    assert not problems, [str(p) for p in problems]


@pytest.fixture
def fresh(tmp_path):
    """Make a fresh copy of the bundled data for a case; returns (root, old state)."""
    counter = iter(range(10_000))

    def make(case: WriteCase) -> tuple[Path, dict]:
        root = tmp_path / f"data{next(counter)}"
        shutil.copytree(bundled_dir("data"), root, ignore=shutil.ignore_patterns(store.LOCK_NAME))
        if case.setup:
            case.setup(root)
        return root, snapshot(root)

    return make


def reference(case: WriteCase, make) -> tuple[dict, dict]:
    """Old and new state of a full, undisturbed run."""
    root, old = make(case)
    proc = start(case, root)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    new = snapshot(root)
    assert new != old, f"{case.name} changed nothing; the harness cannot tell old from new"
    assert not stray_temps(root)
    return old, new


def crash_and_recover(case: WriteCase, make, old: dict, new: dict, where: str,
                      kill: Callable[[subprocess.Popen], None], **extra: str) -> None:
    root, _ = make(case)
    proc = start(case, root, **extra)
    kill(proc)
    proc.communicate(timeout=60)
    COUNTS["kills"] += 1
    assert proc.returncode in (0, -signal.SIGKILL), (where, proc.returncode, proc.stderr)
    after = snapshot(root)
    assert_old_or_new(case, after, old, new, where)
    COUNTS["old" if after == old else "new" if after == new else "partial"] += 1
    COUNTS["debris"] += bool(stray_temps(root))
    assert_validates(root)  # a temp file left behind is never read as data
    # The user runs the command again: it takes the lock, clears the debris and completes.
    # (After a crash that came after the rename, a non-idempotent command may refuse or
    # apply itself a second time; either way the directory stays valid and clean.)
    code = run_in_process(case, root)
    if case.idempotent or after == old:
        assert code == 0, f"{case.name} @ {where}: the retry failed"
        assert_old_or_new(case, snapshot(root), new, new, where + " + retry")
    assert code in (0, 1)
    assert not stray_temps(root), f"{case.name} @ {where}: temp files left after the next write"
    assert_validates(root)


def _wait(proc: subprocess.Popen) -> None:
    proc.wait(timeout=60)


# ------------------------------------------------------------------ tests


@pytest.mark.parametrize("case", WRITERS, ids=lambda c: c.name)
def test_kill_at_every_phase_of_a_write(case, fresh):
    old, new = reference(case, fresh)
    points = [(phase, 1) for phase in PHASES]
    if case.files_written > 1:  # and in the middle of the last file
        points += [("half-written", case.files_written), ("before-rename", case.files_written)]
    for phase, n in points:
        crash_and_recover(case, fresh, old, new, f"kill:{phase}:{n}", _wait,
                          LIANXI_FAULT=f"kill:{phase}:{n}")


def _random_kills(case: WriteCase, make, count: int) -> None:
    started = time.monotonic()
    old, new = reference(case, make)
    plain = time.monotonic() - started  # start-up and the write at full speed
    rng = random.Random(f"{SEED}-{case.name}")
    delay = 0.03
    # the window: interpreter start-up plus four slowed phases per file; kills aim at the write
    started = time.monotonic()
    root, _ = make(case)
    probe = start(case, root, LIANXI_FAULT=f"delay:{delay}")
    probe.communicate(timeout=60)
    window = time.monotonic() - started
    for _ in range(count):
        moment = rng.uniform(min(plain * 0.7, window * 0.5), window)

        def kill(proc: subprocess.Popen, moment=moment) -> None:
            time.sleep(moment)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)

        crash_and_recover(case, make, old, new, f"SIGKILL after {moment:.3f}s (seed {SEED})", kill,
                          LIANXI_FAULT=f"delay:{delay}")


@pytest.mark.parametrize("case", WRITERS, ids=lambda c: c.name)
def test_kill_at_random_moments(case, fresh):
    _random_kills(case, fresh, RANDOM_KILLS)


@pytest.mark.fuzz
@pytest.mark.parametrize("case", WRITERS, ids=lambda c: c.name)
def test_kill_at_many_random_moments(case, fresh):
    _random_kills(case, fresh, int(os.environ.get("LIANXI_CRASH_LONG", "40")))


def test_eight_concurrent_writers_all_land(data_dir):
    procs = [subprocess.Popen([sys.executable, str(WRITER_SCRIPT), str(data_dir), str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(8)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    text = (data_dir / "members.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "测试别名" in ln)
    for i in range(8):
        assert f"测试别名{i}" in line, line
    assert line.count("测试别名") == 8
    assert not stray_temps(data_dir)
    assert_validates(data_dir)


def test_stray_temp_files_are_ignored_and_then_cleared(data_dir, run):
    junk = data_dir / ".members.yaml.abcd1234.tmp"
    junk.write_text("这不是 YAML: [", encoding="utf-8")
    sub = data_dir / "meetings"
    sub.mkdir(exist_ok=True)  # the bundled data has meetings/
    (sub / ".2027-01.yaml.zz99yy88.tmp").write_text("", encoding="utf-8")
    keep = data_dir / "notes.tmp"  # not a name atomic_write makes: never touched
    keep.write_text("用户自己的文件", encoding="utf-8")
    assert run("validate", "--data", data_dir).exit_code == 0
    assert run("roster", "--data", data_dir).exit_code == 0
    crash_writer.write(data_dir, "乙")
    assert not stray_temps(data_dir)
    assert keep.exists()


# ---- a full disk and a read-only directory: a clear error, nothing changed


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FullDiskFile:
    """A file object whose writes fail once a few bytes have gone out, like a full disk."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_full_disk_changes_nothing(data_dir, monkeypatch, where):
    before = snapshot(data_dir)
    if where == "fsync":
        monkeypatch.setattr(store.os, "fsync", _enospc)
    else:
        real_fdopen = os.fdopen
        monkeypatch.setattr(store.os, "fdopen", lambda *a, **k: _FullDiskFile(real_fdopen(*a, **k)))
    with pytest.raises(DataError, match="磁盘空间不足.*未做任何修改"):
        crash_writer.write(data_dir, "丙")
    monkeypatch.undo()
    assert snapshot(data_dir) == before
    assert not stray_temps(data_dir)


def test_full_disk_through_the_cli(data_dir, run, monkeypatch):
    before = snapshot(data_dir)
    monkeypatch.setattr(store.os, "fsync", _enospc)
    result = run("schema", "--data", data_dir)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.stderr and "未做任何修改" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(data_dir) == before
    assert not stray_temps(data_dir)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_directory_simulated(data_dir, run, monkeypatch, code):
    before = snapshot(data_dir)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store.tempfile, "mkstemp", refuse)
    with pytest.raises(DataError, match="没有写入权限.*未做任何修改"):
        crash_writer.write(data_dir, "丁")
    result = run("schema", "--data", data_dir)
    monkeypatch.undo()
    assert result.exit_code == 1 and "没有写入权限" in result.stderr
    assert snapshot(data_dir) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_directory_for_real(data_dir, run):
    before = snapshot(data_dir)
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        result = run("schema", "--data", data_dir)
        assert result.exit_code == 1 and "没有写入权限" in result.stderr
        with pytest.raises(DataError, match="没有写入权限"):
            crash_writer.write(data_dir, "戊")
    finally:
        for path in [data_dir, *data_dir.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert snapshot(data_dir) == before


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    c = COUNTS
    sys.stdout.write(f"\n[crash] 强行终止（SIGKILL）{c['kills']} 次：之后为旧状态 {c['old']} 次、新状态 {c['new']} 次、"
                     f"部分文件已更新 {c['partial']} 次，留下临时文件 {c['debris']} 次；随机种子 {SEED}\n")
