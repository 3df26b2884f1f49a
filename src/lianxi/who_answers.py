"""Confirmed answers (``who_answers.yaml``): the office teaches ``lianxi who``.

``lianxi who learn "问题" 部门`` records an answer the office confirmed (validated, under the
data lock, undoable with ``lianxi who forget``); :func:`lianxi.who.ask` answers the same or a
similar question with it, with confidence 高.
"""

from __future__ import annotations

from pathlib import Path

from .who import ANSWERS_COMMENT, ANSWERS_FILE, plain, load_answers, load_lexicon, question_key


def resolve_department(ds, text: str):
    """The department a user names: its id, name or alias, or its unit's id, name or short name —
    matched whole (after normalisation), never by a fragment."""
    from .errors import NotFound

    key = plain(text)
    units = {u.id: u for u in ds.members.units}
    matches = []
    for dept in ds.duties.departments:
        names = [dept.id, *dept.all_names()]
        unit = units.get(dept.unit)
        if unit is not None:
            names += [unit.id, unit.name, unit.short_name or "", *getattr(unit, "aliases", [])]
        if any(plain(n) == key for n in names if n):
            matches.append(dept)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise NotFound(f"“{text}”对应多个部门：" + "、".join(f"{d.name}（{d.id}）" for d in matches),
                       hint="请用部门 id 指定。")
    raise NotFound(f"职责分工中没有名为“{text}”的部门（须写部门全称、别称、id，或承担单位的全称、简称）",
                   suggestions=[f"{d.id}（{d.name}）" for d in ds.duties.departments][:6],
                   hint="列出全部部门：lianxi duties")


def check_answers(root: Path, collector) -> None:
    """``lianxi validate``: every confirmed answer names a department of duties.yaml."""
    if not (Path(root) / ANSWERS_FILE).exists():
        return
    from .store import load_optional
    from .model import DutiesFile, WhoAnswersFile
    from .store import load_model

    answers, doc = load_optional(Path(root), ANSWERS_FILE, WhoAnswersFile, collector)
    if answers is None or doc is None:
        return
    try:
        duties = load_model(Path(root), "duties.yaml", DutiesFile)[0]
    except Exception:  # noqa: BLE001 - duties.yaml's own problems are reported by check_core
        return
    ids = {d.id for d in duties.departments}
    for i, entry in enumerate(answers.answers):
        if entry.department not in ids:
            collector.add(doc.problem(f"部门“{entry.department}”不存在（应为 duties.yaml 中某个部门的 id）",
                                      ("answers", i, "department"), rule="unknown-department"))




def learn(ds, question: str, department, day) -> str:
    """Record a confirmed answer (``who_answers.yaml``); the new file text (``store.dry_run``: nothing written)."""
    from .errors import DataError
    from .listfile import write_list
    from .yamlwrite import append_entry_text
    from .model import WhoAnswersFile

    root = Path(ds.root)
    lex = load_lexicon(root)
    key = question_key(question, lex)
    if not key:
        raise DataError("问题中没有可记录的词语（只有提问用语或标点）。")
    current = load_answers(root)
    for entry in current.answers:
        if question_key(entry.question, lex) == key:
            if entry.department == department.id:
                from .errors import NothingToDo

                raise NothingToDo(f"已有相同的确认答案：“{entry.question}” → {department.name}（{entry.date}），"
                                  "无需变动；未做任何修改。")
            raise DataError(f"同一问题已确认为另一个部门（{entry.department}，{entry.date}）。"
                            f"请先删除：lianxi who forget \"{entry.question}\"。未做任何修改。")
    fields = [("question", question), ("department", department.id), ("date", day)]
    holder = {}  # the bundled data is refused by the lock write_list takes

    def change(old_text: str, _doc, _current) -> str:
        holder["text"] = append_entry_text(old_text, "answers", fields)
        return holder["text"]

    def expect(old: list) -> list:
        return old + [{k: v for k, v in fields}]

    def cross(new, doc, collector) -> None:
        ids = {d.id for d in ds.duties.departments}
        for i, entry in enumerate(new.answers):
            if entry.department not in ids:
                collector.add(doc.problem(f"部门“{entry.department}”不存在", ("answers", i, "department"),
                                          rule="unknown-department"))

    write_list(root, ANSWERS_FILE, "answers", WhoAnswersFile, ANSWERS_COMMENT, change, expect, cross)
    return holder["text"]


def forget(ds, question: str) -> tuple[object, str]:
    """Remove the confirmed answer for a question; (the removed entry, the new file text)."""
    from .errors import NotFound
    from .listfile import write_list
    from .model import WhoAnswersFile
    from .yamlwrite import remove_entry_text

    root = Path(ds.root)
    lex = load_lexicon(root)
    key = question_key(question, lex)
    current = load_answers(root)
    index = next((i for i, e in enumerate(current.answers) if question_key(e.question, lex) == key), None)
    if index is None:
        raise NotFound(f"没有“{question}”的确认答案。",
                       suggestions=[e.question for e in current.answers][-5:],
                       hint=f"确认答案记录在数据目录的 {ANSWERS_FILE} 中。")
    removed = current.answers[index]
    holder = {}

    def change(_old_text: str, doc, _current) -> str:
        holder["text"] = remove_entry_text(doc, "answers", index)
        return holder["text"]

    def expect(old: list) -> list:
        return old[:index] + old[index + 1:]

    write_list(root, ANSWERS_FILE, "answers", WhoAnswersFile, ANSWERS_COMMENT, change, expect)
    return removed, holder["text"]
