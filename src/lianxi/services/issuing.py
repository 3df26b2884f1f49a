"""Notices (通知) and minutes (纪要): drafted from the data, issued with a registered number.

Issuing takes a number from ``registers.yaml`` under the data lock and records it in the
meeting file. The register is written first, so a failure in between never lets one
number be given twice; issuing again — on any later day — resumes with the reserved
number (:func:`interrupted_issue`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import DataError, DataErrors, UsageProblem


@dataclass
class Document:
    """A drafted or issued document, and what the user should be told about it."""

    annotated: str  # the annotated Markdown every output format is made from
    placeholders: list[str] = field(default_factory=list)  # 〔待定：…〕 still in the text
    warnings: list[str] = field(default_factory=list)  # rule warnings about the meeting
    number: Optional[str] = None  # the number taken when issued (文号 / 期号)
    waiting: list[str] = field(default_factory=list)  # attending units yet to agree (minutes)
    preview: Optional[str] = None  # --final shown on screen: the number issuing would take (not taken)


def interrupted_issue(entries, meeting_id: str):
    """The number an interrupted issue registered but never recorded in the meeting file.

    A process killed (or a disk that filled up) between writing the register and the
    meeting file leaves a register entry for this meeting while the meeting carries no
    number; issuing again — on any later day, in any later year — resumes with that entry.
    A void entry is never resumed. (Call only for a meeting that carries no number of
    this kind: a meeting has one notice and one set of minutes.)
    """
    for entry in reversed(entries):
        if entry.meeting == meeting_id and not entry.void:
            return entry
    return None


def take_number(root: Path, record, what: str, today: dt.date):
    """Issue: take the next number from the register and record it, under the data lock.

    ``what`` is ``notice`` or ``minutes``. A meeting that already carries its number keeps
    it (re-rendering the same document). Returns the updated meeting.
    """
    from ..meetings import (REGISTERS_FILE, NoticeRecord, RegisterEntry, Registers, load_meeting_file,
                            write_meeting, write_registers)
    from ..store import load_optional
    from ..errors import Collector
    from ..rules import next_minutes_number, next_notice_number
    from ..store import data_lock

    with data_lock(root):
        collector = Collector()
        fresh = load_meeting_file(record.path, collector, root)  # re-read under the lock
        if fresh is None:
            raise DataErrors(collector.errors)
        meeting = fresh.meeting
        registers, _ = load_optional(root, REGISTERS_FILE, Registers)
        registered = False  # whether this run wrote the register (or resumes an entry in it)
        if what == "notice":
            if meeting.notice is not None:
                return meeting
            reserved = interrupted_issue(registers.notices, record.id)
            registered = True
            if reserved is not None:
                n, year = reserved.number, reserved.year
            else:
                n, year = next_notice_number(registers, today.year), today.year
                registers.notices.append(RegisterEntry(number=n, year=year, meeting=record.id, date=today,
                                                       title="会议通知"))
                write_registers(root, registers)
            meeting = meeting.model_copy(update={"notice": NoticeRecord(number=n, year=year, date=today)})
        else:
            minutes = meeting.minutes
            if minutes.number is not None and minutes.status == "issued":
                return meeting
            n = minutes.number
            reserved = interrupted_issue(registers.minutes, record.id) if n is None else None
            registered = n is None
            if reserved is not None:
                n = reserved.number
            elif n is None:
                n = next_minutes_number(registers)
                registers.minutes.append(RegisterEntry(number=n, meeting=record.id, date=today, title="会议纪要"))
                write_registers(root, registers)
            minutes = minutes.model_copy(update={"number": n, "status": "issued", "date": minutes.date or today})
            meeting = meeting.model_copy(update={"minutes": minutes})
        try:
            write_meeting(root, record.path, meeting, overwrite=True)
        except DataError as exc:  # e.g. a full disk: say what did change
            if type(exc) is not DataError or exc.hint is not None or not registered:
                raise
            kind = "文号" if what == "notice" else "期号"
            raise DataError(exc.message.replace("未做任何修改", "会议文件未修改"), file=exc.file, line=exc.line,
                            hint=f"{kind}已在登记簿 registers.yaml 中预留给本次会议；问题解决后重新运行本命令，"
                                 f"将继续使用该{kind}。") from None
        return meeting


# The option that fills each placeholder of a notice or minutes (render.py's pending labels):
# (command, option) — command "meeting" is ``lianxi meeting edit``, "minutes" ``lianxi minutes …``.
_FILLED_BY = {
    "会议时间": ("meeting edit", "--date 日期"), "会议开始时间": ("meeting edit", "--time 时间"),
    "会议地点": ("meeting edit", "--place 地点"), "会议专题": ("meeting edit", "--subject 专题"),
    "会议目的": ("meeting edit", "--purpose 目的"),
    "主持人": ("meeting edit", "--presider 主持人"), "联系人": ("meeting edit", "--contact 姓名"),
    "联系电话": ("meeting edit", "--contact-phone 电话"), "会议议程": ("meeting agenda add", "议程"),
    "会议听取和研究的事项": ("minutes edit", "--summary 概况"),
    "议定事项": ("minutes matter add", "--title 标题 --text 内容"),
    "议定事项内容": ("minutes matter add", "--title 标题 --text 内容"),
    "牵头单位": ("minutes matter edit", "序号 --lead 单位"), "完成时限": ("minutes matter edit", "序号 --deadline 日期"),
}


def _refuse_placeholders(found: list[str], meeting_id: str | None = None) -> None:
    """Refuse a --final document with placeholders, naming the command that fills each one."""
    if not found:
        return
    fixes = []
    for label in found:
        if label not in _FILLED_BY:
            continue
        command, option = _FILLED_BY[label]
        if meeting_id is None:  # lianxi notice --type …: the same options on its own command line
            fix = f"lianxi notice … {option}" if command == "meeting edit" else None
        else:
            fix = f"lianxi {command} {meeting_id} {option}"
        if fix and fix not in fixes:
            fixes.append(fix)
    hint = ("请补全后重试：" + "；".join(fixes) + "。" if fixes else "请补全后重试。") + "不加 --final 可先生成草稿。"
    raise DataError(f"不能正式印发：以下 {len(found)} 项待定——{'、'.join(found)}", hint=hint)


def _refuse_without_number_format(ds, settings, kind: str) -> None:
    """Refuse (before a number is taken) to issue another joint meeting's document under the
    bundled meeting's default 文号 format."""
    from ..meetings import NUMBER_FORMAT_HINT, missing_number_format

    reason = missing_number_format(settings, ds.charter, kind)
    if reason is not None:
        raise DataError(f"不能正式印发：documents.yaml {reason}", hint=NUMBER_FORMAT_HINT + "；不加 --final 可先生成草稿。")


