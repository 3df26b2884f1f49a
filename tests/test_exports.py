"""Exports an office passes around: Excel/CSV lists, a calendar file, a printable roster in Word.

Every file is opened with the library that reads it (openpyxl, csv, icalendar, python-docx)
and checked against the data it came from; every refused request exits 2 and writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from lianxi.store import bundled_dir


def _seats(run, *args):
    return json.loads(run(*args, "--json").stdout)["seats"]


@pytest.mark.parametrize("command", ["roster", "liaisons"])
def test_xlsx_has_header_frozen_panes_filter_and_a4(run, tmp_path, command):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "名单.xlsx"
    result = run(command, "-o", out)
    assert result.exit_code == 0, result.output
    seats = _seats(run, command)
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "序号" and all(isinstance(h, str) and h for h in rows[0])
    assert len(rows) == len(seats) + 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{len(seats) + 1}"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)  # 9: A4
    assert sheet.title in ("组成人员", "联络员名单")
    assert sheet.print_title_rows == "$1:$1"
    assert sheet["A1"].font.bold
    if command == "liaisons":
        assert rows[0] == ("序号", "单位", "联络员", "职务", "联系电话")
        assert all(r[2] == "待报送" for r in rows[1:])  # the notice names no liaison: nothing invented
    else:
        assert rows[1][1:3] == ("总召集人", seats[0]["holder"]["name"])
    assert f"（{len(seats)} 行）" in result.stderr


def test_csv_is_utf8_with_bom_and_opens_as_a_table(run, tmp_path):
    out = tmp_path / "联络员.csv"
    assert run("liaisons", "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "单位", "联络员", "职务", "联系电话"]
    assert len(rows) == len(_seats(run, "liaisons")) + 1


def test_csv_to_standard_output(run):
    result = run("roster", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.lstrip("\ufeff").startswith("序号,席位,姓名,职务")


def test_tasks_xlsx(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "议定事项.xlsx"
    assert run("tasks", "--examples", "-o", out).exit_code == 0
    tasks = json.loads(run("tasks", "--examples", "--json").stdout)["tasks"]
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "事项", "牵头单位")
    assert [r[0] for r in rows[1:]] == [t["id"] for t in tasks] and tasks


def test_reports_list_and_export(run, data_dir, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    # synthetic report (invented text, for this test only)
    added = run("report", "add", "公安", "--text", "（合成测试数据）已开展托育机构安全检查", "--date", "2026-11-20",
                "--data", data_dir)
    assert added.exit_code == 0, added.output
    assert "合成测试数据" in run("reports", "--data", data_dir).stdout
    out = tmp_path / "报告.xlsx"
    assert run("reports", "--data", data_dir, "-o", out).exit_code == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "报告日期", "报告单位")
    assert rows[-1][1] == "2026-11-20" and "合成测试数据" in rows[-1][5]


def test_meetings_ics_parses_with_one_event_per_dated_meeting(run, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "会议.ics"
    result = run("meetings", "-o", out)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    meetings = [m for m in json.loads(run("meetings", "--json").stdout)["meetings"] if m["date"]]
    assert len(events) == len(meetings) and events
    first = {str(e["UID"]): e for e in events}[f"{meetings[0]['id']}@lianxi"]
    start = first.decoded("DTSTART")
    assert start.date().isoformat() == meetings[0]["date"] or start.isoformat() == meetings[0]["date"]
    if meetings[0]["time"]:
        import datetime as dt

        local = start.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert local.strftime("%H:%M") == meetings[0]["time"].zfill(5)
    assert str(first["LOCATION"]) == meetings[0]["place"]
    assert "DTEND" not in first  # the data gives no end time: none invented


def test_a_cancelled_meeting_is_exported_as_cancelled_under_the_same_uid(run, tmp_path, data_dir):
    """Re-importing the calendar after `meeting cancel` drops the event: same UID, STATUS:CANCELLED,
    a higher SEQUENCE and a later DTSTAMP than the export made while it was on."""
    icalendar = pytest.importorskip("icalendar")
    env = {"LIANXI_TODAY": "2027-03-01"}

    def event(name):
        out = tmp_path / name
        assert run("meetings", "--data", data_dir, "-o", out, env=env).exit_code == 0
        events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
        return events["2027-03-16-liaison@lianxi"]

    assert run("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--data", data_dir, env=env).exit_code == 0
    before = event("之前.ics")
    assert "STATUS" not in before and str(before["SUMMARY"]) == "联络员会议"
    result = run("meeting", "cancel", "2027-03-16-liaison", "--reason", "因防台风推迟", "--data", data_dir, env=env)
    assert result.exit_code == 0, result.output
    after = event("之后.ics")
    assert str(after["STATUS"]) == "CANCELLED" and str(after["SUMMARY"]) == "联络员会议（已取消）"
    assert "因防台风推迟" in str(after["DESCRIPTION"])
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert after.decoded("DTSTART") == before.decoded("DTSTART")


def test_a_rescheduled_meeting_keeps_its_calendar_uid(run, tmp_path, data_dir):
    """meeting edit --date renames the meeting; the .ics event keeps the UID it was first exported
    with and its SEQUENCE grows, so a calendar that imported it moves it instead of adding a second."""
    icalendar = pytest.importorskip("icalendar")
    env = {"LIANXI_TODAY": "2027-03-01"}

    def events(name):
        out = tmp_path / name
        assert run("meetings", "--data", data_dir, "-o", out, env=env).exit_code == 0
        return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}

    assert run("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--data", data_dir, env=env).exit_code == 0
    before = events("之前.ics")["2027-03-16-liaison@lianxi"]
    for day in ("2027-03-18", "2027-03-19"):  # moved twice: still the first id
        result = run("meeting", "edit", "2027-03-16-liaison" if day == "2027-03-18" else "2027-03-18-liaison",
                     "--date", day, "--data", data_dir, env=env)
        assert result.exit_code == 0, result.output
    after = events("之后.ics")
    assert "2027-03-19-liaison@lianxi" not in after and "2027-03-18-liaison@lianxi" not in after
    moved = after["2027-03-16-liaison@lianxi"]
    assert moved.decoded("DTSTART") == dt.date(2027, 3, 19)
    assert moved.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert "uid: 2027-03-16-liaison" in (data_dir / "meetings" / "2027-03-19-liaison.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["roster", "liaisons"])
def test_printable_roster_in_word_uses_the_documents_page_setup(run, tmp_path, command):
    docx = pytest.importorskip("docx")
    out = tmp_path / "名单.docx"
    assert run(command, "-o", out).exit_code == 0
    notice = tmp_path / "通知.docx"
    assert run("notice", "2026-09-15-plenary", "-o", notice).exit_code == 0
    ours, theirs = docx.Document(str(out)), docx.Document(str(notice))
    a, b = ours.sections[0], theirs.sections[0]
    for attr in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin"):
        assert getattr(a, attr) == getattr(b, attr), attr
    (table,) = ours.tables
    assert len(table.rows) == len(_seats(run, command)) + 1
    assert table.rows[0].cells[0].text == "序号"


@pytest.mark.parametrize("command, second", [("roster", "组成人员"), ("liaisons", "联络员名单")])
def test_word_roster_title_lines_have_no_leading_or_trailing_space(run, tmp_path, command, second):
    """The title breaks at its space; the space is on neither centred line (GB/T 9704 title)."""
    docx = pytest.importorskip("docx")
    out = tmp_path / "名单.docx"
    assert run(command, "-o", out).exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text]
    lines = [t for t in paragraphs[:3] if "联席会议" in t or "截至" in t]
    assert len(lines) >= 2 and lines[-1].startswith(second), paragraphs[:3]
    assert all(line == line.strip() for line in lines), lines


@pytest.mark.parametrize("args, needle", [
    (["roster", "-f", "xlsx"], "须用 -o"),
    (["roster", "-f", "ics"], "无效"),
    (["meetings", "-f", "xlsx", "-o", "x.xlsx"], "无效"),
    (["tasks", "-o", "x.txt"], "扩展名"),
    (["tasks", "-f", "csv", "-o", "x.xlsx"], "不一致"),
    (["roster", "--json", "-o", "x.xlsx"], "--json"),
])
def test_bad_export_requests_are_usage_errors(run, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert not list(tmp_path.iterdir())


def test_export_never_overwrites_without_force_nor_writes_into_data(run, tmp_path, data_dir):
    out = tmp_path / "名单.xlsx"
    out.write_bytes(b"old")
    result = run("roster", "-o", out)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"old"
    assert run("roster", "-o", out, "--force").exit_code == 0 and out.read_bytes() != b"old"
    inside = run("liaisons", "--data", data_dir, "-o", data_dir / "联络员.csv")
    assert inside.exit_code == 2 and not (data_dir / "联络员.csv").exists()
    assert run("roster", "-o", bundled_dir("data") / "x.csv").exit_code == 2


def test_exports_are_byte_for_byte_repeatable(run, tmp_path):
    for name in ("a.xlsx", "b.xlsx", "a.ics", "b.ics"):
        command = "meetings" if name.endswith(".ics") else "roster"
        assert run(command, "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()


def test_text_that_looks_like_a_formula_stays_text():
    """Synthetic cells: an '=' at the start of data never becomes a formula in Excel."""
    import zipfile

    from lianxi.export import csv_bytes, xlsx_bytes

    data = xlsx_bytes("测试 表（合成）", ["内容"], [["=HYPERLINK(\"http://example.invalid\")"], ["=1+1"]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet
    text = csv_bytes(["内容"], [["=1+1"], ["-5"], ["@x"]]).decode("utf-8-sig")
    assert text.splitlines() == ["内容", "'=1+1", "-5", "'@x"]
