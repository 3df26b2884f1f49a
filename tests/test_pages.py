"""Every document kind laid out by LibreOffice and read back page by page (scripts/check_pages.py).

All the documents are converted in ONE soffice run (a module fixture): starting LibreOffice
costs more than the pages. Those tests are skipped where soffice or pdftotext is not
installed; the checker's own tests (on made-up page texts) run everywhere.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from lianxi.render_docx import find_soffice

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_pages.py"

# the pages laid out by LibreOffice; the checker's own tests below need neither
needs_soffice = [pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext not installed: apt-get install libreoffice-writer poppler-utils"),
    pytest.mark.external]


def laid_out(test):
    for mark in needs_soffice:
        test = mark(test)
    return test


def _script():
    import sys

    if "check_pages" not in sys.modules:
        spec = importlib.util.spec_from_file_location("check_pages", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules["check_pages"] = module  # its dataclasses look their module up
        keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no scripts/__pycache__ left behind
        try:
            spec.loader.exec_module(module)
        finally:
            sys.dont_write_bytecode = keep
    return sys.modules["check_pages"]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    script = _script()
    workdir = tmp_path_factory.mktemp("pages")
    pdfs = script.convert(script.build(workdir), workdir)
    return {name: script.check(name, pdf) for name, pdf in pdfs.items()}


@laid_out
@pytest.mark.parametrize("name", sorted(_script().DOCUMENTS))
def test_pages(checked, name):
    result = checked[name]
    assert not result.problems, result.line()
    assert 26.5 <= result.widest <= 28, result.line()  # about 28 a line, not 14 (a character grid)


@laid_out
def test_lines_of_28_characters(checked):
    assert max(r.widest for r in checked.values()) == 28


@laid_out
def test_full_pages_have_22_lines(checked):
    full = [n for r in checked.values() for n in r.full_pages]
    assert full and set(full) == {22}


@laid_out
def test_reply_slip_on_the_last_page(checked):
    for name, result in checked.items():
        if name.startswith("notice"):
            assert not any("参会回执" in p for p in result.problems), result.line()


def test_checker_finds_a_lone_signature(tmp_path):
    """The checks can fail: a page holding only the signature and date is reported."""
    script = _script()
    lines = [script.Line("泉港区婴幼儿照护服务工作联席会议办公室", 200, 500, 120, 141),
             script.Line("2026年11月29日", 300, 450, 150, 171)]
    pages = [[script.Line("正文" * 14, 80, 521, 110, 131)], lines]
    result = script.check("alert", tmp_path / "x.pdf", pages=pages)
    assert any("只有落款或日期" in p for p in result.problems)
    wide = script.check("alert", tmp_path / "x.pdf", pages=[[script.Line("正" * 29, 80, 521, 110, 131)]])
    assert any("多于 28" in p for p in wide.problems)
    slip = script.check("notice_x", tmp_path / "x.pdf", pages=[
        [script.Line("正文", 80, 521, 110, 131)], [script.Line("附件", 80, 120, 110, 131)],
        [script.Line("区妇联", 80, 120, 110, 126)]])
    assert any("参会回执从第 2 页起占了 2 页" in p for p in slip.problems)


def test_checker_finds_a_page_with_only_the_closing(tmp_path):
    """A page holding nothing but the 版记 (the office and the 印发 date, 抄送) is reported."""
    script = _script()
    Line = script.Line
    first = [Line("正文" * 14, 80, 521, 110, 131)]
    number = Line("—2—", 93, 130, 760, 775)  # below the text block: not counted
    imprint = [[Line("泉港区婴幼儿照护服务工作联席会议办公室", 93, 360, 718, 736),
                Line("2026年11月25日印发", 400, 507, 718, 736), number],
               [Line("泉港区婴幼儿照护服务工作联席会议办公室2026年11月25日印发", 93, 507, 718, 736)],
               [Line("抄送：区政府办公室，区委宣传部，区发改局，区教育局，", 93, 507, 660, 678),
                Line("区民政局。", 140, 230, 689, 707),
                Line("泉港区婴幼儿照护服务工作联席会议办公室2026年11月25日印发", 93, 507, 718, 736)]]
    for page in imprint:
        result = script.check("alert", tmp_path / "x.pdf", pages=[first, page])
        assert any(p.startswith("第 2 页只有版记") for p in result.problems), result.line()
    with_text = [Line("请各单位高度重视。", 111, 300, 110, 131), *imprint[0]]
    assert not script.check("alert", tmp_path / "x.pdf", pages=[first, with_text]).problems
