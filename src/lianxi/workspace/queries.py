"""Cross-meeting queries: ``unit``, ``person``, ``who`` over the workspace, ``check --all``, ``overview``.

Every function returns plain data (what ``--json`` prints); the command line only prints it.
``unit``, ``person``, ``who`` and ``overview`` read the per-meeting summaries
(:func:`lianxi.workspace.loader.summaries`), never every file of every meeting.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ..errors import Ambiguous, NotFound, UsageProblem
from .loader import Summary, Workspace

LIAISON = "联络员"
NO_REPORT = "未报告"


def _iso(value) -> Optional[str]:
    """A date of a summary (a day number, see loader.summary) as YYYY-MM-DD."""
    if isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    return value.isoformat() if isinstance(value, dt.date) else None


def _n(day: dt.date) -> int:
    return day.toordinal()


def _person(h: Optional[tuple]) -> Optional[dict]:
    if h is None:
        return None
    name, post, start, end, phone = h
    return {"name": name, "post": post, "start": _iso(start), "end": _iso(end), "phone": phone}


def holder_on(seat: dict, day: dt.date) -> Optional[tuple]:
    n = _n(day)
    found = None
    for h in seat["holders"]:
        start, end = h[2], h[3]
        if (start is None or n >= start) and (end is None or n <= end):
            found = h
    return found


def meeting_ref(s: Summary) -> dict:
    return {"key": s.ref.key, "name": s.name, "dir": s.ref.dir}


def problems_view(sums: list[Summary]) -> list[dict]:
    """Joint meetings left out because their data has problems (reported, never hidden)."""
    return [{"meeting": s.ref.key, "dir": s.ref.dir, "problems": [p.text() for p in s.problems[:3]],
             "count": len(s.problems)} for s in sums if not s.ok]


# ------------------------------------------------------------------ units


def register_ref(ws: Workspace, rid: Optional[str], s: Optional[Summary] = None, local: Optional[str] = None):
    if rid is None:
        return None
    reg = ws.register_units.get(rid)
    if reg is not None:
        return {"id": reg.id, "name": reg.name, "short_names": list(reg.short_names)}
    unit = s.unit(local) if s is not None else None
    return {"id": rid, "name": unit["name"] if unit else rid, "short_names": [], "unregistered": True}


def unit_matcher(ws: Workspace, sums: list[Summary]):
    """Register units, by the register's names and by every name each joint meeting uses for them."""
    from ..query import Entry, Matcher

    names: dict[str, list[str]] = {u.id: u.all_names() for u in ws.register.units}
    labels: dict[str, str] = {u.id: u.name for u in ws.register.units}
    for s in sums:
        if not s.ok:
            continue
        for local, unit in s.data["units"].items():
            rid = s.ref.register_id(local)
            names.setdefault(rid, []).extend([unit["name"], unit["short_name"], *unit["aliases"]])
            labels.setdefault(rid, unit["name"])
        for dept in s.data["departments"]:
            if dept["unit"]:
                rid = s.ref.register_id(dept["unit"])
                names.setdefault(rid, []).extend([dept["name"], *dept["aliases"]])
    entries = [Entry(rid, labels.get(rid, rid), tuple(n for n in dict.fromkeys(ns) if n))
               for rid, ns in names.items()]
    return Matcher(entries, what="单位", hint="工作区单位登记簿见 units.yaml；按事项查询：lianxi who {query}")


def _task_state(task: dict, day: dt.date) -> tuple[str, bool, Optional[tuple]]:
    n = _n(day)
    mine = [r for r in task["reports"] if r[0] <= n]
    latest = mine[-1] if mine else None
    status = latest[1] if latest is not None and latest[1] else NO_REPORT
    overdue = task["deadline"] is not None and task["deadline"] < n and status != "已完成"
    return status, overdue, latest


def _open_tasks(s: Summary, local: str, day: dt.date, *, examples: bool = False) -> list[dict]:
    """The unit's open tasks in one joint meeting: those of its real meetings, or with ``examples``
    those of its example meetings (示例) instead, which every count leaves out."""
    out = []
    for task in s.data["tasks"]:
        if task["example"] != examples or (task["lead"] != local and local not in task["cooperating"]):
            continue
        status, overdue, _ = _task_state(task, day)
        if status == "已完成":
            continue
        out.append({"id": task["id"], "title": task["title"], "role": "牵头" if task["lead"] == local else "配合",
                    "deadline": _iso(task["deadline"]), "status": status, "overdue": overdue})
    return out


