"""The seed's work rules (四、工作规则) as checks on meeting records.

Used by ``lianxi notice``, ``lianxi minutes`` and ``lianxi validate``. Each check yields
findings — :class:`lianxi.errors.Problem` with the field path inside the meeting file — so
validate can locate them (``file:line:column``) and the document commands can print them.

Rules:

* ``presider`` — a plenary or ad hoc meeting is presided by a 总召集人/召集人/副召集人
  who holds that seat on the meeting date;
* ``approval`` — an ad hoc liaison meeting needs the convener's recorded consent;
* ``invited`` — non-members appear only as 列席 (``invited``); members are never 列席;
* ``date`` — a weekend date warns; a past date warns for a notice not yet issued;
* ``number`` — a document number is never reused (see :func:`check_numbers`).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from .errors import Problem
from .model import CONVENER_ROLES, Holder, Seat


def finding(message: str, path: tuple = (), severity: str = "error", rule: str = "meeting-rule") -> Problem:
    """A rule's finding about a meeting, at ``path`` inside its file (located later, see Problem.located)."""
    return Problem(message, rule=rule, severity=severity, path=tuple(path))


def resolve_person(ds, text: str, day: dt.date) -> tuple[Optional[Seat], Optional[Holder]]:
    """A seat id or a holder's name → (seat, holder on ``day``); (None, None) when unknown.

    A name matches the seat the person holds on ``day``; failing that, any seat the
    person ever held (so the rule can say they were not in office that day).
    """
    seat = ds.seats.get(text)
    if seat is not None:
        return seat, seat.holder_on(day)
    ever: Optional[Seat] = None
    for seat in ds.members.seats:
        holder = seat.holder_on(day)
        if holder is not None and holder.name == text:
            return seat, holder
        if ever is None and any(h.name == text for h in seat.holders):
            ever = seat
    return ever, None


def attending_units(ds, meeting) -> list[str]:
    if meeting.attending is not None:
        return list(meeting.attending)
    return [u.id for u in ds.member_units(meeting.date)]  # the members on the meeting date


def _roles_text(roles: Iterable[str]) -> str:
    return "或".join(roles)


def check_presider(ds, meeting) -> list[Problem]:
    out: list[Problem] = []
    if meeting.presider is None or meeting.date is None:
        return out
    day = meeting.date
    seat, holder = resolve_person(ds, meeting.presider, day)
    path = ("presider",)
    if seat is None:
        return [finding(f"主持人“{meeting.presider}”不在组成人员名单中（应为席位编号，如 convener，或在任者姓名）",
                        path, rule="presider")]
    if holder is None:
        current = seat.holder_on(day)
        who = f"（当日在任者：{current.name}）" if current else "（当日无在任者）"
        return [finding(f"主持人“{meeting.presider}”在 {day.isoformat()} 不在{seat.role}任上{who}",
                        path, rule="presider")]
    if meeting.kind in ("plenary", "adhoc"):
        rule = ds.charter.meeting_rule(meeting.kind)
        roles = tuple(rule.presided_by) if rule and rule.presided_by else CONVENER_ROLES
        roles = tuple(dict.fromkeys(roles + (("召集人",) if "总召集人" in roles else ())))
        if seat.role not in roles:
            label = "例会（全体会议）" if meeting.kind == "plenary" else "临时会议"
            out.append(finding(
                f"{label}须由召集人或副召集人主持：{holder.name}是{ds.unit_name(seat.unit)}的{seat.role}，不能主持",
                path, rule="presider"))
    return out


def check_approval(ds, meeting) -> list[Problem]:
    if meeting.kind == "adhoc":
        return _check_convened(ds, meeting)
    if meeting.kind != "liaison" or not meeting.adhoc:
        return []
    rule = ds.charter.meeting_rule("liaison-adhoc")
    roles = tuple(rule.approval_by) if rule and rule.approval_by else ("总召集人",)
    if meeting.approval is None:
        return [finding("临时联络员会议须经联席会议召集人同意：请在 approval 中记录同意人（by）和同意日期（date）",
                        ("adhoc",), rule="approval")]
    approval = meeting.approval
    seat, holder = resolve_person(ds, approval.by, approval.date)
    if seat is None or holder is None:
        return [finding(f"同意人“{approval.by}”在 {approval.date.isoformat()} 不是联席会议{_roles_text(roles)}",
                        ("approval", "by"), rule="approval")]
    out = []
    if seat.role not in roles:
        out.append(finding(f"临时联络员会议须经{_roles_text(roles)}同意：{holder.name}是{seat.role}",
                           ("approval", "by"), rule="approval"))
    if meeting.date is not None and approval.date > meeting.date:
        out.append(finding(f"同意日期 {approval.date.isoformat()} 晚于会议日期 {meeting.date.isoformat()}",
                           ("approval", "date"), rule="approval"))
    return out


