"""Member units joining and leaving the joint meeting (``lianxi member add`` / ``member retire``).

The establishing notice names 18 member units; later a unit may join (a new bureau after an
institutional reform) or stop being a member. Neither is a personnel change of a seat, so it
is recorded on the unit itself in ``members.yaml``:

* ``member add`` appends the unit (``joined:`` the date) and its two seats — 成员 and
  联络员 — whose holders are 待报送 until recorded (``succession apply`` / ``liaison set``);
  the unit id is the pinyin of the name (区应急管理局 → ``yingjiguanli``) unless given.
* ``member retire`` writes ``left:`` (the first day the unit is no longer a member) and
  ends the terms of the people in its seats the day before. Nothing is deleted: the
  unit, its seats and their holders stay in the history, so a roster or document for an
  earlier date still shows them. ``lianxi check`` flags its open tasks and its duties.

Both edit the text of ``members.yaml`` (:mod:`lianxi.yamlwrite`), re-validate the whole data
directory with the result, and write atomically under the data lock — or nothing at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .errors import DataError, DataErrors, UsageProblem
from .listfile import Unchanged  # the same change again: nothing written, the command says 无需变动
from .model import _ID_RE, MembersFile
from .succession import MEMBERS, NO_WRITE, read_members

# the parts of a unit's name its id leaves out: 区应急管理局 → 应急管理 → yingjiguanli
_PREFIX = re.compile(r"^(区|县|市)")
_SUFFIX = re.compile(r"(分局|局|大队|委员会|中心|办公室|办|协会|会)$")


@dataclass
class MemberChange:
    unit_id: str
    name: str
    day: dt.date
    seats: list[str] = field(default_factory=list)  # seat ids added (add) or whose term ended (retire)
    ended: list[tuple[str, str]] = field(default_factory=list)  # (seat label, holder name) whose term ended
    flagged: list[str] = field(default_factory=list)  # open tasks and duties to reassign (retire)


def unit_id_for(name: str, taken: set[str]) -> str:
    """An id from the pinyin of ``name`` without 区…局 (区应急管理局 → yingjiguanli), made unique."""
    from .pinyin import syllables

    core = _SUFFIX.sub("", _PREFIX.sub("", name.strip())) or name.strip()
    base = "".join(syllables(core, ascii_only=True)).lower() or "unit"
    base = re.sub(r"[^a-z0-9_-]", "", base) or "unit"
    if not base[0].isalnum():
        base = "u" + base
    candidate, n = base, 2
    while candidate in taken or f"member-{candidate}" in taken or f"liaison-{candidate}" in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate




def _write(root: Path, text: str) -> None:
    """Validate the would-be members.yaml with everything ``lianxi validate`` checks; write it."""
    from .store import atomic_write, check_text, overlay
    from .validation import validate_dir

    path = root / MEMBERS
    check_text(text, path, MembersFile)
    with overlay({path: text}):
        result = validate_dir(root)
    if result.errors:
        raise DataErrors(result.errors, hint=f"修改后的数据未通过校验（lianxi validate），{NO_WRITE}")
    atomic_write(path, text, root=root)


def add_member(ds, name: str, *, day: dt.date, unit_id: Optional[str] = None, short_name: Optional[str] = None,
               aliases: tuple[str, ...] = (), holder: Optional[dict] = None) -> MemberChange:
    """``lianxi member add``: the unit, a 成员 seat (with ``holder`` when known) and a 联络员 seat."""
    from . import yamlwrite
    from .query import norm
    from .store import data_lock

    name = name.strip()
    if not name:
        raise UsageProblem("请给出单位名称，如 lianxi member add 区应急管理局 --alias 应急管理局,应急局")
    if unit_id is not None and not _ID_RE.match(unit_id):
        raise UsageProblem(f"--id 的值 {unit_id} 无效：编号只能用小写字母、数字、“-”和“_”，如 yingji")
    root = ds.root
    with data_lock(root):
        doc, members = read_members(root)
        given = [name] + ([short_name] if short_name else []) + list(aliases)
        for unit in members.units:
            if norm(unit.name) == norm(name):
                if unit.member and unit.left is None and unit.joined == day and unit_id in (None, unit.id):
                    raise Unchanged(unit.id)  # the same add again
                state = f"已于 {unit.left} 不再是成员单位" if unit.left else "已在名册中"
                raise DataError(f"单位“{name}”{state}（编号 {unit.id}），不能重复添加。{NO_WRITE}")
            clash = [g for g in given if norm(g) in {norm(n) for n in unit.all_names()}]
            if clash:
                raise DataError(f"名称“{clash[0]}”已是{unit.display_name}（编号 {unit.id}）的名称或别名，"
                                f"查询时会产生歧义；请换一个别名。{NO_WRITE}")
        taken = {u.id for u in members.units} | {s.id for s in members.seats}
        if unit_id is not None and unit_id in taken:
            raise DataError(f"编号 {unit_id} 已被使用，请换一个（或不写 --id，由拼音生成）。{NO_WRITE}")
        new_id = unit_id or unit_id_for(name, taken)
        liaison_post = (ds.charter.liaison_rule.post if ds.charter.liaison_rule else None) or "业务股室负责人"
        unit_fields = {"id": new_id, "name": name, "short_name": short_name or None,
                       "aliases": list(aliases) or None, "joined": day}
        text = yamlwrite.append_mapping_item(doc.text, (), "units", unit_fields)
        holders = [dict(holder, start=day)] if holder else []
        member_seat = {"id": f"member-{new_id}", "role": "成员", "unit": new_id, "holders": holders}
        liaison_seat = {"id": f"liaison-{new_id}", "role": "联络员", "unit": new_id, "post": liaison_post,
                        "holders": []}
        # each seat after the last of its role, so the roster keeps members and liaisons together
        last_of = {seat.role: i for i, seat in enumerate(members.seats)}
        liaison_after = last_of.get("联络员")
        member_after = last_of.get("成员")
        text = yamlwrite.append_mapping_item(text, (), "seats", liaison_seat, after=liaison_after)
        text = yamlwrite.append_mapping_item(text, (), "seats", member_seat, quote=("phone",), after=member_after)
        _write(root, text)
    return MemberChange(new_id, name, day, seats=[member_seat["id"], liaison_seat["id"]])


def retire_member(ds, unit: str, *, day: dt.date, reason: str) -> MemberChange:
    """``lianxi member retire``: the unit is no longer a member from ``day``; its people's terms end the day before."""
    from . import yamlwrite
    from .query import unit_matcher
    from .store import data_lock
    from .succession import current_holder

    if not reason.strip():
        raise UsageProblem("请用 --reason 给出原因，如 --reason 机构改革")
    unit_id = unit_matcher(ds).find_exact(unit)
    root = ds.root
    with data_lock(root):
        doc, members = read_members(root)
        index = next(i for i, u in enumerate(members.units) if u.id == unit_id)
        found = members.units[index]
        if found.left is not None:
            if found.left == day:
                raise Unchanged(unit_id)
            raise DataError(f"{found.display_name}已于 {found.left} 不再是成员单位（记录保留），{NO_WRITE}")
        if not found.member:
            raise DataError(f"{found.display_name}不是联席会议成员单位（召集人所在单位），不能退出。{NO_WRITE}")
        if found.joined is not None and day <= found.joined:
            raise DataError(f"退出日期 {day} 不晚于{found.display_name}成为成员单位的日期 {found.joined}。{NO_WRITE}")
        last_day = day - dt.timedelta(days=1)
        text = yamlwrite.set_key(doc.text, ("units", index), "left", day)
        text = yamlwrite.set_key(text, ("units", index), "left_reason", reason.strip())
        change = MemberChange(unit_id, found.display_name, day)
        for s, seat in enumerate(members.seats):
            if seat.unit != unit_id:
                continue
            holder = current_holder(seat)
            if holder is None:
                continue
            start = holder.start if isinstance(holder.start, dt.date) else None
            if start is not None and last_day < start:
                raise DataError(f"退出日期 {day} 不晚于{holder.name}（{seat.role}）的任职开始日期 {start}。{NO_WRITE}")
            path = ("seats", s, "holders", len(seat.holders) - 1)
            text = yamlwrite.set_key(text, path, "end", last_day)
            text = yamlwrite.set_key(text, path, "end_reason", f"单位不再是成员单位（{reason.strip()}）")
            change.seats.append(seat.id)
            change.ended.append((seat.role, holder.name))
        _write(root, text)
        from .followup import retired_findings
        from .store import overlay

        with overlay({root / MEMBERS: text}):  # as written (or, with --dry-run, as it would be)
            change.flagged = [f.message for f in retired_findings(ds.__class__(root), day, only=unit_id)]
    return change