def _missing_reports(s: Summary, local: str, day: dt.date) -> list[dict]:
    out = []
    unit = s.unit(local)
    if unit and unit["member"]:
        first = _n(dt.date(day.year, 1, 1))
        dates = [d for d in s.data["unit_reports"].get(local, []) if first <= d <= _n(day)]
        if not dates:
            out.append({"kind": "yearly", "text": f"{day.year}年尚未报告工作情况"})
    for task in s.data["tasks"]:
        if task["example"] or task["lead"] != local:
            continue
        status, overdue, _ = _task_state(task, day)
        if overdue and status == NO_REPORT:
            out.append({"kind": "task", "task": task["id"],
                        "text": f"议定事项 {task['id']}“{task['title']}”已过完成时限 {_iso(task['deadline'])}，尚未报告"})
    return out


def _slice(s: Summary, rid: str) -> Optional[Summary]:
    """What ``unit`` needs of one joint meeting for one register unit (None when it is not there)."""
    locals_ = {lid for lid in s.data["units"] if s.ref.register_id(lid) == rid}
    if not locals_:
        return None
    d = s.data
    return Summary(s.ref, {
        "name": d["name"], "units": {k: v for k, v in d["units"].items() if k in locals_},
        "seats": [x for x in d["seats"] if x["unit"] in locals_],
        "departments": [x for x in d["departments"] if x["unit"] in locals_],
        "tasks": [t for t in d["tasks"] if t["lead"] in locals_ or locals_ & set(t["cooperating"])],
        "unit_reports": {k: v for k, v in d["unit_reports"].items() if k in locals_},
    }, sig=s.sig)


def _unit_slices(ws: Workspace):
    """(matcher, skipped, slice of a register unit → [Summary]): from the per-unit cache when the
    workspace is unchanged; otherwise every summary is read and the per-unit cache written anew.

    ``lianxi unit`` then reads the names of every unit and the one unit's slice, not every joint
    meeting's whole summary."""
    from pathlib import Path

    from ..query import Entry, Matcher
    from ..relate import _stamp
    from .loader import _digest, read_slices, write_slices

    digest = _digest(ws, _stamp(Path(__file__).resolve()))
    hint = "工作区单位登记簿见 units.yaml；按事项查询：lianxi who {query}"
    stored = read_slices(ws, digest)
    if stored is not None:
        entries, skipped, load = stored
        return Matcher([Entry(*e) for e in entries], what="单位", hint=hint), skipped, load
    sums = ws.summaries()
    matcher = unit_matcher(ws, sums)
    skipped = problems_view(sums)
    slices = {e.target: [x for x in (_slice(s, e.target) for s in sums if s.ok) if x is not None]
              for e in matcher.entries}
    write_slices(ws, digest, [(e.target, e.label, e.names) for e in matcher.entries], skipped, slices)
    return matcher, skipped, slices.__getitem__


def unit_view(ws: Workspace, query: str, day: dt.date) -> dict:
    matcher, skipped, load = _unit_slices(ws)
    return _unit_view(ws, matcher.find(query), load, skipped, day)


def unit_views(ws: Workspace, day: dt.date) -> dict[str, dict]:
    """:func:`unit_view` of every unit of the workspace (the register's and those only a joint
    meeting names), by register id: what the workspace site's unit pages show."""
    matcher, skipped, load = _unit_slices(ws)
    return {e.target: _unit_view(ws, e.target, load, skipped, day) for e in matcher.entries}


def _unit_view(ws: Workspace, rid: str, load, skipped: list, day: dt.date) -> dict:
    sums = load(rid)
    rows = []
    for s in sums:
        if not s.ok:
            continue
        locals_ = [lid for lid in s.data["units"] if s.ref.register_id(lid) == rid]
        for local in locals_:
            unit = s.data["units"][local]
            seats = [x for x in s.data["seats"] if x["unit"] == local]
            depts = [d for d in s.data["departments"] if d["unit"] == local]
            if not seats and not depts:
                continue
            member = next((x for x in seats if x["role"] == "成员"), None)
            liaison = next((x for x in seats if x["role"] == LIAISON), None)
            rows.append({
                "meeting": meeting_ref(s),
                "local": {"id": local, "name": unit["name"], "short_name": unit["short_name"],
                          "aliases": unit["aliases"]},
                "seats": [{"seat": x["id"], "role": x["role"], "post": x["post"],
                           "holder": _person(holder_on(x, day))} for x in seats],
                "member": _person(holder_on(member, day)) if member else None,
                "liaison": _person(holder_on(liaison, day)) if liaison else None,
                "liaison_missing": liaison is None or holder_on(liaison, day) is None,
                "duties": [{"department": d["name"], "duties": d["duties"]} for d in depts],
                "open_tasks": _open_tasks(s, local, day),
                "example_open_tasks": len(_open_tasks(s, local, day, examples=True)),
                "missing_reports": _missing_reports(s, local, day),
            })
    return {"unit": register_ref(ws, rid), "as_of": day.isoformat(), "count": len(rows), "meetings": rows,
            "skipped": skipped}


