"""Unit names on the command line: ``--unit 公安,市场监管局`` (or the option repeated)."""

from __future__ import annotations

import re

_SPLIT = re.compile(r"[,，、;；\s]+")


def split_names(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out += [part for part in _SPLIT.split(value) if part]
    return out


def resolve_units(ds, values: list[str] | None, option: str) -> list[str]:
    """Unit ids for the names given in a write: exact names or aliases only (Matcher.find_exact)."""
    from ..errors import UsageProblem
    from ..query import unit_matcher

    names = split_names(values)
    if not names:
        raise UsageProblem(f"{option} 至少需要一个单位，如 {option} 公安,市场监管局")
    matcher = unit_matcher(ds)
    ids: list[str] = []
    for name in names:
        unit_id = matcher.find_exact(name)
        if unit_id not in ids:
            ids.append(unit_id)
    return ids


def text_option(value: str | None, option: str) -> str:
    from ..errors import UsageProblem

    if value is None or not value.strip():
        raise UsageProblem(f"{option} 不能为空")
    return value.strip()
