"""Shared fixtures: a private copy of the bundled data, and a CLI runner with a pinned date.

The suite has one clock: :data:`TODAY`, set by :func:`_env` through a MonkeyPatch of its own,
so no test's ``monkeypatch.undo()`` can unpin it (a test that needs to restore what it
patched mid-test uses the ``patch`` fixture, whose ``undo()`` touches only its own patches).
Nothing here reads outside the repository: the seed notice is the copy in ``data/source/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lianxi.cli import app
from lianxi.store import bundled_dir

ROOT = Path(__file__).resolve().parent.parent
# The establishing notice the bundled data encodes, kept beside the data it is the source of.
SEED = ROOT / "data" / "source" / "000_523a265160072e37.txt"
TODAY = "2026-11-29"


@pytest.fixture(autouse=True)
def _env(tmp_path_factory):
    """Every test: a pinned today, no inherited data dir or CI environment, a private cache, no colour.

    A MonkeyPatch of its own, not the test's ``monkeypatch``: ``monkeypatch.undo()`` in a
    test restores only what that test patched, never the pinned date.
    """
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LIANXI_TODAY", TODAY)
        env.delenv("LIANXI_DATA", raising=False)
        env.delenv("LIANXI_WORKSPACE", raising=False)
        # the suite runs the same inside and outside CI: validate's CI behaviour is tested by setting these
        for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_STEP_SUMMARY"):
            env.delenv(name, raising=False)
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
        env.setenv("NO_COLOR", "1")
        env.setenv("LIANXI_DEBUG", "1")  # a defect surfaces as its exception, not as the users' message
        yield


@pytest.fixture
def patch():
    """A MonkeyPatch for what a test patches and restores itself: ``patch.undo()`` touches nothing else."""
    with pytest.MonkeyPatch.context() as own:
        yield own


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A writable copy of the bundled data directory."""
    target = tmp_path / "data"
    shutil.copytree(bundled_dir("data"), target, ignore=shutil.ignore_patterns(".lianxi.lock"))
    return target


class Runner:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input, env=env,
                                  catch_exceptions=False)


@pytest.fixture
def run() -> Runner:
    """run("duties", "公安", "--data", d) → a click Result (exit_code, stdout, stderr)."""
    return Runner()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