# ------------------------------------------------------------------ people


def _find_name(sums: list[Summary], query: str) -> str:
    from ..query import norm

    q = norm(query)
    if not q:
        raise UsageProblem("请输入姓名，如 lianxi person 郑惠山")
    names = list(dict.fromkeys(h[0] for s in sums if s.ok for seat in s.data["seats"] for h in seat["holders"]))
    exact = [n for n in names if norm(n) == q]
    if exact:
        return exact[0]
    close = [n for n in names if q in norm(n)]
    if len(close) == 1:
        return close[0]
    if close:
        raise Ambiguous(f"“{query}”对应多人", candidates=close)
    import difflib

    raise NotFound(f"工作区的名册中没有“{query}”", suggestions=difflib.get_close_matches(query, names, n=3, cutoff=0.3))


def person_view(ws: Workspace, query: str, day: dt.date) -> dict:
    sums = ws.summaries(records=False)
    return _person_view(ws, sums, _find_name(sums, query), day)


def person_views(ws: Workspace, day: dt.date) -> dict[str, dict]:
    """:func:`person_view` of everyone who holds or held a seat in any joint meeting, by name
    (in the order the joint meetings and their rosters name them): the workspace site's people pages."""
    sums = ws.summaries(records=False)
    names = dict.fromkeys(h[0] for s in sums if s.ok for seat in s.data["seats"] for h in seat["holders"])
    return {name: _person_view(ws, sums, name, day) for name in names}


def _person_view(ws: Workspace, sums: list[Summary], name: str, day: dt.date) -> dict:
    seats = []
    for s in sums:
        if not s.ok:
            continue
        for seat in s.data["seats"]:
            terms = [h for h in seat["holders"] if h[0] == name]
            if not terms:
                continue
            now = holder_on(seat, day)
            seats.append({
                "meeting": meeting_ref(s),
                "seat": seat["id"], "role": seat["role"],
                "unit": register_ref(ws, s.ref.register_id(seat["unit"]), s, seat["unit"]),
                "unit_here": s.unit_name(seat["unit"]),
                "current": now is not None and now[0] == name,
                "terms": [_person(h) for h in terms],
                "history": [_person(h) for h in seat["holders"]],
            })
    current = sorted({x["meeting"]["key"] for x in seats if x["current"]})
    return {"name": name, "as_of": day.isoformat(), "seats": seats, "current_meetings": current,
            "skipped": problems_view(sums)}


# ------------------------------------------------------------------ who


MAX_WHO = 10  # joint meetings listed by ``who`` across the workspace
WHO_RATIO = 0.5  # a joint meeting is listed when its department scores at least this share of the best
WHO_DETAIL = 60  # departments ranked in full (highlights, word points); the rest by score alone


