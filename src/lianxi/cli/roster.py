"""``lianxi roster`` and ``lianxi info``: who sits for whom, and what the joint meeting is."""

from __future__ import annotations

from ..dates import parse_date
from ._options import AsOfOpt, DataOpt, ForceOpt, JsonOpt, ListFormatOpt, OutputOpt
from ._output import LIST_FORMATS, emit, emit_json, esc, export_choice, table


def register(app) -> None:
    @app.command("roster")
    def roster(as_of: AsOfOpt = None, data: DataOpt = None, json_out: JsonOpt = False, out: OutputOpt = None,
               fmt: ListFormatOpt = None, force: ForceOpt = False) -> None:
        """组成人员名单：总召集人、副召集人、成员（按通知顺序），含单位与职务。

        示例：lianxi roster --as-of 2027-06-30；lianxi roster -o 组成人员.xlsx；lianxi roster -o 组成人员.docx（公文版式，可打印）
        """
        from ..dates import today
        from ..dataset import Dataset
        from ..views import roster_view

        export = export_choice(fmt, out, json_out, LIST_FORMATS)
        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        view = roster_view(ds, day)
        if export:
            from ..tables import roster_table
            from ._output import emit_export

            emit_export(roster_table(view), export, out, ds.root, force)
            return
        if json_out:
            emit_json(view)
            return
        emit(_roster_text(view))

    @app.command("info")
    def info(data: DataOpt = None, json_out: JsonOpt = False) -> None:
        """联席会议概况：主要职责、办公室、代章规定、联络员与人事变动规定、工作规则。

        示例：lianxi info
        """
        from ..dataset import Dataset
        from ..views import info_view

        ds = Dataset.open(data)
        view = info_view(ds)
        if json_out:
            emit_json(view)
            return
        emit(_info_text(ds, view))


def _roster_text(view: dict) -> str:
    from ..views import NOT_STATED, PENDING, VACANT

    rows = []
    for seat in view["seats"]:
        holder = seat["holder"]
        unit = seat["unit"]
        unit_name = (unit["short_name"] or unit["name"]) if unit else ""
        if holder:
            rows.append([seat["role"], esc(holder["name"]), esc(holder["post"]), esc(unit_name)])
        else:
            # a member seat the notice gives by post (成员单位分管负责人): the unit reports who holds it
            missing = (PENDING if seat["role"] == "联络员" else VACANT if seat.get("vacant_since")
                       else PENDING if seat["role"] == "成员" else NOT_STATED)
            rows.append([seat["role"], f"[yellow]{missing}[/]", esc(seat["post"] or ""), esc(unit_name)])
    from ..model import UNKNOWN, UNNAMED

    name = UNNAMED if view["name"] == UNKNOWN else view["name"]
    title = f"[bold]{esc(name)} 组成人员[/]（截至 {view['as_of']}）"
    return title + "\n" + table(["席位", "姓名", "职务", "单位"], rows)


def _info_text(ds, view: dict) -> str:
    from ..views import NOT_STATED

    charter = ds.charter
    est = charter.established_by
    out = [f"[bold]{esc(charter.display_name)}[/]", ""]
    out.append(f"设立文件：{esc(_known(est.title))}")
    out.append(f"发文机关：{esc(_known(est.issuer))}；发文字号：{esc(_known(est.doc_number))}；成文日期：{esc(_known(est.date))}")
    if est.basis:
        out.append("依据：" + "；".join(esc(b) for b in est.basis))
    out += ["", "[bold]一、主要职责[/]", "（一）联席会议"]
    out += [f"  {esc(x)}" for x in charter.responsibilities.joint_meeting]
    out.append("（二）联席会议办公室")
    out += [f"  {esc(x)}" for x in charter.responsibilities.office]
    out += ["", "[bold]二、办公室与规定[/]"]
    if charter.office:
        out.append(f"办公室：{esc(charter.office.text or charter.office.name)}")
        director = (view.get("office") or {}).get("director")
        if director is not None:
            holder = director["holder"]
            who = f"{holder['name']}（{holder['post']}）" if holder else f"{NOT_STATED}（{director['post'] or ''}）"
            out.append(f"办公室主任：{esc(who)}")
    if charter.seal:
        out.append(f"印章：{esc(charter.seal.text or '')}")
    if charter.liaison_rule:
        out.append(f"联络员：{esc(charter.liaison_rule.text)}")
    if charter.succession_rule:
        out.append(f"人事变动：{esc(charter.succession_rule.text)}")
    rules = charter.work_rules
    out += ["", "[bold]三、工作规则[/]"]
    for rule in rules.meetings:
        extra = []
        if rule.per_year:
            extra.append(f"每年 {rule.per_year} 次")
        if rule.presided_by:
            extra.append("主持：" + "或".join(rule.presided_by))
        if rule.approval_by:
            extra.append("须经" + "或".join(rule.approval_by) + "同意")
        if rule.invite:
            extra.append("可邀请：" + "、".join(rule.invite))
        suffix = f"（{'；'.join(extra)}）" if extra else ""
        out.append(f"· {esc(rule.name)}{suffix}：{esc(rule.text)}")
    for named in (rules.minutes, rules.reporting, rules.assessment, rules.joint_groups):
        if named is not None:
            label = getattr(named, "name", None) or "纪要"
            out.append(f"· {esc(label)}：{esc(named.text)}")
    if charter.work_requirements:
        out += ["", "[bold]四、工作要求[/]"]
        out.append("  " + esc("".join(charter.work_requirements)))
    return "\n".join(out)


def _known(value) -> str:
    from ..views import NOT_STATED, iso

    return iso(value) or NOT_STATED
