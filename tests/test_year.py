"""A whole year of the office's work through commands alone (issue 15): the test writes no data file.

The data directory is a copy of the bundled data (the ``data_dir`` fixture); from there on every
change is a ``lianxi`` command. The names of attendees, experts and contact persons below are
SYNTHETIC (invented for the test); units and office holders come from the seed notice.
"""

from __future__ import annotations

import json
from pathlib import Path

CONTACT = ["--contact", "王小明", "--contact-phone", "0595-87000000"]  # synthetic contact person


class Office:
    """The office at work: ``office.on(day)`` sets today, ``office(...)`` runs lianxi and checks the exit code."""

    def __init__(self, run, data: Path, out: Path) -> None:
        self.run, self.data, self.out, self.day = run, data, out, "2027-01-04"

    def on(self, day: str) -> "Office":
        self.day = day
        return self

    def __call__(self, *args, code: int = 0):
        result = self.run(*args, "--data", self.data, env={"LIANXI_TODAY": self.day})
        assert result.exit_code == code, (args, result.output)
        return result

    def meeting(self, ident: str) -> str:
        return (self.data / "meetings" / f"{ident}.yaml").read_text(encoding="utf-8")

    def hold(self, ident: str, *, summary: str, matters: list[list[str]], replies: list[list[str]],
             notice_day: str, reply_day: str, minutes_day: str, issue_day: str) -> tuple[str, str]:
        """Notice issued, replies, minutes drafted with their matters, agreed by all, issued."""
        notice = self.on(notice_day)("notice", ident, "--final", "-o", self.out / f"{ident}-通知.md")
        number = notice.stderr.split("文号：")[1].split("（已登记）")[0]
        for reply in replies:
            self.on(reply_day)("meeting", "reply", ident, *reply)
        self.on(minutes_day)("minutes", "new", ident, "--summary", summary)
        for matter in matters:
            self("minutes", "matter", "add", ident, *matter)
        self.on(issue_day)("minutes", "agree", ident, "--all")
        issued = self("minutes", "render", ident, "--final", "-o", self.out / f"{ident}-纪要.md")
        return number, issued.stderr.split("期号：")[1].split("（已登记）")[0]


