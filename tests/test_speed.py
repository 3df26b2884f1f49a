"""The machinery behind the budgets of bench/ (issue 8), tested for correctness, not timed.

Lazy command registration, lazy data-file models, targeted locations, and the
one-load-per-file rule of ``lianxi validate``.
"""

from __future__ import annotations

import os
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
    # root options before the command: still only the command's module
    (["--workspace", "县", "who", "饮用水"], ["who"]),
    (["--data=d", "--meeting", "婴幼儿照护", "unit", "公安"], ["crossmeeting"]),
    (["--data", "d"], list(cli.MODULES)),
    (["--version"], list(cli.MODULES)),
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
    from lianxi import meetings, yamldoc
    from lianxi.validation import validate_dir

    for n in range(3):
        shutil.copy(data_dir / "meetings" / "2026-09-15-plenary.yaml",
                    data_dir / "meetings" / f"2026-09-15-plenary-{n + 2}.yaml")
    loads = []
    original = yamldoc.parse_text
    monkeypatch.setattr(yamldoc, "parse_text", lambda text, path, *rest: loads.append(Path(path).name)
                        or original(text, path, *rest))
    result = validate_dir(data_dir)
    assert not result.errors, [p.render() for p in result.errors]
    meeting_loads = [name for name in loads if name.startswith("2026-09-15")]
    assert sorted(meeting_loads) == sorted(p.name for p in (data_dir / "meetings").glob("*.yaml"))
    # outside a command (no shared reads) nothing is shared: a second load parses again
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


# ---------------------------------------------------------------- validated-model cache


def _entries(tmp_path) -> list:
    from lianxi import modelcache

    return sorted(modelcache.directory().glob("*.pickle"))


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cache_hit_gives_the_same_model(data_dir, private_cache):
    from lianxi.model import MembersFile
    from lianxi.store import load_model, load_valid

    first = load_valid(data_dir, "members.yaml", MembersFile)
    assert len(_entries(private_cache)) == 1
    second = load_valid(data_dir, "members.yaml", MembersFile)
    assert second is not first and second == first == load_model(data_dir, "members.yaml", MembersFile)[0]


def test_cache_follows_every_edit(data_dir, private_cache, run):
    """The key is the text itself: an edit of the same size within the same second still counts."""
    path = data_dir / "members.yaml"
    assert "郑惠山" in run("duties", "公安", "--data", data_dir).stdout
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    path.write_text(text.replace("郑惠山", "郑惠川"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert "郑惠川" in run("duties", "公安", "--data", data_dir).stdout


def test_invalid_file_is_reported_every_time_and_not_cached(data_dir, private_cache, run):
    path = data_dir / "members.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: gongan", "id: GongAn", 1), encoding="utf-8")
    for _ in range(2):
        result = run("duties", "公安", "--data", data_dir)
        assert result.exit_code == 1 and "members.yaml:" in result.stderr
    from lianxi import modelcache
    from lianxi.model import MembersFile

    key = modelcache.key(path.read_text(encoding="utf-8"), MembersFile)
    assert not (modelcache.directory() / f"{key}.pickle").exists()


def test_broken_or_foreign_entry_is_a_miss(data_dir, private_cache):
    from lianxi import modelcache
    from lianxi.model import DutiesFile, MembersFile
    from lianxi.store import load_valid

    text = (data_dir / "members.yaml").read_text(encoding="utf-8")
    entry = modelcache.directory() / f"{modelcache.key(text, MembersFile)}.pickle"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"not a pickle")
    assert load_valid(data_dir, "members.yaml", MembersFile).units
    modelcache.put(modelcache.key(text, MembersFile), load_valid(data_dir, "duties.yaml", DutiesFile))
    assert isinstance(load_valid(data_dir, "members.yaml", MembersFile), MembersFile)


def test_cache_key_covers_model_and_code():
    from lianxi import modelcache
    from lianxi.model import Charter, MembersFile

    assert modelcache.key("a: 1\n", MembersFile) != modelcache.key("a: 1\n", Charter)
    assert modelcache.key("a: 1\n", MembersFile) != modelcache.key("a: 2\n", MembersFile)
    assert modelcache.key("a: 1\n", MembersFile) == modelcache.key("a: 1\n", MembersFile)


def test_no_cache_env_turns_it_off(data_dir, private_cache, monkeypatch):
    from lianxi.model import MembersFile
    from lianxi.store import load_valid

    monkeypatch.setenv("LIANXI_NO_CACHE", "1")
    load_valid(data_dir, "members.yaml", MembersFile)
    assert _entries(private_cache) == []


def test_cache_hit_does_not_import_yaml(tmp_path):
    """Second run of duties 公安 on the same data: answered without importing PyYAML."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "LIANXI_DATA"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    runs = [subprocess.run([sys.executable, "-X", "importtime", "-m", "lianxi", "duties", "公安"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs) and runs[0].stdout == runs[1].stdout
    imported = [{line.rsplit("|", 1)[1].strip() for line in r.stderr.splitlines() if "|" in line} for r in runs]
    assert "yaml" in imported[0]  # the first run parses
    assert "yaml" not in imported[1] and "lianxi.modelcache" in imported[1]


def test_template_bytecode_cache_follows_edits(data_dir, private_cache, run):
    from lianxi.store import bundled_dir

    (data_dir / "templates").mkdir()
    template = data_dir / "templates" / "notice.md.j2"
    source = (bundled_dir("templates") / "notice.md.j2").read_text(encoding="utf-8")
    template.write_text(source, encoding="utf-8")
    first = run("notice", "--type", "liaison", "--data", data_dir)
    assert first.exit_code == 0, first.output
    assert list((private_cache / "lianxi" / "jinja").iterdir())  # compiled once, kept
    template.write_text(source + "\n测试追加的一段。\n", encoding="utf-8")
    second = run("notice", "--type", "liaison", "--data", data_dir)
    assert "测试追加的一段。" in second.stdout and "测试追加的一段。" not in first.stdout


def test_validate_shares_fields_sets_without_changing_dumps(data_dir):
    """Under validate's shared reads identical fields-sets become one frozenset; dumps are unchanged."""
    from lianxi.meetings import Meeting, load_meeting_file
    from lianxi.store import shared_reads

    path = data_dir / "meetings" / "2026-09-15-plenary.yaml"
    plain = load_meeting_file(path, Collector()).meeting
    with shared_reads():  # what every command runs in: models stay the caller's to change
        kept = load_meeting_file(path, Collector()).meeting
    assert type(kept.minutes.attendance.present[0].model_fields_set) is set
    with shared_reads(release=True):  # lianxi validate
        shared = load_meeting_file(path, Collector()).meeting
    assert shared == plain
    assert shared.model_dump(exclude_unset=True) == plain.model_dump(exclude_unset=True)
    present = shared.minutes.attendance.present
    assert present[0].model_fields_set is present[1].model_fields_set == {"unit", "name"}
    with pytest.raises(TypeError):
        present[0].model_fields_set.add("substitute")
    assert type(plain.minutes.attendance.present[0].model_fields_set) is set  # outside validate: untouched
    assert type(Meeting.model_validate({"kind": "plenary"}).model_fields_set) is set


def test_overview_help_is_the_full_apps(run):
    """``lianxi --help`` is built without the groups' subcommands; it must read exactly as the full app's."""
    from typer.testing import CliRunner

    overview = CliRunner().invoke(cli._overview_app(), ["--help"])
    full = CliRunner().invoke(cli.full_app(), ["--help"])
    assert overview.exit_code == full.exit_code == 0
    assert overview.output == full.output
    assert "succession" in overview.output and "meeting" in overview.output
