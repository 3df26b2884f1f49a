"""One option vocabulary: -o/--output, -u/--unit, -n/--dry-run, --json, --data before or after the
command; the old spellings still work for one release and never show in help."""

from __future__ import annotations

import json
import re

import pytest

from lianxi.cli import MODULES, full_app


def _commands():
    """(path, click command) for every leaf command."""
    import typer

    root = typer.main.get_command(full_app())
    todo = [((), root)]
    while todo:
        path, command = todo.pop()
        subs = getattr(command, "commands", None)
        if subs:
            todo += [((*path, name), sub) for name, sub in subs.items()]
        else:
            yield " ".join(path), command


def _options(command) -> dict[str, list[str]]:
    return {param.name: list(param.opts) + list(param.secondary_opts)
            for param in command.params if getattr(param, "param_type_name", "") == "option"
            and not getattr(param, "hidden", False)}


SHARED = {"output": ["--output", "-o"], "fmt": ["--format", "-f"], "dry_run": ["--dry-run", "-n"],
          "json_out": ["--json"], "data": ["--data"], "force": ["--force"]}


def test_shared_ideas_are_spelt_one_way():
    seen = 0
    for path, command in _commands():
        for name, opts in _options(command).items():
            if name in SHARED:
                assert sorted(opts) == sorted(SHARED[name]), (path, name, opts)
                seen += 1
            assert "--out" not in opts and "--units" not in opts, (path, opts)
            if "-n" in opts:
                assert "--dry-run" in opts, (path, opts)
    assert seen > 20


@pytest.mark.parametrize("command", [["notice", "--type", "liaison"], ["minutes", "render"],
                                     ["report", "annual", "2026"], ["alert", "notice", "2026-01"],
                                     ["group", "notice", "2026-01"]], ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("spelling", ["-o", "--output", "--out"])
def test_every_document_command_takes_output(run, data_dir, tmp_path, command, spelling):
    assert run("alert", "add", "--level", "一般", "-u", "公安", "--text", "节假日托育机构周边治安",
               "--date", "2026-11-25", "--data", data_dir).exit_code == 0
    assert run("group", "new", "--lead", "卫健", "-u", "消防", "--purpose", "联合检查", "--from", "2026-12-01",
               "--to", "2026-12-31", "--date", "2026-11-25", "--data", data_dir).exit_code == 0
    target = tmp_path / "文稿.md"
    result = run(*command, spelling, target, "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert len(target.read_text(encoding="utf-8")) > 100


@pytest.mark.parametrize("spelling", ["--unit", "-u", "--units"])
def test_units_one_spelling_comma_or_repeated(run, data_dir, spelling):
    result = run("alert", "add", "--level", "一般", spelling, "公安,消防", "--text", "节假日托育机构周边治安",
                 "--data", data_dir)
    assert result.exit_code == 0, result.output
    again = run("group", "new", "--lead", "卫健", spelling, "公安", spelling, "消防", "--purpose", "联合检查",
                "--from", "2026-12-01", "--to", "2026-12-31", "--data", data_dir)
    assert again.exit_code == 0, again.output
    meeting = run("meeting", "new", "--type", "topic", "--subject", "托育安全", "--date", "2027-03-16",
                  spelling, "公安,消防", "--data", data_dir)
    assert meeting.exit_code == 0, meeting.output
    text = (data_dir / "meetings" / "2027-03-16-topic.yaml").read_text(encoding="utf-8")
    assert "- gongan" in text and "- xiaofang" in text


def test_data_before_the_command(run, data_dir):
    assert run("--data", data_dir, "roster").stdout == run("roster", "--data", data_dir).stdout
    missing = run("--data", data_dir / "没有", "roster")
    assert missing.exit_code == 2 and "数据目录不存在" in missing.stderr
    # after the command wins
    assert run("--data", data_dir / "没有", "roster", "--data", data_dir).exit_code == 0


def test_data_before_the_command_beats_the_environment(run, data_dir, tmp_path):
    result = run("--data", data_dir, "roster", env={"LIANXI_DATA": str(tmp_path / "没有")})
    assert result.exit_code == 0, result.output


def test_validate_json_like_everywhere(run, data_dir):
    a = run("validate", "--json", "--data", data_dir)
    b = run("validate", "--format", "json", "--data", data_dir)
    assert a.exit_code == b.exit_code == 0 and json.loads(a.stdout) == json.loads(b.stdout)
    assert run("validate", "--json", "--format", "github", "--data", data_dir).exit_code == 2


def test_alert_close_n_is_dry_run_like_everywhere(run, data_dir):
    """-n used to be --note here; now it is --dry-run, as in every writer (--note has no short form)."""
    assert run("alert", "add", "--level", "一般", "-u", "公安", "--text", "x", "--date", "2026-11-25",
               "--data", data_dir).exit_code == 0
    dry = run("alert", "close", "2026-01", "--note", "已全部整改到位", "-n", "--data", data_dir)
    assert dry.exit_code == 0 and "试运行" in dry.stdout, dry.output
    assert not re.search(r"^ +closed:", (data_dir / "alerts.yaml").read_text(encoding="utf-8"), flags=re.M)
    assert run("alert", "close", "2026-01", "--note", "已全部整改到位", "--data", data_dir).exit_code == 0
    assert re.search(r"^ +closed:", (data_dir / "alerts.yaml").read_text(encoding="utf-8"), flags=re.M)


def test_help_shows_no_old_spelling(run):
    for module in MODULES:
        for command in MODULES[module]:
            text = run(command, "--help").stdout
            assert "--out " not in text and "--out\n" not in text and "--units" not in text, command
