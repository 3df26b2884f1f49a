"""``lianxi notice``: the meeting notice (通知), drafted from the data, the work rules enforced."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import _complete
from ._options import CcOpt, DataOpt, DryRunOpt, FinalOpt, ForceOpt, FormatOpt, OutputOpt
from ._output import planning
from .meetings import (AdhocOpt, AgendaOpt, ApprovedByOpt, ApprovedOnOpt, AttendOpt, DateOpt, InviteOpt,
                       PlaceOpt, PresiderOpt, SubjectOpt, TimeOpt, TypeOpt)

TemplateOpt = Annotated[Optional[str], typer.Option(
    "--template", metavar="模板文件", help="改用指定的 Jinja 模板（默认：数据目录 templates/，再内置模板）")]


def show(document, what: str) -> None:
    """What stderr says about a document: rule warnings, a draft's placeholders, the number taken."""
    for line in document.warnings:
        typer.echo(line, err=True)
    if document.waiting:
        typer.echo(f"征求意见稿：尚有 {len(document.waiting)} 个与会单位未同意——" + "、".join(document.waiting),
                   err=True)
    if document.placeholders:
        typer.echo(f"草稿：以下 {len(document.placeholders)} 项待定，已在文中标为〔待定：…〕——"
                   + "、".join(document.placeholders), err=True)
    kind = "期号" if what == "纪要" else "文号"
    if document.number:
        typer.echo(f"{kind}：{document.number}（已登记）", err=True)
    if document.preview:
        typer.echo(f"预览：未取{kind}，登记簿未修改（现在印发将取 {document.preview}）；"
                   f"正式印发请写入文件：加 -o 文件名（如 -o {what}.docx）", err=True)


def followup(kind: str, item_id: str, *, final: bool, cc, fmt, out: Optional[str], force: bool,
             dry_run: bool, data, what: str, name: str) -> None:
    """``alert notice`` / ``group notice``: the document of alert or group ``item_id``, shown and written."""
    from ..dataset import Dataset
    from ..dates import today
    from ..render import check_output
    from ..services import issuing

    ds = Dataset.open(data)
    check_output(fmt, out, force, ds.root)  # a bad -o is refused before a number is taken
    with planning(dry_run):  # --final --dry-run: the number it would take, nothing registered
        document = issuing.followup_notice(ds, kind, item_id, final=final, cc=tuple(cc or ()), today=today(),
                                           preview=out is None)
        show(document, what)
        if not dry_run:
            finish(document.annotated, fmt, out, ds.root, force, name)


def finish(annotated: str, fmt, out: Optional[str], root, force: bool, what: str) -> None:
    from ..store import display_path
    from ._output import emit_document

    path = emit_document(annotated, fmt, out, root, force)
    if path is not None:
        typer.echo(f"已写入{what}：{display_path(path)}", err=True)


def register(app) -> None:
    @app.command("notice")
    def notice(
        meeting_ref: Annotated[Optional[str], typer.Argument(
            metavar="[会议]", autocompletion=_complete.meetings, help="已登记的会议：文件路径、编号（如 2027-03-16-liaison）或日期")] = None,
        kind: TypeOpt = None, date: DateOpt = None, time: TimeOpt = None, place: PlaceOpt = None,
        agenda: AgendaOpt = None, presider: PresiderOpt = None, subject: SubjectOpt = None,
        invite: InviteOpt = None, units: AttendOpt = None, adhoc: AdhocOpt = False,
        approved_by: ApprovedByOpt = None, approved_on: ApprovedOnOpt = None,
        final: FinalOpt = False, cc: CcOpt = None, fmt: FormatOpt = None, out: OutputOpt = None, force: ForceOpt = False,
        template: TemplateOpt = None, dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """会议通知：起草或正式印发。

        按数据起草“关于召开……的通知”，含参会回执；缺少的事项以〔待定：…〕标出。
        --final 写入文件（-o）时正式印发并取文号；只输出到屏幕时为预览，不取号。

        示例：lianxi notice 2027-03-16-liaison --final -o 通知.docx
        """
        from pathlib import Path

        from ..dataset import Dataset
        from ..dates import today
        from ..errors import UsageProblem
        from ..render import check_output
        from ..services import issuing
        from .meetings import particulars

        given = [date, time, place, agenda, presider, subject, invite, units, approved_by, approved_on]
        if meeting_ref is not None and (kind is not None or any(p for p in given) or adhoc):
            raise UsageProblem("已指定会议时，会议信息以会议记录为准，不要再加 --type、--date 等选项；"
                               f"修改请用 lianxi meeting edit {meeting_ref} --time 09:30 --place 地点 …")
        ds = Dataset.open(data)
        check_output(fmt, out, force, ds.root)  # a bad -o is refused before a number is taken
        drafted = None if kind is None else particulars(kind, date, time, place, agenda, presider, subject,
                                                          invite, units, adhoc, approved_by, approved_on)
        with planning(dry_run):  # --final --dry-run: the number it would take, nothing registered
            document = issuing.notice(ds, meeting_ref=meeting_ref, particulars=drafted, final=final,
                                      template=Path(template) if template else None, today=today(),
                                      cc=tuple(cc or ()), preview=out is None)
            show(document, "通知")
            if not dry_run:
                finish(document.annotated, fmt, out, ds.root, force, "通知")
