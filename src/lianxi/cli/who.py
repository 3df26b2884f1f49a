"""``lianxi who``: which department answers a question — ranked from the division of duties."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from ._options import AsOfOpt, DataOpt, JsonOpt
from ._output import emit, emit_json, esc


def register(app) -> None:
    @app.command("who")
    def who(
        question: Annotated[str, typer.Argument(
            metavar="问题或事项", help="用自己的话说，如 \"托育机构的饮用水归谁管\"、\"新建托育园消防验收找谁\"")],
        show_all: Annotated[bool, typer.Option("--all", "-a", help="列出全部部门的排序和得分")] = False,
        as_of: AsOfOpt = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """按事项查部门：根据职责分工找出最相关的部门、依据的职责原文、成员和联络员。找不到时退出码为 1。"""
        from ..dates import today
        from ..dataset import Dataset
        from ..errors import EXIT_INVALID, NotFound, UsageProblem
        from ..who import answer_view, ask

        text = question.strip()
        if not text:
            raise UsageProblem("请输入问题或事项，如 lianxi who \"托育机构的饮用水归谁管\"")
        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        answer = ask(ds, text)
        view = answer_view(ds, answer, day)
        if json_out:
            emit_json(view)
            if not answer.found:
                raise typer.Exit(EXIT_INVALID)
            return
        if not answer.found:
            raise NotFound(f"职责分工中没有找到与“{text}”相关的职责。",
                           hint="可以换个说法再问，或按关键词查找：lianxi duties --grep 关键词")
        parts = [_answer_text(view)]
        if show_all:
            parts.append(_ranking_text(view))
        emit("\n\n".join(parts))


def _mark(text: str, spans: list) -> str:
    from ._output import use_rich

    mark_open, mark_close = ("[bold reverse]", "[/]") if use_rich() else ("【", "】")
    out, last = "", 0
    for start, end in spans:
        out += esc(text[last:start]) + mark_open + esc(text[start:end]) + mark_close
        last = end
    return out + esc(text[last:])


def _unit_name(unit: Optional[dict]) -> str:
    if not unit:
        return "无对应成员单位"
    return unit["name"] + (f"（{unit['short_name']}）" if unit["short_name"] else "")


def _answer_text(view: dict) -> str:
    from ..views import NOT_STATED, PENDING
    from .duties import _person_text

    best = view["best"]
    lines = [f"问题：{esc(view['question'])}"]
    looked = "、".join(esc(k) for k in view["keywords"])
    if view["expansions"]:
        looked += "（另按词表查找：" + "、".join(esc(e) for e in view["expansions"]) + "）"
    lines.append(f"[dim]查找词语：{looked}[/]")
    lines.append("")
    lines.append(f"最相关：[bold cyan]{esc(best['name'])}[/]")
    lines.append(f"  依据（职责第 {best['item']} 项）：{_mark(best['sentence'], best['spans'])}")
    lines.append(f"  承担单位：{esc(_unit_name(best['unit']))}")
    if best["unit_note"]:
        lines.append(f"  [dim]对应说明：{esc(best['unit_note'])}[/]")
    if best["unit"]:
        lines.append(f"  成员：{_person_text(best['member'], NOT_STATED)}")
        lines.append(f"  联络员：{_person_text(best['liaison'], PENDING)}")
    if view["runners_up"]:
        lines.append("")
        lines.append("也可能相关：")
        for hit in view["runners_up"]:
            unit = hit["unit"]["short_name"] or hit["unit"]["name"] if hit["unit"] else "无对应成员单位"
            lines.append(f"  [bold]{esc(hit['name'])}[/]（{esc(unit)}，相关度 {hit['relative']:.0%}）"
                         f"职责第 {hit['item']} 项：{_mark(hit['sentence'], hit['spans'])}")
    return "\n".join(lines)


def _ranking_text(view: dict) -> str:
    from ._output import table

    rows = []
    for hit in view["ranking"]:
        unit = (hit["unit"]["short_name"] or hit["unit"]["name"]) if hit["unit"] else "—"
        rows.append([str(hit["rank"]), esc(hit["name"]), esc(unit),
                     f"{hit['score']:.2f}" if hit["score"] else "0",
                     f"{hit['relative']:.0%}" if hit["score"] else "—",
                     esc("、".join(hit["terms"])) if hit["item"] else "—"])
    return "全部部门排序：\n" + table(["名次", "部门", "承担单位", "得分", "相对", "依据词语"], rows)