def _check_convened(ds, meeting) -> list[Problem]:
    """An ad hoc meeting (临时会议) is called by the convener or a vice-convener (根据需要可由召集人
    或副召集人临时召集会议): ``approval`` records who called it and when."""
    rule = ds.charter.meeting_rule("adhoc")
    roles = tuple(rule.presided_by) if rule and rule.presided_by else CONVENER_ROLES
    roles = tuple(dict.fromkeys(roles + (("召集人",) if "总召集人" in roles else ())))
    if meeting.approval is None:
        return [finding("临时会议由召集人或副召集人临时召集：请记录召集（同意召开）的召集人和日期"
                        "（--approved-by 姓名 --approved-on 日期；已登记的会议用 lianxi meeting edit 会议 "
                        "--approved-by 姓名 --approved-on 日期）", ("kind",),
                        rule="approval")]
    approval = meeting.approval
    seat, holder = resolve_person(ds, approval.by, approval.date)
    if seat is None or holder is None or seat.role not in roles:
        what = f"是{seat.role}" if seat is not None and holder is not None else \
            f"在 {approval.date.isoformat()} 不是联席会议召集人或副召集人"
        return [finding(f"临时会议须由召集人或副召集人临时召集：“{approval.by}”{what}", ("approval", "by"),
                        rule="approval")]
    if meeting.date is not None and approval.date > meeting.date:
        return [finding(f"召集日期 {approval.date.isoformat()} 晚于会议日期 {meeting.date.isoformat()}",
                        ("approval", "date"), rule="approval")]
    return []


def agreeing_units(ds, meeting) -> list[str]:
    """The units whose agreement the minutes need: 与会单位, the addressed units that attended
    (a unit whose only person was on leave is not asked)."""
    units = attending_units(ds, meeting)
    minutes = meeting.minutes
    if minutes is None:
        return units
    present = {p.unit for p in minutes.attendance.present}
    absent = {a.unit for a in minutes.attendance.absent}
    return [u for u in units if u in present or u not in absent]


