"""Layout settings of the Word output (``layout.yaml``), with GB/T 9704-2012 as defaults.

The national standard fixes most of the page; some values vary by locality (font
names on the office's computers, the 纪要 header's size and colour, how many lines
are left for the seal). They live in the optional data file ``layout.yaml``; every
field is optional and defaults to the standard's value, so a data directory without
the file gets a page laid out exactly as GB/T 9704-2012 describes.

This module imports only pydantic: ``lianxi validate`` checks the file without
loading python-docx.
"""


import os
import re
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .errors import Collector

FILE_NAME = "layout.yaml"
MM_PER_PT = 25.4 / 72


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)  # built on first use


def _font(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "字体名称不能为空")
    return value


def _color(value: str) -> str:
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        raise PydanticCustomError("color", "颜色应为 6 位十六进制 RGB 值并加引号，如 \"FF0000\"（红色）")
    return value.upper()


def _page_format(value: str) -> str:
    if value.count("{page}") != 1:
        raise PydanticCustomError("page_format", "页码格式中须有且只有一处 {page}，如 \"— {page} —\"")
    return value


FontName = Annotated[str, AfterValidator(_font)]
Color = Annotated[str, AfterValidator(_color)]
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


class PageLayout(_Strict):
    width_mm: Positive = Field(210, description="纸张宽度（毫米），A4 为 210")
    height_mm: Positive = Field(297, description="纸张高度（毫米），A4 为 297")
    margin_top_mm: NonNegative = Field(37, description="天头（上白边，毫米）")
    margin_bottom_mm: NonNegative = Field(35, description="下白边（毫米）")
    margin_left_mm: NonNegative = Field(28, description="订口（左白边，毫米）")
    margin_right_mm: NonNegative = Field(26, description="切口（右白边，毫米）")
    lines_per_page: int = Field(22, gt=0, description="每页行数")
    chars_per_line: int = Field(28, gt=0, description="每行字数")
    line_spacing_pt: Positive = Field(28.95, description="固定行距（磅）")

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def char_pitch_pt(self) -> float:
        """Width of one character cell of the document grid (points)."""
        return self.text_width_mm / MM_PER_PT / self.chars_per_line


class Fonts(_Strict):
    title: FontName = Field("方正小标宋简体", description="标题（及附件标题、纪要名称）字体")
    body: FontName = Field("仿宋_GB2312", description="正文字体")
    heading1: FontName = Field("黑体", description="一级标题“一、”字体")
    heading2: FontName = Field("楷体_GB2312", description="二级标题“（一）”字体")
    heading3: FontName = Field("仿宋_GB2312", description="三级标题“1.”“（1）”字体")
    page_number: FontName = Field("宋体", description="页码字体")
    latin: Optional[FontName] = Field(
        None, description="西文字母和数字的字体；不填则与所在段落的中文字体相同（如 Times New Roman）")


class Sizes(_Strict):
    title_pt: Positive = Field(22, description="标题字号（磅），2号 = 22")
    body_pt: Positive = Field(16, description="正文及各级标题字号（磅），3号 = 16")
    page_number_pt: Positive = Field(14, description="页码字号（磅），4号 = 14")
    minutes_name_pt: Positive = Field(22, description="纪要名称字号（磅）；名称过长时自动缩小到一行排下")
    table_pt: Positive = Field(14, description="表格（如参会回执）字号（磅），4号 = 14")
    closing_pt: Positive = Field(14, description="版记（分送、印发）字号（磅），4号 = 14")


class Placement(_Strict):
    first_line_indent_chars: NonNegative = Field(2, description="段落首行缩进（字）")
    date_right_chars: NonNegative = Field(4, description="加盖印章时成文日期右空字数")
    lines_before_signature: int = Field(
        2, ge=0, description="正文（或附件说明）与署名之间的空行数，为印章留出位置")
    page_number_gap_mm: NonNegative = Field(7, description="页码距版心下边缘（毫米）")
    page_number_indent_chars: NonNegative = Field(1, description="页码离版心外侧边缘的字数（单页居右、双页居左）")
    page_number_format: Annotated[str, AfterValidator(_page_format)] = Field(
        "— {page} —", description="页码格式，{page} 处为页码数字")
    closing_indent_chars: NonNegative = Field(1, description="版记（分送、印发）左右各空字数")


class Colors(_Strict):
    minutes_name: Color = Field("FF0000", description="纪要名称颜色（十六进制 RGB）")
    minutes_rule: Color = Field("FF0000", description="纪要版头下分隔线颜色（十六进制 RGB）")