def who_view(ws: Workspace, question: str, day: dt.date) -> dict:
    """One ranking over the duties of every joint meeting (one BM25 index, cached): the departments
    that answer the question, at most one per joint meeting, the best first."""
    from ..who import rank
    from .loader import who_index

    index, owners, names, skipped, count = who_index(ws)
    answer = rank(index.departments, question, index.lex, index, charter=None, names=names, detail=WHO_DETAIL)
    found = []
    if answer.found and answer.in_scope and answer.ranking:
        best_score = answer.ranking[0].score
        seen: set = set()
        place = {id(d): i for i, d in enumerate(index.departments)}
        for n, hit in enumerate(answer.ranking):
            if len(found) >= MAX_WHO or hit.score <= 0 or hit.score < WHO_RATIO * best_score:
                break
            if hit.negated or (n > 0 and not hit.distinctive):
                continue
            owner = owners[place[id(hit.department)]]
            if owner["k"] in seen:
                continue
            seen.add(owner["k"])
            rid = owner["register_id"]
            unit = register_ref(ws, rid) if rid in ws.register_units else (
                {"id": rid, "name": owner["unit_name"] or rid, "short_names": [], "unregistered": True} if rid else None)
            found.append({
                "meeting": owner["meeting"],
                "department": owner["department"],
                "unit": unit,
                "unit_here": owner["unit_here"],
                "confidence": answer.confidence if n == 0 else ("中" if hit.score >= 0.8 * best_score else "低"),
                "score": round(hit.score, 3),
                "relative": round(hit.score / best_score, 3) if best_score else 0.0,
                "item": hit.item or None,
                "sentence": hit.sentence or None,
                "role": hit.role,
                "member": _person(holder_on(owner["member"], day)) if owner["member"] else None,
                "liaison": _person(holder_on(owner["liaison"], day)) if owner["liaison"] else None,
            })
    return {"question": question, "as_of": day.isoformat(), "found": bool(found), "answers": found,
            "keywords": answer.question.keywords, "meetings": count, "skipped": skipped}


# ------------------------------------------------------------------ check --all, overview


def check_all(ws: Workspace, year: int, day: dt.date) -> dict:
    """``lianxi check`` in every joint meeting (their files read in full: the findings are located)."""
    from ..dataset import Dataset
    from ..errors import LianxiError
    from ..followup import run_check

    rows = []
    for ref in ws.meetings:
        try:
            findings = run_check(Dataset(ref.root), year, day)
        except LianxiError as exc:
            rows.append({"meeting": {"key": ref.key, "dir": ref.dir}, "error": exc.render(), "findings": []})
            continue
        rows.append({"meeting": {"key": ref.key, "dir": ref.dir}, "error": None, "findings": findings})
    return {"year": year, "as_of": day.isoformat(), "meetings": rows}


def overview(ws: Workspace, day: dt.date) -> dict:
    sums = ws.summaries()
    rows = []
    units: dict[str, set] = {}
    people: dict[str, set] = {}
    for s in sums:
        if not s.ok:
            continue
        d = s.data
        first = _n(dt.date(day.year, 1, 1))
        this_year = [m for m in d["meetings"] if m["date"] is not None and first <= m["date"] <= _n(day)]
        held = [m for m in this_year if not m["example"]]
        tasks = [t for t in d["tasks"] if not t["example"]]
        states = [_task_state(t, day) for t in tasks]
        example_states = [_task_state(t, day) for t in d["tasks"] if t["example"]]
        seats_vacant = [x for x in d["seats"] if x["role"] != LIAISON and holder_on(x, day) is None]
        liaisons = [x for x in d["seats"] if x["role"] == LIAISON]
        liaison_missing = [x for x in liaisons if holder_on(x, day) is None]
        rows.append({
            "meeting": meeting_ref(s),
            "held": len(held),
            "minutes_issued": sum(1 for m in held if m["minutes"] == "issued"),
            "tasks_open": sum(1 for st, _, _ in states if st != "已完成"),
            "tasks_overdue": sum(1 for _, od, _ in states if od),
            "seats_vacant": len(seats_vacant),
            "liaisons_missing": len(liaison_missing),
            # left out of the counts above, as lianxi tasks leaves them out: example meetings (示例)
            "example_meetings": len(this_year) - len(held),
            "example_tasks_open": sum(1 for st, _, _ in example_states if st != "已完成"),
            "example_tasks_overdue": sum(1 for _, od, _ in example_states if od),
        })
        for seat in d["seats"]:
            if seat["unit"]:
                units.setdefault(s.ref.register_id(seat["unit"]), set()).add(s.ref.key)
            h = holder_on(seat, day)
            if h is not None:
                people.setdefault(h[0], set()).add(s.ref.key)
    unit_rows = sorted(({"unit": register_ref(ws, rid), "meetings": len(keys), "keys": sorted(keys)}
                        for rid, keys in units.items()), key=lambda r: (-r["meetings"], r["unit"]["id"]))
    people_rows = sorted(({"name": n, "meetings": len(keys), "keys": sorted(keys)} for n, keys in people.items()),
                         key=lambda r: (-r["meetings"], r["name"]))
    return {"workspace": ws.file.name, "year": day.year, "as_of": day.isoformat(), "meetings": rows,
            "units": unit_rows, "people": people_rows, "skipped": problems_view(sums)}
