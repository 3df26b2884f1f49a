"""lianxi duties / roster / info on the bundled data and on a user's own data directory."""

from __future__ import annotations

import json

import pytest


def test_duties_gongan(run):
    result = run("duties", "公安")
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "公安部门"
    assert "承担单位：区公安分局" in out
    assert "成员：郑惠山（区公安分局副局长）" in out
    assert "联络员：待报送" in out
    assert "1. 负责监督指导各类婴幼儿照护服务机构开展安全防范。" in out


@pytest.mark.parametrize("query,department", [
    ("公安", "公安部门"),
    ("gongan", "公安部门"),
    ("GongAn", "公安部门"),
    ("ga", "公安部门"),
    ("区公安分局", "公安部门"),
    ("公安分局", "公安部门"),
    ("消防救援", "消防救援机构"),
    ("xiaofang", "消防救援机构"),
    ("卫健", "卫生健康部门"),
    ("区卫健局", "卫生健康部门"),
    ("区卫生健康局", "卫生健康部门"),
    ("ＷＥＩＪＩＡＮ", "卫生健康部门"),  # full-width pinyin
    ("公 安", "公安部门"),  # spaces ignored
    ("应急管理", "应急管理部门"),
    ("防汛办", "应急管理部门"),
    ("编制", "编制部门"),
    ("登记中心", "编制部门"),
    ("团区委", "共青团组织"),
    ("区公安分局的职责", "公安部门"),  # a name contained in the query
])
def test_duties_matching(run, query, department):
    result = run("duties", query, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == department


def test_duties_weijian_shows_both_names(run):
    out = run("duties", "卫健").stdout
    assert "承担单位：区卫生健康局（区卫健局）" in out
    assert "成员：陈宗忠（区卫健局二级主任科员）" in out
    assert "3. 负责婴幼儿照护服务机构的备案；" in out


def test_duties_ambiguous_lists_candidates(run):
    result = run("duties", "局")
    assert result.exit_code == 1
    assert "“局”对应多个部门" in result.stderr
    assert "公安部门（区公安分局）" in result.stderr
    assert "税务部门（区税务分局）" in result.stderr
    assert "Traceback" not in result.output


def test_duties_unknown_suggests(run):
    result = run("duties", "农业")
    assert result.exit_code == 1
    assert "找不到部门“农业”" in result.stderr
    assert "您是不是要找：" in result.stderr
    assert "lianxi who" in result.stderr


def test_duties_unknown_close_name(run):
    result = run("duties", "住房建设局")
    assert result.exit_code == 1
    assert "您是不是要找：住建部门（区住建局）" in result.stderr


def test_duties_contained_name(run):
    # "公安局" is not a name, but it contains the alias 公安
    assert run("duties", "公安局").stdout.startswith("公安部门")


def test_duties_grep_fire(run):
    result = run("duties", "--grep", "消防")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "提到“消防”的职责（2 条）："
    assert lines[1].lstrip().startswith("住建部门（区住建局）第 1 项：")
    assert "【消防】审验手续" in lines[1]
    assert lines[2].lstrip().startswith("消防救援机构（区消防救援大队）")
    assert lines[2].count("【消防】") == 3


def test_duties_grep_json_spans(run):
    data = json.loads(run("duties", "--grep", "消防", "--json").stdout)
    assert [m["department"] for m in data["matches"]] == ["住建部门", "消防救援机构"]
    for match in data["matches"]:
        for start, end in match["spans"]:
            assert match["text"][start:end] == "消防"


def test_duties_grep_nothing(run):
    result = run("duties", "--grep", "航天")
    assert result.exit_code == 1  # nothing found, as for `duties 航天`
    assert "没有职责提到“航天”" in result.stderr


def test_duties_all(run):
    result = run("duties")
    assert result.exit_code == 0
    assert "共 18 个部门" in result.stdout
    data = json.loads(run("duties", "--json").stdout)
    assert len(data["departments"]) == 18
    assert data["departments"][0]["name"] == "发展改革部门"


def test_duties_json_shape(run):
    data = json.loads(run("duties", "公安", "--json").stdout)
    assert data == {
        "id": "gongan",
        "name": "公安部门",
        "duties": ["负责监督指导各类婴幼儿照护服务机构开展安全防范。"],
        "unit": {"id": "gongan", "name": "区公安分局", "short_name": None},
        "unit_note": None,
        "member": {"name": "郑惠山", "post": "区公安分局副局长", "start": None, "end": None, "phone": None},
        "member_vacant_since": None,
        "liaison": None,
        "as_of": "2026-11-29",
    }


def test_duties_usage_errors(run):
    result = run("duties", "公安", "--grep", "消防")
    assert result.exit_code == 2
    assert "不能同时使用" in result.stderr
    result = run("duties", "--bogus")
    assert result.exit_code == 2
    assert "错误：没有选项 --bogus" in result.stderr
    assert "用法：lianxi duties" in result.stderr
    result = run("duties", "公安", "--as-of", "昨天")
    assert result.exit_code == 2
    assert "不是日期" in result.stderr


def test_roster_in_seed_order(run):
    result = run("roster")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "组成人员" in lines[0]
    assert lines[1].split() == ["席位", "姓名", "职务", "单位"]
    assert lines[2].split() == ["总召集人", "庄一鸣", "区政府副区长", "区政府"]
    assert lines[3].split() == ["副召集人", "林金辉", "区卫生健康局局长", "区卫健局"]
    assert lines[4].split() == ["副召集人", "肖坚松", "区政府办副主任、三级主任科员", "区政府办"]
    assert lines[5].split()[:2] == ["成员", "陈银祥"]
    assert lines[22].split()[:2] == ["成员", "王建新"]
    assert lines[23].split()[:2] == ["办公室主任", "未载明"]


def test_roster_plain_output_never_truncates(run):
    out = run("roster").stdout
    assert "区政府办副主任、三级主任科员" in out
    assert "…" not in out
    assert "\x1b[" not in out  # no colour codes when piped


def test_roster_json(run):
    data = json.loads(run("roster", "--json").stdout)
    assert data["as_of"] == "2026-11-29"
    roles = [s["role"] for s in data["seats"]]
    assert roles[:3] == ["总召集人", "副召集人", "副召集人"] and roles.count("成员") == 18
    assert "联络员" not in roles


def test_info(run):
    result = run("info")
    assert result.exit_code == 0
    out = result.stdout
    assert "泉港区婴幼儿照护服务工作联席会议" in out
    assert "联席会议办公室不刻章，如因工作需要，由区卫健局代章。" in out
    assert "今后遇人事变动，由联席会议成员单位相应负责人接替，不再另行发文调整。" in out
    assert "各成员单位业务股室负责人担任联络员" in out
    assert "例会（每年 1 次；主持：总召集人或副召集人）" in out
    assert "发文字号：未载明" in out
    data = json.loads(run("info", "--json").stdout)
    assert data["seal"]["office_has_seal"] is False
    assert data["office"]["director"]["holder"] is None


def test_commands_work_on_own_data_dir(run, data_dir):
    members = data_dir / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace("郑惠山", "测试员"), encoding="utf-8")
    result = run("duties", "公安", "--data", data_dir)
    assert "成员：测试员" in result.stdout
    result = run("duties", "公安", env={"LIANXI_DATA": str(data_dir)})
    assert "成员：测试员" in result.stdout


