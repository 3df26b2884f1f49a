"""The documents an office stamps and sends: 版头, 版记, signature block, reply slip, metadata
(GB/T 9704-2012 §7.2, §7.4, §10.1), read from the .docx XML of documents the CLI produced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from test_render_docx import assert_schema_order, east_asia

TEXT_WIDTH_TWIPS = 156 / 25.4 * 1440
LIAISON = ["notice", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00", "--place", "区卫健局三楼会议室",
           "--agenda", "通报2026年全区婴幼儿照护服务工作情况", "--agenda", "研究2027年联席会议工作要点"]
PLENARY = ["notice", "--type", "plenary", "--date", "2027-03-23", "--time", "15:00", "--place", "区政府第一会议室",
           "--presider", "庄一鸣", "--agenda", "听取联席会议办公室2026年工作情况汇报"]


def produce(run, data_dir, tmp_path, name: str, *args) -> Document:
    out = tmp_path / name
    result = run(*args, "-o", out, "--data", data_dir)
    assert result.exit_code == 0, result.output
    return Document(str(out))


def issue_liaison(run, data_dir, tmp_path, *extra) -> Document:
    """A registered liaison meeting with its contact filled in, issued --final (a 文号)."""
    settings = data_dir / "documents.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  name: unknown\n  phone: unknown", "  name: 林某某\n  phone: 0595-87654321"), encoding="utf-8")
    assert run("meeting", "new", *LIAISON[1:], "--data", data_dir).exit_code == 0
    return produce(run, data_dir, tmp_path, "通知.docx", "notice", "2027-03-16", "--final", *extra)


def red_runs(doc):
    return [r for r in doc.element.body.iter(qn("w:r"))
            if r.find(qn("w:rPr")) is not None and r.rPr.find(qn("w:color")) is not None]


def borders(paragraph, side: str):
    pbdr = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return None if pbdr is None else pbdr.find(qn(f"w:{side}"))


# ------------------------------------------------------------------ 版头


def test_file_format_masthead_red_mark_number_and_red_rule(run, data_dir, tmp_path):
    doc = issue_liaison(run, data_dir, tmp_path)
    paragraphs = doc.paragraphs
    mark = paragraphs[0]
    assert mark.text == "泉港区婴幼儿照护服务工作联席会议办公室文件"
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run_ = mark.runs[0]
    assert east_asia(run_) == "方正小标宋简体" and str(run_.font.color.rgb) == "FF0000"
    # one line: 21 characters squeezed (w:w) rather than wrapped
    squeeze = int(run_._r.rPr.find(qn("w:w")).get(qn("w:val")))
    assert 60 <= squeeze < 100
    assert len(mark.text) * run_.font.size.pt * squeeze / 100 <= 156 / 25.4 * 72
    # its top edge 35 mm below the top of the text block
    assert mark.paragraph_format.space_before.mm == pytest.approx(35, abs=0.2)
    # two blank lines, then the 文号 centred, the red rule 4 mm below it, two lines to the title
    assert [p.text for p in paragraphs[1:3]] == ["", ""]
    number = paragraphs[3]
    assert number.text == "泉港托育联办〔2026〕1号" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = borders(number, "bottom")
    assert rule.get(qn("w:color")) == "FF0000" and rule.get(qn("w:val")) == "single"
    assert int(rule.get(qn("w:space"))) == round(4 / 25.4 * 72)
    assert number.paragraph_format.left_indent in (None, 0)  # as wide as the text block
    assert [p.text for p in paragraphs[4:6]] == ["", ""]
    assert paragraphs[6].text.startswith("关于召开")
    assert_schema_order(doc)


def test_every_notice_and_bulletin_has_the_masthead(run, data_dir, tmp_path):
    assert run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "测试用情况（虚构）",
               "--measures", "请立即整改", "--data", data_dir).exit_code == 0
    assert run("group", "new", "--lead", "卫健", "--unit", "公安", "--purpose", "测试用任务（虚构）",
               "--from", "2026-12-01", "--to", "2026-12-31", "--data", data_dir).exit_code == 0
    for name, args in (("a.docx", PLENARY), ("b.docx", ["alert", "notice", "2026-01"]),
                       ("c.docx", ["group", "notice", "2026-01"])):
        doc = produce(run, data_dir, tmp_path, name, *args)
        assert doc.paragraphs[0].text.endswith("办公室文件"), name
        assert str(doc.paragraphs[0].runs[0].font.color.rgb) == "FF0000"
        assert borders(doc.paragraphs[3], "bottom").get(qn("w:color")) == "FF0000"
        assert_schema_order(doc)


def test_alert_and_group_notices_take_numbers_from_the_register(run, data_dir, tmp_path):
    (data_dir / "documents.yaml").write_text(
        (data_dir / "documents.yaml").read_text(encoding="utf-8")
        + "alert_number: 泉港托育联办预〔{year}〕{n}号\n", encoding="utf-8")
    assert run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "测试用情况（虚构）",
               "--measures", "请立即整改", "--data", data_dir).exit_code == 0
    assert run("group", "new", "--lead", "卫健", "--unit", "公安", "--purpose", "测试用任务（虚构）",
               "--from", "2026-12-01", "--to", "2026-12-31", "--data", data_dir).exit_code == 0
    preview = run("group", "notice", "2026-01", "--final", "--data", data_dir)  # on the screen: takes no number
    assert preview.exit_code == 0 and "〔印发时编号〕" in preview.stdout and "未取文号" in preview.stderr
    assert not (data_dir / "registers.yaml").exists() or "document:" not in (data_dir / "registers.yaml").read_text(
        encoding="utf-8")
    dry = run("group", "notice", "2026-01", "--final", "--dry-run", "-o", str(tmp_path / "dry.docx"),
              "--data", data_dir)
    assert dry.exit_code == 0 and "registers.yaml" in dry.stdout and "实际未写入" in dry.stdout
    alert = produce(run, data_dir, tmp_path, "a.docx", "alert", "notice", "2026-01", "--final")
    group = produce(run, data_dir, tmp_path, "g.docx", "group", "notice", "2026-01", "--final")
    assert alert.paragraphs[3].text == "泉港托育联办预〔2026〕1号"  # its own prefix, a setting
    assert group.paragraphs[3].text == "泉港托育联办〔2026〕2号"  # one sequence with the notices
    register = (data_dir / "registers.yaml").read_text(encoding="utf-8")
    assert register.count("document:") == 2 and "document: group 2026-01" in register
    listed = run("numbers", "--data", data_dir).stdout  # what each number was taken for
    assert "预警通报 2026-01" in listed and "工作组成立通知 2026-01" in listed
    assert run("validate", "--data", data_dir).exit_code == 0


def test_letter_format_masthead_in_the_first_page_header(run, data_dir, tmp_path):
    (data_dir / "layout.yaml").write_text("masthead:\n  style: letter\n", encoding="utf-8")
    doc = issue_liaison(run, data_dir, tmp_path)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert section.header_distance.mm == pytest.approx(30, abs=0.1)
    mark = section.first_page_header.paragraphs[0]
    assert mark.text == "泉港区婴幼儿照护服务工作联席会议办公室"  # no 文件 in the 信函格式
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    upper = borders(mark, "bottom")
    assert upper.get(qn("w:val")) == "thickThinSmallGap" and upper.get(qn("w:color")) == "FF0000"
    # 170 mm: 7 mm beyond each side of the 156 mm text block
    assert mark.paragraph_format.left_indent.mm == pytest.approx(-7, abs=0.1)
    lower = borders(section.first_page_footer.paragraphs[0], "top")
    assert lower.get(qn("w:val")) == "thickThinSmallGap"
    assert section.footer_distance.mm == pytest.approx(20, abs=0.1)
    assert "PAGE" not in section.first_page_footer._element.xml  # no page number on page 1
    number = doc.paragraphs[0]
    assert number.text == "泉港托育联办〔2026〕1号" and number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # the 版记 of a letter: no 印发 line, no rules
    closing = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    assert all("印发" not in p.text for p in closing)
    assert_schema_order(doc)


def test_preprinted_paper_leaves_the_masthead_blank(run, data_dir, tmp_path):
    (data_dir / "layout.yaml").write_text("masthead:\n  style: none\n", encoding="utf-8")
    doc = issue_liaison(run, data_dir, tmp_path)
    space = doc.paragraphs[0]
    assert space.text == "" and space.paragraph_format.space_before.mm == pytest.approx(35, abs=0.2)
    assert not red_runs(doc)
    number = doc.paragraphs[3]
    assert number.text == "泉港托育联办〔2026〕1号" and borders(number, "bottom") is None


def test_invalid_masthead_style_is_located(run, data_dir):
    (data_dir / "layout.yaml").write_text("masthead:\n  style: red\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1 and "layout.yaml:2:3: masthead.style" in result.output


# ------------------------------------------------------------------ 版记


def test_notice_imprint_at_the_foot_of_the_last_page(run, data_dir, tmp_path):
    settings = data_dir / "documents.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("cc: []", "cc: [区人民政府办公室]"), encoding="utf-8")
    doc = issue_liaison(run, data_dir, tmp_path, "--cc", "区委办公室")
    framed = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    assert [p.text for p in framed] == ["抄送：区人民政府办公室、区委办公室。",
                                        "泉港区婴幼儿照护服务工作联席会议办公室\t2026年11月29日印发"]
    # after the reply slip (the last page), followed only by the 0.1 pt paragraph frames anchor
    # on: thinner than the slack under the grid's last line, so it never overlaps the frames
    assert framed[-1]._p is doc.paragraphs[-2]._p and doc.paragraphs[-1].text == ""
    assert doc.paragraphs[-1].paragraph_format.line_spacing == Pt(0.1)
    # the table's last row is kept with the 版记: it never stands alone on a page (issue 16)
    last_row = doc.tables[-1].rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last_row.cells for p in c.paragraphs)
    text_height = 225 / 25.4 * 1440
    y = None
    for p in framed:  # one frame a line, the last ending on the bottom edge of the text block
        frame = p._p.pPr.find(qn("w:framePr"))
        assert frame.get(qn("w:vAnchor")) == "margin" and frame.get(qn("w:hRule")) == "exact"
        assert int(frame.get(qn("w:w"))) == round(TEXT_WIDTH_TWIPS)
        top, height = int(frame.get(qn("w:y"))), int(frame.get(qn("w:h")))
        assert y is None or top == y
        y = top + height
        assert p.runs[0].font.size == Pt(14) and east_asia(p.runs[0]) == "仿宋_GB2312"
    assert y == pytest.approx(text_height, abs=1)
    # thick (0.35 mm ≈ 1 pt) first and last, thin between
    assert borders(framed[0], "top").get(qn("w:sz")) == "8"
    assert borders(framed[0], "bottom").get(qn("w:sz")) == "6"
    assert borders(framed[1], "bottom").get(qn("w:sz")) == "8"
    # 印发机关 and 印发日期 on one line: a right tab, no wrap of 印发
    stops = framed[1].paragraph_format.tab_stops
    assert len(stops) == 1
    # the office 1 character in from the left, the date 1 character in from the right (14 pt)
    fmt = framed[1].paragraph_format
    assert fmt.left_indent == fmt.right_indent == Pt(14)
    assert stops[0].position == round(TEXT_WIDTH_TWIPS - 280) * 635
    assert_schema_order(doc)


def test_imprint_kept_with_the_date_above_it(run, data_dir, tmp_path):
    """A 预警通报's 版记 follows its date: the date (so the signature with it) is kept with the
    版记's anchor, so when the 版记 does not fit under the date they move to the next page
    together, and the 版记 never stands alone on a page (issue 16, gap 1)."""
    assert run("alert", "add", "--level", "一般", "--unit", "公安", "--text", "测试用情况（虚构）",
               "--measures", "请立即整改", "--date", "2026-11-25", "--data", data_dir).exit_code == 0
    doc = produce(run, data_dir, tmp_path, "a.docx", "alert", "notice", "2026-01", "--final")
    framed = [i for i, p in enumerate(doc.paragraphs)
              if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    date = doc.paragraphs[framed[0] - 1]
    assert date.text == "2026年11月25日" and date.paragraph_format.keep_with_next
    assert doc.paragraphs[-1].paragraph_format.line_spacing == Pt(0.1)


def test_imprint_can_be_switched_off(run, data_dir, tmp_path):
    settings = data_dir / "documents.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("imprint: true", "imprint: false"), encoding="utf-8")
    result = run("notice", *LIAISON[1:], "--data", data_dir)
    assert result.exit_code == 0 and "印发" not in result.stdout


def test_minutes_imprint_with_distribution_on_one_line(run, data_dir, tmp_path):
    doc = produce(run, data_dir, tmp_path, "纪要.docx", "minutes", "render")
    framed = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    assert framed[0].text.startswith("分送：联席会议各成员单位")
    assert framed[1].text == "泉港区婴幼儿照护服务工作联席会议办公室\t2026年9月22日印发"
    assert_schema_order(doc)


# ------------------------------------------------------------------ signature block, reply slip, text


def test_signature_block_kept_with_the_last_body_lines(run, data_dir, tmp_path):
    doc = produce(run, data_dir, tmp_path, "n.docx", *PLENARY)
    texts = [p.text for p in doc.paragraphs]
    date = texts.index("2026年11月29日")
    contact = max(i for i, t in enumerate(texts[:date]) if t.startswith("联系人："))
    for p in doc.paragraphs[contact:date]:  # body line, note, room for the seal, signature
        assert p.paragraph_format.keep_with_next, p.text
    assert doc.paragraphs[date].paragraph_format.keep_together
    assert "此页无正文" not in "".join(texts)


def test_reply_slip_columns_sized_to_content(run, data_dir, tmp_path):
    doc = produce(run, data_dir, tmp_path, "n.docx", *PLENARY)
    table = doc.tables[0]
    assert len(table.rows) == 19  # 18 member units and the header
    widths = [c.width.twips if hasattr(c.width, "twips") else c.width / 635 for c in table.rows[0].cells]
    assert sum(widths) == pytest.approx(TEXT_WIDTH_TWIPS, abs=2)
    size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt
    assert 12 <= size <= 14
    from lianxi.textcn import em_width

    for c, width in enumerate(widths):  # every cell's text fits its column on one line
        longest = max(em_width(r.cells[c].text) for r in table.rows)
        assert longest * size * 20 <= width - 2 * 57, (c, longest, width)
    assert widths[3] >= 6.5 * size * 20  # 联系电话: room for 0595-87654321 or a mobile number
    # posts without the unit already in the first column
    assert table.rows[9].cells[2].text == "副局长、四级调研员"
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    tbl_pr = [c.tag.split("}")[1] for c in table._tbl.tblPr]
    assert tbl_pr.count("tblLayout") == 1


def row_lines(table) -> set[float]:
    return {c.paragraphs[0].paragraph_format.line_spacing.pt for r in table.rows for c in r.cells}


def test_long_reply_slip_rows_close_up_to_fit_its_page(run, data_dir, tmp_path):
    """22 rows (18 member units and 4 invited units) did not fit under 附件 and the title at
    20 pt a row, and LibreOffice left those alone on a page (issue 16, gap 2): the rows close
    up so the table, its title and the 版记 share one page; the usual slip keeps 20 pt."""
    usual = produce(run, data_dir, tmp_path, "n.docx", *PLENARY)
    assert row_lines(usual.tables[0]) == {20}
    invited = [a for unit in ("区应急管理局", "区城管局", "区司法局", "区文旅局") for a in ("--invite", unit)]
    doc = produce(run, data_dir, tmp_path, "p.docx", *PLENARY, *invited)
    table = doc.tables[0]
    assert len(table.rows) == 23
    (line,) = row_lines(table)
    size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt
    assert size * 1.3 <= line < 20
    # 附件, a blank line, two title lines, a blank line, the rows and the one-line 版记 on 225 mm
    assert 5 * 28.95 + 23 * (line + 0.5) + 28.95 <= 225 / 25.4 * 72
    # far too many rows for one page: 20 pt rows, split under the repeated header row
    many = [a for n in range(30) for a in ("--invite", f"受邀单位{n + 1}")]
    long = produce(run, data_dir, tmp_path, "l.docx", *PLENARY, *many).tables[0]
    assert row_lines(long) == {20} and long.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_second_level_items_in_kaiti(run, data_dir, tmp_path):
    doc = produce(run, data_dir, tmp_path, "n.docx", *PLENARY)
    item = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert east_asia(item.runs[0]) == "楷体_GB2312"
    assert east_asia(next(p for p in doc.paragraphs if p.text.startswith("一、")).runs[0]) == "黑体"
    assert east_asia(next(p for p in doc.paragraphs if p.text.startswith("为统筹")).runs[0]) == "仿宋_GB2312"


def test_wording_clock_time_guests_and_addressees(run, data_dir):
    result = run("notice", "--type", "topic", "--subject", "托育机构消防安全", "--date", "2027-05-11",
                 "--time", "15:00", "--place", "区卫健局三楼会议室", "--unit", "消防", "--unit", "卫健",
                 "--invite", "福建医科大学 李教授", "--invite", "区应急管理局", "--data", data_dir)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "（星期二）15:00" in text and "下午15:00" not in text
    assert "\n区消防救援大队、区卫健局：\n" in text  # a topic meeting addressed to its units
    assert "福建医科大学李教授" in text and "李教授有关负责同志" not in text
    assert "区应急管理局有关负责同志" in text
    settings = data_dir / "documents.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('clock: "15:00"', "clock: 下午3时"), encoding="utf-8")
    result = run("notice", "--type", "liaison", "--date", "2027-03-16", "--time", "15:30", "--data", data_dir)
    assert "（星期二）下午3时30分" in result.stdout


# ------------------------------------------------------------------ metadata and schema


def test_metadata_full_title_office_and_document_date(run, data_dir, tmp_path):
    out = tmp_path / "n.docx"
    assert run(*PLENARY, "-o", out, "--data", data_dir).exit_code == 0
    doc = Document(str(out))
    props = doc.core_properties
    assert props.title == "关于召开泉港区婴幼儿照护服务工作联席会议全体会议的通知"
    assert props.author == "泉港区婴幼儿照护服务工作联席会议办公室"
    assert props.created.date().isoformat() == "2026-11-29" == props.modified.date().isoformat()
    import zipfile

    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode("utf-8")
    assert not any("thumbnail" in n for n in names)
    assert "Macintosh" not in app and "<Application>lianxi</Application>" in app
    assert "ja-JP" not in doc.settings.element.xml


@pytest.mark.parametrize("case", ["notice_liaison", "notice_topic", "notice_example", "minutes_example"])
def test_every_produced_document_in_schema_order(run, data_dir, tmp_path, case):
    from test_documents_golden import CASES

    doc = produce(run, data_dir, tmp_path, f"{case}.docx", *CASES[case])
    assert_schema_order(doc)
    assert not re.search(r"〔待定", doc.core_properties.title or "")


# ------------------------------------------------------------------ the office's own template


def _office_template(path: Path) -> None:
    """A red-header template as an office keeps one (synthetic: made here with python-docx)."""
    from docx.shared import Mm, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.left_margin = Mm(40), Mm(30)
    head = doc.add_paragraph()
    head.add_run("某某区虚构测试办公室文件").font.color.rgb = RGBColor(0xFF, 0, 0)
    doc.add_paragraph("{文号}")
    doc.save(str(path))


def test_office_template_gives_page_styles_and_masthead(run, data_dir, tmp_path):
    _office_template(data_dir / "红头模板.docx")
    (data_dir / "layout.yaml").write_text("template: 红头模板.docx\n", encoding="utf-8")
    doc = issue_liaison(run, data_dir, tmp_path)
    assert [p.text for p in doc.paragraphs[:2]] == ["某某区虚构测试办公室文件", "泉港托育联办〔2026〕1号"]
    assert not any(p.text.endswith("联席会议办公室文件") for p in doc.paragraphs)  # not drawn twice
    section = doc.sections[0]
    assert section.top_margin.mm == pytest.approx(40, abs=0.1)  # the template's page setup
    assert section._sectPr.find(qn("w:docGrid")).get(qn("w:type")) == "lines"
    assert_schema_order(doc)
    # a document without a 版头 (the minutes) keeps the page but not the template's body
    minutes = produce(run, data_dir, tmp_path, "纪要.docx", "minutes", "render")
    assert "某某区虚构测试办公室文件" not in [p.text for p in minutes.paragraphs]


def test_a_page_arithmetic_problem_is_located_also_from_the_model_cache(run, data_dir, tmp_path):
    """layout.yaml is read through the validated-model cache; a problem only the cross-check sees is
    still reported at its place in the file, on the first run and on the next (cache warm)."""
    (data_dir / "layout.yaml").write_text("page:\n  margin_left_mm: 150\n  margin_right_mm: 100\n", encoding="utf-8")
    for _ in range(2):
        result = run(*LIAISON, "-o", tmp_path / "n.docx", "--data", data_dir)
        assert result.exit_code == 1 and "layout.yaml:1:1: page: 左右白边之和" in result.stderr, result.stderr
        assert not (tmp_path / "n.docx").exists()


def test_office_template_missing_is_a_data_error(run, data_dir, tmp_path):
    (data_dir / "layout.yaml").write_text("template: 没有这个.docx\n", encoding="utf-8")
    result = run(*LIAISON, "-o", tmp_path / "n.docx", "--data", data_dir)
    assert result.exit_code == 1 and "layout.yaml:1:1: template: 模板文件 没有这个.docx 不在数据目录中" in result.stderr
    assert not (tmp_path / "n.docx").exists()
    (data_dir / "坏.docx").write_text("不是 Word 文件", encoding="utf-8")
    (data_dir / "layout.yaml").write_text("template: 坏.docx\n", encoding="utf-8")
    result = run(*LIAISON, "-o", tmp_path / "n.docx", "--data", data_dir)
    assert result.exit_code == 1 and "不是有效的 Word" in result.stderr and "Traceback" not in result.output
