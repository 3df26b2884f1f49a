"""Risk alerts (工作研判制度): issues and hazards the office assesses, notifies and warns of.

``alerts.yaml`` → :class:`AlertsFile`. An alert is recorded with a level (一般/较重/严重), the
units concerned and the text; it stays open until it is closed with a note. The 预警通报 to
the units concerned renders from ``templates/alert.md.j2``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field

from .errors import Collector, NotFound
from .model import Date, Id, Strict, Text

ALERTS_FILE = "alerts.yaml"
LEVELS = ("一般", "较重", "严重")

ALERTS_COMMENT = """\
# 工作研判与预警（工作研判制度）：联席会议办公室对难点热点问题和安全隐患的研判、通报、预警。
# 可用“lianxi alert add / edit / close”维护，也可以手工编辑；每条预警一项：
#   - id: 2027-01                   # 编号：年份-序号
#     date: 2027-05-08              # 研判日期
#     level: 较重                   # 一般 / 较重 / 严重
#     units: [shichang, xiaofang]   # 涉及的单位（members.yaml 中 units 的 id）
#     title: 部分托育机构消防通道堵塞  # 可选
#     text: 近期检查发现……
#     measures: 请各单位于5月底前……   # 可选：工作要求
#     closed: {date: 2027-06-30, note: 已全部整改}   # 销号时写
# 尚无预警时保持 alerts: []。"""


class Closure(Strict):
    date: Date = Field(description="销号日期")
    note: Text = Field(description="销号说明，如 已全部整改到位")


class Alert(Strict):
    id: Id = Field(description="编号，如 2027-01")
    date: Date = Field(description="研判日期")
    level: Literal["一般", "较重", "严重"] = Field(description="预警等级：一般 / 较重 / 严重")
    units: list[Id] = Field(min_length=1, description="涉及的单位")
    title: Optional[Text] = Field(None, description="标题（事由）")
    text: Text = Field(description="研判情况")
    measures: Optional[Text] = Field(None, description="工作要求")
    closed: Optional[Closure] = Field(None, description="销号：日期与说明")
    note: Optional[str] = None

    @property
    def is_open(self) -> bool:
        return self.closed is None


class AlertsFile(Strict):
    alerts: list[Alert] = Field(default_factory=list)


def load_alerts(root: Path, collector: Optional[Collector] = None):
    from .store import load_optional

    return load_optional(root, ALERTS_FILE, AlertsFile, collector)


def check_alerts(alerts: AlertsFile, doc, collector: Collector, *, units: Optional[dict],
                 today: dt.date) -> None:
    from .listfile import check_ids_and_units

    check_ids_and_units(alerts.alerts, "alerts", "预警编号", ("units",), doc, collector, units)
    for i, alert in enumerate(alerts.alerts):
        where = ("alerts", i)
        if alert.date > today:
            collector.add(doc.problem(f"研判日期 {alert.date} 晚于今天（{today}）", where + ("date",),
                                      rule="future-date"))
        if alert.closed is not None and alert.closed.date < alert.date:
            collector.add(doc.problem(f"销号日期 {alert.closed.date} 早于研判日期 {alert.date}",
                                      where + ("closed", "date"), rule="date-order"))


def next_id(alerts: AlertsFile, day: dt.date) -> str:
    from .listfile import next_year_id

    return next_year_id([a.id for a in alerts.alerts], day)


def find_alert(alerts: AlertsFile, query: str) -> tuple[int, Alert]:
    for i, alert in enumerate(alerts.alerts):
        if alert.id == query.strip():
            return i, alert
    raise NotFound(f"找不到预警“{query}”", suggestions=[a.id for a in alerts.alerts][-5:],
                   hint="列出全部预警：lianxi alerts --all")


def _cross(root: Path, today: dt.date):
    def check(new: AlertsFile, doc, collector: Collector) -> None:
        from .listfile import known_units

        units = known_units(root)
        check_alerts(new, doc, collector, units=units, today=today)
    return check


