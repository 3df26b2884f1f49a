"""``workspace.yaml`` and ``units.yaml``: strict models, like every data file."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from ..model import Id, Strict, Text


class MeetingEntry(Strict):
    key: Text = Field(description="联席会议在工作区中的简称，--meeting 用它，如 婴幼儿照护")
    dir: Text = Field(description="数据目录（相对于工作区），如 yingyouer")
    units: dict[Id, Id] = Field(
        default_factory=dict,
        description="本联席会议的单位编号 → 单位登记簿（units.yaml）中的编号；两者相同的不必写")
    note: Optional[str] = None


class WorkspaceFile(Strict):
    name: Text = Field(description="工作区名称，如 泉港区联席会议")
    synthetic: bool = Field(False, description="true：工作区中的数据为虚构（示例、测试）")
    meetings: list[MeetingEntry] = Field(default_factory=list)
    note: Optional[str] = None


class RegisterUnit(Strict):
    id: Id
    name: Text = Field(description="单位全称，如 区公安分局")
    short_names: list[Text] = Field(default_factory=list, description="简称，如 公安分局")
    aliases: list[Text] = Field(default_factory=list, description="别名（查询用），如 公安")
    note: Optional[str] = None

    def all_names(self) -> list[str]:
        return [self.name, *self.short_names, *self.aliases]


class RegisterFile(Strict):
    units: list[RegisterUnit] = Field(default_factory=list)
