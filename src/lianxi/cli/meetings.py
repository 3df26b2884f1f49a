"""``lianxi meeting new`` (record a meeting to fill in) and ``lianxi meetings`` (list them)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._app import App
from ._options import DataOpt, JsonOpt
from ._output import emit, emit_json, esc, table

TypeOpt = Annotated[Optional[str], typer.Option(
    "--type", "-t", metavar="种类",
    help="会议种类：plenary（全体会议/例会）、adhoc（临时会议）、liaison（联络员会议）、topic（专题会议）")]
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="日期", help="会议日期，如 2027-03-16")]
TimeOpt = Annotated[Optional[str], typer.Option("--time", metavar="时间", help="开始时间，如 09:00")]
PlaceOpt = Annotated[Optional[str], typer.Option("--place", metavar="地点", help="会议地点")]
AgendaOpt = Annotated[Optional[list[str]], typer.Option(
    "--agenda", metavar="议程", help="一项议程；可重复使用，按顺序排列")]
PresiderOpt = Annotated[Optional[str], typer.Option(
    "--presider", metavar="主持人", help="主持人：在任者姓名或席位编号（如 convener）")]
SubjectOpt = Annotated[Optional[str], typer.Option("--subject", metavar="专题", help="专题会议的专题，如 托育机构安全管理")]
InviteOpt = Annotated[Optional[list[str]], typer.Option(
    "--invite", metavar="单位或专家", help="列席的其他部门或专家；可重复使用")]
AttendOpt = Annotated[Optional[list[str]], typer.Option(
    "--unit", metavar="单位", help="参会单位（默认全部成员单位）；可重复使用")]
AdhocOpt = Annotated[bool, typer.Option("--adhoc", help="临时联络员会议（须经召集人同意，用 --approved-by/--approved-on 记录）")]
ApprovedByOpt = Annotated[Optional[str], typer.Option("--approved-by", metavar="同意人", help="同意召开的召集人姓名或席位编号")]
ApprovedOnOpt = Annotated[Optional[str], typer.Option("--approved-on", metavar="日期", help="召集人同意的日期")]


def build_meeting(ds, *, kind: str, date, time, place, agenda, presider, subject, invite, units, adhoc,
                  approved_by, approved_on):
    """A Meeting from command-line particulars (unknown ones stay empty)."""
    from ..errors import DataErrors, UsageProblem
    from ..meetings import KINDS, Approval, Invitee, Meeting
    from ..query import norm, unit_matcher
    from ._options import parse_date

    if kind not in KINDS:
        raise UsageProblem(f"--type 的值 {kind} 无效，应为 plenary、adhoc、liaison 或 topic")
    if adhoc and kind != "liaison":
        raise UsageProblem("--adhoc 只用于联络员会议（--type liaison）；临时召集的全体会议请用 --type adhoc")
    if (approved_by is None) != (approved_on is None):
        raise UsageProblem("--approved-by 与 --approved-on 须同时给出")
    if subject is not None and kind != "topic":
        raise UsageProblem("--subject 只用于专题会议（--type topic）")
    day = parse_date(date, "--date")
    if time is not None:
        from ..meetings import _TIME_RE

        time = time.strip()
        if not _TIME_RE.match(time):
            raise UsageProblem(f"--time 的值 {time} 不是时间，应为 09:00 的形式")
        if len(time) == 4:
            time = "0" + time
    matcher = unit_matcher(ds)
    attending = [matcher.find(u) for u in units] if units else None
    invited = []
    for name in invite or []:
        name = name.strip()
        if not name:
            raise UsageProblem("--invite 的值不能为空")
        # exact names only: "消防安全专家" must not turn into 区消防救援大队
        unit = next((u for u in ds.members.units if norm(name) in {norm(n) for n in u.all_names()}), None)
        if unit is not None:
            invited.append(Invitee(name=unit.name, unit=unit.id))
        else:
            invited.append(Invitee(name=name, kind="expert" if "专家" in name else "department"))
    approval = None
    if approved_by is not None:
        approval = Approval(by=approved_by.strip(), date=parse_date(approved_on, "--approved-on"))
    try:
        return Meeting(kind=kind, adhoc=adhoc, date=day, time=time, place=_text(place), presider=_text(presider),
                       subject=_text(subject), agenda=[a.strip() for a in agenda or [] if a.strip()],
                       attending=attending, invited=invited, approval=approval)
    except Exception as exc:  # pydantic ValidationError: a value the model refuses
        from pydantic import ValidationError

        from ..errors import Problem
        from ..store import translate_error

        if not isinstance(exc, ValidationError):
            raise
        raise DataErrors([Problem(translate_error(e), field=".".join(map(str, e["loc"])))
                          for e in exc.errors(include_url=False)]) from None


def _text(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    return value or None


def next_sequence(records, kind: str, day) -> Optional[int]:
    if day is None:
        return None
    year = [r for r in records if r.meeting.kind == kind and not r.meeting.example
            and r.meeting.date is not None and r.meeting.date.year == day.year]
    sequence = sum(1 for r in year if r.meeting.date <= day) + 1
    taken = {r.meeting.sequence for r in year if r.meeting.sequence is not None}
    if sequence in taken:  # a later meeting registered first already holds it: never a duplicate
        sequence = max(taken) + 1
    return sequence


def yearly_findings(ds, records, meeting, meeting_id: str):
    """The per-year rules as they would stand with ``meeting`` added (its findings only)."""
    from types import SimpleNamespace

    from ..rules import check_yearly

    new = SimpleNamespace(meeting=meeting, id=meeting_id, doc=None)
    return [finding for owner, finding in check_yearly(ds, list(records) + [new]) if owner is new]


def raise_findings(findings, record=None) -> None:
    """Rule errors stop the command (exit 1); warnings go to stderr."""
    from ..errors import DataErrors, Problem
    from ..store import display_path

    problems = []
    for finding in findings:
        if record is not None:
            problem = record.doc.problem(finding.message, finding.path, rule=finding.rule,
                                         severity=finding.severity)
        else:
            field = ".".join(map(str, finding.path)) or None
            problem = Problem(finding.message, field=field, rule=finding.rule, severity=finding.severity)
        if finding.severity == "warning":
            typer.echo(("警告：" + finding.message) if record is None else str(problem), err=True)
        else:
            problems.append(problem)
    if problems and record is None:
        from ..errors import DataError

        raise DataError("\n".join(p.message for p in problems))
    if problems:
        raise DataErrors(problems, hint=f"请修改 {display_path(record.path)} 后重试。")


def register(app) -> None:
    meeting_app = App(name="meeting", help="登记会议：lianxi meeting new --type liaison --date 2027-03-16 …",
                      no_args_is_help=True)

    @meeting_app.command("new")
    def meeting_new(
        kind: TypeOpt = None, date: DateOpt = None, time: TimeOpt = None, place: PlaceOpt = None,
        agenda: AgendaOpt = None, presider: PresiderOpt = None, subject: SubjectOpt = None,
        invite: InviteOpt = None, units: AttendOpt = None, adhoc: AdhocOpt = False,
        approved_by: ApprovedByOpt = None, approved_on: ApprovedOnOpt = None, data: DataOpt = None,
    ) -> None:
        """登记一次会议：写入 meetings/日期-种类.yaml 供补充（不会覆盖已有文件）。"""
        from ..dataset import Dataset, today
        from ..errors import UsageProblem
        from ..meetings import load_meetings, meeting_path, write_meeting
        from ..rules import check_meeting
        from ..store import data_lock, display_path

        if kind is None:
            raise UsageProblem("请用 --type 指定会议种类：plenary、adhoc、liaison 或 topic")
        if date is None:
            raise UsageProblem("请用 --date 指定会议日期（文件按日期命名），如 --date 2027-03-16")
        ds = Dataset.open(data)
        meeting = build_meeting(ds, kind=kind, date=date, time=time, place=place, agenda=agenda,
                                presider=presider, subject=subject, invite=invite, units=units, adhoc=adhoc,
                                approved_by=approved_by, approved_on=approved_on)
        raise_findings(check_meeting(ds, meeting, today(), notice=True))
        with data_lock(ds.root):
            records = load_meetings(ds.root)
            meeting = meeting.model_copy(update={"sequence": next_sequence(records, kind, meeting.date)})
            path = meeting_path(ds.root, meeting.date, kind)
            raise_findings(yearly_findings(ds, records, meeting, path.stem))
            write_meeting(ds.root, path, meeting, overwrite=False)
        typer.echo(f"已登记会议：{display_path(path)}")
        missing = [label for label, value in (("会议时间", meeting.time), ("会议地点", meeting.place),
                                              ("会议议程", meeting.agenda)) if not value]
        if missing:
            typer.echo("待补充：" + "、".join(missing) + "（可直接编辑该文件）", err=True)

    app.add_typer(meeting_app, name="meeting")

    @app.command("meetings")
    def meetings(data: DataOpt = None, json_out: JsonOpt = False) -> None:
        """列出已登记的会议：日期、种类、地点、通知文号、纪要状态。"""
        from ..dataset import Dataset
        from ..meetings import DOCUMENTS_FILE, DocumentSettings, load_meetings, load_optional
        from ..render import kind_name
        from ..rules import minutes_number_text, notice_number_text

        ds = Dataset.open(data)
        settings, _ = load_optional(ds.root, DOCUMENTS_FILE, DocumentSettings)
        records = load_meetings(ds.root)
        status_names = {"draft": "征求意见中", "agreed": "已同意待印发", "issued": "已印发"}
        items = []
        for record in records:
            m = record.meeting
            items.append({
                "id": record.id,
                "kind": m.kind,
                "kind_name": kind_name(m),
                "example": m.example,
                "date": m.date.isoformat() if m.date else None,
                "time": m.time,
                "place": m.place,
                "notice": notice_number_text(settings, m.notice.year, m.notice.number) if m.notice else None,
                "minutes": m.minutes.status if m.minutes else None,
                "minutes_number": (minutes_number_text(settings, m.minutes.number)
                                   if m.minutes and m.minutes.number else None),
            })
        if json_out:
            emit_json({"meetings": items})
            return
        if not items:
            emit("还没有登记会议。登记：lianxi meeting new --type liaison --date 2027-03-16")
            return
        rows = []
        for item in items:
            minutes = status_names[item["minutes"]] if item["minutes"] else "无"
            if item["minutes_number"]:
                minutes += f"（{item['minutes_number']}）"
            rows.append([esc(item["id"]), item["date"] or "待定",
                         esc(item["kind_name"] + ("（示例）" if item["example"] else "")),
                         esc(item["place"] or "待定"), esc(item["notice"] or "未印发"), esc(minutes)])
        emit(table(["编号", "日期", "会议", "地点", "通知文号", "纪要"], rows))