def add_alert(root: Path, *, level: str, units: list[str], text: str, title: Optional[str],
              measures: Optional[str], day: dt.date, today: dt.date) -> Alert:
    from .listfile import write_list
    from .yamlwrite import append_entry_text

    holder: dict = {}

    def change(old_text: str, _doc, current: AlertsFile) -> str:
        holder["id"] = next_id(current, day)
        holder["fields"] = [("id", holder["id"]), ("date", day), ("level", level), ("units", units),
                            ("title", title), ("text", text), ("measures", measures)]
        return append_entry_text(old_text, "alerts", holder["fields"])

    def expect(old: list) -> list:
        return old + [{k: v for k, v in holder["fields"] if v is not None}]

    new = write_list(root, ALERTS_FILE, "alerts", AlertsFile, ALERTS_COMMENT, change, expect, _cross(root, today))
    return find_alert(new, holder["id"])[1]


def close_alert(root: Path, alert_id: str, *, note: str, day: dt.date, today: dt.date) -> Alert:
    from .errors import DataError
    from .listfile import write_list
    from .yamlwrite import insert_fields_text

    state: dict = {}

    def change(old_text: str, doc, current: AlertsFile) -> str:
        index, alert = find_alert(current, alert_id)
        if alert.closed is not None:
            if alert.closed.date == day and alert.closed.note == note:
                from .errors import NothingToDo

                raise NothingToDo(f"预警 {alert.id} 已于 {alert.closed.date} 销号（{alert.closed.note}），无需变动；"
                                  "未做任何修改。")
            raise DataError(f"预警 {alert.id} 已于 {alert.closed.date} 销号（{alert.closed.note}），"
                            "与这次给出的日期或说明不同；未做任何修改")
        if day < alert.date:
            raise DataError(f"销号日期 {day} 早于研判日期 {alert.date}，未做任何修改")
        state["index"] = index
        return insert_fields_text(doc, "alerts", index, [("closed", {"date": day, "note": note})])

    def expect(old: list) -> list:
        new = [dict(item) for item in old]
        new[state["index"]]["closed"] = {"date": day, "note": note}
        return new

    if not os.path.lexists(root / ALERTS_FILE):
        raise NotFound(f"找不到预警“{alert_id}”（尚无 {ALERTS_FILE}）", hint="记录预警：lianxi alert add")
    result = write_list(root, ALERTS_FILE, "alerts", AlertsFile, ALERTS_COMMENT, change, expect,
                        _cross(root, today))
    return find_alert(result, alert_id)[1]


FIELD_NAMES = {"level": "等级", "units": "涉及单位", "title": "事由", "text": "研判情况", "measures": "工作要求",
               "date": "研判日期"}


def edit_alert(root: Path, alert_id: str, given: dict, *, today: dt.date) -> tuple[Alert, dict, dict]:
    """``lianxi alert edit``: set the fields given (field → value); (the alert as written, the old
    values, the new values of what changed). The same values again raise listfile.Unchanged."""
    from .listfile import edit_entry

    if not os.path.lexists(root / ALERTS_FILE):
        raise NotFound(f"找不到预警“{alert_id}”（尚无 {ALERTS_FILE}）", hint="记录预警：lianxi alert add")
    before: dict = {}

    def updates_for(alert: Alert) -> dict:
        changed = {k: v for k, v in given.items() if v is not None and getattr(alert, k) != v}
        before.update({k: getattr(alert, k) for k in changed})
        return changed

    new, index, updates = edit_entry(root, ALERTS_FILE, "alerts", AlertsFile, ALERTS_COMMENT,
                                     lambda current: find_alert(current, alert_id)[0], updates_for,
                                     _cross(root, today))
    return new.alerts[index], before, updates


def alert_view(ds, alert: Alert) -> dict:
    from .views import unit_ref

    return {
        "id": alert.id,
        "date": alert.date.isoformat(),
        "level": alert.level,
        "units": [unit_ref(ds, u) or {"id": u, "name": u, "short_name": None} for u in alert.units],
        "title": alert.title,
        "text": alert.text,
        "measures": alert.measures,
        "open": alert.is_open,
        "closed": None if alert.closed is None else {"date": alert.closed.date.isoformat(),
                                                      "note": alert.closed.note},
    }
