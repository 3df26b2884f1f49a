"""``lianxi import NOTICE --into DIR``: a later notice for a joint meeting already kept in DIR.

A notice that re-staffs a joint meeting (调整……组成人员) or renames it names the same seats
with new holders. Instead of a new data directory it becomes:

* succession records, one per seat whose holder changed, made by the succession core
  (:func:`lianxi.succession.apply`: the outgoing term ends the day before, history kept,
  the whole result re-validated, written atomically or not at all);
* a renaming of the joint meeting (``charter.yaml`` ``name``, and the office's name when it
  is the meeting's name + 办公室), when the notice names it differently.

Matching is exact: an imported seat is the data's seat of the same role whose unit has the
same name (or a name of the data's unit equals one of the imported unit's names); a
convener seat without a unit matches the only seat of that role. What does not match is
listed, never guessed: seats of the notice the data lacks (add them by hand), and current
holders the notice no longer names (left as they are).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import DataError, UsageProblem
from ..model import UNKNOWN, MembersFile
from .build import Result
from .parse import Notice

CHARTER = "charter.yaml"


@dataclass
class IntoPlan:
    root: Path
    date: dt.date
    old_name: str
    new_name: str
    requests: list = field(default_factory=list)       # succession.Request
    unchanged: list[str] = field(default_factory=list)  # seats whose holder stays
    unmatched: list[str] = field(default_factory=list)  # seats of the notice not in the data
    absent: list[str] = field(default_factory=list)     # current holders the notice does not name
    notes: list[str] = field(default_factory=list)

    @property
    def renamed(self) -> bool:
        return self.new_name not in (self.old_name, UNKNOWN)

    def view(self) -> dict:
        return {
            "into": str(self.root), "date": self.date.isoformat(), "name": self.old_name,
            "rename": self.new_name if self.renamed else None,
            "changes": [{"role": r.role, "unit": r.unit, "replace": r.replace, "name": r.name, "post": r.post}
                        for r in self.requests],
            "unchanged": self.unchanged, "unmatched": self.unmatched, "absent": self.absent, "notes": self.notes,
        }


def _norm(text: str) -> str:
    from ..query import norm

    return norm(text)


_REGION = re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:自治县|自治州|县|区|市|州|旗|盟)")
_GENERIC = {"服务", "工作", "安全", "管理", "建设", "发展", "保障", "联席", "会议"}


def _region(text: str) -> Optional[str]:
    match = _REGION.match(text)
    return match.group(0) if match and not match.group(0).startswith(("全", "本")) else None


def _core(name: str) -> str:
    region = _region(name)
    return re.sub(r"(?:工作)?联席会议(?:制度)?$", "", name[len(region):] if region else name)


def other_meeting(old: str, new: str, notice: Notice) -> Optional[str]:
    """Why a notice is for another joint meeting than the data's (None when it may be the same).

    The places differ (溪口县 vs 泉港区: the notice's name or issuer names another county), or the
    names share no word and the notice does not name the data's meeting (an 更名为 sentence does).
    """
    if UNKNOWN in (old, new):
        return None
    mine = _region(old)
    for text in (new, notice.issuer or ""):
        theirs = _region(text)
        if mine and theirs and mine not in text and theirs not in old:
            return f"地区不同（{theirs} / {mine}）"
    flat = re.sub(r"\s", "", "".join(notice.lines))
    a, b = _core(old), _core(new)
    if a != b and old not in flat and a not in flat and not _pairs(a) & _pairs(b):
        return "名称不同，通知中也没有提到数据中的名称"
    return None


def _pairs(text: str) -> set[str]:
    """The two-character words of a name, the ones every joint meeting's name has left out."""
    return {text[k:k + 2] for k in range(len(text) - 1)} - _GENERIC


def plan_into(root: Path, notice: Notice, result: Result, date: Optional[dt.date] = None,
              force: bool = False) -> IntoPlan:
    """Compare the imported notice with the data in ``root``: who changes, what is renamed.

    A notice for another joint meeting (:func:`other_meeting`) is refused unless ``force``.
    """
    from ..dataset import Dataset
    from ..store import check_text, display_path
    from ..succession import Request, current_holder

    ds = Dataset(root)
    members, charter = ds.members, ds.charter
    why = other_meeting(charter.name, _name(result), notice)
    if why is not None and not force:
        raise DataError(f"通知是“{_name(result)}”的通知，数据目录 {display_path(root)} 是“{charter.name}”：{why}，"
                        "不像同一个联席会议，拒绝导入，未写入任何文件。请核对 --into 的目录；"
                        "确是同一联席会议（如已更名）时加 --force")
    day = date or (notice.date if isinstance(notice.date, dt.date) else None)
    if day is None:
        raise UsageProblem("通知中没有成文日期，请用 --date 给出新任人员的任职日期，如 --date 2027-03-01")
    new = check_text(result.members, root / "members.yaml", MembersFile)
    new_units = {u.id: u for u in new.units}
    plan = IntoPlan(root=root, date=day, old_name=charter.name, new_name=_name(result))

    def data_unit(unit_id: Optional[str]):
        if unit_id is None:
            return None
        unit = new_units[unit_id]
        for names in ([unit.name], [unit.short_name] if unit.short_name else [], unit.aliases):
            keys = {_norm(n) for n in names}
            found = [u for u in members.units if keys & {_norm(n) for n in u.all_names()}]
            if len(found) == 1:
                return found[0]
        return None

    seen_seats: set[str] = set()
    reason = f"依据《{notice.title}》" if notice.title else "依据新通知"
    for seat in new.seats:
        if not seat.holders:
            continue
        holder = seat.holders[-1]
        unit = data_unit(seat.unit)
        label = f"{new_units[seat.unit].name + ' ' if seat.unit else ''}{seat.role}"
        if unit is not None:
            target = [s for s in members.seats if s.unit == unit.id and s.role == seat.role]
        elif seat.unit is None:
            target = [s for s in members.seats if s.role == seat.role]
        else:
            target = []
        target = [s for s in target if s.id not in seen_seats]
        if len(target) != 1:
            why = "数据中没有对应的席位" if not target else f"数据中有 {len(target)} 个可能的席位"
            plan.unmatched.append(f"{label} {holder.name}（{holder.post}）：{why}，请手工添加或用 lianxi succession apply 记录")
            continue
        old = target[0]
        seen_seats.add(old.id)
        current = current_holder(old)
        shown = f"{ds.unit_name(old.unit) + ' ' if old.unit else ''}{old.role}"
        if current is not None and _norm(current.name) == _norm(holder.name):
            plan.unchanged.append(f"{shown}：{holder.name}（留任）")
            if current.post != holder.post:
                plan.notes.append(f"{shown}：{holder.name} 的职务新通知写作“{holder.post}”，数据中为“{current.post}”，"
                                  "未修改，如需更正请直接编辑 members.yaml")
            continue
        plan.requests.append(Request(
            name=holder.name, date=day, post=holder.post,
            unit=ds.unit_name(old.unit) if old.unit else None, role=old.role,
            replace=current.name if (old.unit is None and current is not None) else None,
            reason=reason, phone=holder.phone))
    for old in members.seats:
        if old.id in seen_seats or old.role == "联络员":
            continue
        current = current_holder(old)
        if current is not None:
            plan.absent.append(f"{ds.unit_name(old.unit) + ' ' if old.unit else ''}{old.role}：{current.name}（新通知未列出，未修改）")
    return plan


def _name(result: Result) -> str:
    from .report import result_name

    return result_name(result) or UNKNOWN


def rename_text(root: Path, plan: IntoPlan) -> tuple[str, str] | None:
    """(before, after) of charter.yaml for the renaming, or None when the name stays."""
    from .. import yamlwrite
    from ..store import read_document
    from ..errors import Collector, DataErrors

    if not plan.renamed:
        return None
    collector = Collector()
    doc = read_document(root, CHARTER, collector)
    if doc is None or collector.errors:
        raise DataErrors(collector.errors or [], hint="charter.yaml 有错误，请先修正。未做任何修改。")
    before = doc.text
    text = yamlwrite.set_key(before, (), "name", plan.new_name)
    data = doc.data if isinstance(doc.data, dict) else {}
    office = data.get("office") if isinstance(data.get("office"), dict) else None
    if office and office.get("name") == f"{plan.old_name}办公室":
        text = yamlwrite.set_key(text, ("office",), "name", f"{plan.new_name}办公室")
    return before, text


def apply_into(plan: IntoPlan, *, dry_run: bool = False, force: bool = False):
    """Record the successions (succession core) and the renaming; everything validated first.

    Returns ``(outcome, rename)``: the succession :class:`~lianxi.succession.Outcome` (or None when
    no holder changes) and ``(before, after)`` of charter.yaml (or None).
    """
    from ..errors import DataErrors
    from ..store import atomic_write, data_lock, overlay
    from ..succession import apply
    from ..validation import validate_dir

    root = plan.root
    rename = rename_text(root, plan)
    if rename is not None:
        with overlay({root / CHARTER: rename[1]}):
            result = validate_dir(root)
        if result.errors:
            raise DataErrors(result.errors, hint="改名后的数据未通过校验，未做任何修改。")
    outcome = None
    if plan.requests:
        outcome = apply(root, plan.requests, dry_run=True, force=force)  # every step checked before any write
    if not dry_run:
        with data_lock(root):  # one lock for both files: one journal entry, so one undo takes it all back
            if plan.requests:
                outcome = apply(root, plan.requests, force=force)
            if rename is not None:
                atomic_write(root / CHARTER, rename[1], root=root)
    if outcome is None and rename is None and not plan.unchanged:
        raise DataError("新通知中没有与数据中对应的人员，未做任何修改。请核对是否导入到了正确的数据目录。")
    return outcome, rename
