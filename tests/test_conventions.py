"""The conventions every command keeps (docs/README.md, 写入命令的共同约定 and 退出码):
one exit-code table, dates as people type them, every error of a batch file at once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from lianxi.dates import read_date

# ------------------------------------------------------------------ exit codes: 0 done, 1 data / nothing found, 2 usage


def test_nothing_found_is_1_for_a_name_and_for_grep(run):
    assert run("duties", "不存在").exit_code == 1
    result = run("duties", "-g", "不存在")
    assert result.exit_code == 1 and "没有职责提到“不存在”" in result.stderr
    assert run("duties", "-g", "不存在", "--json").exit_code == 1


@pytest.mark.parametrize("args", [
    ("liaison", "set", "公安", "--name", "张警官", "--phone", "12ab"),
    ("liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321", "--date", "2026-13-01"),
    ("succession", "apply", "公安", "--name", "李明", "--post", "副局长", "--date", "明天"),
    ("succession", "apply", "公安", "--name", "李明", "--post", "副局长", "--date", "2026-11-01", "--phone", "电话"),
], ids=["bad phone", "bad date (liaison)", "bad date", "bad phone (succession)"])
def test_a_bad_phone_and_a_bad_date_are_both_usage_errors(run, data_dir, args):
    before = (data_dir / "members.yaml").read_bytes()
    result = run(*args, "--data", data_dir)
    assert result.exit_code == 2, result.output
    assert "可写作" in result.stderr
    assert (data_dir / "members.yaml").read_bytes() == before


def _alert(run, data_dir):
    assert run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "节假日托育机构周边治安",
               "--data", data_dir).exit_code == 0


@pytest.mark.parametrize("args, setup", [
    (("alert", "close", "2026-01", "--note", "已全部整改到位"), _alert),
    (("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长", "--date", "2026-11-01"), None),
    (("liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321"), None),
    (("who", "learn", "托育园的饮用水归谁管", "卫健"), None),
], ids=["alert close", "succession apply", "liaison set", "who learn"])
def test_repeating_a_completed_write_is_a_no_op_success(run, data_dir, args, setup):
    if setup:
        setup(run, data_dir)
    first = run(*args, "--data", data_dir)
    assert first.exit_code == 0, first.output
    state = {p: p.read_bytes() for p in data_dir.rglob("*.yaml")}
    again = run(*args, "--data", data_dir)
    assert again.exit_code == 0, again.output
    assert "无需变动" in again.stdout
    assert {p: p.read_bytes() for p in data_dir.rglob("*.yaml")} == state


@pytest.mark.parametrize("args", [["notice", "--help"], ["--help"], ["duties"], ["succession", "apply", "--help"]])
def test_a_closed_pipe_is_a_quiet_success(args):
    proc = subprocess.Popen([sys.executable, "-m", "lianxi", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={"COLUMNS": "80", "PATH": "/usr/bin:/bin", "LIANXI_TODAY": "2026-11-29"})
    proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait() == 0, err
    assert "Traceback" not in err and "Broken pipe" not in err and "Exception" not in err


# ------------------------------------------------------------------ dates as people type them


@pytest.mark.parametrize("typed, day", [
    ("2026-01-05", dt.date(2026, 1, 5)), ("2026-1-5", dt.date(2026, 1, 5)), ("2026/1/5", dt.date(2026, 1, 5)),
    ("2026.1.5", dt.date(2026, 1, 5)), ("2026年1月5日", dt.date(2026, 1, 5)), ("2026年1月5号", dt.date(2026, 1, 5)),
    ("20260105", dt.date(2026, 1, 5)), ("1月5日", dt.date(2026, 1, 5)), ("11月2日", dt.date(2026, 11, 2)),
    ("２０２６年１月５日", dt.date(2026, 1, 5)), (" 2026 年 1 月 5 日 ", dt.date(2026, 1, 5)),
])
def test_common_date_forms(typed, day):
    assert read_date(typed) == day  # "1月5日": this year of the pinned today (2026-11-29)


@pytest.mark.parametrize("typed", ["2026-13-01", "2026年2月30日", "明天", "1/5", "2026-01", "202615", ""])
def test_not_dates(typed):
    assert read_date(typed) is None


def test_a_date_typed_in_chinese_reaches_the_record(run, data_dir):
    result = run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "测试（虚构）", "--date", "2026年11月5日",
                 "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "date: 2026-11-05" in (data_dir / "alerts.yaml").read_text(encoding="utf-8")


def test_a_bad_date_names_the_accepted_forms(run, data_dir):
    result = run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "x", "--date", "11月31日",
                 "--data", data_dir)
    assert result.exit_code == 2
    assert "--date 的值 11月31日 不是日期，可写作" in result.stderr and "2027年3月1日" in result.stderr


# ------------------------------------------------------------------ a batch file: every error at once


def test_a_changes_file_with_several_errors_reports_all_of_them(run, data_dir, tmp_path):
    changes = tmp_path / "换届.yaml"
    changes.write_text(
        "# 虚构的变动文件（测试用）\n"
        "date: 2026-11-01\nreason: 换届\nchanges:\n"
        "  - unit: 公安\n    name: 李明\n    post: 区公安分局副局长\n    phone: \"12ab\"\n"
        "  - unit: 不存在的局\n    name: 王五\n    post: 局长\n"
        "  - unit: 区税务局\n    name: 赵六\n    post: 副局长\n    phone: 1234\n"
        "  - unit: 区卫健局\n    role: 成员\n    name: 钱七\n    post: 区卫健局副局长\n", encoding="utf-8")
    before = (data_dir / "members.yaml").read_bytes()
    result = run("succession", "apply", "--from", changes, "--data", data_dir)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "换届.yaml:" in line]
    assert len(lines) == 3, result.stderr
    assert "changes[0].phone" in lines[0] and "电话号码格式不对" in lines[0]
    assert "changes[1]" in lines[1] and "不存在的局" in lines[1]
    assert "changes[2].phone" in lines[2] and "应为文本" in lines[2]
    assert "共 3 处错误" in result.stderr and "未做任何修改" in result.stderr
    assert (data_dir / "members.yaml").read_bytes() == before
