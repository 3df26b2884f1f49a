"""The fast path stays fast: what a query imports, checked without timing anything.

``lianxi duties 公安`` is asked during a phone call; the modules that cost tens of
milliseconds to import (jinja2, python-docx, pypinyin, rich tables) belong inside the
commands that need them. ``-X importtime`` lists every module a process imports.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("jinja2", "docx", "pypinyin", "rich.table")


def _imported(args: list[str], tmp_path) -> set[str]:
    env = dict(os.environ)
    env.pop("LIANXI_DATA", None)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # an empty pinyin cache
    result = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    assert "lianxi" in modules  # the listing is real
    return modules


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


@pytest.mark.parametrize("args", [
    ["-c", "import lianxi.cli"],
    ["-m", "lianxi", "duties", "公安"],
    ["-m", "lianxi", "roster"],
    ["-m", "lianxi", "--version"],
], ids=["import-cli", "duties", "roster", "version"])
def test_no_heavy_imports(args, tmp_path):
    assert _heavy(_imported(args, tmp_path)) == []


def test_query_reads_only_what_it_needs(tmp_path):
    """duties 公安 parses members.yaml and duties.yaml, not the charter (nor meetings)."""
    code = (
        "import sys\n"
        "from lianxi import yamldoc\n"
        "seen = []\n"
        "original = yamldoc.read_text\n"
        "def spy(path, display, collector):\n"
        "    seen.append(path.name)\n"
        "    return original(path, display, collector)\n"
        "yamldoc.read_text = spy\n"
        "import lianxi.store\n"
        "lianxi.store.read_text = spy\n"
        "from lianxi.cli import app\n"
        "try:\n"
        "    app(['duties', '公安'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "sys.stderr.write('READ ' + ','.join(seen) + '\\n')\n"
    )
    env = dict(os.environ)
    env.pop("LIANXI_DATA", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    read = result.stderr.strip().splitlines()[-1].removeprefix("READ ").split(",")
    assert sorted(read) == ["duties.yaml", "members.yaml"]  # each once, nothing else


def test_heavy_detector_is_not_blind(tmp_path):
    """The check would notice: importing rich.table shows up in the listing."""
    assert "rich.table" in _heavy(_imported(["-c", "import lianxi.cli, rich.table"], tmp_path))