def check_units(ds, meeting) -> list[Problem]:
    """Unit references exist; non-members only as 列席, members never as 列席."""
    out: list[Problem] = []
    units = ds.units

    def known(unit_id: Optional[str], path: tuple) -> bool:
        if unit_id is None:
            return False
        if unit_id not in units:
            out.append(finding(f"单位“{unit_id}”不存在（应为 members.yaml 中 units 的某个 id）", path,
                               rule="unknown-unit"))
            return False
        return True

    for i, unit_id in enumerate(meeting.attending or []):
        if known(unit_id, ("attending", i)) and not units[unit_id].member:
            out.append(finding(f"“{units[unit_id].name}”不是联席会议成员单位，只能作为列席单位（写入 invited）",
                               ("attending", i), rule="invited"))
    attending = set(attending_units(ds, meeting))
    for i, guest in enumerate(meeting.invited):
        if guest.unit is not None and known(guest.unit, ("invited", i, "unit")) and units[guest.unit].member:
            out.append(finding(f"“{units[guest.unit].name}”是成员单位，应列入参会单位（用 --unit；已登记的会议：lianxi meeting edit 会议 --unit），不能作为列席",
                               ("invited", i, "unit"), rule="invited"))
    for i, reply in enumerate(meeting.replies):
        if known(reply.unit, ("replies", i, "unit")) and reply.unit not in attending:
            out.append(finding(f"回执单位“{units[reply.unit].display_name}”不在参会单位之列",
                               ("replies", i, "unit"), rule="replies"))
        if reply.status == "absent" and not reply.reason:
            out.append(finding("请假须写明原因（reason）", ("replies", i), rule="replies"))
        if reply.status == "substitute" and not reply.name:
            out.append(finding("委托他人参会须写明代参会人姓名（name）", ("replies", i), rule="replies"))
    minutes = meeting.minutes
    if minutes is not None:
        for i, matter in enumerate(minutes.matters):
            known(matter.lead, ("minutes", "matters", i, "lead"))
            for k, unit_id in enumerate(matter.cooperating):
                known(unit_id, ("minutes", "matters", i, "cooperating", k))
        for group in ("present", "absent"):
            for i, entry in enumerate(getattr(minutes.attendance, group)):
                path = ("minutes", "attendance", group, i, "unit")
                if known(entry.unit, path):
                    if not units[entry.unit].member and not _is_convener_unit(ds, entry.unit):
                        out.append(finding(
                            f"“{units[entry.unit].name}”不是联席会议成员单位，只能作为列席（写入 invited）",
                            path, rule="invited"))
        agreed = set()
        for i, agreement in enumerate(minutes.agreed_by):
            path = ("minutes", "agreed_by", i, "unit")
            if known(agreement.unit, path):
                if agreement.unit not in attending:
                    out.append(finding(f"“{units[agreement.unit].display_name}”不是与会单位，无需同意纪要", path,
                                       rule="minutes"))
                if agreement.unit in agreed:
                    out.append(finding(f"“{units[agreement.unit].display_name}”重复记录同意", path,
                                       rule="minutes"))
                agreed.add(agreement.unit)
        for k, unit_id in enumerate(minutes.distribute or []):
            known(unit_id, ("minutes", "distribute", k))
        pending = [u for u in agreeing_units(ds, meeting) if u not in agreed]
        if minutes.status in ("agreed", "issued") and pending and not meeting.example:
            from .meetings import MINUTES_STATUS_NAMES

            names = "、".join(ds.unit_name(u) for u in pending)
            out.append(finding(f"纪要状态为{MINUTES_STATUS_NAMES[minutes.status]}，但以下与会单位尚未同意：{names}",
                               ("minutes", "status"), rule="minutes"))
        if minutes.status == "issued" and (minutes.number is None or minutes.date is None):
            out.append(finding("已印发（issued）的纪要须有期号（number）和印发日期（date）",
                               ("minutes", "status"), rule="minutes"))
    return out


def _is_convener_unit(ds, unit_id: str) -> bool:
    return any(s.unit == unit_id and s.role in CONVENER_ROLES for s in ds.members.seats)


def check_date(meeting, today: dt.date, *, notice: bool, calendar=None) -> list[Problem]:
    """A day off (weekend, holiday, not a make-up workday) warns, naming the holiday; a past date
    warns when a notice is being prepared for it."""
    from .holidays import WorkCalendar, unknown_note

    out: list[Problem] = []
    if meeting.date is None or meeting.example or meeting.cancelled is not None:
        return out
    day = meeting.date
    info = (calendar or WorkCalendar()).day(day)
    if not info.workday:
        note = "" if info.known else f"；{unknown_note(day.year)}"
        out.append(finding(f"会议日期 {day.isoformat()} 是{info.describe()}{note}", ("date",), "warning", "date"))
    if notice and day < today and meeting.notice is None:
        out.append(finding(f"会议日期 {day.isoformat()} 已过（今天是 {today.isoformat()}）", ("date",),
                           "warning", "date"))
    return out


def check_meeting(ds, meeting, today: dt.date, *, notice: bool = False) -> list[Problem]:
    """Every per-meeting rule. ``notice``: also warn about a past date."""
    return (check_presider(ds, meeting) + check_approval(ds, meeting) + check_units(ds, meeting)
            + check_date(meeting, today, notice=notice, calendar=_calendar(ds)))


def _calendar(ds):
    from .holidays import calendar

    root = getattr(ds, "root", None)
    return calendar(root, strict=False) if root is not None else None


# ---------------------------------------------------------------- across meetings


