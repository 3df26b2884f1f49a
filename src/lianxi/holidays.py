"""Working days: statutory holidays and make-up workdays (调休), from chinese-calendar and the data directory.

The State Council's arrangement for each year comes from the ``chinesecalendar`` package
(updated when the arrangement is published, usually in November for the next year). An
office's own arrangements (a local holiday, a day the package does not know yet) go in the
data directory's optional ``holidays.yaml``, which takes precedence. For a year neither
knows, only weekends are days off, and :meth:`WorkCalendar.day` says the year is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pydantic import Field

from .model import Date, Strict, Text

FILE_NAME = "holidays.yaml"

# chinese_calendar's English names → the names on a Chinese calendar
_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class HolidayEntry(Strict):
    date: Date = Field(description="日期（连续多天时为第一天）")
    end: Optional[Date] = Field(None, description="连续多天时的最后一天")
    name: Text = Field(description="名称，如 国庆节、春节调休上班")
    note: Optional[str] = None


class HolidaysFile(Strict):
    """``holidays.yaml``: local arrangements, over the national ones."""

    holidays: list[HolidayEntry] = Field(default_factory=list, description="放假的日子（本地安排）")
    workdays: list[HolidayEntry] = Field(default_factory=list, description="上班的日子（调休、补班）")


@dataclass(frozen=True)
class Day:
    date: dt.date
    workday: bool
    name: Optional[str]  # 国庆节, or 国庆节调休 for a make-up workday; None for an ordinary day
    known: bool  # whether the year's holiday arrangement is known (package or holidays.yaml)

    def describe(self) -> str:
        """What the day is, for a warning: 国庆节假期、星期日、国庆节调休上班日."""
        from .textcn import cn_weekday

        if self.name and not self.workday:
            return f"{self.name}假期（{cn_weekday(self.date)}）"
        if self.name and self.workday:
            return f"{self.name}调休上班日（{cn_weekday(self.date)}）"
        return cn_weekday(self.date)


class WorkCalendar:
    def __init__(self, local: Optional[HolidaysFile] = None) -> None:
        self.off: dict[dt.date, str] = {}
        self.on: dict[dt.date, str] = {}
        self.local_years: set[int] = set()
        for entries, target in (((local.holidays if local else []), self.off), ((local.workdays if local else []), self.on)):
            for entry in entries:
                day = entry.date
                while day <= (entry.end or entry.date):
                    target[day] = entry.name
                    self.local_years.add(day.year)
                    day += dt.timedelta(days=1)

    def day(self, date: dt.date) -> Day:
        if date in self.on:
            return Day(date, True, _strip(self.on[date]), True)
        if date in self.off:
            return Day(date, False, self.off[date], True)
        national = _national(date)
        if national is not None:
            workday, name = national
            return Day(date, workday, name, True)
        return Day(date, date.weekday() < 5, None, date.year in self.local_years)

    def is_workday(self, date: dt.date) -> bool:
        return self.day(date).workday

    def last_workday_on_or_before(self, date: dt.date) -> dt.date:
        for _ in range(60):  # the longest run of days off is far shorter
            if self.is_workday(date):
                return date
            date -= dt.timedelta(days=1)
        return date


def _strip(name: str) -> str:
    for suffix in ("调休上班", "调休", "补班", "上班"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _national(date: dt.date) -> Optional[tuple[bool, Optional[str]]]:
    """(workday, holiday name) from chinese_calendar; None when it does not know the year."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a dependency; without it, weekends only
        return None
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(date)
    except NotImplementedError:  # a year not yet published in the installed version
        return None
    name = _NAMES.get(name, name) if name else None
    return (not on_holiday), name


def known_years() -> tuple[int, int] | None:
    """The first and last year the installed chinese_calendar knows."""
    try:
        from chinese_calendar.constants import holidays
    except ImportError:  # pragma: no cover
        return None
    years = sorted({d.year for d in holidays})
    return (years[0], years[-1]) if years else None


def unknown_note(year: int) -> str:
    return (f"{year} 年的法定节假日安排尚未收录（chinesecalendar 升级后即有；本地安排可写入数据目录的 "
            f"{FILE_NAME}），暂只按周末判断")


def calendar(root: Optional[Path], *, strict: bool = True) -> WorkCalendar:
    """The working calendar of a data directory (its holidays.yaml over the national arrangement).

    An invalid holidays.yaml raises DataErrors; with ``strict=False`` (the checks inside
    ``lianxi validate``, which reports that file on its own) it is left out instead.
    """
    if root is None:
        return WorkCalendar()
    from .errors import Collector
    from .store import load_optional

    local, _ = load_optional(root, FILE_NAME, HolidaysFile, None if strict else Collector())
    return WorkCalendar(local)


def check_holidays_file(root: Path, collector) -> None:
    """The ``lianxi validate`` check: holidays.yaml, when the data directory has one."""
    import os

    from .store import read_document, validate_model

    if not os.path.lexists(root / FILE_NAME):
        return
    doc = read_document(root, FILE_NAME, collector)
    if doc is None:
        return
    local = validate_model(doc, HolidaysFile, collector)
    if local is None:
        return
    for key in ("holidays", "workdays"):
        for index, entry in enumerate(getattr(local, key)):
            if entry.end is not None and entry.end < entry.date:
                collector.add(doc.problem(f"最后一天 {entry.end.isoformat()} 早于第一天 {entry.date.isoformat()}",
                                          (key, index, "end"), rule="holidays"))
