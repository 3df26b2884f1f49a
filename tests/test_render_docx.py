"""Word output per GB/T 9704-2012: open each produced .docx with python-docx and check the layout."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from lianxi import render_docx
from lianxi.annotated import parse, strip_markers, unfinished
from lianxi.errors import DataError, DataErrors, LianxiError
from lianxi.layout import Layout, load_layout
from lianxi.render_docx import write_docx, write_pdf
from lianxi.textcn import break_title, em_width
from lianxi.store import bundled_dir

FIXTURES = Path(__file__).parent / "fixtures"
NOTICE = (FIXTURES / "notice.annotated.md").read_text(encoding="utf-8")
MINUTES = (FIXTURES / "minutes.annotated.md").read_text(encoding="utf-8")
# the notice with its placeholders filled in: a final document
NOTICE_FINAL = (NOTICE.replace("〔待定：会议地点〕", "区卫生健康局三楼会议室。")
                .replace("〔待定：联系人〕", "林某某").replace("〔待定：联系电话〕", "0595-87654321")
                .replace("<!-- mark -->\n示例\n\n", ""))

# GB/T 9704-2012: text block 156 × 225 mm, 28 characters a line → one character cell is
# 156 mm / 28 = 442.205 pt / 28 = 15.793 pt = 315.86 twips.
CELL_TWIPS = 156 / 25.4 * 72 / 28 * 20
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mm(length) -> float:
    return length / 36000


def twips(length) -> float:
    return length / 635


def render(tmp_path: Path, text: str, name: str = "out.docx", **kw):
    out = tmp_path / name
    write_docx(text, out, None, **kw)
    return Document(str(out)), out


def para(doc, text: str):
    """The body paragraph whose text starts with ``text``."""
    for paragraph in doc.paragraphs:
        if paragraph.text.startswith(text):
            return paragraph
    raise AssertionError(f"no paragraph starting with {text!r}")


def east_asia(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def assert_runs(paragraph, font: str, size: float) -> None:
    runs = [r for r in paragraph.runs if r.text]
    assert runs, paragraph.text
    for run in runs:
        assert east_asia(run) == font, (paragraph.text, east_asia(run))
        assert run.font.size == Pt(size), (paragraph.text, run.font.size)
        assert run.font.name == font  # w:ascii (no Latin font configured)


def all_runs(doc):
    parts = [doc.element.body]
    section = doc.sections[0]
    parts += [section.footer._element, section.even_page_footer._element]
    for part in parts:
        yield from part.iter(qn("w:r"))


# ------------------------------------------------------------------ page


@pytest.fixture
def notice(tmp_path):
    return render(tmp_path, NOTICE)[0]


@pytest.fixture
def minutes(tmp_path):
    return render(tmp_path, MINUTES, "minutes.docx")[0]


def test_page_is_a4_with_the_standard_margins(notice):
    section = notice.sections[0]
    assert len(notice.sections) == 1
    assert mm(section.page_width) == pytest.approx(210, abs=0.05)
    assert mm(section.page_height) == pytest.approx(297, abs=0.05)
    assert mm(section.top_margin) == pytest.approx(37, abs=0.05)
    assert mm(section.bottom_margin) == pytest.approx(35, abs=0.05)
    assert mm(section.left_margin) == pytest.approx(28, abs=0.05)
    assert mm(section.right_margin) == pytest.approx(26, abs=0.05)


def test_document_grid_22_lines_of_28_characters(notice):
    grid = notice.sections[0]._sectPr.find(qn("w:docGrid"))
    # a line grid only: LibreOffice gives a 16 pt character two cells of a linesAndChars grid
    # whose pitch (15.79 pt) is under the font size, i.e. 14 a line
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt
    assert 22 * 28.95 <= 225 / 25.4 * 72 + 0.5
    # 28 a line from condensing every 16 pt run by 0.25 pt, read alike by Word, WPS, LibreOffice
    body = para(notice, "为做好全区")
    for run in body.runs:
        spacing = int(run._r.rPr.find(qn("w:spacing")).get(qn("w:val")))
        assert spacing == -5
        assert 28 * (16 + spacing / 20) <= 156 / 25.4 * 72 < 29 * (16 + spacing / 20)
    # 22 pt titles and 14 pt tables are not condensed
    title = para(notice, "关于召开")
    assert title.runs[0]._r.rPr.find(qn("w:spacing")) is None


def test_document_defaults_at_the_body_size(notice):
    """A reader that sizes its grid or an unstyled run from the defaults gets the body's 16 pt."""
    defaults = notice.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    assert (spacing.get(qn("w:after")), spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == (
        "0", "579", "exact")
    assert notice.styles["Normal"].font.size == Pt(16)
    theme = notice.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:eastAsia")) == "zh-CN"


def test_every_run_names_its_east_asian_font(notice, minutes):
    for doc in (notice, minutes):
        count = 0
        for run in all_runs(doc):
            fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")), run.xml
            count += 1
        assert count > 30
    default = notice.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert default.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None


# ------------------------------------------------------------------ elements of a notice


def test_title_is_centred_2hao_xiaobiaosong_in_balanced_lines(notice):
    titles = [p for p in notice.paragraphs if p.runs and east_asia(p.runs[0]) == "方正小标宋简体"]
    assert [p.text for p in titles[:2]] == ["关于召开泉港区婴幼儿照护服务", "工作联席会议联络员会议的通知"]
    for p in titles[:2]:
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert_runs(p, "方正小标宋简体", 22)
        assert p._p.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"  # 22 pt: off the 15.8 pt grid


def test_body_3hao_fangsong_indented_two_characters_fixed_spacing(notice):
    body = para(notice, "为做好全区")
    assert_runs(body, "仿宋_GB2312", 16)
    assert body.paragraph_format.first_line_indent == pytest.approx(round(2 * CELL_TWIPS) * 635)
    ind = body._p.pPr.find(qn("w:ind"))
    # twips only: LibreOffice reads w:firstLineChars as multiples of 16 pt, not of the 15.79 pt cell
    assert ind.get(qn("w:firstLineChars")) is None
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28.95)