def check_yearly(ds, records) -> list[tuple[object, Problem]]:
    """Per-year rules (examples ignored): sequence numbers unique; one regular liaison meeting a year."""
    out = []
    by_year: dict[tuple[int, str], list] = {}
    for record in records:
        m = record.meeting
        if m.example or m.date is None or m.cancelled is not None:  # a cancelled meeting was not held
            continue
        by_year.setdefault((m.date.year, m.kind), []).append(record)
    for (year, kind), group in sorted(by_year.items()):
        group.sort(key=lambda r: (r.meeting.date, r.meeting.time or "", r.id))
        seen: dict[int, str] = {}
        for record in group:
            seq = record.meeting.sequence
            if seq is not None:
                if seq in seen:
                    out.append((record, finding(
                        f"{year} 年第 {seq} 次{_kind_name(kind)}与 {seen[seq]} 重复", ("sequence",),
                        rule="sequence")))
                seen[seq] = record.id
        if kind == "liaison":
            rule = ds.charter.meeting_rule("liaison")
            per_year = rule.per_year if rule and rule.per_year else 1
            regular = [r for r in group if not r.meeting.adhoc]
            for record in regular[per_year:]:
                out.append((record, finding(
                    f"{year} 年已召开 {per_year} 次联络员会议（工作规则：原则上每年 {per_year} 次），"
                    "再次召开属临时联络员会议：请用 --adhoc 登记，并用 --approved-by 姓名 --approved-on 日期 记录召集人同意",
                    ("adhoc",), rule="approval")))
        if kind == "plenary":
            rule = ds.charter.meeting_rule("plenary")
            per_year = rule.per_year if rule and rule.per_year else 1
            for record in group[per_year:]:
                out.append((record, finding(
                    f"{year} 年已有 {per_year} 次例会（工作规则：原则上每年 {per_year} 次）；"
                    "根据需要另行召集的会议请用 --type 临时会议",
                    ("kind",), "warning", "per-year")))
    return out


def _kind_name(kind: str) -> str:
    from .meetings import KIND_NAMES

    return KIND_NAMES[kind]


def notice_number_text(settings, year: int, n: int) -> str:
    return settings.notice_number.replace("{year}", str(year)).replace("{n}", str(n))


def minutes_number_text(settings, n, day: Optional[dt.date] = None) -> str:
    """第N期 (or the configured form; ``{year}`` is the issue year when the form uses it)."""
    return settings.minutes_number.replace("{year}", str(day.year) if day else "").replace("{n}", str(n))


def check_numbers(settings, registers, reg_doc, records) -> list[tuple[object, Problem]]:
    """A document number is never reused: the register has no duplicates, and every number a
    meeting carries is registered to that meeting (examples carry no registered numbers)."""
    out: list[tuple[object, Problem]] = []
    notices: dict[tuple, int] = {}
    for i, entry in enumerate(registers.notices):
        if entry.year is None:
            out.append((reg_doc, finding("通知文号须写明年份（year）", ("notices", i), rule="number")))
            continue
        key = (entry.year, entry.number)
        text = notice_number_text(settings, entry.year, entry.number)
        if key in notices:
            out.append((reg_doc, finding(f"文号 {text} 重复登记（第一次登记在 notices[{notices[key]}]），文号不得重复使用",
                                         ("notices", i, "number"), rule="number")))
        else:
            notices[key] = i
    minutes: dict[int, int] = {}
    for i, entry in enumerate(registers.minutes):
        text = minutes_number_text(settings, entry.number)
        if entry.number in minutes:
            out.append((reg_doc, finding(f"纪要{text}重复登记（第一次登记在 minutes[{minutes[entry.number]}]），期号不得重复使用",
                                         ("minutes", i, "number"), rule="number")))
        else:
            minutes[entry.number] = i
    for record in records:
        m = record.meeting
        if m.notice is not None and not m.example:
            key = (m.notice.year, m.notice.number)
            text = notice_number_text(settings, *key)
            idx = notices.get(key)
            if idx is None:
                out.append((record, finding(f"文号 {text} 未在登记簿 registers.yaml 中登记", ("notice", "number"),
                                            rule="number")))
            elif registers.notices[idx].void:
                out.append((record, finding(f"文号 {text} 已作废，会议记录中不应再带这个号", ("notice", "number"),
                                            rule="number")))
            elif registers.notices[idx].meeting != record.id:
                out.append((record, finding(
                    f"文号 {text} 已登记给 {registers.notices[idx].meeting or '其他文件'}，不得重复使用",
                    ("notice", "number"), rule="number")))
        if m.minutes is not None and m.minutes.number is not None and not m.example:
            text = minutes_number_text(settings, m.minutes.number)
            idx = minutes.get(m.minutes.number)
            if idx is None:
                out.append((record, finding(f"纪要{text}未在登记簿 registers.yaml 中登记",
                                            ("minutes", "number"), rule="number")))
            elif registers.minutes[idx].meeting != record.id:
                out.append((record, finding(
                    f"纪要{text}已登记给 {registers.minutes[idx].meeting or '其他文件'}，不得重复使用",
                    ("minutes", "number"), rule="number")))
    return out


