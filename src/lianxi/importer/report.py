"""The import report (Chinese): what was placed, what was not (with the notice's line
numbers), what to check, and what the user must still fill in."""

from __future__ import annotations

from .build import Result
from .parse import Notice


def _esc(text: object) -> str:
    return str(text).replace("[", "\\[")


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def found(notice: Notice, result: Result) -> dict:
    """What the import found: people named, member units, lines not placed."""
    return {"people": result.counts["persons"], "member_units": result.counts["member_units"],
            "not_placed": len(notice.not_placed())}


def warnings(notice: Notice, result: Result) -> list[str]:
    """What validate cannot catch: a roster seen but nobody imported."""
    out = []
    c = result.counts
    if notice.labels_seen and c["people"] == 0 and c["member_units"] == 0:
        lines = _lines(notice.labels_seen)
        out.append(f"通知中有角色标签（{lines}），但没有导入任何人员或成员单位：名单的写法未能识别，"
                   "数据虽能通过校验却是空的，请对照原件填写 members.yaml")
    elif c["people"] == 0 and c["member_units"] == 0 and not any(p.seat_post for p in notice.people):
        out.append("没有导入任何人员或成员单位：数据虽能通过校验却是空的，请对照原件填写 members.yaml")
    return out


def report_data(notice: Notice, result: Result, out: str) -> dict:
    return {
        "notice": notice.display,
        "encoding": notice.encoding,
        "out": out,
        "name": result_name(result),
        "found": found(notice, result),
        "warnings": warnings(notice, result),
        "counts": result.counts,
        "placed": summary(notice, result),
        "ties": [{"department": d, "unit": u, "how": h} for d, u, h in result.ties],
        "not_placed": [{"line": no, "text": text, "reason": why} for no, text, why in notice.not_placed()],
        "check": [{"line": line, "message": msg} for line, msg in result.checks],
        "fill": list(result.fill),
        "ignored": [{"line": no, "text": text, "reason": why} for no, text, why in notice.ignored()],
    }


def result_name(result: Result) -> str:
    for line in result.charter.splitlines():
        if line.startswith("name: "):
            return line[6:].strip()
    return ""


