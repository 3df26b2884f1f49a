"""The meeting cycle's writers (issue 15): meeting edit/cancel/agenda/guest/reply, minutes matters and
agreement, document numbers — each refusal with its message, its exit code and no file changed.

Names of attendees, experts and contact persons are SYNTHETIC (invented for the tests).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lianxi.lock"}


@pytest.fixture
def lx(run, data_dir):
    """lx(*args, today=…) → result, with --data; lx.refused(code, message, *args) checks nothing changed."""

    class Lx:
        d = data_dir

        def __call__(self, *args, today="2026-11-29"):
            return run(*args, "--data", data_dir, env={"LIANXI_TODAY": today})

        def ok(self, *args, today="2026-11-29"):
            result = self(*args, today=today)
            assert result.exit_code == 0, (args, result.output)
            return result

        def refused(self, code, message, *args, today="2026-11-29"):
            before = tree(data_dir)
            result = self(*args, today=today)
            assert result.exit_code == code, (args, result.output)
            assert message in result.stderr, result.stderr
            assert "Traceback" not in result.output
            assert tree(data_dir) == before
            return result

        def meeting(self, ident):
            return (data_dir / "meetings" / f"{ident}.yaml").read_text(encoding="utf-8")

    return Lx()


LIAISON = ["meeting", "new", "--type", "联络员会议", "--date", "2027-03-16", "--time", "09:00", "--place", "会议室",
           "--presider", "林金辉", "--agenda", "通报工作"]
ID = "2027-03-16-liaison"


# ---------------------------------------------------------------- meeting new / edit / cancel


@pytest.mark.parametrize("kind,code", [("例会", "plenary"), ("全体会议", "plenary"), ("联络员会议", "liaison"),
                                       ("专题会议", "topic"), ("liaison", "liaison")])
def test_kinds_in_chinese(lx, kind, code):
    lx.ok("meeting", "new", "--type", kind, "--date", "2027-03-16", "--presider", "庄一鸣")
    assert (lx.d / "meetings" / f"2027-03-16-{code}.yaml").exists()


def test_temporary_liaison_meeting_in_chinese(lx):
    lx.ok("meeting", "new", "--type", "临时联络员会议", "--date", "2027-03-16", "--approved-by", "庄一鸣",
          "--approved-on", "2027-03-01")
    assert "adhoc: true" in lx.meeting(ID)


def test_unknown_kind_is_a_usage_error(lx):
    lx.refused(2, "--type 的值 会议 无效，应为例会（全体会议）、联络员会议", "meeting", "new", "--type", "会议",
               "--date", "2027-03-16")


def test_duplicate_meeting_is_refused_unless_again(lx):
    lx.ok(*LIAISON)
    result = lx.refused(1, "2027-03-16 已登记联络员会议：2027-03-16-liaison，未做任何修改", *LIAISON[:6])
    assert "lianxi meeting edit 2027-03-16-liaison" in result.stderr and "--again" in result.stderr
    lx.ok(*LIAISON[:6], "--again", "--adhoc", "--approved-by", "庄一鸣", "--approved-on", "2027-03-01")
    assert (lx.d / "meetings" / "2027-03-16-liaison-2.yaml").exists()


def test_edit_changes_particulars_and_dry_run_says_what(lx):
    lx.ok(*LIAISON)
    dry = lx.ok("meeting", "edit", ID, "--time", "9:30", "--place", "区卫健局五楼会议室", "-n")
    assert "会议时间：09:00 → 09:30" in dry.stdout and "会议地点：会议室 → 区卫健局五楼会议室" in dry.stdout
    assert "@@" not in dry.stdout and "time: \"09:00\"" in lx.meeting(ID)
    lx.ok("meeting", "edit", ID, "--time", "9:30", "--place", "区卫健局五楼会议室", "--purpose", "为推进联络员工作。",
          "--contact", "王小明", "--contact-phone", "0595-87000000")
    text = lx.meeting(ID)
    assert 'time: "09:30"' in text and "place: 区卫健局五楼会议室" in text and "purpose: 推进联络员工作\n" in text
    notice = lx.ok("notice", ID).stdout
    assert "为推进联络员工作，定于" in notice and "联系人：王小明，联系电话：0595-87000000。" in notice


def test_edit_date_moves_the_file(lx):
    lx.ok(*LIAISON)
    done = lx.ok("meeting", "edit", ID, "--date", "2027-03-18")
    assert "原文件" in done.stdout
    assert not (lx.d / "meetings" / f"{ID}.yaml").exists()
    assert "date: 2027-03-18" in lx.meeting("2027-03-18-liaison")
    assert lx.ok("validate").exit_code == 0


def test_edit_refusals(lx):
    lx.ok(*LIAISON)
    lx.refused(2, "请指定要修改的内容", "meeting", "edit", ID)
    lx.refused(2, "--time 的值 9点 不是时间", "meeting", "edit", ID, "--time", "9点")
    lx.refused(2, "--contact-phone 的值 12345", "meeting", "edit", ID, "--contact", "王小明", "--contact-phone", "12345")
    lx.refused(1, "找不到会议“2027-04-01”", "meeting", "edit", "2027-04-01", "--time", "09:30")
    lx.refused(1, "主持人“王五”不在组成人员名单中", "meeting", "edit", ID, "--presider", "王五")


def test_edit_date_refused_once_the_notice_is_issued(lx):
    lx.ok(*LIAISON, "--contact", "王小明", "--contact-phone", "0595-87000000")
    lx.ok("notice", ID, "--final", "-o", lx.d.parent / "通知.md")
    result = lx.refused(1, "通知已印发，不能改期，未做任何修改", "meeting", "edit", ID, "--date", "2027-03-18")
    assert "lianxi meeting cancel" in result.stderr
    edited = lx.ok("meeting", "edit", ID, "--place", "区卫健局五楼会议室")
    assert "通知已印发" in edited.stderr


def test_cancel_keeps_the_record_and_the_number(lx):
    lx.ok(*LIAISON, "--contact", "王小明", "--contact-phone", "0595-87000000")
    lx.ok("notice", ID, "--final", "-o", lx.d.parent / "通知.md")
    lx.refused(2, "请用 --reason 写明取消原因", "meeting", "cancel", ID)
    lx.ok("meeting", "cancel", ID, "--reason", "因防台风推迟")
    assert "联络员会议（已取消）" in lx.ok("meetings").stdout
    text = lx.meeting(ID)
    assert "cancelled:\n  date: 2026-11-29\n  reason: 因防台风推迟\n" in text and "notice:" in text
    assert "number: 1" in (lx.d / "registers.yaml").read_text(encoding="utf-8")
    lx.refused(1, "已于 2026-11-29 取消（因防台风推迟），不能再次取消", "meeting", "cancel", ID, "--reason", "x")
    lx.refused(1, "不能修改", "meeting", "edit", ID, "--time", "10:00")
    lx.refused(1, "不能登记回执", "meeting", "reply", ID, "公安", "--attendee", "张三")
    lx.refused(1, "已于 2026-11-29 取消，没有纪要", "minutes", "new", ID, today="2027-03-17")
    # a cancelled meeting was not held: the next liaison meeting is the regular one, numbered 1
    lx.ok("meeting", "new", "--type", "联络员会议", "--date", "2027-04-20")
    assert "sequence: 1" in lx.meeting("2027-04-20-liaison")
    assert lx.ok("validate").exit_code == 0


def test_adhoc_meeting_records_who_called_it(lx):
    args = ["meeting", "new", "--type", "临时会议", "--date", "2027-05-18", "--presider", "林金辉"]
    lx.refused(1, "临时会议由召集人或副召集人临时召集：请记录召集", *args)
    lx.refused(1, "临时会议须由召集人或副召集人临时召集：“陈宗忠”是成员", *args, "--approved-by", "陈宗忠")
    lx.ok(*args, "--approved-by", "林金辉", "--approved-on", "2026-11-20")
    assert "approval:\n  by: 林金辉\n  date: 2026-11-20\n" in lx.meeting("2027-05-18-adhoc")


# ---------------------------------------------------------------- agenda, guests, topic addressees


def test_agenda_add_remove_move(lx):
    lx.ok(*LIAISON)
    lx.ok("meeting", "agenda", "add", ID, "研究工作要点")
    lx.ok("meeting", "agenda", "add", ID, "交流情况", "--at", "1")
    moved = lx.ok("meeting", "agenda", "move", ID, "3", "1")
    assert "1. 研究工作要点\n  2. 交流情况\n  3. 通报工作" in moved.stdout
    lx.ok("meeting", "agenda", "remove", ID, "2")
    assert "agenda:\n- 研究工作要点\n- 通报工作\n" in lx.meeting(ID) or "  - 研究工作要点\n  - 通报工作" in lx.meeting(ID)
    lx.refused(2, "序号 的值 5 无效，应为 1 到 2", "meeting", "agenda", "remove", ID, "5")
    lx.refused(2, "议程内容不能为空", "meeting", "agenda", "add", ID, " ")


def test_topic_meeting_units_and_guests(lx):
    lx.ok("meeting", "new", "--type", "专题会议", "--subject", "托育机构消防安全", "--date", "2027-09-14",
          "-u", "区消防救援大队,区住建局")
    ident = "2027-09-14-topic"
    lx.ok("meeting", "guest", "add", ident, "--expert", "赵某某", "--title", "高级工程师",
          "--affiliation", "泉州市消防技术服务中心")
    lx.ok("meeting", "guest", "add", ident, "--unit", "区应急管理局", "--wording", "区应急管理局分管领导")
    notice = lx.ok("notice", ident).stdout
    assert "\n区消防救援大队、区住建局：\n" in notice
    assert "列席：泉州市消防技术服务中心高级工程师赵某某；区应急管理局分管领导。" in notice
    lx.refused(2, "邀请专家须写明 --affiliation", "meeting", "guest", "add", ident, "--expert", "钱某")
    lx.refused(1, "赵某某 已在列席名单中", "meeting", "guest", "add", ident, "--expert", "赵某某", "--title", "x",
               "--affiliation", "泉州市消防技术服务中心")
    lx.refused(1, "是成员单位，应列入参会单位", "meeting", "guest", "add", ident, "--unit", "区公安分局")
    lx.ok("meeting", "guest", "remove", ident, "赵某某")
    lx.refused(1, "列席名单中没有“赵某某”", "meeting", "guest", "remove", ident, "赵某某")
    lx.refused(1, "找不到单位“区消防”", "meeting", "edit", ident, "-u", "区消防")


# ---------------------------------------------------------------- reply slips


def test_replies_recorded_replaced_and_listed(lx):
    lx.ok(*LIAISON)
    lx.ok("meeting", "reply", ID, "公安", "--attendee", "张三", "--post", "治安大队副大队长",
          "--phone", "13912345678")
    lx.ok("meeting", "reply", ID, "区计生协会", "--leave", "因公外出")
    lx.ok("meeting", "reply", ID, "公安", "--substitute", "李四", "--leave", "出差")  # replaces the first
    listed = json.loads(lx.ok("meeting", "replies", ID, "--json").stdout)
    by_unit = {u["unit"]: u for u in listed["units"]}
    assert by_unit["gongan"]["status"] == "substitute" and by_unit["gongan"]["name"] == "李四"
    assert by_unit["jishengxie"]["status"] == "absent" and by_unit["jishengxie"]["reason"] == "因公外出"
    assert listed["replied"] == 2 and len(listed["waiting"]) == 16
    assert lx.meeting(ID).count("unit: gongan") == 1
    text = lx.ok("meeting", "replies", ID).stdout
    assert "已回执 2 个，待回执 16 个（截止 2027-03-12）" in text and "区教育局" in text and "待回执" in text


def test_reply_refusals(lx):
    lx.ok(*LIAISON, "-u", "公安,卫健")
    lx.refused(2, "请写明参会情况", "meeting", "reply", ID, "公安")
    lx.refused(2, "--attendee 与 --substitute 只能选一个", "meeting", "reply", ID, "公安", "--attendee", "张三",
               "--substitute", "李四")
    lx.refused(2, "--phone 的值 12345", "meeting", "reply", ID, "公安", "--attendee", "张三", "--phone", "12345")
    lx.refused(1, "区教育局不是会议 2027-03-16-liaison 的参会单位", "meeting", "reply", ID, "区教育局",
               "--attendee", "张三")
    lx.refused(1, "找不到单位“公安子”", "meeting", "reply", ID, "公安子", "--attendee", "张三")


# ---------------------------------------------------------------- minutes


def _held(lx, *extra):
    lx.ok(*LIAISON, "-u", "公安,卫健,计生协会", *extra)
    lx.ok("meeting", "reply", ID, "区计生协会", "--leave", "因公外出")
    lx.ok("meeting", "reply", ID, "公安", "--attendee", "张三")
    lx.ok("meeting", "reply", ID, "卫健", "--attendee", "王五")


def test_no_minutes_before_the_meeting(lx):
    _held(lx)
    lx.refused(1, "定于 2027-03-16 召开，尚未召开（今天是 2026-11-29），不能起草纪要，未做任何修改",
               "minutes", "new", ID)


def test_minutes_matters_and_agreement_of_attending_units(lx):
    _held(lx)
    day = "2027-03-17"
    lx.ok("minutes", "new", ID, "--summary", "会议通报了工作情况", today=day)
    lx.refused(1, "已有纪要（不会覆盖）", "minutes", "new", ID, today=day)
    lx.ok("minutes", "matter", "add", ID, "--title", "关于消防检查", "--text", "会议议定开展消防检查",
          "--lead", "区消防救援大队", "-c", "公安", "--deadline", "2027-06-30", today=day)
    assert "lead: xiaofang" in lx.meeting(ID)
    lx.refused(1, "找不到单位“区消防”", "minutes", "matter", "add", ID, "--title", "x", "--text", "y",
               "--lead", "区消防", today=day)
    lx.refused(2, "新增议定事项须写明 --title 标题 和 --text 议定内容", "minutes", "matter", "add", ID,
               "--lead", "公安", today=day)
    lx.refused(2, "议定事项序号 3 无效", "minutes", "matter", "edit", ID, "3", "--title", "x", today=day)
    lx.refused(2, "区消防救援大队已是牵头单位，不能同时作为配合单位", "minutes", "matter", "edit", ID, "1",
               "-c", "消防", today=day)
    dry = lx.ok("minutes", "matter", "edit", ID, "1", "--deadline", "2027-09-30", "-n", today=day)
    assert "纪要 › 议定事项第1项 › 完成时限：2027-06-30 → 2027-09-30" in dry.stdout
    lx.ok("minutes", "matter", "add", ID, "--title", "关于b", "--text", "b", "--lead", "公安",
          "--deadline", "2027-06-30", today=day)
    lx.ok("minutes", "matter", "remove", ID, "2", today=day)
    # attendance from the replies; the unit on leave is not asked to agree
    text = lx.meeting(ID)
    assert "absent:\n    - unit: jishengxie" in text or "- unit: jishengxie\n      name:" in text
    draft = lx("minutes", "render", ID, today=day)
    assert "尚有 2 个与会单位未同意——区公安分局、区卫健局" in draft.stderr
    lx.refused(1, "以下单位请假未出席会议，不是与会单位，无需同意纪要：区计生协会；未做任何修改",
               "minutes", "agree", ID, "计生协会", today=day)
    lx.refused(2, "请列出同意纪要的与会单位", "minutes", "agree", ID, today=day)
    lx.ok("minutes", "agree", ID, "公安", today=day)
    lx.refused(1, "已有 1 个单位同意，修改后须重新征求意见", "minutes", "matter", "edit", ID, "1",
               "--deadline", "2027-10-31", today=day)
    done = lx.ok("minutes", "agree", ID, "--all", today=day)
    assert "已记录同意：区卫健局" in done.stdout and "全部与会单位已同意" in done.stdout
    preview = lx.ok("minutes", "render", ID, "--final", today=day)
    assert "预览：未取期号" in preview.stderr and "第〔印发时编号〕期" in preview.stdout
    assert "minutes: []" in (lx.d / "registers.yaml").read_text(encoding="utf-8")
    lx.ok("minutes", "render", ID, "--final", "-o", lx.d.parent / "纪要.md", today=day)
    lx.refused(1, "纪要已印发，不能再修改", "minutes", "matter", "remove", ID, "1", today=day)
    assert lx.ok("validate", today=day).exit_code == 0


# ---------------------------------------------------------------- document numbers


def test_void_a_number_keeps_the_reason_and_issues_anew(lx):
    lx.ok(*LIAISON, "--contact", "王小明", "--contact-phone", "0595-87000000")
    lx.ok("notice", ID, "--final", "-o", lx.d.parent / "通知.md")
    number = "泉港托育联办〔2026〕1号"
    lx.refused(2, "请用 --reason 写明作废原因", "number", "void", number)
    lx.refused(1, "登记簿中没有“泉港托育联办〔2026〕9号”", "number", "void", "泉港托育联办〔2026〕9号", "--reason", "x")
    dry = lx.ok("number", "void", number, "--reason", "文字有误，重新印发", "-n")
    assert "通知文号登记第1项 › 作废：新增 是" in dry.stdout and "原因：新增 文字有误，重新印发" in dry.stdout
    lx.ok("number", "void", number, "--reason", "文字有误，重新印发")
    registers = (lx.d / "registers.yaml").read_text(encoding="utf-8")
    assert "void: true" in registers and "reason: 文字有误，重新印发" in registers
    assert "notice:" not in lx.meeting(ID)
    lx.refused(1, "已于 2026-11-29 作废（文字有误，重新印发），未做任何修改", "number", "void", number, "--reason", "x")
    again = lx.ok("notice", ID, "--final", "-o", lx.d.parent / "通知2.md", "--force")
    assert "文号：泉港托育联办〔2026〕2号（已登记）" in again.stderr
    listed = lx.ok("numbers").stdout
    assert "作废（2026-11-29 文字有误，重新印发）" in listed and "泉港托育联办〔2026〕2号" in listed
    assert lx.ok("validate").exit_code == 0


def test_notice_final_on_the_screen_takes_no_number(lx):
    lx.ok(*LIAISON, "--contact", "王小明", "--contact-phone", "0595-87000000")
    before = tree(lx.d)
    preview = lx.ok("notice", ID, "--final")
    assert "预览：未取文号，登记簿未修改（现在印发将取 泉港托育联办〔2026〕1号）" in preview.stderr
    assert tree(lx.d) == before


def test_validate_names_the_id_of_a_unit_written_by_its_name(lx):
    _held(lx)
    lx.ok("minutes", "new", ID, "--summary", "会议通报了工作情况", today="2027-03-17")
    lx.ok("minutes", "matter", "add", ID, "--title", "关于消防检查", "--text", "会议议定开展消防检查",
          "--lead", "公安", "--deadline", "2027-06-30", today="2027-03-17")
    path = lx.d / "meetings" / f"{ID}.yaml"  # as an office might write it by hand
    path.write_text(path.read_text(encoding="utf-8").replace("lead: gongan", "lead: 区消防救援大队"), encoding="utf-8")
    result = lx("validate", today="2027-03-17")
    assert result.exit_code == 1
    assert "minutes.matters[0].lead: 编号只能用小写字母" in result.stderr
    assert "；“区消防救援大队”的编号是 xiaofang，请写 xiaofang" in result.stderr


def test_the_bundled_example_meeting_is_not_edited(lx):
    lx.refused(1, "会议 2026-09-15-plenary 是示例会议，不能修改", "meeting", "edit", "2026-09-15-plenary",
               "--time", "10:00")
    lx.refused(1, "是示例会议，不能登记回执", "meeting", "reply", "2026-09-15-plenary", "公安", "--attendee", "张三")


def test_reopen_clears_the_agreements(lx):
    _held(lx)
    day = "2027-03-17"
    lx.ok("minutes", "new", ID, "--summary", "会议通报了工作情况", today=day)
    lx.ok("minutes", "agree", ID, "公安", today=day)
    lx.refused(1, "修改后须重新征求意见", "minutes", "edit", ID, "--summary", "会议研究了工作", today=day)
    lx.ok("minutes", "edit", ID, "--summary", "会议研究了工作", "--reopen", today=day)
    text = lx.meeting(ID)
    assert "summary: 会议研究了工作\n" in text and "agreed_by" not in text and "status: draft" in text


def test_void_a_minutes_number(lx):
    _held(lx)
    day = "2027-03-17"
    lx.ok("minutes", "new", ID, "--summary", "会议通报了工作情况", today=day)
    lx.ok("minutes", "matter", "add", ID, "--title", "关于检查", "--text", "会议议定开展检查", "--lead", "公安",
          "--deadline", "2027-06-30", today=day)
    lx.ok("minutes", "agree", ID, "--all", today=day)
    lx.ok("minutes", "render", ID, "--final", "-o", lx.d.parent / "纪要.md", today=day)
    lx.ok("number", "void", "第1期", "--reason", "印发后发现错漏", today=day)
    text = lx.meeting(ID)
    assert "status: agreed" in text and "number:" not in text.split("minutes:")[1]
    again = lx.ok("minutes", "render", ID, "--final", "-o", lx.d.parent / "纪要2.md", today=day)
    assert "期号：第2期（已登记）" in again.stderr
    assert lx.ok("validate", today=day).exit_code == 0


def test_todo_forgets_a_cancelled_meeting(lx):
    lx.ok(*LIAISON)
    assert "2027-03-16-liaison" in lx.ok("todo", "--as-of", "2027-03-01").stdout
    lx.ok("meeting", "cancel", ID, "--reason", "因防台风推迟")
    assert "2027-03-16-liaison" not in lx.ok("todo", "--as-of", "2027-03-01").stdout


# ---------------------------------------------------------------- messages name commands, not YAML keys (gap 3)


YAML_WORDS = ("yaml", "approval", "attending", "kind:", "adhoc:", "measures 等", "agreed", "issued", "draft")


def _no_yaml(text: str) -> None:
    assert not [w for w in YAML_WORDS if w in text], text


def test_messages_name_the_command_not_the_yaml_key(lx, tmp_path):
    result = lx.refused(1, "--approved-by 姓名 --approved-on 日期", "meeting", "new", "--type", "临时会议",
                        "--date", "2027-05-18")
    _no_yaml(result.stderr)
    lx.ok("meeting", "new", "--type", "例会", "--date", "2027-03-16", "--presider", "庄一鸣")
    second = lx.ok("meeting", "new", "--type", "例会", "--date", "2027-09-16", "--presider", "庄一鸣")
    assert "另行召集的会议请用 --type 临时会议" in second.stderr
    _no_yaml(second.stderr)
    lx.ok("meeting", "new", "--type", "联络员会议", "--date", "2027-03-17", "--presider", "林金辉")
    result = lx.refused(1, "lianxi meeting edit 会议 --unit", "meeting", "guest", "add", "2027-03-17-liaison",
                        "--unit", "区公安分局")
    _no_yaml(result.stderr)
    # a notice with placeholders: each one's command
    out = tmp_path / "通知.md"
    result = lx.refused(1, "不能正式印发", "notice", "2027-03-17-liaison", "--final", "-o", out)
    assert "lianxi meeting edit 2027-03-17-liaison --place 地点" in result.stderr
    assert "lianxi meeting agenda add 2027-03-17-liaison 议程" in result.stderr
    _no_yaml(result.stderr)


def test_a_missing_purpose_names_meeting_edit_purpose(run, tmp_path):
    """Another joint meeting whose charter states no purpose: the notice's 〔待定：会议目的〕 names its command."""
    import shutil

    root = tmp_path / "qianxin"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace" / "qianxin", root)
    (root / "documents.yaml").write_text("notice_number: 泉港欠薪联办〔{year}〕{n}号\n", encoding="utf-8")
    assert run("meeting", "new", "--type", "联络员会议", "--date", "2027-03-16", "--time", "09:00", "--place",
               "区人社局会议室", "--agenda", "研究欠薪线索", "--contact", "林某", "--contact-phone", "0595-87654321",
               "--data", root).exit_code == 0
    result = run("notice", "2027-03-16-liaison", "--final", "-o", tmp_path / "通知.md", "--data", root)
    assert result.exit_code == 1 and "会议目的" in result.stderr
    assert "lianxi meeting edit 2027-03-16-liaison --purpose 目的" in result.stderr


