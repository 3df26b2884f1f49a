"""Joint working groups (联合工作组制度): groups the joint meeting organises to guide childcare
services and act on violations.

``groups.yaml`` → :class:`GroupsFile`. A group has a lead unit, member units, a purpose and a
period; its setup notice renders from ``templates/group.md.j2``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Optional

from pydantic import Field

from .errors import Collector, DataError, NotFound, UsageProblem
from .model import Date, Id, Strict, Text

GROUPS_FILE = "groups.yaml"

GROUPS_COMMENT = """\
# 联合工作组（联合工作组制度）：联席会议根据工作需要组织的联合工作组。
# 可用“lianxi group new / edit / close”维护，也可以手工编辑；每个工作组一项：
#   - id: 2027-01                       # 编号：年份-序号
#     date: 2027-04-01                  # 成立日期
#     name: 托育机构安全联合检查组         # 可选，默认“联合工作组”
#     lead: weijian                     # 牵头单位（members.yaml 中 units 的 id）
#     units: [shichang, xiaofang]       # 参加单位
#     purpose: 对全区托育机构开展安全检查，查处违法违规行为
#     start: 2027-04-10                 # 工作期限：开始
#     end: 2027-05-31                   # 工作期限：结束
#     closed: {date: 2027-05-31, summary: 检查托育机构23家，整改问题15个}   # 工作结束时写
# 尚无工作组时保持 groups: []。"""


class GroupClosure(Strict):
    date: Date = Field(description="工作结束日期")
    summary: Text = Field(description="工作情况小结，如 检查托育机构23家，整改问题15个")


class Group(Strict):
    id: Id = Field(description="编号，如 2027-01")
    date: Date = Field(description="成立日期")
    name: Optional[Text] = Field(None, description="工作组名称；不写时为“联合工作组”")
    lead: Id = Field(description="牵头单位")
    units: list[Id] = Field(min_length=1, description="参加单位（不含牵头单位）")
    purpose: Text = Field(description="工作任务")
    start: Date = Field(description="工作期限：开始日期")
    end: Date = Field(description="工作期限：结束日期")
    closed: Optional[GroupClosure] = Field(None, description="工作结束：日期与工作情况小结")
    note: Optional[str] = None

    @property
    def display_name(self) -> str:
        return self.name or "联合工作组"

    def state(self, day: dt.date) -> str:
        if self.closed is not None and day >= self.closed.date:
            return "已结束"
        if day < self.start:
            return "未开始"
        return "工作中" if day <= self.end else "已结束"


class GroupsFile(Strict):
    groups: list[Group] = Field(default_factory=list)


def load_groups(root: Path, collector: Optional[Collector] = None):
    from .store import load_optional

    return load_optional(root, GROUPS_FILE, GroupsFile, collector)


def check_groups(groups: GroupsFile, doc, collector: Collector, *, units: Optional[dict],
                 today: dt.date) -> None:
    from .listfile import check_ids_and_units

    check_ids_and_units(groups.groups, "groups", "工作组编号", ("lead", "units"), doc, collector, units)
    for i, group in enumerate(groups.groups):
        where = ("groups", i)
        if group.lead in group.units:
            collector.add(doc.problem("牵头单位不必再列入参加单位（units）", where + ("units",),
                                      rule="group-units"))
        if group.end < group.start:
            collector.add(doc.problem(f"结束日期 {group.end} 早于开始日期 {group.start}", where + ("end",),
                                      rule="date-order"))
        if group.date > today:
            collector.add(doc.problem(f"成立日期 {group.date} 晚于今天（{today}）", where + ("date",),
                                      rule="future-date"))
        if group.closed is not None:
            if group.closed.date < group.date:
                collector.add(doc.problem(f"结束日期 {group.closed.date} 早于成立日期 {group.date}",
                                          where + ("closed", "date"), rule="date-order"))
            if group.closed.date > today:
                collector.add(doc.problem(f"结束日期 {group.closed.date} 晚于今天（{today}）",
                                          where + ("closed", "date"), rule="future-date"))


def next_id(groups: GroupsFile, day: dt.date) -> str:
    from .listfile import next_year_id

    return next_year_id([g.id for g in groups.groups], day)


def find_group(groups: GroupsFile, query: str) -> Group:
    return groups.groups[group_index(groups, query)]


