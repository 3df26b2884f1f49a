"""Minutes (纪要): drafted from the meeting's replies, agreed by the units that attended.

The seed: 纪要 are issued once the attending units (与会单位) agree. Drafting and agreeing
rewrite the meeting file under the data lock, re-validated before it is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from ..errors import Collector, DataError, DataErrors, NotFound


def latest_with_minutes(root: Path):
    """The most recent meeting that has minutes (NotFound when none has)."""
    from ..meetings import load_meetings

    records = [r for r in load_meetings(root) if r.meeting.minutes is not None]
    if not records:
        raise NotFound("还没有会议纪要", hint="先登记会议（lianxi meeting new），再生成纪要草稿：lianxi minutes new 会议")
    return max(records, key=lambda r: (r.meeting.date is not None, r.meeting.date, r.id))


def _fresh(ds, record):
    """The meeting file read again under the lock."""
    from ..meetings import load_meeting_file

    collector = Collector()
    fresh = load_meeting_file(record.path, collector, ds.root)
    if fresh is None:
        raise DataErrors(collector.errors)
    return fresh


def draft_minutes(ds, meeting_ref: str, *, today: Optional[dt.date] = None, summary: Optional[str] = None):
    """``lianxi minutes new``: write the scaffold into the meeting file; returns the meeting record.

    Refused for a cancelled meeting and before the meeting date (minutes record what a held
    meeting agreed)."""
    from ..meetings import find_meeting, write_meeting
    from ..store import data_lock

    record = find_meeting(ds.root, meeting_ref)
    with data_lock(ds.root):
        fresh = _fresh(ds, record)
        meeting = fresh.meeting
        if meeting.minutes is not None:
            raise DataError(f"会议 {record.id} 已有纪要（不会覆盖），未做任何修改",
                            hint=f"修改议定事项：lianxi minutes matter add|edit|remove {record.id} …；"
                                 f"修改会议概况：lianxi minutes edit {record.id} --summary …")
        if meeting.cancelled is not None:
            raise DataError(f"会议 {record.id} 已于 {meeting.cancelled.date.isoformat()} 取消，没有纪要，未做任何修改")
        if today is not None and meeting.date is not None and today < meeting.date:
            raise DataError(f"会议 {record.id} 定于 {meeting.date.isoformat()} 召开，尚未召开（今天是 "
                            f"{today.isoformat()}），不能起草纪要，未做任何修改",
                            hint="纪要记录会议议定的事项：会后再运行 lianxi minutes new。")
        from .meeting_edit import scaffold_minutes

        minutes = scaffold_minutes(ds, meeting)
        if summary is not None:
            minutes = minutes.model_copy(update={"summary": _summary(summary)})
        meeting = meeting.model_copy(update={"minutes": minutes})
        write_meeting(ds.root, record.path, meeting, overwrite=True)
    return record


def _summary(text: str) -> str:
    text = text.strip().rstrip("。")
    if not text:
        from ..errors import UsageProblem

        raise UsageProblem("--summary 不能为空，如 --summary 会议听取了……，研究了……")
    return text


def change_minutes(ds, meeting_ref: str, apply, *, today: dt.date, reopen: bool = False):
    """Apply ``apply(minutes, meeting) -> minutes`` to drafted minutes nobody has agreed to yet
    (``reopen``: agreements recorded so far are dropped and the minutes go back to draft)."""
    from .meeting_edit import change_meeting

    def on_meeting(meeting, record):
        minutes = meeting.minutes
        if minutes is None:
            raise DataError(f"会议 {record.id} 还没有纪要：先运行 lianxi minutes new {record.id}")
        if minutes.status == "issued":
            raise DataError(f"会议 {record.id} 的纪要已印发，不能再修改，未做任何修改")
        if minutes.agreed_by:
            if not reopen:
                raise DataError(f"会议 {record.id} 的纪要已有 {len(minutes.agreed_by)} 个单位同意，修改后须重新征求意见；"
                                "未做任何修改", hint="确需修改，加 --reopen（清除已记录的同意，纪要回到征求意见稿）")
            minutes = minutes.model_copy(update={"agreed_by": [], "status": "draft"})
        return meeting.model_copy(update={"minutes": apply(minutes, meeting)})

    return change_meeting(ds, meeting_ref, on_meeting, today=today, what="修改纪要")


def edit_minutes(ds, meeting_ref: str, *, summary: Optional[str], today: dt.date, reopen: bool = False):
    """``lianxi minutes edit``: the summary sentence (会议听取了……，研究了……)."""
    from ..errors import UsageProblem

    if summary is None:
        raise UsageProblem("请指定要修改的内容，如 --summary 会议听取了……，研究了……")
    text = _summary(summary)
    return change_minutes(ds, meeting_ref, lambda minutes, meeting: minutes.model_copy(update={"summary": text}),
                          today=today, reopen=reopen)


@dataclass
class MatterGiven:
    title: Optional[str] = None
    text: Optional[str] = None
    lead: Optional[str] = None
    cooperating: Sequence[str] = ()
    deadline: Optional[str] = None
    no_cooperating: bool = False


def _matter_fields(ds, given: MatterGiven) -> dict:
    from ..dates import parse_date
    from ..errors import UsageProblem
    from ..query import unit_matcher

    fields: dict = {}
    for name in ("title", "text"):
        value = getattr(given, name)
        if value is not None:
            value = value.strip().rstrip("。") if name == "text" else value.strip()
            if not value:
                raise UsageProblem(f"--{name} 不能为空")
            fields[name] = value
    matcher = unit_matcher(ds)
    if given.lead is not None:
        fields["lead"] = matcher.find_exact(given.lead)
    if given.cooperating and given.no_cooperating:
        raise UsageProblem("--cooperating 与 --no-cooperating 只能选一个")
    if given.cooperating:
        fields["cooperating"] = list(dict.fromkeys(matcher.find_exact(u) for u in given.cooperating))
    if given.no_cooperating:
        fields["cooperating"] = []
    if given.deadline is not None:
        fields["deadline"] = parse_date(given.deadline, "--deadline")
    return fields


def _matter_index(minutes, n: int, record_id: str) -> int:
    from ..errors import UsageProblem

    count = len(minutes.matters)
    if not 1 <= n <= count:
        raise UsageProblem(f"议定事项序号 {n} 无效：会议 {record_id} 的纪要" +
                           (f"有 {count} 项议定事项（1 到 {count}）" if count else "还没有议定事项"))
    return n - 1


def change_matter(ds, meeting_ref: str, action: str, *, n: Optional[int] = None,
                  given: Optional[MatterGiven] = None, today: dt.date, reopen: bool = False):
    """``lianxi minutes matter add|edit|remove``: one agreed matter (1-based place in the minutes)."""
    from ..errors import UsageProblem
    from ..meetings import Matter
    from .meetings import model_call

    fields = _matter_fields(ds, given) if given is not None else {}
    if action == "add" and ("title" not in fields or "text" not in fields):
        raise UsageProblem("新增议定事项须写明 --title 标题 和 --text 议定内容")
    if action == "edit" and not fields:
        raise UsageProblem("请指定要修改的内容，如 --lead 区消防救援大队、--deadline 2027-06-30")
    for unit_id in fields.get("cooperating", []):
        if unit_id == fields.get("lead"):
            raise UsageProblem(f"{ds.unit_name(unit_id)}已是牵头单位，不能同时作为配合单位")

    def apply(minutes, meeting):
        matters = list(minutes.matters)
        if action == "add":
            matters.append(model_call(lambda: Matter(**fields)))
        elif action == "edit":
            i = _matter_index(minutes, n, meeting_ref)
            matter = model_call(lambda: Matter.model_validate({**matters[i].model_dump(), **fields}))
            if matter.lead is not None and matter.lead in matter.cooperating:
                raise UsageProblem(f"{ds.unit_name(matter.lead)}已是牵头单位，不能同时作为配合单位")
            matters[i] = matter
        else:
            matters.pop(_matter_index(minutes, n, meeting_ref))
        return minutes.model_copy(update={"matters": matters})

    return change_minutes(ds, meeting_ref, apply, today=today, reopen=reopen)


@dataclass
class Agreed:
    record: object
    added: list[str] = field(default_factory=list)  # unit ids recorded now
    already: list[str] = field(default_factory=list)  # unit ids that had agreed before
    waiting: list[str] = field(default_factory=list)  # attending unit ids yet to agree


def agree_minutes(ds, meeting_ref: str, units: Sequence[str], *, day: dt.date, everyone: bool = False) -> Agreed:
    """``lianxi minutes agree``: record that attending units agreed; all agreed → status agreed.

    Only 与会单位 are asked (:func:`lianxi.rules.agreeing_units`): a unit on leave is not.
    ``everyone`` (``--all``): every attending unit that has not agreed yet."""
    from ..errors import UsageProblem
    from ..meetings import Agreement, find_meeting, write_meeting
    from ..query import unit_matcher
    from ..rules import agreeing_units, attending_units
    from ..store import data_lock

    if everyone and units:
        raise UsageProblem("--all 时不再列出单位：--all 即全部与会单位")
    if not everyone and not units:
        raise UsageProblem("请列出同意纪要的与会单位，如 lianxi minutes agree 会议 公安 区卫健局；全部同意用 --all")
    record = find_meeting(ds.root, meeting_ref)
    matcher = unit_matcher(ds)
    unit_ids = list(dict.fromkeys(matcher.find_exact(u) for u in units))
    with data_lock(ds.root):
        meeting = _fresh(ds, record).meeting
        minutes = meeting.minutes
        if minutes is None:
            raise DataError(f"会议 {record.id} 还没有纪要：先运行 lianxi minutes new {record.id}")
        if minutes.status == "issued":
            raise DataError(f"会议 {record.id} 的纪要已印发，不能再修改")
        addressed = attending_units(ds, meeting)
        attending = agreeing_units(ds, meeting)
        outside = [ds.unit_name(u) for u in unit_ids if u not in addressed]
        if outside:
            raise DataError("以下单位不是该会议的与会单位，无需同意纪要：" + "、".join(outside))
        on_leave = [ds.unit_name(u) for u in unit_ids if u not in attending]
        if on_leave:
            raise DataError("以下单位请假未出席会议，不是与会单位，无需同意纪要：" + "、".join(on_leave)
                            + "；未做任何修改")
        if everyone:
            unit_ids = list(attending)
        if meeting.date is not None and day < meeting.date:
            raise DataError(f"同意日期 {day.isoformat()} 早于会议日期 {meeting.date.isoformat()}")
        done = {a.unit for a in minutes.agreed_by}
        already = [u for u in unit_ids if u in done]
        added = [Agreement(unit=u, date=day) for u in unit_ids if u not in done]
        agreed_by = list(minutes.agreed_by) + added
        waiting = [u for u in attending if u not in {a.unit for a in agreed_by}]
        if added:
            status = "agreed" if not waiting else minutes.status
            minutes = minutes.model_copy(update={"agreed_by": agreed_by, "status": status})
            write_meeting(ds.root, record.path, meeting.model_copy(update={"minutes": minutes}), overwrite=True)
    return Agreed(record, [a.unit for a in added], already, waiting)