PREVIEW_NUMBER = "〔印发时编号〕"


def notice(ds, *, meeting_ref: Optional[str] = None, particulars=None, final: bool = False,
           template: Optional[Path] = None, today: dt.date, cc=(), preview: bool = False) -> Document:
    """The meeting notice of a registered meeting (``meeting_ref``), or drafted from ``particulars``.

    ``final`` refuses any placeholder, then takes the 文号 from the register; with ``preview``
    (``--final`` shown on the screen) every check runs but no number is taken.
    """
    from ..meetings import DOCUMENTS_FILE, DocumentSettings, find_meeting
    from ..store import load_optional, load_settings
    from ..render import notice_context, render
    from ..rules import check_meeting, notice_number_text
    from ..textcn import placeholders
    from .meetings import build_meeting, split_findings, with_sequence

    if meeting_ref is None and particulars is None:
        raise UsageProblem("请指定会议（文件、编号或日期），或用 --type 指定会议种类起草通知，"
                           "如 lianxi notice --type liaison")
    settings = load_settings(ds.root, DOCUMENTS_FILE, DocumentSettings)
    record = None
    if meeting_ref is not None:
        record = find_meeting(ds.root, meeting_ref)
        meeting = record.meeting
    else:
        meeting = with_sequence(ds, build_meeting(ds, particulars))
    warnings = split_findings(check_meeting(ds, meeting, today, notice=True), record)

    def draw(meeting) -> str:
        number = (notice_number_text(settings, meeting.notice.year, meeting.notice.number)
                  if meeting.notice else None)
        return render("notice", notice_context(ds, settings, meeting, today=today, number=number, cc=cc),
                      ds.root, template)

    annotated = draw(meeting)
    found = placeholders(annotated)
    if not final:
        return Document(annotated, found, warnings)
    _refuse_placeholders(found, record.id if record is not None else None)
    _refuse_without_number_format(ds, settings, "notice")
    if record is None:
        raise DataError("正式印发的通知须对应已登记的会议（文号要登记到会议）："
                        "先用 lianxi meeting new 登记，再运行 lianxi notice 会议 --final")
    if meeting.example:
        raise DataError("示例会议不能正式印发")
    if meeting.cancelled is not None:
        raise DataError(f"会议 {record.id} 已取消（{meeting.cancelled.reason}），不能印发通知")
    if preview and meeting.notice is None:
        from ..meetings import REGISTERS_FILE, Registers
        from ..rules import next_notice_number

        registers, _ = load_optional(ds.root, REGISTERS_FILE, Registers)
        would = notice_number_text(settings, today.year, next_notice_number(registers, today.year))
        text = render("notice", notice_context(ds, settings, meeting, today=today,
                                               number=notice_number_text(settings, today.year, PREVIEW_NUMBER)),
                      ds.root, template)
        return Document(text, [], warnings, preview=would)
    meeting = take_number(ds.root, record, "notice", today)
    number = notice_number_text(settings, meeting.notice.year, meeting.notice.number)
    return Document(draw(meeting), [], warnings, number=number)


