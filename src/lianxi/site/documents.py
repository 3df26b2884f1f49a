"""Each meeting's notice and minutes as files for the site: .docx always, .pdf where LibreOffice is.

The documents are the ones ``lianxi notice`` and ``lianxi minutes render`` draw (same services,
same templates, same sandbox); nothing is numbered or written to the data. A notice not yet
issued is the draft the data gives, and is labelled so on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class SiteDocument:
    label: str  # 会议通知 / 会议纪要
    state: str  # 已印发（文号）/ 草稿 …
    stem: str  # files/<meeting>-notice
    name: str  # the file name offered on download, without suffix: 2026年9月15日全体会议通知
    files: dict[str, bytes] = field(default_factory=dict)  # suffix (".docx") → bytes
    placeholders: list[str] = field(default_factory=list)


def meeting_documents(ds, record, item: dict, *, today: dt.date, soffice: Optional[str]) -> list[SiteDocument]:
    """The notice and (when there are minutes) the minutes of one registered meeting; ``item`` is
    the meeting's entry in :func:`lianxi.services.meetings.meeting_list` (numbers as text)."""
    from ..layout import load_layout
    from ..meetings import MINUTES_STATUS_NAMES
    from ..render import kind_name
    from ..render_docx import build_docx, build_pdf
    from ..services import issuing
    from ..textcn import cn_date

    meeting = record.meeting
    stamp = dt.datetime.combine(today, dt.time())
    layout = load_layout(ds.root)
    when = cn_date(meeting.date) if meeting.date else "日期待定"
    out = []
    notice = issuing.notice(ds, meeting_ref=record.id, today=today)
    state = f"已印发（{item['notice']}）" if item["notice"] else "草稿（尚未印发）"
    out.append(_document(ds, "会议通知", state, f"files/{record.id}-notice", f"{when}{kind_name(meeting)}通知",
                         notice, layout, stamp, soffice, build_docx, build_pdf))
    if meeting.minutes is not None:
        minutes = issuing.minutes(ds, meeting_ref=record.id, today=today)
        status = MINUTES_STATUS_NAMES[meeting.minutes.status]
        if item["minutes_number"]:
            status += f"（{item['minutes_number']}）"
        out.append(_document(ds, "会议纪要", status,
                             f"files/{record.id}-minutes", f"{when}{kind_name(meeting)}纪要",
                             minutes, layout, stamp, soffice, build_docx, build_pdf))
    return out


def _document(ds, label, state, stem, name, document, layout, stamp, soffice, build_docx, build_pdf):
    files = {".docx": build_docx(document.annotated, layout, stamp=stamp)}
    if soffice is not None:
        files[".pdf"] = build_pdf(document.annotated, layout, soffice=soffice, stamp=stamp)
    return SiteDocument(label, state, stem, name, files, list(document.placeholders))
