"""Succession across joint meetings: one person replaced in every joint meeting where they hold the post.

``lianxi workspace succession 郑惠山 --post 区公安分局副局长 --name 李明 --date 2027-03-01`` finds
every seat whose current holder is 郑惠山 in that post, in every joint meeting of the
workspace, and records the change in each — through :mod:`lianxi.succession` (the same
planning, editing and re-validation as ``lianxi succession apply``; no second writer):

1. every joint meeting concerned is locked (``store.data_lock``, in a fixed order);
2. each one's change is planned, spliced into its members.yaml and validated with everything
   ``lianxi validate`` checks (:func:`lianxi.succession.prepare`) — nothing is written yet;
3. only when all of them passed are the files written, one ``store.atomic_write`` each, while
   all the locks are still held. A failure in any joint meeting leaves every file untouched.

The writes are one call (:func:`apply_across`), so a journal kept by ``store.atomic_write`` can
record them as one entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from typing import Optional

from ..errors import DataErrors, LianxiError, NotFound, Problem
from ..store import display_path
from .loader import MeetingRef, Workspace


@dataclass
class Change:
    ref: MeetingRef
    seat: str
    role: str
    unit: str
    outgoing_post: str
    incoming_post: str


@dataclass
class CrossOutcome:
    outgoing: str
    incoming: str
    date: dt.date
    changes: list[Change]
    outcomes: list = field(default_factory=list)  # succession.Outcome per joint meeting
    written: bool = False
    dry_run: bool = False

    def view(self) -> dict:
        return {
            "outgoing": self.outgoing, "incoming": self.incoming, "date": self.date.isoformat(),
            "dry_run": self.dry_run, "written": self.written,
            "changes": [{"meeting": c.ref.key, "dir": c.ref.dir, "seat": c.seat, "role": c.role, "unit": c.unit,
                         "outgoing_post": c.outgoing_post, "incoming_post": c.incoming_post,
                         "file": display_path(c.ref.root / "members.yaml")} for c in self.changes],
        }

    def diff(self) -> str:
        parts = []
        for outcome in self.outcomes:
            shown = display_path(outcome.path)
            body = "".join(difflib.unified_diff(outcome.before.splitlines(keepends=True),
                                                outcome.after.splitlines(keepends=True), "修改前", "修改后"))
            if body:
                parts.append(f"试运行（--dry-run）：{shown} 将有以下修改，实际未写入：\n{body}")
        return "\n".join(parts)


def _targets(ws: Workspace, person: str, post: Optional[str]) -> list[tuple[MeetingRef, object, object, object]]:
    from ..dataset import Dataset
    from ..query import norm
    from ..succession import current_holder

    found = []
    problems: list[Problem] = []
    for ref in ws.meetings:
        ds = Dataset(ref.root)
        try:
            seats = ds.members.seats
        except LianxiError as exc:
            problems += exc.problems
            continue
        for seat in seats:
            holder = current_holder(seat)
            if holder is None or norm(holder.name) != norm(person):
                continue
            if post is not None and norm(holder.post) != norm(post):
                continue
            found.append((ref, ds, seat, holder))
    if problems:
        raise DataErrors(problems, hint="工作区中有联席会议的数据有错误，请先修正（lianxi validate）。未做任何修改。")
    return found


def apply_across(ws: Workspace, person: str, *, name: str, date: dt.date, post: Optional[str] = None,
                 new_post: Optional[str] = None, reason: Optional[str] = None, force: bool = False,
                 dry_run: bool = False, today: Optional[dt.date] = None) -> CrossOutcome:
    from ..dates import today as _today
    from ..store import atomic_write, data_lock
    from ..succession import make_request, prepare

    today = today or _today()
    targets = _targets(ws, person, post)
    if not targets:
        where = f"担任“{post}”" if post else "在任"
        raise NotFound(f"工作区的各联席会议中没有{where}的“{person}”",
                       hint=f"查看其席位：lianxi person {person}")
    changes: list[Change] = []
    by_meeting: dict[str, list] = {}
    for ref, ds, seat, holder in targets:
        unit = ds.unit(seat.unit)
        request = make_request(name=name, date=date, post=new_post or holder.post,
                               unit=unit.name if unit else None, role=seat.role,
                               replace=holder.name, reason=reason)
        by_meeting.setdefault(ref.dir, []).append(request)
        changes.append(Change(ref, seat.id, seat.role, ds.unit_name(seat.unit), holder.post, request.post))
    refs = {c.ref.dir: c.ref for c in changes}
    order = sorted(refs, key=lambda d: os.path.realpath(refs[d].root))
    result = CrossOutcome(holder.name, name.strip(), date, changes, dry_run=dry_run)
    with contextlib.ExitStack() as locks:
        if not dry_run:
            # one journal entry for the whole change, kept in the workspace (lianxi undo there
            # takes it back in every joint meeting at once); the meetings' own locks keep other
            # writers out of their files while it is written, without entries of their own
            locks.enter_context(data_lock(ws.root))
            for key in order:
                locks.enter_context(data_lock(refs[key].root, journal=False))
        problems: list[Problem] = []
        for key in order:
            try:
                result.outcomes.append(prepare(refs[key].root, by_meeting[key], force=force, today=today))
            except LianxiError as exc:
                problems += [Problem(f"{refs[key].key}：{p.message}", file=p.file, line=p.line, column=p.column,
                                     field=p.field, rule=p.rule) for p in exc.problems]
        if problems:
            raise DataErrors(problems, hint="跨联席会议的接替未通过校验，所有联席会议均未做任何修改。")
        if not dry_run:
            for key, outcome in zip(order, result.outcomes):
                if outcome.changed:
                    atomic_write(outcome.path, outcome.after, root=refs[key].root)
                    outcome.written = True
            result.written = True
    return result
