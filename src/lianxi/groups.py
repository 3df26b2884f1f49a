"""Joint working groups (联合工作组制度): groups the joint meeting organises to guide childcare
services and act on violations.

``groups.yaml`` → :class:`GroupsFile`. A group has a lead unit, member units, a purpose and a
period; its setup notice renders from ``templates/group.md.j2``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from pydantic import Field

from .errors import Collector, NotFound
from .model import Date, Id, Strict, Text

GROUPS_FILE = "groups.yaml"

GROUPS_COMMENT = """\
# 联合工作组（联合工作组制度）：联席会议根据工作需要组织的联合工作组。
# 可用“lianxi group new”追加，也可以手工编辑；每个工作组一项：
#   - id: 2027-01                       # 编号：年份-序号
#     date: 2027-04-01                  # 成立日期
#     name: 托育机构安全联合检查组         # 可选，默认“联合工作组”
#     lead: weijian                     # 牵头单位（members.yaml 中 units 的 id）
#     units: [shichang, xiaofang]       # 参加单位
#     purpose: 对全区托育机构开展安全检查，查处违法违规行为
#     start: 2027-04-10                 # 工作期限：开始
#     end: 2027-05-31                   # 工作期限：结束
# 尚无工作组时保持 groups: []。"""


class Group(Strict):
    id: Id = Field(description="编号，如 2027-01")
    date: Date = Field(description="成立日期")
    name: Optional[Text] = Field(None, description="工作组名称；不写时为“联合工作组”")
    lead: Id = Field(description="牵头单位")
    units: list[Id] = Field(min_length=1, description="参加单位（不含牵头单位）")
    purpose: Text = Field(description="工作任务")
    start: Date = Field(description="工作期限：开始日期")
    end: Date = Field(description="工作期限：结束日期")
    note: Optional[str] = None

    @property
    def display_name(self) -> str:
        return self.name or "联合工作组"

    def state(self, day: dt.date) -> str:
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


def next_id(groups: GroupsFile, day: dt.date) -> str:
    from .listfile import next_year_id

    return next_year_id([g.id for g in groups.groups], day)


def find_group(groups: GroupsFile, query: str) -> Group:
    for group in groups.groups:
        if group.id == query.strip():
            return group
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

    def cross(new: GroupsFile, doc, collector: Collector) -> None:
        from .listfile import known_units

        known = known_units(root)
        check_groups(new, doc, collector, units=known, today=today)

    result = write_list(root, GROUPS_FILE, "groups", GroupsFile, GROUPS_COMMENT, change, expect, cross)
    return find_group(result, holder["id"])


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
    }
