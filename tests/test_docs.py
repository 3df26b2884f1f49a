"""README.md stays a front door and every relative link in README.md and docs/ leads somewhere.

A link ``](path)`` or ``](path#anchor)`` must name an existing file (relative to the page that
links); an anchor into a Markdown page must be one of that page's headings, spelt as GitHub
spells heading anchors. The quick-start block holds exactly the two commands .ci/run greps for.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
QUICK_START = ["python3 -m pip install . && lianxi duties 公安",
               "python3 -m pip install '.[test]' && python3 -m pytest"]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _outside_code(text: str) -> list[str]:
    """The page's lines outside fenced code blocks (a command's output may contain '](')."""
    lines, fence = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        elif not fence:
            lines.append(line)
    return lines


def _slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation and symbols dropped, spaces to hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading.strip()).lower()
    kept = "".join(c for c in text
                   if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _outside_code(page.read_text(encoding="utf-8")):
        match = re.match(r"#{1,6} (.+)", line)
        if not match:
            continue
        slug = _slug(match.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(page: Path) -> list[str]:
    return [m.group(1) for line in _outside_code(page.read_text(encoding="utf-8"))
            for m in LINK.finditer(line)]


def test_there_are_pages_and_links():
    assert (ROOT / "docs" / "README.md") in PAGES and len(PAGES) >= 10
    assert sum(len(_links(page)) for page in PAGES) >= 50


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    broken = []
    for target in _links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: — not checked here
            continue
        path, _, anchor = unquote(target).partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(f"{target}: no heading with anchor #{anchor} in {file.relative_to(ROOT)}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("page", [p for p in PAGES if p.parent.name == "docs"], ids=lambda p: p.name)
def test_every_docs_page_has_a_title_a_description_and_a_way_back(page):
    lines = page.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and lines[1] == "" and lines[2].strip(), page.name
    if page.name != "README.md":
        assert "](README.md)" in "\n".join(lines[:8]), page.name


def test_readme_is_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) < 300


def test_quick_start_has_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## 快速开始\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.S)
    assert blocks and blocks[0].splitlines() == QUICK_START
    # .ci/run runs the first line matching this pattern verbatim
    ci = [line for line in readme.splitlines() if re.match(r"python3 -m pip install '\.\[test\]'", line)]
    assert ci[:1] == [QUICK_START[1]]


def test_slug_follows_github():
    assert _slug("`lianxi duties`：查职责") == "lianxi-duties查职责"
    assert _slug("Word 文稿（GB/T 9704-2012 版式）") == "word-文稿gbt-9704-2012-版式"
    assert _slug("版式设置 layout.yaml") == "版式设置-layoutyaml"
