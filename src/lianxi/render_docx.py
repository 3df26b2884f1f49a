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
from .errors import DataError, LianxiError, os_reason
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
    data = build_docx(annotated_text, layout, template=read_template(data_root, layout))
    write_bytes(Path(out_path), data)


def read_template(data_root: Path | None, layout: Layout) -> bytes | None:
    """The office's own .docx template named by layout.yaml (``template``), or None."""
    if not layout.template or data_root is None:
        return None
    from .store import display_path
    from .textfile import kind_problem

    path = Path(data_root) / layout.template
    problem = kind_problem(path, data_root)
    if problem is None and not path.is_file():
        problem = "文件不存在"
    elif problem is None and path.suffix.lower() != ".docx":
        problem = "应为 .docx 文件"
    if problem is not None:
        raise DataError(f"layout.yaml 的 template：{display_path(path)} {problem}")
    return path.read_bytes()


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


def build_docx(annotated_text: str, layout: Layout | None = None, *, template: bytes | None = None,
               stamp: dt.datetime | None = None) -> bytes:
    """The .docx file's bytes for an annotated text (nothing written to disk); ``template``:
    the bytes of the office's own .docx (page setup, styles and 版头 taken from it).

    Deterministic: the same text and layout give the same bytes. The document's created and
    modified times are its own date (the date line, or the minutes' date) when it has one,
    else ``stamp``; every part in the zip is dated ``stamp`` — by default the start of
    :func:`lianxi.dates.today` (``LIANXI_TODAY`` pins it), never the clock.
    """
    check_xml_text(annotated_text)
    if stamp is None:
        from .dates import today

        stamp = dt.datetime.combine(today(), dt.time())
    writer = _Writer(layout or Layout(), stamp, template)
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


SOFFICE_PACKAGE = "libreoffice-writer"
SOFFICE_PACKAGE_NOGUI = "libreoffice-writer-nogui"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    """The LibreOffice command, or a usage problem (exit 2) naming the package to install."""
    from .errors import UsageProblem

    soffice = find_soffice()
    if soffice is None:
        raise UsageProblem(
            "输出 PDF 需要 LibreOffice，但没有找到 soffice 命令。",
            hint=f"请安装后重试：sudo apt-get install {SOFFICE_PACKAGE} fonts-noto-cjk"
                 f"（Debian/Ubuntu；无图形界面的服务器可装 {SOFFICE_PACKAGE_NOGUI}），"
                 "或改为输出 Word 文件（--format docx）。")
    return soffice


def write_pdf(annotated_text: str, out_path: Path, data_root: Path | None = None, *,
              final: bool = False, layout: Layout | None = None, timeout: float = 180) -> None:
    """The .docx converted by LibreOffice (``soffice --headless --convert-to pdf``).

    The same file as the Word output: its line grid and condensed runs come out at 28
    characters a line in LibreOffice as in Word and WPS. The official fonts are seldom
    installed where LibreOffice runs; fontconfig then substitutes (fonts-noto-cjk looks
    closest), so the .docx stays the deliverable.
    """
    soffice = require_soffice()
    if final:
        check_final(annotated_text)
    if layout is None:
        layout = load_layout(data_root)
    write_bytes(Path(out_path), build_pdf(annotated_text, layout, soffice=soffice, timeout=timeout,
                                          template=read_template(data_root, layout)))


def build_pdf(annotated_text: str, layout: Layout | None = None, *, soffice: str, timeout: float = 180,
              stamp: dt.datetime | None = None, template: bytes | None = None) -> bytes:
    """The PDF's bytes (LibreOffice at ``soffice`` converting the .docx itself), dated ``stamp``
    like :func:`build_docx`."""
    if stamp is None:
        from .dates import today

        stamp = dt.datetime.combine(today(), dt.time())
    data = build_docx(annotated_text, layout, stamp=stamp, template=template)
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