def next_notice_number(registers, year: int) -> int:
    used = [e.number for e in registers.notices if e.year == year]
    return max(used, default=0) + 1


def next_minutes_number(registers) -> int:
    return max((e.number for e in registers.minutes), default=0) + 1


# ---------------------------------------------------------------- validate hook


def check_meetings_dir(root, collector) -> None:
    """``lianxi validate``: every meeting file (schema + rules), documents.yaml, registers.yaml."""
    from .dates import today
    from .dataset import Dataset
    from .errors import DataErrors, Problem
    from .meetings import DOCUMENTS_FILE, FILE_RE, REGISTERS_FILE, DocumentSettings, Registers, load_meetings
    from .store import load_optional

    settings, _ = load_optional(root, DOCUMENTS_FILE, DocumentSettings, collector)
    registers, reg_doc = load_optional(root, REGISTERS_FILE, Registers, collector)
    settings, registers = settings or DocumentSettings(), registers or Registers()  # problems reported
    first = len(collector.problems)
    records = load_meetings(root, collector)
    ds = Dataset(root)
    try:
        ds.members, ds.charter  # noqa: B018 - core files must load for the rule checks
    except DataErrors:
        return  # check_core has reported them
    _name_the_unit_ids(ds, root, collector, first)
    from .meetings import NUMBER_FORMAT_HINT, missing_number_format

    reason = missing_number_format(settings, ds.charter)
    if reason is not None:
        collector.add(Problem(f"{reason}；正式印发通知、通报前须写明（{NUMBER_FORMAT_HINT}）",
                              file=DOCUMENTS_FILE, rule="number", severity="warning"))
    day = today()
    for record in records:
        m = record.meeting
        match = FILE_RE.match(record.path.name)
        if match is None:
            collector.add(record.doc.problem(
                "文件名应为 日期-种类.yaml，如 2027-03-16-liaison.yaml（种类：plenary、adhoc、liaison、topic）",
                (), rule="file-name"))
        else:
            if m.date is None or match.group(1) != m.date.isoformat():
                collector.add(record.doc.problem(f"会议日期与文件名不一致：文件名为 {match.group(1)}", ("date",),
                                                 rule="file-name"))
            if match.group(2) != m.kind:
                collector.add(record.doc.problem(f"会议种类与文件名不一致：文件名为 {match.group(2)}", ("kind",),
                                                 rule="file-name"))
        for found in check_meeting(ds, m, day, notice=m.minutes is None):
            collector.add(found.located(record.doc))
    pairs = check_yearly(ds, records) + check_numbers(settings, registers, reg_doc, records)
    for owner, found in pairs:
        doc = owner.doc if hasattr(owner, "meeting") else owner
        collector.add(found.located(doc) if doc is not None else
                      Problem(found.message, file=REGISTERS_FILE, rule=found.rule, severity=found.severity))


_UNIT_FIELDS = {"lead", "cooperating", "unit", "attending", "distribute"}


def _name_the_unit_ids(ds, root, collector, first: int) -> None:
    """A unit written by its name where a meeting file wants its id (``lead: 区消防救援大队``):
    the problem says which id that unit has (or that no unit has that exact name)."""
    import dataclasses

    from .meetings import meeting_files
    from .query import unit_matcher
    from .store import display_path

    files = None
    for i in range(first, len(collector.problems)):
        problem = collector.problems[i]
        fields = [p for p in problem.path if isinstance(p, str)]
        if problem.rule != "schema" or not fields or fields[-1] not in _UNIT_FIELDS:
            continue
        if files is None:
            files = {display_path(p): p for p in meeting_files(root)}
        path = files.get(problem.file)
        if path is None:
            continue
        try:
            import yaml

            value = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
            for part in problem.path:
                value = value[part]
        except Exception:  # only a hint: without the value the message stays as it is
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            unit_id = unit_matcher(ds).find_exact(value)
        except Exception:
            hint = f"；没有名为“{value}”的单位（编号见 lianxi roster 或 members.yaml）"
        else:
            hint = f"；“{value}”的编号是 {unit_id}，请写 {unit_id}"
        collector.problems[i] = dataclasses.replace(problem, message=problem.message + hint)
