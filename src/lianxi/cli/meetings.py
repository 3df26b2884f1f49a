"""``lianxi meeting new`` (record a meeting to fill in) and ``lianxi meetings`` (list them)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import _complete
from ._app import App
from ._options import CalendarFormatOpt, DataOpt, DryRunOpt, ForceOpt, JsonOpt, OutputOpt
from ._output import emit, emit_json, esc, export_choice, planning, table

TypeOpt = Annotated[Optional[str], typer.Option(
    "--type", "-t", metavar="种类", autocompletion=_complete.choices("plenary", "adhoc", "liaison", "topic"),
    help="会议种类：plenary（全体会议/例会）、adhoc（临时会议）、liaison（联络员会议）、topic（专题会议）")]
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="日期", help="会议日期，如 2027-03-16")]
TimeOpt = Annotated[Optional[str], typer.Option("--time", metavar="时间", help="开始时间，如 09:00")]
PlaceOpt = Annotated[Optional[str], typer.Option("--place", metavar="地点", help="会议地点")]
AgendaOpt = Annotated[Optional[list[str]], typer.Option(
    "--agenda", metavar="议程", help="一项议程；可重复使用，按顺序排列")]
PresiderOpt = Annotated[Optional[str], typer.Option(
    "--presider", metavar="主持人", autocompletion=_complete.seats, help="主持人：在任者姓名或席位编号（如 convener）")]
SubjectOpt = Annotated[Optional[str], typer.Option("--subject", metavar="专题", help="专题会议的专题，如 托育机构安全管理")]
InviteOpt = Annotated[Optional[list[str]], typer.Option(
    "--invite", metavar="单位或专家", help="列席的其他部门或专家；可重复使用")]
AttendOpt = Annotated[Optional[list[str]], typer.Option(
    "--unit", "-u", metavar="单位", autocompletion=_complete.units, help="参会单位（默认全部成员单位）；可重复使用，或用逗号分隔")]
AdhocOpt = Annotated[bool, typer.Option("--adhoc", help="临时联络员会议（须经召集人同意，用 --approved-by/--approved-on 记录）")]
ApprovedByOpt = Annotated[Optional[str], typer.Option("--approved-by", metavar="同意人", autocompletion=_complete.seats, help="同意召开的召集人姓名或席位编号")]
ApprovedOnOpt = Annotated[Optional[str], typer.Option("--approved-on", metavar="日期", help="召集人同意的日期")]


def particulars(kind, date, time, place, agenda, presider, subject, invite, units, adhoc, approved_by,
                approved_on):
    """The meeting options as one :class:`lianxi.services.meetings.Particulars`."""
    from ..services.meetings import Particulars

    from ._units import split_names

    return Particulars(kind=kind, date=date, time=time, place=place, agenda=agenda or (), presider=presider,
                       subject=subject, invite=invite or (), units=split_names(units), adhoc=adhoc,
                       approved_by=approved_by, approved_on=approved_on)


def warn(lines) -> None:
    for line in lines:
        typer.echo(line, err=True)


def register(app) -> None:
    meeting_app = App(name="meeting", help="登记会议：种类、日期、时间、地点、议程、参会单位。\n\n示例：lianxi meeting new --type liaison --date 2027-03-16",
                      no_args_is_help=True)

    @meeting_app.command("new")
    def meeting_new(
        kind: TypeOpt = None, date: DateOpt = None, time: TimeOpt = None, place: PlaceOpt = None,
        agenda: AgendaOpt = None, presider: PresiderOpt = None, subject: SubjectOpt = None,
        invite: InviteOpt = None, units: AttendOpt = None, adhoc: AdhocOpt = False,
        approved_by: ApprovedByOpt = None, approved_on: ApprovedOnOpt = None, dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """登记一次会议：写入 meetings/日期-种类.yaml 供补充（不会覆盖已有文件）。

        示例：lianxi meeting new --type liaison --date 2027-03-16 --time 09:00 --place 区卫健局三楼会议室
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..errors import UsageProblem
        from ..services.meetings import register_meeting
        from ..store import display_path

        if kind is None:
            raise UsageProblem("请用 --type 指定会议种类：plenary、adhoc、liaison 或 topic")
        given = particulars(kind, date, time, place, agenda, presider, subject, invite, units, adhoc,
                            approved_by, approved_on)
        with planning(dry_run):
            done = register_meeting(Dataset.open(data), given, today=today())
            warn(done.warnings)
        if dry_run:
            return
        typer.echo(f"已登记会议：{display_path(done.path)}")
        if done.missing:
            typer.echo("待补充：" + "、".join(done.missing) + "（可直接编辑该文件）", err=True)

    app.add_typer(meeting_app, name="meeting")

    @app.command("meetings")
    def meetings(data: DataOpt = None, json_out: JsonOpt = False, out: OutputOpt = None,
                 fmt: CalendarFormatOpt = None, force: ForceOpt = False) -> None:
        """列出已登记的会议：日期、种类、地点、通知文号、纪要状态。

        示例：lianxi meetings；lianxi meetings -o 会议.ics（日历文件，导入 Outlook 或手机日历）
        """
        from ..dataset import Dataset
        from ..meetings import MINUTES_STATUS_NAMES
        from ..services.meetings import meeting_list

        export = export_choice(fmt, out, json_out, ("ics",))
        ds = Dataset.open(data)
        items = meeting_list(ds)
        if export:
            from ..export import check_export_target, ics_bytes, write_export
            from ..store import display_path
            from ..tables import meeting_events

            check_export_target(out, export, ds.root, force)
            events, undated = meeting_events(ds, items)
            calendar = ics_bytes(ds.charter.name, events)
            path = write_export(calendar, out, export, ds.root, force)
            if path is None:
                from ._output import emit_bytes

                emit_bytes(calendar)
            else:
                typer.echo(f"已写入 {display_path(path)}（{len(events)} 个会议"
                           + (f"；{undated} 个日期未定，未写入" if undated else "") + "）", err=True)
            return
        if json_out:
            emit_json({"meetings": items})
            return
        if not items:
            emit("还没有登记会议。登记：lianxi meeting new --type liaison --date 2027-03-16")
            return
        rows = []
        for item in items:
            minutes = MINUTES_STATUS_NAMES[item["minutes"]] if item["minutes"] else "无"
            if item["minutes_number"]:
                minutes += f"（{item['minutes_number']}）"
            rows.append([esc(item["id"]), item["date"] or "待定",
                         esc(item["kind_name"] + ("（示例）" if item["example"] else "")),
                         esc(item["place"] or "待定"), esc(item["notice"] or "未印发"), esc(minutes)])
        emit(table(["编号", "日期", "会议", "地点", "通知文号", "纪要"], rows))