def group_index(groups: GroupsFile, query: str) -> int:
    for i, group in enumerate(groups.groups):
        if group.id == query.strip():
            return i
    raise NotFound(f"找不到联合工作组“{query}”", suggestions=[g.id for g in groups.groups][-5:],
                   hint="列出全部工作组：lianxi groups")


def new_group(root: Path, *, name: Optional[str], lead: str, units: list[str], purpose: str,
              start: dt.date, end: dt.date, day: dt.date, today: dt.date) -> Group:
    from .listfile import write_list
    from .yamlwrite import append_entry_text

    holder: dict = {}

    def change(old_text: str, _doc, current: GroupsFile) -> str:
        holder["id"] = next_id(current, day)
        holder["fields"] = [("id", holder["id"]), ("date", day), ("name", name), ("lead", lead),
                            ("units", units), ("purpose", purpose), ("start", start), ("end", end)]
        return append_entry_text(old_text, "groups", holder["fields"])

    def expect(old: list) -> list:
        return old + [{k: v for k, v in holder["fields"] if v is not None}]

    result = write_list(root, GROUPS_FILE, "groups", GroupsFile, GROUPS_COMMENT, change, expect, _cross(root, today))
    return find_group(result, holder["id"])


def _cross(root: Path, today: dt.date):
    def cross(new: GroupsFile, doc, collector: Collector) -> None:
        from .listfile import known_units

        check_groups(new, doc, collector, units=known_units(root), today=today)
    return cross


FIELD_NAMES = {"name": "名称", "lead": "牵头单位", "units": "参加单位", "purpose": "工作任务",
               "start": "工作期限开始", "end": "工作期限结束", "date": "成立日期", "closed": "工作结束"}


def _edit(root: Path, group_id: str, updates_for, today: dt.date):
    from .listfile import edit_entry

    if not os.path.lexists(root / GROUPS_FILE):
        raise NotFound(f"找不到联合工作组“{group_id}”（尚无 {GROUPS_FILE}）", hint="成立工作组：lianxi group new")
    new, index, updates = edit_entry(root, GROUPS_FILE, "groups", GroupsFile, GROUPS_COMMENT,
                                     lambda current: group_index(current, group_id), updates_for,
                                     _cross(root, today))
    return new.groups[index], updates


def edit_group(root: Path, group_id: str, given: dict, *, today: dt.date) -> tuple[Group, dict, dict]:
    """``lianxi group edit``: set the fields given; (the group as written, old values, new values).

    A new lead that was a participating unit leaves the participating units. The same values
    again raise listfile.Unchanged.
    """
    before: dict = {}

    def updates_for(group: Group) -> dict:
        wanted = {k: v for k, v in given.items() if v is not None}
        lead = wanted.get("lead", group.lead)
        units = [u for u in wanted.get("units", group.units) if u != lead]
        if not units:
            raise UsageProblem("除牵头单位外至少需要一个参加单位（--unit）")
        if units != group.units:
            wanted["units"] = units
        start, end = wanted.get("start", group.start), wanted.get("end", group.end)
        if end < start:
            raise UsageProblem(f"工作期限结束 {end.isoformat()} 早于开始 {start.isoformat()}")
        changed = {k: v for k, v in wanted.items() if getattr(group, k) != v}
        before.update({k: getattr(group, k) for k in changed})
        return changed

    group, updates = _edit(root, group_id, updates_for, today)
    return group, before, updates


def close_group(root: Path, group_id: str, *, day: dt.date, summary: str, today: dt.date) -> Group:
    """``lianxi group close``: the group's work ended on ``day``; closing it again changes nothing."""
    from .listfile import Unchanged

    def updates_for(group: Group) -> dict:
        if group.closed is not None:
            raise Unchanged(group)
        if day < group.date:
            raise DataError(f"结束日期 {day} 早于工作组 {group.id} 的成立日期 {group.date}，未做任何修改")
        return {"closed": {"date": day, "summary": summary}}

    return _edit(root, group_id, updates_for, today)[0]


def group_view(ds, group: Group, day: dt.date) -> dict:
    from .views import unit_ref

    return {
        "id": group.id,
        "date": group.date.isoformat(),
        "name": group.display_name,
        "lead": unit_ref(ds, group.lead),
        "units": [unit_ref(ds, u) for u in group.units],
        "purpose": group.purpose,
        "start": group.start.isoformat(),
        "end": group.end.isoformat(),
        "state": group.state(day),
        "closed": None if group.closed is None else {"date": group.closed.date.isoformat(),
                                                      "summary": group.closed.summary},
    }
