"""Render every kind of document through LibreOffice and check its pages from the PDF's text.

    python scripts/check_pages.py [--keep 目录]

Every document kind (notices of each meeting kind, one with a long reply slip, the example
notice, the minutes, the 预警通报 (a short and a long one), the 工作组成立通知, the annual
report) is produced with the CLI from a copy of the bundled data ("today" pinned to
2026-11-29), all the .docx converted to PDF in ONE
``soffice --headless`` run, and each page read back with ``pdftotext -bbox-layout``:

* no body line (3号, 16 pt) holds more than 28 characters, and a line that reaches the
  right edge of the text block holds exactly 28 character cells (its indent included);
* a full page (a page of running text that is neither the first nor the last of its part)
  spans 22 lines of the grid;
* no page's only text is the signature block or the date, and no page holds only the 版记
  (抄送/分送 and the 印发 line);
* the reply slip (参会回执) of a notice is on one page, and it is the last page.

Prints one line per document and exits 1 when a check fails (2 when LibreOffice or
pdftotext is missing). ``tests/test_pages.py`` runs it where soffice is installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TODAY = "2026-11-29"
PT_PER_MM = 72 / 25.4

# name → the CLI arguments that write it (after the setup commands below)
SETUP = [
    ["alert", "add", "--level", "较重", "--unit", "市场监管局,消防", "--title", "部分托育机构消防通道堵塞",
     "--text", "近期检查发现部分托育机构消防通道堵塞、安全出口不畅",
     "--measures", "请区市场监督管理局、区消防救援大队于2026年12月15日前完成复查，督促有关托育机构立即整改",
     "--date", "2026-11-25"],
    # a longer one (issue 16, gap 1): its date ends on the grid's 21st line of page 2, where a
    # 1 pt anchor under it used to push the 版记 onto a page of its own
    ["alert", "add", "--level", "较重", "--unit", "市场监管局,消防", "--title", "测试",
     "--text", "近期检查发现部分托育机构消防通道堵塞、安全出口不畅，" + "有关机构整改不到位，存在较大安全隐患，" * 15
     + "请各单位高度重视", "--measures", "请立即整改", "--date", "2026-11-25"],
    ["group", "new", "--lead", "卫健", "--unit", "市场监管局,消防", "--unit", "公安",
     "--name", "托育机构安全联合检查组", "--purpose", "对全区托育机构的消防、食品和卫生安全开展联合检查，查处违法违规行为",
     "--from", "2026-12-01", "--to", "2026-12-31"],
]
DOCUMENTS = {
    "notice_plenary": ["notice", "--type", "plenary", "--date", "2027-03-23", "--time", "15:00",
                       "--place", "区政府第一会议室", "--presider", "庄一鸣",
                       "--agenda", "听取联席会议办公室2026年工作情况汇报",
                       "--agenda", "审议2027年全区婴幼儿照护服务工作要点"],
    # 18 member units and 4 invited units: 22 rows in the reply slip (issue 16, gap 2)
    "notice_plenary_invited": ["notice", "--type", "plenary", "--date", "2027-03-23", "--time", "15:00",
                               "--place", "区政府第一会议室", "--presider", "庄一鸣", "--agenda", "听取汇报",
                               "--invite", "区应急管理局", "--invite", "区城管局", "--invite", "区司法局",
                               "--invite", "区文旅局"],
    "notice_liaison": ["notice", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
                       "--place", "区卫健局三楼会议室", "--agenda", "通报2026年全区婴幼儿照护服务工作情况",
                       "--agenda", "研究2027年联席会议工作要点", "--agenda", "交流各成员单位工作开展情况"],
    "notice_adhoc": ["notice", "--type", "adhoc", "--date", "2027-04-20", "--time", "08:30",
                     "--place", "区卫健局三楼会议室", "--presider", "林金辉",
                     "--approved-by", "庄一鸣", "--approved-on", "2027-04-10", "--unit", "公安", "--unit", "消防",
                     "--unit", "市场监管局", "--unit", "卫健", "--agenda", "研究托育机构安全隐患整改工作"],
    "notice_topic": ["notice", "--type", "topic", "--subject", "托育机构消防安全", "--date", "2027-05-11",
                     "--time", "09:30", "--place", "区卫健局三楼会议室", "--unit", "消防", "--unit", "卫健",
                     "--unit", "住建", "--invite", "区应急管理局", "--invite", "消防安全专家",
                     "--agenda", "听取专家关于托育机构消防安全的意见", "--agenda", "研究托育机构消防安全管理措施"],
    "notice_example": ["notice", "2026-09-15-plenary"],
    "minutes": ["minutes", "render"],
    "alert": ["alert", "notice", "2026-01", "--final"],
    "alert_long": ["alert", "notice", "2026-02", "--final"],
    "group": ["group", "notice", "2026-01", "--final"],
    "annual": ["report", "annual", "2026"],
}

HANGING = set("，。、；：？！")
BODY_HEIGHT = (19.0, 23.0)  # a 16 pt line's box in LibreOffice's PDF (Noto CJK: about 20.8 pt)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Result:
    name: str
    pages: int = 0
    widest: float = 0  # most character cells on a body line
    full_lines: int = 0  # body lines reaching the right edge
    full_pages: list[int] = field(default_factory=list)  # grid lines spanned by each full page
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        state = "通过" if not self.problems else "不通过"
        full = "、".join(str(n) for n in self.full_pages) or "无"
        text = (f"{self.name}: {self.pages} 页，正文行最多 {self.widest:g} 字（满行 {self.full_lines} 行），"
                f"整页行数 {full}：{state}")
        return text + "".join(f"\n  - {p}" for p in self.problems)


def cells(text: str) -> float:
    """Character cells of a line: a CJK character or full-width mark 1, ASCII ½."""
    from lianxi.textcn import em_width

    return em_width(text.replace(" ", ""))


def build(workdir: Path) -> dict[str, Path]:
    """Every document as .docx from a copy of the bundled data (the CLI, as a user runs it)."""
    data = workdir / "data"
    shutil.copytree(ROOT / "data", data)
    env = dict(os.environ, LIANXI_TODAY=TODAY)
    env.pop("LIANXI_DATA", None)

    def lianxi(args: list[str]) -> None:
        done = subprocess.run([sys.executable, "-m", "lianxi", *args, "--data", str(data)], cwd=workdir,
                              capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"lianxi {' '.join(args)} 失败：{done.stderr.strip()}")

    for args in SETUP:
        lianxi(args)
    out = {}
    for name, args in DOCUMENTS.items():
        path = workdir / f"{name}.docx"
        lianxi([*args, "-o", str(path)])
        out[name] = path
    return out


def convert(docx: dict[str, Path], workdir: Path) -> dict[str, Path]:
    """All the .docx to PDF in one LibreOffice run (with the previews' font substitutes)."""
    from lianxi.render_docx import convert_all, require_soffice

    pdfs = convert_all(require_soffice(), list(docx.values()), workdir, timeout=300)
    return dict(zip(docx, pdfs))


def read_pages(pdf: Path) -> list[list[Line]]:
    done = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True)
    text = re.sub(rb"<!DOCTYPE[^>]*>", b"", done.stdout)
    tree = ET.fromstring(text)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in tree.iter("{http://www.w3.org/1999/xhtml}page"):
        lines = []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            words = [w.text or "" for w in line.findall("x:word", ns)]
            lines.append(Line("".join(words), float(line.get("xMin")), float(line.get("xMax")),
                              float(line.get("yMin")), float(line.get("yMax"))))
        pages.append(lines)
    return pages


