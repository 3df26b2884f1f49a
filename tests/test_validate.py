"""lianxi validate on broken copies of the data: exact locations, all errors, exit codes, no traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _validate(run, data_dir, *extra):
    result = run("validate", "--data", data_dir, *extra)
    assert "Traceback" not in result.output
    return result


def test_valid_bundled_copy(run, data_dir):
    result = _validate(run, data_dir)
    assert result.exit_code == 0
    assert "校验通过" in result.stdout


def test_duplicate_key(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "    name: 区公安分局\n", "    name: 区公安分局\n    name: 区公安局\n")
    line = _line_of(members, "name: 区公安局")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line}:5: units[5].name: 重复的键“name”" in result.stderr


def test_missing_field(run, data_dir):
    duties = data_dir / "duties.yaml"
    _edit(duties, "    name: 公安部门\n", "")
    line = _line_of(duties, "  - id: gongan")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"duties.yaml:{line}:5: departments[2].name: 缺少必填字段" in result.stderr


def test_blank_post(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "post: 区公安分局副局长", 'post: ""')
    line = _line_of(members, '郑惠山')
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line}:" in result.stderr
    assert "seats[6].holders[0].post: 不能为空" in result.stderr


def test_unknown_unit(run, data_dir):
    duties = data_dir / "duties.yaml"
    _edit(duties, "    unit: gongan\n", "    unit: gonan\n")
    line = _line_of(duties, "unit: gonan")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"duties.yaml:{line}:5: departments[2].unit: 单位“gonan”不存在" in result.stderr


def test_wrong_type_date(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "{name: 郑惠山, post: 区公安分局副局长, start: unknown}",
          "{name: 郑惠山, post: 区公安分局副局长, start: '2020-01-01'}")
    line = _line_of(members, "郑惠山")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line}:" in result.stderr
    assert "seats[6].holders[0].start: 应为日期（如 2027-03-01，不加引号）或 unknown" in result.stderr


def test_unquoted_0571(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "{name: 郑惠山, post: 区公安分局副局长, start: unknown}",
          "{name: 郑惠山, post: 区公安分局副局长, start: unknown, phone: 0571}")
    line = _line_of(members, "郑惠山")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line}:" in result.stderr
    assert "未加引号的 0571 会被 YAML 读作整数 377" in result.stderr


def test_integer_phone_is_not_coerced(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "{name: 郑惠山, post: 区公安分局副局长, start: unknown}",
          "{name: 郑惠山, post: 区公安分局副局长, start: unknown, phone: 13912345678}")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "seats[6].holders[0].phone: 应为文本，实际是整数" in result.stderr


def test_yes_no_surprise(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "    name: 区妇联\n", "    name: no\n")
    line = _line_of(members, "name: no")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line}:11: units[17].name: 未加引号的 no 会被 YAML 读作布尔值 False" in result.stderr


def test_bad_yaml_syntax(run, data_dir):
    charter = data_dir / "charter.yaml"
    _edit(charter, "region: 泉港区\n", "region: [泉港区\n")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "charter.yaml:" in result.stderr
    assert "方括号列表没有正确闭合" in result.stderr or "YAML" in result.stderr


def test_bad_indentation_syntax(run, data_dir):
    duties = data_dir / "duties.yaml"
    _edit(duties, "    unit: gongan\n", "   unit: gongan\n")
    line = _line_of(duties, "   unit: gongan")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"duties.yaml:{line}:" in result.stderr


def test_tab(run, data_dir):
    duties = data_dir / "duties.yaml"
    _edit(duties, "    unit: gongan\n", "\tunit: gongan\n")
    line = _line_of(duties, "\tunit: gongan")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"duties.yaml:{line}:1: 含有制表符（Tab）" in result.stderr


def test_empty_file(run, data_dir):
    (data_dir / "duties.yaml").write_text("# 只有注释\n\n", encoding="utf-8")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "duties.yaml:1:1: 文件为空" in result.stderr


def test_gbk_file(run, data_dir):
    duties = data_dir / "duties.yaml"
    text = duties.read_text(encoding="utf-8")
    duties.write_bytes(text.encode("gb18030"))
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    first = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert re.search(rf"duties\.yaml:{first}:\d+: ", result.stderr)
    assert "文件不是 UTF-8 编码" in result.stderr and "GBK/GB18030" in result.stderr


def test_python_tag_refused(run, data_dir):
    charter = data_dir / "charter.yaml"
    _edit(charter, "region: 泉港区\n", "region: !!python/object/apply:os.system ['echo hi']\n")
    line = _line_of(charter, "region:")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert f"charter.yaml:{line}:9: region: 不支持的 YAML 标签" in result.stderr


def test_alias_refused(run, data_dir):
    charter = data_dir / "charter.yaml"
    _edit(charter, "region: 泉港区\n", "region: &r 泉港区\nregion2: *r\n")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "不支持锚点与引用" in result.stderr


def test_all_errors_in_one_run(run, data_dir):
    _edit(data_dir / "duties.yaml", "    unit: gongan\n", "    unit: gonan\n")
    _edit(data_dir / "members.yaml", "post: 区公安分局副局长", 'post: ""')
    _edit(data_dir / "charter.yaml", "  office_has_seal: false\n", "  office_has_seal: 否\n")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "共 3 处错误" in result.stderr
    assert "duties.yaml" in result.stderr and "members.yaml" in result.stderr and "charter.yaml" in result.stderr


def test_cross_checks(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "  - id: member-fagai\n", "  - id: member-dengji\n")
    _edit(members, "    role: 成员\n    unit: jiaoyu\n", "    role: 总召集人\n    unit: jiaoyu\n")
    _edit(members, "aliases: [发改局, 发改]", "aliases: [发改局, 公安]")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    err = result.stderr
    assert "席位编号“member-dengji”重复" in err
    assert "只能有一个总召集人席位" in err
    assert "名称“公安”与" in err and "歧义" in err


def test_term_order(run, data_dir):
    members = data_dir / "members.yaml"
    _edit(members, "{name: 郑惠山, post: 区公安分局副局长, start: unknown}",
          "{name: 郑惠山, post: 区公安分局副局长, start: 2027-01-01, end: 2026-01-01}")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "任期结束日期 2026-01-01 早于开始日期 2027-01-01" in result.stderr


def test_extra_field(run, data_dir):
    _edit(data_dir / "duties.yaml", "    unit: gongan\n", "    unit: gongan\n    uint: x\n")
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "departments[2].uint: 不认识的字段" in result.stderr


def test_missing_file(run, data_dir):
    (data_dir / "charter.yaml").unlink()
    result = _validate(run, data_dir)
    assert result.exit_code == 1
    assert "缺少数据文件 charter.yaml" in result.stderr


def test_json_format(run, data_dir):
    _edit(data_dir / "duties.yaml", "    unit: gongan\n", "    unit: gonan\n")
    result = _validate(run, data_dir, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    (error,) = report["errors"]
    assert error["field"] == "departments[2].unit"
    assert error["file"].endswith("duties.yaml") and error["line"] > 0 and error["column"] == 5


def test_github_format(run, data_dir):
    _edit(data_dir / "duties.yaml", "    unit: gongan\n", "    unit: gonan\n")
    result = _validate(run, data_dir, "--format", "github")
    assert result.exit_code == 1
    header, line = result.stdout.strip().splitlines()[:2]
    assert header == f"校验数据目录：{data_dir}（--data）"
    assert line.startswith("::error file=") and ",line=" in line and ",col=5,title=" in line
    assert "::departments[2].unit: " in line


def test_bad_format_is_usage_error(run, data_dir):
    result = _validate(run, data_dir, "--format", "xml")
    assert result.exit_code == 2


def test_queries_report_data_errors_cleanly(run, data_dir):
    _edit(data_dir / "duties.yaml", "    unit: gongan\n", "    unit: [\n")
    result = run("duties", "公安", "--data", data_dir)
    assert result.exit_code == 1
    assert "duties.yaml:" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["members.yaml", "duties.yaml", "charter.yaml"])
def test_schema_written_and_current(run, tmp_path, name):
    from lianxi.store import bundled_dir

    result = run("schema", "--out", tmp_path)
    assert result.exit_code == 0
    fresh = (tmp_path / name.replace(".yaml", ".schema.json")).read_text(encoding="utf-8")
    committed = bundled_dir("data") / ".schema" / name.replace(".yaml", ".schema.json")
    assert committed.read_text(encoding="utf-8") == fresh, "run: python scripts/update_schemas.py"
    first_line = (bundled_dir("data") / name).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=.schema/{name.replace('.yaml', '.schema.json')}"
