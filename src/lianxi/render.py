"""Documents from data: the context of a notice or minutes, the Jinja templates, the outputs.

Every document is rendered by ONE template (``templates/<kind>.md.j2``) into *annotated
Markdown* (see the document contract, “模板与文档格式” in docs/会议与文书.md): marker comments such as
``<!-- signature -->`` say how the following block is laid out. :func:`to_markdown`
strips the markers for the Markdown output; the Word writer reads the annotated text.

The context is computed here, in Python, so a template only lays text out. Missing
particulars are visible placeholders ``〔待定：会议时间〕`` — never an empty line — and the
environment uses ``StrictUndefined`` in a sandbox, so a template mistake is an error, not
a silently blank line in an official document.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import Optional

from .errors import DataError, LianxiError, os_reason
from .rules import agreeing_units, attending_units, minutes_number_text, resolve_person
from .textcn import break_title, cn_date, cn_numeral, full_stop, pending


# ---------------------------------------------------------------- formatting


def clock(time: str, style: str = "15:00") -> str:
    """A clock time in the office's one style (documents.yaml ``clock``): ``15:00`` (the
    24-hour clock, no 上午/下午) or ``下午3时`` (下午3时30分)."""
    hour, minute = (int(x) for x in time.split(":"))
    if style == "15:00":
        return f"{hour}:{minute:02d}"
    twelve = hour - 12 if hour > 12 else hour
    return f"{half_day(time)}{twelve}时" + (f"{minute}分" if minute else "")


def half_day(time: Optional[str]) -> str:
    if time is None:
        return ""
    hour = int(time.split(":")[0])
    return "上午" if hour < 12 else ("下午" if hour < 18 else "晚上")


def deadline_text(day: dt.date) -> str:
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{day.year}年{day.month}月底前"
    return f"{cn_date(day)}前"


def full_name(ds, unit) -> str:
    """A unit's name with the region, for a signature: 区卫生健康局 → 泉港区卫生健康局."""
    region = ds.charter.region or ""
    name = unit.name
    if not region or name.startswith(region):
        return name
    if name.startswith("区") and region.endswith("区"):
        return region + name[1:]
    return region + name


def signature_lines(ds, settings=None) -> list[str]:
    """The issuer and, under it, the sealing note: ``documents.yaml``'s ``seal_note``, else the one
    the charter's seal rule requires (（泉港区卫生健康局代章）). Without ``settings`` (the follow-up
    documents) the issuer is the office."""
    charter = ds.charter
    lines = [issuer_name(ds, settings)]
    if settings is not None and settings.seal_note:
        lines.append(settings.seal_note)
    elif charter.seal is not None and not charter.seal.office_has_seal and charter.seal.sealing_unit:
        unit = ds.unit(charter.seal.sealing_unit)
        if unit is not None:
            lines.append(f"（{full_name(ds, unit)}代章）")
    return lines


def issuer_name(ds, settings=None) -> str:
    charter = ds.charter
    issuer = settings.issuer if settings is not None else None
    name = issuer or (charter.office.name if charter.office else charter.name)
    from .model import UNKNOWN

    return pending("发文单位") if name == UNKNOWN else name


def kind_name(meeting) -> str:
    if meeting.kind == "liaison":
        return "临时联络员会议" if meeting.adhoc else "联络员会议"
    if meeting.kind == "topic":
        return f"{meeting.subject}专题会议" if meeting.subject else f"{pending('会议专题')}专题会议"
    return {"plenary": "全体会议", "adhoc": "临时会议"}[meeting.kind]


def person_text(holder) -> str:
    return f"{holder.post}{holder.name}"


def reply_deadline(day: dt.date, days: int, calendar=None) -> dt.date:
    """``days`` before the meeting, moved back to the last working day (weekends, holidays, 调休)."""
    from .holidays import WorkCalendar

    return (calendar or WorkCalendar()).last_workday_on_or_before(day - dt.timedelta(days=days))


def invited_text(guest) -> str:
    """A guest as invited: the office's own wording when given; else a person by body, post or
    title, and name (区应急管理局副局长某某, 泉州市消防技术服务中心高级工程师赵某某, 福建医科大学李教授),
    a unit without a name as 有关负责同志."""
    if guest.wording:
        return guest.wording
    if guest.person:
        return f"{guest.name}{guest.post or ''}{guest.person}"
    if guest.kind == "department":
        return f"{guest.name}有关负责同志"
    return guest.name if "专家" in guest.name else f"{guest.name}专家"


