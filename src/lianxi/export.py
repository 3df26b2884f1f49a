"""Exports in the formats an office already passes around: Excel and CSV tables, a calendar file.

``.xlsx`` (openpyxl): a bold header row of Chinese column names, frozen under the header,
an autofilter, A4 print setup (landscape when wide, fit to one page wide, the header row
repeated on every page). ``.csv``: UTF-8 with a BOM, so Excel opens it as UTF-8.
``.ics`` (icalendar): one event per meeting with a known date. openpyxl and icalendar are
imported only here, inside the functions that need them.

Every file goes through :func:`lianxi.store.check_output_path` and ``atomic_write``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Optional, Sequence

from .errors import UsageProblem

TABLE_FORMATS = ("xlsx", "csv")
DOCUMENT_FORMATS = ("md", "docx", "pdf")
_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".ics": "ics", ".md": "md", ".docx": "docx", ".pdf": "pdf"}


def export_format(fmt: Optional[str], out: Optional[str], allowed: Sequence[str]) -> Optional[str]:
    """The export asked for: ``--format``, else the ``-o`` suffix; None for the usual screen output."""
    suffix = Path(out).suffix.lower() if out and out != "-" else ""
    by_suffix = _SUFFIXES.get(suffix)
    if fmt is not None and fmt not in allowed:
        raise UsageProblem(f"--format 的值 {fmt} 无效，应为 {'、'.join(allowed)} 之一")
    if fmt is None:
        if suffix and by_suffix not in allowed:
            raise UsageProblem(f"不能输出 {suffix} 文件：-o 的扩展名应为 " + "、".join(f".{a}" for a in allowed))
        return by_suffix
    if suffix and by_suffix != fmt:
        raise UsageProblem(f"--format {fmt} 与输出文件的扩展名 {suffix} 不一致；请把文件名改为 .{fmt}")
    return fmt


def _target(out: Optional[str], fmt: str, root: Optional[Path], force: bool) -> Optional[Path]:
    """The file to write, or None for standard output (only for text formats)."""
    import sys

    from .store import STDOUT, check_output_path

    if out and out != STDOUT:
        return check_output_path(out, root, force)
    if fmt == "xlsx" and (out is None or sys.stdout.isatty()):
        raise UsageProblem("Excel 格式须用 -o 指定输出文件，如 -o 名单.xlsx（-o - 只能在输出重定向到文件或管道时使用）")
    return None


def write_export(data: bytes, out: Optional[str], fmt: str, root: Optional[Path], force: bool) -> Optional[Path]:
    """Write the bytes to the ``-o`` file and return it; None: they go to standard output (the CLI prints them)."""
    from .store import atomic_write

    path = _target(out, fmt, root, force)
    if path is None:
        return None
    atomic_write(path, data, overwrite=force, keep_style=False)
    return path


def check_export_target(out: Optional[str], fmt: str, root: Optional[Path], force: bool) -> None:
    """Refuse a bad ``-o`` before any work is done."""
    _target(out, fmt, root, force)


# ------------------------------------------------------------------ tables

def table_bytes(fmt: str, title: str, headers: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    if fmt == "csv":
        return csv_bytes(headers, rows)
    return xlsx_bytes(title, headers, rows)


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _csv_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_safe(value) -> str:
    """A cell Excel would read as a formula (=, +, -, @ first) is kept as text."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def xlsx_bytes(title: str, headers: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .textcn import display_width

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if cell.data_type == "f":  # text starting with "=" is data, never a formula
                cell.data_type = "s"
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = []
    for index, header in enumerate(headers, 1):
        values = [str(header)] + ["" if r[index - 1] is None else str(r[index - 1]) for r in rows]
        width = min(max(display_width(v) for v in values) + 2, 60)
        widths.append(width)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if width >= 60:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = wrap
    last = get_column_letter(len(headers))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sum(widths) > 95 else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    book.properties.title = title
    book.properties.creator = "lianxi"
    # a fixed timestamp: the same data gives the same file
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The .xlsx (a zip) with every entry dated 2000-01-01, and the saving time openpyxl writes into
    docProps/core.xml fixed as well: the same data gives the same bytes."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """The sheet's tab: the table's own name ("泉港区…联席会议 组成人员（截至 …）" → "组成人员")."""
    title = title.split("（")[0].split(" ")[-1]
    for bad in "[]:*?/\\":
        title = title.replace(bad, "")
    return title[:31] or "Sheet1"


# ------------------------------------------------------------------ calendar

def ics_bytes(calendar_name: str, events: Sequence[dict]) -> bytes:
    """``events``: dicts with id, uid, summary, date (date), time ("HH:MM" or None), place,
    description, and cancelled (the date it was cancelled, or None).

    The UID is the meeting's ``uid`` (its id, or the id it had before ``meeting edit --date``
    renamed it), so exporting again after a change updates the event a calendar imported. Nothing
    records when a meeting was edited, so SEQUENCE and DTSTAMP come from the data alone: SEQUENCE
    is 1 for a meeting moved to another date and one more when cancelled (STATUS:CANCELLED, DTSTAMP
    the day of the cancellation, newer than any earlier export of it); DTSTAMP is fixed otherwise.
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//lianxi//联席会议//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # fixed: the same data gives the same file
    for item in events:
        event = Event()
        uid = item.get("uid") or item["id"]
        event.add("uid", f"{uid}@lianxi")
        moved = int(uid != item["id"])
        cancelled = item.get("cancelled")
        if cancelled:
            event.add("dtstamp", dt.datetime.combine(cancelled, dt.time(0), tzinfo=dt.timezone.utc))
            event.add("sequence", moved + 1)
            event.add("status", "CANCELLED")
        else:
            event.add("dtstamp", stamp)
            event.add("sequence", moved)
        event.add("summary", item["summary"])
        # no DTEND: the data gives no end time, and a calendar file must not invent one
        if item.get("time"):
            hour, minute = map(int, item["time"].split(":"))
            start = dt.datetime.combine(item["date"], dt.time(hour, minute), tzinfo=_CST)
            event.add("dtstart", start.astimezone(dt.timezone.utc))
        else:
            event.add("dtstart", item["date"])  # an all-day event
        if item.get("place"):
            event.add("location", item["place"])
        if item.get("description"):
            event.add("description", item["description"])
        cal.add_component(event)
    return cal.to_ical()


_CST = dt.timezone(dt.timedelta(hours=8), "CST")
