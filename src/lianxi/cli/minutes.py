"""``lianxi minutes render|new|agree``: the 纪要 — drafted, agreed by the attending units, issued."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._app import App
from . import _complete
from ._options import DataOpt, DryRunOpt, ForceOpt, FormatOpt, OutputOpt
from ._output import planning
from .notice import FinalOpt, TemplateOpt

MeetingArg = Annotated[str, typer.Argument(metavar="会议", autocompletion=_complete.meetings, help="会议：文件路径、编号（如 2027-03-16-liaison）或日期")]


SummaryOpt = Annotated[Optional[str], typer.Option(
    "--summary", metavar="概况", help="会议概况，如 会议听取了工作情况汇报，研究了下一步工作")]
ReopenOpt = Annotated[bool, typer.Option(
    "--reopen", help="纪要已有单位同意时仍修改：清除已记录的同意，回到征求意见稿")]
TitleOpt = Annotated[Optional[str], typer.Option("--title", metavar="标题", help="事项标题，如 关于开展联合检查")]
TextOpt = Annotated[Optional[str], typer.Option("--text", metavar="内容", help="议定内容")]
LeadOpt = Annotated[Optional[str], typer.Option(
    "--lead", metavar="单位", help="牵头单位：全称、简称或已登记的别名，如 区消防救援大队")]
CoopOpt = Annotated[Optional[list[str]], typer.Option(
    "--cooperating", "-c", metavar="单位", help="配合单位；可重复使用，或用逗号分隔")]
DeadlineOpt = Annotated[Optional[str], typer.Option("--deadline", metavar="日期", help="完成时限，如 2027-06-30")]
MatterNoArg = Annotated[int, typer.Argument(metavar="序号", help="第几项议定事项（从 1 起）")]


def _matter(data, dry_run: bool, meeting_ref: str, action: str, n, reopen: bool, **given) -> None:
    from ..dataset import Dataset
    from ..dates import today
    from ..services.minutes import MatterGiven, change_matter
    from ._units import split_names
    from .meetings import done_line

    matter = None
    if given:
        given["cooperating"] = split_names(given.get("cooperating"))
        matter = MatterGiven(**given)
    with planning(dry_run):
        done = change_matter(Dataset.open(data), meeting_ref, action, n=n, given=matter, today=today(),
                             reopen=reopen)
    if not dry_run:
        done_line(done, "修改议定事项")
        for i, item in enumerate(done.meeting.minutes.matters, 1):
            typer.echo(f"  {i}. {item.title}")


def register(app) -> None:
    minutes_app = App(name="minutes", help="会议纪要：起草、议定事项、同意、印发。\n\n"
                                           "示例：lianxi minutes new 2027-03-16-liaison",
                      no_args_is_help=True)

    @minutes_app.command("render")
    def minutes_render(
        meeting_ref: Annotated[Optional[str], typer.Argument(
            metavar="[会议]", autocompletion=_complete.meetings,
            help="会议：文件路径、编号或日期；默认为最近一次有纪要的会议")] = None,
        final: FinalOpt = False, fmt: FormatOpt = None, out: OutputOpt = None, force: ForceOpt = False,
        template: TemplateOpt = None, dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """生成会议纪要，或正式印发。

        尚有与会单位未同意时为征求意见稿，--final 会拒绝并列出这些单位。

        --final 写入文件（-o）时正式印发并取期号；只输出到屏幕时为预览，不取号。

        示例：lianxi minutes render 2027-03-16-liaison --final -o 纪要.docx
        """
        from pathlib import Path

        from ..dataset import Dataset
        from ..dates import today
        from ..render import check_output
        from ..services import issuing
        from .notice import finish, show

        ds = Dataset.open(data)
        check_output(fmt, out, force, ds.root)  # a bad -o is refused before a number is taken
        with planning(dry_run):  # --final --dry-run: the number it would take, nothing registered
            document = issuing.minutes(ds, meeting_ref=meeting_ref, final=final,
                                       template=Path(template) if template else None, today=today(),
                                       preview=out is None)
            show(document, "纪要")
            if not dry_run:
                finish(document.annotated, fmt, out, ds.root, force, "纪要")

    @minutes_app.command("new")
    def minutes_new(
        meeting_ref: MeetingArg,
        summary: SummaryOpt = None,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """起草纪要（会后）。

        出席、代参会、请假取自回执；会议日期之前不能起草。

        示例：lianxi minutes new 2027-03-16-liaison --summary 会议通报了2026年工作情况，研究了2027年工作要点
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..services.minutes import draft_minutes
        from ..store import display_path

        with planning(dry_run):
            record = draft_minutes(Dataset.open(data), meeting_ref, today=today(), summary=summary)
        if dry_run:
            return
        typer.echo(f"已起草纪要：{display_path(record.path)}（minutes 部分）")
        ident = record.id
        typer.echo(("" if summary else f"请补充会议概况：lianxi minutes edit {ident} --summary 会议听取了……；")
                   + f"增加议定事项：lianxi minutes matter add {ident} --title 标题 --text 内容 --lead 牵头单位 "
                   f"--deadline 日期；然后 lianxi minutes render {ident}", err=True)

    @minutes_app.command("edit")
    def minutes_edit(
        meeting_ref: MeetingArg, summary: SummaryOpt = None, reopen: ReopenOpt = False,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """修改纪要的会议概况。

        即“会议听取了……，研究了……”一句。

        示例：lianxi minutes edit 2027-03-16-liaison --summary 会议通报了2026年工作情况
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..services.minutes import edit_minutes
        from .meetings import done_line

        with planning(dry_run):
            done = edit_minutes(Dataset.open(data), meeting_ref, summary=summary, today=today(), reopen=reopen)
        if not dry_run:
            done_line(done, "修改纪要")

    matter_app = App(name="matter", help="纪要的议定事项：add 增加、edit 修改、remove 删除。\n\n"
                                         "示例：lianxi minutes matter add 2027-03-16-liaison --title 关于联合检查 "
                                         "--text 会议议定开展联合检查 --lead 区消防救援大队 --deadline 2027-06-30",
                     no_args_is_help=True)

    @matter_app.command("add")
    def matter_add(
        meeting_ref: MeetingArg, title: TitleOpt = None, text: TextOpt = None, lead: LeadOpt = None,
        cooperating: CoopOpt = None, deadline: DeadlineOpt = None, reopen: ReopenOpt = False,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """增加一项议定事项。

        标题、内容、牵头单位、配合单位、完成时限。

        示例：lianxi minutes matter add 2027-03-16-liaison --title 关于联合检查 --text 会议议定开展联合检查 --lead 区消防救援大队 -c 住建,卫健 --deadline 2027-06-30
        """
        _matter(data, dry_run, meeting_ref, "add", None, reopen, title=title, text=text, lead=lead,
                cooperating=cooperating, deadline=deadline)

    @matter_app.command("edit")
    def matter_edit(
        meeting_ref: MeetingArg, n: MatterNoArg, title: TitleOpt = None, text: TextOpt = None,
        lead: LeadOpt = None, cooperating: CoopOpt = None,
        no_cooperating: Annotated[bool, typer.Option("--no-cooperating", help="去掉全部配合单位")] = False,
        deadline: DeadlineOpt = None, reopen: ReopenOpt = False, dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """修改指定序号的议定事项。

        只改给出的内容。

        示例：lianxi minutes matter edit 2027-03-16-liaison 1 --lead 区消防救援大队 --deadline 2027-09-30
        """
        _matter(data, dry_run, meeting_ref, "edit", n, reopen, title=title, text=text, lead=lead,
                cooperating=cooperating, deadline=deadline, no_cooperating=no_cooperating)

    @matter_app.command("remove")
    def matter_remove(
        meeting_ref: MeetingArg, n: MatterNoArg, reopen: ReopenOpt = False,
        dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """删除指定序号的议定事项。

        示例：lianxi minutes matter remove 2027-03-16-liaison 2
        """
        _matter(data, dry_run, meeting_ref, "remove", n, reopen)

    minutes_app.add_typer(matter_app, name="matter")

    @minutes_app.command("agree")
    def minutes_agree(
        meeting_ref: MeetingArg,
        units: Annotated[Optional[list[str]], typer.Argument(
            metavar="[单位...]", autocompletion=_complete.units, help="同意纪要的与会单位，如 公安 区卫健局")] = None,
        everyone: Annotated[bool, typer.Option("--all", help="全部与会单位（请假未出席的单位不在其列）")] = False,
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="同意日期；默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """记录与会单位同意纪要。

        全部同意后纪要即可正式印发。只问与会单位：请假未出席的单位无需同意。

        示例：lianxi minutes agree 2027-03-16-liaison 公安 区卫健局（或 --all）
        """
        from ..dataset import Dataset
        from ..dates import parse_date, today
        from ..services.minutes import agree_minutes
        from ..store import display_path

        ds = Dataset.open(data)
        with planning(dry_run):
            done = agree_minutes(ds, meeting_ref, units or [], day=parse_date(date, "--date") or today(),
                                 everyone=everyone)
        if dry_run:
            return
        if done.added:
            typer.echo("已记录同意：" + "、".join(ds.unit_name(u) for u in done.added)
                       + f"（{display_path(done.record.path)}）")
        if done.already:
            typer.echo("此前已同意：" + "、".join(ds.unit_name(u) for u in done.already), err=True)
        if done.waiting:
            typer.echo(f"尚待同意（{len(done.waiting)} 个）：" + "、".join(ds.unit_name(u) for u in done.waiting))
        else:
            typer.echo(f"全部与会单位已同意，可以印发：lianxi minutes render {done.record.id} --final")

    app.add_typer(minutes_app, name="minutes")
