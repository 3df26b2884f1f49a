"""What a wheel and a new data directory contain: data and templates, never a lock or temp file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRAY = (".lianxi.lock", ".members.yaml.abcd1234.tmp", "meetings/.2027-03-16-liaison.yaml.x_y9zq0w.tmp")


def _project_copy(target: Path) -> Path:
    """The files a build reads, copied (the checkout itself is never touched)."""
    for name in ("pyproject.toml", "README.md", ".gitignore"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("src", "data", "templates"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> list[str]:
    project = _project_copy(tmp_path_factory.mktemp("project"))
    for name in STRAY:  # what a killed writer or a forgotten lock leaves in data/
        (project / "data" / name).write_text("", encoding="utf-8")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                          cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("*.whl")
    return zipfile.ZipFile(built).namelist()


def test_wheel_has_no_lock_or_temp_file(wheel):
    assert not [n for n in wheel if n.endswith((".lock", ".tmp"))]


def test_wheel_has_the_bundled_data_and_templates(wheel):
    for name in ("members.yaml", "duties.yaml", "charter.yaml", "meetings/2026-09-15-plenary.yaml",
                 ".schema/members.schema.json", "source/000_523a265160072e37.txt"):
        assert f"lianxi/bundled/data/{name}" in wheel, name
    assert "lianxi/bundled/templates/notice.md.j2" in wheel
    assert "lianxi/cli/__init__.py" in wheel and "lianxi/who_synonyms.yaml" in wheel


@pytest.mark.parametrize("args", [[], ["--example"]], ids=["empty", "example"])
def test_init_leaves_no_lock_and_writes_a_gitignore(run, tmp_path, args):
    target = tmp_path / "新联席会议"
    result = run("init", target, *args)
    assert result.exit_code == 0, result.output
    assert not (target / ".lianxi.lock").exists()
    assert not list(target.rglob("*.tmp"))
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".lianxi.lock" in ignored and ".*.tmp" in ignored and ".lianxi/" in ignored
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".lianxi-import-")]  # no staging left
    assert run("validate", "--data", target).exit_code == 0


def test_init_force_keeps_an_existing_gitignore(run, tmp_path):
    target = tmp_path / "d"
    target.mkdir()
    (target / ".gitignore").write_text("*.docx\n", encoding="utf-8")
    (target / "说明.txt").write_text("办公室的说明", encoding="utf-8")
    result = run("init", target, "--force")
    assert result.exit_code == 0, result.output
    assert (target / ".gitignore").read_text(encoding="utf-8") == "*.docx\n.lianxi.lock\n.*.tmp\n.lianxi/\n"
    assert (target / "说明.txt").read_text(encoding="utf-8") == "办公室的说明"
    assert not (target / ".lianxi.lock").exists()


def test_init_into_the_bundled_data_is_refused(run):
    from lianxi.store import bundled_dir

    result = run("init", bundled_dir("data"), "--force")
    assert result.exit_code == 1 and "内置数据，只读" in result.stderr
