"""Personnel succession: record who takes over a seat, and from when.

The establishing notice says 今后遇人事变动，由联席会议成员单位相应负责人接替，不再另行发文调整:
no new notice is issued when people change posts, so the office records each change
itself. A change closes the outgoing holder's term the day before and opens the new
one; history is kept, so a query for an earlier date still names the people of that day.

The pipeline, shared by ``succession apply``, ``succession apply --from`` and
``liaison set``:

1. :class:`Request` — what the user asked (unit, role, person, date …);
2. :func:`plan` — find the seat and check the rules against the current data → :class:`Step`;
3. :func:`edit_text` — splice the change into ``members.yaml`` (:mod:`lianxi.yamlwrite`),
   leaving every line outside the seat byte-identical;
4. :func:`apply` — under the directory lock: plan and edit every request, re-validate the
   result with everything ``lianxi validate`` checks, then write it atomically — or
   nothing at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import Field, PlainValidator, WithJsonSchema

from .errors import Ambiguous, Collector, DataError, DataErrors, LianxiError, NotFound, Problem, UsageProblem
from .model import PHONE_FORMS, ROLES, Holder, MembersFile, Phone, Role, Seat, Strict, Text, normalize_phone
from .yamldoc import Document

MEMBERS = "members.yaml"
LIAISON = "联络员"
FUTURE_LIMIT_DAYS = 366  # a date further ahead than this needs --force
NO_WRITE = "未做任何修改。"


class AmbiguousSeat(Ambiguous):
    """Several seats fit a request; the user chooses with --role or --replace."""

    def render(self) -> str:
        lines = [self.message, "可选的席位："]
        lines += [f"  {c}" for c in self.candidates]
        return "\n".join(lines)


@dataclass
class Request:
    """One requested change, as typed on the command line or written in a changes file."""

    name: str
    date: dt.date
    post: Optional[str] = None
    unit: Optional[str] = None
    role: Optional[str] = None
    replace: Optional[str] = None
    reason: Optional[str] = None
    phone: Optional[str] = None
    liaison: bool = False  # ``liaison set``: role 联络员, post defaults to the seat's, phone updates allowed
    vacate: bool = False  # ``succession vacate``: the holder leaves on ``date``, nobody takes over yet
    where: Optional[tuple[Document, tuple]] = None  # the entry in a changes file


@dataclass
class Step:
    """A request resolved against the data: which seat, who leaves, who arrives."""

    request: Request
    seat: Seat
    seat_index: int
    unit_name: str
    kind: str  # "succession" | "first" (empty seat) | "phone" | "recorded" | "vacate" | "vacated" (recorded)
    outgoing: Optional[Holder] = None
    outgoing_index: Optional[int] = None
    incoming: dict[str, Any] = field(default_factory=dict)
    old_phone: Optional[str] = None

    @property
    def changes(self) -> bool:
        return self.kind not in ("recorded", "vacated")

    def view(self) -> dict:
        from .views import person

        holder = self.incoming
        return {
            "seat": self.seat.id,
            "role": self.seat.role,
            "unit": self.unit_name,
            "kind": self.kind,
            "date": self.request.date.isoformat(),
            "outgoing": person(self.outgoing) if self.outgoing else None,
            "outgoing_end": ((self.request.date if self.request.vacate else self.request.date - dt.timedelta(days=1))
                             .isoformat() if self.outgoing else None),
            "reason": self.request.reason if self.request.vacate else None,
            "incoming": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in holder.items()},
            "old_phone": self.old_phone,
        }


@dataclass
class Outcome:
    steps: list[Step]
    path: Path
    before: str
    after: str
    written: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after


# ------------------------------------------------------------------ requests


def check_phone(phone: Optional[str], option: str = "--phone") -> Optional[str]:
    """A phone number typed on the command line, in its stored form (a usage error if it is none)."""
    if phone is None:
        return None
    normal = normalize_phone(phone)
    if normal is None:
        raise UsageProblem(f"{option} 的值 {phone.strip()} 不是电话号码。应为带区号的固定电话或 11 位手机号，"
                           f"可写作 {PHONE_FORMS}；保存为 0595-87654321、0595-87654321-801 或 13912345678 的形式")
    return normal


def make_request(*, name: Optional[str], date: Optional[dt.date], post: Optional[str] = None,
                 unit: Optional[str] = None, role: Optional[str] = None, replace: Optional[str] = None,
                 reason: Optional[str] = None, phone: Optional[str] = None,
                 liaison: bool = False) -> Request:
    """A request from command-line values, checked for what can be checked without data."""
    for label, value in (("单位", unit), ("--name", name), ("--post", post), ("--replace", replace),
                         ("--reason", reason), ("--phone", phone)):
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageProblem(f"{label} 含有无法识别的字符（请检查终端的编码是否为 UTF-8）") from None
        if any(ch in value for ch in "\n\r\t"):
            raise UsageProblem(f"{label} 不能含有换行或制表符")
    if not name or not name.strip():
        raise UsageProblem("请用 --name 给出接任者姓名")
    if date is None:
        raise UsageProblem("请用 --date 给出接任日期，如 --date 2027-03-01")
    if not unit and not replace:
        raise UsageProblem("请给出单位（如 公安），或用 --replace 给出现任者姓名")
    if role is not None and role not in ROLES:
        raise UsageProblem(f"--role 的值 {role} 无效，应为：{'、'.join(ROLES)}")
    if post is not None and not post.strip():
        raise UsageProblem("--post 不能为空")
    return Request(name=name.strip(), date=date, post=post.strip() if post else None,
                   unit=unit, role=LIAISON if liaison else role, replace=replace.strip() if replace else None,
                   reason=reason.strip() if reason and reason.strip() else None,
                   phone=check_phone(phone), liaison=liaison)


def make_vacate_request(*, unit: Optional[str], date: Optional[dt.date], role: Optional[str] = None,
                        replace: Optional[str] = None, reason: Optional[str] = None) -> Request:
    """``succession vacate``: the holder of a seat leaves on ``date`` (the last day in office)."""
    for label, value in (("单位", unit), ("--replace", replace), ("--reason", reason)):
        if value is not None and any(ch in value for ch in "\n\r\t"):
            raise UsageProblem(f"{label} 不能含有换行或制表符")
    if date is None:
        raise UsageProblem("请用 --date 给出离任日期（任期最后一天），如 --date 2027-02-28")
    if not unit and not replace:
        raise UsageProblem("请给出单位（如 公安），或用 --replace 给出现任者姓名")
    if role is not None and role not in ROLES:
        raise UsageProblem(f"--role 的值 {role} 无效，应为：{'、'.join(ROLES)}")
    if reason is None or not reason.strip():
        raise UsageProblem("请用 --reason 给出离任原因，如 --reason 退休")
    return Request(name="", date=date, unit=unit, role=role, replace=replace.strip() if replace else None,
                   reason=reason.strip(), vacate=True)


def _typed_date(value: Any) -> dt.date:
    """A changes file's date in any form ``--date`` takes (2027-03-01, 2027-3-1, 2027/3/1, 2027年3月1日 …)."""
    from pydantic_core import PydanticCustomError

    from .dates import DATE_FORMS, read_date

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    day = read_date(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if day is None:
        raise PydanticCustomError("date", "应为日期，可写作 {forms}", {"forms": DATE_FORMS})
    return day


# A date as typed on the command line: a changes file is written by hand, like --date.
TypedDate = Annotated[dt.date, PlainValidator(_typed_date), WithJsonSchema({"type": "string", "format": "date",
                                                             "description": "日期，写法同 --date，如 2027-03-01、2027年3月1日"})]


class ChangeEntry(Strict):
    """One change in a changes file (``succession apply --from``)."""

    unit: Optional[Text] = Field(None, description="单位：名称、简称、别名或拼音，如 公安")
    role: Optional[Role] = Field(None, description="席位，如 成员、副召集人、联络员；单位只有一个席位时可省略")
    replace: Optional[Text] = Field(None, description="现任者姓名（用于定位席位）")
    name: Text = Field(description="接任者姓名")
    post: Optional[Text] = Field(None, description="接任者职务；联络员可省略（取席位要求的职务）")
    date: Optional[TypedDate] = Field(None, description="接任日期，写法同 --date；省略时用文件顶层的 date")
    reason: Optional[str] = Field(None, description="原因，如 工作调动；省略时用文件顶层的 reason")
    phone: Optional[Phone] = Field(None, description="联系电话（加引号）")


class ChangesFile(Strict):
    """A batch of changes (换届): validated as a whole, then all written or none."""

    date: Optional[TypedDate] = Field(None, description="各条变动的默认接任日期，写法同 --date")
    reason: Optional[str] = Field(None, description="各条变动的默认原因，如 换届")
    changes: list[ChangeEntry] = Field(min_length=1)


def load_changes(path: Path, problems: Optional[Collector] = None) -> list[Request]:
    """Read a changes file; every problem in it is reported at once, located.

    With ``problems`` the entries' problems are collected there, not raised, and the valid
    entries are still returned, so that :func:`apply` adds what planning finds in them and
    one run lists every error of the file (an entry's bad phone and another's unknown unit).
    """
    from .store import display_path, validate_model
    from .yamldoc import parse_text, read_text

    own = problems is None
    collector = Collector()
    display = display_path(path)
    if not path.is_file():
        raise UsageProblem(f"找不到变动文件：{display}")
    text = read_text(path, display, collector)
    doc = parse_text(text, path, display, collector) if text is not None else None
    batch = validate_model(doc, ChangesFile, collector) if doc is not None and not collector.errors else None
    if batch is None and doc is not None and not own:
        batch = _valid_entries(doc)  # the entries that are valid, to be planned as well
    if batch is None:
        collector.raise_if_errors()
        raise DataErrors([Problem("变动文件无效", file=display)])
    if not own:
        problems.problems.extend(collector.problems)
        collector = problems
    requests = []
    for i, entry in enumerate(batch.changes):
        where = ("changes", i)
        if entry is None:  # invalid: its problems are reported already
            continue
        date = entry.date or batch.date
        if date is None:
            collector.add(doc.problem("缺少接任日期：请写 date，或在文件顶层写默认的 date", where + ("date",),
                                      rule="changes"))
            continue
        if entry.unit is None and entry.replace is None:
            collector.add(doc.problem("请写明单位（unit）或现任者姓名（replace）", where, rule="changes"))
            continue
        requests.append(Request(
            name=entry.name.strip(), date=date, post=entry.post, unit=entry.unit, role=entry.role,
            replace=entry.replace, reason=entry.reason or batch.reason, phone=entry.phone,
            liaison=entry.role == LIAISON, where=(doc, where)))
    if own:
        collector.raise_if_errors()
    return requests


def _valid_entries(doc) -> Optional[ChangesFile]:
    """The changes file with its invalid entries as None (its top level must be valid)."""
    from pydantic import ValidationError

    raw = doc.data
    if not isinstance(raw, dict) or not isinstance(raw.get("changes"), list) or not raw["changes"]:
        return None
    entries = []
    for item in raw["changes"]:
        try:
            entries.append(ChangeEntry.model_validate(item))
        except ValidationError:
            entries.append(None)
    try:
        top = ChangesFile.model_validate({**raw, "changes": [e.model_dump() for e in entries if e][:1] or
                                          [{"name": "x"}]})
    except ValidationError:
        return None
    return ChangesFile.model_construct(date=top.date, reason=top.reason, changes=entries)


# ------------------------------------------------------------------ planning


def current_holder(seat: Seat) -> Optional[Holder]:
    """The holder whose term is still open (the last one, when it has no end)."""
    if seat.holders and seat.holders[-1].end is None:
        return seat.holders[-1]
    return None


def seat_label(ds, seat: Seat) -> str:
    holder = current_holder(seat)
    who = holder.name if holder else "空缺"
    return f"{ds.unit_name(seat.unit)} {seat.role}（{who}，席位 {seat.id}）"


def _replaced_already(seat: Seat, req: Request) -> bool:
    """Whether ``req`` (by --replace) is already recorded in the seat: the same change again."""
    from .query import norm

    return any(norm(a.name) == norm(req.replace or "") and b.name == req.name and b.start == req.date
               for a, b in zip(seat.holders, seat.holders[1:]))


def _find_seat(ds, members: MembersFile, req: Request) -> tuple[int, Seat]:
    from .query import norm, unit_matcher

    candidates = list(enumerate(members.seats))
    unit_id = None
    if req.unit:
        unit_id = unit_matcher(ds).find_exact(req.unit)
        candidates = [(i, s) for i, s in candidates if s.unit == unit_id]
        if not candidates:
            raise NotFound(f"{ds.unit_name(unit_id)} 在联席会议中没有席位")
    unit_seats = candidates
    if req.role:
        candidates = [(i, s) for i, s in candidates if s.role == req.role]
    if req.replace:
        candidates = [(i, s) for i, s in candidates
                      if ((h := current_holder(s)) is not None and norm(h.name) == norm(req.replace))
                      or _replaced_already(s, req)]
    elif not req.role:
        candidates = [(i, s) for i, s in candidates if s.role != LIAISON]
    if len(candidates) == 1:
        return candidates[0]
    where = ds.unit_name(unit_id) if unit_id else "联席会议"
    if not candidates:
        if req.replace:
            what = f"{where}没有现任者为“{req.replace}”的" + (f"{req.role}席位" if req.role else "席位")
            seats = [seat_label(ds, s) for _, s in unit_seats if s.role != LIAISON or req.role == LIAISON]
            hint = ("该单位的席位：" + "；".join(seats)) if unit_id and seats else None
            raise NotFound(what, hint=hint)
        seats = "；".join(seat_label(ds, s) for _, s in unit_seats)
        raise NotFound(f"{where}没有{req.role}席位", hint=f"该单位的席位：{seats}")
    raise AmbiguousSeat(f"{where}有 {len(candidates)} 个席位，请用 --role 指明（或用 --replace 给出现任者姓名）",
                    candidates=[seat_label(ds, s) for _, s in candidates])


def plan(ds, members: MembersFile, req: Request, *, today: dt.date, force: bool = False) -> Step:
    """Resolve ``req`` against ``members``; raise a LianxiError when a rule forbids it."""
    index, seat = _find_seat(ds, members, req)
    if req.vacate:
        return _plan_vacate(ds, req, index, seat, today=today, force=force)
    unit_name = ds.unit_name(seat.unit)
    label = f"{unit_name} {seat.role}"
    post = req.post or (seat.post if req.liaison or seat.role == LIAISON else None)
    if post is None:
        raise UsageProblem(f"请用 --post 给出 {req.name} 的职务（按任职文件写法，如 区公安分局副局长）")
    step = Step(request=req, seat=seat, seat_index=index, unit_name=unit_name, kind="recorded")
    current = current_holder(seat)

    # the same change again: reported, not duplicated
    for holder in seat.holders:
        if holder.name == req.name and holder.start == req.date:
            if req.post and holder.post != req.post:
                raise DataError(f"已有记录：{req.name} 自 {req.date} 起担任{label}，但职务记为“{holder.post}”，"
                                f"与 --post “{req.post}”不同；如需更正职务：lianxi succession correct "
                                f"{req.unit or ds.unit_name(seat.unit)} --holder {req.name} --post {req.post}。{NO_WRITE}")
            if req.phone and holder.phone != req.phone and holder is current:
                return _phone_step(step, current, req)
            step.incoming = _holder_fields(holder)
            return step
    if current is not None and current.name == req.name:
        if seat.role == LIAISON and req.liaison:
            if req.phone and req.phone != current.phone:
                return _phone_step(step, current, req)
            step.incoming = _holder_fields(current)
            return step
        since = current.start.isoformat() if isinstance(current.start, dt.date) else "未载明的日期"
        raise DataError(f"{req.name} 已担任{label}（自 {since} 起），不能由本人接替本人。{NO_WRITE}")

    last = seat.holders[-1] if seat.holders else None
    if last is not None:
        start = last.start if isinstance(last.start, dt.date) else None
        if start is not None and req.date <= start:
            raise DataError(f"接任日期 {req.date} 不晚于 {last.name} 的任职开始日期 {start}"
                            f"（{last.name} 的任期须在接任前一天结束）。{NO_WRITE}")
        if last.end is not None and req.date <= last.end:
            raise DataError(f"接任日期 {req.date} 不晚于前任 {last.name} 的任期结束日期 {last.end}。{NO_WRITE}")
    if req.date > today + dt.timedelta(days=FUTURE_LIMIT_DAYS) and not force:
        raise DataError(f"接任日期 {req.date} 距今（{today}）超过一年，可能写错了年份；"
                        f"如确实如此，请加 --force。{NO_WRITE}")
    step.kind = "succession" if current is not None else "first"
    if current is not None:
        step.outgoing = current
        step.outgoing_index = len(seat.holders) - 1
    step.incoming = {
        "name": req.name, "post": post, "start": req.date, "phone": req.phone,
        "reason": req.reason, "recorded": today,
    }
    return step


def _plan_vacate(ds, req: Request, index: int, seat: Seat, *, today: dt.date, force: bool) -> Step:
    label = f"{ds.unit_name(seat.unit)} {seat.role}"
    step = Step(request=req, seat=seat, seat_index=index, unit_name=ds.unit_name(seat.unit), kind="vacate")
    current = current_holder(seat)
    if current is None:
        last = seat.holders[-1] if seat.holders else None
        if last is not None and last.end == req.date:
            step.kind = "vacated"  # the same vacancy again
            step.outgoing = last
            return step
        if last is not None and last.end is not None:
            raise DataError(f"{label}已于 {last.end} 空缺（{last.name} 离任），无需再记录离任。{NO_WRITE}")
        raise DataError(f"{label}目前空缺（无在任者），无需记录离任。{NO_WRITE}")
    start = current.start if isinstance(current.start, dt.date) else None
    if start is not None and req.date < start:
        raise DataError(f"离任日期 {req.date} 早于 {current.name} 的任职开始日期 {start}。{NO_WRITE}")
    if req.date > today + dt.timedelta(days=FUTURE_LIMIT_DAYS) and not force:
        raise DataError(f"离任日期 {req.date} 距今（{today}）超过一年，可能写错了年份；"
                        f"如确实如此，请加 --force。{NO_WRITE}")
    step.outgoing = current
    step.outgoing_index = len(seat.holders) - 1
    return step


def _phone_step(step: Step, current: Holder, req: Request) -> Step:
    step.kind = "phone"
    step.old_phone = current.phone
    step.outgoing_index = len(step.seat.holders) - 1
    step.incoming = _holder_fields(current) | {"phone": req.phone}
    return step


def _holder_fields(holder: Holder) -> dict[str, Any]:
    return {k: v for k, v in holder.model_dump().items() if v is not None}


# ------------------------------------------------------------------ editing


def edit_text(text: str, step: Step) -> str:
    """Splice one planned step into the text of members.yaml."""
    from . import yamlwrite

    seat_path = ("seats", step.seat_index)
    if step.kind == "vacate":
        holder = seat_path + ("holders", step.outgoing_index)
        text = yamlwrite.set_key(text, holder, "end", step.request.date)
        return yamlwrite.set_key(text, holder, "end_reason", step.request.reason)
    if step.kind == "phone":
        return yamlwrite.set_key(text, seat_path + ("holders", step.outgoing_index), "phone",
                                step.request.phone, quote=True)
    if step.kind == "succession":
        end = step.request.date - dt.timedelta(days=1)
        text = yamlwrite.set_key(text, seat_path + ("holders", step.outgoing_index), "end", end)
    if step.kind in ("succession", "first"):
        fields = {k: v for k, v in step.incoming.items() if v is not None}
        text = yamlwrite.append_mapping_item(text, seat_path, "holders", fields, quote=("phone",))
    return text


# ------------------------------------------------------------------ applying


def apply(root: Path, requests: list[Request], *, force: bool = False, dry_run: bool = False,
          today: Optional[dt.date] = None, problems: Optional[Collector] = None) -> Outcome:
    """Plan, edit, validate and (unless ``dry_run``) write all requests — or nothing.

    ``problems``: those already found in the changes file (:func:`load_changes`); reported
    together with what planning finds, and nothing is written."""
    from .dates import today as _today
    from .store import data_lock

    today = today or _today()
    root = Path(root)
    with (contextlib.nullcontext() if dry_run else data_lock(root)):
        return _apply_locked(root, requests, force=force, dry_run=dry_run, today=today,
                             problems=problems if problems is not None else Collector())


def prepare(root: Path, requests: list[Request], *, force: bool = False,
            today: Optional[dt.date] = None) -> Outcome:
    """Plan, edit and validate ``requests`` like :func:`apply`, writing nothing (the caller holds
    the lock and writes ``outcome.after`` with :func:`lianxi.store.atomic_write`): how a change
    in several data directories at once (``lianxi workspace succession``) is checked in every
    one of them before any is written."""
    from .dates import today as _today

    return _apply_locked(Path(root), requests, force=force, dry_run=True, today=today or _today(),
                         problems=Collector())


def read_members(root: Path):
    """members.yaml as (document, model) for a write; refused, nothing written, when it is not valid."""
    from .store import read_document, validate_model

    collector = Collector()
    doc = read_document(root, MEMBERS, collector)
    members = validate_model(doc, MembersFile, collector) if doc is not None else None
    if members is None or collector.errors:
        raise DataErrors(collector.errors or [Problem("数据无效", file=MEMBERS)],
                         hint=f"{MEMBERS} 本身有错误，请先修正（运行 lianxi validate 查看）。{NO_WRITE}")
    return doc, members


def _apply_locked(root: Path, requests: list[Request], *, force: bool, dry_run: bool,
                  today: dt.date, problems: Collector) -> Outcome:
    from .dataset import Dataset
    from .store import atomic_write, check_text, overlay
    from .validation import validate_dir

    path = root / MEMBERS
    doc, members = read_members(root)
    ds = Dataset(root)
    try:
        ds.duties  # unit matching also uses the department names
    except DataErrors as exc:
        raise DataErrors(exc.problems, hint=f"数据目录有错误，请先修正（运行 lianxi validate 查看）。{NO_WRITE}") from None
    before = text = doc.text
    steps: list[Step] = []
    for req in requests:
        try:
            step = plan(ds, members, req, today=today, force=force)
        except LianxiError as exc:
            if req.where is None:
                raise
            entry_doc, where = req.where
            problems.add(entry_doc.problem(_one_line(exc), where))
            continue
        steps.append(step)
        if step.changes:
            text = edit_text(text, step)
            members = check_text(text, path, MembersFile)
    if problems.errors:
        raise DataErrors(sorted(problems.errors, key=lambda p: (p.line or 0, p.column or 0)),
                         hint=f"变动文件中有错误，{NO_WRITE}")
    outcome = Outcome(steps=steps, path=path, before=before, after=text, written=False)
    if not outcome.changed:
        return outcome
    with overlay({path: text}):
        result = validate_dir(root)
    if result.errors:
        raise DataErrors(result.errors, hint=f"修改后的数据未通过校验（lianxi validate），{NO_WRITE}")
    if not dry_run:
        atomic_write(path, text, root=root)
        outcome.written = True
    return outcome


def _one_line(exc: LianxiError) -> str:
    """An error as one line, for a located problem in a changes file."""
    if isinstance(exc, Ambiguous):
        return f"{exc.message}：" + "；".join(exc.candidates)
    text = exc.message
    if isinstance(exc, NotFound) and exc.suggestions:
        text += "（您是不是要找：" + "、".join(exc.suggestions) + "）"
    if exc.hint:
        text += "；" + exc.hint
    return text.replace("\n", "；")


# ------------------------------------------------------------------ corrections


@dataclass
class Correction:
    """A holder's record corrected in place (a misspelt name, a wrong post …): no new term."""

    seat: Seat
    unit_name: str
    holder: Holder
    changes: list  # (label, before, after)
    written: bool = False


CORRECTABLE = (("name", "姓名"), ("post", "职务"), ("phone", "联系电话"), ("start", "任职开始日期"))


def correct(root: Path, *, unit: Optional[str], role: Optional[str] = None, holder: Optional[str] = None,
            name: Optional[str] = None, post: Optional[str] = None, phone: Optional[str] = None,
            start: Optional[dt.date] = None) -> Correction:
    """Correct the current holder of a seat (or the holder named ``holder``) in members.yaml.

    A repeat (the record already says so) is :class:`~lianxi.errors.NothingToDo`. Under
    ``store.dry_run`` nothing is written. A start date moved also moves the end of the previous
    holder's term when it ended the day before the old start.
    """
    from . import yamlwrite
    from .dataset import Dataset
    from .errors import NothingToDo
    from .query import norm
    from .store import atomic_write, check_text, data_lock, overlay
    from .validation import validate_dir

    wanted = {"name": name, "post": post, "phone": phone, "start": start}
    if all(v is None for v in wanted.values()):
        raise UsageProblem("请给出要更正的内容：--name、--post、--phone 或 --start")
    for key in ("name", "post"):
        if wanted[key] is not None:
            if not wanted[key].strip():
                raise UsageProblem(f"--{key} 不能为空")
            wanted[key] = wanted[key].strip()
    if not unit and not holder:
        raise UsageProblem("请给出单位（如 公安），或用 --holder 给出要更正的人员姓名")
    root = Path(root)
    path = root / MEMBERS
    with data_lock(root):
        doc, members = read_members(root)
        ds = Dataset(root)
        req = Request(name=holder or "", date=dt.date.min, unit=unit, role=role,
                      replace=holder if not unit else None)
        index, seat = _find_seat(ds, members, req)
        if holder:
            found = [i for i, h in enumerate(seat.holders) if norm(h.name) == norm(holder)]
            if not found:
                raise NotFound(f"{seat_label(ds, seat)} 的任职记录中没有“{holder}”",
                               hint="历任：" + "、".join(h.name for h in seat.holders) if seat.holders else None)
            at = found[-1]
        else:
            current = current_holder(seat)
            if current is None:
                raise DataError(f"{seat_label(ds, seat)} 没有在任者，没有可更正的记录。{NO_WRITE}")
            at = len(seat.holders) - 1
        record = seat.holders[at]
        text = doc.text
        changes = []
        holder_path = ("seats", index, "holders", at)
        for key, label in CORRECTABLE:
            value = wanted[key]
            old = getattr(record, key)
            if value is None or value == old:
                continue
            changes.append((label, old, value))
            text = yamlwrite.set_key(text, holder_path, key, value, quote=key == "phone")
            if key == "start" and at > 0 and isinstance(old, dt.date):
                previous = seat.holders[at - 1]
                if previous.end == old - dt.timedelta(days=1):
                    text = yamlwrite.set_key(text, ("seats", index, "holders", at - 1), "end",
                                             value - dt.timedelta(days=1))
                    changes.append((f"前任 {previous.name} 的任期结束日期", previous.end, value - dt.timedelta(days=1)))
        outcome = Correction(seat=seat, unit_name=ds.unit_name(seat.unit), holder=record, changes=changes)
        if not changes:
            raise NothingToDo(f"{outcome.unit_name} {seat.role} {record.name} 的记录已是如此，无需变动；{NO_WRITE}")
        check_text(text, path, MembersFile)
        with overlay({path: text}):
            result = validate_dir(root)
        if result.errors:
            raise DataErrors(result.errors, hint=f"更正后的数据未通过校验（lianxi validate），{NO_WRITE}")
        atomic_write(path, text, root=root)
        from .store import is_dry_run

        outcome.written = not is_dry_run()
    return outcome


# ------------------------------------------------------------------ history


def log_entries(ds, *, since: Optional[dt.date] = None, unit_id: Optional[str] = None) -> list[dict]:
    """Every recorded change (a term with a known start), oldest first."""
    from .views import person, unit_ref

    out = []
    for order, seat in enumerate(ds.members.seats):
        if unit_id is not None and seat.unit != unit_id:
            continue
        for j, holder in enumerate(seat.holders):
            if not isinstance(holder.start, dt.date):
                continue
            if since is not None and holder.start < since:
                continue
            previous = seat.holders[j - 1] if j > 0 else None
            out.append({
                "date": holder.start.isoformat(),
                "seat": seat.id,
                "role": seat.role,
                "unit": unit_ref(ds, seat.unit),
                "previous": person(previous),
                "holder": person(holder),
                "reason": holder.reason,
                "recorded": holder.recorded.isoformat() if holder.recorded else None,
                "_order": order,
            })
    out.sort(key=lambda e: (e["date"], e["_order"]))
    for entry in out:
        del entry["_order"]
    return out
