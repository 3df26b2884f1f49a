"""A workspace's site: every joint meeting's pages (:func:`lianxi.site.pages.meeting_files`, each
in a folder of its own), and the workspace's own pages across them.

Layout of the site::

    index.html              the joint meetings, with the overview's counts (lianxi overview)
    units.html              every unit, with the joint meetings it sits on
    units/<register id>.html   one unit in every joint meeting (lianxi unit)
    people.html             everyone who holds or held a seat
    people/<slug>.html      one person's seats with their history (lianxi person)
    <key>/index.html …      one joint meeting's pages (folder: its key in workspace.yaml)
    assets/                 the shared stylesheet and script

The unit and person pages show what :func:`lianxi.workspace.queries.unit_views` and
:func:`~lianxi.workspace.queries.person_views` return, nothing recomputed here. A person's
file name is the pinyin of the name and a short hash of it (two people whose names read alike
get different files; the same name always the same file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Optional

NAV = (("index.html", "联席会议"), ("units.html", "单位"), ("people.html", "人员"))
RESERVED = {"assets", "units", "people", "index.html", "units.html", "people.html"}
_SAFE = re.compile(r"^[^\W_][\w.-]*$")  # letters (Chinese too), digits, . _ -; no separators


def meeting_slugs(ws) -> dict[str, str]:
    """Joint meeting key → its folder in the site: the key where it is a safe file name, else m1, m2 …"""
    out: dict[str, str] = {}
    for ref in ws.meetings:
        slug = ref.key
        if not _SAFE.match(slug) or slug.lower() in RESERVED or slug in out.values() or len(slug) > 60:
            slug = f"m{ref.index + 1}"
        out[ref.key] = slug
    return out


def unit_slug(rid: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,60}", rid):
        return rid
    return "u-" + hashlib.sha1(rid.encode("utf-8")).hexdigest()[:10]


def person_slug(name: str) -> str:
    from ..pinyin import syllables

    letters = "-".join(s for s in (re.sub(r"[^a-z0-9]", "", x.lower()) for x in syllables(name, ascii_only=True)) if s)
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    return f"{letters[:40].strip('-')}-{digest}" if letters else f"p-{digest}"


def _office(ds) -> Optional[str]:
    office = ds.charter.office
    if office is None:
        return None
    host = ds.unit_name(office.host_unit) if office.host_unit else None
    return f"{office.name}（设在{host}）" if host else office.name


def workspace_files(ws, datasets: dict, *, today: dt.date, soffice: Optional[str] = None) -> dict[str, bytes]:
    """Every file of the workspace's site, ``{path: bytes}`` (``datasets``: key → its Dataset)."""
    from .pages import _environment, asset_files, meeting_files
    from ..workspace.queries import overview, person_views, unit_views

    slugs = meeting_slugs(ws)
    files = asset_files()
    for ref in ws.meetings:
        files |= meeting_files(datasets[ref.key], today=today, prefix=f"{slugs[ref.key]}/",
                               home=("工作区首页", "../index.html"), soffice=soffice)
    view = overview(ws, today)
    units = unit_views(ws, today)
    people = person_views(ws, today)
    unit_files = {rid: f"units/{unit_slug(rid)}.html" for rid in units}
    person_files = {name: f"people/{person_slug(name)}.html" for name in people}
    keys = {ref.key: ref for ref in ws.meetings}

    def meeting(key: str) -> dict:
        ref = keys[key]
        ds = datasets[key]
        return {"key": key, "name": ds.charter.display_name, "href": f"{slugs[key]}/index.html",
                "folder": f"{slugs[key]}/", "office": _office(ds),
                "dir": ref.dir}

    rows = [{**r, "meeting": meeting(r["meeting"]["key"])} for r in view["meetings"]]
    seats_of = {rid: sorted({row["meeting"]["key"] for row in v["meetings"]}, key=lambda k: keys[k].index)
                for rid, v in units.items()}
    unit_rows = sorted(({"unit": v["unit"], "href": unit_files[rid], "meetings": [meeting(k) for k in seats_of[rid]]}
                        for rid, v in units.items()), key=lambda r: (-len(r["meetings"]), r["unit"]["id"]))
    person_rows = sorted(({"name": name, "href": person_files[name], "seats": len(v["seats"]),
                           "current_in": [meeting(k) for k in v["current_meetings"]]}
                          for name, v in people.items()), key=lambda r: (-len(r["current_in"]), -r["seats"], r["name"]))
    env = _environment()
    base = {"name": ws.file.name, "today": today.isoformat(), "home": None, "person_href": person_files}

    def render(path: str, template: str, title: str, current: str, **context) -> None:
        up = "../" * path.count("/")
        pages = [(up + file, label) for file, label in NAV]
        html = env.get_template(template).render(**base, **context, pages=pages, page=up + current,
                                                 assets=up + "assets/", up=up, title=title)
        files[path] = html.encode("utf-8")

    render("index.html", "ws_index.html.j2", "联席会议", "index.html", meetings=rows, year=view["year"],
           counts={"units": len(unit_rows), "people": len(person_rows)})
    render("units.html", "ws_units.html.j2", "单位", "units.html", units=unit_rows)
    render("people.html", "ws_people.html.j2", "人员", "people.html", people=person_rows)
    for rid, v in units.items():
        shown = [{**row, "meeting": meeting(row["meeting"]["key"])} for row in v["meetings"]]
        render(unit_files[rid], "ws_unit.html.j2", v["unit"]["name"], "units.html", unit=v["unit"], rows=shown)
    for name, v in people.items():
        seats = [{**s, "meeting": meeting(s["meeting"]["key"]),
                  "unit_href": unit_files.get(s["unit"]["id"]) if s["unit"] else None} for s in v["seats"]]
        render(person_files[name], "ws_person.html.j2", name, "people.html", person=name, seats=seats,
               current_meetings=[meeting(k) for k in v["current_meetings"]])
    return dict(sorted(files.items()))


def build_workspace_site(root, out=None, *, today: dt.date, force: bool = False, dry_run: bool = False,
                         pdf: bool = True):
    """Build the site of the workspace at ``root`` into ``out`` (default ``site/``)."""
    from pathlib import Path

    from ..dataset import Dataset
    from ..render_docx import find_soffice
    from ..workspace.loader import Workspace
    from .build import DEFAULT_OUTPUT
    from .output import plan_site, write_site

    ws = Workspace(root)
    roots = [ref.root for ref in ws.meetings]
    out = Path(out or DEFAULT_OUTPUT)
    plan_site({}, out, data_roots=roots, force=force)
    problems = [problem for s in ws.summaries() if not s.ok for problem in s.problems]
    if problems:  # every joint meeting's problems at once, located; no site from part of the data
        from ..errors import DataErrors

        raise DataErrors(problems, hint="工作区中有联席会议的数据有错误，未生成网站；lianxi validate 查看全部错误")
    datasets = {ref.key: Dataset(ref.root) for ref in ws.meetings}
    soffice = find_soffice() if pdf else None
    files = workspace_files(ws, datasets, today=today, soffice=soffice)
    return write_site(files, out, data_roots=roots, force=force, dry_run=dry_run)
