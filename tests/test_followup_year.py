"""Issue 15 (follow-up and membership): lead-only completion, per-unit report history,
alert/group edit and close, vacating a seat, adding and retiring member units, ``todo``.

Every unit, person and report written here is synthetic test data, not from the seed notice.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from test_followup import EXAMPLE, REAL, real  # noqa: F401  (real: a fixture, the real plenary on 2026-03-16)


def _snapshot(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lianxi.lock"}


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
    full = run("tasks", "--history", "--data", real).stdout
    assert f"{REAL}/1 牵头 区卫健局：2026-11-10（进行中）第二次报告\n      此前：2026-10-10（进行中）第一次报告\n" in full
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


# ---------------------------------------------------------------- 2. alert and group edit / close


def _alert(run, root):
    result = run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "节假日托育机构周边治安（测试数据）",
                 "--date", "2026-11-20", "--data", root)
    assert result.exit_code == 0, result.output


def test_alert_edit_changes_only_the_fields_given(run, data_dir):
    _alert(run, data_dir)
    path = data_dir / "alerts.yaml"
    before = path.read_text(encoding="utf-8")
    dry = run("alert", "edit", "2026-01", "--level", "较重", "--unit", "公安,消防大队", "--measures", "请整改",
              "--dry-run", "--data", data_dir)
    assert dry.exit_code == 0, dry.output
    assert "试运行（--dry-run）：预警 2026-01 将修改以下内容，实际未写入" in dry.stdout
    assert "等级：一般 → 较重" in dry.stdout and "涉及单位：区公安分局 → 区公安分局、区消防救援大队" in dry.stdout
    assert path.read_text(encoding="utf-8") == before
    done = run("alert", "edit", "2026-01", "--level", "较重", "--unit", "公安,消防大队", "--measures", "请整改",
               "--data", data_dir)
    assert done.exit_code == 0 and "已修改预警 2026-01" in done.stdout
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("    level: 一般\n    units: [gongan]\n", "    level: 较重\n    units: [gongan, xiaofang]\n") \
        .replace("治安（测试数据）\n", "治安（测试数据）\n    measures: 请整改\n")
    again = run("alert", "edit", "2026-01", "--level", "较重", "--data", data_dir)
    assert again.exit_code == 0 and "无需变动" in again.stdout
    assert path.read_text(encoding="utf-8") == after
    assert run("validate", "--data", data_dir).exit_code == 0


def test_alert_edit_keeps_a_block_list_and_comments(run, data_dir):
    path = data_dir / "alerts.yaml"
    path.write_text("# 手工维护（测试数据）\nalerts:\n  - id: 2026-01   # 第一条\n    date: 2026-11-20\n"
                    "    level: 一般\n    units:\n      - gongan\n      - xiaofang\n    text: x\n# 末尾\n",
                    encoding="utf-8")
    result = run("alert", "edit", "2026-01", "--unit", "市场监管局", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == ("# 手工维护（测试数据）\nalerts:\n  - id: 2026-01   # 第一条\n"
                                                "    date: 2026-11-20\n    level: 一般\n    units: [shichang]\n"
                                                "    text: x\n# 末尾\n")


@pytest.mark.parametrize("args, code, message", [
    (["2026-09", "--level", "较重"], 1, "找不到预警“2026-09”"),
    (["2026-01"], 2, "请至少给出一项要修改的内容"),
    (["2026-01", "--level", "特别"], 2, "--level 的值 特别 无效"),
    (["2026-01", "--unit", "安"], 1, "安"),
    (["2026-01", "--text", " "], 2, "--text 不能为空"),
    (["2026-01", "--date", "2026-12-05"], 2, "晚于今天"),
])
def test_alert_edit_refusals(run, data_dir, args, code, message):
    _alert(run, data_dir)
    before = _snapshot(data_dir)
    result = run("alert", "edit", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _snapshot(data_dir) == before


def test_alert_edit_date_after_its_closure_is_refused(run, data_dir):
    _alert(run, data_dir)
    assert run("alert", "close", "2026-01", "--note", "已整改", "--date", "2026-11-25", "--data", data_dir).exit_code == 0
    before = _snapshot(data_dir)
    result = run("alert", "edit", "2026-01", "--date", "2026-11-27", "--data", data_dir)
    assert result.exit_code == 1
    assert "销号日期 2026-11-25 早于研判日期 2026-11-27" in result.stderr and "未做任何修改" in result.stderr
    assert _snapshot(data_dir) == before


def test_alert_close_again_changes_nothing(run, data_dir):
    _alert(run, data_dir)
    assert run("alert", "close", "2026-01", "--note", "已整改", "--data", data_dir).exit_code == 0
    before = _snapshot(data_dir)
    again = run("alert", "close", "2026-01", "--note", "已整改", "--data", data_dir)
    assert again.exit_code == 0
    assert "预警 2026-01 已于 2026-11-29 销号（已整改），无需变动" in again.stdout
    assert _snapshot(data_dir) == before


def test_alert_close_dry_run(run, data_dir):
    _alert(run, data_dir)
    before = _snapshot(data_dir)
    result = run("alert", "close", "2026-01", "--note", "已整改", "-n", "--data", data_dir)
    assert result.exit_code == 0 and "将于 2026-11-29 销号，实际未写入" in result.stdout
    assert _snapshot(data_dir) == before


def _group(run, root):
    result = run("group", "new", "--lead", "卫健", "--unit", "公安,消防大队", "--purpose", "联合检查（测试数据）",
                 "--from", "2026-11-01", "--to", "2026-12-31", "--date", "2026-10-20", "--data", root)
    assert result.exit_code == 0, result.output


def test_group_edit(run, data_dir):
    _group(run, data_dir)
    path = data_dir / "groups.yaml"
    before = path.read_text(encoding="utf-8")
    dry = run("group", "edit", "2026-01", "--lead", "公安", "--to", "2027-01-31", "-n", "--data", data_dir)
    assert dry.exit_code == 0
    assert "牵头单位：区卫健局 → 区公安分局" in dry.stdout and "参加单位：区公安分局、区消防救援大队 → 区消防救援大队" in dry.stdout
    assert path.read_text(encoding="utf-8") == before
    done = run("group", "edit", "2026-01", "--lead", "公安", "--to", "2027-01-31", "--name", "联合检查组",
               "--data", data_dir)
    assert done.exit_code == 0, done.output
    group = json.loads(run("groups", "--json", "--data", data_dir).stdout)["groups"][0]
    assert group["lead"]["id"] == "gongan" and [u["id"] for u in group["units"]] == ["xiaofang"]
    assert group["end"] == "2027-01-31" and group["name"] == "联合检查组"
    assert "无需变动" in run("group", "edit", "2026-01", "--lead", "公安", "--data", data_dir).stdout
    assert run("validate", "--data", data_dir).exit_code == 0


@pytest.mark.parametrize("args, code, message", [
    (["2026-09", "--to", "2027-01-31"], 1, "找不到联合工作组“2026-09”"),
    (["2026-01"], 2, "请至少给出一项要修改的内容"),
    (["2026-01", "--to", "2026-10-01"], 2, "工作期限结束 2026-10-01 早于开始 2026-11-01"),
    (["2026-01", "--unit", "卫健"], 2, "除牵头单位外至少需要一个参加单位"),
    (["2026-01", "--lead", "卫"], 1, "卫"),
    (["2026-01", "--from", "十一月"], 2, "--from 的值 十一月 不是日期"),
])
def test_group_edit_refusals(run, data_dir, args, code, message):
    _group(run, data_dir)
    before = _snapshot(data_dir)
    result = run("group", "edit", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _snapshot(data_dir) == before


def test_group_close(run, data_dir):
    _group(run, data_dir)
    before = _snapshot(data_dir)
    dry = run("group", "close", "2026-01", "--date", "2026-11-20", "--summary", "检查23家", "-n", "--data", data_dir)
    assert dry.exit_code == 0 and "将记为于 2026-11-20 结束工作，实际未写入" in dry.stdout
    assert _snapshot(data_dir) == before
    done = run("group", "close", "2026-01", "--date", "2026-11-20", "--summary", "检查23家", "--data", data_dir)
    assert done.exit_code == 0 and "已于 2026-11-20 结束工作" in done.stdout
    assert "    closed: {date: 2026-11-20, summary: 检查23家}\n" in (data_dir / "groups.yaml").read_text(encoding="utf-8")
    group = json.loads(run("groups", "--json", "--data", data_dir).stdout)["groups"][0]
    assert group["state"] == "已结束" and group["closed"] == {"date": "2026-11-20", "summary": "检查23家"}
    assert json.loads(run("groups", "--json", "--as-of", "2026-11-10", "--data", data_dir).stdout)["groups"][0][
        "state"] == "工作中"
    after = _snapshot(data_dir)
    again = run("group", "close", "2026-01", "--summary", "再来一次", "--data", data_dir)
    assert again.exit_code == 0 and "已于 2026-11-20 结束工作，无需变动" in again.stdout
    assert _snapshot(data_dir) == after
    assert run("validate", "--data", data_dir).exit_code == 0


@pytest.mark.parametrize("args, code, message", [
    (["2026-09", "--summary", "x"], 1, "找不到联合工作组“2026-09”"),
    (["2026-01"], 2, "--summary 不能为空"),
    (["2026-01", "--summary", "x", "--date", "2026-10-01"], 1, "结束日期 2026-10-01 早于工作组 2026-01 的成立日期 2026-10-20"),
    (["2026-01", "--summary", "x", "--date", "2026-12-01"], 2, "晚于今天"),
])
def test_group_close_refusals(run, data_dir, args, code, message):
    _group(run, data_dir)
    before = _snapshot(data_dir)
    result = run("group", "close", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _snapshot(data_dir) == before


# ---------------------------------------------------------------- 3. vacating a seat, member units


def test_succession_vacate(run, data_dir):
    path = data_dir / "members.yaml"
    before = _snapshot(data_dir)
    dry = run("succession", "vacate", "公安", "--date", "2026-11-30", "--reason", "退休", "-n", "--data", data_dir)
    assert dry.exit_code == 0, dry.output
    assert "离任：郑惠山（区公安分局副局长）  任期 未载明 至 2026-11-30；原因：退休" in dry.stdout
    assert "此后：空缺（待记录接任者）" in dry.stdout
    assert _snapshot(data_dir) == before
    done = run("succession", "vacate", "公安", "--date", "2026-11-30", "--reason", "退休", "--data", data_dir)
    assert done.exit_code == 0 and "已写入" in done.stdout
    assert "{name: 郑惠山, post: 区公安分局副局长, start: unknown, end: 2026-11-30, end_reason: 退休}" \
        in path.read_text(encoding="utf-8")
    assert "成员        郑惠山" in run("roster", "--as-of", "2026-11-30", "--data", data_dir).stdout
    later = run("roster", "--as-of", "2026-12-01", "--data", data_dir).stdout
    assert [line for line in later.splitlines() if "区公安分局" in line][0].startswith("成员        空缺·待报送")
    assert "成员：空缺·待报送" in run("duties", "公安", "--as-of", "2026-12-01", "--data", data_dir).stdout
    seat = next(s for s in json.loads(run("roster", "--as-of", "2026-12-01", "--json", "--data", data_dir).stdout)["seats"]
                if s["seat"] == "member-gongan")
    assert seat["holder"] is None and seat["vacant_since"] == "2026-12-01"
    found = json.loads(run("check", "--as-of", "2026-12-01", "--json", "--data", data_dir).stdout)["findings"]
    assert any(f["rule"] == "seat-unknown" and f["items"] == ["member-gongan"] for f in found)
    after = _snapshot(data_dir)
    again = run("succession", "vacate", "公安", "--date", "2026-11-30", "--reason", "退休", "--data", data_dir)
    assert again.exit_code == 0 and "已记录，无需重复" in again.stdout
    assert _snapshot(data_dir) == after
    # a successor fills it
    filled = run("succession", "apply", "公安", "--name", "李明（测试）", "--post", "区公安分局副局长",
                 "--date", "2026-12-10", "--data", data_dir)
    assert filled.exit_code == 0 and "原任：空缺" in filled.stdout
    assert run("validate", "--data", data_dir).exit_code == 0


def test_vacate_a_liaison_shows_pending(run, data_dir):
    assert run("liaison", "set", "公安", "--name", "张警官（测试）", "--phone", "0595-87654321", "--date", "2026-10-01",
               "--data", data_dir).exit_code == 0
    result = run("succession", "vacate", "公安", "--role", "联络员", "--date", "2026-11-15", "--reason", "工作调动",
                 "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "此后：待报送" in result.stdout
    assert "区公安分局          待报送" in run("liaisons", "--data", data_dir).stdout


@pytest.mark.parametrize("args, code, message", [
    (["公安", "--reason", "退休"], 2, "请用 --date 给出离任日期"),
    (["公安", "--date", "2026-11-30"], 2, "请用 --reason 给出离任原因"),
    (["--date", "2026-11-30", "--reason", "退休"], 2, "请给出单位"),
    (["公安子", "--date", "2026-11-30", "--reason", "退休"], 1, "公安子"),
    (["卫健", "--date", "2026-11-30", "--reason", "退休"], 1, "区卫健局有 3 个席位"),
    (["卫健", "--role", "办公室主任", "--date", "2026-11-30", "--reason", "退休"], 1, "目前空缺（无在任者），无需记录离任"),
    (["公安", "--role", "主任", "--date", "2026-11-30", "--reason", "退休"], 2, "--role 的值 主任 无效"),
    (["公安", "--date", "2028-11-30", "--reason", "退休"], 1, "距今（2026-11-29）超过一年"),
    (["公安", "--date", "2026-11-31", "--reason", "退休"], 2, "--date 的值 2026-11-31 不是日期"),
])
def test_vacate_refusals(run, data_dir, args, code, message):
    before = _snapshot(data_dir)
    result = run("succession", "vacate", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(data_dir) == before


def test_vacate_before_the_holders_start_is_refused(run, data_dir):
    assert run("succession", "apply", "公安", "--name", "李明（测试）", "--post", "区公安分局副局长",
               "--date", "2026-11-01", "--data", data_dir).exit_code == 0
    before = _snapshot(data_dir)
    result = run("succession", "vacate", "公安", "--date", "2026-10-15", "--reason", "退休", "--data", data_dir)
    assert result.exit_code == 1 and "离任日期 2026-10-15 早于 李明（测试） 的任职开始日期 2026-11-01" in result.stderr
    assert _snapshot(data_dir) == before


def test_member_add(run, data_dir):
    before = _snapshot(data_dir)
    dry = run("member", "add", "区应急管理局", "--alias", "应急管理局,应急局", "-n", "--data", data_dir)
    assert dry.exit_code == 0, dry.output
    assert "试运行（--dry-run）：将增加成员单位 区应急管理局（编号 yingjiguanli）" in dry.stdout
    assert _snapshot(data_dir) == before
    done = run("member", "add", "区应急管理局", "--alias", "应急管理局,应急局", "--name", "张三（测试）",
               "--post", "区应急管理局副局长", "--data", data_dir)
    assert done.exit_code == 0, done.output
    text = (data_dir / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: yingjiguanli\n    name: 区应急管理局\n    aliases: [应急管理局, 应急局]\n    joined: 2026-11-29\n" in text
    assert "  - {id: liaison-yingjiguanli, role: 联络员, unit: yingjiguanli, post: 业务股室负责人, holders: []}\n" in text
    roster = run("roster", "--data", data_dir).stdout
    assert "张三（测试）  区应急管理局副局长" in roster
    assert "区应急管理局        待报送" in run("liaisons", "--data", data_dir).stdout
    assert run("duties", "应急局", "--data", data_dir).exit_code in (0, 1)  # a unit without duties of its own
    found = json.loads(run("check", "--json", "--data", data_dir).stdout)["findings"]
    silent = next(f for f in found if f["rule"] == "unit-not-reported")
    assert "yingjiguanli" in silent["items"] and len(silent["items"]) == 19
    assert run("validate", "--data", data_dir).exit_code == 0
    after = _snapshot(data_dir)
    again = run("member", "add", "区应急管理局", "--alias", "应急管理局,应急局", "--data", data_dir)
    assert again.exit_code == 0 and "无需变动" in again.stdout
    assert _snapshot(data_dir) == after
    # a unit added before a meeting attends it by default; the roster before it joined does not list it
    assert "区应急管理局" not in run("roster", "--as-of", "2026-11-01", "--data", data_dir).stdout


def test_member_add_with_an_id(run, data_dir):
    result = run("member", "add", "区数据管理局", "--id", "shuju", "--short-name", "区数据局", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "编号 shuju" in result.stdout
    text = (data_dir / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: shuju\n    name: 区数据管理局\n    short_name: 区数据局\n" in text


@pytest.mark.parametrize("args, code, message", [
    (["区公安分局"], 1, "已在名册中（编号 gongan），不能重复添加"),
    (["区应急管理局", "--alias", "公安"], 1, "名称“公安”已是区公安分局（编号 gongan）的名称或别名"),
    (["区应急管理局", "--id", "gongan"], 1, "编号 gongan 已被使用"),
    (["区应急管理局", "--id", "Ying Ji"], 2, "--id 的值 Ying Ji 无效"),
    (["区应急管理局", "--name", "张三"], 2, "--name 与 --post 须同时给出"),
    (["  "], 2, "单位名称 不能为空"),
    (["区应急管理局", "--date", "2026-02-30"], 2, "--date 的值 2026-02-30 不是日期"),
])
def test_member_add_refusals(run, data_dir, args, code, message):
    before = _snapshot(data_dir)
    result = run("member", "add", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _snapshot(data_dir) == before


def test_member_add_refuses_the_bundled_data(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data is meant
    result = run("member", "add", "区应急管理局")
    assert result.exit_code == 1 and "内置数据，只读" in result.stderr


def test_member_retire(run, real):
    before = _snapshot(real)
    dry = run("member", "retire", "消防大队", "--date", "2026-11-01", "--reason", "机构改革", "-n", "--data", real)
    assert dry.exit_code == 0, dry.output
    assert "试运行（--dry-run）：将记录 区消防救援大队 自 2026-11-01 起不再是成员单位" in dry.stdout
    assert _snapshot(real) == before
    done = run("member", "retire", "消防大队", "--date", "2026-11-01", "--reason", "机构改革", "--data", real)
    assert done.exit_code == 0, done.output
    assert "成员：王建新 任期至 2026-10-31" in done.stdout
    assert f"议定事项 {REAL}/1“关于开展托育机构安全联合检查”尚未完成，其配合单位区消防救援大队已于2026年11月1日不再是成员单位" \
        in done.stdout
    text = (real / "members.yaml").read_text(encoding="utf-8")
    assert "    aliases: [消防救援大队, 消防大队]\n    left: 2026-11-01\n    left_reason: 机构改革\n" in text
    assert "区消防救援大队" not in run("roster", "--data", real).stdout
    assert "王建新" in run("roster", "--as-of", "2026-10-31", "--data", real).stdout  # history kept
    found = json.loads(run("check", "--json", "--data", real).stdout)["findings"]
    retired = [f for f in found if f["rule"] == "retired-unit"]
    assert [f["items"][0] for f in retired] == [f"{REAL}/1", "xiaofang"]
    assert retired[1]["file"].endswith("duties.yaml") and retired[1]["field"].endswith(".unit")
    silent = next(f for f in found if f["rule"] == "unit-not-reported")
    assert "xiaofang" not in silent["items"]
    assert run("validate", "--data", real).exit_code == 0
    after = _snapshot(real)
    again = run("member", "retire", "消防大队", "--date", "2026-11-01", "--reason", "机构改革", "--data", real)
    assert again.exit_code == 0 and "无需变动" in again.stdout
    assert _snapshot(real) == after
    # the lead reports the task done: it is no longer flagged
    assert run("report", "add", "卫健", "--task", f"{REAL}/1", "--status", "已完成", "--text", "已完成",
               "--data", real).exit_code == 0
    found = json.loads(run("check", "--json", "--data", real).stdout)["findings"]
    assert [f["items"][0] for f in found if f["rule"] == "retired-unit"] == ["xiaofang"]


@pytest.mark.parametrize("args, code, message", [
    (["区政府", "--reason", "x"], 1, "区政府不是联席会议成员单位"),
    (["消防大", "--reason", "x"], 1, "消防大"),
    (["消防大队"], 2, "--reason 不能为空"),
    (["消防大队", "--reason", "x", "--date", "2026-13-01"], 2, "不是日期"),
])
def test_member_retire_refusals(run, data_dir, args, code, message):
    before = _snapshot(data_dir)
    result = run("member", "retire", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _snapshot(data_dir) == before


def test_member_retire_twice_with_another_date(run, data_dir):
    assert run("member", "retire", "消防大队", "--date", "2026-11-01", "--reason", "x", "--data", data_dir).exit_code == 0
    before = _snapshot(data_dir)
    result = run("member", "retire", "消防大队", "--date", "2026-11-05", "--reason", "x", "--data", data_dir)
    assert result.exit_code == 1 and "已于 2026-11-01 不再是成员单位" in result.stderr
    assert _snapshot(data_dir) == before


def test_validate_a_holder_beyond_the_units_retirement(run, data_dir):
    path = data_dir / "members.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    aliases: [消防救援大队, 消防大队]\n", "    aliases: [消防救援大队, 消防大队]\n    left: 2026-11-01\n")
    path.write_text(text, encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "王建新 的任期应在单位退出日期 2026-11-01 之前结束" in result.stderr


# ---------------------------------------------------------------- 4. todo


def test_todo_bundled_data(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data is meant
    result = run("todo")
    assert result.exit_code == 0
    assert result.stdout.startswith("待办事项（截至 2026-11-29，共 4 项）\n一、会议\n"
                                    "  1. 2026年例会尚未安排（规定每年 1 次，已召开 0 次、已安排 0 次；距年底还有 32 天）\n")
    assert "二、人员" in result.stdout and "18 个成员单位的联络员待报送：区事业单位登记中心" in result.stdout
    assert "示例" not in result.stdout and EXAMPLE not in result.stdout  # the example meeting never counts
    data = json.loads(run("todo", "--json").stdout)
    assert data["as_of"] == "2026-11-29" and data["count"] == 4
    assert [t["kind"] for t in data["todo"]] == ["meeting-due", "meeting-due", "seat-pending", "liaison-pending"]


def _upcoming(root: Path, replies: str) -> None:
    (root / "meetings" / "2026-12-10-liaison.yaml").write_text(
        "# 测试数据（虚构）\nkind: liaison\ndate: 2026-12-10\nattending: [gongan, minzheng, jiaoyu]\n"
        "notice: {number: 1, year: 2026, date: 2026-11-25}\n" + replies, encoding="utf-8")


def test_todo_replies_minutes_and_tasks(run, real):
    _upcoming(real, "replies:\n  - {unit: gongan, status: attend, name: 张警官（测试）}\n")
    path = real / "meetings" / f"{REAL}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    - {unit: gongan, date: 2026-09-18}\n", "").replace("    - {unit: fulian, date: 2026-09-18}\n", "")
    path.write_text(text, encoding="utf-8")
    data = json.loads(run("todo", "--json", "--data", real).stdout)
    kinds = {t["kind"]: t for t in data["todo"]}
    assert [u["id"] for u in kinds["replies-missing"]["units"]] == ["minzheng", "jiaoyu"]
    assert kinds["replies-missing"]["date"] == "2026-12-10"
    assert [u["id"] for u in kinds["minutes-agreement"]["units"]] == ["gongan", "fulian"]
    assert kinds["task-overdue"]["items"] == [f"{REAL}/3"]
    assert "meeting-due" not in kinds  # the plenary was held, the liaison meeting is scheduled
    out = run("todo", "--data", real).stdout
    assert "2026年12月10日联络员会议（2026-12-10-liaison）：2 个单位尚未报送回执：区民政局、区教育局" in out
    assert f"2026年3月16日全体会议（{REAL}）的纪要待 2 个与会单位同意：区公安分局、区妇联" in out
    assert f"议定事项 {REAL}/3“关于报送联络员名单”已过完成时限 2026年6月30日（逾期 152 天），牵头单位区卫健局尚未报告" in out
    # an absent unit (jishengxie) is not asked to agree
    assert "区计生协会" not in kinds["minutes-agreement"]["text"]
    # one unit's part
    mine = json.loads(run("todo", "--unit", "公安", "--json", "--data", real).stdout)["todo"]
    assert [t["kind"] for t in mine] == ["minutes-agreement", "liaison-pending"]
    assert all([u["id"] for u in t["units"]] == ["gongan"] for t in mine)
    assert mine[1]["text"] == "区公安分局的联络员待报送"


def test_todo_task_due_soon_and_lead_completion(run, real):
    # task 1 is due 2026-12-31: within 30 days of 2026-12-05
    data = json.loads(run("todo", "--as-of", "2026-12-05", "--json", "--data", real).stdout)
    due = [t for t in data["todo"] if t["kind"] == "task-due"]
    assert [t["items"] for t in due] == [[f"{REAL}/1"]]
    assert "将于 2026年12月31日 到期（还有 26 天），牵头单位区卫健局尚未报告" in due[0]["text"]
    # a cooperating unit's 已完成 does not take it off the list; the lead's does
    _report(run, real, "公安", 1, "已完成", "本单位部分已完成", "2026-11-20")
    data = json.loads(run("todo", "--as-of", "2026-12-05", "--json", "--data", real).stdout)
    assert [t["items"] for t in data["todo"] if t["kind"] == "task-due"] == [[f"{REAL}/1"]]
    _report(run, real, "卫健", 1, "已完成", "联合检查已完成", "2026-11-25")
    data = json.loads(run("todo", "--as-of", "2026-12-05", "--json", "--data", real).stdout)
    assert [t for t in data["todo"] if t["kind"] == "task-due"] == []


def test_todo_notice_not_issued(run, data_dir):
    (data_dir / "meetings" / "2026-12-10-plenary.yaml").write_text(
        "# 测试数据（虚构）\nkind: plenary\ndate: 2026-12-10\n", encoding="utf-8")
    out = run("todo", "--data", data_dir).stdout
    assert "2026年12月10日全体会议（2026-12-10-plenary）：会议通知尚未印发" in out
    assert "2026年例会尚未安排" not in out  # it is scheduled


def test_todo_nothing_to_do(run, data_dir):
    path = data_dir / "members.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("holders: []}", "holders: [{name: 测试联络员, post: 业务股室负责人, start: 2026-01-01}]}")
    text = text.replace("    post: 区卫健局分管同志（兼任）\n    holders: []\n",
                        "    post: 区卫健局分管同志（兼任）\n    holders: [{name: 测试主任, post: 区卫健局副局长, start: 2026-01-01}]\n")
    path.write_text(text, encoding="utf-8")
    for kind, day in (("plenary", "2026-12-10"), ("liaison", "2026-12-11")):
        (data_dir / "meetings" / f"{day}-{kind}.yaml").write_text(
            f"# 测试数据（虚构）\nkind: {kind}\ndate: {day}\nattending: [gongan]\n"
            "notice: {number: 1, year: 2026, date: 2026-11-25}\nreplies: [{unit: gongan, status: attend}]\n",
            encoding="utf-8")
    result = run("todo", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout == "暂无待办（截至 2026-11-29）。\n"
    assert json.loads(run("todo", "--json", "--data", data_dir).stdout)["todo"] == []


def test_todo_upcoming_meeting_with_no_reply_yet(run, data_dir):
    """A notice issued, no reply slip recorded: every attending unit is listed."""
    _upcoming(data_dir, "")
    assert "3 个单位尚未报送回执" in run("todo", "--data", data_dir).stdout


@pytest.mark.parametrize("args, code, message", [
    (["--as-of", "明天"], 2, "--as-of 的值 明天 不是日期"),
    (["--unit", "无此单位"], 1, "找不到单位“无此单位”"),
])
def test_todo_refusals(run, data_dir, args, code, message):
    result = run("todo", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_vacate_json(run, data_dir):
    result = run("succession", "vacate", "公安", "--date", "2026-11-30", "--reason", "退休", "--json", "-n",
                 "--data", data_dir)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["written"] is False
    change = data["changes"][0]
    assert change["kind"] == "vacate" and change["outgoing"]["name"] == "郑惠山"
    assert change["outgoing_end"] == "2026-11-30" and change["reason"] == "退休"


def test_edit_and_close_without_the_list_files(run, data_dir):
    (data_dir / "alerts.yaml").unlink()
    (data_dir / "groups.yaml").unlink()
    before = _snapshot(data_dir)
    for args, message in ((["alert", "edit", "2026-01", "--level", "较重"], "找不到预警“2026-01”（尚无 alerts.yaml）"),
                          (["group", "edit", "2026-01", "--name", "x"], "找不到联合工作组“2026-01”（尚无 groups.yaml）"),
                          (["group", "close", "2026-01", "--summary", "x"], "找不到联合工作组“2026-01”（尚无 groups.yaml）")):
        result = run(*args, "--data", data_dir)
        assert result.exit_code == 1, result.output
        assert message in result.stderr
    assert _snapshot(data_dir) == before


def test_todo_suggested_commands_are_real_commands(run, real, tmp_path, monkeypatch):
    """Every command todo suggests in （lianxi …） runs: here with --dry-run, so nothing is written."""
    monkeypatch.chdir(tmp_path)
    agreed = run("todo", "--data", real).stdout  # the draft minutes: no command suggested yet
    path = real / "meetings" / f"{REAL}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: agreed", 1), encoding="utf-8")
    (real / "meetings" / "2026-10-10-liaison.yaml").write_text(
        "# 测试数据（虚构）\nkind: liaison\ndate: 2026-10-10\nattending: [gongan]\n"
        "notice: {number: 1, year: 2026, date: 2026-09-25}\n", encoding="utf-8")
    out = run("todo", "--data", real).stdout
    assert out != agreed
    suggested = re.findall(r"（(lianxi [^）]+)）", out)
    assert f"lianxi minutes render {REAL} --final -o 纪要.docx" in suggested
    assert "lianxi minutes new 2026-10-10-liaison" in suggested
    for line in suggested:
        args = shlex.split(line)[1:]
        result = run(*args, "--dry-run", "--data", real)
        assert result.exit_code == 0, (line, result.output)
    assert not (tmp_path / "纪要.docx").exists()