def masthead_text(ds, settings=None) -> str:
    """The issuing-organ mark of the 版头 (layout.yaml ``masthead``): its ``mark``, else the
    issuer, followed by 文件 in the 文件格式."""
    from .layout import load_layout

    head = load_layout(ds.root).masthead
    if head.mark:
        return head.mark
    name = issuer_name(ds, settings)
    return name + "文件" if head.style == "file" else name


def imprint_lines(ds, settings, day_text: str, cc=()) -> list[str]:
    """The 版记 of a notice: 抄送 (documents.yaml ``cc`` and ``--cc``), then the 印发机关 and
    the 印发日期 on one line; none when documents.yaml says ``imprint: false``."""
    if settings is not None and not settings.imprint:
        return []
    names = list(dict.fromkeys([*(settings.cc if settings is not None else []), *cc]))
    lines = [f"抄送：{'、'.join(names)}。"] if names else []
    lines.append(f"{issuer_name(ds, settings)}\u3000\u3000{day_text}印发")
    return lines


def addressee_text(ds, settings, meeting) -> str:
    """主送: the meeting's addressees when it names them (``addressees``), else its
    attending units when it is not for every member unit, else documents.yaml's addressee."""
    ids = getattr(meeting, "addressees", None) or (
        meeting.attending if meeting.attending is not None else None)
    if ids:
        return "、".join(ds.unit_name(u) for u in ids) + "："
    return settings.addressee


# ---------------------------------------------------------------- contexts


def _seat_line(ds, unit_id: str, role: str, day: Optional[dt.date]):
    seat = ds.seat_of(unit_id, role)
    holder = seat.holder_on(day) if (seat is not None and day is not None) else None
    return seat, holder


def charter_name(ds) -> str:
    """The joint meeting's name in a document; 〔待定：联席会议名称〕 while lianxi init left it unknown."""
    from .model import UNKNOWN

    return pending("联席会议名称") if ds.charter.name == UNKNOWN else ds.charter.name


def notice_purpose(ds, settings) -> str:
    """The notice's default purpose (为……): documents.yaml ``purpose`` when it gives one, else
    the charter's (established_by.purpose), else a placeholder (the bundled data's documents.yaml
    states its purpose, from the notice's words)."""
    if "purpose" in settings.model_fields_set:
        return settings.purpose
    given = (ds.charter.established_by.purpose or "").strip()
    if given and given != "unknown":
        return given.rstrip("。；，")
    return pending("会议目的")


