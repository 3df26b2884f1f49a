"""``lianxi site build``: one joint meeting's data directory → a static site in a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .output import Plan, plan_site, write_site

DEFAULT_OUTPUT = "site"


def build_site(ds, out: str | Path | None = None, *, today: dt.date, force: bool = False,
               dry_run: bool = False, pdf: bool = True) -> Plan:
    """Build the site of the joint meeting in ``ds`` into ``out`` (default ``site/``).

    The output folder is checked before anything is built (a refusal costs nothing);
    ``pdf`` adds PDF copies of the documents when LibreOffice is installed.
    """
    from ..render_docx import find_soffice
    from .pages import asset_files, meeting_files

    out = Path(out or DEFAULT_OUTPUT)
    plan_site({}, out, data_roots=[ds.root], force=force)
    soffice = find_soffice() if pdf else None
    files = asset_files() | meeting_files(ds, today=today, soffice=soffice)
    return write_site(files, out, data_roots=[ds.root], force=force, dry_run=dry_run)
