"""``lianxi minutes render|new|agree``: the 纪要 — drafted, agreed by the attending units, issued."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._app import App
from ._options import DataOpt
from .notice import FinalOpt, ForceOpt, FormatOpt, OutOpt, TemplateOpt

MeetingArg = Annotated[str, typer.Argument(metavar="会议", help="会议：文件路径、编号（如 2027-03-16-liaison）或日期")]


def _latest_with_minutes(root):
    from ..errors import NotFound
    from ..meetings import load_meetings

    records = [r for r in load_meetings(root) if r.meeting.minutes is not None]
    if not records:
        raise NotFound("还没有会议纪要", hint="先登记会议（lianxi meeting new），再生成纪要草稿：lianxi minutes new 会议")
    return max(records, key=lambda r: (r.meeting.date is not None, r.meeting.date, r.id))


def scaffold_minutes(ds, meeting):
    """Minutes to fill in, from the meeting's replies and the roster of the meeting date."""
    from ..meetings import Absent, Attendance, Minutes, Present
    from ..render import pending
    from ..rules import attending_units

    day = meeting.date
    replies = {r.unit: r for r in meeting.replies}
    present, absent = [], []
    role = "联络员" if meeting.kind == "liaison" else "成员"
    if meeting.kind in ("plenary", "adhoc") and day is not None:
        for seat in ds.members.seats:
            if seat.role in ("总召集人", "召集人", "副召集人") and seat.unit:
                holder = seat.holder_on(day)
                if holder is not None:
                    present.append(Present(unit=seat.unit, name=holder.name))
    for unit_id in attending_units(ds, meeting):
        seat = ds.seat_of(unit_id, role)
        holder = seat.holder_on(day) if (seat is not None and day is not None) else None
        reply = replies.get(unit_id)
        default = holder.name if holder else "unknown"
        if reply is None or reply.status == "attend":
            present.append(Present(unit=unit_id, name=(reply.name if reply and reply.name else default)))
        elif reply.status == "substitute":
            present.append(Present(unit=unit_id, name=reply.name or "unknown", substitute=True))
        else:
            absent.append(Absent(unit=unit_id, name=reply.name or default, reason=reply.reason))
    return Minutes(status="draft", summary=pending("会议听取和研究的事项"),
                   attendance=Attendance(present=present, absent=absent))


