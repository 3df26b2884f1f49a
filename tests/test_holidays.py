"""Holidays and make-up workdays: from chinesecalendar, with the data directory's holidays.yaml over it.

Fixed dates only (never today): 2026 is in chinesecalendar ≥ 1.11 (National Day 10-01…10-07 off,
09-20 and 10-10 make-up workdays); 2099 stands for a year no version knows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lianxi.holidays import WorkCalendar, calendar
from lianxi.render import reply_deadline

D = dt.date.fromisoformat


@pytest.mark.parametrize("day, workday, text", [
    ("2026-10-06", False, "国庆节假期（星期二）"),
    ("2026-09-20", True, "国庆节调休上班日（星期日）"),
    ("2026-10-10", True, "国庆节调休上班日（星期六）"),
    ("2026-09-19", False, "星期六"),
    ("2026-09-21", True, "星期一"),
    ("2026-01-01", False, "元旦假期（星期四）"),
])
def test_national_arrangement(day, workday, text):
    info = WorkCalendar().day(D(day))
    assert (info.workday, info.describe(), info.known) == (workday, text, True)


def test_a_year_the_package_does_not_know_falls_back_to_weekends_and_says_so():
    from lianxi.holidays import unknown_note

    cal = WorkCalendar()
    assert cal.day(D("2099-10-06")).workday and not cal.day(D("2099-10-06")).known
    assert not cal.day(D("2099-10-03")).workday  # a Saturday
    assert "2099 年的法定节假日安排尚未收录" in unknown_note(2099) and "holidays.yaml" in unknown_note(2099)


def test_reply_deadline_skips_holidays_and_keeps_make_up_workdays():
    assert reply_deadline(D("2026-10-09"), 3) == D("2026-09-30")  # 10-06 … 10-01 are National Day
    assert reply_deadline(D("2026-10-13"), 3) == D("2026-10-10")  # a Saturday, but a make-up workday
    assert reply_deadline(D("2026-09-22"), 3) == D("2026-09-18")  # 09-19, an ordinary Saturday, is skipped
    assert reply_deadline(D("2026-09-23"), 3) == D("2026-09-20")  # 09-20, a Sunday, is a make-up workday
    assert reply_deadline(D("2099-10-07"), 1) == D("2099-10-06")  # unknown year: weekends only


LOCAL = """\
# 合成测试数据：本地安排（虚构）
holidays:
  - {date: 2099-06-01, name: 本地节日}
  - {date: 2099-06-08, end: 2099-06-09, name: 本地假期}
workdays:
  - {date: 2099-06-06, name: 本地节日调休}
"""


def test_local_arrangements_override(data_dir):
    (data_dir / "holidays.yaml").write_text(LOCAL, encoding="utf-8")
    cal = calendar(data_dir)
    assert cal.day(D("2099-06-01")).describe() == "本地节日假期（星期一）"
    assert cal.day(D("2099-06-06")).describe() == "本地节日调休上班日（星期六）"
    assert not cal.is_workday(D("2099-06-09"))
    assert reply_deadline(D("2099-06-10"), 1, cal) == D("2099-06-06")
    assert cal.day(D("2099-07-01")).known  # the office wrote arrangements for that year


def test_validate_checks_holidays_yaml(run, data_dir):
    (data_dir / "holidays.yaml").write_text(LOCAL, encoding="utf-8")
    assert run("validate", "--data", data_dir).exit_code == 0
    (data_dir / "holidays.yaml").write_text(LOCAL.replace("end: 2099-06-09", "end: 2099-06-07"), encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "holidays.yaml:4:" in result.stderr and "holidays[1].end: 最后一天 2099-06-07 早于第一天 2099-06-08" in result.stderr
    (data_dir / "holidays.yaml").write_text("holidays:\n  - {date: '2099-06-01', name: 节}\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1 and "holidays.yaml:2:" in result.stderr and "Traceback" not in result.output


def test_meeting_warnings_name_the_holiday_and_accept_a_make_up_workday(run, data_dir):
    holiday = run("meeting", "new", "--type", "liaison", "--date", "2026-10-06", "--data", data_dir)
    assert holiday.exit_code == 0, holiday.output
    assert "会议日期 2026-10-06 是国庆节假期（星期二）" in holiday.output
    (data_dir / "meetings" / "2026-10-06-liaison.yaml").unlink()
    workday = run("meeting", "new", "--type", "liaison", "--date", "2026-09-20", "--data", data_dir)
    assert workday.exit_code == 0, workday.output
    assert "星期日" not in workday.output and "是国庆节" not in workday.output


def test_unknown_year_weekend_warning_says_the_year_is_unknown(data_dir):
    from lianxi.dataset import Dataset
    from lianxi.meetings import Meeting
    from lianxi.rules import check_date

    meeting = Meeting(kind="liaison", date=D("2099-10-03"))
    (found,) = check_date(meeting, D("2026-11-29"), notice=False, calendar=calendar(Dataset.open(data_dir).root))
    assert "星期六" in found.message and "2099 年的法定节假日安排尚未收录" in found.message


def test_meeting_replies_deadline_is_the_notices(run, data_dir):
    """`meeting replies` counts the reply deadline on the data directory's calendar, as the notice does."""
    import json

    (data_dir / "holidays.yaml").write_text("# 合成测试数据（虚构）\nholidays:\n  - {date: 2027-03-16, name: 本地节日}\n",
                                            encoding="utf-8")
    env = {"LIANXI_TODAY": "2027-03-01"}
    assert run("meeting", "new", "--type", "liaison", "--date", "2027-03-19", "--time", "09:00",
               "--place", "三楼会议室", "--data", data_dir, env=env).exit_code == 0
    notice = run("notice", "2027-03-19-liaison", "--data", data_dir, env=env)
    assert notice.exit_code == 0, notice.output
    assert "2027年3月15日（星期一）前将参会回执报送" in notice.stdout
    listed = run("meeting", "replies", "2027-03-19-liaison", "--json", "--data", data_dir, env=env)
    assert json.loads(listed.stdout)["deadline"] == "2027-03-15"
