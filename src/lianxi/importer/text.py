"""Reading a notice: detect its format and encoding, refuse what cannot be trusted, normalise lines.

Accepted: plain text in UTF-8 (with or without BOM), UTF-16 (with or without BOM),
GB18030/GBK; Word ``.docx`` (paragraphs and tables, in document order: a roster table row
becomes one line, its cells separated by spaces); PDF with a text layer; standard input
(``-``). Refused with a Chinese message (exit 1): ``.doc``/``.wps`` (save as .docx), a
scanned PDF without text, traditional-character text and mojibake — the importer works on
the wording of the notice, and a garbled or converted text would put wrong names into
the data. Normalisation keeps one output line per input line so line numbers in the
report are the notice's own (for Word and PDF: the lines of the extracted text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, os_reason

# Frequent characters of notices whose traditional form differs from the simplified one.
# A text that uses them is a traditional-character text (or converted from one).
_TRADITIONAL_CANDIDATES = (
    "會議聯員職責區縣務門關發開組織與為時對設經過進總機構據導應單條規實際現幹學農業標準監檢電車輛傳"
    "衛護財稅勞動資環計劃協歸處辦級證療醫藥價點幫兒嬰託園縣鎮鄉韓顧問題檔製勵貫徹維熱難險災報紙聽說"
    "讓們這個東來從後當於產務營廣場權歲據書記長黨團婦聯減輕優質數據審請網絡術轉屬該類視覽觀築區劃"
)

_MOJIBAKE_MARKS = ("锟斤拷", "烫烫烫", "屯屯屯", "ï»¿", "Ã", "â€")


@dataclass
class NoticeText:
    lines: list[str]          # normalised, index 0 = line 1
    encoding: str             # as shown to the user, e.g. "UTF-8（带 BOM）"
    display: str              # the file name as shown in messages


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


# only the forms that are not simplified characters themselves (題, 問 … are dropped)
TRADITIONAL = frozenset(ch for ch in _TRADITIONAL_CANDIDATES if not _in_gb2312(ch))


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002fa1f"


def judge(text: str) -> str | None:
    """``None`` when the text looks like ordinary simplified Chinese, else why not."""
    if "\ufffd" in text or any(mark in text for mark in _MOJIBAKE_MARKS):
        return "garbled"
    han = [ch for ch in text if _is_han(ch)]
    latin_high = sum(1 for ch in text if "\u0080" <= ch <= "\u02ff")
    if latin_high >= 10 and latin_high > len(han):
        return "garbled"
    if any("\ue000" <= ch <= "\uf8ff" for ch in text):
        return "garbled"
    if not han:
        return "empty" if not text.strip() else "no-chinese"
    outside = [ch for ch in han if not _in_gb2312(ch)]
    traditional = sum(1 for ch in han if ch in TRADITIONAL)
    if traditional >= 3 and traditional >= len(han) * 0.02:
        return "traditional"
    if len(outside) >= 5 and len(outside) > len(han) * 0.03:
        return "garbled"
    return None


def decode(raw: bytes, display: str) -> tuple[str, str]:
    """bytes → (text, encoding label); raise DataError for text that cannot be trusted."""
    candidates: list[tuple[str, str]] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates.append(("utf-8-sig", "UTF-8（带 BOM）"))
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates.append(("utf-16", "UTF-16（带 BOM）"))
    elif _utf16_without_bom(raw):
        candidates.append((_utf16_without_bom(raw), "UTF-16（无 BOM）"))
    else:
        candidates += [("utf-8", "UTF-8"), ("gb18030", "GB18030/GBK")]
    text = label = None
    for codec, name in candidates:
        try:
            text, label = raw.decode(codec), name
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise DataError(f"无法识别 {display} 的编码：既不是 UTF-8，也不是 GB18030/GBK。"
                        "请用记事本或 WPS 另存为 UTF-8 后再导入。")
    refuse_untrusted(text, display, label, raw)
    return text, label


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM: a zero byte never occurs in UTF-8 or GB18030 text, but does in UTF-16
    (every line break); the byte order is the one that reads as ordinary Chinese."""
    if b"\x00" not in raw or len(raw) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            if judge(raw.decode(codec)) is None:
                return codec
        except UnicodeDecodeError:
            continue
    return None


def refuse_untrusted(text: str, display: str, label: str, raw: bytes = b"") -> None:
    """Raise DataError for traditional characters, mojibake, an empty or non-Chinese text."""
    verdict = judge(text)
    if verdict == "traditional" or (verdict == "garbled" and label == "GB18030/GBK" and _big5_traditional(raw)):
        raise DataError(f"{display} 是繁体中文文本，拒绝导入：通知应为简体中文原文。"
                        "繁简转换可能改错人名和单位名称，请取得简体原件后再导入。")
    if verdict == "garbled":
        raise DataError(f"{display} 的内容是乱码（按 {label} 读出的文字无法辨认），拒绝导入。"
                        "常见原因：文件被用错误的编码另存过，或从网页复制时编码错乱。请取得原件，另存为 UTF-8 后再导入。")
    if verdict == "empty":
        raise DataError(f"{display} 是空文件，没有可导入的内容")
    if verdict == "no-chinese":
        raise DataError(f"{display} 中没有中文内容，不像是联席会议通知")


def _big5_traditional(raw: bytes) -> bool:
    try:
        return judge(raw.decode("big5")) == "traditional"
    except UnicodeDecodeError:
        return False


_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")


def normalise_line(line: str) -> str:
    """One line: NFC, odd spaces → one ASCII space, no spaces at the ends.

    Full-width punctuation is kept as written (the data keeps the notice's wording);
    ASCII colons and brackets are accepted by the parser as they are.
    """
    line = unicodedata.normalize("NFC", line)
    line = line.replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", line).strip()


STDIN = "-"


def read_notice(path: Path, display: str | None = None) -> NoticeText:
    """The notice at ``path`` (``-``: standard input) as normalised lines, whatever its format."""
    if str(path) == STDIN:
        import sys

        display = display if display and display != STDIN else "标准输入"
        raw = sys.stdin.buffer.read()
    else:
        display = display or str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise DataError(f"找不到通知文件：{display}") from None
        except IsADirectoryError:
            raise DataError(f"{display} 是目录，应为通知文件（.txt、.docx 或 .pdf）") from None
        except OSError as exc:
            raise DataError(f"无法读取通知文件 {display}：{os_reason(exc)}") from None
    suffix = path.suffix.lower() if str(path) != STDIN else ""
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix in (".doc", ".wps", ".et", ".dps"):
        raise DataError(f"{display} 是旧版 Word/WPS 文件（.doc/.wps），无法直接读取：请用 Word 或 WPS 打开，"
                        "另存为 .docx 后再导入（或另存为纯文本 .txt）")
    if raw[:4] == b"PK\x03\x04":
        from .office import docx_text

        text, label = docx_text(raw, display), "Word 文档（.docx）"
    elif raw[:5] == b"%PDF-":
        from .office import pdf_text

        text, label = pdf_text(raw, display), "PDF 文字层"
    else:
        text, label = decode(raw, display)
        return NoticeText(lines=split_lines(text), encoding=label, display=display)
    refuse_untrusted(text, display, label)
    return NoticeText(lines=split_lines(text), encoding=label, display=display)


def split_lines(text: str) -> list[str]:
    return [normalise_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