def register(app) -> None:
    minutes_app = App(name="minutes", help="会议纪要：render 生成、new 起草、agree 记录与会单位同意。",
                      no_args_is_help=True)

    @minutes_app.command("render")
    def minutes_render(
        meeting_ref: Annotated[Optional[str], typer.Argument(
            metavar="[会议]", help="会议：文件路径、编号或日期；默认为最近一次有纪要的会议")] = None,
        final: FinalOpt = False, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
        template: TemplateOpt = None, data: DataOpt = None,
    ) -> None:
        """生成会议纪要；尚有与会单位未同意时为征求意见稿，--final 会拒绝并列出这些单位。"""
        from pathlib import Path

        from ..dataset import Dataset, today
        from ..errors import DataError
        from ..meetings import DOCUMENTS_FILE, DocumentSettings, find_meeting, load_optional
        from ..render import check_output, minutes_context, placeholders, render
        from ..rules import check_meeting
        from .meetings import raise_findings
        from .notice import finish, report_placeholders, take_number

        ds = Dataset.open(data)
        check_output(fmt, out, force, ds.root)
        day = today()
        settings, _ = load_optional(ds.root, DOCUMENTS_FILE, DocumentSettings)
        record = find_meeting(ds.root, meeting_ref) if meeting_ref else _latest_with_minutes(ds.root)
        meeting = record.meeting
        if meeting.minutes is None:
            raise DataError(f"会议 {record.id} 还没有纪要：先运行 lianxi minutes new {record.id}")
        raise_findings(check_meeting(ds, meeting, day), record)
        template_path = Path(template) if template else None
        context = minutes_context(ds, settings, meeting, today=day)
        annotated = render("minutes", context, ds.root, template_path)
        if final:
            if context["waiting"]:
                raise DataError(f"纪要须经与会单位同意后印发，以下 {len(context['waiting'])} 个单位尚未同意："
                                + "、".join(context["waiting"]),
                                hint=f"单位同意后记录：lianxi minutes agree {record.id} 单位名称")
            report_placeholders(placeholders(annotated), final=True)
            if meeting.example:
                raise DataError("示例会议不能正式印发")
            meeting = take_number(ds.root, record, "minutes", day)
            annotated = render("minutes", minutes_context(ds, settings, meeting, today=day), ds.root,
                               template_path)
            from ..rules import minutes_number_text

            number = minutes_number_text(settings, meeting.minutes.number, meeting.minutes.date)
            typer.echo(f"期号：{number}（已登记）", err=True)
        else:
            if context["waiting"]:
                typer.echo(f"征求意见稿：尚有 {len(context['waiting'])} 个与会单位未同意——"
                           + "、".join(context["waiting"]), err=True)
            report_placeholders(placeholders(annotated), final=False)
        finish(annotated, fmt, out, ds.root, force, "纪要")

    @minutes_app.command("new")
    def minutes_new(meeting_ref: MeetingArg, data: DataOpt = None) -> None:
        """按会议记录和回执起草纪要（写入会议文件的 minutes 部分，待补充议定事项）。"""
        from ..dataset import Dataset
        from ..errors import Collector, DataError, DataErrors
        from ..meetings import find_meeting, load_meeting_file, write_meeting
        from ..store import data_lock, display_path

        ds = Dataset.open(data)
        record = find_meeting(ds.root, meeting_ref)
        with data_lock(ds.root):
            collector = Collector()
            fresh = load_meeting_file(record.path, collector, ds.root)
            if fresh is None:
                raise DataErrors(collector.errors)
            if fresh.meeting.minutes is not None:
                raise DataError(f"会议 {record.id} 已有纪要（不会覆盖）：请直接编辑 {display_path(record.path)}")
            meeting = fresh.meeting.model_copy(update={"minutes": scaffold_minutes(ds, fresh.meeting)})
            write_meeting(ds.root, record.path, meeting, overwrite=True)
        typer.echo(f"已起草纪要：{display_path(record.path)}（minutes 部分）")
        typer.echo("请补充 summary（会议听取和研究的事项）和 matters（议定事项：title、text、lead、cooperating、"
                   "deadline），核对出席、请假名单；然后 lianxi minutes render " + record.id, err=True)

    @minutes_app.command("agree")
    def minutes_agree(
        meeting_ref: MeetingArg,
        units: Annotated[list[str], typer.Argument(metavar="单位...", help="同意纪要的与会单位，如 公安 区卫健局")],
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="同意日期；默认今天")] = None,
        data: DataOpt = None,
    ) -> None:
        """记录与会单位同意纪要；全部同意后纪要即可正式印发。"""
        from ..dataset import Dataset, today
        from ..errors import Collector, DataError, DataErrors
        from ..meetings import Agreement, find_meeting, load_meeting_file, write_meeting
        from ..query import unit_matcher
        from ..rules import attending_units
        from ..store import data_lock, display_path
        from ._options import parse_date

        ds = Dataset.open(data)
        day = parse_date(date, "--date") or today()
        record = find_meeting(ds.root, meeting_ref)
        matcher = unit_matcher(ds)
        unit_ids = list(dict.fromkeys(matcher.find(u) for u in units))
        with data_lock(ds.root):
            collector = Collector()
            fresh = load_meeting_file(record.path, collector, ds.root)
            if fresh is None:
                raise DataErrors(collector.errors)
            meeting = fresh.meeting
            minutes = meeting.minutes
            if minutes is None:
                raise DataError(f"会议 {record.id} 还没有纪要：先运行 lianxi minutes new {record.id}")
            if minutes.status == "issued":
                raise DataError(f"会议 {record.id} 的纪要已印发，不能再修改")
            attending = attending_units(ds, meeting)
            outside = [ds.unit_name(u) for u in unit_ids if u not in attending]
            if outside:
                raise DataError("以下单位不是该会议的与会单位，无需同意纪要：" + "、".join(outside))
            if meeting.date is not None and day < meeting.date:
                raise DataError(f"同意日期 {day.isoformat()} 早于会议日期 {meeting.date.isoformat()}")
            done = {a.unit for a in minutes.agreed_by}
            already = [u for u in unit_ids if u in done]
            added = [Agreement(unit=u, date=day) for u in unit_ids if u not in done]
            agreed_by = list(minutes.agreed_by) + added
            waiting = [u for u in attending if u not in {a.unit for a in agreed_by}]
            status = "agreed" if not waiting else minutes.status
            if added:
                minutes = minutes.model_copy(update={"agreed_by": agreed_by, "status": status})
                write_meeting(ds.root, record.path, meeting.model_copy(update={"minutes": minutes}),
                              overwrite=True)
        if added:
            typer.echo("已记录同意：" + "、".join(ds.unit_name(a.unit) for a in added)
                       + f"（{display_path(record.path)}）")
        if already:
            typer.echo("此前已同意：" + "、".join(ds.unit_name(u) for u in already), err=True)
        if waiting:
            typer.echo(f"尚待同意（{len(waiting)} 个）：" + "、".join(ds.unit_name(u) for u in waiting))
        else:
            typer.echo(f"全部与会单位已同意，可以印发：lianxi minutes render {record.id} --final")

    app.add_typer(minutes_app, name="minutes")