class Masthead(_Strict):
    """The 版头 of a 通知 / 通报 (GB/T 9704-2012 7.2 and 10.1)."""

    style: Literal["file", "letter", "none"] = Field(
        "file", description="版头格式：file 文件格式（红色发文机关标志、居中的发文字号、红色分隔线）；"
                            "letter 信函格式（标志下红色双线，文号居右，首页不显示页码）；"
                            "none 使用印好红头的公文纸，版头位置留空")
    mark: Optional[Annotated[str, AfterValidator(_font)]] = Field(
        None, description="发文机关标志；不填时为落款机关名称，文件格式另加“文件”二字")
    font: FontName = Field("方正小标宋简体", description="发文机关标志字体")
    size_pt: Positive = Field(30, description="发文机关标志字号（磅）；一行排不下时先压扁（不窄于 60%）再缩小")
    color: Color = Field("FF0000", description="发文机关标志与分隔线颜色（十六进制 RGB）")


class Layout(_Strict):
    """layout.yaml: the Word output's page, fonts and placements (all optional)."""

    page: PageLayout = Field(default_factory=PageLayout)
    fonts: Fonts = Field(default_factory=Fonts)
    sizes: Sizes = Field(default_factory=Sizes)
    placement: Placement = Field(default_factory=Placement)
    colors: Colors = Field(default_factory=Colors)
    masthead: Masthead = Field(default_factory=Masthead)
    template: Optional[Annotated[str, AfterValidator(_font)]] = Field(
        None, description="本单位的 Word 红头模板（数据目录中的 .docx 文件）：用它的页面设置、样式和版头"
                          "（模板正文中的 {文号} 换成发文字号）；不写时按本文件排版")


def load_layout(root: Path | None) -> Layout:
    """The layout of a data directory: ``layout.yaml`` when present, else the defaults.

    An invalid file raises DataErrors naming every problem with its location.
    """
    if root is None or not os.path.lexists(root / FILE_NAME):
        return Layout()
    from .errors import DataErrors
    from .store import load_valid

    layout = load_valid(root, FILE_NAME, Layout)  # from the validated-model cache: no YAML parse
    found = Collector()
    _checks(layout, root, _Unlocated(), found)
    if not found.errors:
        return layout
    collector = Collector()  # the same problems again, located in the file
    _read(root, collector)
    raise DataErrors(collector.errors or found.errors)


class _Unlocated:
    """Stands in for the parsed document when the model came from the cache: problems without a place
    (load_layout then parses the file to locate them)."""

    def problem(self, message: str, path: tuple, rule: str | None = None):
        from .errors import Problem

        return Problem(message, rule=rule)


def _read(root: Path, collector: Collector) -> Layout | None:
    from .store import read_document, validate_model

    doc = read_document(root, FILE_NAME, collector)
    if doc is None:
        return None
    layout = validate_model(doc, Layout, collector)
    if layout is not None:
        _checks(layout, root, doc, collector)
    return layout


def _checks(layout: Layout, root: Path, doc, collector: Collector) -> None:
    """What the model alone cannot check: the page arithmetic and the office template's presence."""
    _cross_check(layout, doc, collector)
    if layout.template and not (Path(root) / layout.template).is_file():
        collector.add(doc.problem(f"模板文件 {layout.template} 不在数据目录中（应为 .docx 文件，路径相对于数据目录）",
                                  ("template",), rule="layout"))


def check_layout(root: Path, collector: Collector) -> None:
    """The ``lianxi validate`` check: layout.yaml, when the data directory has one."""
    if os.path.lexists(root / FILE_NAME):
        _read(root, collector)


def _cross_check(layout: Layout, doc, collector: Collector) -> None:
    page = layout.page
    if page.text_width_mm <= 0:
        collector.add(doc.problem(
            f"左右白边之和（{page.margin_left_mm:g}+{page.margin_right_mm:g} 毫米）不小于纸张宽度"
            f"（{page.width_mm:g} 毫米），没有排字的位置", ("page",), rule="layout"))
        return
    if page.text_height_mm <= 0:
        collector.add(doc.problem(
            f"上下白边之和（{page.margin_top_mm:g}+{page.margin_bottom_mm:g} 毫米）不小于纸张高度"
            f"（{page.height_mm:g} 毫米），没有排字的位置", ("page",), rule="layout"))
        return
    needed = page.lines_per_page * page.line_spacing_pt * MM_PER_PT
    if needed > page.text_height_mm + 0.5:
        collector.add(doc.problem(
            f"{page.lines_per_page} 行 × {page.line_spacing_pt:g} 磅需 {needed:.1f} 毫米，"
            f"超过版心高度 {page.text_height_mm:g} 毫米：请减小行距或每页行数",
            ("page", "line_spacing_pt"), rule="layout"))
    pitch = page.char_pitch_pt
    body = layout.sizes.body_pt
    if pitch < body * 0.9:
        collector.add(doc.problem(
            f"每行 {page.chars_per_line} 字时每字只有 {pitch:.2f} 磅宽，比正文字号 {body:g} 磅窄得多，"
            "文字会挤在一起：请减少每行字数或减小字号", ("page", "chars_per_line"), rule="layout"))
    elif pitch > body * 1.5:
        collector.add(doc.problem(
            f"每行 {page.chars_per_line} 字时每字 {pitch:.2f} 磅宽，字间距明显偏大（正文字号 {body:g} 磅）",
            ("page", "chars_per_line"), rule="layout", severity="warning"))

