"""The number register (registers.yaml): listing it, voiding a number with its reason.

A voided number stays in the register (``void: true``, the date and the reason), so it is
never given again; the meeting that carried it loses it and may be issued anew, taking the
next number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import DataError, NotFound, UsageProblem


def _entries(ds):
    """(settings, registers, [(what, index, text, entry)]) for every registered number."""
    from ..meetings import DOCUMENTS_FILE, REGISTERS_FILE, DocumentSettings, Registers
    from ..rules import minutes_number_text, notice_number_text
    from ..store import load_optional, load_settings

    settings = load_settings(ds.root, DOCUMENTS_FILE, DocumentSettings)
    registers, _ = load_optional(ds.root, REGISTERS_FILE, Registers)
    found = []
    for i, entry in enumerate(registers.notices):
        found.append(("notice", i, notice_number_text(settings, entry.year or 0, entry.number), entry))
    for i, entry in enumerate(registers.minutes):
        found.append(("minutes", i, "纪要" + minutes_number_text(settings, entry.number, entry.date), entry))
    return settings, registers, found


def number_list(ds) -> list[dict]:
    """``lianxi numbers``: every number in the register, void ones with their reason."""
    _, _, found = _entries(ds)
    return [{"kind": what, "kind_name": "通知文号" if what == "notice" else "纪要期号", "number": text,
             "meeting": entry.meeting, "document": entry.document, "used_for": _used_for(entry),
             "date": entry.date.isoformat(), "void": entry.void,
             "voided": entry.voided.isoformat() if entry.voided else None, "reason": entry.reason}
            for what, _, text, entry in found]


_DOCUMENT_KINDS = {"alert": "预警通报", "group": "工作组成立通知"}


def _used_for(entry) -> str:
    """What a number was taken for, as ``lianxi numbers`` shows it: 会议 2027-01-20-plenary, 预警通报 2027-01."""
    if entry.meeting:
        return f"会议 {entry.meeting}"
    kind, _, ident = (entry.document or "").partition(" ")
    return f"{_DOCUMENT_KINDS.get(kind, kind)} {ident}".strip()


@dataclass
class Voided:
    number: str
    meeting: object  # the meeting id that carried it, or None


def void_number(ds, number: str, *, reason: str, day: dt.date) -> Voided:
    """``lianxi number void``: mark a registered number void, the reason kept; the meeting loses it."""
    from ..errors import Collector, DataErrors
    from ..meetings import MEETINGS_DIR, load_meeting_file, write_meeting, write_registers
    from ..store import data_lock

    if not reason or not reason.strip():
        raise UsageProblem("请用 --reason 写明作废原因，如 --reason 文字有误，重新印发")
    wanted = number.strip()
    if not wanted:
        raise UsageProblem("请写明要作废的文号或期号，如 泉港托育联办〔2027〕1号 或 纪要第1期")
    with data_lock(ds.root):
        _, registers, found = _entries(ds)
        texts = [text for _, _, text, _ in found]
        match = [f for f in found if f[2] == wanted or (f[0] == "minutes" and f[2] == "纪要" + wanted)]
        if not match:
            raise NotFound(f"登记簿中没有“{wanted}”", suggestions=texts[-6:],
                           hint="文号、期号按登记簿的写法照抄；列出登记簿：lianxi numbers")
        if len(match) > 1:
            from ..errors import Ambiguous

            raise Ambiguous(f"“{wanted}”对应多个登记", candidates=[f"{t}（{e.meeting}）" for _, _, t, e in match])
        what, i, text, entry = match[0]
        if entry.void and entry.reason == reason.strip():
            from ..errors import NothingToDo

            raise NothingToDo(f"{text} 已于 {entry.voided.isoformat() if entry.voided else '此前'} 作废"
                              f"（{entry.reason}），无需变动。")
        if entry.void:
            raise DataError(f"{text} 已于 {entry.voided.isoformat() if entry.voided else '此前'} 作废"
                            + (f"（{entry.reason}）" if entry.reason else "") + "，未做任何修改")
        voided = entry.model_copy(update={"void": True, "voided": day, "reason": reason.strip()})
        (registers.notices if what == "notice" else registers.minutes)[i] = voided
        write_registers(ds.root, registers)
        meeting_id = entry.meeting
        path = ds.root / MEETINGS_DIR / f"{meeting_id}.yaml" if meeting_id else None
        if path is not None and path.is_file():
            collector = Collector()
            record = load_meeting_file(path, collector, ds.root)
            if record is None:
                raise DataErrors(collector.errors)
            m = record.meeting
            if what == "notice" and m.notice is not None and (m.notice.year, m.notice.number) == (
                    entry.year, entry.number):
                write_meeting(ds.root, path, m.model_copy(update={"notice": None}), overwrite=True)
            elif what == "minutes" and m.minutes is not None and m.minutes.number == entry.number:
                minutes = m.minutes.model_copy(update={"number": None, "date": None, "status": "agreed"})
                write_meeting(ds.root, path, m.model_copy(update={"minutes": minutes}), overwrite=True)
    return Voided(text, meeting_id)