def test_minutes_status_in_chinese_in_findings(lx):
    lx.ok(*LIAISON)
    lx.ok("minutes", "new", ID, "--summary", "会议通报了工作情况", today="2027-03-17")
    path = lx.d / "meetings" / f"{ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: agreed"), encoding="utf-8")
    result = lx("validate", today="2027-03-17")
    assert "纪要状态为已同意待印发，但以下与会单位尚未同意" in result.stderr, result.output
    assert "纪要状态为 agreed" not in result.stderr


# ---------------------------------------------------------------- dry-run summaries in Chinese (gap 4)

# every file a writer writes (import --into's charter.yaml rename aside)
WRITTEN = ("members.yaml", "meetings/*.yaml", "alerts.yaml", "groups.yaml", "reports.yaml", "registers.yaml",
           "who_answers.yaml")


def _fields(model, parent, seen, out):
    """(key of the mapping or list holding it, key) for every field of ``model`` and the models inside it."""
    import typing

    from pydantic import BaseModel

    def models_in(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
            return
        for arg in typing.get_args(annotation):
            yield from models_in(arg)

    for name, field in model.model_fields.items():
        key = field.alias or name
        out.append((parent, key))
        for sub in models_in(field.annotation):
            if (sub, key) not in seen:
                seen.add((sub, key))
                _fields(sub, key, seen, out)


def test_every_written_key_has_a_chinese_label():
    import re

    from lianxi.changes import key_label
    from lianxi.model import FILE_MODELS

    missing = []
    for name in WRITTEN:
        out = []
        _fields(FILE_MODELS[name], None, set(), out)
        assert out, name
        missing += [f"{name}: {p} › {k}" for p, k in out if re.search(r"[A-Za-z]", key_label(p, k))]
    assert missing == []


def test_dry_run_summaries_say_chinese_labels_and_unit_names(lx):
    out = lx.ok("member", "add", "区测试局", "--alias", "测试局", "--date", "2026-11-01", "-n").output
    assert "单位名称 区测试局，别名 测试局，加入日期 2026-11-01" in out and "单位 区测试局" in out
    assert "职务要求 业务股室负责人" in out and "joined" not in out and "姓名" not in out
    out = lx.ok("member", "retire", "公安", "--date", "2026-11-20", "--reason", "机构调整", "-n").output
    assert "单位（区公安分局） › 退出日期：新增 2026-11-20" in out and "退出原因：新增 机构调整" in out
    out = lx.ok("succession", "vacate", "民政", "--date", "2026-11-20", "--reason", "调任", "-n").output
    assert "离任原因：新增 调任" in out and "end_reason" not in out
    out = lx.ok("alert", "add", "--level", "一般", "-u", "公安", "--text", "测试研判", "-n").output
    assert "涉及单位 区公安分局" in out and "gongan" not in out
    lx.ok(*LIAISON)
    out = lx.ok("meeting", "guest", "add", ID, "--expert", "赵某某", "--title", "高级工程师",
                "--affiliation", "某中心", "-n").output
    assert "列席单位 某中心，类别 专家，列席人员 赵某某，职务或职称 高级工程师" in out
    lx.ok("group", "new", "--lead", "卫健", "--unit", "公安", "--purpose", "联合检查", "--from", "2026-11-01",
          "--to", "2026-12-31")
    out = lx.ok("group", "close", "2026-01", "--summary", "检查完毕", "-n").output
    assert "联合工作组（2026-01） › 结束工作：新增 日期 2026-11-29，工作小结 检查完毕" in out


# ---------------------------------------------------------------- repeats change nothing: exit 0 (gap 5)


def test_repeats_with_the_same_values_exit_0_and_conflicts_exit_1(lx):
    def unchanged(message, *args, today="2026-11-29"):
        before = tree(lx.d)
        result = lx.ok(*args, today=today)
        assert message in result.stdout and "无需变动" in result.stdout, result.output
        assert tree(lx.d) == before

    lx.ok(*LIAISON, "--contact", "王小明", "--contact-phone", "0595-87000000")
    lx.ok("notice", ID, "--final", "-o", lx.d.parent / "通知.md")
    lx.ok("meeting", "cancel", ID, "--reason", "因防台风推迟")
    unchanged(f"会议 {ID} 已于 2026-11-29 取消（因防台风推迟）", "meeting", "cancel", ID, "--reason", "因防台风推迟")
    unchanged("已于 2026-11-29 取消", "meeting", "cancel", ID, "--reason", "因防台风推迟", today="2026-11-30")
    lx.refused(1, "不能再次取消", "meeting", "cancel", ID, "--reason", "因防台风推迟", "--date", "2026-11-28")
    lx.refused(1, "不能再次取消", "meeting", "cancel", ID, "--reason", "改期")

    number = "泉港托育联办〔2026〕1号"
    lx.ok("number", "void", number, "--reason", "文字有误")
    unchanged(f"{number} 已于 2026-11-29 作废（文字有误）", "number", "void", number, "--reason", "文字有误")
    lx.refused(1, "未做任何修改", "number", "void", number, "--reason", "重新印发")

    lx.ok("meeting", "new", "--type", "专题会议", "--subject", "托育机构消防安全", "--date", "2027-09-14",
          "-u", "区消防救援大队")
    topic = "2027-09-14-topic"
    lx.ok("meeting", "guest", "add", topic, "--unit", "区应急管理局")
    unchanged("区应急管理局 已在列席名单中", "meeting", "guest", "add", topic, "--unit", "区应急管理局")
    expert = ["meeting", "guest", "add", topic, "--expert", "赵某某", "--title", "高级工程师", "--affiliation", "某中心"]
    lx.ok(*expert)
    unchanged("赵某某 已在列席名单中", *expert)
    lx.refused(1, "赵某某 已在列席名单中（写法或职称不同）", *expert[:7], "工程师", *expert[8:])


def test_a_repeated_agenda_item_is_not_added_twice(lx):
    lx.ok(*LIAISON)
    lx.ok("meeting", "agenda", "add", ID, "交流情况")
    before = tree(lx.d)
    result = lx.ok("meeting", "agenda", "add", ID, "交流情况")
    assert f"会议 {ID} 的议程已有第 2 项“交流情况”，无需变动。" in result.stdout
    result = lx.ok("meeting", "agenda", "add", ID, " 交流情况 ", "--at", "1")
    assert f"调整顺序请用 lianxi meeting agenda move {ID} 2 1" in result.stdout
    assert tree(lx.d) == before
    assert lx.meeting(ID).count("交流情况") == 1
