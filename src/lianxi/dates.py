"""Dates: today (pinned by ``LIANXI_TODAY``) and dates given on the command line."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Optional

from .errors import UsageProblem


def today() -> dt.date:
    """Today's date; ``LIANXI_TODAY=YYYY-MM-DD`` pins it (tests, reproducible documents)."""
    pinned = os.environ.get("LIANXI_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise UsageProblem(f"环境变量 LIANXI_TODAY 不是日期：{pinned}（应为 2027-03-01 的形式）") from None
    return dt.date.today()


def now() -> dt.datetime:
    """The time now, for records such as the write journal.

    ``LIANXI_NOW=2027-03-01T09:30:00`` pins it; else, with ``LIANXI_TODAY`` pinned, the time
    of day on that day; else the clock.
    """
    pinned = os.environ.get("LIANXI_NOW")
    if pinned:
        try:
            return dt.datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageProblem(f"环境变量 LIANXI_NOW 不是时间：{pinned}（应为 2027-03-01T09:30:00 的形式）") from None
    clock = dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(today(), clock.time())


DATE_FORMS = "2027-03-01、2027-3-1、2027/3/1、2027.3.1、2027年3月1日、20270301 或 3月1日（今年）"

_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_THIS_YEAR = re.compile(r"(\d{1,2})月(\d{1,2})[日号]?")


def read_date(value: str) -> Optional[dt.date]:
    """A date as people type it (see :data:`DATE_FORMS`; full-width digits too); None if it is none."""
    import unicodedata

    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            break
    else:
        match = _THIS_YEAR.fullmatch(text)
        if not match:
            return None
        year, month, day = today().year, int(match[1]), int(match[2])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: Optional[str], option: str = "--date") -> Optional[dt.date]:
    """A date given as an option's value (any of :data:`DATE_FORMS`); None stays None; anything else
    is a usage error naming the accepted forms."""
    if value is None:
        return None
    day = read_date(value)
    if day is None:
        raise UsageProblem(f"{option} 的值 {value} 不是日期，可写作 {DATE_FORMS}")
    return day


def record_date(value: Optional[str], option: str = "--date") -> tuple[dt.date, dt.date]:
    """(the date given or today, today) for a record; a date after today is a usage error."""
    now = today()
    day = parse_date(value, option) or now
    if day > now:
        raise UsageProblem(f"{option} {day.isoformat()} 晚于今天（{now.isoformat()}）")
    return day, now
