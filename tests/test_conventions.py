"""The conventions every command keeps (docs/README.md, 写入命令的共同约定 and 退出码):
one exit-code table, dates as people type them, every error of a batch file at once."""

from __future__ import annotations

import datetime as dt
import re
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


# ------------------------------------------------------------------ no English from libraries or the OS

ENGLISH = re.compile(r"\b(?:[Ee]xpected|[Nn]o such|[Ii]nput should|[Mm]apping values|[Uu]nexpected|[Ee]rror|"
                     r"[Ss]hell \w+ not|[Cc]ompletion|[Pp]ermission denied|[Ii]nvalid|[Nn]ot supported)\b")


def test_a_yaml_syntax_error_is_chinese_and_located(run, data_dir):
    path = data_dir / "duties.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "a: b: c\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert re.search(r"duties\.yaml:\d+:\d+: .*值中含有冒号时请给整个值加引号", result.stderr), result.stderr
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("template, message", [
    ("{{ x + }}\n", "此处不应出现 }}"),
    ("\n{% if %}\n", "此处缺少表达式"),
    ("{% if x %}abc\n", "模板意外结束：缺少 elif、else、endif"),
    ("{% for x in y %}{% endif %}\n", "不认识的标签 endif（此处应为 endfor、else）"),
    ("{{ 1 / 0 }}\n", "模板渲染出错：除数为零"),
])
def test_template_errors_are_chinese_with_file_and_line(run, tmp_path, template, message):
    path = tmp_path / "坏模板.md.j2"
    path.write_text(template, encoding="utf-8")
    result = run("notice", "--type", "liaison", "--template", path)
    assert result.exit_code == 1
    line = 2 if template.startswith("\n") else 1
    assert f"坏模板.md.j2:{line}: " in result.stderr and message in result.stderr, result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


def test_an_os_error_is_chinese(run, tmp_path):
    result = run("notice", "--type", "liaison", "--template", tmp_path / "没有.md.j2")
    assert result.exit_code == 1 and "文件或目录不存在" in result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


def test_a_defect_of_lianxi_is_a_chinese_message_not_a_traceback(run, patch):
    """An exception lianxi does not expect (a bug) reaches a user as one Chinese message, exit 1; with
    LIANXI_DEBUG=1 (as in this suite) it propagates, so tests still see the exception itself."""
    from lianxi import views

    def broken(*args, **kwargs):
        raise AttributeError("'Meeting' object has no attribute 'uid'")

    patch.setattr(views, "department_view", broken)
    patch.delenv("LIANXI_DEBUG")
    result = run("duties", "公安")
    assert result.exit_code == 1
    assert "lianxi 内部错误（AttributeError）" in result.stderr and "LIANXI_DEBUG=1" in result.stderr
    assert "Traceback" not in result.output and "object has no attribute" not in result.output
    patch.setenv("LIANXI_DEBUG", "1")
    with pytest.raises(AttributeError):
        run("duties", "公安")


def test_os_reasons():
    import errno

    from lianxi.errors import os_reason

    assert os_reason(OSError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert not re.search(r"[A-Za-z]{3}", os_reason(OSError(errno.ECHILD, "No child processes")).replace("ECHILD", ""))


@pytest.mark.parametrize("err, expected", [
    ({"type": "int_parsing", "input": "abc", "msg": "Input should be a valid integer"}, "应为整数"),
    ({"type": "float_parsing", "input": "abc", "msg": "Input should be a valid number"}, "应为数字"),
    ({"type": "something_new", "input": "abc", "msg": "Input should be something"}, "值不合法"),
    ({"type": "value_error", "input": "abc", "msg": "Value error, 编号不对"}, "编号不对"),
])
def test_pydantic_messages_never_reach_a_user_in_english(err, expected):
    from lianxi.store import translate_error

    text = translate_error(err)
    assert expected in text and not re.search(r"[A-Za-z]{3}", text), text


@pytest.mark.parametrize("shell, code, message", [("tcsh", 1, "不支持命令补全"), ("bash", 0, "已为 bash 安装命令补全")])
def test_the_completion_installer_speaks_chinese(run, tmp_path, patch, shell, code, message):
    import typer._completion_shared as shared

    patch.setattr(shared, "_get_shell_name", lambda: shell)
    patch.setenv("HOME", str(tmp_path))
    result = run("--install-completion")
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not ENGLISH.search(result.output), result.output


def test_a_joint_meeting_without_a_name_says_how_to_set_it(run, tmp_path):
    target = tmp_path / "新目录"
    assert run("init", target).exit_code == 0
    for args in (["info"], ["roster"], ["check"]):
        out = run(*args, "--data", target).stdout
        assert "名称待填写" in out and "charter.yaml" in out and "unknown" not in out, (args, out)
    notice = run("notice", "--type", "liaison", "--data", target)
    assert "〔待定：联席会议名称〕" in notice.stdout.replace("\n# ", "") and "unknown" not in notice.stdout


def test_who_takes_an_unquoted_question(run):
    result = run("who", "托育机构", "消防检查", "归谁管")
    assert result.exit_code == 0, result.output
    assert "问题：托育机构 消防检查 归谁管" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("duties", "公安", "消防"), "多余的参数：消防"),
    (("meetings", "多余"), "多余的参数：多余"),
    (("duties", "--nope"), "没有选项 --nope"),
    (("alert", "add", "--level", "一般"), "缺少选项 --unit"),
])
def test_usage_errors_are_chinese(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not re.search(r"Got|unexpected|Missing|No such|Error", result.stderr), result.stderr


def test_an_unknown_parser_message_never_shows_english():
    from lianxi.cli._app import translate_usage_error

    assert translate_usage_error("Something new happened to --data") == "命令的用法不对（运行 --help 查看用法和示例）"