def test_data_dir_resolution_order(run, data_dir, tmp_path, monkeypatch):
    # ./data with members.yaml is used when nothing else is given
    members = data_dir / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace("郑惠山", "本地员"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "成员：本地员" in run("duties", "公安").stdout
    # elsewhere, the bundled data
    monkeypatch.chdir(tmp_path.parent)
    assert "成员：郑惠山" in run("duties", "公安").stdout


def test_missing_data_dir_is_usage_error(run, tmp_path):
    result = run("duties", "公安", "--data", tmp_path / "nope")
    assert result.exit_code == 2
    assert "数据目录不存在" in result.stderr


def test_completion_of_names():
    from types import SimpleNamespace

    from lianxi.cli._complete import departments_and_units

    ctx = SimpleNamespace(params={}, parent=None)  # no --data: the usual data directory
    assert "公安部门" in departments_and_units(ctx, "公安")
    assert "区卫健局" in departments_and_units(ctx, "区卫")


def test_help_is_chinese(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "用法：lianxi" in result.stdout
    assert "duties" in result.stdout and "查询职责分工" in result.stdout
    for english in ("Usage:", "Show this message", "Options", "Commands"):
        assert english not in result.stdout


def test_no_arguments_prints_help_once(run):
    result = run()
    assert result.exit_code == 2
    assert result.output.count("用法：lianxi") == 1


def test_unknown_command(run):
    result = run("nope")
    assert result.exit_code == 2
    assert "错误：没有命令 nope" in result.stderr


def test_usage_error_translations():
    from lianxi.cli._app import translate_usage_error as t

    assert t("Missing option '--level' / '-l'.") == "缺少选项 --level / -l"
    assert t("Invalid value for '--kind': 'x' is not one of 'a', 'b' or 'c'.") == "--kind 的值 x 无效，应为：a、b、c"
    assert t("Got unexpected extra argument (x)").startswith("多余的参数：x")
    assert t("Got unexpected extra argument(s) (x y)").startswith("多余的参数：x y")
    assert t("No such command 'notic'. Did you mean 'notice'?") == "没有命令 notic；您是不是要用 notice"
