"""``lianxi notice``: the meeting notice (通知), drafted from the data, the work rules enforced."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._options import DataOpt
from .meetings import (AdhocOpt, AgendaOpt, ApprovedByOpt, ApprovedOnOpt, AttendOpt, DateOpt, InviteOpt,
                       PlaceOpt, PresiderOpt, SubjectOpt, TimeOpt, TypeOpt)

FinalOpt = Annotated[bool, typer.Option(
    "--final", help="正式印发：任何待定事项都报错（退出码 1）；通过后从登记簿取文号并记录")]
FormatOpt = Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="输出格式：md、docx（Word）或 pdf（须装 LibreOffice）；不写时按 -o 文件的扩展名，默认 md")]
OutOpt = Annotated[Optional[str], typer.Option("-o", "--out", metavar="文件",
                                               help="写入文件（- 或不写：输出到屏幕）")]
ForceOpt = Annotated[bool, typer.Option("--force", help="允许覆盖已存在的输出文件")]
TemplateOpt = Annotated[Optional[str], typer.Option(
    "--template", metavar="模板文件", help="改用指定的 Jinja 模板（默认：数据目录 templates/，再内置模板）")]


def report_placeholders(found: list[str], final: bool) -> None:
    """Drafts list their placeholders on stderr; a final document refuses them."""
    from ..errors import DataError

    if not found:
        return
    listing = "、".join(found)
    if final:
        raise DataError(f"不能正式印发：以下 {len(found)} 项待定——{listing}",
                        hint="请补全会议记录或 documents.yaml 后重试；不加 --final 可先生成草稿。")
    typer.echo(f"草稿：以下 {len(found)} 项待定，已在文中标为〔待定：…〕——{listing}", err=True)


def interrupted_issue(entries, meeting_id: str):
    """The number an interrupted issue registered but never recorded in the meeting file.

    Issuing writes the register first, then the meeting file. A process killed (or a disk
    that filled up) between the two leaves a register entry for this meeting while the
    meeting carries no number; issuing again — on any later day, in any later year —
    resumes with that entry instead of registering a second number for the same
    document. A void entry is never resumed. (Call only for a meeting that carries no
    number of this kind: a meeting has one notice and one set of minutes.)
    """
    for entry in reversed(entries):
        if entry.meeting == meeting_id and not entry.void:
            return entry
    return None


def take_number(root, record, what: str, today):
    """Issue: take the next number from the register and record it, under the data lock.

    ``what`` is ``notice`` or ``minutes``. A meeting that already carries its number keeps
    it (re-rendering the same document); a new number is registered before the meeting
    file is updated, so even a failure in between never lets a number be given twice, and
    issuing again after such a failure resumes with the reserved number
    (:func:`interrupted_issue`).
    Returns the updated meeting.
    """
    from ..meetings import (REGISTERS_FILE, NoticeRecord, RegisterEntry, Registers, load_meeting_file,
                            load_optional, write_meeting, write_registers)
    from ..errors import Collector, DataError, DataErrors
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


def finish(annotated: str, fmt: str, out: Optional[str], root, force: bool, what: str) -> None:
    from ..render import write_output
    from ..store import display_path

    path = write_output(annotated, fmt, out, root, force=force)
    if path is not None:
        typer.echo(f"已写入{what}：{display_path(path)}", err=True)


def register(app) -> None:
    @app.command("notice")
    def notice(
        meeting_ref: Annotated[Optional[str], typer.Argument(
            metavar="[会议]", help="已登记的会议：文件路径、编号（如 2027-03-16-liaison）或日期")] = None,
        kind: TypeOpt = None, date: DateOpt = None, time: TimeOpt = None, place: PlaceOpt = None,
        agenda: AgendaOpt = None, presider: PresiderOpt = None, subject: SubjectOpt = None,
        invite: InviteOpt = None, units: AttendOpt = None, adhoc: AdhocOpt = False,
        approved_by: ApprovedByOpt = None, approved_on: ApprovedOnOpt = None,
        final: FinalOpt = False, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
        template: TemplateOpt = None, data: DataOpt = None,
    ) -> None:
        """会议通知：按数据起草“关于召开……的通知”，含参会回执；缺少的事项以〔待定：…〕标出。"""
        from pathlib import Path

        from ..dataset import Dataset, today
        from ..errors import DataError, UsageProblem
        from ..meetings import DOCUMENTS_FILE, DocumentSettings, find_meeting, load_meetings, load_optional
        from ..render import check_output, notice_context, placeholders, render
        from ..rules import check_meeting, notice_number_text
        from .meetings import build_meeting, next_sequence, raise_findings

        particulars = [date, time, place, agenda, presider, subject, invite, units, approved_by, approved_on]
        if meeting_ref is not None and (kind is not None or any(p for p in particulars) or adhoc):
            raise UsageProblem("已指定会议时，会议信息以会议文件为准；请直接修改文件，不要再加 --type、--date 等选项")
        if meeting_ref is None and kind is None:
            raise UsageProblem("请指定会议（文件、编号或日期），或用 --type 指定会议种类起草通知，"
                               "如 lianxi notice --type liaison")
        ds = Dataset.open(data)
        check_output(fmt, out, force, ds.root)
        day = today()
        settings, _ = load_optional(ds.root, DOCUMENTS_FILE, DocumentSettings)
        record = None
        if meeting_ref is not None:
            record = find_meeting(ds.root, meeting_ref)
            meeting = record.meeting
        else:
            meeting = build_meeting(ds, kind=kind, date=date, time=time, place=place, agenda=agenda,
                                    presider=presider, subject=subject, invite=invite, units=units, adhoc=adhoc,
                                    approved_by=approved_by, approved_on=approved_on)
            if meeting.date is not None:
                meeting = meeting.model_copy(update={
                    "sequence": next_sequence(load_meetings(ds.root), meeting.kind, meeting.date)})
        raise_findings(check_meeting(ds, meeting, day, notice=True), record)
        template_path = Path(template) if template else None
        number = (notice_number_text(settings, meeting.notice.year, meeting.notice.number)
                  if meeting.notice else None)
        annotated = render("notice", notice_context(ds, settings, meeting, today=day, number=number),
                           ds.root, template_path)
        report_placeholders(placeholders(annotated), final)
        if final:
            if record is None:
                raise DataError("正式印发的通知须对应已登记的会议（文号要登记到会议）："
                                "先用 lianxi meeting new 登记，再运行 lianxi notice 会议 --final")
            if meeting.example:
                raise DataError("示例会议不能正式印发")
            meeting = take_number(ds.root, record, "notice", day)
            number = notice_number_text(settings, meeting.notice.year, meeting.notice.number)
            annotated = render("notice", notice_context(ds, settings, meeting, today=day, number=number),
                               ds.root, template_path)
            typer.echo(f"文号：{number}（已登记）", err=True)
        finish(annotated, fmt, out, ds.root, force, "通知")
