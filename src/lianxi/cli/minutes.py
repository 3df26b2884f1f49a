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


def register(app) -> None:
    minutes_app = App(name="minutes", help="会议纪要：render 生成、new 起草、agree 记录与会单位同意。\n\n示例：lianxi minutes render 2027-03-16-plenary",
                      no_args_is_help=True)

    @minutes_app.command("render")
    def minutes_render(
        meeting_ref: Annotated[Optional[str], typer.Argument(
            metavar="[会议]", autocompletion=_complete.meetings,
            help="会议：文件路径、编号或日期；默认为最近一次有纪要的会议")] = None,
        final: FinalOpt = False, fmt: FormatOpt = None, out: OutputOpt = None, force: ForceOpt = False,
        template: TemplateOpt = None, dry_run: DryRunOpt = False, data: DataOpt = None,
    ) -> None:
        """生成会议纪要；尚有与会单位未同意时为征求意见稿，--final 会拒绝并列出这些单位。

        示例：lianxi minutes render 2027-03-16-plenary -o 纪要.docx
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
                                       template=Path(template) if template else None, today=today())
            show(document, "纪要")
            if not dry_run:
                finish(document.annotated, fmt, out, ds.root, force, "纪要")

    @minutes_app.command("new")
    def minutes_new(meeting_ref: MeetingArg, dry_run: DryRunOpt = False, data: DataOpt = None) -> None:
        """按会议记录和回执起草纪要（写入会议文件的 minutes 部分，待补充议定事项）。

        示例：lianxi minutes new 2027-03-16-plenary
        """
        from ..dataset import Dataset
        from ..services.minutes import draft_minutes
        from ..store import display_path

        with planning(dry_run):
            record = draft_minutes(Dataset.open(data), meeting_ref)
        if dry_run:
            return
        typer.echo(f"已起草纪要：{display_path(record.path)}（minutes 部分）")
        typer.echo("请补充 summary（会议听取和研究的事项）和 matters（议定事项：title、text、lead、cooperating、"
                   "deadline），核对出席、请假名单；然后 lianxi minutes render " + record.id, err=True)

    @minutes_app.command("agree")
    def minutes_agree(
        meeting_ref: MeetingArg,
        units: Annotated[list[str], typer.Argument(metavar="单位...", autocompletion=_complete.units, help="同意纪要的与会单位，如 公安 区卫健局")],
        date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="同意日期；默认今天")] = None,
        dry_run: DryRunOpt = False,
        data: DataOpt = None,
    ) -> None:
        """记录与会单位同意纪要；全部同意后纪要即可正式印发。

        示例：lianxi minutes agree 2027-03-16-plenary 公安 区卫健局
        """
        from ..dataset import Dataset
        from ..dates import parse_date, today
        from ..services.minutes import agree_minutes
        from ..store import display_path

        ds = Dataset.open(data)
        with planning(dry_run):
            done = agree_minutes(ds, meeting_ref, units, day=parse_date(date, "--date") or today())
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
