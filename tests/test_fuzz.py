"""Fuzzing: mutated data files never crash lianxi, never hang it, and are always reported located.

Each case takes the bundled data, damages one file (byte flips, truncation, deleted,
duplicated or swapped lines, changed indentation, wrong types, random Unicode including
full-width and control characters, very long values, deep nesting), then runs
``lianxi validate``, ``lianxi duties 公安`` and ``lianxi roster`` in-process. Each must exit
0 or 1 (never a traceback); an exit 1 of ``validate`` lists located findings; when
``validate`` passes, ``roster`` works. A watchdog fails any command that runs over
``HANG_SECONDS``.

The normal run is bounded (profile ``lianxi-ci``, a few seconds); the long run is
``pytest -m fuzz`` (profile ``lianxi-fuzz``, ``LIANXI_FUZZ_EXAMPLES`` cases, default 3000).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lianxi.cli import app
from lianxi.store import bundled_dir

FILES = ("members.yaml", "duties.yaml", "charter.yaml")
ORIGINAL = {name: (bundled_dir("data") / name).read_bytes() for name in FILES}
HANG_SECONDS = 20
TIMING = os.environ.get("LIANXI_FUZZ_EXAMPLES")

settings.register_profile(
    "lianxi-ci", max_examples=110, deadline=None, derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                           HealthCheck.function_scoped_fixture])
settings.register_profile(
    "lianxi-fuzz", parent=settings.get_profile("lianxi-ci"),
    max_examples=int(os.environ.get("LIANXI_FUZZ_EXAMPLES", "3000")))
CI = settings.get_profile("lianxi-ci")
FUZZ = settings.get_profile("lianxi-fuzz")

COUNTS = {"cases": 0, "runs": 0}

FULL_WIDTH = "：，、；（）［］｛｝－＃＆＊！｜＞＇＂％＠｀　０１２ＡＢＣ"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\u200b\u202e\r\t"
WRONG_VALUES = [
    "[]", "{}", "[1, 2]", "{a: b}", "123", "-1", "0.5", "true", "no", "null", "~", "''", '""',
    "2026-13-45", "2026-02-30", "0000-01-01", "2026-11-29T25:00:00", "09:30", "0571", "0x1F", "1e400",
    "9" * 5000, ".nan", "-.inf", "!!python/object/apply:os.system ['true']", "!!python/name:os.system",
    "!!binary aGVsbG8=", "!foo bar", "&a x", "*a", "<<: {a: 1}", "'unclosed", '"unclosed', "[unclosed",
    "{unclosed", "- x", "? x", "|", ">", "%", "@x", "`x", "\"\\q\"", "unknown", "公安", "区公安分局",
]

text_chars = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(FULL_WIDTH),
    st.sampled_from(CONTROL),
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def _mutation(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from([
        "flip", "truncate", "delete", "duplicate", "swap", "indent", "insert", "wrong-type",
        "long-value", "nest", "block-nest", "replace-char",
    ]))
    if not data.strip():
        return draw(st.sampled_from([b"", b" ", b"\n", b"a: 1\n", b"- x\n", b"units: []\n"]))
    lines = _lines(data)
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            pos = draw(st.integers(0, len(buf) - 1))
            buf[pos] ^= draw(st.integers(1, 255))
        return bytes(buf)
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "delete":
        count = draw(st.integers(1, 5))
        del lines[index:index + count]
    elif kind == "duplicate":
        lines.insert(draw(st.integers(0, len(lines))), lines[index])
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "indent":
        delta = draw(st.integers(-4, 4))
        line = lines[index]
        lines[index] = (b" " * delta + line) if delta > 0 else line[min(-delta, len(line) - len(line.lstrip(b" "))):]
    elif kind == "insert":
        text = draw(st.text(text_chars, min_size=1, max_size=20)).encode("utf-8", "surrogatepass")
        line = lines[index]
        pos = draw(st.integers(0, len(line)))
        lines[index] = line[:pos] + text + line[pos:]
    elif kind == "replace-char":
        line = lines[index].decode("utf-8", "replace")
        if line:
            pos = draw(st.integers(0, len(line) - 1))
            line = line[:pos] + draw(text_chars) + line[pos + 1:]
        lines[index] = line.encode("utf-8", "surrogatepass")
    elif kind in ("wrong-type", "long-value", "nest"):
        candidates = [i for i, ln in enumerate(lines) if b": " in ln or ln.lstrip().startswith(b"- ")]
        i = draw(st.sampled_from(candidates)) if candidates else index
        line = lines[i]
        cut = line.index(b": ") + 2 if b": " in line else (line.index(b"- ") + 2 if b"- " in line else len(line))
        if kind == "wrong-type":
            value = draw(st.sampled_from(WRONG_VALUES))
        elif kind == "long-value":
            value = draw(st.sampled_from(["x", "中", "（", "a b"])) * draw(
                st.sampled_from([1000, 10_000, 60_000, 100_001, 200_000]))
        else:
            depth = draw(st.integers(1, 300))
            opener = draw(st.sampled_from(["[", "{a: ", "[{a: "]))
            closer = {"[": "]", "{a: ": "}", "[{a: ": "}]"}[opener]
            value = opener * depth + "x" + closer * draw(st.sampled_from([depth, 0, depth // 2]))
        lines[i] = line[:cut] + value.encode("utf-8")
    elif kind == "block-nest":
        depth = draw(st.integers(1, 150))
        lines[index:index] = [b"  " * d + b"- " for d in range(depth)]
    return b"\n".join(lines)


@st.composite
def damaged(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(FILES))
    data = ORIGINAL[name]
    for _ in range(draw(st.integers(1, 3))):
        data = draw(_mutation(data))
    return name, data


class Hang(Exception):
    pass


@contextmanager
def watchdog(seconds: int):
    def expire(signum, frame):
        raise Hang(f"超过 {seconds} 秒未结束")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


RUNNER = CliRunner()
LOCATED = re.compile(r"^(?:\S*/)?[\w.-]+\.yaml(?::\d+(?::\d+)?)?: ", re.M)  # any data file, e.g. a meeting that cites a damaged unit


def run_cli(*args: str):
    with watchdog(HANG_SECONDS):
        result = RUNNER.invoke(app, list(args), catch_exceptions=True)
    COUNTS["runs"] += 1
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        detail = "".join(traceback.format_exception(type(result.exception), result.exception,
                                                    result.exception.__traceback__))
        pytest.fail(f"lianxi {' '.join(args)} raised instead of reporting:\n{detail}")
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    return result


def check_dir(root: Path, damaged_name: str) -> None:
    """The properties every damaged data directory must keep."""
    validate = run_cli("validate", "--data", str(root))
    if validate.exit_code == 1:
        # every finding starts with file[:line[:column]] — the damaged file, or the file
        # whose reference into it broke (a seat deleted from members.yaml → charter.yaml)
        findings = validate.stderr.splitlines()[:-1]
        assert findings, validate.stderr
        for line in findings:
            assert LOCATED.match(line), line
        assert any(line.split(":")[1:2] and line.split(":")[1].isdigit() for line in findings) \
            or "文件" in validate.stderr, validate.stderr  # a line number, or a whole-file finding
    roster = run_cli("roster", "--data", str(root))
    duties = run_cli("duties", "公安", "--data", str(root))
    for result in (roster, duties):
        if result.exit_code == 1:
            err = result.stderr
            assert LOCATED.search(err) or "找不到" in err or "可能是" in err, err
    if validate.exit_code == 0:
        assert roster.exit_code == 0, roster.stderr  # valid data always answers


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(bundled_dir("data"), root, ignore=shutil.ignore_patterns(".lianxi.lock"))
    return root


def _apply(root: Path, name: str, data: bytes) -> None:
    for other in FILES:
        (root / other).write_bytes(data if other == name else ORIGINAL[other])


def _fuzz_once(root: Path, case: tuple[str, bytes]) -> None:
    name, data = case
    assume(data != ORIGINAL[name])
    COUNTS["cases"] += 1
    _apply(root, name, data)
    check_dir(root, name)


@settings(CI)
@given(case=damaged())
def test_damaged_files_are_reported_never_crash(fuzz_dir, case):
    _fuzz_once(fuzz_dir, case)


@pytest.mark.fuzz
@settings(FUZZ)
@given(case=damaged())
def test_fuzz_long_run(fuzz_dir, case):
    _fuzz_once(fuzz_dir, case)


@settings(CI, max_examples=40)
@given(text=st.text(text_chars, max_size=300))
def test_arbitrary_text_as_members_file(fuzz_dir, text):
    COUNTS["cases"] += 1
    _apply(fuzz_dir, "members.yaml", text.encode("utf-8", "surrogatepass"))
    check_dir(fuzz_dir, "members.yaml")


@settings(CI, max_examples=25)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_duties_file(fuzz_dir, data):
    COUNTS["cases"] += 1
    _apply(fuzz_dir, "duties.yaml", data)
    check_dir(fuzz_dir, "duties.yaml")


# A few cases through a real process: a crash of libyaml's C code (stack overflow) would
# kill pytest itself in-process, and only a process shows what a user sees.
PROCESS_CASES = {
    "deep-flow": lambda: ORIGINAL["members.yaml"] + b"\nx: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "deep-block": lambda: ORIGINAL["members.yaml"] + b"\nx:\n  " + b"- " * 30_000 + b"x\n",
    "control": lambda: ORIGINAL["members.yaml"].replace(b"name:", b"na\x07me:", 1),
    "truncated": lambda: ORIGINAL["members.yaml"][: len(ORIGINAL["members.yaml"]) // 3],
    "gbk": lambda: ORIGINAL["members.yaml"].decode("utf-8").encode("gb18030"),
}


@pytest.mark.parametrize("case", sorted(PROCESS_CASES))
def test_damaged_files_in_a_real_process(fuzz_dir, case):
    _apply(fuzz_dir, "members.yaml", PROCESS_CASES[case]())
    commands = [["validate"], ["duties", "公安"], ["roster"]] if case.startswith("deep") else [["validate"]]
    for args in commands:
        proc = subprocess.run([sys.executable, "-m", "lianxi", *args, "--data", str(fuzz_dir)],
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert proc.returncode == 1, (case, args, proc.returncode, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr
        assert "members.yaml:" in proc.stderr, proc.stderr


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    sys.stdout.write(f"\n[fuzz] {COUNTS['cases']} 个变异数据用例，{COUNTS['runs']} 次命令运行\n")


@settings(CI, max_examples=60)
@given(name=st.text(text_chars, max_size=40), grep=st.booleans())
def test_query_arguments_never_crash(name, grep):
    """Whatever is typed as a name (full-width, control characters, pinyin fragments) gets an answer."""
    COUNTS["cases"] += 1
    data = str(bundled_dir("data"))
    args = ["duties", "--grep", name] if grep else ["duties", name]
    with watchdog(HANG_SECONDS):
        result = RUNNER.invoke(app, [*args, "--data", data], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code:
        assert result.stderr.strip() and "Traceback" not in result.output