def minutes(ds, *, meeting_ref: Optional[str] = None, final: bool = False, template: Optional[Path] = None,
            today: dt.date, preview: bool = False) -> Document:
    """The minutes of a meeting (default: the latest with minutes); a 征求意见稿 until all agreed.

    ``final`` refuses while an attending unit has not agreed or a placeholder remains, then
    takes the 期号 from the register.
    """
    from ..meetings import DOCUMENTS_FILE, DocumentSettings, find_meeting
    from ..store import load_optional, load_settings
    from ..render import minutes_context, render
    from ..rules import check_meeting, minutes_number_text
    from ..textcn import placeholders
    from .meetings import split_findings
    from .minutes import latest_with_minutes

    settings = load_settings(ds.root, DOCUMENTS_FILE, DocumentSettings)
    record = find_meeting(ds.root, meeting_ref) if meeting_ref else latest_with_minutes(ds.root)
    meeting = record.meeting
    if meeting.minutes is None:
        raise DataError(f"会议 {record.id} 还没有纪要：先运行 lianxi minutes new {record.id}")
    warnings = split_findings(check_meeting(ds, meeting, today), record)
    context = minutes_context(ds, settings, meeting, today=today)
    annotated = render("minutes", context, ds.root, template)
    waiting = list(context["waiting"])
    if not final:
        return Document(annotated, placeholders(annotated), warnings, waiting=waiting)
    if waiting:
        raise DataError(f"纪要须经与会单位同意后印发，以下 {len(waiting)} 个单位尚未同意：" + "、".join(waiting),
                        hint=f"单位同意后记录：lianxi minutes agree {record.id} 单位名称")
    _refuse_placeholders(placeholders(annotated), record.id)
    if meeting.example:
        raise DataError("示例会议不能正式印发")
    if preview and not (meeting.minutes.number is not None and meeting.minutes.status == "issued"):
        from ..meetings import REGISTERS_FILE, Registers
        from ..rules import next_minutes_number

        registers, _ = load_optional(ds.root, REGISTERS_FILE, Registers)
        n = meeting.minutes.number or next_minutes_number(registers)
        return Document(annotated, [], warnings, preview=minutes_number_text(settings, n, today))
    meeting = take_number(ds.root, record, "minutes", today)
    annotated = render("minutes", minutes_context(ds, settings, meeting, today=today), ds.root, template)
    number = minutes_number_text(settings, meeting.minutes.number, meeting.minutes.date)
    return Document(annotated, [], warnings, number=number)


