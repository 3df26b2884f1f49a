"""One joint meeting's pages: contexts computed here from the data, laid out by the Jinja
templates in ``lianxi/site/templates`` (autoescape on: every data value is escaped, a name
written ``<script>`` shows as text).

:func:`meeting_files` is the per-meeting hook (see :mod:`lianxi.site`); :func:`asset_files`
the shared stylesheet and script. Neither writes anything.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Optional

from markupsafe import Markup

PAGES = (  # file, title in the navigation
    ("index.html", "概况"),
    ("roster.html", "组成人员"),
    ("duties.html", "职责分工"),
    ("liaisons.html", "联络员"),
    ("meetings.html", "会议与文书"),
    ("tasks.html", "议定事项"),
)
ASSETS = ("site.css", "site.js")
HERE = Path(__file__).resolve().parent


def asset_files() -> dict[str, bytes]:
    """The stylesheet and script every page links to, at ``assets/`` in the site's root."""
    return {f"assets/{name}": (HERE / "static" / name).read_bytes() for name in ASSETS}


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["json_script"] = json_script
    env.filters["cn_date"] = _cn_date
    return env


def json_script(value) -> Markup:
    """JSON for a ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped, so no data
    value can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _cn_date(value) -> str:
    from ..textcn import cn_date

    if value is None:
        return "未载明"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return cn_date(value)


def _term(holder) -> str:
    """任期: 2027-03-01 起 / 2026-01-01 至 2027-02-28 / 起始日期未载明 (至 …)."""
    start = holder.start.isoformat() if isinstance(holder.start, dt.date) else None
    end = holder.end.isoformat() if holder.end else None
    if start is None:
        return f"起始日期未载明，至 {end}" if end else "起始日期未载明"
    return f"{start} 至 {end}" if end else f"{start} 起"


# ---------------------------------------------------------------- contexts


def structure(ds, day: dt.date) -> dict:
    """What the structure chart shows, as of ``day``."""
    from ..render import full_name

    def lines(seat) -> list[str]:
        holder = seat.holder_on(day)
        who = f"{holder.name} · {holder.post}" if holder else "未载明"
        return [seat.role, who]

    seats = ds.members.seats
    charter = ds.charter
    office = None
    seal = None
    if charter.office is not None:
        office = [charter.office.name]
        if charter.office.host_unit:
            office.append(f"设在{ds.unit_name(charter.office.host_unit)}")
        director = ds.seats.get(charter.office.director_seat) if charter.office.director_seat else None
        if director is not None:
            holder = director.holder_on(day)
            office.append(f"主任：{holder.name if holder else '未载明'}")
    if charter.seal is not None and not charter.seal.office_has_seal and charter.seal.sealing_unit:
        unit = ds.unit(charter.seal.sealing_unit)
        if unit is not None:
            seal = f"不刻章，由{full_name(ds, unit)}代章"
    return {
        "title": f"{charter.display_name}组织结构",
        "top": [lines(s) for s in seats if s.role in ("总召集人", "召集人")],
        "deputies": [lines(s) for s in seats if s.role == "副召集人"],
        "members": [u.display_name for u in ds.member_units()],
        "office": office,
        "seal": seal,
    }


def roster(ds, day: dt.date) -> dict:
    from ..views import person, unit_ref

    seats = []
    for seat in ds.members.seats:
        if seat.role == "联络员":
            continue
        holder = seat.holder_on(day)
        seats.append({
            "id": seat.id,
            "role": seat.role,
            "unit": ds.unit_name(seat.unit) if seat.unit else "",
            "holder": person(holder),
            "term": _term(holder) if holder else "",
            "history": [{**person(h), "term": _term(h), "reason": h.reason} for h in seat.holders],
        })
    embedded = {s["id"]: [{"name": h["name"], "post": h["post"], "start": h["start"], "end": h["end"],
                           "term": h["term"]} for h in s["history"]] for s in seats}
    changes = [e for e in _log(ds)]
    return {"seats": seats, "embedded": embedded, "changes": changes, "unit_ref": unit_ref}


def _log(ds) -> list[dict]:
    from ..succession import log_entries

    return log_entries(ds)


def timeline_rows(ds) -> list[dict]:
    rows = []
    for seat in ds.members.seats:
        if seat.role == "联络员" or not seat.holders:
            continue
        unit = ds.unit_name(seat.unit) if seat.unit else ""
        rows.append({"label": f"{seat.role} {unit}".strip(), "holders": [
            {"name": h.name, "start": h.start if isinstance(h.start, dt.date) else None, "end": h.end}
            for h in seat.holders]})
    return rows


def duties(ds, day: dt.date) -> list[dict]:
    """Every department with its unit, duties and the pinyin the search box matches: the names' and
    duties' syllables (``gong-an``, one word a name or duty, so a search matches from a syllable's
    start, never across two) and the names' initials (``ga``)."""
    from ..pinyin import pinyin_keys, syllable_keys
    from ..views import department_view

    views = [department_view(ds, dept, day) for dept in ds.duties.departments]
    names = {}
    for dept, view in zip(ds.duties.departments, views):
        unit = ds.unit(dept.unit)
        names[dept.id] = list(dept.all_names()) + (unit.all_names() if unit else [])
    every_name = sorted({n for group in names.values() for n in group})
    keys = pinyin_keys(every_name)
    spelt = syllable_keys(every_name + sorted({d for dept in ds.duties.departments for d in dept.duties}))
    out = []
    for dept, view in zip(ds.duties.departments, views):
        words = names[dept.id]
        full = [spelt[n] for n in words] + [spelt[d] for d in dept.duties]
        initials = [keys[n][1] for n in words]
        out.append({**view, "names": " ".join(words), "pinyin": " ".join(full), "initials": " ".join(initials)})
    return out


