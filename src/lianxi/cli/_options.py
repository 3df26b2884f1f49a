"""The one option vocabulary: every command spells a shared idea the same way.

* ``-o/--output`` — where a document (or, for ``import``/``schema``, a directory) goes;
* ``-f/--format`` — md, docx or pdf (default: from the ``-o`` suffix); for the lists, xlsx or csv
  (roster and liaisons also md/docx/pdf), for meetings ics;
* ``--force`` — replace an existing output file;
* ``-u/--unit`` — a unit, repeated or comma-separated where several are allowed;
* ``-n/--dry-run`` — show what a writer would write, write nothing;
* ``--json`` — machine-readable output;
* ``--data`` — the data directory (also before the command: ``lianxi --data 目录 命令``).

Old spellings keep working for one release, hidden from help: :data:`OLD_SPELLINGS` maps
them onto the new ones (click's ``token_normalize_func``, see ``_app.App``).
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import _complete

# old long option → the one it became (still accepted, never shown in help); click hands the
# normalizer option names without their dashes
OLD_SPELLINGS = {"out": "output", "units": "unit"}


def normalize_token(token: str) -> str:
    return OLD_SPELLINGS.get(token, token)


DataOpt = Annotated[
    Optional[str],
    typer.Option("--data", metavar="目录",
                 help="数据目录。未指定时依次使用：命令之前的 --data 或 --meeting、环境变量 LIANXI_DATA、"
                      "当前目录所在的工作区联席会议、当前目录下含 members.yaml 的 data/、内置数据"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（格式见 docs/json.md）")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="日期", help="按该日期的在任人员显示，如 2026-06-30；默认今天")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", metavar="文件",
                                                  help="写入文件（- 或不写：输出到屏幕）")]
FormatOpt = Annotated[Optional[str], typer.Option(
    "--format", "-f", metavar="格式", autocompletion=_complete.choices("md", "docx", "pdf"),
    help="输出格式：md、docx（Word）或 pdf（须装 LibreOffice）；不写时按 -o 文件的扩展名，默认 md")]
ForceOpt = Annotated[bool, typer.Option("--force", help="允许覆盖已存在的输出文件")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="只显示将要写入的内容，不写入")]
UnitsOpt = Annotated[Optional[list[str]], typer.Option(
    "--unit", "-u", metavar="单位", autocompletion=_complete.units, help="单位，如 公安；可重复使用，或用逗号分隔：-u 市场监管局,消防")]
# the lists (roster, liaisons, tasks, reports): a table for Excel; roster and liaisons also print
TableFormatOpt = Annotated[Optional[str], typer.Option(
    "--format", "-f", metavar="格式", autocompletion=_complete.choices("xlsx", "csv"),
    help="导出格式：xlsx（Excel）或 csv（UTF-8，Excel 可直接打开）；不写时按 -o 文件的扩展名，都不写时显示在屏幕上")]
ListFormatOpt = Annotated[Optional[str], typer.Option(
    "--format", "-f", metavar="格式", autocompletion=_complete.choices("xlsx", "csv", "docx", "md", "pdf"),
    help="导出格式：xlsx（Excel）、csv（UTF-8，Excel 可直接打开）、docx（Word，公文版式）、md 或 pdf；"
         "不写时按 -o 文件的扩展名，都不写时显示在屏幕上")]
CalendarFormatOpt = Annotated[Optional[str], typer.Option(
    "--format", "-f", metavar="格式", autocompletion=_complete.choices("ics"),
    help="导出格式：ics（日历文件，可导入 Outlook、手机日历）；不写时按 -o 文件的扩展名，都不写时显示在屏幕上")]
FinalOpt = Annotated[bool, typer.Option(
    "--final", help="正式印发：任何待定事项都报错（退出码 1）；写入文件（-o）时从登记簿取文号（纪要取期号）并登记，只输出到屏幕时为预览、不取号")]
CcOpt = Annotated[Optional[list[str]], typer.Option(
    "--cc", metavar="机关", help="版记的抄送机关（加在 documents.yaml 所列抄送机关之后）；可重复使用，如 --cc 区人民政府办公室")]