# ---------------------------------------------------------------- 预警通报, 工作组成立通知

FOLLOWUP_TITLES = {"alert": "预警通报", "group": "联合工作组成立通知"}


def take_document_number(root: Path, kind: str, item_id: str, today: dt.date):
    """The 文号 of a 预警通报 (``kind`` alert) or 工作组成立通知 (group): the number already
    registered to it (issuing again gives the same number), else the next of the notices'
    sequence of the year, registered under the data lock. Returns the register entry."""
    from ..meetings import REGISTERS_FILE, RegisterEntry, Registers, write_registers
    from ..rules import next_notice_number
    from ..store import data_lock, load_optional

    key = f"{kind} {item_id}"
    with data_lock(root):
        registers, _ = load_optional(root, REGISTERS_FILE, Registers)
        for entry in registers.notices:
            if entry.document == key and not entry.void:
                return entry
        entry = RegisterEntry(number=next_notice_number(registers, today.year), year=today.year, date=today,
                              title=FOLLOWUP_TITLES[kind], document=key)
        registers.notices.append(entry)
        write_registers(root, registers)
        return entry


def followup_notice(ds, kind: str, item_id: str, *, final: bool = False, cc=(), today: dt.date,
                    preview: bool = False) -> Document:
    """The 预警通报 of alert ``item_id`` (``kind`` "alert", alerts.yaml) or the setup notice of
    joint working group ``item_id`` ("group", groups.yaml); ``final`` refuses a placeholder, then
    takes its 文号 from the register (formats: documents.yaml ``alert_number`` / ``group_number``,
    by default the notices' format). With ``preview`` (the final text shown on screen) a number
    not registered yet is shown as 〔印发时编号〕 and not taken."""
    from ..followup_docs import alert_context, document_settings, group_context, render_document
    from ..rules import notice_number_text
    from ..textcn import placeholders

    if kind == "alert":
        from ..alerts import find_alert, load_alerts

        _, item = find_alert(load_alerts(ds.root)[0], item_id)
    else:
        from ..groups import find_group, load_groups

        item = find_group(load_groups(ds.root)[0], item_id)
    context_of = alert_context if kind == "alert" else group_context
    annotated = render_document(kind, context_of(ds, item, cc=cc), ds.root)
    found = placeholders(annotated)
    if not final:
        return Document(annotated, found)
    if found:
        hint = (f"请用 lianxi alert edit {item.id} --measures 要求 写明工作要求等内容" if kind == "alert"
                else f"请用 lianxi group edit {item.id} 补全工作组（--lead、--unit、--purpose、--from、--to）")
        raise DataError(f"不能正式印发：以下 {len(found)} 项待定——{'、'.join(found)}", hint=hint + "；不加 --final 可先生成草稿。")
    settings = document_settings(ds)
    _refuse_without_number_format(ds, settings, kind)
    form = (settings.alert_number if kind == "alert" else settings.group_number) or settings.notice_number
    settings = settings.model_copy(update={"notice_number": form})
    if preview:
        from ..meetings import REGISTERS_FILE, Registers
        from ..rules import next_notice_number
        from ..store import load_optional

        registers, _ = load_optional(ds.root, REGISTERS_FILE, Registers)
        key = f"{kind} {item.id}"
        if not any(e.document == key and not e.void for e in registers.notices):
            would = notice_number_text(settings, today.year, next_notice_number(registers, today.year))
            shown = notice_number_text(settings, today.year, PREVIEW_NUMBER)
            annotated = render_document(kind, context_of(ds, item, number=shown, cc=cc), ds.root)
            return Document(annotated, [], preview=would)
    entry = take_document_number(ds.root, kind, item.id, today)
    number = notice_number_text(settings, entry.year, entry.number)
    annotated = render_document(kind, context_of(ds, item, number=number, cc=cc), ds.root)
    return Document(annotated, [], number=number)
