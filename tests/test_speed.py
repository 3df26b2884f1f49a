"""The machinery behind the budgets of bench/ (issue 8), tested for correctness, not timed.

Lazy command registration, lazy data-file models, targeted locations, and the
one-load-per-file rule of ``lianxi validate``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from lianxi import cli
from lianxi.cli._app import App
from lianxi.errors import Collector
from lianxi.yamldoc import _TARGETED_PASSES, parse_text


def _top_level(app) -> set[str]:
    names = {c.name for c in app.registered_commands}
    names |= {g.name or g.typer_instance.info.name for g in app.registered_groups}
    return names


@pytest.mark.parametrize("module", list(cli.MODULES))
def test_command_table_matches_what_each_module_registers(module):
    """COMMANDS (used to import one module per run) says exactly what each module registers."""
    import importlib

    app = App(name="t")
    importlib.import_module(f"lianxi.cli.{module}").register(app)
    assert _top_level(app) == set(cli.MODULES[module])


def test_full_app_has_every_command_once():
    names = [c.name for c in cli.app.registered_commands]
    names += [g.name for g in cli.app.registered_groups]
    assert sorted(names) == sorted(cli.COMMANDS)


@pytest.mark.parametrize("args, modules", [
    (["duties", "公安"], ["duties"]),
    (["info"], ["roster"]),
    (["meeting", "new"], ["meetings"]),
    (["--help"], list(cli.MODULES)),
    (["dutie"], list(cli.MODULES)),  # a misspelt command: all, so the suggestion can be made
    ([], list(cli.MODULES)),
])
def test_app_for_registers_what_the_run_needs(args, modules, monkeypatch):
    seen = []
    original = cli._new_app

    def spy(mods):
        seen.append(list(mods))
        return original(mods)

    monkeypatch.setattr(cli, "_new_app", spy)
    monkeypatch.setattr(cli, "_full", None)
    cli.app_for(args)
    assert seen == [modules]


def test_completion_registers_everything(monkeypatch):
    monkeypatch.setenv("_LIANXI_COMPLETE", "complete_bash")
    monkeypatch.setattr(cli, "_full", None)
    assert _top_level(cli.app_for(["duties"])) == set(cli.COMMANDS)


def test_lazy_cli_gives_the_same_answer(run, tmp_path, monkeypatch, capsys):
    """main() with only the duties module registered answers as the full app does."""
    full = run("duties", "公安")
    monkeypatch.setattr("sys.argv", ["lianxi", "duties", "公安"])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 0
    assert capsys.readouterr().out == full.stdout


def test_file_models_resolve_lazily():
    from lianxi.model import FILE_MODELS

    assert FILE_MODELS.spec("meetings/*.yaml") == "lianxi.meetings:Meeting"
    for name in FILE_MODELS:
        model = FILE_MODELS[name]
        assert isinstance(model, type) and issubclass(model, BaseModel), name
        module, _, attr = FILE_MODELS.spec(name).partition(":")
        assert model.__module__ == module and model.__name__ == attr


def test_schema_lists_every_data_file(tmp_path, run):
    result = run("schema", "--data", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / ".schema").glob("*.json"))
    assert "meetings.schema.json" in written and "reports.schema.json" in written and "layout.schema.json" in written


TEXT = """\
units:
  - id: a
    name: 甲
  - id: b
    name: 乙
    aliases: [x, y]
seats:
  - id: s1
    holders:
      - name: 张三
        start: 2020-01-01
"""


def _doc():
    collector = Collector()
    doc = parse_text(TEXT, Path("t.yaml"), "t.yaml", collector)
    assert not collector.problems
    return doc


PATHS = [("units", 1, "aliases", 1), ("units", 1, "name"), ("seats", 0, "holders", 0, "start"),
         ("seats", 0, "holders", 0, "end"),  # absent: falls back to the holder
         ("units", 7, "id"),  # absent index: falls back to the list
         ("nothing",), (), ("units",), ("seats", 0)]


def test_targeted_locations_agree_with_the_full_table():
    full = _doc()
    expected = {}
    for path in PATHS:
        full._locations()
        expected[path] = full.locate(path)
    assert expected[("units", 1, "aliases", 1)] == (6, 18)
    assert expected[("seats", 0, "holders", 0, "end")] == (10, 9)
    targeted = _doc()
    for n, path in enumerate(PATHS, 1):
        assert targeted.locate(path) == expected[path], path
        if n <= _TARGETED_PASSES:
            assert targeted._locs is None  # no whole table while few paths were asked
    # past the limit of targeted passes, the whole table is built once
    assert len(PATHS) > _TARGETED_PASSES and targeted._locs is not None


def test_targeted_pass_does_not_record_other_paths():
    doc = _doc()
    doc.locate(("units", 0, "name"))
    values, keys = doc._found
    assert set(values) <= {(), ("units",), ("units", 0), ("units", 0, "name")}
    assert set(keys) <= {("units",), ("units", 0, "name")}


def test_validate_loads_each_meeting_file_once(data_dir, monkeypatch):
    from lianxi import meetings
    from lianxi.validation import validate_dir

    for n in range(3):
        shutil.copy(data_dir / "meetings" / "2026-09-15-plenary.yaml",
                    data_dir / "meetings" / f"2026-09-15-plenary-{n + 2}.yaml")
    loads = []
    original = meetings._load_meeting_file
    monkeypatch.setattr(meetings, "_load_meeting_file", lambda path, c: loads.append(path.name) or original(path, c))
    result = validate_dir(data_dir)
    assert not result.errors, [p.render() for p in result.errors]
    assert sorted(loads) == sorted(p.name for p in (data_dir / "meetings").glob("*.yaml"))
    # outside validate nothing is shared: a second load parses again
    loads.clear()
    meetings.load_meetings(data_dir)
    assert len(loads) == 4


def test_validate_reports_problems_of_a_released_document(data_dir):
    """A document validated (raw values released) can still be validated against another model."""
    from lianxi.model import MembersFile
    from lianxi.store import read_document, shared_reads, validate_model

    with shared_reads():
        c = Collector()
        doc = read_document(data_dir, "members.yaml", c)
        assert validate_model(doc, MembersFile, c) is not None
        again = read_document(data_dir, "members.yaml", c)
        assert again is doc and validate_model(again, MembersFile, c) is not None

        class Loose(BaseModel):
            units: list
            seats: list

        loose = validate_model(doc, Loose, c)
        assert loose is not None and len(loose.units) > 10 and not c.problems


def test_reports_for_sees_appended_reports():
    import datetime as dt

    from lianxi.followup import Report, reports_for

    reports = [Report(unit="a", date=dt.date(2026, 1, 2), task="m/1", status="进行中", text="一")]
    assert len(reports_for(reports, "m/1")) == 1
    reports.append(Report(unit="a", date=dt.date(2026, 1, 1), task="m/1", status="已完成", text="二"))
    assert [r.text for r in reports_for(reports, "m/1")] == ["二", "一"]  # oldest first
    assert reports_for(reports, "m/1", dt.date(2026, 1, 1))[0].text == "二"
    assert reports_for(reports, "m/2") == []
