"""Meetings, notices and minutes: the work rules (exact errors), writers, numbers, templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import datetime as dt

from lianxi import store
from lianxi.render import deadline_text, to_markdown
from lianxi.textcn import break_title, cn_date


def new(run, d, *args):
    return run("meeting", "new", *args, "--data", d)


def meeting_file(d, name):
    return Path(d) / "meetings" / f"{name}.yaml"


# ---------------------------------------------------------------- bundled data


def test_bundled_notice_and_minutes_work(run):
    result = run("notice", "--type", "liaison")
    assert result.exit_code == 0
    # the 版头: the issuing-organ mark (the 文号 under it once issued), then the title
    assert result.stdout.startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n\n"
                                    "# 关于召开泉港区婴幼儿照护服务工作\n# 联席会议联络员会议的通知\n")
    assert "草稿：以下 6 项待定" in result.stderr
    assert "会议时间、会议地点、会议议程、回执截止日期、联系人、联系电话" in result.stderr
    minutes = run("minutes", "render")
    assert minutes.exit_code == 0
    assert minutes.stdout.startswith("示例\n\n泉港区婴幼儿照护服务工作联席会议纪要\n第1期\n")
    assert "<!--" not in minutes.stdout


def test_fresh_process_renders_bundled_notice(tmp_path):
    env = {"LIANXI_TODAY": "2026-11-29", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "lianxi", "notice", "--type", "liaison"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "## 六、联系人及联系电话" in out.stdout
    assert "〔待定：会议时间〕" in out.stdout


def test_bundled_validates_without_warnings(run):
    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    # issue 6: `validate` also reports the yearly rule check (lianxi check) as warnings; none other may appear
    import json

    yearly = {"meeting-due", "minutes-not-issued", "task-overdue", "unit-not-reported", "seat-unknown"}
    assert [w for w in json.loads(result.stdout)["warnings"] if w["rule"] not in yearly] == []


def test_meetings_list(run):
    result = run("meetings")
    assert "2026-09-15-plenary  2026-09-15  全体会议（示例）" in result.stdout
    assert "已印发（第1期）" in result.stdout


# ---------------------------------------------------------------- rules, exact errors


def test_rule_presider_must_be_convener(run, data_dir):
    result = run("notice", "--type", "plenary", "--date", "2027-03-16", "--presider", "陈宗忠", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == "例会（全体会议）须由召集人或副召集人主持：陈宗忠是区卫健局的成员，不能主持\n"
    result = run("notice", "--type", "adhoc", "--date", "2027-03-16", "--presider", "吴爱泉",
                 "--approved-by", "庄一鸣", "--approved-on", "2027-03-01", "--data", data_dir)
    assert result.stderr == "临时会议须由召集人或副召集人主持：吴爱泉是区教育局的成员，不能主持\n"


def test_rule_presider_must_hold_seat_on_date(run, data_dir):
    members = data_dir / "members.yaml"
    text = members.read_text(encoding="utf-8")
    text = text.replace("      - {name: 庄一鸣, post: 区政府副区长, start: unknown}",
                        "      - {name: 庄一鸣, post: 区政府副区长, start: unknown, end: 2027-01-31}\n"
                        "      - {name: 张新, post: 区政府副区长, start: 2027-02-01}")
    members.write_text(text, encoding="utf-8")
    result = run("notice", "--type", "plenary", "--date", "2027-03-16", "--presider", "庄一鸣", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == "主持人“庄一鸣”在 2027-03-16 不在总召集人任上（当日在任者：张新）\n"
    ok = run("notice", "--type", "plenary", "--date", "2027-03-16", "--presider", "convener", "--data", data_dir)
    assert ok.exit_code == 0
    assert "联席会议召集人、副召集人：区政府副区长张新；" in ok.stdout
    # and the bundled example, dated 2026-09-15, still names 庄一鸣
    assert "区政府 庄一鸣" in run("minutes", "render", "--data", data_dir).stdout


def test_rule_presider_unknown(run, data_dir):
    result = run("notice", "--type", "plenary", "--date", "2027-03-16", "--presider", "王五", "--data", data_dir)
    assert result.stderr == "主持人“王五”不在组成人员名单中（应为席位编号，如 convener，或在任者姓名）\n"


def test_rule_adhoc_liaison_needs_approval(run, data_dir):
    result = run("notice", "--type", "liaison", "--adhoc", "--date", "2027-03-16", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == ("临时联络员会议须经联席会议召集人同意：请在 approval 中记录同意人（by）和同意日期（date）\n")
    result = run("notice", "--type", "liaison", "--adhoc", "--date", "2027-03-16", "--approved-by", "林金辉",
                 "--approved-on", "2027-03-01", "--data", data_dir)
    assert result.stderr == "临时联络员会议须经总召集人同意：林金辉是副召集人\n"
    ok = run("notice", "--type", "liaison", "--adhoc", "--date", "2027-03-16", "--approved-by", "庄一鸣",
             "--approved-on", "2027-03-01", "--data", data_dir)
    assert ok.exit_code == 0
    assert "经联席会议召集人同意，定于2027年3月16日（星期二）" in ok.stdout
    assert "# 联席会议临时联络员会议的通知" in ok.stdout


def test_rule_adhoc_liaison_in_validate_is_located(run, data_dir):
    path = meeting_file(data_dir, "2027-03-16-liaison")
    path.write_text("kind: liaison\nadhoc: true\ndate: 2027-03-16\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert ("2027-03-16-liaison.yaml:2:1: adhoc: 临时联络员会议须经联席会议召集人同意：请在 approval 中记录同意人（by）"
            "和同意日期（date）") in result.stderr


def test_rule_second_regular_liaison_meeting_is_adhoc(run, data_dir):
    assert new(run, data_dir, "--type", "liaison", "--date", "2027-03-16").exit_code == 0
    result = new(run, data_dir, "--type", "liaison", "--date", "2027-06-15")
    assert result.exit_code == 1
    assert result.stderr == ("2027 年已召开 1 次联络员会议（工作规则：原则上每年 1 次），再次召开属临时联络员会议："
                             "请用 --adhoc 登记，并用 --approved-by 姓名 --approved-on 日期 记录召集人同意\n")
    assert not meeting_file(data_dir, "2027-06-15-liaison").exists()


def test_rule_invited_member_unit_is_not_lieshi(run, data_dir):
    result = run("notice", "--type", "topic", "--date", "2027-03-16", "--invite", "区公安分局", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == "“区公安分局”是成员单位，应列入参会单位（用 --unit；已登记的会议：lianxi meeting edit 会议 --unit），不能作为列席\n"


def test_rule_non_member_only_as_lieshi(run, data_dir):
    result = run("notice", "--type", "topic", "--date", "2027-03-16", "--unit", "区政府办", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == "“区政府办”不是联席会议成员单位，只能作为列席单位（写入 invited）\n"
    ok = run("notice", "--type", "topic", "--date", "2027-03-16", "--unit", "卫健", "--invite", "区政府办",
             "--data", data_dir)
    assert ok.exit_code == 0
    assert "列席：区政府办有关负责同志。" in ok.stdout


def test_rule_weekend_and_past_dates_warn(run, data_dir):
    result = run("notice", "--type", "liaison", "--date", "2027-03-20", "--data", data_dir)
    assert result.exit_code == 0
    assert "警告：会议日期 2027-03-20 是星期六" in result.stderr
    result = run("notice", "--type", "liaison", "--date", "2026-11-02", "--data", data_dir)
    assert result.exit_code == 0
    assert "警告：会议日期 2026-11-02 已过（今天是 2026-11-29）" in result.stderr


def test_rule_numbers_never_reused(run, data_dir):
    (data_dir / "registers.yaml").write_text(
        "notices:\n"
        "- {number: 1, year: 2027, meeting: 2027-03-16-liaison, date: 2027-03-01}\n"
        "- {number: 1, year: 2027, meeting: 2027-05-10-topic, date: 2027-04-20}\n"
        "minutes:\n"
        "- {number: 2, meeting: 2027-03-16-liaison, date: 2027-03-25}\n"
        "- {number: 2, meeting: 2027-05-10-topic, date: 2027-05-20}\n", encoding="utf-8")
    meeting_file(data_dir, "2027-03-16-liaison").write_text(
        "kind: liaison\ndate: 2027-03-16\nnotice: {number: 1, year: 2027, date: 2027-03-01}\n", encoding="utf-8")
    meeting_file(data_dir, "2027-05-10-topic").write_text(
        "kind: topic\ndate: 2027-05-10\nnotice: {number: 3, year: 2027, date: 2027-04-20}\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    err = result.stderr
    assert ("registers.yaml:3:4: notices[1].number: 文号 泉港托育联办〔2027〕1号 重复登记（第一次登记在 notices[0]），"
            "文号不得重复使用") in err
    assert "registers.yaml:6:4: minutes[1].number: 纪要第2期重复登记（第一次登记在 minutes[0]），期号不得重复使用" in err
    assert "2027-05-10-topic.yaml:3:10: notice.number: 文号 泉港托育联办〔2027〕3号 未在登记簿 registers.yaml 中登记" in err


def test_validate_reports_schema_errors_located(run, data_dir):
    meeting_file(data_dir, "2027-03-16-liaison").write_text(
        "kind: liaison\ndate: 2027-03-16\ntime: \"9点\"\nplace: 会议室\nattending: [gongan, nosuch]\n"
        "colour: red\n", encoding="utf-8")
    meeting_file(data_dir, "2027-03-17-plenary").write_text(
        "kind: plenary\ndate: 2027-03-17\nattending: [gongan, nosuch]\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    err = result.stderr
    assert "2027-03-16-liaison.yaml:3:1: time: 时间应写成带引号的 \"09:00\"（24 小时制）" in err
    assert "2027-03-16-liaison.yaml:6:1: colour: 不认识的字段（请检查拼写，或删去该字段）" in err
    assert "2027-03-17-plenary.yaml:3:21: attending[1]: 单位“nosuch”不存在（应为 members.yaml 中 units 的某个 id）" in err


def test_validate_file_name_must_match(run, data_dir):
    meeting_file(data_dir, "2027-03-16-liaison").write_text("kind: plenary\ndate: 2027-03-17\n", encoding="utf-8")
    err = run("validate", "--data", data_dir).stderr
    assert "2027-03-16-liaison.yaml:2:1: date: 会议日期与文件名不一致：文件名为 2027-03-16" in err
    assert "2027-03-16-liaison.yaml:1:1: kind: 会议种类与文件名不一致：文件名为 liaison" in err


# ---------------------------------------------------------------- notice


def test_notice_final_lists_missing_particulars(run):
    result = run("notice", "--type", "liaison", "--final")
    assert result.exit_code == 1
    assert result.stderr.startswith("不能正式印发：以下 6 项待定——会议时间、会议地点、会议议程、回执截止日期、联系人、联系电话\n")


def test_notice_final_takes_number_once(run, data_dir):
    (data_dir / "documents.yaml").write_text("notice_number: 泉港托育联办〔{year}〕{n}号\ncontact: {name: 王小明, phone: 0595-87000000}\n", encoding="utf-8")
    assert new(run, data_dir, "--type", "liaison", "--date", "2027-03-16", "--time", "09:00", "--place", "会议室",
               "--agenda", "通报工作").exit_code == 0
    assert new(run, data_dir, "--type", "plenary", "--date", "2027-03-23", "--time", "09:00", "--place", "会议室",
               "--agenda", "审议要点", "--presider", "庄一鸣").exit_code == 0
    preview = run("notice", "2027-03-16", "--final", "--data", data_dir)  # on the screen: a preview
    assert preview.exit_code == 0, preview.stderr
    assert preview.stdout.startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n泉港托育联办〔2026〕〔印发时编号〕号\n")
    assert "预览：未取文号，登记簿未修改（现在印发将取 泉港托育联办〔2026〕1号）" in preview.stderr
    assert "number" not in (data_dir / "registers.yaml").read_text(encoding="utf-8")
    first = run("notice", "2027-03-16", "--final", "-o", "-", "--data", data_dir)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n泉港托育联办〔2026〕1号\n\n# 关于召开")
    again = run("notice", "2027-03-16", "--final", "--data", data_dir)
    assert again.stdout == first.stdout  # same document, same number
    second = run("notice", "2027-03-23", "--final", "-o", "-", "--data", data_dir)
    assert second.stdout.startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n泉港托育联办〔2026〕2号\n")
    register = (data_dir / "registers.yaml").read_text(encoding="utf-8")
    assert register.count("number:") == 2
    assert "notice:\n  number: 2\n  year: 2026\n" in meeting_file(data_dir, "2027-03-23-plenary").read_text("utf-8")
    assert run("validate", "--data", data_dir).exit_code == 0


def test_notice_final_needs_recorded_meeting(run, data_dir):
    (data_dir / "documents.yaml").write_text("notice_number: 泉港托育联办〔{year}〕{n}号\ncontact: {name: 王小明, phone: 0595-87000000}\n", encoding="utf-8")
    result = run("notice", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00", "--place", "会议室",
                 "--agenda", "通报工作", "--final", "--data", data_dir)
    assert result.exit_code == 1
    assert "正式印发的通知须对应已登记的会议" in result.stderr


def test_notice_example_cannot_be_issued(run, data_dir):
    (data_dir / "documents.yaml").write_text("notice_number: 泉港托育联办〔{year}〕{n}号\ncontact: {name: 王小明, phone: 0595-87000000}\n", encoding="utf-8")
    result = run("notice", "2026-09-15", "--final", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == "示例会议不能正式印发\n"


def test_notice_usage_errors(run):
    assert run("notice").exit_code == 2
    result = run("notice", "2026-09-15", "--type", "liaison")
    assert result.exit_code == 2
    assert run("notice", "--type", "meeting").stderr == (
        "--type 的值 meeting 无效，应为例会（全体会议）、联络员会议、临时联络员会议、临时会议、专题会议"
        "（或 plenary、liaison、adhoc、topic）\n")
    assert run("notice", "--type", "liaison", "--time", "9点").stderr == "--time 的值 9点 不是时间，应为 09:00 的形式\n"
    assert run("notice", "nosuch").exit_code == 1


def test_output_file_needs_force(run, tmp_path):
    target = tmp_path / "通知.md"
    assert run("notice", "--type", "liaison", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n\n# 关于召开") and "<!--" not in text
    again = run("notice", "--type", "plenary", "-o", target)
    assert again.exit_code == 2  # store.check_output_path: a usage problem, like import's --force
    assert "文件已存在" in again.stderr and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == text
    assert run("notice", "--type", "plenary", "-o", target, "--force").exit_code == 0
    assert "全体会议的通知" in target.read_text(encoding="utf-8")


def test_docx_without_writer_is_a_clear_error(run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "lianxi.render_docx", None)  # import fails
    result = run("notice", "--type", "liaison", "--format", "docx", "-o", tmp_path / "a.docx")
    assert result.exit_code == 1
    assert result.stderr.startswith("暂不能输出 Word 文件")
    assert not (tmp_path / "a.docx").exists()
    assert run("notice", "--type", "liaison", "--format", "pdf").exit_code == 2


def test_docx_writer_gets_annotated_text(run, tmp_path, monkeypatch):
    import types

    seen = {}
    module = types.ModuleType("lianxi.render_docx")

    def write_docx(annotated, path, root):
        seen["text"] = annotated
        Path(path).write_bytes(b"docx")

    module.write_docx = write_docx
    monkeypatch.setitem(sys.modules, "lianxi.render_docx", module)
    result = run("minutes", "render", "--format", "docx", "-o", tmp_path / "纪要.docx")
    assert result.exit_code == 0, result.stderr
    assert "<!-- minutes-header -->" in seen["text"] and "<!-- attendance -->" in seen["text"]


# ---------------------------------------------------------------- templates


def test_data_dir_template_overrides_bundled(run, data_dir):
    (data_dir / "templates").mkdir()
    (data_dir / "templates" / "notice.md.j2").write_text("# {{ title_lines | join('') }}\n", encoding="utf-8")
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.stdout == "# 关于召开泉港区婴幼儿照护服务工作联席会议联络员会议的通知\n"


def test_template_option_and_strict_undefined(run, tmp_path):
    template = tmp_path / "t.md.j2"
    template.write_text("{{ addressee }}\n{{ no_such_value }}\n", encoding="utf-8")
    result = run("notice", "--type", "liaison", "--template", template)
    assert result.exit_code == 1
    assert result.stderr == f"{template}:2: 模板使用了未定义的变量或属性（no_such_value 未定义）\n"


def test_template_sandbox(run, tmp_path):
    template = tmp_path / "t.md.j2"
    template.write_text("{{ addressee.__class__.__mro__ }}\n", encoding="utf-8")
    result = run("notice", "--type", "liaison", "--template", template)
    assert result.exit_code == 1
    assert "不存在的值" in result.stderr or "不允许" in result.stderr


# ---------------------------------------------------------------- minutes workflow


def _meeting_with_minutes(run, d):
    assert new(run, d, "--type", "topic", "--date", "2026-11-17", "--time", "09:00", "--place", "会议室",
               "--unit", "公安", "--unit", "卫健", "--agenda", "研究", "--presider", "林金辉",
               "--subject", "托育机构安全").exit_code == 0
    assert run("minutes", "new", "2026-11-17", "--data", d).exit_code == 0
    path = meeting_file(d, "2026-11-17-topic")
    text = path.read_text(encoding="utf-8").replace(
        "summary: 〔待定：会议听取和研究的事项〕",
        "summary: 会议研究了有关事项\n  matters:\n  - title: 关于联合检查\n    text: 会议议定开展联合检查\n"
        "    lead: weijian\n    deadline: 2027-06-30")
    path.write_text(text, encoding="utf-8")
    return path


def test_minutes_new_scaffolds_from_roster(run, data_dir):
    path = _meeting_with_minutes(run, data_dir)
    text = path.read_text(encoding="utf-8")
    assert "- unit: gongan\n      name: 郑惠山" in text
    assert "status: draft" in text
    again = run("minutes", "new", "2026-11-17", "--data", data_dir)
    assert again.exit_code == 1 and "已有纪要（不会覆盖）" in again.stderr


def test_minutes_final_refuses_until_all_agree(run, data_dir):
    _meeting_with_minutes(run, data_dir)
    result = run("minutes", "render", "2026-11-17", "--final", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith("纪要须经与会单位同意后印发，以下 2 个单位尚未同意：区公安分局、区卫健局\n")
    draft = run("minutes", "render", "2026-11-17", "--data", data_dir)
    assert draft.stdout.startswith("征求意见稿\n")
    agree = run("minutes", "agree", "2026-11-17", "公安", "--data", data_dir)
    assert agree.exit_code == 0
    assert "已记录同意：区公安分局" in agree.stdout and "尚待同意（1 个）：区卫健局" in agree.stdout
    outside = run("minutes", "agree", "2026-11-17", "教育", "--data", data_dir)
    assert outside.exit_code == 1
    assert outside.stderr == "以下单位不是该会议的与会单位，无需同意纪要：区教育局\n"
    done = run("minutes", "agree", "2026-11-17", "卫健局", "--data", data_dir)
    assert "全部与会单位已同意，可以印发：lianxi minutes render 2026-11-17-topic --final" in done.stdout
    final = run("minutes", "render", "2026-11-17", "--final", "-o", "-", "--data", data_dir)
    assert final.exit_code == 0, final.stderr
    assert "\n第1期\n" in final.stdout and "征求意见稿" not in final.stdout
    assert "期号：第1期（已登记）" in final.stderr
    text = meeting_file(data_dir, "2026-11-17-topic").read_text(encoding="utf-8")
    assert "status: issued" in text and "number: 1" in text
    assert run("validate", "--data", data_dir).exit_code == 0
    late = run("minutes", "agree", "2026-11-17", "公安", "--data", data_dir)
    assert late.exit_code == 1 and "已印发，不能再修改" in late.stderr


def test_minutes_agree_is_atomic(run, data_dir, monkeypatch):
    path = _meeting_with_minutes(run, data_dir)
    before = path.read_bytes()

    def boom():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_before_rename_hook", boom)
    result = run("minutes", "agree", "2026-11-17", "公安", "--data", data_dir)
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.stderr
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_meeting_new_never_overwrites(run, data_dir):
    assert new(run, data_dir, "--type", "topic", "--date", "2027-03-16").exit_code == 0
    assert new(run, data_dir, "--type", "topic", "--date", "2027-03-16", "--again").exit_code == 0
    assert meeting_file(data_dir, "2027-03-16-topic-2").exists()
    ambiguous = run("notice", "2027-03-16", "--data", data_dir)
    assert ambiguous.exit_code == 1 and "对应多个会议" in ambiguous.stderr
    assert run("validate", "--data", data_dir).exit_code == 0


def test_schema_includes_meeting_files(run, tmp_path):
    assert run("schema", "-o", tmp_path).exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert {"meetings.schema.json", "documents.schema.json", "registers.schema.json"} <= set(names)


# ---------------------------------------------------------------- formatting


def test_formatting_helpers():
    assert cn_date(dt.date(2027, 3, 5)) == "2027年3月5日"
    assert deadline_text(dt.date(2027, 6, 30)) == "2027年6月底前"
    assert deadline_text(dt.date(2027, 6, 15)) == "2027年6月15日前"
    for title in ("关于召开泉港区婴幼儿照护服务工作联席会议联络员会议的通知",
                  "关于召开泉港区婴幼儿照护服务工作联席会议托育机构消防安全专题会议的通知"):
        lines = break_title(title)
        assert "".join(lines) == title and all(len(x) <= 20 for x in lines)
    annotated = "<!-- mark -->\n示例\n\n<!-- pagebreak -->\n\n<!-- attachment-label -->\n附件\n"
    assert to_markdown(annotated) == "示例\n\n附件\n"


# ---------------------------------------------------------------- writes keep the office's comments


def test_minutes_commands_keep_comments_in_the_meeting_file(run, data_dir):
    """minutes new / agree / render --final change the meeting file in place: comments stay."""
    assert new(run, data_dir, "--type", "topic", "--date", "2026-11-17", "--time", "09:00", "--place", "会议室",
               "--unit", "公安", "--unit", "卫健", "--agenda", "研究", "--presider", "林金辉",
               "--subject", "托育机构安全").exit_code == 0
    path = meeting_file(data_dir, "2026-11-17-topic")
    text = path.read_text(encoding="utf-8")
    assert "\nplace: 会议室\n" in text
    text = text.replace("\nplace: 会议室\n", "\nplace: 会议室   # 三楼小会议室，待确认\n")
    text += "# 办公室备注：会前一天电话提醒\n"
    path.write_text(text, encoding="utf-8")
    assert run("minutes", "new", "2026-11-17", "--data", data_dir).exit_code == 0
    drafted = path.read_text(encoding="utf-8")
    assert drafted.startswith(text.removesuffix("# 办公室备注：会前一天电话提醒\n"))
    assert "# 办公室备注：会前一天电话提醒\n" in drafted and "status: draft" in drafted
    drafted = drafted.replace("  status: draft\n", "  status: draft   # 征求意见中\n").replace(
        "summary: 〔待定：会议听取和研究的事项〕", "summary: 会议研究了有关事项  # 办公室拟稿\n  matters:\n"
        "    - {title: 关于联合检查, text: 会议议定开展联合检查, lead: weijian, deadline: 2027-06-30}")
    path.write_text(drafted, encoding="utf-8")

    assert run("minutes", "agree", "2026-11-17", "公安", "--date", "2026-11-20", "--data", data_dir).exit_code == 0
    agreed = path.read_text(encoding="utf-8")
    # one line added under minutes, nothing else touched
    assert [line for line in agreed.split("\n") if line not in drafted.split("\n")] == \
        ["  agreed_by:", "    - {unit: gongan, date: 2026-11-20}"]
    assert run("minutes", "agree", "2026-11-17", "卫健局", "--date", "2026-11-21", "--data", data_dir).exit_code == 0
    both = path.read_text(encoding="utf-8")
    assert "  status: agreed   # 征求意见中\n" in both
    assert "    - {unit: gongan, date: 2026-11-20}\n    - {unit: weijian, date: 2026-11-21}\n" in both
    final = run("minutes", "render", "2026-11-17", "--final", "-o", "-", "--data", data_dir)
    assert final.exit_code == 0, final.stderr
    issued = path.read_text(encoding="utf-8")
    for comment in ("# 三楼小会议室，待确认", "# 征求意见中", "# 办公室拟稿", "# 办公室备注：会前一天电话提醒"):
        assert comment in issued, comment
    assert "  status: issued   # 征求意见中\n" in issued and "  number: 1\n" in issued
    assert run("validate", "--data", data_dir).exit_code == 0


def test_minutes_agree_keeps_a_hand_written_flow_list(run, data_dir):
    """The agreement copies the style of the agreements before it (here the bundled flow items)."""
    from test_crash_safety import REAL, _real_meeting

    _real_meeting("draft", waiting=("gongan", "weijian"))(data_dir)
    path = data_dir / "meetings" / f"{REAL}.yaml"
    text = path.read_text(encoding="utf-8").replace("  agreed_by:\n", "  agreed_by:   # 逐个单位电话确认\n")
    path.write_text(text, encoding="utf-8")
    result = run("minutes", "agree", REAL, "公安", "区卫健局", "--date", "2026-03-20", "--data", data_dir)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "  agreed_by:   # 逐个单位电话确认\n" in after and "\n#\n# 会议记录" in after
    assert "    - {unit: gongan, date: 2026-03-20}\n    - {unit: weijian, date: 2026-03-20}\n" in after
    assert "  status: agreed\n" in after
    assert "&id" not in after and "*id" not in after
    assert run("validate", "--data", data_dir).exit_code == 0


# ---------------------------------------------------------------- another joint meeting's defaults

QIANXIN = Path(__file__).resolve().parent.parent / "examples" / "workspace" / "qianxin"


def test_notice_purpose_defaults_to_the_charters(run, data_dir):
    """Neither the meeting nor documents.yaml gives a purpose: the charter's is the default
    (issue 16, gap 3), not a fixed phrase; documents.yaml's purpose still wins when given."""
    args = ("notice", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00", "--data", data_dir)
    assert "\n为统筹协调全区婴幼儿照护服务工作，定于" in run(*args).stdout  # the bundled documents.yaml
    (data_dir / "documents.yaml").write_text("contact: {name: 王小明, phone: 0595-87000000}\n", encoding="utf-8")
    assert "\n为做好我区3岁以下婴幼儿照护服务发展工作，定于" in run(*args).stdout
    charter = data_dir / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    assert "  purpose: 做好我区3岁以下婴幼儿照护服务发展工作\n" in text
    charter.write_text(text.replace("  purpose: 做好我区3岁以下婴幼儿照护服务发展工作\n",
                                    "  purpose: 推进托育服务高质量发展\n"), encoding="utf-8")
    assert "\n为推进托育服务高质量发展，定于" in run(*args).stdout


def test_another_joint_meeting_needs_its_own_number_format(run, tmp_path):
    """The example workspace's 根治欠薪 meeting has no documents.yaml: no childcare wording in
    its notice, and it is not issued under 泉港托育联办's 文号 format (issue 16, gap 3)."""
    data = tmp_path / "qianxin"
    shutil.copytree(QIANXIN, data)
    draft = run("notice", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00", "--data", data)
    assert draft.exit_code == 0 and "婴幼儿" not in draft.stdout and "\n为〔待定：会议目的〕，" in draft.stdout
    charter = data / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace(
        "  date: unknown\n", "  date: unknown\n  purpose: 根治拖欠农民工工资问题\n", 1), encoding="utf-8")
    assert new(run, data, "--type", "liaison", "--date", "2027-03-16", "--time", "09:00", "--place", "区人社局会议室",
               "--agenda", "研究欠薪线索", "--contact", "林某", "--contact-phone", "0595-87654321").exit_code == 0
    refused = run("notice", "2027-03-16-liaison", "--final", "-o", tmp_path / "q.docx", "--data", data)
    assert refused.exit_code == 1 and not (tmp_path / "q.docx").exists()
    assert refused.stderr.startswith("不能正式印发：documents.yaml 没有写文号格式（notice_number），"), refused.stderr
    assert "notice_number: 某某联办〔{year}〕{n}号" in refused.stderr
    assert not (data / "registers.yaml").exists()  # no number taken
    checked = run("validate", "--data", data)
    assert checked.exit_code == 0 and "documents.yaml: 警告：没有写文号格式" in checked.stdout + checked.stderr
    assert run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "测试用情况（虚构）",
               "--measures", "请立即整改", "--data", data).exit_code == 0
    alert = run("alert", "notice", "2026-01", "--final", "-o", tmp_path / "a.docx", "--data", data)
    assert alert.exit_code == 1 and "没有写文号格式（alert_number 或 notice_number）" in alert.stderr
    assert not (data / "registers.yaml").exists()
    (data / "documents.yaml").write_text("notice_number: 泉港欠薪联办〔{year}〕{n}号\n", encoding="utf-8")
    issued = run("notice", "2027-03-16-liaison", "--final", "-o", "-", "--data", data)
    assert issued.exit_code == 0, issued.stderr
    assert "\n泉港欠薪联办〔2026〕1号\n" in issued.stdout and "\n为根治拖欠农民工工资问题，定于" in issued.stdout
    assert "文号格式" not in run("validate", "--data", data).stdout