def notice_context(ds, settings, meeting, *, today: dt.date, number: Optional[str] = None,
                   cc=()) -> dict:
    name = charter_name(ds)
    day = meeting.date
    kname = kind_name(meeting)
    title = f"关于召开{name}{kname}的通知"
    units = attending_units(ds, meeting)
    when = (f"{cn_date(day, weekday=True)}"
            f"{clock(meeting.time, settings.clock) if meeting.time else pending('会议开始时间')}"
            if day else pending("会议时间"))
    place = meeting.place or pending("会议地点")
    ordinal = ""
    if day is not None and meeting.sequence and meeting.kind != "topic":
        ordinal = f"{day.year}年第{meeting.sequence}次"
    approval = ""
    if meeting.kind == "liaison" and meeting.adhoc and meeting.approval is not None:
        approval = "经联席会议召集人同意，"
    elif meeting.kind == "adhoc" and meeting.approval is not None:  # called by the convener or a vice-convener
        seat, holder = resolve_person(ds, meeting.approval.by, meeting.approval.date)
        if seat is not None and holder is not None:
            approval = f"经联席会议{'副召集人' if seat.role == '副召集人' else '召集人'}同意，"
    purpose = meeting.purpose or notice_purpose(ds, settings)
    opening = (f"为{purpose}，{approval}定于{when}在{place}召开{name}{ordinal}{kname}。"
               "现将有关事项通知如下：")

    people: list[str] = []
    rows: list[list[str]] = []
    if meeting.kind == "liaison":
        director = ds.seats.get(ds.charter.office.director_seat) if ds.charter.office else None
        if director is not None:
            holder = director.holder_on(day) if day else None
            people.append("联席会议办公室主任" + (holder.name if holder else "") + "。")
        named = []
        for unit_id in units:
            seat, holder = _seat_line(ds, unit_id, "联络员", day)
            named.append(f"{ds.unit_name(unit_id)}{holder.name}" if holder else None)
            rows.append(_row(ds, unit_id, holder))
        post = ds.charter.liaison_rule.post if ds.charter.liaison_rule else None
        scope = "联席会议各成员单位" if meeting.attending is None else "、".join(ds.unit_name(u) for u in units)
        if any(named):
            listed = "、".join(n for n in named if n)
            people.append(f"{scope}联络员" + (f"（{post}）" if post else "") + f"：{listed}；其余单位由联络员参会。")
        else:
            people.append(f"{scope}联络员" + (f"（{post}）" if post else "") + "。")
    else:
        if meeting.kind in ("plenary", "adhoc"):
            conveners = []
            for seat in ds.members.seats:
                if seat.role in ("总召集人", "召集人", "副召集人"):
                    holder = seat.holder_on(day) if day else None
                    if holder is not None:
                        conveners.append(person_text(holder))
            if day is None:
                people.append("联席会议召集人、副召集人。")
            elif conveners:
                people.append("联席会议召集人、副召集人：" + "；".join(conveners) + "。")
        members = []
        for unit_id in units:
            seat, holder = _seat_line(ds, unit_id, "成员", day)
            members.append(person_text(holder) if holder else f"{ds.unit_name(unit_id)}负责同志")
            rows.append(_row(ds, unit_id, holder))
        if day is None:
            scope = "联席会议各成员单位" if meeting.attending is None else "、".join(ds.unit_name(u) for u in units)
            people.append(f"{scope}联席会议成员。")
        else:
            people.append("联席会议成员：" + "；".join(members) + "。")
    if meeting.invited:
        people.append("列席：" + "；".join(invited_text(g) for g in meeting.invited) + "。")
        for guest in meeting.invited:
            rows.append([guest.name, guest.person or "", guest.post or "", "", "列席"])

    agenda = [f"（{cn_numeral(i)}）{full_stop(item).rstrip('。')}；" for i, item in enumerate(meeting.agenda, 1)]
    if agenda:
        agenda[-1] = agenda[-1].rstrip("；") + "。"
    else:
        agenda = [pending("会议议程")]
    if day is not None:
        from .holidays import calendar

        reply_by = cn_date(reply_deadline(day, settings.reply_days, calendar(ds.root)), weekday=True)
    else:
        reply_by = pending("回执截止日期")
    office_place = settings.office_place or (ds.unit_name(ds.charter.office.host_unit)
                                             if ds.charter.office and ds.charter.office.host_unit else "")
    attendee = "联络员" if meeting.kind == "liaison" else "参会人员"
    requirements = [
        f"1.请{attendee}准时参会；因故不能参会的，请事先请假并指定熟悉业务的同志代为参会。",
        f"2.请各单位于{reply_by}前将参会回执报送联席会议办公室" + (f"（{office_place}）" if office_place else "") + "。",
    ]
    contact = settings.contact
    if meeting.contact is not None:  # the meeting's own contact person
        contact = type(contact)(name=meeting.contact.name, phone=meeting.contact.phone or "unknown")
    contact_line = (f"联系人：{contact.name if contact.name != 'unknown' else pending('联系人')}，"
                    f"联系电话：{contact.phone if contact.phone != 'unknown' else pending('联系电话')}。")
    issued = meeting.notice.date if meeting.notice is not None else today
    return {
        "example": meeting.example,
        "number": number,
        "masthead": masthead_text(ds, settings),
        "title_lines": break_title(title),
        "addressee": addressee_text(ds, settings, meeting),
        "opening": opening,
        "purpose": purpose,
        "contact_name": contact.name,
        "contact_phone": contact.phone,
        "guests": [invited_text(g) for g in meeting.invited],
        "time": full_stop(when),
        "place": full_stop(place),
        "people": people,
        "agenda": agenda,
        "requirements": requirements,
        "contact": contact_line,
        "signature": signature_lines(ds, settings),
        "date": cn_date(issued),
        "attachment_title_lines": break_title(f"{name}{kname}参会回执"),
        "rows": rows,
        "imprint": imprint_lines(ds, settings, cn_date(issued), cc),
    }


