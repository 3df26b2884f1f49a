"""Dates: today (pinned by ``LIANXI_TODAY``) and dates given on the command line."""

from __future__ import annotations

import datetime as dt
import os
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


def parse_date(value: Optional[str], option: str = "--date") -> Optional[dt.date]:
    """A date given as an option's value (``2027-03-01``); None stays None; anything else is a usage error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageProblem(f"{option} 的值 {value} 不是日期，应为 2027-03-01 的形式") from None


def record_date(value: Optional[str], option: str = "--date") -> tuple[dt.date, dt.date]:
    """(the date given or today, today) for a record; a date after today is a usage error."""
    now = today()
    day = parse_date(value, option) or now
    if day > now:
        raise UsageProblem(f"{option} {day.isoformat()} 晚于今天（{now.isoformat()}）")
    return day, now
