"""Printing: rich on a terminal, plain text when piped, JSON for scripts.

Commands build their output as text with a tiny subset of rich markup (``[bold]…[/]``);
on a terminal rich renders it (and honours ``NO_COLOR``); otherwise the markup is
stripped, so piped output is plain text and rich is never imported. Tables are laid
out here by display width, never truncating a Chinese cell.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Any, Iterable, Sequence

_TAG = re.compile(r"(?<!\\)\[(/?[a-z][a-z0-9 #._-]*|/)\]")


def esc(text: Any) -> str:
    """Escape data text so it is never read as markup."""
    return str(text).replace("[", "\\[")


def strip_markup(text: str) -> str:
    return _TAG.sub("", text).replace("\\[", "[")


def use_rich() -> bool:
    stream = sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def emit(text: str = "") -> None:
    if use_rich():
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(text)
    else:
        sys.stdout.write(strip_markup(text) + "\n")


def emit_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], gap: int = 2) -> str:
    """Columns aligned by display width; cells may carry markup (ignored when measuring)."""
    from ..textcn import display_width as width  # here, not at the top: a query prints no table

    rows = [list(map(str, r)) for r in rows]
    all_rows = [list(headers)] + rows
    widths = [max(width(strip_markup(r[i])) for r in all_rows) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(all_rows):
        cells = []
        for i, cell in enumerate(row):
            pad = widths[i] - width(strip_markup(cell))
            cells.append(cell + (" " * pad if i < len(row) - 1 else ""))
        line = (" " * gap).join(cells)
        lines.append(f"[bold]{line}[/]" if n == 0 else line)
    return "\n".join(lines)


def emit_document(annotated: str, fmt, out, root, force: bool):
    """Write the document to its ``-o`` file (returns the path), or print it (returns None).

    On a terminal Markdown is laid out by rich; piped, it is plain text; a .docx or .pdf
    asked for with ``-o -`` goes to standard output as bytes.
    """
    from ..render import for_terminal, stdout_document, write_output

    path = write_output(annotated, fmt, out, root, force=force)
    if path is not None:
        return path
    document = stdout_document(annotated, fmt, out, root)
    if isinstance(document, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
    elif use_rich():
        from rich.console import Console
        from rich.markdown import Markdown

        Console(highlight=False).print(Markdown(for_terminal(document)))
    else:
        sys.stdout.write(document)
    return None


LIST_FORMATS = ("xlsx", "csv", "md", "docx", "pdf")  # roster, liaisons


def export_choice(fmt, out, json_out: bool, allowed) -> "str | None":
    """The export format asked for with -f/-o (None: the usual screen output); not with --json."""
    if fmt is None and (out is None or out == "-"):
        return None
    from ..errors import UsageProblem
    from ..export import export_format

    export = export_format(fmt, out, allowed)
    if export and json_out:
        raise UsageProblem("--json 与导出（-f/-o）不能同时使用")
    return export


def emit_bytes(data: bytes) -> None:
    """A file's bytes to standard output (``-o -``, or a text export without ``-o``)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def emit_export(table, fmt: str, out, root, force: bool) -> None:
    """An exported list: ``table`` is (title, headers, rows); xlsx/csv, or a document (md/docx/pdf)."""
    from ..export import TABLE_FORMATS, table_bytes, write_export
    from ..store import display_path

    title, headers, rows = table
    if fmt in TABLE_FORMATS:
        data = table_bytes(fmt, title, headers, rows)
        path = write_export(data, out, fmt, root, force)
        if path is None:
            emit_bytes(data)
    else:
        from ..tables import roster_document

        path = emit_document(roster_document(title, headers, rows), fmt, out, root, force)
    if path is not None:
        sys.stderr.write(f"已写入 {display_path(path)}（{len(rows)} 行）\n")


def show_value(ds, field: str, value) -> str:
    """A field's value as a user reads it: unit ids as names, dates as 2027-01-05."""
    if value is None:
        return "（无）"
    if isinstance(value, list):
        return "、".join(ds.unit_name(u) for u in value)
    if field in ("lead",):
        return ds.unit_name(value)
    if isinstance(value, dict):
        return "；".join(str(v) for v in value.values())
    return str(value)


def changes_text(ds, what: str, names: dict, before: dict, after: dict, dry_run: bool) -> str:
    """What an edit changed (or, with --dry-run, would change), one line per field, in Chinese."""
    lines = [f"试运行（--dry-run）：{what} 将修改以下内容，实际未写入：" if dry_run else f"已修改{what}："]
    for field, value in after.items():
        lines.append(f"  {names.get(field, field)}：{esc(show_value(ds, field, before.get(field)))}"
                     f" → {esc(show_value(ds, field, value))}")
    return "\n".join(lines)


@contextmanager
def planning(active: bool):
    """``--dry-run``: run the writer with every write recorded instead of made (store.dry_run),
    then say what would change, file by file, field by field in Chinese (lianxi.changes);
    nothing is written."""
    from ..store import display_path, dry_run

    with dry_run(active) as planned:
        yield planned
    if not active:
        return
    from ..changes import describe

    parts = []
    for path, old, new in planned:
        shown = display_path(path)
        if new is None:
            parts.append(f"试运行（--dry-run）：将删除 {shown}（内容移到新文件），实际未删除。\n")
            continue
        if old == new:
            parts.append(f"试运行（--dry-run）：{shown} 没有变化。\n")
            continue
        head = (f"试运行（--dry-run）：将新建 {shown}，实际未写入：\n" if old is None
                else f"试运行（--dry-run）：{shown} 将有以下修改，实际未写入：\n")
        root = path.parent if (path.parent / "members.yaml").exists() else path.parent.parent
        lines = describe(path, old, new, root)
        if not lines:  # not YAML, or only comments and layout change: the changed lines
            import difflib

            before = (old or b"").decode("utf-8", "replace").splitlines()
            after = new.decode("utf-8", "replace").splitlines()
            lines = [("新增一行：" if line[0] == "+" else "删除一行：") + line[1:]
                     for line in difflib.unified_diff(before, after, lineterm="", n=0)
                     if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        parts.append(head + "".join(f"  {line}\n" for line in lines))
    sys.stdout.write("\n".join(parts) if parts else "试运行（--dry-run）：没有要写入的内容。\n")
