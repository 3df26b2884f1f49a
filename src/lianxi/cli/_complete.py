"""Shell completion: unit names (by pinyin too), seat, meeting and task ids, the choice options.

Each completer reads the data directory the command line names (``--data`` after the command,
or before it), else the usual one; it never fails loudly — a broken data directory completes
nothing.
"""

from __future__ import annotations

from typing import Callable

import typer


def _data(ctx: typer.Context):
    """The data directory the line being completed names: --data after the command, else before it."""
    node = ctx
    while node is not None:
        value = node.params.get("data") if node.params else None
        if value:
            return value
        node = node.parent
    return None


def _dataset(ctx: typer.Context):
    from ..dataset import Dataset

    return Dataset.open(_data(ctx))


def _safe(function: Callable) -> Callable:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            return function(ctx, incomplete)
        except Exception:  # noqa: BLE001 - completion must never fail loudly
            return []
    complete.__name__ = function.__name__
    complete.unfiltered = True  # type: ignore[attr-defined]  # may offer 公安 for "gongan"
    return complete


def unfiltered(params) -> None:
    """Let these completers offer names that do not start with what was typed (公安 for "ga").

    Typer keeps only candidates starting with the typed text; for a completer of this module,
    the wrapper Typer made is replaced by a direct call.
    """
    import inspect

    try:  # Typer ships its own click
        from typer._click.shell_completion import CompletionItem
    except ImportError:  # pragma: no cover - older Typer, on click
        from click.shell_completion import CompletionItem

    for param in params:
        wrapper = getattr(param, "_custom_shell_complete", None)
        cells = getattr(wrapper, "__closure__", None) or ()
        original = next((inspect.unwrap(c.cell_contents) for c in cells
                         if getattr(c.cell_contents, "unfiltered", False)), None)
        if original is not None:
            param._custom_shell_complete = (
                lambda ctx, p, incomplete, f=original: [CompletionItem(v) for v in f(ctx, incomplete)])


def _matching(names: list[str], incomplete: str) -> list[str]:
    """Names starting with what was typed, or whose pinyin (full or initials) does: gongan, ga → 公安."""
    from ..pinyin import pinyin_keys

    typed = incomplete.lower()
    keys = pinyin_keys([n for n in names if not n.isascii()]) if typed.isascii() and typed else {}
    out = [n for n in names if n.startswith(incomplete)
           or (n in keys and (keys[n][0].startswith(typed) or keys[n][1].startswith(typed)))]
    return list(dict.fromkeys(out))


def _unit_names(ds) -> list[str]:
    return [n for u in ds.members.units for n in u.all_names()]


@_safe
def units(ctx: typer.Context, incomplete: str) -> list[str]:
    """Unit names, short names and aliases (a comma-separated list completes its last name)."""
    head, sep, last = incomplete.rpartition(",")
    found = _matching(_unit_names(_dataset(ctx)), last)
    return [f"{head}{sep}{n}" for n in found]


@_safe
def departments_and_units(ctx: typer.Context, incomplete: str) -> list[str]:
    ds = _dataset(ctx)
    names = [n for d in ds.duties.departments for n in d.all_names()] + _unit_names(ds)
    return _matching(names, incomplete)


@_safe
def seats(ctx: typer.Context, incomplete: str) -> list[str]:
    return [s.id for s in _dataset(ctx).members.seats if s.id.startswith(incomplete)]


@_safe
def meetings(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..meetings import FILE_RE

    root = _dataset(ctx).root
    ids = sorted(p.name[:-5] for p in (root / "meetings").glob("*.yaml") if FILE_RE.match(p.name))
    return [i for i in ids if i.startswith(incomplete)]


@_safe
def tasks(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..followup import tasks_from_meetings

    return [t.id for t in tasks_from_meetings(_dataset(ctx).root) if t.id.startswith(incomplete)]


@_safe
def roles(ctx: typer.Context, incomplete: str) -> list[str]:
    """Seat roles (成员, 副召集人 …; pinyin too): those of the unit already on the line, else every role."""
    from ..model import ROLES

    names = list(ROLES)
    # while completing, the unit argument may be left unparsed in ctx.args (the commands' only positional)
    unit = (ctx.params or {}).get("unit") or (ctx.args[0] if ctx.args else None)
    if unit:
        try:
            from ..query import unit_matcher

            ds = _dataset(ctx)
            unit_id = unit_matcher(ds).find(unit)
            names = list(dict.fromkeys(s.role for s in ds.members.seats if s.unit == unit_id)) or names
        except Exception:  # noqa: BLE001 - an unknown unit: offer every role
            pass
    return _matching(names, incomplete)


@_safe
def alerts(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..alerts import load_alerts

    found, _ = load_alerts(_dataset(ctx).root)
    return [a.id for a in (found.alerts if found else []) if a.id.startswith(incomplete)]


@_safe
def groups(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..groups import load_groups

    found, _ = load_groups(_dataset(ctx).root)
    return [g.id for g in (found.groups if found else []) if g.id.startswith(incomplete)]


def choices(*values: str) -> Callable:
    """A fixed list of option values (the text of --format, --type, --layout …)."""
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]
    return complete
