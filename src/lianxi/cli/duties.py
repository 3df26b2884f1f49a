"""``lianxi duties``: the division of duties — one department, a keyword, or all."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from . import _complete
from ._options import AsOfOpt, DataOpt, JsonOpt
from ._output import emit, emit_json, esc


def register(app) -> None:
    @app.command("duties")
    def duties(
        name: Annotated[Optional[str], typer.Argument(
            metavar="部门或单位", autocompletion=_complete.departments_and_units,
            help="部门名、单位全称或简称、别名、唯一的部分名称或拼音，如 公安、区卫健局、gongan")] = None,
        grep: Annotated[Optional[str], typer.Option("--grep", "-g", metavar="关键词",
                                                    help="列出含该关键词的所有职责，如 消防")] = None,
        as_of: AsOfOpt = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """查询职责分工：某个部门的职责、承担单位、成员和联络员；不带参数列出全部。

        示例：lianxi duties 公安　或　lianxi duties --grep 消防
        """
        from ..dates import today
        from ..dataset import Dataset
        from ..errors import UsageProblem
        from ..query import department_matcher
        from ..views import department_view, grep_duties

        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        if grep is not None and name is not None:
            raise UsageProblem("部门名称与 --grep 不能同时使用")
        if grep is not None:
            if not grep.strip():
                raise UsageProblem("--grep 需要一个关键词")
            hits = grep_duties(ds, grep.strip())
            if json_out:
                emit_json({"query": grep.strip(), "matches": hits})
            elif hits:
                emit(_grep_text(grep.strip(), hits))
            else:
                typer.echo(_grep_text(grep.strip(), hits), err=True)
            if not hits:  # nothing found: exit 1, as for a name that matches nothing
                from ..errors import EXIT_INVALID

                raise typer.Exit(EXIT_INVALID)
            return
        if name is None:
            views = [department_view(ds, d, day) for d in ds.duties.departments]
            if json_out:
                emit_json({"name": ds.charter.name, "as_of": day.isoformat(), "departments": views})
            else:
                header = f"[bold]{esc(ds.charter.display_name)} 职责分工[/]（共 {len(views)} 个部门，人员截至 {day.isoformat()}）"
                emit("\n\n".join([header] + [_department_text(v) for v in views]))
            return
        dept_id = department_matcher(ds).find(name)
        dept = next(d for d in ds.duties.departments if d.id == dept_id)
        view = department_view(ds, dept, day)
        if json_out:
            emit_json(view)
        else:
            emit(_department_text(view))


def _person_text(person: Optional[dict], missing: str) -> str:
    if person is None:
        return f"[yellow]{missing}[/]"
    text = f"{esc(person['name'])}（{esc(person['post'])}）"
    if person.get("phone"):
        text += f" 电话 {esc(person['phone'])}"
    return text


def _department_text(view: dict) -> str:
    from ..views import NOT_STATED, PENDING, VACANT

    unit = view["unit"]
    lines = [f"[bold cyan]{esc(view['name'])}[/]"]
    if unit:
        unit_name = unit["name"] + (f"（{unit['short_name']}）" if unit["short_name"] else "")
        lines.append(f"  承担单位：{esc(unit_name)}")
        if view["unit_note"]:
            lines.append(f"  [dim]对应说明：{esc(view['unit_note'])}[/]")
        lines.append(f"  成员：{_person_text(view['member'], VACANT if view.get('member_vacant_since') else NOT_STATED)}")
        lines.append(f"  联络员：{_person_text(view['liaison'], PENDING)}")
    else:
        lines.append(f"  承担单位：无对应成员单位（{esc(view['unit_note'] or '')}）")
    lines.append("  职责：")
    for index, duty in enumerate(view["duties"], 1):
        lines.append(f"    {index}. {esc(duty)}")
    return "\n".join(lines)


def _grep_text(word: str, hits: list[dict]) -> str:
    from ._output import use_rich

    if not hits:
        return f"没有职责提到“{esc(word)}”。可以试试按事项查询：lianxi who \"{esc(word)}\""
    mark_open, mark_close = ("[bold reverse]", "[/]") if use_rich() else ("【", "】")
    lines = [f"提到“{esc(word)}”的职责（{len(hits)} 条）："]
    for hit in hits:
        text = hit["text"]
        out, last = "", 0
        for start, end in hit["spans"]:
            out += esc(text[last:start]) + mark_open + esc(text[start:end]) + mark_close
            last = end
        out += esc(text[last:])
        unit = hit["unit"]["short_name"] or hit["unit"]["name"] if hit["unit"] else "无对应单位"
        lines.append(f"  [bold cyan]{esc(hit['department'])}[/]（{esc(unit)}）第 {hit['item']} 项：{out}")
    return "\n".join(lines)
