"""``lianxi who``: which department answers a question — ranked from the division of duties.

``lianxi who learn "问题" 部门`` records an answer the office confirmed; ``lianxi who forget "问题"``
(or ``learn --undo``) removes it.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..dates import parse_date
from ._options import AsOfOpt, DataOpt, JsonOpt
from ._output import emit, emit_json, esc

LEVEL_NOTE = {"高": "多数情况可直接转办", "中": "建议核对依据的职责原文", "低": "仅供参考，请人工判断"}


def register(app) -> None:
    @app.command("who")
    def who(
        question: Annotated[str, typer.Argument(
            metavar="问题或事项", help="用自己的话说，如 \"托育机构的饮用水归谁管\"、\"新建托育园消防验收找谁\"；"
                                      "learn \"问题\" 部门：记录确认答案；forget \"问题\"：删除确认答案")],
        rest: Annotated[Optional[list[str]], typer.Argument(metavar="更多词语", show_default=False,
                                                           help="问题可以不加引号，分成几个词写；"
                                                                "learn / forget 时为 \"问题\" 部门")] = None,
        show_all: Annotated[bool, typer.Option("--all", "-a", help="列出全部部门的排序和得分")] = False,
        explain: Annotated[bool, typer.Option("--explain", help="说明哪些词语决定了排序")] = False,
        undo: Annotated[bool, typer.Option("--undo", help="与 learn 连用：删除该问题的确认答案")] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="与 learn / forget 连用：只显示将写入的内容")] = False,
        as_of: AsOfOpt = None,
        data: DataOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """按事项查部门：根据职责分工找出最相关的部门、依据的职责原文、成员和联络员，并给出把握程度（高/中/低）。
        找不到或不属于本联席会议职责范围时退出码为 1。

        示例：lianxi who 托育机构 消防检查 归谁管（问题可不加引号）
        """
        from ..dataset import Dataset
        from ..dates import today
        from ..errors import EXIT_INVALID, UsageProblem
        from ..who import answer_view, ask

        rest = [r for r in (rest or [])]
        text = question.strip()
        if text in ("learn", "forget"):
            _teach(text, rest, undo=undo, dry_run=dry_run, data=data, as_of=as_of, json_out=json_out)
            return
        if undo or dry_run:
            raise UsageProblem("--undo、--dry-run 只能与 learn / forget 连用，如 lianxi who learn --undo \"问题\"")
        if rest:
            text = " ".join([text, *rest]).strip()
        if not text:
            raise UsageProblem("请输入问题或事项，如 lianxi who \"托育机构的饮用水归谁管\"")
        ds = Dataset.open(data)
        day = parse_date(as_of, "--as-of") or today()
        answer = ask(ds, text)
        view = answer_view(ds, answer, day)
        if json_out:
            emit_json(view)
            if not view["found"]:
                raise typer.Exit(EXIT_INVALID)
            return
        if not answer.found:
            parts = [f"职责分工中没有找到与“{esc(text)}”相关的职责。",
                     "可以换个说法再问，或按关键词查找：lianxi duties --grep 关键词"]
            if explain:
                parts.append(_explain_text(view))
            _fail("\n".join(parts))
        if not answer.in_scope:
            parts = [_scope_text(view)]
            if explain:
                parts.append(_explain_text(view))
            _fail("\n\n".join(parts))
        parts = [_answer_text(view)]
        if explain:
            parts.append(_explain_text(view))
        if show_all:
            parts.append(_ranking_text(view))
        emit("\n\n".join(parts))


def _fail(text: str) -> None:
    from ..errors import EXIT_INVALID
    from ._output import use_rich

    if use_rich():
        emit(text)
    else:
        typer.echo(_strip_markup(text))
    raise typer.Exit(EXIT_INVALID)


def _strip_markup(text: str) -> str:
    import re

    return re.sub(r"\[(?:/|dim|bold(?: cyan| reverse)?|yellow)\]", "", text).replace("\\[", "[")


def _teach(action: str, rest: list, *, undo: bool, dry_run: bool, data, as_of, json_out: bool) -> None:
    from ..dataset import Dataset
    from ..dates import today
    from ..errors import UsageProblem
    from ..who import ANSWERS_FILE
    from ..who_answers import forget, learn, resolve_department

    if action == "learn" and not undo:
        if len(rest) != 2 or not rest[0].strip() or not rest[1].strip():
            raise UsageProblem("用法：lianxi who learn \"问题\" 部门（部门写全称、别称、id 或承担单位名称）")
    elif len(rest) != 1 or not rest[0].strip():
        raise UsageProblem(f"用法：lianxi who {action}{' --undo' if action == 'learn' else ''} \"问题\"")
    ds = Dataset.open(data)
    day = parse_date(as_of, "--as-of") or today()
    question = rest[0].strip()
    from ..store import dry_run as recorded
    from ._output import planning

    dept = resolve_department(ds, rest[1]) if action == "learn" and not undo else None
    # --dry-run: every write recorded, not made; the diff is shown (JSON output: only the result)
    with (recorded(dry_run) if json_out else planning(dry_run)):
        if dept is not None:
            learn(ds, question, dept, day)
            result = {"action": "learn", "question": question, "department": dept.id, "name": dept.name,
                      "date": day.isoformat(), "dry_run": dry_run}
            message = (f"{'将记录' if dry_run else '已记录'}确认答案：“{question}” → {dept.name}"
                       f"（{ANSWERS_FILE}）。之后相同或相近的问题按此回答。")
        else:
            removed, _ = forget(ds, question)
            result = {"action": "forget", "question": removed.question, "department": removed.department,
                      "dry_run": dry_run}
            message = f"{'将删除' if dry_run else '已删除'}确认答案：“{removed.question}” → {removed.department}。"
        if not json_out:
            typer.echo(message)
    if json_out:
        emit_json(result)


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


def _scope_text(view: dict) -> str:
    guess = view["guess"]
    subject = view["subject"] or "本联席会议"
    lines = [f"问题：{esc(view['question'])}",
             f"不属于本联席会议职责范围（{esc(subject)}）：问题中没有涉及这一事项的说法，职责分工也没有明确对应的一项。",
             "[dim]把握程度：低[/]"]
    if guess:
        unit = guess["unit"]["short_name"] or guess["unit"]["name"] if guess["unit"] else "无对应成员单位"
        lines.append(f"[dim]（猜测，仅供参考：{esc(guess['name'])}（{esc(unit)}），"
                     f"职责第 {guess['item']} 项：{esc(guess['sentence'])}）[/]")
    lines.append("可以换个说法再问，或转有关部门办理。")
    return "\n".join(lines)


def _answer_text(view: dict) -> str:
    from ..views import NOT_STATED, PENDING
    from .duties import _person_text

    best = view["best"]
    lines = [f"问题：{esc(view['question'])}"]
    looked = "、".join(esc(k) for k in view["keywords"])
    if view["expansions"]:
        looked += "（另按词表查找：" + "、".join(esc(e) for e in view["expansions"]) + "）"
    lines.append(f"[dim]查找词语：{looked}[/]")
    if view["negated"]:
        lines.append(f"[dim]已排除：{'、'.join(esc(n) for n in view['negated'])}[/]")
    level = view["confidence"]
    lines.append(f"把握程度：{level}（{LEVEL_NOTE[level]}）")
    if view["learned"]:
        lines.append(f"[dim]依据办公室确认过的答案：“{esc(view['learned']['question'])}”[/]")
    lines.append("")
    if view["shared"]:
        lines.append(f"共同事项，主责：[bold cyan]{esc(best['name'])}[/]")
    else:
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
        lines.append("配合：" if view["shared"] else "也可能相关：")
        for hit in view["runners_up"]:
            unit = hit["unit"]["short_name"] or hit["unit"]["name"] if hit["unit"] else "无对应成员单位"
            role = f"{hit['role']}，" if view["shared"] and hit["role"] else ""
            lines.append(f"  [bold]{esc(hit['name'])}[/]（{esc(unit)}，{role}相关度 {hit['relative']:.0%}）"
                         f"职责第 {hit['item']} 项：{_mark(hit['sentence'], hit['spans'])}")
    return "\n".join(lines)


def _explain_text(view: dict) -> str:
    ex = view["explain"]
    lines = ["排序依据："]
    lines.append(f"  提问涉及本联席会议事项（{esc(view['subject'] or '未载明')}）：{'是' if ex['subject_named'] else '否'}")
    if ex["related"]:
        lines.append("  近义词（同义词词林）：" + "、".join(esc(r) for r in ex["related"][:10]))
    if ex["homophones"]:
        lines.append("  音近纠错：" + "、".join(esc(r) for r in ex["homophones"][:6]))
    if view["negated"]:
        lines.append("  提问排除的部门（降低排序）：" + "、".join(esc(n) for n in view["negated"]))
    if view["learned"]:
        lines.append(f"  确认答案：“{esc(view['learned']['question'])}”（相似度 {view['learned']['similarity']:.0%}）")
    lines.append(f"  第一名领先第二名：{ex['margin']:.0%}；提问原词所占得分：{ex['own_share']:.0%}")
    for row in ex["departments"]:
        words = "、".join(f"{esc(w['term'])}（{esc(w['via'])} {w['points']:.2f}）" for w in row["words"][:6])
        flag = "（已被提问排除）" if row["negated"] else ""
        lines.append(f"  {esc(row['name'])}{flag} 得分 {row['score']:.2f}：{words or '—'}")
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
