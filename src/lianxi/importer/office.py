"""Text out of Word (.docx) and PDF notices, for :func:`lianxi.importer.text.read_notice`.

* ``.docx`` through python-docx: the body's paragraphs and tables in document order; a
  table row is one line, its cells joined by a space (a cell merged across columns is
  written once), so a roster table ``姓名 | 职务`` reads as the ``姓名 职务`` lines of a text
  notice; a line break inside a paragraph or cell starts a new line.
* ``.pdf`` through pypdf: the text layer, page by page. A PDF without one (a scan) is
  refused: the importer does not guess names from images.
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
    text = "\n".join(pages)
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        raise DataError(f"{display} 是没有文字层的 PDF（扫描件或图片），无法读取其中的文字，拒绝导入。"
                        "请取得 Word 原件或可复制文字的 PDF；扫描件须先人工录入为纯文本")
    return text
