"""Word (.docx) output laid out per GB/T 9704-2012, built from annotated Markdown.

:func:`write_docx` reads the annotated text of a rendered template (see
:mod:`lianxi.annotated`), lays every paragraph out as the national layout standard
says and writes the file atomically. :func:`write_pdf` converts that .docx with
LibreOffice for a preview. The page and font values come from the data directory's
``layout.yaml`` (:mod:`lianxi.layout`), the standard's values being the defaults.

python-docx is imported only here, and this module only when Word or PDF output is
asked for, so queries stay fast.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from .annotated import Paragraph, check_final, parse, strip_bold
from .errors import DataError, LianxiError
from .layout import MM_PER_PT, Layout, load_layout
from .textcn import break_title, em_width, split_placeholders

# ------------------------------------------------------------------ public API


def write_docx(annotated_text: str, out_path: Path, data_root: Path | None = None, *,
               final: bool = False, layout: Layout | None = None) -> None:
    """Lay the annotated Markdown out as a GB/T 9704-2012 Word document at ``out_path``.

    ``final=True`` refuses (DataError) a text that still holds a placeholder 〔待定：…〕
    or a template leftover ``{{``; a draft keeps them, highlighted in yellow.
    """
    if final:
        check_final(annotated_text)
    if layout is None:
        layout = load_layout(data_root)
    data = build_docx(annotated_text, layout)
    write_bytes(Path(out_path), data)


# characters XML 1.0 (so a .docx) cannot hold; the data files refuse them (yamldoc), but a
# template may still produce one
_NOT_XML = re.compile("[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]")


def check_xml_text(annotated_text: str) -> None:
    """Raise DataError (in Chinese, with the line) if the text holds a character Word cannot store."""
    bad = _NOT_XML.search(annotated_text)
    if bad is not None:
        line = annotated_text.count("\n", 0, bad.start()) + 1
        raise DataError(f"文书第 {line} 行含有 Word 文件不能容纳的控制字符 U+{ord(bad.group()):04X}"
                        "（来自模板或数据），未生成 Word 文件；请删去该字符")


def build_docx(annotated_text: str, layout: Layout | None = None, *,
               stamp: dt.datetime | None = None) -> bytes:
    """The .docx file's bytes for an annotated text (nothing written to disk).

    Deterministic: the same text and layout give the same bytes. The document's created and
    modified times, and the time of every part in the zip, are ``stamp`` — by default the
    start of :func:`lianxi.dates.today` (``LIANXI_TODAY`` pins it), never the clock.
    """
    check_xml_text(annotated_text)
    if stamp is None:
        from .dates import today

        stamp = dt.datetime.combine(today(), dt.time())
    writer = _Writer(layout or Layout(), stamp)
    try:
        writer.render(parse(annotated_text))
        buffer = io.BytesIO()
        writer.doc.save(buffer)
    except ValueError as exc:  # lxml: "All strings must be XML compatible" (anything check_xml_text missed)
        if "XML" not in str(exc):
            raise
        raise DataError("文书含有 Word 文件不能容纳的字符（来自模板或数据），未生成 Word 文件") from None
    return stable_zip(buffer.getvalue(), stamp)


def stable_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with every member dated ``stamp`` and the same attributes (python-docx dates
    each part with the clock), members in their order: same content, same bytes."""
    import zipfile

    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


SOFFICE_PACKAGE = "libreoffice-writer-nogui"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(annotated_text: str, out_path: Path, data_root: Path | None = None, *,
              final: bool = False, layout: Layout | None = None, timeout: float = 180) -> None:
    """A PDF preview: the .docx converted by LibreOffice (``soffice --headless``).

    The official fonts are seldom installed where LibreOffice runs; fontconfig then
    substitutes (fonts-noto-cjk looks closest), so the PDF is a preview — the .docx
    is the deliverable.
    """
    soffice = find_soffice()
    if soffice is None:
        raise LianxiError(
            "生成 PDF 预览需要 LibreOffice，但没有找到 soffice 命令。",
            hint=f"请安装后重试：sudo apt-get install {SOFFICE_PACKAGE} fonts-noto-cjk"
                 "（Debian/Ubuntu），或改为输出 Word 文件（--format docx）。")
    if final:
        check_final(annotated_text)
    if layout is None:
        layout = load_layout(data_root)
    write_bytes(Path(out_path), build_pdf(annotated_text, layout, soffice=soffice, timeout=timeout))


def build_pdf(annotated_text: str, layout: Layout | None = None, *, soffice: str, timeout: float = 180,
              stamp: dt.datetime | None = None) -> bytes:
    """The PDF preview's bytes (LibreOffice at ``soffice``), dated ``stamp`` like :func:`build_docx`."""
    if stamp is None:
        from .dates import today

        stamp = dt.datetime.combine(today(), dt.time())
    data = preview_variant(build_docx(annotated_text, layout, stamp=stamp), layout)
    with tempfile.TemporaryDirectory(prefix="lianxi-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(data)
        pdf = convert_to_pdf(soffice, source, Path(tmp), timeout=timeout)
        return stable_pdf(pdf.read_bytes(), stamp)


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)([0-9]{14})")
_PDF_SUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")
_PDF_ID = re.compile(rb"(/ID\s*\[\s*)<([0-9A-Fa-f]+)>(\s*)<([0-9A-Fa-f]+)>")


def stable_pdf(data: bytes, stamp: dt.datetime) -> bytes:
    """LibreOffice's PDF with its dates set to ``stamp`` and its /ID derived from the content, so the
    same document gives the same bytes. Every replacement keeps its length (the xref offsets hold)."""
    import hashlib

    data = _PDF_DATE.sub(lambda m: m.group(1) + stamp.strftime("%Y%m%d%H%M%S").encode("ascii"), data)

    def fill(value) -> bytes:
        return _PDF_ID.sub(lambda m: m.group(1) + b"<" + value(m.group(2)) + b">" + m.group(3)
                           + b"<" + value(m.group(4)) + b">",
                           _PDF_SUM.sub(lambda m: m.group(1) + value(m.group(2)), data))

    digest = hashlib.md5(fill(lambda hexa: b"0" * len(hexa)), usedforsecurity=False).hexdigest().upper()
    return fill(lambda hexa: (digest.encode("ascii") * (len(hexa) // 32 + 1))[:len(hexa)])


def preview_variant(data: bytes, layout: Layout | None = None) -> bytes:
    """The .docx adjusted for LibreOffice, whose layout of Word's character grid differs.

    LibreOffice (7.x) gives every CJK character two cells of a ``linesAndChars`` grid
    whose pitch is a little under the font size, i.e. 14 characters a line instead of
    28. Word and WPS fit 28. For a faithful preview the copy sent to LibreOffice keeps
    the line grid and replaces the character grid by the equivalent character
    spacing on every run (15.75 pt per 16 pt character). The deliverable is untouched.
    """
    layout = layout or Layout()
    doc = Document(io.BytesIO(data))
    for section in doc.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is not None:
            grid.set(qn("w:type"), "lines")
            grid.attrib.pop(qn("w:charSpace"), None)
    pitch = layout.page.char_pitch_pt
    for run in doc.element.body.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        size = rpr.find(qn("w:sz")) if rpr is not None else None
        if size is None or int(size.get(qn("w:val"))) / 2 <= pitch:
            continue
        ppr = run.getparent().find(qn("w:pPr"))
        snap = ppr.find(qn("w:snapToGrid")) if ppr is not None else None
        if snap is not None and snap.get(qn("w:val")) in ("0", "false"):
            continue  # titles are not on the grid in Word either
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(math.floor((pitch - int(size.get(qn("w:val"))) / 2) * 20)))
        size.addprevious(spacing)  # CT_RPr order: … spacing, w, kern, position, sz …
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def convert_to_pdf(soffice: str, source: Path, workdir: Path, *, timeout: float = 180) -> Path:
    """Run LibreOffice headless on ``source``; return the PDF's path inside ``workdir``."""
    profile = workdir / "lo-profile"
    fonts_conf = workdir / "fonts.conf"
    fonts_conf.write_text(FONTCONFIG_ALIASES, encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf), HOME=str(workdir))
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(workdir), str(source)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise LianxiError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒），未生成文件") from None
    except OSError as exc:
        raise LianxiError(f"无法运行 LibreOffice（{soffice}）：{exc.strerror or exc}") from None
    pdf = workdir / (source.stem + ".pdf")
    if done.returncode != 0 or not pdf.exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise LianxiError("LibreOffice 转换 PDF 失败，未生成文件" + ("：" + " ".join(detail) if detail else ""))
    return pdf


# fontconfig aliases so a preview substitutes the official fonts sensibly (serif for 仿宋/宋体/小标宋,
# sans for 黑体), whatever CJK fonts are installed.
FONTCONFIG_ALIASES = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
""" + "".join(
    f"""  <alias binding="same"><family>{name}</family><prefer><family>{target}</family></prefer></alias>
""" for name, target in (
        ("方正小标宋简体", "Noto Serif CJK SC"), ("方正小标宋_GBK", "Noto Serif CJK SC"),
        ("仿宋_GB2312", "Noto Serif CJK SC"), ("仿宋", "Noto Serif CJK SC"),
        ("楷体_GB2312", "Noto Serif CJK SC"), ("楷体", "Noto Serif CJK SC"),
        ("宋体", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC"),
    )) + "</fontconfig>\n"


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (see :func:`lianxi.store.atomic_write`)."""
    from .store import atomic_write, display_path

    if not path.parent.is_dir():
        raise DataError(f"输出目录不存在：{display_path(path.parent)}")
    if path.is_dir():
        raise DataError(f"输出路径是一个目录：{display_path(path)}")
    atomic_write(path, data)


# ------------------------------------------------------------------ the writer


class _Writer:
    def __init__(self, layout: Layout, stamp: dt.datetime) -> None:
        self.stamp = stamp
        self.layout = layout
        self.page = layout.page
        self.fonts = layout.fonts
        self.sizes = layout.sizes
        self.place = layout.placement
        self.pitch_twips = self.page.char_pitch_pt * 20  # one character cell
        self.line_pt = self.page.line_spacing_pt
        self.text_width_twips = self.page.text_width_mm / MM_PER_PT * 20
        self.doc = Document()
        self.break_before = False
        body = self.doc.element.body
        # remove the template's single empty paragraph
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        self._setup_page()
        self._setup_defaults()
        self._setup_footers()

    # ---------------------------------------------------------- document setup

    def _setup_page(self) -> None:
        page = self.page
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(page.width_mm)
        section.page_height = Mm(page.height_mm)
        section.top_margin = Mm(page.margin_top_mm)
        section.bottom_margin = Mm(page.margin_bottom_mm)
        section.left_margin = Mm(page.margin_left_mm)
        section.right_margin = Mm(page.margin_right_mm)
        section.gutter = Mm(0)
        section.header_distance = Mm(15)
        size = self.sizes.page_number_pt
        section.footer_distance = Mm(max(page.margin_bottom_mm - self.place.page_number_gap_mm
                                         - size * MM_PER_PT, 0))
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(self.line_pt * 20)))
        # charSpace: the grid's character pitch minus the default font size, in 1/4096 pt
        grid.set(qn("w:charSpace"), str(round((self.page.char_pitch_pt - self.sizes.body_pt) * 4096)))

    def _setup_defaults(self) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        rpr.insert(0, self._rfonts(self.fonts.body))
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(self.sizes.body_pt)
        normal.font.name = self.fonts.latin or self.fonts.body
        self._east_asia(normal.element.get_or_add_rPr(), self.fonts.body)
        lang = normal.element.get_or_add_rPr().find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            normal.element.get_or_add_rPr().append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(self.line_pt)
        fmt.widow_control = False
        props = self.doc.core_properties
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.language = "zh-CN"
        props.created = self.stamp
        props.modified = self.stamp

    def _setup_footers(self) -> None:
        section = self.doc.sections[0]
        self.doc.settings.odd_and_even_pages_header_footer = True
        indent = Twips(round(self.sizes.page_number_pt * 20 * self.place.page_number_indent_chars))
        odd = section.footer.paragraphs[0]
        self._page_number(odd, WD_ALIGN_PARAGRAPH.RIGHT)
        odd.paragraph_format.right_indent = indent
        even = section.even_page_footer.paragraphs[0]
        self._page_number(even, WD_ALIGN_PARAGRAPH.LEFT)
        even.paragraph_format.left_indent = indent

    def _page_number(self, paragraph, alignment) -> None:
        fmt = paragraph.paragraph_format
        fmt.alignment = alignment
        fmt.first_line_indent = Twips(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(self.sizes.page_number_pt)
        before, after = self.place.page_number_format.split("{page}")
        font, size = self.fonts.page_number, self.sizes.page_number_pt
        if before:
            self._run(paragraph, before, font, size)
        self._field(paragraph, "PAGE", "1", font, size)
        if after:
            self._run(paragraph, after, font, size)

    def _field(self, paragraph, instruction: str, shown: str, font: str, size: float) -> None:
        """A complex field (begin / instrText / separate / result / end), every run with its fonts."""
        def char(kind: str):
            run = self._run(paragraph, "", font, size)
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)

        char("begin")
        run = self._run(paragraph, "", font, size)
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        run._r.append(instr)
        char("separate")
        self._run(paragraph, shown, font, size)
        char("end")

    # ---------------------------------------------------------- runs and paragraphs

    def _rfonts(self, east_asia: str):
        latin = self.fonts.latin or east_asia
        fonts = OxmlElement("w:rFonts")
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:eastAsia"), east_asia)
        fonts.set(qn("w:cs"), latin)
        return fonts

    def _east_asia(self, rpr, east_asia: str) -> None:
        old = rpr.find(qn("w:rFonts"))
        if old is not None:
            rpr.remove(old)
        rpr.insert(0, self._rfonts(east_asia))

    def _run(self, paragraph, text: str, font: str, size: float, *, color: str | None = None,
             highlight: bool = False):
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        if highlight:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        self._east_asia(run._r.get_or_add_rPr(), font)
        return run

    def _text(self, paragraph, text: str, font: str, size: float, **kw) -> None:
        """Runs for ``text``; placeholders 〔待定：…〕 highlighted so a draft shows what is missing."""
        for piece, is_placeholder in split_placeholders(text):
            self._run(paragraph, piece, font, size, highlight=is_placeholder, **kw)

    def _para(self, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_chars: float = 0, left_chars: float = 0,
              right_chars: float = 0, hanging_chars: float = 0, line_pt: float | None = None,
              outline: int | None = None, snap: bool = True):
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(line_pt or self.line_pt, self.line_pt))
        cell = self.pitch_twips
        fmt.left_indent = Twips(round(left_chars * cell))
        fmt.right_indent = Twips(round(right_chars * cell))
        if hanging_chars:
            fmt.first_line_indent = Twips(-round(hanging_chars * cell))
        else:
            fmt.first_line_indent = Twips(round(first_chars * cell))
        ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
        # character units too, so Word keeps the indents in characters if the font size changes
        for name, value in (("w:leftChars", left_chars), ("w:rightChars", right_chars),
                            ("w:firstLineChars", 0 if hanging_chars else first_chars),
                            ("w:hangingChars", hanging_chars)):
            if value:
                ind.set(qn(name), str(round(value * 100)))
        if not snap:  # larger type would take two grid cells per character
            off = OxmlElement("w:snapToGrid")
            off.set(qn("w:val"), "0")
            spacing = paragraph._p.pPr.find(qn("w:spacing"))
            spacing.addprevious(off)
        if outline is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            paragraph._p.get_or_add_pPr().append(level)
        if self.break_before:
            fmt.page_break_before = True
            self.break_before = False
        return paragraph

    def _blank(self, count: int = 1) -> None:
        for _ in range(count):
            self._para()

    def _body_para(self, text: str, **kw):
        paragraph = self._para(**kw)
        self._text(paragraph, text, self.fonts.body, self.sizes.body_pt)
        return paragraph

    # ---------------------------------------------------------- rendering

    def render(self, paragraphs: list[Paragraph]) -> None:
        self.items = paragraphs
        first_title = next((p.text for p in paragraphs if p.role == "title"), None)
        if first_title:
            self.doc.core_properties.title = first_title
        signature_gap_done = False
        for index, item in enumerate(paragraphs):
            role = item.role
            if role == "pagebreak":
                self.break_before = True
                continue
            if role in ("signature", "date") and item.first and not signature_gap_done:
                self._blank(self.place.lines_before_signature)
                signature_gap_done = True
            handler = getattr(self, "_" + role.replace("-", "_"))
            handler(item, index)

    def _title(self, item: Paragraph, index: int) -> None:
        size = self.sizes.title_pt
        max_chars = max(int(self.text_width_twips / 20 / size), 1)
        lines = break_title(item.text, max_chars, balanced=True) if item.first and item.last else [item.text]
        for line in lines:
            paragraph = self._para(align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=size * 1.3, outline=0,
                                  snap=False)
            self._text(paragraph, line, self.fonts.title, size)
        if item.last and self._next(index) is not None:
            self._blank()  # one blank line under the title (GB/T 9704-2012 7.3.3)

    def _heading(self, item: Paragraph, font: str, outline: int) -> None:
        paragraph = self._para(first_chars=self.place.first_line_indent_chars, outline=outline)
        text = item.text
        stop = text.find("。")
        head, rest = (text[:stop + 1], text[stop + 1:]) if 0 <= stop < len(text) - 1 else (text, "")
        self._text(paragraph, head, font, self.sizes.body_pt)
        if rest:  # body text run in on the heading's line
            self._text(paragraph, rest, self.fonts.body, self.sizes.body_pt)

    def _heading1(self, item: Paragraph, index: int) -> None:
        self._heading(item, self.fonts.heading1, 1)

    def _heading2(self, item: Paragraph, index: int) -> None:
        self._heading(item, self.fonts.heading2, 2)

    def _heading3(self, item: Paragraph, index: int) -> None:
        self._heading(item, self.fonts.heading3, 3)

    def _body(self, item: Paragraph, index: int) -> None:
        self._body_para(item.text, first_chars=self.place.first_line_indent_chars)

    def _addressee(self, item: Paragraph, index: int) -> None:
        self._body_para(item.text)

    def _centered(self, item: Paragraph, index: int) -> None:
        self._body_para(item.text, align=WD_ALIGN_PARAGRAPH.CENTER)

    def _attachment_note(self, item: Paragraph, index: int) -> None:
        indent = self.place.first_line_indent_chars
        if item.first:
            self._blank()
            self._body_para(item.text, first_chars=indent)
            colon = item.text.find("：")
            self._note_label = em_width(item.text[:colon + 1]) if colon >= 0 else 0
        else:  # further attachments align with the first one's number, after 附件：
            self._body_para(item.text, left_chars=indent + getattr(self, "_note_label", 3))

    def _signature(self, item: Paragraph, index: int) -> None:
        # centred on the date line below (GB/T 9704-2012 7.3.5.1)
        date = next((p for p in self.items[index + 1:] if p.role == "date"), None)
        date_right = self.place.date_right_chars
        if date is not None:
            right = date_right + (em_width(date.text) - em_width(item.text)) / 2
        else:
            right = date_right
        self._body_para(item.text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=max(right, 0))

    def _date(self, item: Paragraph, index: int) -> None:
        self._body_para(item.text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=self.place.date_right_chars)

    def _attachment_label(self, item: Paragraph, index: int) -> None:
        paragraph = self._para(align=WD_ALIGN_PARAGRAPH.LEFT)
        self._text(paragraph, item.text, self.fonts.heading1, self.sizes.body_pt)
        if item.last:
            self._blank()  # the attachment's title stands on the third line

    def _mark(self, item: Paragraph, index: int) -> None:
        paragraph = self._para(align=WD_ALIGN_PARAGRAPH.RIGHT)
        self._text(paragraph, item.text, self.fonts.heading1, self.sizes.body_pt)

    def _minutes_header(self, item: Paragraph, index: int) -> None:
        if "|" in item.text:
            left, _, right = item.text.partition("|")
            paragraph = self._split_line(left.strip(), right.strip(), self.fonts.body, self.sizes.body_pt, 0)
            self._border(paragraph, "bottom", 12, self.layout.colors.minutes_rule)
            if item.last:
                self._blank()
        elif item.first:  # the name of the minutes, in red
            available = self.text_width_twips / 20
            size = min(self.sizes.minutes_name_pt, math.floor(available / max(em_width(item.text), 1) * 2) / 2)
            paragraph = self._para(align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=size * 1.5, outline=0,
                                  snap=False)
            self._text(paragraph, item.text, self.fonts.title, size, color=self.layout.colors.minutes_name)
        else:  # 第N期
            self._body_para(item.text, align=WD_ALIGN_PARAGRAPH.CENTER)

    def _split_line(self, left: str, right: str, font: str, size: float, indent_chars: float):
        """``left`` flush left and ``right`` flush right on one line (a right tab stop)."""
        cell = self.pitch_twips if size == self.sizes.body_pt else size * 20
        room = self.text_width_twips / cell
        if em_width(left) + em_width(right) + 1.5 > room - 2 * indent_chars:
            indent_chars = 0  # too long to keep the indents: use the full width
        indent = indent_chars * cell
        paragraph = self._para(align=WD_ALIGN_PARAGRAPH.LEFT)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Twips(round(indent))
        fmt.right_indent = Twips(round(indent))
        # tab positions count from the page margin, not from the indent
        fmt.tab_stops.add_tab_stop(Twips(round(self.text_width_twips - indent)), WD_TAB_ALIGNMENT.RIGHT)
        self._text(paragraph, left, font, size)
        self._run(paragraph, "\t", font, size)
        self._text(paragraph, right, font, size)
        return paragraph

    def _border(self, paragraph, side: str, eighths: int, color: str = "000000") -> None:
        ppr = paragraph._p.get_or_add_pPr()
        borders = ppr.find(qn("w:pBdr"))
        if borders is None:
            borders = OxmlElement("w:pBdr")
            # pBdr goes before shd/tabs/spacing/ind/jc… in CT_PPr; put it right after the page break flag
            anchor = None
            for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                        "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                        "w:rPr", "w:sectPr", "w:pPrChange"):
                anchor = ppr.find(qn(tag))
                if anchor is not None:
                    break
            if anchor is not None:
                anchor.addprevious(borders)
            else:
                ppr.append(borders)
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(eighths))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), color)
        borders.append(edge)

    def _attendance(self, item: Paragraph, index: int) -> None:
        indent = self.place.first_line_indent_chars
        text = strip_bold(item.text)
        colon = text.find("：")
        if item.first:
            self._blank()
        if colon >= 0:
            label, rest = text[:colon + 1], text[colon + 1:]
            self._label_width = em_width(label)
            paragraph = self._para(left_chars=indent + self._label_width, hanging_chars=self._label_width)
            self._text(paragraph, label, self.fonts.heading1, self.sizes.body_pt)
            self._text(paragraph, rest, self.fonts.body, self.sizes.body_pt)
        else:  # a continuation line, aligned after the previous label's colon
            self._body_para(text, left_chars=indent + getattr(self, "_label_width", 3))

    def _closing(self, item: Paragraph, index: int) -> None:
        size = self.sizes.closing_pt
        indent = self.place.closing_indent_chars
        text = strip_bold(item.text)
        if item.first:
            self._blank()
        if "|" in text:
            left, _, right = text.partition("|")
            paragraph = self._split_line(left.strip(), right.strip(), self.fonts.body, size, indent)
        else:
            paragraph = self._para(align=WD_ALIGN_PARAGRAPH.LEFT)
            paragraph.paragraph_format.left_indent = Twips(round(indent * size * 20))
            paragraph.paragraph_format.right_indent = Twips(round(indent * size * 20))
            colon = text.find("：")
            if colon >= 0:
                self._text(paragraph, text[:colon + 1], self.fonts.body, size)
                text = text[colon + 1:]
            self._text(paragraph, text, self.fonts.body, size)
        # 版记 rules: thick above the first and below the last line, thin between (GB/T 9704-2012 7.4.1)
        if item.first:
            self._border(paragraph, "top", 8)
        self._border(paragraph, "bottom", 8 if item.last else 4)

    def _table(self, item: Paragraph, index: int) -> None:
        rows = [r for r in item.rows if r]
        if not rows:
            return
        if self.break_before:  # a table cannot carry the page break itself
            self._para()
        columns = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        weights = []
        for c in range(columns):
            longest = max((em_width(r[c]) for r in rows if c < len(r)), default=2)
            weights.append(min(max(longest + 1, 4.0), 12.0))  # room to write in an empty column
        total = sum(weights)
        widths = [round(self.text_width_twips * w / total) for w in weights]
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        successor = tbl_pr.find(qn("w:tblCellMar"))
        if successor is None:
            successor = tbl_pr.find(qn("w:tblLook"))
        if successor is not None:  # CT_TblPr order: … shd, tblLayout, tblCellMar, tblLook
            successor.addprevious(layout)
        else:
            tbl_pr.append(layout)
        for r, row in enumerate(rows):
            table_row = table.rows[r]
            if r == 0:  # repeat the header row on every page
                header = OxmlElement("w:tblHeader")
                table_row._tr.get_or_add_trPr().append(header)
            for c in range(columns):
                cell = table_row.cells[c]
                cell.width = Twips(widths[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                fmt = paragraph.paragraph_format
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.first_line_indent = Twips(0)
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = Pt(self.line_pt)
                text = row[c] if c < len(row) else ""
                font = self.fonts.heading1 if r == 0 else self.fonts.body
                self._text(paragraph, text, font, self.sizes.table_pt)
        for c, column in enumerate(table.columns):
            column.width = Twips(widths[c])

    def _next(self, index: int) -> Paragraph | None:
        return self.items[index + 1] if index + 1 < len(self.items) else None