def convert_to_pdf(soffice: str, source: Path, workdir: Path, *, timeout: float = 180) -> Path:
    """Run LibreOffice headless on ``source``; return the PDF's path inside ``workdir``."""
    return convert_all(soffice, [source], workdir, timeout=timeout)[0]


def convert_all(soffice: str, sources: list[Path], workdir: Path, *, timeout: float = 180) -> list[Path]:
    """Convert several .docx in ONE LibreOffice run (starting it costs more than a page);
    the PDFs, in order, inside ``workdir``."""
    profile = workdir / "lo-profile"
    fonts_conf = workdir / "fonts.conf"
    fonts_conf.write_text(FONTCONFIG_ALIASES, encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf), HOME=str(workdir))
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(workdir), *(str(s) for s in sources)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise LianxiError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒），未生成文件") from None
    except OSError as exc:
        raise LianxiError(f"无法运行 LibreOffice（{soffice}）：{os_reason(exc)}") from None
    pdfs = [workdir / (Path(source).stem + ".pdf") for source in sources]
    if done.returncode != 0 or not all(pdf.exists() for pdf in pdfs):
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise LianxiError("LibreOffice 转换 PDF 失败，未生成文件" + ("：" + " ".join(detail) if detail else ""))
    return pdfs


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


APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Application>lianxi</Application><DocSecurity>0</DocSecurity></Properties>
"""


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
    def __init__(self, layout: Layout, stamp: dt.datetime, template: bytes | None = None) -> None:
        self.stamp = stamp
        self.layout = layout
        self.page = layout.page
        self.fonts = layout.fonts
        self.sizes = layout.sizes
        self.place = layout.placement
        self.pitch_twips = self.page.char_pitch_pt * 20  # one character cell
        # condensing (twips, negative) that brings a body-size character to the cell width
        self.condense = min(math.floor((self.page.char_pitch_pt - self.sizes.body_pt) * 20), 0)
        self.line_pt = self.page.line_spacing_pt
        self.text_width_twips = self.page.text_width_mm / MM_PER_PT * 20
        self.template = template is not None
        if template is not None:
            try:
                self.doc = Document(io.BytesIO(template))
            except Exception:  # python-docx raises several kinds for a file that is not a .docx
                raise DataError("layout.yaml 的 template 不是有效的 Word（.docx）文件") from None
        else:
            self.doc = Document()
        self.break_before = False
        self.masthead_style: str | None = None  # set by a 版头: the 版记 follows its format
        self._closing_paragraphs: list = []
        self._page_top = None
        body = self.doc.element.body
        # the office template's body is its 版头, kept for a document with one (see _masthead);
        # python-docx's own template has a single empty paragraph
        self._template_head = [e for e in body if e.tag != qn("w:sectPr")]
        for element in self._template_head:
            body.remove(element)
        if self.template:
            self._setup_grid(self.doc.sections[0])  # the template's page, the 28 × 22 grid
        else:
            self._setup_page()
        self._setup_defaults()
        if not self.template or not any(p.text.strip() for p in self.doc.sections[0].footer.paragraphs):
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
        self._setup_grid(section)

    def _setup_grid(self, section) -> None:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        # A line grid only: LibreOffice gives each CJK character of a ``linesAndChars`` grid two
        # cells when the cell (15.79 pt) is narrower than the character (16 pt), i.e. 14 a line.
        # The 28 characters come from condensing every body-size run instead (see _run), which
        # Word, WPS and LibreOffice all read the same way.
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(self.line_pt * 20)))
        grid.attrib.pop(qn("w:charSpace"), None)

    def _setup_defaults(self) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:  # an office template may have none
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        for holder, child in (("w:rPrDefault", "w:rPr"), ("w:pPrDefault", "w:pPr")):
            if defaults.find(qn(holder)) is None:
                defaults.append(OxmlElement(holder))
            if defaults.find(qn(holder)).find(qn(child)) is None:
                defaults.find(qn(holder)).append(OxmlElement(child))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        rpr.insert(0, self._rfonts(self.fonts.body))
        # the defaults at the body size: a reader that sizes its grid from them (LibreOffice,
        # WPS) gets the same grid as one that reads the Normal style
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is not None:
                element.set(qn("w:val"), str(round(self.sizes.body_pt * 2)))
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), str(round(self.line_pt * 20)))
            spacing.set(qn("w:lineRule"), "exact")
        theme_lang = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:  # python-docx's template says Japanese
            theme_lang.set(qn("w:val"), "en-US")
            theme_lang.set(qn("w:eastAsia"), "zh-CN")
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
        props.created = self.stamp  # the document's own date, when it has one (_metadata)
        props.modified = self.stamp
        self._clean_package()

    def _clean_package(self) -> None:
        """No leftovers of python-docx's template: its thumbnail, and an app.xml naming
        "Microsoft Macintosh Word"."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        package = self.doc.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rid]
        for part in package.iter_parts():
            if str(part.partname) == "/docProps/app.xml":
                part._blob = APP_XML.encode("utf-8")

    def _metadata(self, paragraphs: list[Paragraph]) -> None:
        """Title (every line of it), author (the issuing office) and date of the document."""
        props = self.doc.core_properties
        title = []
        for item in paragraphs:
            if item.role == "title":
                title.append(item.text)
                if item.last:
                    break
        issuer = date = None
        for item in paragraphs:
            if item.role == "minutes-header" and "|" in item.text:
                issuer, _, date = (part.strip() for part in item.text.partition("|"))
                if not title:
                    title = [next(p.text for p in paragraphs if p.role == "minutes-header")]
                break
        signature = next((p.text for p in paragraphs if p.role == "signature"), None)
        issuer = signature or issuer
        date = next((p.text for p in paragraphs if p.role == "date"), date)
        if title:
            props.title = "".join(title)
        if issuer:
            props.author = props.last_modified_by = issuer
        found = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", date or "")
        if found:
            try:
                day = dt.datetime(*(int(x) for x in found.groups()))
            except ValueError:
                day = None
            if day is not None:
                props.created = props.modified = day

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
        if size == self.sizes.body_pt and self.condense:
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(self.condense))
            run._r.get_or_add_rPr().append(spacing)  # before sz: CT_RPr order … spacing, w, kern, position, sz
            run._r.rPr.find(qn("w:sz")).addprevious(spacing)
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
        # indents in twips of the grid's cell only: character units (w:leftChars …) are read by
        # LibreOffice as multiples of the font size (16 pt, not the 15.79 pt cell), which costs
        # a hanging paragraph its 28th character
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
            self._page_top = paragraph._p  # where the page began (see _fitting_row_line)
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
        self._metadata(paragraphs)
        signature_gap_done = False
        body = self.doc.element.body
        text_start = 0  # where the last body paragraph began
        for index, item in enumerate(paragraphs):
            role = item.role
            if role == "pagebreak":
                self.break_before = True
                continue
            if role in ("signature", "date") and item.first and not signature_gap_done:
                self._blank(self.place.lines_before_signature)
                signature_gap_done = True
            before = len(body) - (1 if len(body) and body[-1].tag == qn("w:sectPr") else 0)
            handler = getattr(self, "_" + role.replace("-", "_"))
            handler(item, index)
            if role in ("body", "heading1", "heading2", "heading3"):
                text_start = before
            if role in ("signature", "date"):
                self._keep_with_signature(body, text_start)
        self._frame_closing(body)

    def _keep_with_signature(self, body, start: int) -> None:
        """The signature block and date never stand alone on a page: the last lines of the
        body (and the attachment note, the room for the seal) are kept with them."""
        paragraphs = [e for e in list(body)[start:] if e.tag == qn("w:p")]
        for element in paragraphs[:-1]:
            ppr = element.get_or_add_pPr()
            if ppr.find(qn("w:keepNext")) is None:
                ppr.keepNext_val = True
        for element in paragraphs[-1:]:
            element.get_or_add_pPr().keepLines_val = True

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

    def _heading(self, item: Paragraph, font: str, outline: int | None) -> None:
        paragraph = self._para(first_chars=self.place.first_line_indent_chars, outline=outline)
        if outline is not None and "。" not in item.text:
            paragraph.paragraph_format.keep_with_next = True  # a heading never ends a page
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

    _LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")

    def _body(self, item: Paragraph, index: int) -> None:
        if self._LEVEL2.match(item.text):  # （一）… items are set in the second level's 楷体
            self._heading(item, self.fonts.heading2, None)
            return
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

    # ---------------------------------------------------------- 版头 (GB/T 9704-2012 7.2, 10.1)

    def _masthead(self, item: Paragraph, index: int) -> None:
        """The block's first line is the issuing-organ mark, the second (if any) the 发文字号."""
        if not item.first:
            return  # the number: laid out with the mark
        block = [item]
        for later in self.items[index + 1:]:
            if later.role != "masthead" or later.first:
                break
            block.append(later)
        mark = item.text
        number = block[1].text if len(block) > 1 else ""
        self.masthead_style = style = self.layout.masthead.style
        if self.template:
            self._template_masthead(number)
        elif style == "letter":
            self._letter_head(mark, number)
        else:
            self._file_head(mark if style == "file" else "", number, rule=style == "file")

    def _template_masthead(self, number: str) -> None:
        """The office template's 版头 (its body) in place of the drawn one; its ``{文号}``
        becomes the number, or the number is centred below it when it has none."""
        body = self.doc.element.body
        placed = False
        for element in self._template_head:
            for text in element.iter(qn("w:t")):
                if text.text and "{文号}" in text.text:
                    text.text = text.text.replace("{文号}", number)
                    placed = True
            body.find(qn("w:sectPr")).addprevious(element)
        self._template_head = []
        if not placed and number:
            self._body_para(number, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._blank(1)

    def _mark_run(self, paragraph, text: str) -> None:
        """The mark in red 小标宋, squeezed (not below 60 %) and then shrunk to stay on one line."""
        head = self.layout.masthead
        width = max(em_width(text), 1)
        available = self.text_width_twips / 20
        size, scale = head.size_pt, 100
        if width * size > available:
            scale = max(math.floor(available / (width * size) * 100), 60)
            if width * size * scale / 100 > available:
                size = math.floor(available / (width * scale / 100) * 2) / 2
        run = self._run(paragraph, text, head.font, size, color=head.color)
        if scale < 100:
            squeeze = OxmlElement("w:w")
            squeeze.set(qn("w:val"), str(scale))
            run._r.rPr.find(qn("w:sz")).addprevious(squeeze)  # CT_RPr: … spacing, w, kern, position, sz

    def _file_head(self, mark: str, number: str, *, rule: bool) -> None:
        """文件格式 (or the blank space of pre-printed paper): the mark's top edge 35 mm below
        the top of the text block, two lines, the number centred, 4 mm below it a red rule
        as wide as the text block, the title two lines below the rule."""
        head = self.layout.masthead
        paragraph = self._para(align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=head.size_pt * 1.2, snap=False)
        paragraph.paragraph_format.space_before = Pt(35 / MM_PER_PT)
        if mark:
            self._mark_run(paragraph, mark)
        self._blank(2)
        paragraph = self._body_para(number, align=WD_ALIGN_PARAGRAPH.CENTER)
        if rule:
            self._border(paragraph, "bottom", 12, head.color, space=round(4 / MM_PER_PT))
        self._blank(2)

    def _letter_head(self, mark: str, number: str) -> None:
        """信函格式: in the first page's header, the mark 30 mm from the top of the page and
        4 mm below it a red double rule 170 mm long; in its footer a double rule 20 mm above
        the bottom of the page and no page number. The number flush right on the first line,
        the title two lines below it."""
        head = self.layout.masthead
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        section.header_distance = Mm(30)
        out = Mm((170 - self.page.text_width_mm) / 2)
        header = section.first_page_header.paragraphs[0]
        fmt = header.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(head.size_pt * 1.2)
        fmt.left_indent = fmt.right_indent = -out
        self._mark_run(header, mark)
        # "thickThin": the thick line on the text's side (measured in LibreOffice's rendering):
        # under the mark thick above, thin below; at the foot thin above, thick below
        self._border(header, "bottom", 18, head.color, val="thickThinSmallGap", space=round(4 / MM_PER_PT))
        footer = section.first_page_footer.paragraphs[0]
        fmt = footer.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(2)
        fmt.left_indent = fmt.right_indent = -out
        # the footer now starts 20 mm above the bottom; the page numbers of the other pages
        # keep their place about 7 mm below the text block
        raise_by = section.footer_distance - Mm(20)
        section.footer_distance = Mm(20)
        for numbered in (section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]):
            numbered.paragraph_format.space_after = max(raise_by, 0)
        self._border(footer, "top", 18, head.color, val="thickThinSmallGap", space=0)
        self._body_para(number, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self._blank(1)

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
        # the indents kept while the two texts leave a gap of a character or more between them
        # (the 印发 line of the bundled office: 28 cells in 29.6, GB/T 9704 7.4.2's indents kept)
        if em_width(left) + em_width(right) + 1 > room - 2 * indent_chars:
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

    def _border(self, paragraph, side: str, eighths: int, color: str = "000000", *, val: str = "single",
                space: int = 1) -> None:
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
        edge.set(qn("w:val"), val)
        edge.set(qn("w:sz"), str(eighths))
        edge.set(qn("w:space"), str(space))
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

    _PRINTED = re.compile(r"^(.*\S)\s*(?:\||\u3000{2,})\s*(\S.*印发)$")

    def _closing(self, item: Paragraph, index: int) -> None:
        """版记 (GB/T 9704-2012 7.4): 抄送/分送 and the 印发机关 with the 印发日期 on one line,
        between rules, in a frame at the foot of the last page (see _frame_closing)."""
        size = self.sizes.closing_pt
        indent = self.place.closing_indent_chars
        text = strip_bold(item.text)
        letter = self.masthead_style == "letter"
        printed = self._PRINTED.match(text) or ("|" in text and text.partition("|")[::2])
        if letter and printed:
            return  # 信函格式: no 印发机关/印发日期 line (10.1)
        if printed:
            left, right = printed.groups() if hasattr(printed, "groups") else printed
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
        self._closing_paragraphs.append(paragraph._p)  # ruled and framed by _frame_closing

    def _exact_line(self, element) -> int:
        spacing = element.pPr.find(qn("w:spacing")) if element.pPr is not None else None
        line = spacing.get(qn("w:line")) if spacing is not None else None
        return int(line) if line else round(self.line_pt * 20)

    def _frame_closing(self, body) -> None:
        """The 版记 at the foot of the last page: each line in its own frame, placed so the
        last ends on the bottom edge of the text block (its rule on that edge), the rules as
        the lines' borders: thick (0.35 mm) first and last, thin (0.25 mm) between
        (GB/T 9704-2012 7.4.1). One frame a line: LibreOffice does not frame consecutive
        framed paragraphs whose borders differ."""
        paragraphs = self._closing_paragraphs
        if not paragraphs:
            return
        rules = self.masthead_style != "letter"  # 信函格式: no rules (10.1)
        bottom = round(self.page.text_height_mm / MM_PER_PT * 20)
        heights = [self._exact_line(element) for element in paragraphs]
        top = bottom - sum(heights)
        for i, element in enumerate(paragraphs):
            ppr = element.get_or_add_pPr()
            frame = OxmlElement("w:framePr")
            for name, value in (("w:w", str(round(self.text_width_twips))), ("w:h", str(heights[i])),
                                ("w:hRule", "exact"), ("w:wrap", "notBeside"), ("w:hAnchor", "margin"),
                                ("w:vAnchor", "margin"), ("w:xAlign", "center"), ("w:y", str(top))):
                frame.set(qn(name), value)
            top += heights[i]
            anchor = None
            for tag in ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
                        "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr"):
                anchor = ppr.find(qn(tag))
                if anchor is not None:
                    break
            if anchor is not None:
                anchor.addprevious(frame)
            else:
                ppr.append(frame)
            if rules:
                if i == 0:
                    self._border_of(element, "top", 8)
                self._border_of(element, "bottom", 8 if i == len(paragraphs) - 1 else 6)
        # a frame anchors on the paragraph after it: off the grid and as thin as it can be
        # (0.1 pt), so it fits in the slack under the grid's last line (225 mm less 22 lines of
        # 28.95 pt: 0.9 pt) and never overlaps the frames there (at 1 pt it did, and LibreOffice
        # pushed it, and the 版记, onto a page of its own)
        anchor = self._para(snap=False)
        anchor.paragraph_format.line_spacing = Twips(self.ANCHOR_TWIPS)
        self._keep_with_closing(paragraphs[0])

    ANCHOR_TWIPS = 2

    def _keep_with_closing(self, first) -> None:
        """The 版记 never stands alone on a page: what precedes it (the date, the last row of a
        table, the last text paragraph after any blank ones) is kept with the anchor, so when the
        版记 does not fit under it they move to the next page together."""
        previous = first.getprevious()
        while previous is not None and previous.tag == qn("w:p"):
            previous.get_or_add_pPr().keepNext_val = True
            if any((t.text or "").strip() for t in previous.iter(qn("w:t"))):
                return
            previous = previous.getprevious()  # a blank line: keep the text above it too
        if previous is not None and previous.tag == qn("w:tbl"):
            rows = previous.findall(qn("w:tr"))
            for paragraph in rows[-1].iter(qn("w:p")) if rows else ():
                paragraph.get_or_add_pPr().keepNext_val = True

    def _border_of(self, element, side: str, eighths: int) -> None:
        from docx.text.paragraph import Paragraph as DocxParagraph

        self._border(DocxParagraph(element, None), side, eighths, space=0)

    def _table(self, item: Paragraph, index: int) -> None:
        rows = [r for r in item.rows if r]
        if not rows:
            return
        if self.break_before:  # a table cannot carry the page break itself
            self._para()
        columns = max(len(r) for r in rows)
        size, widths = self._column_widths(rows, columns)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        try:
            table.style = self.doc.styles["Table Grid"]
        except KeyError:  # an office template without the style: the same single borders
            self._grid_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # python-docx writes the one w:tblLayout (fixed)
        margins = OxmlElement("w:tblCellMar")  # CT_TblPr: … tblLayout, tblCellMar, tblLook
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(self.CELL_PADDING_TWIPS // 2))
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        table._tbl.tblPr.find(qn("w:tblLayout")).addnext(margins)
        line = self._fitting_row_line(self._table_line(size), size, len(rows), index, table._tbl)
        for r, row in enumerate(rows):
            table_row = table.rows[r]
            tr_pr = table_row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
            if r == 0:  # repeat the header row on every page
                tr_pr.append(OxmlElement("w:tblHeader"))
            for c in range(columns):
                cell = table_row.cells[c]
                cell.width = Twips(widths[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                fmt = paragraph.paragraph_format
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.first_line_indent = Twips(0)
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = Pt(line)
                off = OxmlElement("w:snapToGrid")  # rows as high as their text, not a body line
                off.set(qn("w:val"), "0")
                paragraph._p.pPr.find(qn("w:spacing")).addprevious(off)
                text = row[c] if c < len(row) else ""
                font = self.fonts.heading1 if r == 0 else self.fonts.body
                self._text(paragraph, text, font, size)
        for c, column in enumerate(table.columns):
            column.width = Twips(widths[c])

    def _grid_borders(self, table) -> None:
        borders = OxmlElement("w:tblBorders")  # CT_TblPr: … tblInd, tblBorders, shd, tblLayout …
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
            borders.append(edge)
        tbl_pr = table._tbl.tblPr
        successor = next((tbl_pr.find(qn(t)) for t in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
                          if tbl_pr.find(qn(t)) is not None), None)
        if successor is not None:
            successor.addprevious(borders)
        else:
            tbl_pr.append(borders)

    CELL_PADDING_TWIPS = 2 * 57  # cell margins: 1 mm left and right

    def _table_line(self, size: float) -> float:
        return max(round(size * 1.5, 1), 20)

    ROW_BORDER_PT = 0.5  # a row's height in LibreOffice: its exact line and the rule under it

    def _fitting_row_line(self, line: float, size: float, rows: int, index: int, table) -> float:
        """The rows' line height: ``line``, or less (down to 1.3 times the type size) when
        that lets a table on a page of its own (the reply slip, after a page break) fit on
        that page with what precedes it and the 版记 below it. When even that is too tall the
        rows keep ``line`` and split across pages under the repeated header row."""
        if self._page_top is None:
            return line
        used = 0.0
        element = self._page_top
        while element is not None and element is not table:
            if element.tag == qn("w:p"):
                used += self._exact_line(element) / 20
            elif element.tag == qn("w:tbl"):
                return line  # a second table on the page: not worked out
            element = element.getnext()
        closing = sum(1 for later in self.items[index + 1:] if later.role == "closing"
                      and not (self.masthead_style == "letter" and self._PRINTED.match(strip_bold(later.text))))
        room = (self.page.text_height_mm / MM_PER_PT - used - closing * self.line_pt
                - self.ANCHOR_TWIPS / 20 - 1)  # 1 pt to spare
        if rows * (line + self.ROW_BORDER_PT) <= room:
            return line
        fitting = math.floor((room / rows - self.ROW_BORDER_PT) * 10) / 10
        return fitting if fitting >= size * 1.3 else line

    def _column_widths(self, rows: list[list[str]], columns: int) -> tuple[float, list[int]]:
        """The font size and column widths (twips) of a table: every column as wide as its
        longest cell (an empty column room to write, a phone column room for a mobile
        number), so no row wraps; the size comes down from ``sizes.table_pt`` (to 12 pt at
        least) when the content would not fit the text block at that size."""
        needs = []
        for c in range(columns):
            cells = [r[c] for r in rows if c < len(r)]
            longest = max((em_width(text) for text in cells[1:]), default=0)
            head = em_width(cells[0]) if cells else 0
            need = max(longest, head, 2.0)
            if cells and "电话" in cells[0]:
                need = max(need, 6.5)  # 0595-87654321 or a mobile number
            elif longest == 0:
                need = max(need, 3.0)  # filled in by hand
            needs.append(need + 0.4)
        room = self.text_width_twips - columns * self.CELL_PADDING_TWIPS
        size = self.sizes.table_pt
        while size > 12 and sum(needs) * size * 20 > room:
            size -= 0.5
        natural = [n * size * 20 for n in needs]
        total = sum(natural)
        # the spare width shared out in proportion (or, still too wide at 12 pt, the lack)
        inner = [w * room / total for w in natural]
        widths = [round(w + self.CELL_PADDING_TWIPS) for w in inner]
        widths[-1] += round(self.text_width_twips) - sum(widths)
        return size, widths

    def _next(self, index: int) -> Paragraph | None:
        return self.items[index + 1] if index + 1 < len(self.items) else None