def test_addressee_flush_left(notice):
    addressee = para(notice, "联席会议各成员单位：")
    assert_runs(addressee, "仿宋_GB2312", 16)
    assert not addressee.paragraph_format.first_line_indent
    assert not addressee.paragraph_format.left_indent
    # one blank line under the title
    index = [p._p for p in notice.paragraphs].index(addressee._p)
    assert notice.paragraphs[index - 1].text == ""
    assert notice.paragraphs[index - 2].text == "工作联席会议联络员会议的通知"


def test_heading_levels_heiti_kaiti_fangsong(notice):
    h1 = para(notice, "一、会议时间")
    assert_runs(h1, "黑体", 16)
    assert h1.paragraph_format.first_line_indent == pytest.approx(round(2 * CELL_TWIPS) * 635)
    h2 = para(notice, "（二）研究2027年工作要点")
    assert_runs(h2, "楷体_GB2312", 16)
    h3 = para(notice, "1. 各成员单位汇报工作进展。")
    assert_runs(h3, "仿宋_GB2312", 16)
    # a heading followed by body text on its line: heading font up to its full stop, then body font
    runin = para(notice, "（一）通报工作情况。")
    assert [r.text for r in runin.runs][0] == "（一）通报工作情况。"
    assert east_asia(runin.runs[0]) == "楷体_GB2312"
    assert east_asia(runin.runs[1]) == "仿宋_GB2312"
    assert runin.runs[1].text.startswith("由联席会议办公室通报")
    levels = {p.text: p._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
              for p in (h1, h2, h3)}
    assert list(levels.values()) == ["1", "2", "3"]


def test_attachment_note_blank_line_above_and_indented(notice):
    note = para(notice, "附件：参会回执")
    assert_runs(note, "仿宋_GB2312", 16)
    assert note.paragraph_format.first_line_indent == pytest.approx(round(2 * CELL_TWIPS) * 635)
    index = [p._p for p in notice.paragraphs].index(note._p)
    assert notice.paragraphs[index - 1].text == ""
    assert notice.paragraphs[index - 2].text.startswith("联席会议办公室")


