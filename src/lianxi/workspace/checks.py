"""``lianxi validate`` in a workspace: every file of every joint meeting, then the cross-meeting rules.

* ``workspace.yaml`` and ``units.yaml`` against their models; no two entries with one key or folder;
  every folder a data directory; no two register units with one id or one full name;
* every joint meeting: everything ``lianxi validate`` checks in it (:func:`lianxi.validation.validate_dir`);
* unit ids resolve: every unit of every joint meeting has its register unit (by the same id or by the
  ``units`` mapping of its entry), and every mapping names a unit of the meeting and of the register;
* one person in one post at a time: a person in office (an open term) in several seats of the
  workspace holds them in one post;
* no two joint meetings with one name (``charter.yaml`` ``name``).

All problems of one run are reported together, each at ``file:line:column``. The whole run is one
:func:`lianxi.store.shared_reads` scope, so each file is parsed once.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..errors import Collector
from ..store import WORKSPACE_FILE, display_path, read_document, shared_reads, validate_model
from .loader import REGISTER_FILE


def validate_workspace(root: Path) -> Collector:
    from ..model import Charter, MembersFile
    from ..query import norm
    from ..validation import validate_dir
    from ..yamldoc import gc_paused
    from .model import RegisterFile, WorkspaceFile

    root = Path(root)
    collector = Collector()
    with shared_reads(release=True), gc_paused():
        wdoc = read_document(root, WORKSPACE_FILE, collector)
        wfile = validate_model(wdoc, WorkspaceFile, collector) if wdoc is not None else None
        register, rdoc = None, None
        if os.path.lexists(root / REGISTER_FILE):
            rdoc = read_document(root, REGISTER_FILE, collector)
            register = validate_model(rdoc, RegisterFile, collector) if rdoc is not None else None
        else:
            collector.error(f"缺少单位登记簿 {REGISTER_FILE}", file=display_path(root / REGISTER_FILE),
                            rule="workspace-register")
        reg_ids: set = set()
        if register is not None:
            names: dict[str, int] = {}
            for i, unit in enumerate(register.units):
                if unit.id in reg_ids:
                    collector.add(rdoc.problem(f"单位编号 {unit.id} 重复", ("units", i, "id"), rule="workspace-register"))
                reg_ids.add(unit.id)
                key = norm(unit.name)
                if key in names:
                    line = rdoc.locate(("units", names[key]))[0]
                    collector.add(rdoc.problem(f"单位全称“{unit.name}”与第 {line} 行的单位重复", ("units", i, "name"),
                                               rule="workspace-register"))
                names.setdefault(key, i)
        if wfile is None:
            collector.problems.sort(key=lambda p: (p.file or "", p.line or 0, p.column or 0))
            return collector
        seen_keys: dict[str, int] = {}
        seen_dirs: dict[str, int] = {}
        meeting_names: dict[str, tuple] = {}
        holders: dict[str, list] = {}  # person → [(post, doc, path, meeting key)]
        for i, entry in enumerate(wfile.meetings):
            where = ("meetings", i)
            for value, seen, field, what in ((norm(entry.key), seen_keys, "key", "简称"),
                                             (os.path.normpath(entry.dir), seen_dirs, "dir", "数据目录")):
                if value in seen:
                    line = wdoc.locate(("meetings", seen[value]))[0]
                    collector.add(wdoc.problem(f"{what}“{getattr(entry, field)}”与第 {line} 行的联席会议重复",
                                               where + (field,), rule="workspace-meeting"))
                seen.setdefault(value, i)
            mroot = root / entry.dir
            if not (mroot / "members.yaml").is_file():
                collector.add(wdoc.problem(f"数据目录 {display_path(mroot)} 不存在或其中没有 members.yaml",
                                           where + ("dir",), rule="workspace-meeting"))
                continue
            result = validate_dir(mroot)
            for problem in result.problems:  # a finding of no file names its joint meeting's folder
                collector.add(problem if problem.file else replace(problem, file=f"{display_path(mroot)}/"))
            mdoc = read_document(mroot, "members.yaml", Collector())
            members = validate_model(mdoc, MembersFile, Collector()) if mdoc is not None else None
            cdoc = read_document(mroot, "charter.yaml", Collector())
            charter = validate_model(cdoc, Charter, Collector()) if cdoc is not None else None
            if charter is not None:
                key = norm(charter.name)
                if key in meeting_names:
                    other, _ = meeting_names[key]
                    collector.add(cdoc.problem(f"联席会议名称“{charter.name}”与工作区中的“{other}”"
                                               f"（{wfile.meetings[meeting_names[key][1]].dir}）相同",
                                               ("name",), rule="workspace-meeting"))
                else:
                    meeting_names[key] = (wfile.meetings[i].key, i)
            if members is None:
                # one bad field makes the file invalid as a whole; its readable holders still take
                # part in the one-person-one-post rule, so that this run reports every error
                if mdoc is not None:
                    _raw_holders(mdoc, entry.key, holders)
                continue
            local_ids = {u.id for u in members.units}
            for local, reg in entry.units.items():
                if local not in local_ids:
                    collector.add(wdoc.problem(f"{entry.dir} 中没有编号为 {local} 的单位", where + ("units", local),
                                               rule="workspace-unit"))
                if register is not None and reg not in reg_ids:
                    collector.add(wdoc.problem(f"单位登记簿 {REGISTER_FILE} 中没有编号为 {reg} 的单位",
                                               where + ("units", local), rule="workspace-unit"))
            if register is not None:
                for j, unit in enumerate(members.units):
                    reg = entry.units.get(unit.id, unit.id)
                    if reg not in reg_ids:
                        collector.add(mdoc.problem(
                            f"单位 {unit.id}（{unit.name}）在单位登记簿 {REGISTER_FILE} 中没有对应的单位"
                            f"（登记簿中没有编号 {reg}；可在 {WORKSPACE_FILE} 该联席会议的 units 中写明对应，"
                            "或用 lianxi workspace add 重新对应）", ("units", j, "id"), rule="workspace-unit"))
            for s, seat in enumerate(members.seats):
                for h, holder in enumerate(seat.holders):
                    if holder.end is None and h == len(seat.holders) - 1:
                        holders.setdefault(holder.name, []).append(
                            (holder.post, mdoc, ("seats", s, "holders", h, "post"), entry.key))
        for name, terms in holders.items():
            posts = list(dict.fromkeys(norm(post) for post, _, _, _ in terms))
            if len(posts) < 2:
                continue
            first = terms[0]
            for post, doc, path, key in terms:
                if norm(post) == norm(first[0]):
                    continue
                collector.add(doc.problem(
                    f"{name} 同时在任两个职务：本处为“{post}”，{first[3]}（{first[1].display}:{first[1].locate(first[2])[0]}）"
                    f"为“{first[0]}”；一人同一时间只担任一个职务，请核对",
                    path, rule="workspace-person"))
    collector.problems.sort(key=lambda p: (p.file or "", p.line or 0, p.column or 0))
    return collector


def _raw_holders(mdoc, key: str, holders: dict) -> None:
    """The current holders of an invalid members.yaml, read from its raw values (well-formed
    entries only), into ``holders`` as the valid path does."""
    seats = mdoc.data.get("seats") if isinstance(mdoc.data, dict) else None
    for s, seat in enumerate(seats if isinstance(seats, list) else []):
        entries = seat.get("holders") if isinstance(seat, dict) else None
        if not isinstance(entries, list) or not entries:
            continue
        h, holder = len(entries) - 1, entries[-1]
        if (isinstance(holder, dict) and isinstance(holder.get("name"), str) and isinstance(holder.get("post"), str)
                and holder.get("end") is None):
            holders.setdefault(holder["name"], []).append(
                (holder["post"], mdoc, ("seats", s, "holders", h, "post"), key))
