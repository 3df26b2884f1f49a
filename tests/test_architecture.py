"""The floor plan holds: one parse per file per command, no import cycle, nothing below the CLI
imports it or prints, and the command modules hold no domain logic."""

from __future__ import annotations

import ast
import collections
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "lianxi"


# ------------------------------------------------------------------ one parse per file


@pytest.fixture
def parses(monkeypatch):
    """file name → how many times it was parsed (lianxi.yamldoc.parse_text)."""
    from lianxi import yamldoc

    counts: collections.Counter = collections.Counter()
    original = yamldoc.parse_text

    def counting(text, path, *rest, **kwargs):
        counts[Path(path).name] += 1
        return original(text, path, *rest, **kwargs)

    monkeypatch.setattr(yamldoc, "parse_text", counting)
    monkeypatch.setenv("LIANXI_NO_CACHE", "1")  # the validated-model cache would hide parses
    return counts


@pytest.mark.parametrize("args", [["check"], ["check", "--year", "2026", "--json"], ["report", "annual", "2026"],
                                  ["notice", "2026-09-15-plenary"], ["minutes", "render"],
                                  ["minutes", "render", "2026-09-15-plenary"], ["validate"], ["tasks"],
                                  ["meetings"], ["alert", "notice", "2026-01"]],
                         ids=" ".join)
def test_each_file_is_parsed_at_most_once(run, data_dir, parses, args):
    result = run(*args, "--data", data_dir)
    assert result.exit_code in (0, 1), result.output
    assert parses, "nothing was parsed: the count does not see the loader"
    assert max(parses.values()) == 1, dict(parses)


# ------------------------------------------------------------------ imports


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the package ``name`` imports (at the top or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            targets = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_the_import_walk_sees_the_imports():
    graph = _graph()
    assert "lianxi.store" in graph["lianxi.dataset"]
    assert "lianxi.services.issuing" in graph["lianxi.cli.notice"]


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            # a package's __init__ importing its own submodules is not a cycle of the floor plan
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_nothing_below_the_cli_imports_it():
    graph = _graph()
    offenders = {name: sorted(t for t in targets if t == "lianxi.cli" or t.startswith("lianxi.cli."))
                 for name, targets in graph.items()
                 if not (name == "lianxi.cli" or name.startswith("lianxi.cli.") or name == "lianxi.__main__")}
    assert not {k: v for k, v in offenders.items() if v}


def test_nothing_below_the_cli_prints():
    """The core returns text or paths; only lianxi/cli/ writes to the terminal."""
    found = []
    for name, path in _modules().items():
        if name.startswith("lianxi.cli") or name == "lianxi.__main__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                if (called in ("print", "typer.echo", "echo") or called.endswith((".print", ".echo"))
                        or (("stdout" in called or "stderr" in called) and called.endswith(".write"))):
                    found.append(f"{name}:{node.lineno} {called}")
    assert not found, found


# ------------------------------------------------------------------ thin commands

# What a command module may define besides register(): options, small argument helpers and
# output formatting. Anything that loads data, decides or writes belongs to a service.
_CLI_WRITES = ("data_lock", "atomic_write", "write_meeting", "write_registers", "write_list", "load_meeting_file")


def test_command_modules_hold_no_domain_logic():
    found = []
    for name, path in _modules().items():
        if not name.startswith("lianxi.cli"):
            continue
        text = path.read_text(encoding="utf-8")
        for word in _CLI_WRITES:
            if word in text:
                found.append(f"{name}: {word}")
    assert not found, found


# ------------------------------------------------------------------ docs/architecture.md runs


def _python_blocks() -> list[str]:
    import re

    text = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_architecture_examples_are_there():
    blocks = _python_blocks()
    assert len(blocks) >= 3
    joined = "\n".join(blocks)
    for needed in ("Dataset.open", "department_matcher", "dry_run=True", "issuing.notice"):
        assert needed in joined


@pytest.mark.parametrize("index", range(3))
def test_architecture_examples_run(tmp_path, index):
    """Each example, as a reader would paste it, in a fresh interpreter beside a copy of the data."""
    import shutil
    import subprocess
    import sys

    from lianxi.store import bundled_dir

    shutil.copytree(bundled_dir("data"), tmp_path / "mydata")
    before = {p: p.read_bytes() for p in (tmp_path / "mydata").rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, "-c", _python_blocks()[index]], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    after = {p: p.read_bytes() for p in (tmp_path / "mydata").rglob("*") if p.is_file()}
    assert after == before  # the examples only read (the succession one is a dry run)


# ------------------------------------------------------------------ one finding type


def test_one_finding_type():
    """validate, check, the meeting rules and the importer all report lianxi.errors.Problem."""
    found = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and ("Finding" in node.name or node.name == "Problem") \
                    and name != "lianxi.errors":
                found.append(f"{name}.{node.name}")
    assert not found, found


def test_check_and_rules_give_problems(data_dir):
    from lianxi.dataset import Dataset
    from lianxi.errors import Problem
    from lianxi.followup import run_check
    from lianxi.meetings import load_meetings
    from lianxi.rules import check_meeting

    import datetime as dt

    ds = Dataset(data_dir)
    findings = run_check(ds, 2026, dt.date(2026, 11, 29))
    assert findings and all(isinstance(f, Problem) and f.cite and f.file for f in findings)
    meeting = load_meetings(data_dir)[0]
    saturday = meeting.meeting.model_copy(update={"date": dt.date(2027, 3, 20), "example": False})
    rules = check_meeting(ds, saturday, dt.date(2026, 11, 29), notice=True)
    assert rules and all(isinstance(f, Problem) and f.path for f in rules)
    placed = rules[0].located(meeting.doc)
    assert placed.file and placed.line and placed.field