def _row(ds, unit_id: str, holder) -> list[str]:
    if holder is None:
        return [ds.unit_name(unit_id), "", "", "", ""]
    unit = ds.unit_name(unit_id)
    post = holder.post
    if post.startswith(unit) and len(post) > len(unit):
        post = post[len(unit):]  # the unit is in its own column
    return [unit, holder.name, post, holder.phone or "", ""]


def minutes_context(ds, settings, meeting, *, today: dt.date, number: Optional[str] = None) -> dict:
    from .meetings import KIND_NAMES

    minutes = meeting.minutes
    if minutes is None:
        raise DataError("该会议还没有纪要：先运行 lianxi minutes new 会议 生成纪要草稿")
    name = charter_name(ds)
    day = meeting.date
    units = attending_units(ds, meeting)
    agreed = {a.unit for a in minutes.agreed_by}
    waiting = [u for u in agreeing_units(ds, meeting) if u not in agreed]  # a unit on leave is not asked
    draft = bool(waiting) and not meeting.example
    when = f"{cn_date(day)}{half_day(meeting.time)}" if day else pending("会议时间")
    ordinal = (f"{day.year}年第{meeting.sequence}次"
               if (day and meeting.sequence and meeting.kind != "topic") else "")
    place = meeting.place or pending("会议地点")
    presider = pending("主持人")
    if meeting.presider and day:
        seat, holder = resolve_person(ds, meeting.presider, day)
        if seat is not None and holder is not None:
            role = f"联席会议{seat.role}、" if seat.role in ("总召集人", "召集人", "副召集人") else ""
            presider = f"{role}{person_text(holder)}"
    present_units = [p.unit for p in minutes.attendance.present]
    who = "联络员" if meeting.kind == "liaison" else "有关负责同志"
    attendance = f"{len(dict.fromkeys(u for u in present_units if ds.units.get(u) and ds.units[u].member))}个成员单位{who}出席会议"
    if meeting.invited:
        attendance += "，" + "、".join(g.name for g in meeting.invited) + "有关同志列席会议"
    opening = (f"{when}，{name}{ordinal}{kind_name(meeting)}在{place}召开。会议由{presider}主持。"
               f"{full_stop(minutes.summary)}{attendance}。现将会议议定事项纪要如下：")
    matters = []
    for i, matter in enumerate(minutes.matters, 1):
        parts = ["牵头单位：" + (ds.unit_name(matter.lead) if matter.lead else pending("牵头单位"))]
        if matter.cooperating:
            parts.append("配合单位：" + "、".join(ds.unit_name(u) for u in matter.cooperating))
        parts.append("完成时限：" + (deadline_text(matter.deadline) if matter.deadline else pending("完成时限")))
        matters.append({
            "heading": f"{cn_numeral(i)}、{matter.title}",
            "text": full_stop(matter.text) + "（" + "；".join(parts) + "）",
        })
    if not matters:
        matters.append({"heading": f"一、{pending('议定事项')}", "text": pending("议定事项内容")})

    def person_of(entry) -> str:
        if entry.name == "unknown":
            return f"{ds.unit_name(entry.unit)} {pending(ds.unit_name(entry.unit) + '出席人员姓名')}"
        return f"{ds.unit_name(entry.unit)} {entry.name}"

    attendance_lines = []
    present = [person_of(p) + ("（代）" if p.substitute else "") for p in minutes.attendance.present]
    attendance_lines.append("出席：" + ("、".join(present) if present else pending("出席人员")))
    if minutes.attendance.absent:
        attendance_lines.append("请假：" + "、".join(  # a unit on leave whose person is unknown: the unit
            (person_of(a) if a.name != "unknown" else ds.unit_name(a.unit)) + (f"（{a.reason}）" if a.reason else "")
            for a in minutes.attendance.absent))
    if meeting.invited:
        attendance_lines.append("列席：" + "、".join(
            f"{g.name} {g.person}" if g.person else g.name for g in meeting.invited))
    distribute = minutes.distribute
    if distribute is None:
        concerned = list(units)
        for matter in minutes.matters:
            for u in ([matter.lead] if matter.lead else []) + list(matter.cooperating):
                if u not in concerned:
                    concerned.append(u)
        distribute = concerned
    members = [u.id for u in ds.member_units(meeting.date)]
    if set(members) <= set(distribute):
        extra = [u for u in distribute if u not in members]
        to = "联席会议各成员单位" + ("，" + "、".join(ds.unit_name(u) for u in extra) if extra else "")
    else:
        to = "、".join(ds.unit_name(u) for u in distribute)
    issued = minutes.date or today
    marks = []
    if meeting.example:
        marks.append("示例")
    if draft:
        marks.append("征求意见稿")
    return {
        "marks": marks,
        "draft": draft,
        "waiting": [ds.unit_name(u) for u in waiting],
        "header": f"{name}纪要",
        "number": number or minutes_number_text(settings, minutes.number or "〔印发时编号〕",
                                                minutes.date or today),
        "issuer": issuer_name(ds, settings),
        "date": cn_date(issued),
        "opening": opening,
        "matters": matters,
        "attendance": attendance_lines,
        "distribute": f"分送：{to}。",
        "printed": f"{issuer_name(ds, settings)}　　{cn_date(issued)}印发",
        "kind_name": KIND_NAMES[meeting.kind],
    }


