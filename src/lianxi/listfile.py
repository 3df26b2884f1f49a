"""Hand-editable list files (``reports.yaml``, ``alerts.yaml``, ``groups.yaml``) and their writers.

Each file holds one top-level list (``reports:``, ``alerts:``, ``groups:``) that a person may
also edit by hand, with comments. Writers never re-dump the file: a new entry is *appended as
text*, and a new field is *inserted as text* into an existing entry, so every existing byte —
comments, spacing, quoting — stays as the author left it. After building the new text the
writer parses it again and checks that the result is exactly the old list plus the change;
if the file's layout does not allow a safe textual edit (a flow-style list, another key after
the list), the write is refused with a Chinese explanation and the file is left untouched.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Callable, Optional, TypeVar

from pydantic import BaseModel

from .errors import Collector, DataError, DataErrors, NothingToDo
from .store import atomic_write, check_text, data_lock, display_path, load_optional, read_document, validate_model
from .yamldoc import Document, parse_text

M = TypeVar("M", bound=BaseModel)

def header_text(name: str, key: str, comment: str) -> str:
    from .schema import schema_line

    return f"{schema_line(name)}\n#\n{comment.rstrip()}\n\n{key}: []\n"


def next_year_id(ids: list[str], day: dt.date) -> str:
    """The next id of the form YYYY-NN for ``day``'s year (2027-01, 2027-02, …)."""
    prefix = f"{day.year}-"
    numbers = [int(i[len(prefix):]) for i in ids if i.startswith(prefix) and i[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def known_units(root: Path) -> Optional[dict]:
    """The units of ``root/members.yaml`` by id, for cross-checks; None where that file is broken."""
    from .model import MembersFile

    if not os.path.lexists(Path(root) / "members.yaml"):
        return None
    scratch = Collector()
    doc = read_document(Path(root), "members.yaml", scratch)
    members = validate_model(doc, MembersFile, scratch) if doc is not None else None
    return {u.id: u for u in members.units} if members is not None else None


def check_ids_and_units(entries: list, key: str, what: str, unit_fields: tuple[str, ...], doc: Document,
                        collector: Collector, units: Optional[dict]) -> None:
    """Entry ids are unique; every unit an entry names (single id or list of ids) exists."""
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        where = (key, i)
        if entry.id in seen:
            line = doc.locate((key, seen[entry.id], "id"))[0]
            collector.add(doc.problem(f"{what}“{entry.id}”重复（第一次出现在第 {line} 行）",
                                      where + ("id",), rule="duplicate"))
        seen.setdefault(entry.id, i)
        if units is None:
            continue
        for field in unit_fields:
            value = getattr(entry, field)
            refs = [(where + (field, k), u) for k, u in enumerate(value)] if isinstance(value, list) \
                else [(where + (field,), value)]
            for path, unit in refs:
                if unit not in units:
                    collector.add(doc.problem(f"单位“{unit}”不存在（应为 members.yaml 中 units 的某个 id）",
                                              path, rule="unknown-unit"))


def existing_text(doc: Optional[Document], name: str, key: str, comment: str) -> str:
    """The text the change applies to: the file as just read (one read, checked by read_text)."""
    if doc is not None:
        return doc.text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads it
    return header_text(name, key, comment)


def _layout_error(path: Path, key: str) -> DataError:
    return DataError(
        f"{display_path(path)} 的写法不便于安全地追加（{key} 应为文件中最后一个键、用“- ”逐条书写的列表）；"
        "请手工编辑该文件，或先改成与内置示例相同的格式。未做任何修改。")


def write_list(
    root: Path,
    name: str,
    key: str,
    model: type[M],
    comment: str,
    change: Callable[[str, Optional[Document], M], str],
    expect: Callable[[list], list],
    cross_check: Callable[[M, Document, Collector], None] | None = None,
) -> M:
    """Lock, build the new text with ``change``, verify and cross-check it, write atomically.

    ``expect(old_items)`` gives the list the new text must parse to (the old entries plus the
    change); anything else means the textual edit went wrong and nothing is written.
    """
    path = root / name
    with data_lock(root):
        before = Collector()
        old, old_doc = load_optional(root, name, model, before)
        if old is None or before.errors:
            raise DataErrors(before.errors, hint="请先修正上述错误（lianxi validate），未做任何修改。")
        text = change(existing_text(old_doc, name, key, comment), old_doc, old)
        collector = Collector()
        new_doc = parse_text(text, path, display_path(path), collector)
        refused = [p for p in collector.errors if p.rule == "control-char"]  # in a value given to the command
        if refused:
            raise DataErrors(refused, hint="写入前校验失败，未做任何修改。")
        old_items = [] if old_doc is None else list(old_doc.data.get(key) or [])
        if (collector.errors or new_doc is None or not isinstance(new_doc.data, dict)
                or new_doc.data.get(key) != expect(old_items)):
            raise _layout_error(path, key)
        new = check_text(text, path, model)
        if cross_check is not None:
            cross_check(new, new_doc, collector)
            if collector.errors:
                raise DataErrors(collector.errors, hint="写入前校验失败，未做任何修改。")
        atomic_write(path, text, root=root)
    return new


class Unchanged(NothingToDo):
    """A write that would change nothing (the same change again): the command says 无需变动, exit 0.

    ``entry`` is what stays as it was (a list entry, or a unit id for member add/retire). The
    commands catch it to name the entry; uncaught, it is any repeated write (errors.NothingToDo)."""

    def __init__(self, entry) -> None:
        super().__init__("给出的内容与现有记录相同，无需变动；未做任何修改。")
        self.entry = entry


def edit_entry(
    root: Path,
    name: str,
    key: str,
    model: type[M],
    comment: str,
    locate: Callable[[M], int],
    updates_for: Callable[[object], dict],
    cross_check: Callable[[M, Document, Collector], None] | None = None,
) -> tuple[M, int, dict]:
    """Change fields of one entry of a list file, as text (yamlwrite.set_value), then verify
    and write like :func:`write_list`.

    ``locate(current)`` gives the entry's index; ``updates_for(entry)`` the fields to set
    (field → new value, only those that differ). No field to change raises :class:`Unchanged`
    and nothing is written. Returns (the new file, the index, the updates).
    """
    from .yamlwrite import EditError, set_value

    state: dict = {}

    def change(text: str, _doc, current: M) -> str:
        index = locate(current)
        entry = getattr(current, key)[index]
        updates = updates_for(entry)
        if not updates:
            raise Unchanged(entry)
        state.update(index=index, updates=updates)
        try:
            for field, value in updates.items():
                text = set_value(text, (key, index), field, value)
        except EditError:
            raise _layout_error(root / name, key) from None
        return text

    def expect(old: list) -> list:
        new = [dict(item) if isinstance(item, dict) else item for item in old]
        if isinstance(new[state["index"]], dict):
            new[state["index"]].update(state["updates"])
        return new

    result = write_list(root, name, key, model, comment, change, expect, cross_check)
    return result, state["index"], state["updates"]