def test_signature_centred_on_the_date_four_characters_in(notice):
    date = para(notice, "2027年3月5日")
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert twips(date.paragraph_format.right_indent) == pytest.approx(4 * CELL_TWIPS, abs=1)
    sealer = para(notice, "（泉港区卫生健康局代章）")
    assert sealer.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # date is 6 cells wide (digits half width), the sealing line 12: centred → right indent 4 + (6 - 12) / 2 = 1
    assert twips(sealer.paragraph_format.right_indent) == pytest.approx(1 * CELL_TWIPS, abs=1)
    office = para(notice, "泉港区婴幼儿照护服务工作联席会议办公室")
    assert office.paragraph_format.right_indent == 0  # 19 characters: cannot centre, kept inside the text block
    # room for the seal: two blank lines between the attachment note and the signature
    index = [p._p for p in notice.paragraphs].index(office._p)
    assert [p.text for p in notice.paragraphs[index - 3:index]] == ["附件：参会回执", "", ""]
    # no seal is drawn
    assert not notice.inline_shapes
    assert not list(notice.element.body.iter(qn("w:drawing")))


def test_attachment_on_its_own_page_with_the_reply_table(notice):
    label = next(p for p in notice.paragraphs if p.text == "附件")
    assert label.paragraph_format.page_break_before is True
    assert_runs(label, "黑体", 16)
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT and not label.paragraph_format.first_line_indent
    paragraphs = notice.paragraphs
    index = [p._p for p in paragraphs].index(label._p)
    assert paragraphs[index + 1].text == ""  # the title stands on the third line
    title = paragraphs[index + 2]
    assert title.text == "参会回执" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_runs(title, "方正小标宋简体", 22)
    # only that page break
    assert sum(1 for p in paragraphs if p.paragraph_format.page_break_before) == 1
    assert len(notice.tables) == 1
    table = notice.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["单位", "姓名", "职务", "联系电话", "备注"]
    assert [r.cells[0].text for r in table.rows[1:]] == [
        "区政府办", "区教育局", "区公安分局", "区卫生健康局", "区市场监督管理局"]
    assert len(table.columns) == 5
    assert table.style.name == "Table Grid"  # single borders on every cell
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    order = [child.tag.split("}")[1] for child in table._tbl.tblPr]
    assert order.index("jc") < order.index("tblLayout") < order.index("tblLook")
    widths = [c.width for c in table.rows[0].cells]
    assert sum(widths) == pytest.approx(156 * 36000, rel=0.002)
    assert east_asia(table.rows[0].cells[0].paragraphs[0].runs[0]) == "黑体"
    assert east_asia(table.rows[1].cells[0].paragraphs[0].runs[0]) == "仿宋_GB2312"
    # the table follows the attachment title
    body = list(notice.element.body.iterchildren())
    before = body.index(table._tbl)
    assert body[before - 2] is title._p and body[before - 1].xpath("string(.)") == ""


