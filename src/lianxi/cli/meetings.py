"""``lianxi meeting new`` (record a meeting to fill in) and ``lianxi meetings`` (list them)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import _complete
from ._app import App
from ._options import CalendarFormatOpt, DataOpt, DryRunOpt, ForceOpt, JsonOpt, OutputOpt
from ._output import emit, emit_json, esc, export_choice, planning, table

TypeOpt = Annotated[Optional[str], typer.Option(
    "--type", "-t", metavar="种类",
    autocompletion=_complete.choices("例会", "全体会议", "联络员会议", "临时联络员会议", "临时会议", "专题会议",
                                     "plenary", "adhoc", "liaison", "topic"),
    help="会议种类：例会（全体会议）、联络员会议、临时联络员会议、临时会议、专题会议"
         "（也可写 plenary、liaison、adhoc、topic）")]
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
ApprovedByOpt = Annotated[Optional[str], typer.Option("--approved-by", metavar="同意人", autocompletion=_complete.seats,
                                                      help="同意召开的召集人姓名或席位编号")]
ApprovedOnOpt = Annotated[Optional[str], typer.Option("--approved-on", metavar="日期", help="召集人同意的日期；默认今天")]
PurposeOpt = Annotated[Optional[str], typer.Option(
    "--purpose", metavar="目的", help="会议目的，写入通知开头“为……”，如 研究部署托育机构消防安全工作")]
ContactOpt = Annotated[Optional[str], typer.Option("--contact", metavar="姓名", help="本次会议的联系人")]
ContactPhoneOpt = Annotated[Optional[str], typer.Option("--contact-phone", metavar="电话", help="联系人电话")]
MeetingArg = Annotated[str, typer.Argument(metavar="会议", autocompletion=_complete.meetings, help="会议：编号（如 2027-03-16-liaison）、日期或文件路径")]


def particulars(kind, date, time, place, agenda, presider, subject, invite, units, adhoc, approved_by,
                approved_on, purpose=None, contact=None, contact_phone=None):
    """The meeting options as one :class:`lianxi.services.meetings.Particulars`."""
    from ..services.meetings import Particulars

    from ._units import split_names

    return Particulars(kind=kind, date=date, time=time, place=place, agenda=agenda or (), presider=presider,
                       subject=subject, invite=invite or (), units=split_names(units), adhoc=adhoc,
                       approved_by=approved_by, approved_on=approved_on, purpose=purpose,
                       contact_name=contact, contact_phone=contact_phone)


def done_line(changed, what: str) -> None:
    """What a meeting writer says when it is done (nothing when nothing changed)."""
    from ..store import display_path

    warn(changed.warnings)
    if not changed.changed:
        typer.echo(f"没有变化：{display_path(changed.path)} 未修改。")
        return
    moved = changed.path != changed.record.path
    typer.echo(f"已{what}：{display_path(changed.path)}"
               + (f"（原文件 {display_path(changed.record.path)} 已改名）" if moved else ""))


def warn(lines) -> None:
    for line in lines:
        typer.echo(line, err=True)


def _agenda(data, dry_run: bool, meeting_ref: str, action: str, **given) -> None:
    from ..dataset import Dataset
    from ..dates import today
    from ..services.meeting_edit import change_agenda

    with planning(dry_run):
        done = change_agenda(Dataset.open(data), meeting_ref, action, today=today(), **given)
    if not dry_run:
        done_line(done, "修改议程")
        for i, item in enumerate(done.meeting.agenda, 1):
            typer.echo(f"  {i}. {item}")


def register(app) -> None:
    meeting_app = App(name="meeting", help="会议：登记、修改、取消、议程、列席、回执。\n\n"
                                           "示例：lianxi meeting new --type 联络员会议 --date 2027-03-16",
                      no_args_is_help=True)

    @meeting_app.command("new")
    def meeting_new(
        kind: TypeOpt = None, date: DateOpt = None, time: TimeOpt = None, place: PlaceOpt = None,
        agenda: AgendaOpt = None, presider: PresiderOpt = None, subject: SubjectOpt = None,
        invite: InviteOpt = None, units: AttendOpt = None, adhoc: AdhocOpt = False,
        approved_by: ApprovedByOpt = None, approved_on: ApprovedOnOpt = None, purpose: PurposeOpt = None,
        contact: ContactOpt = None, contact_phone: ContactPhoneOpt = None,
        again: Annotated[bool, typer.Option("--again", help="同一天已有同类会议时，仍再登记一次")] = False,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """登记一次会议。

        写入 meetings/日期-种类.yaml；同一天同类会议已登记时拒绝（修改请用 meeting edit）。

        示例：lianxi meeting new --type 联络员会议 --date 2027-03-16 --time 09:00 --place 区卫健局三楼会议室 --agenda 通报工作
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..errors import UsageProblem
        from ..meetings import KIND_CHOICES
        from ..services.meetings import register_meeting
        from ..store import display_path

        if kind is None:
            raise UsageProblem(f"请用 --type 指定会议种类：{KIND_CHOICES}")
        given = particulars(kind, date, time, place, agenda, presider, subject, invite, units, adhoc,
                            approved_by, approved_on, purpose, contact, contact_phone)
        with planning(dry_run):
            done = register_meeting(Dataset.open(data), given, today=today(), again=again)
            warn(done.warnings)
        if dry_run:
            return
        typer.echo(f"已登记会议：{display_path(done.path)}")
        if done.missing:
            ident = done.path.stem
            typer.echo("待补充：" + "、".join(done.missing) + f"（lianxi meeting edit {ident} --time 09:00 "
                       f"--place 地点；议程：lianxi meeting agenda add {ident} 议程）", err=True)

    @meeting_app.command("edit")
    def meeting_edit(
        meeting_ref: MeetingArg, date: DateOpt = None, time: TimeOpt = None, place: PlaceOpt = None,
        presider: PresiderOpt = None, purpose: PurposeOpt = None, subject: SubjectOpt = None,
        agenda: Annotated[Optional[list[str]], typer.Option(
            "--agenda", metavar="议程", help="重写全部议程（可重复使用）；逐项修改用 meeting agenda")] = None,
        units: Annotated[Optional[list[str]], typer.Option(
            "--unit", "-u", metavar="单位", autocompletion=_complete.units,
            help="参会单位（专题会议的主送单位）；可重复使用，或用逗号分隔")] = None,
        all_units: Annotated[bool, typer.Option("--all-units", help="参会单位改回全部成员单位")] = False,
        approved_by: ApprovedByOpt = None, approved_on: ApprovedOnOpt = None,
        contact: ContactOpt = None, contact_phone: ContactPhoneOpt = None,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """修改已登记的会议。

        可改时间、地点、日期、主持人、目的、议程、参会单位、联系人等。

        改日期时文件随之改名；通知已印发的会议不能改期（请先 meeting cancel 再重新登记）。

        示例：lianxi meeting edit 2027-03-16-liaison --time 09:30 --place 区卫健局五楼会议室
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..services.meeting_edit import Edits, edit_meeting

        from ._units import split_names

        edits = Edits(date=date, time=time, place=place, presider=presider, purpose=purpose, subject=subject,
                      agenda=agenda or (), units=split_names(units), all_units=all_units,
                      approved_by=approved_by, approved_on=approved_on, contact_name=contact,
                      contact_phone=contact_phone)
        with planning(dry_run):
            done = edit_meeting(Dataset.open(data), meeting_ref, edits, today=today())
        if not dry_run:
            done_line(done, "修改会议")
            if done.changed and done.meeting.notice is not None:
                typer.echo("注意：该会议的通知已印发，修改的内容请另行通知参会单位。", err=True)

    @meeting_app.command("cancel")
    def meeting_cancel(
        meeting_ref: MeetingArg,
        reason: Annotated[Optional[str], typer.Option("--reason", metavar="原因", help="取消原因（必填）")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="取消日期；默认今天")] = None,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """取消一次会议（记录保留）。

        会议文件保留并记下取消日期和原因；不计为已召开，已取的通知文号仍保留在登记簿。

        示例：lianxi meeting cancel 2027-06-15-liaison --reason 因防台风推迟
        """
        from ..dataset import Dataset
        from ..dates import record_date
        from ..services.meeting_edit import cancel_meeting

        day, now = record_date(date, "--date")
        with planning(dry_run):
            done = cancel_meeting(Dataset.open(data), meeting_ref, reason=reason or "", day=day, today=now,
                                  day_given=date is not None)
        if not dry_run:
            done_line(done, "取消会议")

    agenda_app = App(name="agenda", help="逐项修改会议议程：add 增加、remove 删除、move 调整顺序。\n\n"
                                         "示例：lianxi meeting agenda add 2027-03-16-liaison 交流工作情况",
                     no_args_is_help=True)

    @agenda_app.command("add")
    def agenda_add(
        meeting_ref: MeetingArg,
        text: Annotated[str, typer.Argument(metavar="议程", help="议程内容")],
        at: Annotated[Optional[int], typer.Option("--at", metavar="序号", help="插入为第几项；默认加在最后")] = None,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """增加一项议程。

        示例：lianxi meeting agenda add 2027-03-16-liaison 交流工作情况 --at 1
        """
        _agenda(data, dry_run, meeting_ref, "add", text=text, at=at)

    @agenda_app.command("remove")
    def agenda_remove(
        meeting_ref: MeetingArg,
        item: Annotated[int, typer.Argument(metavar="序号", help="要删除的第几项议程（lianxi notice 会议 可查看）")],
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """删除一项议程。

        示例：lianxi meeting agenda remove 2027-03-16-liaison 2
        """
        _agenda(data, dry_run, meeting_ref, "remove", item=item)

    @agenda_app.command("move")
    def agenda_move(
        meeting_ref: MeetingArg,
        item: Annotated[int, typer.Argument(metavar="序号", help="要移动的第几项")],
        to: Annotated[int, typer.Argument(metavar="新位置", help="移到第几项")],
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """调整议程顺序。

        示例：lianxi meeting agenda move 2027-03-16-liaison 3 1
        """
        _agenda(data, dry_run, meeting_ref, "move", item=item, to=to)

    meeting_app.add_typer(agenda_app, name="agenda")

    guest_app = App(name="guest", help="列席：add 邀请列席单位或专家，remove 取消邀请。\n\n"
                                       "示例：lianxi meeting guest add 2027-09-14-topic --expert 王某 --title 主任医师 "
                                       "--affiliation 泉州市妇幼保健院", no_args_is_help=True)

    @guest_app.command("add")
    def guest_add(
        meeting_ref: MeetingArg,
        unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位",
                                                    help="列席单位（非成员单位），通知中写作“某某有关负责同志”")] = None,
        expert: Annotated[Optional[str], typer.Option("--expert", metavar="姓名", help="专家姓名")] = None,
        title: Annotated[Optional[str], typer.Option("--title", metavar="职称", help="专家职称或职务，如 主任医师")] = None,
        affiliation: Annotated[Optional[str], typer.Option("--affiliation", metavar="单位",
                                                           help="专家所在单位（专家必填）")] = None,
        wording: Annotated[Optional[str], typer.Option("--wording", metavar="写法",
                                                       help="通知中的写法，不写则按单位、职称、姓名生成")] = None,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """邀请列席单位或专家。

        单位用 --unit；专家用 --expert 姓名 --title 职称 --affiliation 单位。

        示例：lianxi meeting guest add 2027-09-14-topic --unit 区应急管理局
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..services.meeting_edit import add_guest

        with planning(dry_run):
            done = add_guest(Dataset.open(data), meeting_ref, unit=unit, expert=expert, title=title,
                             affiliation=affiliation, wording=wording, today=today())
        if not dry_run:
            done_line(done, "修改列席名单")

    @guest_app.command("remove")
    def guest_remove(
        meeting_ref: MeetingArg,
        which: Annotated[str, typer.Argument(metavar="列席", help="列席单位名称、专家姓名或序号")],
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """取消一位列席。

        示例：lianxi meeting guest remove 2027-09-14-topic 赵某某
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..services.meeting_edit import remove_guest

        with planning(dry_run):
            done = remove_guest(Dataset.open(data), meeting_ref, which, today=today())
        if not dry_run:
            done_line(done, "修改列席名单")

    meeting_app.add_typer(guest_app, name="guest")

    @meeting_app.command("reply")
    def meeting_reply(
        meeting_ref: MeetingArg,
        unit: Annotated[str, typer.Argument(metavar="单位", autocompletion=_complete.units,
                                            help="回执单位：全称、简称或已登记的别名")],
        attendee: Annotated[Optional[str], typer.Option("--attendee", metavar="姓名", help="本人参会：参会人姓名")] = None,
        post: Annotated[Optional[str], typer.Option("--post", metavar="职务", help="参会人职务")] = None,
        phone: Annotated[Optional[str], typer.Option("--phone", metavar="电话", help="参会人联系电话")] = None,
        substitute: Annotated[Optional[str], typer.Option("--substitute", metavar="姓名",
                                                          help="委托他人参会：代参会人姓名")] = None,
        leave: Annotated[Optional[str], typer.Option("--leave", metavar="原因",
                                                     help="请假原因（与 --substitute 同用：请假并委托他人参会）")] = None,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="回执日期；默认今天")] = None,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """登记一个单位的参会回执。

        同一单位再次回执即替换原回执。

        示例：lianxi meeting reply 2027-03-16-liaison 公安 --attendee 张三 --post 治安大队副大队长 --phone 13912345678
        """
        from ..dataset import Dataset
        from ..dates import record_date
        from ..services.meeting_edit import record_reply

        day, now = record_date(date, "--date")
        ds = Dataset.open(data)
        with planning(dry_run):
            done = record_reply(ds, meeting_ref, unit, attendee=attendee, post=post, phone=phone,
                                substitute=substitute, leave=leave, day=day, today=now)
        if not dry_run:
            done_line(done, "登记回执")
            reply = next((r for r in done.meeting.replies if r.unit == done.unit), None) if done.changed else None
            if reply is not None:
                from ..services.meeting_edit import REPLY_STATUS_NAMES

                typer.echo(f"  {ds.unit_name(reply.unit)}：{REPLY_STATUS_NAMES[reply.status]}"
                           + (f" {reply.name}" if reply.name else "") + (f"（{reply.reason}）" if reply.reason else ""))

    @meeting_app.command("replies")
    def meeting_replies(meeting_ref: MeetingArg, data: DataOpt = None, json_out: JsonOpt = False) -> None:
        """列出回执与待回执单位。

        已回执单位的参会、代参会、请假情况，以及尚未回执（待回执）的单位。

        示例：lianxi meeting replies 2027-03-16-liaison
        """
        from ..dataset import Dataset
        from ..services.meeting_edit import reply_list

        listed = reply_list(Dataset.open(data), meeting_ref)
        if json_out:
            emit_json(listed)
            return
        rows = []
        for u in listed["units"]:
            note = u["reason"] or ""
            rows.append([esc(u["unit_name"]), u["status_name"], esc(u["name"] or ""), esc(u["post"] or ""),
                         esc(u["phone"] or ""), esc(note)])
        head = f"会议 {listed['meeting']} 回执：已回执 {listed['replied']} 个，待回执 {len(listed['waiting'])} 个"
        if listed["deadline"]:
            head += f"（截止 {listed['deadline']}）"
        if listed["cancelled"]:
            head += "；会议已取消"
        emit(head + "\n" + table(["单位", "情况", "姓名", "职务", "联系电话", "备注"], rows))

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
                         esc(item["kind_name"] + ("（示例）" if item["example"] else "")
                             + ("（已取消）" if item["cancelled"] else "")),
                         esc(item["place"] or "待定"), esc(item["notice"] or "未印发"), esc(minutes)])
        emit(table(["编号", "日期", "会议", "地点", "通知文号", "纪要"], rows))