def liaisons(ds, day: dt.date) -> list[dict]:
    from ..views import person

    out = []
    for unit in ds.member_units():
        seat = ds.seat_of(unit.id, "联络员")
        holder = seat.holder_on(day) if seat is not None else None
        out.append({"unit": unit.display_name, "post": (seat.post if seat else None), "holder": person(holder)})
    return out


def meetings(ds, day: dt.date, soffice: Optional[str]) -> tuple[list[dict], dict[str, bytes]]:
    """The registered meetings (newest first) with their documents, and the document files."""
    from ..meetings import MINUTES_STATUS_NAMES, load_meetings
    from ..render import clock
    from ..services.meetings import meeting_list
    from .documents import meeting_documents

    items = {item["id"]: item for item in meeting_list(ds)}
    out, files = [], {}
    for record in sorted(load_meetings(ds.root), key=lambda r: r.id, reverse=True):
        meeting = record.meeting
        item = items[record.id]
        docs = []
        for doc in meeting_documents(ds, record, item, today=day, soffice=soffice):
            links = []
            for suffix, data in sorted(doc.files.items()):
                path = doc.stem + suffix
                files[path] = data
                links.append({"href": path, "suffix": {".docx": "Word"}.get(suffix, suffix[1:].upper()),
                              "download": doc.name + suffix, "size": _size(len(data))})
            docs.append({"label": doc.label, "state": doc.state, "links": links, "placeholders": doc.placeholders})
        minutes = meeting.minutes
        out.append({
            **item,
            "time_text": clock(meeting.time) if meeting.time else None,
            "purpose": meeting.purpose,
            "agenda": list(meeting.agenda),
            "invited": [g.name for g in meeting.invited],
            "minutes_text": MINUTES_STATUS_NAMES[minutes.status if minutes else None],
            "matters": [{"title": m.title, "lead": ds.unit_name(m.lead) if m.lead else "未载明",
                         "deadline": m.deadline.isoformat() if m.deadline else None}
                        for m in (minutes.matters if minutes else [])],
            "documents": docs,
        })
    return out, files


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} 字节"