def test_page_numbers_in_odd_and_even_footers(notice):
    assert notice.settings.odd_and_even_pages_header_footer is True
    settings = notice.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = notice.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        instr = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        kinds = [f.get(qn("w:fldCharType")) for f in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.text == "— 1 —"
        for run in paragraph.runs:
            assert east_asia(run) == "宋体" and run.font.size == Pt(14)
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert twips(odd.paragraph_format.right_indent) == 280  # one 4号 character in
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert twips(even.paragraph_format.left_indent) == 280
    # about 7 mm below the text block: footer distance 35 - 7 - 14 pt
    assert mm(section.footer_distance) == pytest.approx(35 - 7 - 14 * 25.4 / 72, abs=0.1)


def test_draft_keeps_placeholders_highlighted(notice):
    place = para(notice, "〔待定：会议地点〕")
    assert place.runs[0].font.highlight_color is not None
    mark = para(notice, "示例")
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert_runs(mark, "黑体", 16)


# ------------------------------------------------------------------ minutes


def test_minutes_header_red_name_issue_issuer_date_and_rule(minutes):
    mark = minutes.paragraphs[0]
    assert mark.text == "征求意见稿" and mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert_runs(mark, "黑体", 16)
    name = minutes.paragraphs[1]
    assert name.text == "泉港区婴幼儿照护服务工作联席会议纪要"
    assert name.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_runs(name, "方正小标宋简体", 22)
    assert str(name.runs[0].font.color.rgb) == "FF0000"
    issue = minutes.paragraphs[2]
    assert issue.text == "第1期" and issue.alignment == WD_ALIGN_PARAGRAPH.CENTER
    line = minutes.paragraphs[3]
    assert line.text == "泉港区婴幼儿照护服务工作联席会议办公室\t2027年3月15日"
    stops = line.paragraph_format.tab_stops
    assert len(stops) == 1 and twips(stops[0].position) == pytest.approx(156 / 25.4 * 1440, abs=1)
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and rule.get(qn("w:val")) == "single"
    assert minutes.paragraphs[4].text == ""
    assert_runs(minutes.paragraphs[5], "仿宋_GB2312", 16)


def test_minutes_attendance_labels_heiti_and_aligned_after_colon(minutes):
    present = para(minutes, "出席：")
    assert "**" not in present.text
    assert present.runs[0].text == "出席：" and east_asia(present.runs[0]) == "黑体"
    assert east_asia(present.runs[1]) == "仿宋_GB2312" and present.runs[1].font.size == Pt(16)
    fmt = present.paragraph_format
    # first line starts 2 characters in; continuation lines align after “出席：” (3 characters)
    assert twips(fmt.left_indent) == pytest.approx(5 * CELL_TWIPS, abs=1)
    assert twips(fmt.first_line_indent) == pytest.approx(-3 * CELL_TWIPS, abs=1)
    index = [p._p for p in minutes.paragraphs].index(present._p)
    assert minutes.paragraphs[index - 1].text == ""  # one blank line above
    for label in ("请假：", "列席："):
        assert para(minutes, label).runs[0].text == label


def test_minutes_closing_lines_between_rules_and_no_signature(minutes):
    send = para(minutes, "分送：")
    assert_runs(send, "仿宋_GB2312", 14)
    borders = send._p.pPr.find(qn("w:pBdr"))
    assert borders.find(qn("w:top")) is not None
    issued = para(minutes, "泉港区婴幼儿照护服务工作联席会议办公室\t2027年3月15日印发")
    assert issued._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:sz")) == "8"
    assert not list(minutes.element.body.iter(qn("w:drawing")))


# ------------------------------------------------------------------ final documents


def test_final_document_refuses_placeholders(tmp_path):
    out = tmp_path / "final.docx"
    with pytest.raises(DataError) as info:
        write_docx(NOTICE, out, None, final=True)
    message = info.value.render()
    assert "〔待定：会议地点〕" in message and "〔待定：联系电话〕" in message
    assert "共 3 处" in message and "第 15 行：〔待定：会议地点〕" in message
    assert not out.exists()


def test_final_document_refuses_template_leftovers(tmp_path):
    out = tmp_path / "final.docx"
    with pytest.raises(DataError) as info:
        write_docx("# 关于{{ meeting.name }}的通知\n", out, None, final=True)
    assert "{{ meeting.name }}" in info.value.render()
    assert not out.exists()


def test_final_document_has_no_placeholder_or_braces(tmp_path):
    doc, out = render(tmp_path, NOTICE_FINAL, final=True)
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    texts += [p.text for p in doc.sections[0].footer.paragraphs]
    joined = "\n".join(texts)
    assert "区卫生健康局三楼会议室。" in joined
    assert "〔待定" not in joined and "{{" not in joined and "<!--" not in joined
    assert not unfinished(NOTICE_FINAL)


def test_output_directory_missing_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="输出目录不存在"):
        write_docx(NOTICE, tmp_path / "nope" / "a.docx", None)


# ------------------------------------------------------------------ layout.yaml


def test_bundled_layout_documents_the_defaults():
    assert load_layout(bundled_dir("data")) == Layout()
    assert load_layout(None) == Layout()


def test_layout_settings_from_the_data_dir(tmp_path, data_dir):
    (data_dir / "layout.yaml").write_text(
        "fonts:\n  body: 仿宋\n  latin: Times New Roman\nplacement:\n  date_right_chars: 2\n"
        "colors:\n  minutes_name: \"c00000\"\n", encoding="utf-8")
    out = tmp_path / "n.docx"
    write_docx(NOTICE, out, data_dir)
    doc = Document(str(out))
    body = para(doc, "为做好全区")
    assert east_asia(body.runs[0]) == "仿宋"
    assert body.runs[0].font.name == "Times New Roman"
    assert twips(para(doc, "2027年3月5日").paragraph_format.right_indent) == pytest.approx(2 * CELL_TWIPS, abs=1)
    write_docx(MINUTES, out, data_dir)
    assert str(Document(str(out)).paragraphs[1].runs[0].font.color.rgb) == "C00000"