# ---------------------------------------------------------------- templates


def template_paths(root: Path) -> list[Path]:
    """Where templates (and what they include) are looked up: the data dir's ``templates/``,
    then the bundled templates. A ``--template FILE`` comes before both."""
    from .store import bundled_dir

    found = [Path(root) / "templates", bundled_dir("templates")]
    return [p for p in found if p.is_dir()]


def environment(root: Path):
    """The sandboxed Jinja environment of :mod:`lianxi.sandbox` (caps on range, ``*``, ``**``,
    widths, output size and time; a loader confined to the template directories), loading
    the data dir's ``templates/`` first, then the bundled ones."""
    from .sandbox import make_environment

    env = make_environment(template_paths(root), trim_blocks=True, lstrip_blocks=True)
    env.bytecode_cache = _bytecode_cache()
    return env


def _bytecode_cache():
    """Compiled templates kept in ``~/.cache/lianxi/jinja`` (``$XDG_CACHE_HOME``), like ``__pycache__``.

    Compiling a template (lexing with Jinja's many regular expressions, then generating
    Python) costs more than rendering it. Jinja keys each entry by the template's name and
    file and checks it against a checksum of the source, so an edited template is compiled
    again. No cache (and no error) when the directory cannot be created.
    """
    import os

    from jinja2 import FileSystemBytecodeCache

    from .modelcache import cache_root

    directory = cache_root() / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    if not os.access(directory, os.W_OK):
        return None
    return FileSystemBytecodeCache(str(directory))


