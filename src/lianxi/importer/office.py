"""Text out of Word (.docx) and PDF notices, for :func:`lianxi.importer.text.read_notice`.

* ``.docx`` through python-docx: the body's paragraphs and tables in document order; a
  table row is one line, its cells joined by a space (a cell merged across columns is
  written once), so a roster table ``姓名 | 职务`` reads as the ``姓名 职务`` lines of a text
  notice; a line break inside a paragraph or cell starts a new line.
* ``.pdf`` through pypdf: the text layer, page by page. A paragraph wrapped at the page's
  right edge is joined back into one line (:func:`_rejoin`). A PDF without a text layer (a
  scan) is refused: the importer does not guess names from images.
"""

from __future__ import annotations

import io
import re

from ..errors import DataError


def docx_text(raw: bytes, display: str) -> str:
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(raw))
    except Exception:  # a zip that is not a Word document, or a damaged one
        raise DataError(f"{display} 不是可读取的 Word 文档（.docx）：文件可能已损坏，"
                        "或是其他压缩文件。请用 Word 或 WPS 打开后另存为 .docx 再导入") from None
    lines: list[str] = []

    def table_lines(table: Table) -> None:
        for row in table.rows:
            cells: list[str] = []
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                text = " ".join(part.strip() for part in cell.text.split("\n") if part.strip())
                if text:
                    cells.append(text)
            if cells and re.fullmatch(r"\d{1,3}[.、．]?", cells[0]):
                cells = cells[1:]  # the 序号 column
            if cells:
                lines.append(" ".join(cells))

    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.extend(Paragraph(child, document).text.split("\n"))
        elif child.tag == qn("w:tbl"):
            table_lines(Table(child, document))
    return "\n".join(lines)


def pdf_text(raw: bytes, display: str) -> str:
    try:
        import logging

        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise DataError(f"{display} 是加密的 PDF，无法读取其文字，请取得未加密的文件或 Word 原件")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DataError:
        raise
    except Exception:
        raise DataError(f"{display} 不是可读取的 PDF 文件（文件可能已损坏），请取得 Word 原件或纯文本再导入") from None
    text = "\n".join(_rejoin(page) for page in pages)
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        raise DataError(f"{display} 是没有文字层的 PDF（扫描件或图片），无法读取其中的文字，拒绝导入。"
                        "请取得 Word 原件或可复制文字的 PDF；扫描件须先人工录入为纯文本")
    return text


def _width(text: str) -> float:
    import unicodedata

    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


# A line ending in a colon introduces what follows: never joined. A line ending a sentence at
# the edge is joined unless the next line starts a new item (一、 （二） 3. 附件) or a label
# (召集人： / 公安部门：).
_LABEL_END = re.compile(r"[：:]$")
_SENTENCE_END = re.compile(r"[。；;！？!?]$")
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|"
                         r"\d+\s*[、.．]|[①-⑳]|第[一二三四五六七八九十百\d]+\s*[章条]|附件)")
_LABEL_START = re.compile(r"^[^，。；：:]{1,30}[：:]")


def _rejoin(page: str) -> str:
    """Join a prose line wrapped at the page's right edge to the next line.

    A line is wrapped when it is (nearly) as wide as the page's widest prose line and does
    not end a sentence; table rows (cells joined by spaces) are left alone: a wrapped cell
    is joined later, by the parser, and reported.
    """
    lines = page.split("\n")
    prose = [_width(line.strip()) for line in lines if line.strip() and " " not in line.strip()]
    widest = max(prose, default=0)
    if widest < 20:  # no paragraph on this page reaches an edge
        return page
    out: list[str] = []
    joinable = False
    for line in lines:
        text = line.strip()
        if joinable and text and " " not in text and not _ITEM_START.match(text) and not (
                _SENTENCE_END.search(out[-1].strip()) and _LABEL_START.match(text)):
            out[-1] += text
        else:
            out.append(line)
        last = out[-1].strip()
        joinable = bool(last) and " " not in last and not _LABEL_END.search(last) \
            and _width(text) >= widest * 0.9
    return "\n".join(out)