def test_invalid_layout_is_reported_located(tmp_path, data_dir, run):
    (data_dir / "layout.yaml").write_text(
        "page:\n  margin_top_mm: 37\n  line_spacing_pt: 40\nfonts:\n  body: \"\"\n  titel: 黑体\n"
        "colors:\n  minutes_name: red\n", encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        write_docx(NOTICE, tmp_path / "n.docx", data_dir)
    rendered = info.value.render()
    assert "layout.yaml:5:3: fonts.body" in rendered
    assert "layout.yaml:6:3: fonts.titel: 不认识的字段" in rendered
    assert "layout.yaml:8:3: colors.minutes_name" in rendered
    assert not (tmp_path / "n.docx").exists()
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "layout.yaml:5:3" in result.output and "共 3 处错误" in result.output
    # schema fine, but the page does not hold 22 lines of 40 pt
    (data_dir / "layout.yaml").write_text("page:\n  line_spacing_pt: 40\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "layout.yaml:2:3: page.line_spacing_pt: 22 行 × 40 磅" in result.output


def test_validate_passes_without_layout_file(data_dir, run):
    (data_dir / "layout.yaml").unlink()
    assert run("validate", "--data", data_dir).exit_code == 0


# ------------------------------------------------------------------ the annotated text


def test_unknown_or_dangling_marker_is_a_data_error():
    with pytest.raises(DataError, match="第 1 行的标记 <!-- signatur --> 不认识"):
        parse("<!-- signatur -->\n某单位\n")
    with pytest.raises(DataError, match="第 3 行的标记 <!-- date --> 后面没有内容"):
        parse("正文。\n\n<!-- date -->\n")


def test_parse_roles_lines_and_tables():
    items = parse(NOTICE)
    roles = [p.role for p in items]
    assert roles[:4] == ["mark", "title", "addressee", "body"]
    assert roles.count("pagebreak") == 1 and roles.count("table") == 1
    assert roles.count("signature") == 2
    table = next(p for p in items if p.is_table)
    assert len(table.rows) == 6 and table.rows[1] == ["区政府办", "", "", "", ""]
    assert parse("| a \\| b | c |\n|---|---|\n| 1 | 2 |\n")[0].rows == [["a | b", "c"], ["1", "2"]]


def test_strip_markers_gives_the_markdown():
    md = strip_markers(NOTICE)
    assert "<!--" not in md
    assert md.startswith("示例\n\n# 关于召开")
    assert "\n\n\n" not in md


def test_balance_title():
    def balance_title(title, width):
        return break_title(title, width, balanced=True)

    assert balance_title("关于召开联络员会议的通知", 20) == ["关于召开联络员会议的通知"]
    lines = balance_title("关于召开泉港区婴幼儿照护服务工作联席会议第一次全体会议暨2027年工作推进会议的通知", 20)
    assert len(lines) == 2 and all(em_width(line) <= 20 for line in lines)
    assert "".join(lines) == "关于召开泉港区婴幼儿照护服务工作联席会议第一次全体会议暨2027年工作推进会议的通知"
    # never inside 《…》
    lines = balance_title("关于印发《婴幼儿照护服务工作联席会议制度》的通知", 20)
    assert len(lines) == 2 and lines[0].count("《") == lines[0].count("》")


def test_long_minutes_name_shrinks_to_one_line(tmp_path):
    text = "<!-- minutes-header -->\n" + "很" * 30 + "纪要\n第2期\n办公室|2027年1月2日\n\n正文。\n"
    doc, _ = render(tmp_path, text)
    size = doc.paragraphs[0].runs[0].font.size.pt
    assert size * 32 <= 156 / 25.4 * 72


# ------------------------------------------------------------------ PDF preview and lazy import


def test_pdf_without_libreoffice_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(render_docx.shutil, "which", lambda name: None)
    with pytest.raises(LianxiError) as info:
        write_pdf(NOTICE, tmp_path / "a.pdf", None)
    text = info.value.render()
    assert "LibreOffice" in text and "apt-get install libreoffice-writer " in text
    assert info.value.exit_code == 2
    assert not (tmp_path / "a.pdf").exists()


def test_pdf_without_libreoffice_from_the_cli_takes_no_number(run, data_dir, tmp_path, monkeypatch):
    """--format pdf without soffice: a Chinese message, exit 2, refused before a 文号 is taken."""
    monkeypatch.setattr(render_docx.shutil, "which", lambda name: None)
    register = (data_dir / "registers.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "测试用（虚构）", "--measures",
                 "请立即整改", "--data", data_dir)
    assert result.exit_code == 0
    result = run("alert", "notice", "2026-01", "--final", "-f", "pdf", "-o", "通报.pdf", "--data", data_dir)
    assert result.exit_code == 2, result.output
    assert "libreoffice-writer" in result.stderr and "Traceback" not in result.output
    assert (data_dir / "registers.yaml").read_text(encoding="utf-8") == register
    assert not (tmp_path / "通报.pdf").exists()


@pytest.mark.skipif(render_docx.find_soffice() is None, reason="LibreOffice not installed")
def test_pdf_preview_with_libreoffice(tmp_path):
    out = tmp_path / "通知.pdf"
    write_pdf(NOTICE, out, None)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 3


def test_docx_is_not_imported_by_queries_or_validate():
    code = ("import sys; from lianxi.cli import app; from lianxi import validation, layout, annotated, model;"
            "from pathlib import Path; validation.validate_dir(Path('data'));"
            "print('docx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, check=True)
    assert out.stdout.strip() == "False"


# Word refuses a document whose property elements are out of schema order (LibreOffice does not care).
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
             "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
             "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
             "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
             "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()
PBDR_ORDER = "top left bottom right between bar".split()
TBLPR_ORDER = ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
               "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
               "tblDescription").split()


@pytest.mark.parametrize("text", [NOTICE, MINUTES], ids=["notice", "minutes"])
def test_properties_in_schema_order(text):
    from io import BytesIO

    assert_schema_order(Document(BytesIO(render_docx.build_docx(text))))


def assert_schema_order(doc) -> None:
    """Property elements in CT_PPr / CT_RPr / CT_PBdr / CT_TblPr order, each at most once."""
    section = doc.sections[0]
    roots = [doc.element.body, doc.styles.element, section.footer._element, section.even_page_footer._element,
             section.first_page_header._element, section.first_page_footer._element]
    for root in roots:
        for tag, order in (("w:pPr", PPR_ORDER), ("w:rPr", RPR_ORDER), ("w:pBdr", PBDR_ORDER),
                           ("w:tblPr", TBLPR_ORDER)):
            for props in root.iter(qn(tag)):
                names = [c.tag.split("}")[1] for c in props]
                positions = [order.index(n) for n in names]
                assert positions == sorted(positions), (tag, names)
                assert len(set(names)) == len(names), (tag, names)  # e.g. one tblLayout


def test_docx_bytes_do_not_depend_on_the_clock():
    """Same text, same bytes: the core properties and every zip member are dated the pinned today
    (python-docx itself dates each part with the clock)."""
    import datetime as dt
    import io
    import zipfile

    data = render_docx.build_docx(NOTICE)
    assert data == render_docx.build_docx(NOTICE)
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert {m.date_time for m in members} == {(2026, 11, 29, 0, 0, 0)}
    props = Document(io.BytesIO(data)).core_properties
    # the document's own date (its date line), not the clock
    assert props.created == props.modified == dt.datetime(2027, 3, 5, tzinfo=dt.timezone.utc)


def test_pdf_dates_and_id_are_made_stable():
    import datetime as dt

    raw = (b"%PDF-1.4\n<</CreationDate(D:20261201235308Z')>>\ntrailer\n<</ID [ <EFCCAF127ED5A1B9D3EB30A158F18BAB>\n"
           b"<EFCCAF127ED5A1B9D3EB30A158F18BAB> ]\n/DocChecksum /7F058617A472F6ABB4CAF8FA8073C437\n>>\n%%EOF\n")
    other = raw.replace(b"235308", b"101010").replace(b"EFCCAF", b"123456").replace(b"7F0586", b"ABCDEF")
    stamp = dt.datetime(2026, 11, 29)
    fixed = render_docx.stable_pdf(raw, stamp)
    assert fixed == render_docx.stable_pdf(other, stamp)
    assert len(fixed) == len(raw) and b"D:20261129000000Z'" in fixed and b"EFCCAF" not in fixed
