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

Budget: the normal run kills each command at one write phase (rotating, so that every phase
is hit by several commands; between the two files of a two-file writer always) and at one
random moment, and runs 8 concurrent writers of two commands (report add, minutes agree). ``LIANXI_CRASH_FULL=1``
(or ``pytest -m fuzz``) runs the full matrix: every phase of every file written, several
random moments, 8 concurrent writers for every command where that makes sense.
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
FULL = bool(os.environ.get("LIANXI_CRASH_FULL"))
RANDOM_KILLS = int(os.environ.get("LIANXI_CRASH_KILLS", "3" if FULL else "1"))
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


def _cli(*args: str):
    """Run lianxi in this process (for a case's setup); it must succeed."""
    from typer.testing import CliRunner

    from lianxi.cli import app

    def run(root: Path) -> None:
        result = CliRunner().invoke(app, [*args, "--data", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    return run


REAL = "2026-03-16-plenary"


def _real_meeting(status: str, *, waiting: tuple[str, ...] = (), contact: bool = False):
    """Setup: a real (non-example) copy of the bundled meeting, dated 2026-03-16, its minutes
    ``status``; the units ``waiting`` have not agreed yet; ``contact`` fills documents.yaml's
    contact so that a final notice has no placeholder."""

    def setup(root: Path) -> None:
        source = root / "meetings" / "2026-09-15-plenary.yaml"
        text = source.read_text(encoding="utf-8")
        for old, new in [("example: true", "example: false"), ("date: 2026-09-15", "date: 2026-03-16"),
                         ("status: issued", f"status: {status}"), ("  number: 1\n  date: 2026-09-22\n", ""),
                         ("2026-09-11", "2026-03-12"), ("deadline: 2026-09-30", "deadline: 2026-06-30"),
                         ("2026-09-18", "2026-03-18")]:
            assert old in text, old
            text = text.replace(old, new)
        for unit in waiting:
            line = f"    - {{unit: {unit}, date: 2026-03-18}}\n"
            assert line in text
            text = text.replace(line, "")
        text = "\n".join(line for line in text.split("\n") if not line.startswith("# 示例"))
        (root / "meetings" / f"{REAL}.yaml").write_text(text, encoding="utf-8")
        if contact:
            documents = root / "documents.yaml"
            text = documents.read_text(encoding="utf-8")
            old = "contact:\n  name: unknown\n  phone: unknown\n"
            assert old in text
            documents.write_text(text.replace(old, 'contact:\n  name: 陈宗忠\n  phone: "0595-87000000"\n'),
                                 encoding="utf-8")

    return setup


def _both(*setups):
    def setup(root: Path) -> None:
        for one in setups:
            one(root)

    return setup


_ALERT = _cli("alert", "add", "--level", "较重", "--units", "市场监管局,消防", "--text", "部分托育机构消防通道堵塞",
              "--date", "2026-11-25")
# held before the suite's today (2026-11-29): minutes are drafted after the meeting
_MEETING = _cli("meeting", "new", "--type", "liaison", "--date", "2026-11-17", "--time", "09:00",
                "--place", "区卫健局三楼会议室", "--agenda", "通报全区婴幼儿照护服务工作情况")

# One line per writing command (the argv is what follows ``sys.executable``).
WRITERS = [
    WriteCase("schema", lianxi("schema"), setup=_no_schema, files_written=3, single_file=False,
              idempotent=True),
    WriteCase("internal writer", lambda d: [str(WRITER_SCRIPT), str(d), "甲"]),
    WriteCase("succession apply", lianxi("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长",
                                         "--date", "2026-12-01"), idempotent=True),
    WriteCase("liaison set", lianxi("liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321"),
              idempotent=True),
    WriteCase("meeting new", lianxi("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
                                    "--place", "区卫健局三楼会议室", "--agenda", "通报全区婴幼儿照护服务工作情况")),
    WriteCase("minutes new", lianxi("minutes", "new", "2026-11-17"), setup=_MEETING),
    WriteCase("minutes agree", lianxi("minutes", "agree", REAL, "公安", "--date", "2026-03-20"),
              setup=_real_meeting("draft", waiting=("gongan",)), idempotent=True),
    WriteCase("report add", lianxi("report", "add", "公安", "--task", f"{REAL}/1", "--status", "进行中",
                                   "--text", "已完成辖区托育机构治安检查"), setup=_real_meeting("agreed")),
    WriteCase("alert add", lianxi("alert", "add", "--level", "一般", "--units", "公安",
                                  "--text", "节假日托育机构周边治安")),
    WriteCase("alert close", lianxi("alert", "close", "2026-01", "--note", "已全部整改到位"), setup=_ALERT),
    WriteCase("who learn", lianxi("who", "learn", "托育园的饮用水归谁管", "卫健")),
    WriteCase("group new", lianxi("group", "new", "--lead", "卫健", "--units", "市场监管局,消防", "--purpose",
                                  "对全区托育机构开展联合检查", "--from", "2026-12-01", "--to", "2026-12-31")),
    WriteCase("meeting edit", lianxi("meeting", "edit", "2026-11-17-liaison", "--time", "09:30"), setup=_MEETING,
              idempotent=True),
    WriteCase("minutes matter add", lianxi("minutes", "matter", "add", "2026-11-17-liaison", "--title", "关于联合检查",
                                           "--text", "会议议定开展联合检查", "--lead", "区消防救援大队",
                                           "--deadline", "2027-06-30"),
              setup=_both(_MEETING, _cli("minutes", "new", "2026-11-17"))),
    WriteCase("succession vacate", lianxi("succession", "vacate", "公安", "--date", "2026-11-30", "--reason", "退休"),
              idempotent=True),
    WriteCase("member add", lianxi("member", "add", "区应急管理局", "--alias", "应急管理局,应急局")),
    # undo restores the files the setup's command wrote (members.yaml), from the journal
    WriteCase("undo", lianxi("undo"), setup=_cli("succession", "apply", "公安", "--name", "李明", "--post",
                                                "区公安分局副局长", "--date", "2026-11-01")),
    # these two write the register, then the meeting file; issuing again after a crash resumes
    # with the number already registered, so the retry always ends in the new state
    WriteCase("notice --final", lianxi("notice", REAL, "--final", "-o", "-"), setup=_real_meeting("agreed", contact=True),
              files_written=2, single_file=False, idempotent=True),
    WriteCase("minutes render --final", lianxi("minutes", "render", REAL, "--final", "-o", "-"),
              setup=_real_meeting("agreed"), files_written=2, single_file=False, idempotent=True),
]


# ------------------------------------------------------------------ helpers


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the directory except the lock file, temp files and the write journal
    (checked on its own: see check_journal)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.relative_to(root).parts[0] == ".lianxi":
            continue
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


_REFERENCES: dict[str, tuple[dict, dict, float]] = {}


def reference(case: WriteCase, make) -> tuple[dict, dict]:
    """Old and new state of a full, undisturbed run (once per command and test session)."""
    if case.name not in _REFERENCES:
        root, old = make(case)
        started = time.monotonic()
        proc = start(case, root)
        out, err = proc.communicate(timeout=60)
        elapsed = time.monotonic() - started
        assert proc.returncode == 0, err
        new = snapshot(root)
        assert new != old, f"{case.name} changed nothing; the harness cannot tell old from new"
        assert not stray_temps(root)
        _REFERENCES[case.name] = (old, new, elapsed)
    old, new, _ = _REFERENCES[case.name]
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


def kill_points(case: WriteCase) -> list[tuple[str, int]]:
    """Every phase of every file the command writes."""
    return [(phase, n) for n in range(1, case.files_written + 1) for phase in PHASES]


def sampled_points(case: WriteCase) -> list[tuple[str, int]]:
    """The normal run's sample: one phase per command, rotating over the list of writers,
    plus the moment between the two files of a two-file writer."""
    index = WRITERS.index(case)
    points = [(PHASES[index % len(PHASES)], 1)]
    if case.files_written > 1:
        points.append(("after-rename", 1))
        points.append((PHASES[(index + 2) % len(PHASES)], case.files_written))
    return list(dict.fromkeys(points))


def _kill_at(case: WriteCase, make, points) -> None:
    old, new = reference(case, make)
    for phase, n in points:
        crash_and_recover(case, make, old, new, f"kill:{phase}:{n}", _wait, LIANXI_FAULT=f"kill:{phase}:{n}")


@pytest.mark.parametrize("case", WRITERS, ids=lambda c: c.name)
def test_kill_at_every_phase_of_a_write(case, fresh):
    _kill_at(case, fresh, kill_points(case) if FULL else sampled_points(case))


@pytest.mark.fuzz
@pytest.mark.parametrize("case", WRITERS, ids=lambda c: c.name)
def test_kill_at_every_phase_full_matrix(case, fresh):
    _kill_at(case, fresh, kill_points(case))


def _random_kills(case: WriteCase, make, count: int) -> None:
    old, new = reference(case, make)
    plain = _REFERENCES[case.name][2]  # start-up and the write at full speed
    rng = random.Random(f"{SEED}-{case.name}")
    delay = 0.03
    # the window: start-up plus four slowed phases per file written; kills aim at the write
    window = plain + 4 * delay * case.files_written + 0.05
    for _ in range(count):
        moment = rng.uniform(plain * 0.7, window)

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


# ---- 8 concurrent writers


UNITS8 = ("dengji", "fagai", "jiaoyu", "gongan", "minzheng", "caizheng", "renshe", "zhujian")


@dataclass
class Concurrent:
    """8 processes at once: ``argv(i, root)`` for i in 0..7, then ``landed(root)`` checks all 8."""

    name: str
    argv: Callable[[int, Path], list[str]]
    landed: Callable[[Path], None]
    setup: Optional[Callable[[Path], None]] = None
    in_normal_run: bool = False


def _yaml(root: Path, name: str):
    import yaml

    return yaml.safe_load((root / name).read_text(encoding="utf-8"))


def _crash_writer_landed(root: Path) -> None:
    text = (root / "members.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "测试别名" in ln)
    assert all(f"测试别名{i}" in line for i in range(8)) and line.count("测试别名") == 8, line


def _holders(root: Path, role: str, name: str) -> None:
    seats = {s["id"]: s for s in _yaml(root, "members.yaml")["seats"]}
    for i, unit in enumerate(UNITS8):
        holders = seats[f"{role}-{unit}"]["holders"]
        assert holders[-1]["name"] == f"{name}{i}", (unit, holders)


def _agreed(root: Path) -> None:
    meeting = _yaml(root, f"meetings/{REAL}.yaml")
    agreed = {a["unit"] for a in meeting["minutes"]["agreed_by"]}
    assert set(UNITS8) <= agreed
    assert meeting["minutes"]["status"] == "agreed"


def _count(name: str, key: str, field: str, values) -> Callable[[Path], None]:
    def landed(root: Path) -> None:
        found = [entry[field] for entry in _yaml(root, name)[key]]
        assert sorted(found) == sorted(values), found

    return landed


CONCURRENT = [
    Concurrent("internal writer", lambda i, d: [str(WRITER_SCRIPT), str(d), str(i)], _crash_writer_landed),
    Concurrent("report add", lambda i, d: lianxi("report", "add", UNITS8[i], "--text", f"第{i}号报告")(d),
               _count("reports.yaml", "reports", "text", [f"第{i}号报告" for i in range(8)]), in_normal_run=True),
    Concurrent("minutes agree", lambda i, d: lianxi("minutes", "agree", REAL, UNITS8[i], "--date", "2026-03-20")(d),
               _agreed, setup=_real_meeting("draft", waiting=UNITS8), in_normal_run=True),
    Concurrent("liaison set", lambda i, d: lianxi("liaison", "set", UNITS8[i], "--name", f"联络员{i}",
                                                  "--phone", f"0595-8765432{i}")(d),
               lambda root: _holders(root, "liaison", "联络员")),
    Concurrent("succession apply", lambda i, d: lianxi("succession", "apply", UNITS8[i], "--role", "成员",
                                                       "--name", f"接任者{i}", "--post", "副局长",
                                                       "--date", "2026-12-01")(d),
               lambda root: _holders(root, "member", "接任者")),
    Concurrent("alert add", lambda i, d: lianxi("alert", "add", "--level", "一般", "--units", UNITS8[i],
                                                "--text", f"第{i}条预警")(d),
               _count("alerts.yaml", "alerts", "text", [f"第{i}条预警" for i in range(8)])),
    Concurrent("group new", lambda i, d: lianxi("group", "new", "--lead", "卫健", "--units", UNITS8[i],
                                                "--purpose", f"第{i}组检查", "--from", "2026-12-01",
                                                "--to", "2026-12-31")(d),
               _count("groups.yaml", "groups", "purpose", [f"第{i}组检查" for i in range(8)])),
    Concurrent("meeting new", lambda i, d: lianxi("meeting", "new", "--type", "topic", "--subject", f"专题{i}",
                                                  "--date", f"2027-03-{10 + i}", "--unit", UNITS8[i])(d),
               lambda root: [(root / "meetings" / f"2027-03-{10 + i}-topic.yaml").read_text() for i in range(8)]),
]


def _concurrent(case: Concurrent, root: Path) -> None:
    if case.setup:
        case.setup(root)
    procs = [subprocess.Popen([sys.executable, *case.argv(i, root)], env=env_with(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(8)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    case.landed(root)
    assert not stray_temps(root)
    assert_validates(root)


@pytest.mark.parametrize("case", [c for c in CONCURRENT if c.in_normal_run or FULL], ids=lambda c: c.name)
def test_eight_concurrent_writers_all_land(case, data_dir):
    _concurrent(case, data_dir)


@pytest.mark.fuzz
@pytest.mark.parametrize("case", [c for c in CONCURRENT if not c.in_normal_run], ids=lambda c: c.name)
def test_eight_concurrent_writers_of_every_command(case, data_dir):
    _concurrent(case, data_dir)


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
def test_full_disk_changes_nothing(data_dir, where, patch):
    before = snapshot(data_dir)
    if where == "fsync":
        patch.setattr(store.os, "fsync", _enospc)
    else:
        real_fdopen = os.fdopen
        patch.setattr(store.os, "fdopen", lambda *a, **k: _FullDiskFile(real_fdopen(*a, **k)))
    with pytest.raises(DataError, match="磁盘空间不足.*未做任何修改"):
        crash_writer.write(data_dir, "丙")
    patch.undo()
    assert snapshot(data_dir) == before
    assert not stray_temps(data_dir)


def test_full_disk_through_the_cli(data_dir, run, patch):
    before = snapshot(data_dir)
    patch.setattr(store.os, "fsync", _enospc)
    result = run("schema", "--data", data_dir)
    patch.undo()
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.stderr and "未做任何修改" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(data_dir) == before
    assert not stray_temps(data_dir)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_directory_simulated(data_dir, run, code, patch):
    before = snapshot(data_dir)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    patch.setattr(store.tempfile, "mkstemp", refuse)
    with pytest.raises(DataError, match="没有写入权限.*未做任何修改"):
        crash_writer.write(data_dir, "丁")
    result = run("schema", "--data", data_dir)
    patch.undo()
    assert result.exit_code == 1 and "没有写入权限" in result.stderr
    assert snapshot(data_dir) == before


CLI_WRITERS = [c for c in WRITERS if c.argv(Path("d"))[0] == "-m"]


def _cli_args(case: WriteCase, root: Path) -> list[str]:
    return case.argv(root)[2:]  # after "-m lianxi"


@pytest.mark.parametrize("fault", ["ENOSPC", "EROFS"])
@pytest.mark.parametrize("case", CLI_WRITERS, ids=lambda c: c.name)
def test_full_disk_and_read_only_for_every_writer(case, fault, fresh, run, patch):
    root, before = fresh(case)
    if fault == "ENOSPC":
        patch.setattr(store.os, "fsync", _enospc)
        expected = "磁盘空间不足"
    else:
        def refuse(*args, **kwargs):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        patch.setattr(store.tempfile, "mkstemp", refuse)
        expected = "没有写入权限"
    result = run(*_cli_args(case, root))
    patch.undo()
    assert result.exit_code == 1, result.output
    assert expected in result.stderr and "未做任何修改" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert snapshot(root) == before
    assert not stray_temps(root)


@pytest.mark.parametrize("case", [c for c in CLI_WRITERS if c.name.endswith("--final")], ids=lambda c: c.name)
def test_disk_full_between_register_and_meeting_file(case, fresh, run, patch):
    """The register is written, the meeting file is not: the message says the number is
    reserved, and issuing again resumes with it (no second number for the same document)."""
    old, new = reference(case, fresh)
    root, _ = fresh(case)
    calls = []
    real_fsync = os.fsync

    def second_fails(fd):
        if ".lianxi" in os.readlink(f"/proc/self/fd/{fd}"):  # the write journal's own files
            return real_fsync(fd)
        calls.append(fd)
        if len(calls) > 2:  # the register's file and directory fsyncs pass, the meeting file's fails
            _enospc()
        return real_fsync(fd)

    patch.setattr(store.os, "fsync", second_fails)
    result = run(*_cli_args(case, root))
    patch.undo()
    assert result.exit_code == 1 and "磁盘空间不足" in result.stderr, result.stderr
    assert "已在登记簿 registers.yaml 中预留" in result.stderr and "重新运行" in result.stderr, result.stderr
    state = snapshot(root)
    assert state["registers.yaml"] == new["registers.yaml"]
    assert state[f"meetings/{REAL}.yaml"] == old[f"meetings/{REAL}.yaml"]
    assert_validates(root)
    again = run(*_cli_args(case, root))
    assert again.exit_code == 0, again.output
    assert snapshot(root) == new


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
