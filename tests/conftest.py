"""Shared fixtures: a private copy of the bundled data, and a CLI runner with a pinned date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lianxi.cli import app
from lianxi.store import bundled_dir

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; from a git worktree (/work/wt/NAME) the nearest ancestor that has it
SEED = next((p / "shared" / "seed" / "000_523a265160072e37.txt" for p in ROOT.parents
             if (p / "shared" / "seed" / "000_523a265160072e37.txt").is_file()),
            ROOT.parent / "shared" / "seed" / "000_523a265160072e37.txt")
TODAY = "2026-11-29"


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path_factory):
    """Every test: a pinned today, no inherited data dir, a private cache, no colour."""
    monkeypatch.setenv("LIANXI_TODAY", TODAY)
    monkeypatch.delenv("LIANXI_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")


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