def test_a_whole_year_through_commands_alone(run, data_dir, tmp_path):
    office = Office(run, data_dir, tmp_path)

    # ---- 1. the regular meeting (例会), January
    office.on("2027-01-04")("meeting", "new", "--type", "例会", "--date", "2027-01-20", "--presider", "庄一鸣",
                            "--purpose", "总结2026年工作，部署2027年婴幼儿照护服务工作", *CONTACT)
    again = office("meeting", "new", "--type", "全体会议", "--date", "2027-01-20", "--time", "09:00", code=1)
    assert "meeting edit 2027-01-20-plenary" in again.stderr
    office("meeting", "edit", "2027-01-20-plenary", "--time", "9:00", "--place", "区政府三楼会议室")
    office("meeting", "agenda", "add", "2027-01-20-plenary", "研究2027年工作要点")
    office("meeting", "agenda", "add", "2027-01-20-plenary", "听取2026年工作情况汇报")
    office("meeting", "agenda", "move", "2027-01-20-plenary", "2", "1")
    draft = office("notice", "2027-01-20-plenary")
    assert "为总结2026年工作，部署2027年婴幼儿照护服务工作，定于2027年1月20日（星期三）9:00在区政府三楼会议室" in draft.stdout
    assert "（一）听取2026年工作情况汇报；\n（二）研究2027年工作要点。" in draft.stdout
    assert "联系人：王小明，联系电话：0595-87000000。" in draft.stdout
    plenary = office.hold(
        "2027-01-20-plenary", summary="会议听取了2026年工作情况汇报，研究了2027年工作要点",
        matters=[["--title", "关于开展托育机构消防安全检查", "--text", "会议议定，对全区托育机构开展消防安全检查",
                  "--lead", "区消防救援大队", "-c", "区住建局,区卫健局", "--deadline", "2027-06-30"],
                 ["--title", "关于推进普惠托育服务", "--text", "会议议定，研究普惠托育服务项目支持措施",
                  "--lead", "区发改局", "-c", "区财政局", "--deadline", "2027-11-30"]],
        replies=[["公安", "--attendee", "郑惠山", "--post", "区公安分局副局长", "--phone", "13912345678"],
                 ["区计生协会", "--leave", "因公外出"],
                 ["区总工会", "--substitute", "陈某某", "--post", "办公室主任", "--leave", "出差"]],  # synthetic
        notice_day="2027-01-06", reply_day="2027-01-12", minutes_day="2027-01-21", issue_day="2027-01-26")
    assert plenary == ("泉港托育联办〔2027〕1号", "第1期")
    text = office.meeting("2027-01-20-plenary")
    assert "lead: xiaofang" in text and "cooperating:\n" in text or "cooperating: [zhujian, weijian]" in text
    minutes = (tmp_path / "2027-01-20-plenary-纪要.md").read_text(encoding="utf-8")
    assert "请假：区计生协会 潘高成（因公外出）" in minutes and "区总工会 陈某某（代）" in minutes
    assert "（牵头单位：区消防救援大队；配合单位：区住建局、区卫健局；完成时限：2027年6月底前）" in minutes

    # ---- 2. the liaison meeting, March; a cancelled one in June does not count
    office.on("2027-03-01")("meeting", "new", "--type", "联络员会议", "--date", "2027-03-16", "--time", "09:00",
                            "--place", "区卫健局三楼会议室", "--presider", "林金辉", "--agenda", "交流各成员单位工作开展情况",
                            *CONTACT)
    # the liaisons are not named in the seed: each unit's reply slip names who comes (synthetic names)
    units = json.loads(office("meeting", "replies", "2027-03-16-liaison", "--json").stdout)["units"]
    waiting = office("meeting", "replies", "2027-03-16-liaison").stdout
    assert "已回执 0 个，待回执 18 个（截止 2027-03-12）" in waiting
    office.on("2027-03-10")
    for i, unit in enumerate(units[1:], 1):
        office("meeting", "reply", "2027-03-16-liaison", unit["unit_name"], "--attendee", f"联络员{i}号")
    liaison = office.hold(
        "2027-03-16-liaison", summary="会议交流了各成员单位工作开展情况",
        matters=[["--title", "关于报送联络员名单", "--text", "会议要求各成员单位报送联络员名单",
                  "--lead", "区卫健局", "--deadline", "2027-03-31"]],
        replies=[[units[0]["unit_name"], "--attendee", "林某某", "--post", "学前教育股股长"]],  # synthetic
        notice_day="2027-03-02", reply_day="2027-03-10", minutes_day="2027-03-17", issue_day="2027-03-22")
    assert liaison == ("泉港托育联办〔2027〕2号", "第2期")

    # ---- 3. an ad hoc meeting the convener called, May
    office.on("2027-05-06")("meeting", "new", "--type", "临时会议", "--date", "2027-05-18", "--time", "15:00",
                            "--place", "区政府三楼会议室", "--presider", "林金辉", "--agenda", "研究托育机构安全隐患整改",
                            *CONTACT, code=1)  # refused: who called it is not recorded
    office("meeting", "new", "--type", "临时会议", "--date", "2027-05-18", "--time", "15:00",
           "--place", "区政府三楼会议室", "--presider", "林金辉", "--agenda", "研究托育机构安全隐患整改",
           "--approved-by", "庄一鸣", "--approved-on", "2027-05-06", *CONTACT)
    adhoc = office.hold(
        "2027-05-18-adhoc", summary="会议研究了托育机构安全隐患整改工作",
        matters=[["--title", "关于托育机构安全隐患整改", "--text", "会议议定对排查发现的隐患限期整改",
                  "--lead", "区市场监督管理局", "-c", "区消防救援大队", "--deadline", "2027-08-31"]],
        replies=[], notice_day="2027-05-07", reply_day="2027-05-10", minutes_day="2027-05-18",
        issue_day="2027-05-24")
    assert adhoc == ("泉港托育联办〔2027〕3号", "第3期")

    office.on("2027-06-01")("meeting", "new", "--type", "联络员会议", "--date", "2027-06-15", "--adhoc",
                            "--approved-by", "庄一鸣")
    office("meeting", "cancel", "2027-06-15-liaison", "--reason", "因防台风推迟")
    assert "reason: 因防台风推迟" in office.meeting("2027-06-15-liaison")

    # ---- 4. a topic meeting with experts, for its units only, September
    office.on("2027-09-01")("meeting", "new", "--type", "专题会议", "--subject", "托育机构消防安全", "--date",
                            "2027-09-14", "--time", "09:00", "--place", "区消防救援大队会议室", "--presider", "林金辉",
                            "-u", "区消防救援大队,区住建局,区卫健局", "--agenda", "研究托育机构消防安全管理办法",
                            *CONTACT)
    office("meeting", "guest", "add", "2027-09-14-topic", "--expert", "赵某某", "--title", "高级工程师",
           "--affiliation", "泉州市消防技术服务中心")  # a synthetic expert
    office("meeting", "guest", "add", "2027-09-14-topic", "--unit", "区应急管理局")
    notice = office("notice", "2027-09-14-topic").stdout
    assert "区消防救援大队、区住建局、区卫健局：" in notice
    assert "列席：泉州市消防技术服务中心高级工程师赵某某；区应急管理局有关负责同志。" in notice
    topic = office.hold(
        "2027-09-14-topic", summary="会议研究了托育机构消防安全管理办法",
        matters=[["--title", "关于制定托育机构消防安全管理办法", "--text", "会议议定起草管理办法",
                  "--lead", "区消防救援大队", "-c", "区住建局", "--deadline", "2027-11-30"]],
        replies=[["区住建局", "--attendee", "黄某某"]], notice_day="2027-09-02", reply_day="2027-09-08",
        minutes_day="2027-09-15", issue_day="2027-09-20")
    assert topic == ("泉港托育联办〔2027〕4号", "第4期")

    # ---- 5. reports on the tasks (only the lead unit's report completes one)
    for task, unit, day in (("2027-03-16-liaison/1", "区卫健局", "2027-03-30"),
                            ("2027-01-20-plenary/1", "区消防救援大队", "2027-06-20"),
                            ("2027-05-18-adhoc/1", "区市场监督管理局", "2027-08-25"),
                            ("2027-01-20-plenary/2", "区发改局", "2027-11-20"),
                            ("2027-09-14-topic/1", "区消防救援大队", "2027-11-25")):
        office.on(day)("report", "add", unit, "--task", task, "--status", "已完成", "--text", "已按期完成")
    tasks = json.loads(office.on("2027-12-31")("tasks", "--json").stdout)["tasks"]
    assert len(tasks) == 5 and all(t["status"] == "已完成" for t in tasks)

    # ---- 6. the year checked, then reported to the next regular meeting
    check = json.loads(office("check", "--year", "2027", "--json").stdout)
    rules = {f["rule"] for f in check["findings"]}
    assert not rules & {"meeting-due", "minutes-not-issued", "task-overdue"}, check["findings"]
    office.on("2028-01-05")("meeting", "new", "--type", "例会", "--date", "2028-01-18", "--time", "09:00",
                            "--place", "区政府三楼会议室", "--presider", "庄一鸣", "--agenda", "审议2027年工作情况报告",
                            *CONTACT)
    annual = office("report", "annual", "2027", "-o", tmp_path / "2027年度报告.md")
    assert annual.exit_code == 0
    report = (tmp_path / "2027年度报告.md").read_text(encoding="utf-8")
    assert "本年印发会议纪要4期" in report
    second = office.hold(
        "2028-01-18-plenary", summary="会议审议了2027年工作情况报告",
        matters=[["--title", "关于2028年工作要点", "--text", "会议议定按要点推进2028年工作", "--lead", "区卫健局",
                  "--deadline", "2028-12-31"]],
        replies=[], notice_day="2028-01-06", reply_day="2028-01-10", minutes_day="2028-01-19",
        issue_day="2028-01-24")
    assert second == ("泉港托育联办〔2028〕1号", "第5期")

    meetings = json.loads(office("meetings", "--json").stdout)["meetings"]
    assert len([m for m in meetings if not m["example"]]) == 6
    assert office("validate").exit_code == 0