def _lines(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"第 {numbers[0]} 行"
    return f"第 {numbers[0]}–{numbers[-1]} 行"


def summary(notice: Notice, result: Result) -> list[str]:
    n, c = notice, result.counts
    out = []
    head = [x for x in (n.issuer, f"《{n.title}》" if n.title else None) if x]
    if head:
        out.append(f"发文：{''.join(head)}（{_lines([n.title_line] if n.title_line else [])}）")
    if n.basis:
        out.append(f"依据：{len(n.basis)} 项文件；目的：{'已识别' if n.purpose else '未识别'}")
    if n.resp_joint or n.resp_office:
        out.append(f"主要职责：联席会议 {len(n.resp_joint)} 句、办公室 {len(n.resp_office)} 句"
                   f"（{_lines([x.line for x in n.resp_joint + n.resp_office])}）")
    roles: dict[str, int] = {}
    for p in n.people:
        if p.name:
            roles[p.role] = roles.get(p.role, 0) + 1
    if roles:
        out.append("组成人员：" + "、".join(f"{r} {k} 人" for r, k in roles.items())
                   + f"（{_lines([p.line for p in n.people if p.name])}）")
    by_post = [p for p in n.people if not p.name]
    if by_post:
        out.append("按职务设的席位（姓名未载明）：" + "、".join(f"{p.role}（{p.seat_post}）" for p in by_post)
                   + f"（{_lines([p.line for p in by_post])}）")
    if n.member_units:
        stated = f"，通知写明 {n.stated_count[0]} 个" if n.stated_count else ""
        out.append(f"成员单位名单：列出 {len(n.member_units)} 个{stated}（{_lines([u.line for u in n.member_units])}）")
    out.append(f"单位：{c['units']} 个，其中成员单位 {c['member_units']} 个；席位 {c['seats']} 个，在任人员 {c['people']} 人")
    if n.director is not None:
        who = f"{n.director.name}（{n.director.post}）" if n.director.name else (n.director.seat_post or "未载明")
        phone = f"，电话 {n.director.phone}" if n.director.phone else ""
        out.append(f"办公室主任：{who}{phone}（第 {n.director.line} 行）")
    for label, clause in (("办公室", n.office_text), ("印章", n.seal_text), ("联络员规则", n.liaison_text),
                          ("人事变动规则", n.succession)):
        if clause is not None:
            out.append(f"{label}：{_cut(clause.text)}（第 {clause.line} 行）")
    if n.departments:
        out.append(f"职责分工：{c['departments']} 个部门、{c['duties']} 句职责，其中 {c['tied']} 个已对应成员单位"
                   f"（{_lines([d.line for d in n.departments])}）")
    rules = [m["kind"] for m in n.meetings]
    names = {"plenary": "全体会议/例会", "adhoc": "临时会议", "liaison": "联络员会议",
             "liaison-adhoc": "临时联络员会议", "topic": "专题研究"}
    parts = [names[k] for k in rules]
    if n.minutes:
        parts.append("会议纪要")
    parts += [name for name, _ in n.named_rules.values()]
    if parts:
        out.append("工作规则：" + "、".join(parts))
    if n.requirements:
        out.append(f"工作要求：{len(n.requirements)} 句")
    return out


def render(notice: Notice, result: Result, out: str, *, dry_run: bool = False) -> str:
    data = report_data(notice, result, out)
    kind = notice.encoding if notice.encoding.startswith(("Word", "PDF")) else f"编码 {notice.encoding}"
    lines = [f"[bold]导入报告[/]：{_esc(notice.display)}（{kind}）",
             f"联席会议：{_esc(data['name'])}",
             (f"将写入：{_esc(out)}（members.yaml、duties.yaml、charter.yaml，已通过校验；试运行，未写入）" if dry_run
              else f"已写入：{_esc(out)}（members.yaml、duties.yaml、charter.yaml，已通过校验）")]
    f = data["found"]
    lines.append(f"找到：组成人员 {f['people']} 人，成员单位 {f['member_units']} 个；"
                 f"未能导入 {f['not_placed']} 行" + ("（见“二、未能导入”）" if f["not_placed"] else ""))
    lines += [f"[yellow]警告[/]：{_esc(w)}" for w in data["warnings"]]
    lines.append("")
    lines.append("[bold]一、已导入[/]")
    lines += [f"  {_esc(x)}" for x in data["placed"]]
    if data["ties"]:
        lines.append("  职责分工与成员单位的对应：")
        for tie in data["ties"]:
            if tie["unit"]:
                lines.append(f"    {_esc(tie['department'])} → {_esc(tie['unit'])}（{_esc(tie['how'])}）")
            else:
                lines.append(f"    {_esc(tie['department'])} → [yellow]未对应[/]")
    lines.append("")
    lines.append("[bold]二、未能导入[/]（请对照通知原文，手工补入数据文件）")
    if data["not_placed"]:
        for item in data["not_placed"]:
            lines.append(f"  第 {item['line']} 行：{_esc(_cut(item['text']))}（{_esc(item['reason'])}）")
    else:
        lines.append("  无：通知的每一行都已导入或列在下面“已忽略”中")
    lines.append("")
    lines.append("[bold]三、请核对[/]")
    if data["check"]:
        for item in data["check"]:
            where = f"第 {item['line']} 行：" if item["line"] else ""
            lines.append(f"  {where}{_esc(item['message'])}")
    else:
        lines.append("  无")
    lines.append("")
    lines.append("[bold]四、需要补填[/]")
    if data["fill"]:
        lines += [f"  {_esc(x)}" for x in data["fill"]]
    else:
        lines.append("  无")
    if data["ignored"]:
        lines.append("")
        lines.append("[bold]五、已忽略[/]（不是通知正文）")
        for item in data["ignored"]:
            lines.append(f"  第 {item['line']} 行：{_esc(_cut(item['text'], 30))}（{_esc(item['reason'])}）")
    lines.append("")
    lines.append(f"下一步：lianxi validate --data {_esc(out)}；lianxi roster --data {_esc(out)}")
    return "\n".join(lines)