def tasks(ds, day: dt.date) -> dict:
    """The task board as of ``day``: overdue, open and done, and counts by unit."""
    from ..followup import load_reports, task_view, tasks_from_meetings

    reports, _ = load_reports(ds.root)
    views = [task_view(ds, t, reports.reports, day) for t in tasks_from_meetings(ds.root)]
    columns = {"overdue": [], "open": [], "done": []}
    for view in views:
        key = "done" if view["status"] == "已完成" else ("overdue" if view["overdue"] else "open")
        columns[key].append(view)
    by_unit = []
    for unit in ds.members.units:
        row = {"unit": unit.display_name, "lead": 0, "cooperating": 0, "overdue": 0, "open": 0, "done": 0}
        for key, group in columns.items():
            for view in group:
                lead = view["lead"] and view["lead"]["id"] == unit.id
                coop = any(u and u["id"] == unit.id for u in view["cooperating"])
                if lead or coop:
                    row[key] += 1
                    row["lead" if lead else "cooperating"] += 1
        if row["lead"] or row["cooperating"]:
            by_unit.append(row)
    return {"columns": columns, "by_unit": by_unit, "count": len(views),
            "examples": sum(1 for v in views if v["example"])}


# ---------------------------------------------------------------- pages


def meeting_files(ds, *, today: dt.date, prefix: str = "", soffice: Optional[str] = None,
                  home: Optional[tuple[str, str]] = None) -> dict[str, bytes]:
    """Every file of one joint meeting's pages, ``{path in the site: bytes}``, paths under ``prefix``
    (``""`` or ``"slug/"``). ``home`` (label, href) adds a link up to a workspace index; ``soffice``
    (a LibreOffice command, or None) adds PDF copies of the documents. Needs :func:`asset_files`
    at the site's root."""
    from .svg import seat_timeline, structure_chart

    depth = prefix.strip("/").count("/") + 1 if prefix.strip("/") else 0
    assets = "../" * depth + "assets/"
    charter = ds.charter
    meeting_list, files = meetings(ds, today, soffice)
    context = {
        "charter": charter,
        "name": charter.display_name,
        "today": today.isoformat(),
        "pages": PAGES,
        "assets": assets,
        "home": home,
        "ds": ds,
    }
    office = charter.office
    pages = {
        "index.html": {"chart": structure_chart(structure(ds, today)),
                       "office_director": _director(ds, today),
                       "host": ds.unit_name(office.host_unit) if office and office.host_unit else None,
                       "established": _established(charter),
                       "counts": {"members": len(ds.member_units()), "departments": len(ds.duties.departments),
                                  "meetings": len(meeting_list)}},
        "roster.html": {"roster": roster(ds, today),
                        "timeline": seat_timeline(timeline_rows(ds), today, f"{charter.display_name}席位任职时间线")},
        "duties.html": {"departments": duties(ds, today)},
        "liaisons.html": {"liaisons": liaisons(ds, today), "rule": charter.liaison_rule},
        "meetings.html": {"meetings": meeting_list},
        "tasks.html": {"board": tasks(ds, today)},
    }
    env = _environment()
    out = {}
    for page, title in PAGES:
        html = env.get_template(page + ".j2").render(**context, **pages[page], page=page, title=title)
        out[prefix + page] = html.encode("utf-8")
    for path, data in files.items():
        out[prefix + path] = data
    return dict(sorted(out.items()))


def _established(charter) -> dict:
    """The lead sentence's parts, None where the notice does not give them (never ``unknown`` on a
    page): the subject (本联席会议 while the name is still to be filled in), issuer and title."""
    from ..model import UNKNOWN

    est = charter.established_by
    known = lambda value: None if value in (None, UNKNOWN, "") else value  # noqa: E731
    return {"subject": known(charter.name) or "本联席会议", "issuer": known(est.issuer), "title": known(est.title)}


def _director(ds, day: dt.date) -> Optional[dict]:
    from ..views import person

    office = ds.charter.office
    seat = ds.seats.get(office.director_seat) if office and office.director_seat else None
    return None if seat is None else {"role": seat.role, "holder": person(seat.holder_on(day))}
