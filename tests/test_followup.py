"""Issue 6: tasks from minutes, reports, the yearly rule check, alerts, joint working groups."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = "2026-09-15-plenary"
REAL = "2026-03-16-plenary"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def real(data_dir: Path) -> Path:
    """The data copy plus a real (non-example) plenary meeting on 2026-03-16 whose minutes are a draft."""
    text = (data_dir / "meetings" / f"{EXAMPLE}.yaml").read_text(encoding="utf-8")
    for old, new in [("example: true", "example: false"), ("date: 2026-09-15", "date: 2026-03-16"),
                     ("status: issued", "status: draft"), ("  number: 1\n  date: 2026-09-22\n", ""),
                     ("2026-09-11", "2026-03-12"), ("deadline: 2026-09-30", "deadline: 2026-06-30")]:
        assert old in text, old
        text = text.replace(old, new)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("# 示例"))
    (data_dir / "meetings" / f"{REAL}.yaml").write_text(text, encoding="utf-8")
    return data_dir


# ---------------------------------------------------------------- tasks


def test_tasks_hide_the_example_meeting_by_default(run):
    result = run("tasks")
    assert result.exit_code == 0
    assert "没有议定事项（截至 2026-11-29）" in result.stdout
    assert "另有 3 项示例会议的事项未列出" in result.stdout


def test_tasks_of_the_bundled_example_meeting(run):
    result = run("tasks", "--examples", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [t["id"] for t in data["tasks"]] == [f"{EXAMPLE}/1", f"{EXAMPLE}/2", f"{EXAMPLE}/3"]
    first = data["tasks"][0]
    assert first["example"] is True
    assert first["lead"]["id"] == "weijian"
    assert [u["id"] for u in first["cooperating"]] == ["xiaofang", "shichang", "gongan"]
    assert first["deadline"] == "2026-12-31" and first["status"] == "未报告" and not first["overdue"]
    assert data["tasks"][2]["overdue"] is True  # deadline 2026-09-30, nobody reported
    text = run("tasks", "--examples").stdout
    assert f"{EXAMPLE}/3（示例）" in text and "未报告·逾期" in text


def test_overdue_task_found_by_as_of(run, real):
    before = run("tasks", "--overdue", "--as-of", "2026-06-30", "--data", real)
    assert before.exit_code == 0
    assert "没有逾期未完成的议定事项（截至 2026-06-30）" in before.stdout
    after = run("tasks", "--overdue", "--as-of", "2026-07-01", "--data", real, "--json")
    assert [t["id"] for t in json.loads(after.stdout)["tasks"]] == [f"{REAL}/3"]


def test_tasks_by_unit(run, real):
    result = run("tasks", "--unit", "公安", "--data", real, "--json")
    assert [t["id"] for t in json.loads(result.stdout)["tasks"]] == [f"{REAL}/1"]
    assert run("tasks", "--unit", "公按局", "--data", real).exit_code == 1


# ---------------------------------------------------------------- report add


def test_report_add_appends_text_and_updates_status(run, real):
    path = real / "reports.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("report", "add", "公安", "--task", f"{REAL}/1", "--status", "进行中",
                 "--text", "已完成辖区12家托育机构治安检查", "--date", "2026-11-20", "--data", real)
    assert result.exit_code == 0, result.output
    assert "已记录：区公安分局 2026-11-20 报告议定事项" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.replace("reports: []\n", "reports:\n"))  # comments kept byte for byte
    assert after.endswith("  - unit: gongan\n    date: 2026-11-20\n    task: 2026-03-16-plenary/1\n"
                          "    status: 进行中\n    text: 已完成辖区12家托育机构治安检查\n")
    second = run("report", "add", "区卫健局", "--task", f"{REAL}/1", "--status", "已完成",
                 "--text", "联合检查已完成，问题均已整改", "--data", real)
    assert second.exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(after)
    task = json.loads(run("tasks", "--data", real, "--json").stdout)["tasks"][0]
    assert task["status"] == "已完成" and task["latest_report"]["unit"]["id"] == "weijian"
    assert run("validate", "--data", real).exit_code == 0


def test_report_add_keeps_a_hand_edited_file(run, real):
    path = real / "reports.yaml"
    hand = ("# 手工维护的报告\nreports:\n    # 教育局的报告\n    - unit: jiaoyu   # 教育\n"
            "      date: 2026-05-06\n      text: \"开展托育从业人员培训\"\n\n# 文件末尾的注释\n")
    path.write_text(hand, encoding="utf-8")
    result = run("report", "add", "妇联", "--text", "开展家庭科学育儿指导", "--data", real)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(hand)
    assert text[len(hand):] == "    - unit: fulian\n      date: 2026-11-29\n      text: 开展家庭科学育儿指导\n"


def test_report_on_the_example_meeting_warns(run, data_dir):
    result = run("report", "add", "公安", "--task", f"{EXAMPLE}/1", "--status", "进行中", "--text", "检查中",
                 "--data", data_dir)
    assert result.exit_code == 0
    assert "该事项来自示例会议" in result.stderr


@pytest.mark.parametrize("args, code, message", [
    (["公按局", "--text", "x"], 1, "找不到单位“公按局”"),
    (["公安", "--task", f"{REAL}/9", "--status", "进行中", "--text", "x"], 1, f"找不到议定事项“{REAL}/9”"),
    (["公安", "--task", "无此会议", "--status", "进行中", "--text", "x"], 1, "找不到议定事项“无此会议”"),
    (["公安", "--task", f"{REAL}/1", "--status", "完成", "--text", "x"], 2, "--status 的值 完成 无效，应为：进行中、已完成"),
    (["公安", "--task", f"{REAL}/1", "--text", "x"], 2, "报告议定事项时须给出 --status"),
    (["公安", "--status", "进行中", "--text", "x"], 2, "--status 只用于报告议定事项"),
    (["财政", "--task", f"{REAL}/1", "--status", "进行中", "--text", "x"], 1,
     "区财政局不是议定事项 2026-03-16-plenary/1“关于开展托育机构安全联合检查”的牵头或配合单位"),
    (["公安", "--text", "x", "--date", "2026-12-01"], 2, "--date 2026-12-01 晚于今天"),
    (["公安", "--text", "x", "--date", "2026-13-01"], 2, "--date 的值 2026-13-01 不是日期"),
    (["公安", "--text", "  "], 2, "--text 不能为空"),
])
def test_report_add_errors(run, real, args, code, message):
    before = (real / "reports.yaml").read_text(encoding="utf-8")
    result = run("report", "add", *args, "--data", real)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert (real / "reports.yaml").read_text(encoding="utf-8") == before


def test_report_add_read_only_dir(run, real, monkeypatch):
    import lianxi.store as store

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store.tempfile, "mkstemp", refuse)
    before = (real / "reports.yaml").read_text(encoding="utf-8")
    result = run("report", "add", "公安", "--text", "x", "--data", real)
    assert result.exit_code == 1
    assert "没有写入权限（目录只读？）" in result.stderr and "未做任何修改" in result.stderr
    assert (real / "reports.yaml").read_text(encoding="utf-8") == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_report_add_read_only_dir_for_real(run, real):
    os.chmod(real, 0o555)
    try:
        result = run("report", "add", "公安", "--text", "x", "--data", real)
    finally:
        os.chmod(real, 0o755)
    assert result.exit_code == 1
    assert "没有写入权限" in result.stderr


def test_report_add_crash_before_rename_leaves_file(run, real, monkeypatch):
    import lianxi.store as store

    def crash():
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(store, "_before_rename_hook", crash)
    before = (real / "reports.yaml").read_text(encoding="utf-8")
    result = run("report", "add", "公安", "--text", "x", "--data", real)
    assert result.exit_code == 1
    assert (real / "reports.yaml").read_text(encoding="utf-8") == before
    assert not [p for p in real.iterdir() if p.name.endswith(".tmp")]


def test_report_add_refuses_an_invalid_file(run, real):
    path = real / "reports.yaml"
    _edit(path, "\nreports: []", "\nreports:\n  - unit: gongan\n    date: 2026-13-01\n    text: x")
    before = path.read_text(encoding="utf-8")
    result = run("report", "add", "公安", "--text", "y", "--data", real)
    assert result.exit_code == 1
    line = _line_of(path, "2026-13-01")
    assert f"reports.yaml:{line}:11: reports[0].date: 日期 2026-13-01 不存在" in result.stderr
    assert path.read_text(encoding="utf-8") == before


def test_report_add_refuses_a_flow_style_list(run, real):
    path = real / "reports.yaml"
    _edit(path, "\nreports: []", "\nreports: [{unit: gongan, date: 2026-05-01, text: x}]")
    before = path.read_text(encoding="utf-8")
    result = run("report", "add", "公安", "--text", "y", "--data", real)
    assert result.exit_code == 1
    assert "不便于安全地追加" in result.stderr
    assert path.read_text(encoding="utf-8") == before


def test_report_add_creates_a_missing_file(run, real):
    (real / "reports.yaml").unlink()
    assert run("validate", "--data", real).exit_code == 0  # absent = no reports
    result = run("report", "add", "公安", "--text", "开展托育机构治安检查", "--data", real)
    assert result.exit_code == 0
    text = (real / "reports.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.schema/reports.schema.json\n")
    assert text.endswith("reports:\n  - unit: gongan\n    date: 2026-11-29\n    text: 开展托育机构治安检查\n")


# ---------------------------------------------------------------- validate: reports, alerts, groups


@pytest.mark.parametrize("entry, field, message", [
    ("  - unit: gonan\n    date: 2026-05-01\n    text: x", "reports[0].unit", "单位“gonan”不存在"),
    ("  - unit: gongan\n    date: 2026-05-01\n    task: 2026-03-16-plenary/7\n    status: 进行中\n    text: x",
     "reports[0].task", "议定事项“2026-03-16-plenary/7”不存在"),
    ("  - unit: gongan\n    date: 2026-05-01\n    task: 第一项\n    status: 进行中\n    text: x",
     "reports[0].task", "议定事项编号应为“会议编号/序号”"),
    ("  - unit: gongan\n    date: 2026-05-01\n    task: 2026-03-16-plenary/1\n    status: 完成\n    text: x",
     "reports[0].status", "应为以下之一：'进行中'、'已完成'"),
    ("  - unit: gongan\n    date: 2026-05-01\n    status: 进行中\n    text: x",
     "reports[0].status", "只有报告议定事项（task）时才写 status"),
    ("  - unit: gongan\n    date: 2026-03-01\n    task: 2026-03-16-plenary/1\n    status: 进行中\n    text: x",
     "reports[0].date", "报告日期 2026-03-01 早于会议日期 2026-03-16"),
    ("  - unit: gongan\n    date: 2026-12-25\n    text: x", "reports[0].date", "报告日期 2026-12-25 晚于今天"),
])
def test_validate_reports(run, real, entry, field, message):
    _edit(real / "reports.yaml", "\nreports: []", "\nreports:\n" + entry)
    result = run("validate", "--data", real)
    assert result.exit_code == 1
    assert f": {field}: {message}" in result.stderr
    assert "reports.yaml:" in result.stderr


def test_validate_alerts_and_groups(run, real):
    _edit(real / "alerts.yaml", "\nalerts: []",
          "alerts:\n  - id: 2026-01\n    date: 2026-05-01\n    level: 严重\n    units: [gongan]\n    text: x\n"
          "  - id: 2026-01\n    date: 2026-05-01\n    level: 一般\n    units: [gonan]\n    text: x\n"
          "    closed: {date: 2026-04-01, note: 已整改}")
    _edit(real / "groups.yaml", "\ngroups: []",
          "groups:\n  - id: 2026-01\n    date: 2026-05-01\n    lead: weijian\n    units: [weijian, xiaofan]\n"
          "    purpose: 检查\n    start: 2026-06-01\n    end: 2026-05-01")
    result = run("validate", "--data", real)
    assert result.exit_code == 1
    err = result.stderr
    assert "alerts[1].id: 预警编号“2026-01”重复（第一次出现在第" in err
    assert "alerts[1].units[0]: 单位“gonan”不存在" in err
    assert "alerts[1].closed.date: 销号日期 2026-04-01 早于研判日期 2026-05-01" in err
    assert "groups[0].units: 牵头单位不必再列入参加单位" in err
    assert "groups[0].units[1]: 单位“xiaofan”不存在" in err
    assert "groups[0].end: 结束日期 2026-05-01 早于开始日期 2026-06-01" in err


def test_validate_alert_level(run, real):
    _edit(real / "alerts.yaml", "\nalerts: []",
          "\nalerts:\n  - id: 2026-01\n    date: 2026-05-01\n    level: 特别严重\n    units: [gongan]\n    text: x")
    result = run("validate", "--data", real)
    assert result.exit_code == 1
    line = _line_of(real / "alerts.yaml", "特别严重")
    assert f"alerts.yaml:{line}:5: alerts[0].level: 应为以下之一：" in result.stderr
    assert "实际是 '特别严重'" in result.stderr


def test_validate_reports_check_findings_as_warnings(run):
    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["valid"] and not data["errors"]
    rules = [w["rule"] for w in data["warnings"]]
    assert rules == ["meeting-due", "meeting-due", "unit-not-reported", "seat-unknown", "seat-unknown"]
    assert all(w["severity"] == "warning" for w in data["warnings"])
    text = run("validate").stdout
    assert "校验通过" in text and "（5 条警告）" in text


# ---------------------------------------------------------------- check


def test_check_bundled_data_says_what_the_rules_still_require(run):
    result = run("check", "--year", "2026", "--as-of", "2026-11-29")
    assert result.exit_code == 0
    assert result.stdout == (
        "泉港区婴幼儿照护服务工作联席会议 2026 年规则检查（截至 2026-11-29）：5 项警告\n"
        "1. 2026年例会尚未召开（已召开 0 次、已安排 0 次，规定每年 1 次；示例会议 2026-09-15-plenary 不计入）；"
        "距年底还有 32 天\n"
        "   依据：联席会议原则上每年召开1次例会，由召集人或者副召集人主持\n"
        f"   位置：{_loc('charter.yaml', 55)}\n"
        "2. 2026年联络员会议尚未召开（已召开 0 次、已安排 0 次，规定每年 1 次）；距年底还有 32 天\n"
        "   依据：联络员会议，原则上每年召开1次\n"
        f"   位置：{_loc('charter.yaml', 65)}\n"
        "3. 18 个成员单位2026年尚未报告工作情况：区事业单位登记中心、区发改局、区教育局、区公安分局、区民政局、区财政局、"
        "区人社局、区自然资源局、区住建局、区卫健局、区防汛办、区税务分局、区市场监督管理局、区总工会、团区委、区妇联、"
        "区计生协会、区消防救援大队\n"
        "   依据：各成员单位要将履行婴幼儿照护服务的各项职责、落实联席会议决定事项以及开展工作等情况，及时报告联席会议。\n"
        f"   位置：{_loc('charter.yaml', 82)}\n"
        "4. 联席会议办公室主任未载明：区卫健局分管同志（兼任）\n"
        "   依据：联席会议办公室设在区卫健局，办公室主任由区卫健局分管同志兼任\n"
        f"   位置：{_loc('members.yaml', 191)}\n"
        "5. 18 个成员单位的联络员待报送：区事业单位登记中心、区发改局、区教育局、区公安分局、区民政局、区财政局、区人社局、"
        "区自然资源局、区住建局、区卫健局、区防汛办、区税务分局、区市场监督管理局、区总工会、团区委、区妇联、区计生协会、"
        "区消防救援大队\n"
        "   依据：各成员单位业务股室负责人担任联络员\n"
        f"   位置：{_loc('members.yaml', 198)}\n")


def _loc(name: str, line: int) -> str:
    from lianxi.store import display_path, resolve_data_dir

    # the directory the command itself resolves: ./data when the tests run from the checkout
    return f"{display_path(resolve_data_dir(None) / name)}:{line}"


def test_check_strict_makes_findings_errors(run):
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert "5 项错误" in result.stderr


def test_check_json(run, real):
    data = json.loads(run("check", "--json", "--data", real).stdout)
    assert data["year"] == 2026 and data["as_of"] == "2026-11-29" and not data["ok"]
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert set(by_rule) == {"meeting-due", "minutes-not-issued", "task-overdue", "unit-not-reported", "seat-unknown"}
    assert by_rule["meeting-due"]["items"] == ["liaison"]  # the real plenary meeting was held
    assert by_rule["minutes-not-issued"]["items"] == [REAL]
    assert by_rule["task-overdue"]["items"] == [f"{REAL}/3"]
    assert by_rule["task-overdue"]["file"].endswith(f"meetings/{REAL}.yaml")
    assert by_rule["task-overdue"]["field"] == "minutes.matters[2].deadline"
    assert by_rule["task-overdue"]["cite"].startswith("各成员单位要将履行")


def test_check_overdue_task_and_units_without_report(run, real):
    result = run("check", "--as-of", "2026-07-01", "--data", real)
    assert "议定事项 2026-03-16-plenary/3“关于报送联络员名单”已过完成时限 2026年6月30日，区卫健局尚未报告落实情况" \
        in result.stdout
    assert run("check", "--as-of", "2026-06-30", "--data", real, "--json").stdout.count("task-overdue") == 0
    assert run("report", "add", "卫健", "--task", f"{REAL}/3", "--status", "进行中", "--text", "已收到12家",
               "--date", "2026-07-02", "--data", real).exit_code == 0
    later = run("check", "--as-of", "2026-07-05", "--data", real).stdout
    assert "仍未完成（最近报告：区卫健局 2026年7月2日 进行中）" in later
    assert "17 个成员单位2026年尚未报告工作情况：区事业单位登记中心、区发改局、区教育局" in later
    assert "区住建局、区防汛办" in later  # 区卫健局 has reported
    assert "（最近报告" not in run("check", "--as-of", "2026-07-01", "--data", real).stdout  # as of before


def test_check_a_past_year(run, data_dir):
    result = run("check", "--year", "2025", "--data", data_dir, "--json")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2025-12-31"
    messages = [f["message"] for f in data["findings"] if f["rule"] == "meeting-due"]
    assert messages == ["2025年例会召开 0 次，少于规定的每年 1 次", "2025年联络员会议召开 0 次，少于规定的每年 1 次"]


def test_check_usage_errors(run):
    assert run("check", "--year", "2027", "--as-of", "2026-11-29").exit_code == 2
    assert run("check", "--as-of", "明天").exit_code == 2


# ---------------------------------------------------------------- alerts


def _add_alert(run, data_dir, *extra):
    return run("alert", "add", "--level", "较重", "--units", "市场监管局,消防", "--title", "部分托育机构消防通道堵塞",
               "--text", "近期检查发现部分托育机构消防通道堵塞、安全出口不畅", "--date", "2026-11-25",
               "--data", data_dir, *extra)


def test_alert_lifecycle(run, data_dir):
    path = data_dir / "alerts.yaml"
    before = path.read_text(encoding="utf-8")
    result = _add_alert(run, data_dir, "--measures", "请有关单位于2026年12月15日前完成复查整改")
    assert result.exit_code == 0, result.output
    assert "已记录预警 2026-01（较重）" in result.stdout
    assert run("alert", "add", "--level", "一般", "--units", "公安", "--text", "节假日托育机构周边治安",
               "--data", data_dir).exit_code == 0
    listed = json.loads(run("alerts", "--json", "--data", data_dir).stdout)["alerts"]
    assert [a["id"] for a in listed] == ["2026-01", "2026-02"]
    assert [u["id"] for u in listed[0]["units"]] == ["shichang", "xiaofang"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before.replace("alerts: []\n", "alerts:\n"))
    closed = run("alert", "close", "2026-01", "--note", "已全部整改到位", "--data", data_dir)
    assert closed.exit_code == 0 and "预警 2026-01 已销号" in closed.stdout
    after = path.read_text(encoding="utf-8")
    assert "    closed: {date: 2026-11-29, note: 已全部整改到位}\n  - id: 2026-02\n" in after
    assert after.replace("    closed: {date: 2026-11-29, note: 已全部整改到位}\n", "") == text
    open_ids = [a["id"] for a in json.loads(run("alerts", "--json", "--data", data_dir).stdout)["alerts"]]
    assert open_ids == ["2026-02"]
    assert "已销号 2026-11-29" in run("alerts", "--all", "--data", data_dir).stdout
    again = run("alert", "close", "2026-01", "--note", "x", "--data", data_dir)
    assert again.exit_code == 1 and "已于 2026-11-29 销号" in again.stderr and "不同" in again.stderr
    same = run("alert", "close", "2026-01", "--note", "已全部整改到位", "--data", data_dir)  # a repeat: done already
    assert same.exit_code == 0 and "无需变动" in same.stdout
    assert path.read_text(encoding="utf-8") == after
    assert run("validate", "--data", data_dir).exit_code == 0


def test_alert_notice_golden(run, data_dir):
    assert _add_alert(run, data_dir, "--measures", "请区市场监督管理局、区消防救援大队于2026年12月15日前完成复查，"
                      "督促有关托育机构立即整改").exit_code == 0
    result = run("alert", "notice", "2026-01", "--data", data_dir)
    assert result.exit_code == 0
    _golden("alert.md", result.stdout)
    out = data_dir.parent / "通报.md"
    final = run("alert", "notice", "2026-01", "-o", out, "--final", "--data", data_dir)
    assert final.exit_code == 0 and "文号：泉港托育联办〔2026〕1号（已登记）" in final.stderr
    # the final 通报 is the draft with its 文号 under the issuing-organ mark
    mark = "泉港区婴幼儿照护服务工作联席会议办公室文件\n"
    assert out.read_text(encoding="utf-8") == result.stdout.replace(mark, mark + "泉港托育联办〔2026〕1号\n", 1)
    register = (data_dir / "registers.yaml").read_text(encoding="utf-8")
    assert "document: alert 2026-01" in register and "title: 预警通报" in register
    # issuing again gives the same number, never a second one
    again = run("alert", "notice", "2026-01", "--final", "-o", out, "--force", "--data", data_dir)
    assert again.exit_code == 0 and "泉港托育联办〔2026〕1号" in again.stderr
    assert (data_dir / "registers.yaml").read_text(encoding="utf-8") == register
    assert run("alert", "notice", "2026-01", "-o", out, "--data", data_dir).exit_code == 2  # no --force
    assert run("validate", "--data", data_dir).exit_code == 0


def test_alert_notice_without_measures_is_a_draft(run, data_dir):
    assert _add_alert(run, data_dir).exit_code == 0
    draft = run("alert", "notice", "2026-01", "--data", data_dir)
    assert draft.exit_code == 0
    assert "〔待定：工作要求〕" in draft.stdout and "草稿：以下 1 项待定" in draft.stderr
    register = (data_dir / "registers.yaml").read_text(encoding="utf-8")
    final = run("alert", "notice", "2026-01", "--final", "--data", data_dir)
    assert final.exit_code == 1 and "不能正式印发：以下 1 项待定——工作要求" in final.stderr
    assert "lianxi alert edit 2026-01 --measures" in final.stderr and "alerts.yaml" not in final.stderr
    assert (data_dir / "registers.yaml").read_text(encoding="utf-8") == register  # no number taken


@pytest.mark.parametrize("args, code, message", [
    (["add", "--level", "特别严重", "--units", "公安", "--text", "x"], 2, "--level 的值 特别严重 无效，应为：一般、较重、严重"),
    (["add", "--level", "一般", "--units", "公按局", "--text", "x"], 1, "找不到单位“公按局”"),
    (["add", "--level", "一般", "--units", " , ", "--text", "x"], 2, "--unit 至少需要一个单位"),
    (["add", "--level", "一般", "--units", "公安", "--text", "x", "--date", "2027-01-01"], 2, "晚于今天"),
    (["close", "2026-09", "--note", "x"], 1, "找不到预警“2026-09”"),
    (["notice", "2026-09"], 1, "找不到预警“2026-09”"),
])
def test_alert_errors(run, data_dir, args, code, message):
    result = run("alert", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_alert_close_before_it_was_raised(run, data_dir):
    assert _add_alert(run, data_dir).exit_code == 0
    result = run("alert", "close", "2026-01", "--note", "x", "--date", "2026-11-01", "--data", data_dir)
    assert result.exit_code == 1 and "销号日期 2026-11-01 早于研判日期 2026-11-25" in result.stderr


# ---------------------------------------------------------------- joint working groups


def _new_group(run, data_dir, *extra):
    return run("group", "new", "--lead", "卫健", "--units", "市场监管局,消防", "--units", "公安",
               "--name", "托育机构安全联合检查组",
               "--purpose", "对全区托育机构的消防、食品和卫生安全开展联合检查，查处违法违规行为",
               "--from", "2026-12-01", "--to", "2026-12-31", "--data", data_dir, *extra)


def test_group_new_list_and_notice(run, data_dir):
    result = _new_group(run, data_dir)
    assert result.exit_code == 0, result.output
    assert "已成立联合工作组 2026-01：托育机构安全联合检查组" in result.stdout
    groups = json.loads(run("groups", "--json", "--data", data_dir).stdout)["groups"]
    assert groups[0]["state"] == "未开始"
    assert [u["id"] for u in groups[0]["units"]] == ["shichang", "xiaofang", "gongan"]
    assert "工作中" in run("groups", "--as-of", "2026-12-10", "--data", data_dir).stdout
    notice = run("group", "notice", "2026-01", "--data", data_dir)
    assert notice.exit_code == 0
    _golden("group.md", notice.stdout)
    assert run("validate", "--data", data_dir).exit_code == 0


@pytest.mark.parametrize("option, value, code, message", [
    ("--lead", "卫间局", 1, "找不到单位“卫间局”"),
    ("--units", "公按", 1, "找不到单位“公按”"),
    ("--units", "卫健", 2, "--unit 除牵头单位外至少需要一个参加单位"),
    ("--to", "2026-11-30", 2, "--to 2026-11-30 早于 --from 2026-12-01"),
    ("--from", "12月32日", 2, "--from 的值 12月32日 不是日期，可写作 2027-03-01、2027-3-1、2027/3/1"),
    ("--purpose", " ", 2, "--purpose 不能为空"),
])
def test_group_errors(run, data_dir, option, value, code, message):
    before = (data_dir / "groups.yaml").read_text(encoding="utf-8")
    args = {"--lead": "卫健", "--units": "公安", "--purpose": "检查", "--from": "2026-12-01", "--to": "2026-12-31"}
    args[option] = value
    flat = [x for pair in args.items() for x in pair]
    result = run("group", "new", *flat, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert (data_dir / "groups.yaml").read_text(encoding="utf-8") == before
    assert run("group", "notice", "2026-01", "--data", data_dir).exit_code == 1


def test_groups_empty(run):
    assert "尚未组织联合工作组" in run("groups").stdout


# ---------------------------------------------------------------- annual summary


def test_annual_summary_golden(run, real):
    assert run("report", "add", "公安", "--task", f"{REAL}/1", "--status", "进行中",
               "--text", "已完成辖区12家托育机构治安检查", "--date", "2026-11-20", "--data", real).exit_code == 0
    assert run("report", "add", "发改", "--task", f"{REAL}/2", "--status", "进行中",
               "--text", "普惠托育服务支持措施已形成初稿", "--date", "2026-10-12", "--data", real).exit_code == 0
    assert run("report", "add", "卫健", "--task", f"{REAL}/3", "--status", "已完成",
               "--text", "18个成员单位联络员名单已全部收齐", "--date", "2026-08-15", "--data", real).exit_code == 0
    assert _add_alert(run, real, "--measures", "请有关单位于2026年12月15日前完成复查").exit_code == 0
    assert _new_group(run, real).exit_code == 0
    result = run("report", "annual", "2026", "--data", real)
    assert result.exit_code == 0, result.output
    _golden("annual.md", result.stdout)
    assert "示例" not in result.stdout  # the bundled example meeting never counts


def test_annual_summary_bundled(run):
    result = run("report", "annual", "2026")
    assert result.exit_code == 0
    assert "例会：规定每年召开1次，本年召开0次，未达到规定次数。" in result.stdout
    assert "本年会议无议定事项。" in result.stdout


def test_annual_summary_errors(run, data_dir):
    assert run("report", "annual", "2027", "--data", data_dir).exit_code == 2
    assert run("report", "annual", "2026", "--format", "pdf", "--data", data_dir).exit_code == 2
