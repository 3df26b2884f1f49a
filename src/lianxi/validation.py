"""``lianxi validate``: every file of a data directory, schema and cross-checks, all errors at once.

The checks run in order; each receives the directory and a Collector and reports what
it finds with file, line, column and field path. Later features add their own check
(meetings, reports, …) to :data:`CHECKS` as ``"module:function"``; they are imported
only when validation runs.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Callable, Optional

from .errors import Collector
from .model import CONVENER_ROLES, Charter, DutiesFile, MembersFile
from .query import norm  # the matcher's own normalisation: a clash here is a clash there
from .store import read_document, validate_model
from .yamldoc import Document

CHECKS: list[str] = [
    "lianxi.validation:check_core",
    "lianxi.who:check_synonyms",
    "lianxi.who_answers:check_answers",
    "lianxi.rules:check_meetings_dir",
    "lianxi.layout:check_layout",
    "lianxi.followup:check_followup_files",
    "lianxi.holidays:check_holidays_file",
]


def validate_dir(root: Path) -> Collector:
    from .store import shared_reads
    from .yamldoc import gc_paused

    collector = Collector()
    # Each file parsed once, however many checks read it; the cyclic GC paused for the whole
    # run: the data is acyclic (freed by reference counting), and with every file of a large
    # directory alive, each collection would walk all of them again.
    with shared_reads(release=True), gc_paused():
        for spec in CHECKS:
            module_name, func_name = spec.split(":")
            check: Callable[[Path, Collector], None] = getattr(importlib.import_module(module_name), func_name)
            check(root, collector)
    collector.problems.sort(key=lambda p: (p.file or "", p.line or 0, p.column or 0))
    return collector


def _load(root: Path, name: str, model, collector: Collector):
    doc = read_document(root, name, collector)
    if doc is None:
        return None, None
    return validate_model(doc, model, collector), doc


def check_core(root: Path, collector: Collector) -> None:
    members, mdoc = _load(root, "members.yaml", MembersFile, collector)
    duties, ddoc = _load(root, "duties.yaml", DutiesFile, collector)
    charter, cdoc = _load(root, "charter.yaml", Charter, collector)
    if members is not None:
        _check_members(members, mdoc, collector)
    if duties is not None:
        _check_duties(duties, ddoc, _unit_ids(members, mdoc), collector)
    if members is not None and duties is not None:
        _check_names(members, mdoc, duties, ddoc, collector)
    if charter is not None and members is not None:
        _check_charter(charter, cdoc, members, collector)


def _unit_ids(members: Optional[MembersFile], doc: Optional[Document]) -> Optional[set[str]]:
    """Unit ids for cross-checks — from the raw document when members.yaml has schema errors."""
    if members is not None:
        return {u.id for u in members.units}
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("units"), list):
        return None
    return {u["id"] for u in doc.data["units"] if isinstance(u, dict) and isinstance(u.get("id"), str)}


def _duplicates(items, key, doc: Document, path_of, what: str, collector: Collector) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        value = key(item)
        if value in seen:
            first = seen[value]
            line = doc.locate(path_of(first))[0]
            collector.add(doc.problem(f"{what}“{value}”重复（第一次出现在第 {line} 行）",
                                      path_of(index), rule="duplicate"))
        else:
            seen[value] = index


def _check_members(members: MembersFile, doc: Document, collector: Collector) -> None:
    _duplicates(members.units, lambda u: u.id, doc, lambda i: ("units", i, "id"), "单位编号", collector)
    _duplicates(members.seats, lambda s: s.id, doc, lambda i: ("seats", i, "id"), "席位编号", collector)
    unit_ids = {u.id for u in members.units}
    by_id = {u.id: u for u in members.units}
    for i, unit in enumerate(members.units):
        if unit.joined is not None and unit.left is not None and unit.left <= unit.joined:
            collector.add(doc.problem(f"退出日期 {unit.left} 不晚于成为成员单位的日期 {unit.joined}",
                                      ("units", i, "left"), rule="date-order"))
    for i, seat in enumerate(members.seats):
        if seat.unit is not None and seat.unit not in unit_ids:
            collector.add(doc.problem(f"单位“{seat.unit}”不存在（应为 units 中某个 id）",
                                      ("seats", i, "unit"), rule="unknown-unit"))
        _check_terms(seat.holders, doc, ("seats", i, "holders"), collector)
        left = by_id[seat.unit].left if seat.unit in by_id else None
        for j, holder in enumerate(seat.holders):
            if left is not None and (holder.end is None or holder.end >= left):
                collector.add(doc.problem(
                    f"{holder.name} 的任期应在单位退出日期 {left} 之前结束（end 不晚于 {left - dt.timedelta(days=1)}）",
                    ("seats", i, "holders", j), rule="term-after-left"))
    top = [i for i, s in enumerate(members.seats) if s.role == "总召集人"]
    if len(top) > 1:
        for i in top[1:]:
            collector.add(doc.problem("只能有一个总召集人席位", ("seats", i, "role"), rule="one-convener"))
    if not any(s.role in CONVENER_ROLES[:2] for s in members.seats):
        collector.add(doc.problem("没有召集人：应有一个“总召集人”或至少一个“召集人”席位", ("seats",),
                                  rule="one-convener"))


def _check_terms(holders, doc: Document, path: tuple, collector: Collector) -> None:
    previous_end: Optional[dt.date] = None
    for j, holder in enumerate(holders):
        start = holder.start if isinstance(holder.start, dt.date) else None
        if start and holder.end and holder.end < start:
            collector.add(doc.problem(f"任期结束日期 {holder.end} 早于开始日期 {start}",
                                      path + (j, "end"), rule="term-order"))
        if j < len(holders) - 1 and holder.end is None:
            collector.add(doc.problem(f"{holder.name} 之后还有继任者，其任期应写明结束日期（end）",
                                      path + (j,), rule="term-open"))
        if previous_end and start and start <= previous_end:
            collector.add(doc.problem(f"任期与前任重叠：开始日期 {start} 不晚于前任结束日期 {previous_end}",
                                      path + (j, "start"), rule="term-overlap"))
        previous_end = holder.end


def _check_duties(duties: DutiesFile, doc: Document, unit_ids, collector: Collector) -> None:
    _duplicates(duties.departments, lambda d: d.id, doc, lambda i: ("departments", i, "id"),
                "部门编号", collector)
    for i, dept in enumerate(duties.departments):
        if dept.unit is None:
            if not (dept.unit_note or "").strip():
                collector.add(doc.problem("没有对应的成员单位时，须在 unit_note 中说明",
                                          ("departments", i, "unit"), rule="unit-note"))
        elif unit_ids is not None and dept.unit not in unit_ids:
            collector.add(doc.problem(f"单位“{dept.unit}”不存在（应为 members.yaml 中 units 的某个 id）",
                                      ("departments", i, "unit"), rule="unknown-unit"))


def _check_names(members: MembersFile, mdoc: Document, duties: DutiesFile, ddoc: Document,
                 collector: Collector) -> None:
    """No name or alias may lead a query to two different places."""
    carried: dict[str, set[str]] = {}
    for dept in duties.departments:
        if dept.unit:
            carried.setdefault(dept.unit, set()).add(dept.id)
    owners: dict[str, tuple[frozenset, str, Document, tuple]] = {}

    def claim(name: str, target: frozenset, label: str, doc: Document, path: tuple) -> None:
        key = norm(name)
        if key in owners:
            other_target, other_label, other_doc, other_path = owners[key]
            if other_target != target and not (other_target & target):
                line = other_doc.locate(other_path)[0]
                collector.add(doc.problem(
                    f"名称“{name}”与{other_label}重复（{other_doc.display} 第 {line} 行），查询时会产生歧义",
                    path, rule="duplicate-name"))
            return
        owners[key] = (target, label, doc, path)

    for i, dept in enumerate(duties.departments):
        target = frozenset({"d:" + dept.id})
        claim(dept.name, target, f"部门“{dept.name}”", ddoc, ("departments", i, "name"))
        for k, alias in enumerate(dept.aliases):
            claim(alias, target, f"部门“{dept.name}”的别名", ddoc, ("departments", i, "aliases", k))
    for i, unit in enumerate(members.units):
        depts = carried.get(unit.id)
        target = frozenset("d:" + d for d in depts) if depts else frozenset({"u:" + unit.id})
        claim(unit.name, target, f"单位“{unit.name}”", mdoc, ("units", i, "name"))
        if unit.short_name:
            claim(unit.short_name, target, f"单位“{unit.name}”的简称", mdoc, ("units", i, "short_name"))
        for k, alias in enumerate(unit.aliases):
            claim(alias, target, f"单位“{unit.name}”的别名", mdoc, ("units", i, "aliases", k))


def _check_charter(charter: Charter, doc: Document, members: MembersFile, collector: Collector) -> None:
    unit_ids = {u.id for u in members.units}
    seat_ids = {s.id for s in members.seats}
    refs = []
    if charter.office is not None:
        refs.append((charter.office.host_unit, ("office", "host_unit"), unit_ids, "单位"))
        refs.append((charter.office.director_seat, ("office", "director_seat"), seat_ids, "席位"))
    if charter.seal is not None:
        refs.append((charter.seal.sealing_unit, ("seal", "sealing_unit"), unit_ids, "单位"))
        if not charter.seal.office_has_seal and not charter.seal.sealing_unit:
            collector.add(doc.problem("办公室不刻章时须写明代章单位（sealing_unit）", ("seal",),
                                      rule="seal"))
    for value, path, known, what in refs:
        if value is not None and value not in known:
            collector.add(doc.problem(f"{what}“{value}”不存在", path, rule="unknown-ref"))
