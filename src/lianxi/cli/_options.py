"""Options shared by many commands."""

from __future__ import annotations

from typing import Optional

import typer
from typing import Annotated


DataOpt = Annotated[
    Optional[str],
    typer.Option("--data", metavar="目录",
                 help="数据目录。未指定时依次使用：命令之前的 --data、环境变量 LIANXI_DATA、"
                      "当前目录下含 members.yaml 的 data/、内置数据"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（格式见 docs/json.md）")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="日期", help="按该日期的在任人员显示，如 2026-06-30；默认今天")]