def check(name: str, pdf: Path, layout=None, *, pages: list[list[Line]] | None = None) -> Result:
    from lianxi.layout import Layout

    layout = layout or Layout()
    page = layout.page
    left = page.margin_left_mm * PT_PER_MM
    right = (page.width_mm - page.margin_right_mm) * PT_PER_MM
    bottom = (page.height_mm - page.margin_bottom_mm) * PT_PER_MM
    cell = page.char_pitch_pt
    pitch = page.line_spacing_pt
    result = Result(name)
    pages = read_pages(pdf) if pages is None else pages
    result.pages = len(pages)
    signature = re.compile(r"^(.*办公室|（.*代章）|\d{4}年\d{1,2}月\d{1,2}日)$")
    closing = re.compile(r"^(抄送：|分送：)|印发$")
    slip_page = next((n for n, lines in enumerate(pages, 1)
                      if lines and lines[0].text.startswith("附件") and len(lines[0].text) <= 3), None)
    for number, lines in enumerate(pages, 1):
        text_lines = [ln for ln in lines if ln.y0 < bottom + 2]  # not the page number below the text block
        body = [ln for ln in text_lines if BODY_HEIGHT[0] <= ln.height <= BODY_HEIGHT[1]]
        for k, ln in enumerate(body):
            indent = max(round((ln.x0 - left) / cell), 0)
            width = cells(ln.text)
            if ln.text[-1:] in HANGING and ln.x1 > right + 1:
                width -= 1  # a full stop or comma may hang past the edge (overflowPunct), in Word too
            result.widest = max(result.widest, width)
            if width > page.chars_per_line:
                result.problems.append(f"第 {number} 页一行 {width:g} 字（多于 {page.chars_per_line}）：{ln.text}")
            elif (ln.x1 > right - cell / 2 and indent + width < page.chars_per_line - 2
                  and not re.search(r"[A-Za-z0-9]", ln.text)):  # digits: proportional, spaced
                # a line reaching the right edge holds its 28 cells (less a space or a character
                # kept with a closing mark): far fewer means the character grid is off
                result.problems.append(f"第 {number} 页满行只有 {indent + width:g} 格：{ln.text}")
            if ln.x1 > right - cell / 2:
                result.full_lines += 1
        texts = [ln.text for ln in text_lines if ln.text.strip()]
        if texts and all(signature.match(t) for t in texts):
            result.problems.append(f"第 {number} 页只有落款或日期：{'／'.join(texts)}")
        # only the 版记: its 抄送/分送 and 印发 lines, the issuing office and (smaller than body
        # text) the continuation lines of 抄送
        elif number > 1 and any(closing.search(t) for t in texts) and all(
                closing.search(t) or signature.match(t) or not BODY_HEIGHT[0] <= ln.height <= BODY_HEIGHT[1]
                for ln in text_lines if (t := ln.text).strip()):
            result.problems.append(f"第 {number} 页只有版记：{'／'.join(texts)}")
        if any(t.startswith("附件") and len(t) <= 3 for t in texts[:1]):
            slip_page = number
        # a full page of running text: not the first, running to the foot of the text block, no
        # table, title or 版记 on it (a page left short to keep the signature with the text is not full)
        if number > 1 and body and len(body) == len(text_lines) and body[-1].y1 > bottom - pitch:
            spans = round((body[-1].y0 - body[0].y0) / pitch) + 1
            result.full_pages.append(spans)
            if spans != page.lines_per_page:
                result.problems.append(f"第 {number} 页排了 {spans} 行（应为 {page.lines_per_page} 行）")
    if name.startswith("notice"):
        if slip_page is None:
            result.problems.append("没有找到参会回执（附件）页")
        elif slip_page != len(pages):
            result.problems.append(f"参会回执从第 {slip_page} 页起占了 {len(pages) - slip_page + 1} 页")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="用 LibreOffice 排出每种文书并逐页检查")
    parser.add_argument("--keep", metavar="目录", help="把 .docx 和 PDF 留在该目录")
    args = parser.parse_args(argv)
    from lianxi.errors import LianxiError

    if shutil.which("pdftotext") is None:
        print("需要 pdftotext（Debian/Ubuntu：sudo apt-get install poppler-utils）", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lianxi-pages-") as tmp:
        workdir = Path(args.keep).resolve() if args.keep else Path(tmp)
        if args.keep and workdir.exists():
            shutil.rmtree(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            pdfs = convert(build(workdir), workdir)
        except LianxiError as exc:
            print(exc.render(), file=sys.stderr)
            return 2
        results = [check(name, pdf) for name, pdf in pdfs.items()]
    for result in results:
        print(result.line())
    failed = [r for r in results if r.problems]
    print(f"共 {len(results)} 份文书，{len(results) - len(failed)} 份通过" + (f"，{len(failed)} 份不通过" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
