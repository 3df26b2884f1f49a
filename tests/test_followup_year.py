"""Issue 15 (follow-up and membership): lead-only completion, per-unit report history,
alert/group edit and close, vacating a seat, adding and retiring member units, ``todo``.

Every unit, person and report written here is synthetic test data, not from the seed notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLE = "2026-09-15-plenary"
REAL = "2026-03-16-plenary"


@pytest.fixture
def real(data_dir: Path) -> Path:
    """The data copy plus a real (non-example) plenary on 2026-03-16 (same matters as the example)."""
    text = (data_dir / "meetings" / f"{EXAMPLE}.yaml").read_text(encoding="utf-8")
    for old, new in [("example: true", "example: false"), ("date: 2026-09-15", "date: 2026-03-16"),
                     ("status: issued", "status: draft"), ("  number: 1\n  date: 2026-09-22\n", ""),
                     ("2026-09-11", "2026-03-12"), ("deadline: 2026-09-30", "deadline: 2026-06-30")]:
        assert old in text, old
        text = text.replace(old, new)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("# 示例"))
    (data_dir / "meetings" / f"{REAL}.yaml").write_text(text, encoding="utf-8")
    return data_dir


def _snapshot(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _task(run, root, n, *extra):
    tasks = json.loads(run("tasks", "--data", root, "--json", *extra).stdout)["tasks"]
    return next(t for t in tasks if t["id"] == f"{REAL}/{n}")


def _report(run, root, unit, n, status, text, date):
    result = run("report", "add", unit, "--task", f"{REAL}/{n}", "--status", status, "--text", text,
                 "--date", date, "--data", root)
    assert result.exit_code == 0, result.output
    return result


# ---------------------------------------------------------------- 1. follow-up


def test_a_cooperating_units_report_never_completes_the_task(run, real):
    # task 1: lead 区卫健局, cooperating 消防、市场监管、公安; deadline 2026-12-31
    _report(run, real, "卫健", 1, "进行中", "已制定联合检查方案", "2026-10-10")
    done = _report(run, real, "公安", 1, "已完成", "辖区治安检查已完成", "2026-11-20")
    assert "区公安分局是配合单位，本报告记录其承担的部分；事项由牵头单位区卫健局报告完成" in done.stderr
    task = _task(run, real, 1)
    assert task["status"] == "进行中"
    assert task["latest_report"]["unit"]["id"] == "weijian"
    parts = {p["unit"]["id"]: p for p in task["units"]}
    assert parts["weijian"]["role"] == "牵头" and parts["weijian"]["status"] == "进行中"
    assert parts["gongan"]["role"] == "配合" and parts["gongan"]["status"] == "已完成"
    text = run("tasks", "--data", real).stdout
    assert f"{REAL}/1 牵头 区卫健局：2026-10-10（进行中）已制定联合检查方案" in text
    assert f"{REAL}/1 配合 区公安分局：2026-11-20（已完成）辖区治安检查已完成" in text


def test_a_task_stays_overdue_until_the_lead_reports_it_done(run, real):
    # task 3: lead 区卫健局 alone, deadline 2026-06-30
    assert run("report", "add", "公安", "--task", f"{REAL}/1", "--status", "已完成", "--text", "x",
               "--date", "2026-07-01", "--data", real).exit_code == 0
    overdue = json.loads(run("tasks", "--overdue", "--data", real, "--json").stdout)["tasks"]
    assert [t["id"] for t in overdue] == [f"{REAL}/3"]
    _report(run, real, "卫健", 3, "进行中", "已收到12家", "2026-07-02")
    assert [t["id"] for t in json.loads(run("tasks", "--overdue", "--data", real, "--json").stdout)["tasks"]] \
        == [f"{REAL}/3"]
    _report(run, real, "卫健", 3, "已完成", "18家已全部报送", "2026-08-15")
    assert json.loads(run("tasks", "--overdue", "--data", real, "--json").stdout)["tasks"] == []
    # as of a day before the completion, it was overdue
    before = json.loads(run("tasks", "--overdue", "--as-of", "2026-08-14", "--data", real, "--json").stdout)
    assert [t["id"] for t in before["tasks"]] == [f"{REAL}/3"]


def test_overdue_with_only_cooperating_reports(run, real):
    # the deadline of task 1 is 2026-12-31: every cooperating unit says done, the lead says nothing
    for unit in ("消防救援大队", "市场监管局", "公安"):
        _report(run, real, unit, 1, "已完成", "本单位部分已完成", "2026-11-20")
    task = _task(run, real, 1, "--as-of", "2027-01-05")
    assert task["status"] == "未报告" and task["overdue"] is True and task["reports"] == 3
    assert "逾期" in run("tasks", "--overdue", "--as-of", "2027-01-05", "--data", real).stdout
    found = json.loads(run("check", "--year", "2026", "--as-of", "2026-12-31", "--data", real,
                           "--json").stdout)["findings"]
    assert not [f for f in found if f["rule"] == "task-overdue" and f"{REAL}/1" in f["items"]]  # not yet due


def test_reports_keep_their_history_per_unit(run, real):
    _report(run, real, "卫健", 1, "进行中", "第一次报告", "2026-10-10")
    _report(run, real, "卫健", 1, "进行中", "第二次报告", "2026-11-10")
    _report(run, real, "公安", 1, "进行中", "公安的报告", "2026-10-20")
    text = (real / "reports.yaml").read_text(encoding="utf-8")
    assert "第一次报告" in text and "第二次报告" in text
    task = _task(run, real, 1)
    lead = task["units"][0]
    assert lead["unit"]["id"] == "weijian"
    assert [r["text"] for r in lead["history"]] == ["第一次报告", "第二次报告"]
    assert lead["latest"]["text"] == "第二次报告"
    assert "（共 2 次报告）" in run("tasks", "--data", real).stdout
    # as of a day between the two, the earlier one is the latest
    earlier = _task(run, real, 1, "--as-of", "2026-10-31")
    assert earlier["units"][0]["latest"]["text"] == "第一次报告"


def test_a_task_without_a_lead_takes_any_units_report(run, real):
    path = real / "meetings" / f"{REAL}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      lead: weijian\n      deadline: 2026-06-30\n", "      deadline: 2026-06-30\n")
    path.write_text(text, encoding="utf-8")
    _report(run, real, "公安", 3, "已完成", "已报送", "2026-06-01")
    assert _task(run, real, 3)["status"] == "已完成"


def test_bundled_reports_file_still_validates(run):
    assert run("validate").exit_code == 0
