"""``lianxi workspace init`` and ``lianxi workspace add``: the workspace files and the unit register.

Adding a joint meeting reconciles each of its units with the county register
(``units.yaml``):

* the unit's full name equals a register unit's full name → linked to it;
* otherwise one of the unit's names (full name, short name, aliases) equals one of exactly one
  register unit's names (full name, short names, aliases) → linked to it;
* none → the unit is added to the register (its id kept when free);
* several → refused, with the candidates (say which with ``--link 本会编号=登记簿编号``).

Only exact names count (after width and spacing are normalised), never a fragment. A link
whose ids differ is written into the meeting's entry in ``workspace.yaml``
(``units: {本会编号: 登记簿编号}``); the meeting's own files are not touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import Collector, DataError, DataErrors, UsageProblem
from ..importer.write import GITIGNORE  # a data directory's lines: a workspace holds them, and its own journal
from ..store import WORKSPACE_FILE, atomic_write, check_text, data_lock, display_path, present
from .loader import REGISTER_FILE, Workspace

WORKSPACE_HEADER = """\
# lianxi 工作区：多个联席会议的数据目录与一份全县（区）单位登记簿（units.yaml）。
# meetings 中每项：key 为简称（lianxi --meeting 简称），dir 为数据目录（相对于本文件），
# units 为该联席会议的单位编号 → 登记簿编号（相同的不必写）。用 lianxi workspace add 目录 加入。
# 说明见 docs/工作区.md。
"""
REGISTER_HEADER = """\
# 单位登记簿：工作区中各联席会议共用。每个单位一个编号（id）、全称（name）、简称（short_names）、
# 别名（aliases）。联席会议可在自己的 members.yaml 中另有简称和别名。
"""


def init(directory: Path, name: str, *, synthetic: bool = False) -> list[Path]:
    """Write an empty workspace (workspace.yaml, units.yaml) into ``directory`` (new or without them)."""
    from ..yamlwrite import dump_yaml
    from .model import RegisterFile, WorkspaceFile

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageProblem(f"不是目录：{display_path(directory)}")
    if present(directory / WORKSPACE_FILE):
        raise DataError(f"{display_path(directory)} 已是工作区（已有 {WORKSPACE_FILE}），未做任何修改")
    ws_text = dump_yaml({"name": name, **({"synthetic": True} if synthetic else {}), "meetings": []},
                        WORKSPACE_HEADER)
    reg_text = dump_yaml({"units": []}, REGISTER_HEADER)
    check_text(ws_text, directory / WORKSPACE_FILE, WorkspaceFile)
    check_text(reg_text, directory / REGISTER_FILE, RegisterFile)
    from ..store import is_dry_run

    written = [directory / WORKSPACE_FILE]
    if not is_dry_run():
        directory.mkdir(parents=True, exist_ok=True)
    with data_lock(directory) if directory.is_dir() else _nothing():
        atomic_write(directory / WORKSPACE_FILE, ws_text, overwrite=False, root=directory)
        if not present(directory / REGISTER_FILE):
            atomic_write(directory / REGISTER_FILE, reg_text, overwrite=False, root=directory)
            written.append(directory / REGISTER_FILE)
        if not os.path.lexists(directory / ".gitignore"):  # a workspace is a git repository: no lock files in it
            atomic_write(directory / ".gitignore", GITIGNORE, overwrite=False, root=directory)
            written.append(directory / ".gitignore")
    return written




class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


@dataclass
class Link:
    local: str  # the unit's id in the meeting
    local_name: str
    register: Optional[str]  # the register id it links to (None: ambiguous)
    how: str  # "name" | "alias" | "new" | "given" | "ambiguous"
    candidates: list[str] = field(default_factory=list)


@dataclass
class AddOutcome:
    key: str
    dir: str
    name: str
    links: list[Link]
    new_units: list[dict]


def _names(values) -> set:
    from ..query import norm

    return {norm(v) for v in values if v}


def reconcile(units, register, given: dict[str, str]) -> tuple[list[Link], list[dict]]:
    """Each local unit linked to a register unit, added as new, or ambiguous."""
    from ..query import norm

    links: list[Link] = []
    new_units: list[dict] = []
    taken = {u.id for u in register.units}
    by_full = {}
    for reg in register.units:
        by_full.setdefault(norm(reg.name), []).append(reg.id)
    for unit in units:
        if unit.id in given:
            links.append(Link(unit.id, unit.name, given[unit.id], "given"))
            continue
        full = by_full.get(norm(unit.name), [])
        if len(full) == 1:
            links.append(Link(unit.id, unit.name, full[0], "name"))
            continue
        mine = _names(unit.all_names())
        found = [reg for reg in register.units if mine & _names(reg.all_names())]
        if len(found) == 1:
            links.append(Link(unit.id, unit.name, found[0].id, "alias"))
        elif found:
            links.append(Link(unit.id, unit.name, None, "ambiguous",
                              [f"{r.id}（{r.name}）" for r in found]))
        else:
            new_id = unit.id
            n = 2
            while new_id in taken:
                new_id, n = f"{unit.id}-{n}", n + 1
            taken.add(new_id)
            entry = {"id": new_id, "name": unit.name}
            if unit.short_name:
                entry["short_names"] = [unit.short_name]
            if unit.aliases:
                entry["aliases"] = list(unit.aliases)
            new_units.append(entry)
            links.append(Link(unit.id, unit.name, new_id, "new"))
    return links, new_units


def parse_links(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        for part in value.split(","):
            local, sep, reg = part.strip().partition("=")
            if not sep or not local.strip() or not reg.strip():
                raise UsageProblem(f"--link 的值 {part.strip()} 无效，应为 本会单位编号=登记簿单位编号，如 gongan=gongan")
            out[local.strip()] = reg.strip()
    return out


def add(ws: Workspace, directory: Path, *, key: Optional[str] = None, links: Optional[dict] = None) -> AddOutcome:
    """Validate the joint meeting in ``directory``, reconcile its units and list it in workspace.yaml."""
    from ..dataset import Dataset
    from ..query import norm
    from ..textfile import inside
    from ..validation import validate_dir
    from ..yamlwrite import append_entry_text
    from .loader import full_name
    from .model import RegisterFile, WorkspaceFile

    directory = Path(directory)
    shown = display_path(directory)
    if not (directory / "members.yaml").is_file():
        raise UsageProblem(f"{shown} 不是联席会议的数据目录（其中没有 members.yaml）",
                           hint="从通知导入：lianxi import 通知.txt -o 目录 --into-workspace")
    if not inside(ws.root, directory) or os.path.realpath(directory) == os.path.realpath(ws.root):
        raise UsageProblem(f"{shown} 不在工作区 {display_path(ws.root)} 之中；请先把它移到工作区目录下再加入")
    rel = Path(os.path.relpath(os.path.realpath(directory), os.path.realpath(ws.root))).as_posix()
    with data_lock(ws.root):
        for ref in ws.meetings:
            if os.path.realpath(ref.root) == os.path.realpath(directory):
                raise DataError(f"{shown} 已在工作区中（简称“{ref.key}”），未做任何修改")
        result = validate_dir(directory)
        if result.errors:
            raise DataErrors(result.errors, hint=f"{shown} 未通过校验（lianxi validate --data {shown}），"
                                                 "未加入工作区，未做任何修改。")
        name = full_name(directory) or rel
        key = (key or Path(rel).name).strip()
        if not key:
            raise UsageProblem("--key 不能为空")
        for ref in ws.meetings:
            if norm(ref.key) == norm(key):
                raise DataError(f"工作区中已有简称为“{key}”的联席会议（{ref.dir}），请用 --key 另起一个简称；未做任何修改")
            other = full_name(ref.root)
            if other and norm(other) == norm(name):
                raise DataError(f"工作区中已有同名的联席会议“{name}”（{ref.dir}），未做任何修改")
        given = dict(links or {})
        ds = Dataset(directory)
        local_ids = {u.id for u in ds.members.units}
        problems = Collector()
        for local, reg in given.items():
            if local not in local_ids:
                problems.error(f"--link {local}={reg}：{shown} 中没有编号为 {local} 的单位")
            elif reg not in ws.register_units:
                problems.error(f"--link {local}={reg}：单位登记簿中没有编号为 {reg} 的单位")
        found, new_units = reconcile(ds.members.units, ws.register, given)
        for link in found:
            if link.how == "ambiguous":
                problems.error(f"单位“{link.local_name}”（{link.local}）与登记簿中的多个单位同名："
                               f"{'、'.join(link.candidates)}；请用 --link {link.local}=登记簿编号 指明",
                               file=display_path(directory / "members.yaml"), rule="workspace-unit")
        seen: dict[str, str] = {}
        for link in found:
            if link.register is None:
                continue
            if link.register in seen:
                problems.error(f"单位“{link.local_name}”（{link.local}）与“{seen[link.register]}”对应登记簿中的"
                               f"同一单位 {link.register}；请用 --link 指明",
                               file=display_path(directory / "members.yaml"), rule="workspace-unit")
            seen[link.register] = link.local_name
        if problems.errors:
            raise DataErrors(problems.errors, hint="未加入工作区，未做任何修改。")
        mapping = {link.local: link.register for link in found if link.register != link.local}
        ws_path, reg_path = ws.root / WORKSPACE_FILE, ws.root / REGISTER_FILE
        ws_text = ws_path.read_text(encoding="utf-8-sig")
        entry = [("key", key), ("dir", rel)] + ([("units", mapping)] if mapping else [])
        ws_text = append_entry_text(ws_text, "meetings", entry)
        check_text(ws_text, ws_path, WorkspaceFile)
        reg_text = None
        if new_units:
            reg_text = reg_path.read_text(encoding="utf-8-sig") if present(reg_path) else REGISTER_HEADER + "units: []\n"
            for unit in new_units:
                reg_text = append_entry_text(reg_text, "units", list(unit.items()))
            check_text(reg_text, reg_path, RegisterFile)
        if reg_text is not None:
            atomic_write(reg_path, reg_text, root=ws.root)
        atomic_write(ws_path, ws_text, root=ws.root)
    return AddOutcome(key, rel, name, found, new_units)