def render(kind: str, context: dict, root: Path, template_file: Optional[Path] = None) -> str:
    """Render ``templates/<kind>.md.j2`` (or ``template_file``) into annotated Markdown.

    Every failure — a sandbox refusal, an undefined value, a syntax error, a runaway loop —
    is a :class:`DataError` naming the template file and line (see :mod:`lianxi.sandbox`).
    """
    from . import sandbox
    from .store import display_path

    env = environment(root)
    if template_file is not None:
        from .textfile import kind_problem

        problem = kind_problem(template_file)
        if problem is not None:
            raise DataError(f"模板 {template_file}：{problem}")
        try:
            source = Path(template_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise DataError(f"无法读取模板 {template_file}：{os_reason(exc)}") from None
        except UnicodeDecodeError:
            raise DataError(f"模板 {template_file} 不是 UTF-8 编码") from None
        text = sandbox.render_string(source, context, name=display_path(Path(template_file)), env=env)
    else:
        name = f"{kind}.md.j2"
        if env.loader is None or not any((p / name).exists() for p in template_paths(root)):
            raise DataError(f"找不到模板 {name}（应在数据目录的 templates/ 或内置模板中）")
        # lianxi's own templates (no data-directory templates/ to override or include) are not
        # another office's input: they render without the child process's limits and cost
        own = not (Path(root) / "templates").exists()
        text = sandbox.render(env, name, context, trusted=own)
    return normalize(text)


def normalize(text: str) -> str:
    """One blank line between blocks, no trailing spaces, one final newline."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def to_markdown(annotated: str) -> str:
    """The Markdown output: the annotated text without its marker comments."""
    from .annotated import strip_markers

    return normalize(strip_markers(annotated))


def for_terminal(markdown: str) -> str:
    """Markdown for rich: keep each line of a block as its own line (hard breaks)."""
    blocks = markdown.split("\n\n")
    out = []
    for block in blocks:
        lines = block.split("\n")
        if len(lines) > 1 and not lines[0].startswith(("|", "#")):
            block = "  \n".join(lines)
        out.append(block)
    return "\n\n".join(out)


# ---------------------------------------------------------------- output


FORMATS = ("md", "docx", "pdf")
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".txt": "md", ".docx": "docx", ".pdf": "pdf"}
_WRONG_SUFFIXES = {".doc": "docx", ".wps": "docx", ".odt": "docx", ".rtf": "docx"}


def output_format(fmt: Optional[str], out: Optional[str]) -> str:
    """The format of a document: ``--format`` if given, else the ``-o`` file's suffix, else md.

    A ``--format`` that disagrees with the suffix (``-f md -o 通知.docx``) is a usage error,
    and so is a suffix lianxi cannot write (``.doc``): the name would lie about the content.
    """
    from .errors import UsageProblem

    if fmt is not None and fmt not in FORMATS:
        raise UsageProblem(f"--format 的值 {fmt} 无效，应为 md、docx 或 pdf")
    suffix = Path(out).suffix.lower() if out and out != "-" else ""
    if suffix in _WRONG_SUFFIXES:
        raise UsageProblem(f"不能输出 {suffix} 文件；Word 文件请用 .docx 扩展名（如 -o 通知.docx）")
    by_suffix = _SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        return by_suffix or "md"
    if by_suffix is not None and by_suffix != fmt:
        raise UsageProblem(f"--format {fmt} 与输出文件的扩展名 {suffix} 不一致；"
                           f"请去掉 --format（按扩展名输出 {by_suffix}），或把文件名改为 .{fmt}")
    return fmt


def check_output(fmt: Optional[str], out: Optional[str], force: bool, root: Optional[Path]) -> Optional[Path]:
    """Refuse a bad output request before anything is done (or numbered).

    Where a document may go is decided in one place, :func:`lianxi.store.check_output_path`;
    ``-o -`` (or no ``-o``) is standard output. Returns the file to write, or None for
    standard output.
    """
    import sys

    from .errors import UsageProblem
    from .store import STDOUT, check_output_path

    fmt = output_format(fmt, out)
    path = check_output_path(out, root, force) if out and out != STDOUT else None
    if fmt in ("docx", "pdf"):
        if path is None and (out is None or sys.stdout.isatty()):
            kind = "Word" if fmt == "docx" else "PDF"
            raise UsageProblem(f"{kind} 格式须用 -o 指定输出文件，如 -o 通知.{fmt}"
                               "（-o - 只能在输出重定向到文件或管道时使用）")
        _docx_writer()
        if fmt == "pdf":  # no LibreOffice: a usage problem (exit 2) before anything is numbered
            from .render_docx import require_soffice

            require_soffice()
    return path


def _docx_writer(fmt: str = "docx"):
    try:
        if fmt == "pdf":
            from .render_docx import write_pdf as writer  # type: ignore[import-not-found]
        else:
            from .render_docx import write_docx as writer  # type: ignore[import-not-found]
        return writer
    except ImportError:
        raise LianxiError("暂不能输出 Word 文件：本安装缺少 Word 输出模块（lianxi.render_docx）。"
                          "可先用 --format md 输出 Markdown。") from None


def write_output(annotated: str, fmt: Optional[str], out: Optional[str], root: Path, *,
                 force: bool) -> Optional[Path]:
    """Write the document to its ``-o`` file and return the path; None when it goes to standard
    output (``-o -`` or no ``-o``): the caller prints :func:`stdout_document`."""
    from .store import atomic_write

    path = check_output(fmt, out, force, root)
    if path is None:
        return None
    fmt = output_format(fmt, out)
    if fmt in ("docx", "pdf"):
        _docx_writer(fmt)(annotated, path, root)
    else:
        atomic_write(path, to_markdown(annotated), overwrite=force, keep_style=False)
    return path


def stdout_document(annotated: str, fmt: Optional[str], out: Optional[str], root: Path) -> str | bytes:
    """The document as it goes to standard output: Markdown text, or the bytes of a .docx/.pdf."""
    fmt = output_format(fmt, out)
    if fmt == "md":
        return to_markdown(annotated)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lianxi-out-") as tmp:
        temp = Path(tmp) / f"document.{fmt}"
        _docx_writer(fmt)(annotated, temp, root)
        return temp.read_bytes()
