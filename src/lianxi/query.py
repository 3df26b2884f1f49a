"""Name matching: find a department, unit or seat from what a user types.

Accepted, in this order: an exact name or alias; a unique substring of one; a name
contained in the query; pinyin (``gongan``, or initials ``ga``). Full- and half-width
forms and spaces do not matter. Several targets → :class:`Ambiguous` listing them;
none → :class:`NotFound` with the closest names.

Writes are stricter (:meth:`Matcher.find_exact`): a name or registered alias exactly, or the
record's id; a fragment, a typo or pinyin is refused with the names it might have meant.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, Hashable, Sequence, TypeVar

from .errors import Ambiguous, NotFound, UsageProblem

T = TypeVar("T", bound=Hashable)

_ASCII_WORD = re.compile(r"^[a-z']+$")


def norm(text: str) -> str:
    """NFKC (full/half width), no white space, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass(frozen=True)
class Entry(Generic[T]):
    target: T
    label: str  # how the target is shown in candidate lists
    names: tuple[str, ...]


class Matcher(Generic[T]):
    def __init__(self, entries: Sequence[Entry[T]], *, what: str = "部门或单位",
                 hint: str | None = None) -> None:
        # ``hint`` is shown when nothing matches; "{query}" in it becomes the user's words, quoted
        self.entries = list(entries)
        self.what = what
        self.hint = hint

    def find(self, query: str) -> T:
        matches = self.find_all(query)
        if len(matches) == 1:
            return matches[0].target
        if matches:
            raise Ambiguous(f"“{query}”对应多个{self.what}", candidates=[m.label for m in matches])
        hint = self.hint.replace("{query}", shell_quote(query.strip())) if self.hint else None
        raise NotFound(f"找不到{self.what}“{query}”", suggestions=self.suggest(query), hint=hint)

    def find_exact(self, query: str) -> T:
        """The one target named exactly (name, registered alias or id) — what a write accepts.

        Anything looser is refused: the loose matches (or the closest names) are listed so the
        user can retype one, and nothing is written.
        """
        q = norm(query)
        if not q:
            raise UsageProblem(f"请输入{self.what}名称")
        found = self._exact(q) or [e for e in self.entries if norm(str(e.target)) == q]
        if len(found) == 1:
            return found[0].target
        if found:
            raise Ambiguous(f"“{query}”对应多个{self.what}", candidates=[m.label for m in found])
        loose = [m.label for m in self.find_all(query)] or self.suggest(query)
        if len(loose) > 6:
            loose = loose[:6] + [f"等 {len(loose)} 个"]
        raise NotFound(f"找不到{self.what}“{query}”：写入数据时须写全称、简称或已登记的别名（或编号），"
                       "不按片段或拼音猜测",
                       suggestions=loose)

    def find_all(self, query: str) -> list[Entry[T]]:
        q = norm(query)
        if not q:
            raise UsageProblem(f"请输入{self.what}名称")
        for step in (self._exact, self._substring, self._contained, self._pinyin):
            found = step(q)
            if found:
                return found
        return []

    # -- steps; each returns the distinct entries it matched, in data order
    def _collect(self, predicate, *, raw: bool = False) -> list[Entry[T]]:
        """Entries with a name satisfying ``predicate`` (given the normalised name unless raw)."""
        out: list[Entry[T]] = []
        seen: set = set()
        for entry in self.entries:
            if entry.target not in seen and any(predicate(n if raw else norm(n)) for n in entry.names):
                seen.add(entry.target)
                out.append(entry)
        return out

    def _exact(self, q: str) -> list[Entry[T]]:
        return self._collect(lambda n: n == q)

    def _substring(self, q: str) -> list[Entry[T]]:
        return self._collect(lambda n: q in n)

    def _contained(self, q: str) -> list[Entry[T]]:
        # "区公安分局的职责" contains "区公安分局": take the longest names found in the query
        best = 0
        for entry in self.entries:
            for name in entry.names:
                n = norm(name)
                if len(n) >= 2 and n in q:
                    best = max(best, len(n))
        if not best:
            return []
        return self._collect(lambda n: len(n) == best and n in q)

    def _pinyin(self, q: str) -> list[Entry[T]]:
        if not _ASCII_WORD.match(q):
            return []
        from .pinyin import pinyin_keys

        q = q.replace("'", "")
        names = [n for e in self.entries for n in e.names]
        keys = pinyin_keys(names)
        for test in (lambda full, ini: full == q or ini == q,
                     lambda full, ini: full.startswith(q),
                     lambda full, ini: len(q) >= 3 and q in full):
            found = self._collect(lambda name: test(*keys[name]), raw=True)
            if found:
                return found
        return []

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        import difflib

        q = norm(query)
        scored: dict[str, float] = {}
        for entry in self.entries:
            for name in entry.names:
                n = norm(name)
                ratio = difflib.SequenceMatcher(None, q, n).ratio()
                common = len(set(q) & set(n)) / max(len(set(q)), 1)
                score = max(ratio, common)
                if score > scored.get(entry.label, 0.0):
                    scored[entry.label] = score
        ranked = sorted(((s, label) for label, s in scored.items() if s >= 0.3), key=lambda x: -x[0])
        return [label for _, label in ranked[:limit]]


def shell_quote(text: str) -> str:
    """Words to paste into a shell: in double quotes, or single-quoted when they hold $ ` \\ \" !."""
    if any(c in text for c in '"$`\\!'):
        import shlex

        return shlex.quote(text)
    return f'"{text}"'


def department_matcher(ds) -> Matcher:
    """Departments, reachable by their own names and by the names of the unit that carries them."""
    entries = []
    for dept in ds.duties.departments:
        unit = ds.unit(dept.unit)
        names = list(dept.all_names())
        if unit is not None:
            names += unit.all_names()
        label = f"{dept.name}（{unit.display_name}）" if unit else dept.name
        entries.append(Entry(dept.id, label, tuple(names)))
    return Matcher(entries, what="部门", hint="也可以按事项查询：lianxi who {query}；列出全部：lianxi duties")


def unit_matcher(ds) -> Matcher:
    """Units, by their names and by the departments they carry."""
    by_unit: dict[str, list[str]] = {}
    for dept in ds.duties.departments:
        if dept.unit:
            by_unit.setdefault(dept.unit, []).extend(dept.all_names())
    entries = [Entry(u.id, u.display_name, tuple(u.all_names() + by_unit.get(u.id, [])))
               for u in ds.members.units]
    return Matcher(entries, what="单位")
