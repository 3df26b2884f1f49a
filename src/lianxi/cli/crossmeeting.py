"""Cross-meeting queries of a workspace: ``lianxi unit``, ``lianxi person``, ``lianxi overview``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..dates import parse_date
from ._options import AsOfOpt, JsonOpt
from ._output import emit, emit_json, esc, table

PENDING = "待报送"


def _who(p) -> str:
    if not p:
        return PENDING
    return esc(p["name"]) + (f"（{esc(p['post'])}）" if p.get("post") else "")


def _skipped(view: dict) -> None:
    for s in view.get("skipped", []):
        typer.echo(f"警告：联席会议“{s['meeting']}”（{s['dir']}）的数据有 {s['count']} 处错误，未计入"
                   f"（lianxi validate 查看）：{s['problems'][0] if s['problems'] else ''}", err=True)


def register(app) -> None:
    @app.command("unit")
    def unit(
        name: Annotated[str, typer.Argument(metavar="单位", help="单位名称、简称或别名，如 公安、区卫健局")],
        as_of: AsOfOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """工作区中一个单位在每个联席会议中的席位、人员、联络员、职责、未完成事项与待报告事项。

        示例：lianxi unit 公安
        """
        from ..dates import today
        from ..workspace.loader import Workspace
        from ..workspace.queries import unit_view

        day = parse_date(as_of, "--as-of") or today()
        view = unit_view(Workspace.open(), name, day)
        _skipped(view)
        if json_out:
            emit_json(view)
            return
        u = view["unit"]
        lines = [f"[bold]{esc(u['name'])}[/]（登记簿编号 {u['id']}）：在 {view['count']} 个联席会议中（截至 {view['as_of']}）"]
        for row in view["meetings"]:
            m, local = row["meeting"], row["local"]
            here = local["short_name"] or local["name"]
            lines.append("")
            lines.append(f"[bold]{esc(m['name'])}[/]（{esc(m['key'])}）" + (f" 本会称“{esc(here)}”" if here != u["name"] else ""))
            for seat in row["seats"]:
                lines.append(f"  {seat['role']}：{_who(seat['holder'])}")
            if not any(s["role"] == "联络员" for s in row["seats"]):
                lines.append(f"  联络员：{PENDING}（未设席位）")
            for d in row["duties"]:
                lines.append(f"  职责（{esc(d['department'])}）：{esc(''.join(d['duties']))}")
            for t in row["open_tasks"]:
                flag = "，已逾期" if t["overdue"] else ""
                lines.append(f"  未完成事项 {t['id']}（{t['role']}）：{esc(t['title'])}，时限 {t['deadline'] or '未载明'}，"
                             f"{t['status']}{flag}")
            for r in row["missing_reports"]:
                lines.append(f"  待报告：{esc(r['text'])}")
        emit("\n".join(lines))

    @app.command("person")
    def person(
        name: Annotated[str, typer.Argument(metavar="姓名", help="人员姓名，如 郑惠山")],
        as_of: AsOfOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """工作区中一个人在各联席会议中的全部席位（含历任记录）。

        示例：lianxi person 郑惠山
        """
        from ..dates import today
        from ..workspace.loader import Workspace
        from ..workspace.queries import person_view

        day = parse_date(as_of, "--as-of") or today()
        view = person_view(Workspace.open(), name, day)
        _skipped(view)
        if json_out:
            emit_json(view)
            return
        lines = [f"[bold]{esc(view['name'])}[/]：{len(view['seats'])} 个席位，现任于 {len(view['current_meetings'])} 个联席会议"
                 f"（截至 {view['as_of']}）"]
        for s in view["seats"]:
            state = "现任" if s["current"] else "曾任"
            lines.append("")
            lines.append(f"[bold]{esc(s['meeting']['name'])}[/]（{esc(s['meeting']['key'])}）："
                         f"{esc(s['unit_here'])} {s['role']}，{state}")
            for h in s["history"]:
                span = f"{h['start'] or '未载明'} 至 {h['end'] or '今'}"
                mark = " ←" if h["name"] == view["name"] else ""
                lines.append(f"  {esc(h['name'])}（{esc(h['post'])}）{span}{mark}")
        emit("\n".join(lines))

    @app.command("overview")
    def overview(
        as_of: AsOfOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """工作区概览：每个联席会议今年召开会议、印发纪要、未完成与逾期事项、空缺席位、待报送联络员；
        每个单位、每个人承担几个联席会议。

        示例：lianxi overview
        """
        from ..dates import today
        from ..workspace.loader import Workspace
        from ..workspace.queries import overview as build

        day = parse_date(as_of, "--as-of") or today()
        view = build(Workspace.open(), day)
        _skipped(view)
        if json_out:
            emit_json(view)
            return
        lines = [f"[bold]{esc(view['workspace'])}[/] {view['year']} 年概览（截至 {view['as_of']}）："
                 f"{len(view['meetings'])} 个联席会议"]
        lines.append(table(["联席会议", "召开会议", "印发纪要", "未完成事项", "逾期", "空缺席位", "联络员待报送"],
                           [[esc(r["meeting"]["key"]), r["held"], r["minutes_issued"], r["tasks_open"],
                             r["tasks_overdue"], r["seats_vacant"], r["liaisons_missing"]] for r in view["meetings"]]))
        none = [r["meeting"]["key"] for r in view["meetings"] if r["held"] == 0]
        if none:
            lines.append(f"今年尚未召开会议：{esc('、'.join(none))}")
        lines.append("")
        lines.append("[bold]承担联席会议最多的单位[/]")
        lines.append(table(["单位", "联席会议数", "联席会议"],
                           [[esc(u["unit"]["name"]), u["meetings"], esc("、".join(u["keys"]))] for u in view["units"][:10]]))
        lines.append("")
        lines.append("[bold]承担联席会议最多的人员[/]")
        lines.append(table(["姓名", "联席会议数", "联席会议"],
                           [[esc(p["name"]), p["meetings"], esc("、".join(p["keys"]))] for p in view["people"][:10]]))
        emit("\n".join(lines))
