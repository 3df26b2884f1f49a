"""Annotated Markdown — the one text every document template renders — parsed into paragraphs.

The contract (shared by the templates and the writers):

* a *block* is a run of consecutive non-blank lines; blank lines separate blocks;
  every LINE is its own paragraph (no Markdown line joining);
* ``<!-- role -->`` alone on a line gives the block that follows its role;
* ``#`` title, ``##``/``###``/``####`` heading levels 1–3, ``|`` pipe tables, other
  unmarked lines are body paragraphs;
* 〔待定：…〕 marks a particular still missing; a final document contains none.

This module is pure Python (no docx) so that the Markdown output, the checks for a
final document and the Word writer all read the text the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import DataError
from .textcn import PLACEHOLDER

ROLES = (
    "addressee", "attachment-note", "signature", "date", "pagebreak", "attachment-label",
    "minutes-header", "attendance", "closing", "mark", "centered", "masthead",
)
# roles of unmarked lines
LINE_ROLES = ("title", "heading1", "heading2", "heading3", "body")

_MARKER = re.compile(r"^\s*<!--\s*([A-Za-z0-9_-]+)\s*-->\s*$")
_HEADING = re.compile(r"^(#{1,4})\s+(.*\S)\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TEMPLATE_LEFTOVER = re.compile(r"\{\{|\{%|\{#")


@dataclass
class Paragraph:
    """One paragraph of the document (or one table, when ``rows`` is set)."""

    role: str
    text: str
    line: int  # 1-based line in the annotated text
    first: bool = False  # first paragraph of its block
    last: bool = False  # last paragraph of its block
    rows: list[list[str]] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return self.role == "table"


def parse(text: str) -> list[Paragraph]:
    """The annotated text → paragraphs in document order.

    Raises DataError for an unknown marker or a marker that has no block to apply to
    (a template mistake that would otherwise be printed silently wrong).
    """
    lines = text.splitlines()
    out: list[Paragraph] = []
    pending: tuple[str, int] | None = None  # (role, line) of a marker waiting for its block
    i = 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip():
            i += 1
            continue
        marker = _MARKER.match(raw)
        if marker:
            role = marker.group(1)
            if role not in ROLES:
                raise DataError(f"文稿第 {i + 1} 行的标记 <!-- {role} --> 不认识；可用的标记："
                                + "、".join(ROLES))
            if pending is not None:
                raise DataError(f"文稿第 {pending[1]} 行的标记 <!-- {pending[0]} --> 后面没有内容")
            if role == "pagebreak":
                out.append(Paragraph("pagebreak", "", i + 1, first=True, last=True))
            else:
                pending = (role, i + 1)
            i += 1
            continue
        # a block: consecutive non-blank, non-marker lines
        block: list[tuple[int, str]] = []
        while i < len(lines) and lines[i].strip() and not _MARKER.match(lines[i]):
            block.append((i + 1, lines[i].rstrip()))
            i += 1
        paragraphs = _block(block, pending[0] if pending else None)
        pending = None
        if paragraphs:
            paragraphs[0].first = True
            paragraphs[-1].last = True
        out.extend(paragraphs)
    if pending is not None:
        raise DataError(f"文稿第 {pending[1]} 行的标记 <!-- {pending[0]} --> 后面没有内容")
    return out


def _block(block: list[tuple[int, str]], role: str | None) -> list[Paragraph]:
    out: list[Paragraph] = []
    k = 0
    while k < len(block):
        number, line = block[k]
        stripped = line.strip()
        if stripped.startswith("|"):
            rows: list[list[str]] = []
            first_line = number
            while k < len(block) and block[k][1].strip().startswith("|"):
                row_text = block[k][1].strip()
                if not _TABLE_SEPARATOR.match(row_text):
                    rows.append(split_row(row_text))
                k += 1
            out.append(Paragraph("table", "", first_line, rows=rows))
            continue
        if role is not None:
            out.append(Paragraph(role, stripped, number))
        else:
            heading = _HEADING.match(stripped)
            if heading:
                level = len(heading.group(1))
                kind = "title" if level == 1 else f"heading{level - 1}"
                out.append(Paragraph(kind, heading.group(2), number))
            else:
                out.append(Paragraph("body", stripped, number))
        k += 1
    return out


def split_row(row: str) -> list[str]:
    """``| a | b \\| c |`` → ["a", "b | c"]."""
    body = row.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|") for c in cells]


def strip_markers(text: str) -> str:
    """The Markdown output: the annotated text without its marker lines."""
    kept = [line for line in text.splitlines() if not _MARKER.match(line)]
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out + "\n"


def unfinished(text: str) -> list[tuple[int, str]]:
    """(line, snippet) of every placeholder 〔待定：…〕 and every template leftover ``{{`` / ``{%``."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            found.append((number, match.group(0)))
        for match in _TEMPLATE_LEFTOVER.finditer(line):
            snippet = line[match.start():match.start() + 30].strip()
            found.append((number, snippet))
    return found


def check_final(text: str) -> None:
    """Raise DataError listing every placeholder or template leftover in a final document."""
    found = unfinished(text)
    if found:
        listed = "\n".join(f"  第 {n} 行：{snippet}" for n, snippet in found)
        raise DataError(
            f"正式文稿中不能有待定内容或未替换的模板标记，共 {len(found)} 处：\n{listed}",
            hint="请先在数据中补全这些信息，再生成正式文稿。")


def strip_bold(text: str) -> str:
    """Inline ``**bold**`` is allowed only in attendance/closing labels; the label is set in 黑体 anyway."""
    return text.replace("**", "")
