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


# Modules a query has no business importing: other commands, other data files, documents.
NOT_ON_QUERY_PATH = ("lianxi.meetings", "lianxi.followup", "lianxi.alerts", "lianxi.groups", "lianxi.layout",
                     "lianxi.render", "lianxi.render_docx", "lianxi.rules", "lianxi.succession", "lianxi.who",
                     "lianxi.validation", "lianxi.schema")


@pytest.mark.parametrize("args", [
    ["-m", "lianxi", "duties", "公安"],
    ["-m", "lianxi", "roster"],
    ["-c", "import lianxi.model"],
], ids=["duties", "roster", "import-model"])
def test_query_imports_only_its_own_modules(args, tmp_path):
    """A query imports its own command module only (lazy registration) and no other data file's model."""
    modules = _imported(args, tmp_path)
    assert sorted(m for m in NOT_ON_QUERY_PATH if m in modules) == []
    command = args[2] if args[0] == "-m" else None
    other_commands = sorted(m for m in modules if m.startswith("lianxi.cli.") and not m.startswith("lianxi.cli._")
                            and m != f"lianxi.cli.{command}")
    assert other_commands == []


def test_help_still_lists_every_command(tmp_path):
    """--help registers every command module: the lazy path does not hide commands."""
    from lianxi.cli import MODULES

    env = dict(os.environ)
    env.pop("LIANXI_DATA", None)
    result = subprocess.run([sys.executable, "-m", "lianxi", "--help"], capture_output=True, text=True,
                            cwd=tmp_path, env={**env, "COLUMNS": "200"}, timeout=60)
    assert result.returncode == 0, result.stderr
    for commands in MODULES.values():
        for command in commands:
            assert f" {command} " in result.stdout, command


def test_query_reads_only_what_it_needs(tmp_path):
    """duties 公安 parses members.yaml and duties.yaml, not the charter (nor meetings)."""
    code = (
        "import sys\n"
        "from lianxi import yamldoc\n"
        "seen = []\n"
        "original = yamldoc.read_text\n"
        "def spy(path, display, collector, *rest):\n"
        "    seen.append(path.name)\n"
        "    return original(path, display, collector, *rest)\n"
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


def test_workspace_query_answered_from_the_summaries(tmp_path):
    """``lianxi unit 公安`` in a workspace, a second time: from the cached summaries — no YAML
    parser, no meeting or follow-up module, whatever the number of joint meetings."""
    import shutil
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "workspace"
    ws = tmp_path / "ws"
    shutil.copytree(example, ws, ignore=shutil.ignore_patterns(".lianxi.lock"))
    args = ["-m", "lianxi", "--workspace", str(ws), "unit", "公安"]
    _imported(args, tmp_path)  # the first run summarises every joint meeting
    modules = _imported(args, tmp_path)
    assert sorted(m for m in ("yaml", "lianxi.meetings", "lianxi.followup", "lianxi.yamldoc") if m in modules) == []
    assert _heavy(modules) == []


def test_workspace_who_answered_from_its_index(tmp_path):
    """``lianxi who`` across a workspace, a second time: from the cached index — no summary is
    rebuilt, no YAML parser (the word table comes with the index)."""
    import shutil
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "workspace"
    ws = tmp_path / "ws"
    shutil.copytree(example, ws, ignore=shutil.ignore_patterns(".lianxi.lock"))
    args = ["-m", "lianxi", "--workspace", str(ws), "who", "高层建筑消防检查找谁"]
    _imported(args, tmp_path)
    modules = _imported(args, tmp_path)
    assert sorted(m for m in ("yaml", "lianxi.meetings", "lianxi.followup", "lianxi.yamldoc") if m in modules) == []
