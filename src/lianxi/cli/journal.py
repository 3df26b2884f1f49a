"""``lianxi undo``, ``lianxi redo`` and ``lianxi history``: the write journal (see lianxi.journal)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._options import DataOpt, DryRunOpt, JsonOpt
from ._output import emit, emit_json, esc, planning

CountArg = Annotated[int, typer.Argument(metavar="条数", help="撤销最近几条写入操作")]
ForceRestoreOpt = Annotated[bool, typer.Option("--force", help="文件在写入之后又被手工改动过时，仍然恢复（覆盖手工改动）")]


def _journal_root(data):
    """Whose journal: the data directory, or, at a workspace's root with no joint meeting chosen,
    the workspace's own (where a change across joint meetings is recorded)."""
    from ..store import resolve_data_dir, workspace_mode

    return workspace_mode(data) or resolve_data_dir(data)


def _restore(kind: str, count: Optional[int], force: bool, dry_run: bool, data) -> None:
    from ..undo import restore

    root = _journal_root(data)
    word = "撤销" if kind == "undo" else "恢复"
    with planning(dry_run):
        result = restore(root, kind, count, force=force)
    targets = esc("、".join(f"第 {e.id} 条（{e.command}）" for e in result.targets))
    if dry_run:
        emit(f"试运行（--dry-run）：将{word} {targets}，实际未写入。")
        return
    if not result.files:
        emit(f"已{word} {targets}：文件已是{word}后的状态，无需变动。")
        return
    shown = esc("、".join(result.files))
    again = "lianxi redo 可恢复" if kind == "undo" else "lianxi undo 可再次撤销"
    emit(f"已{word} {targets}，恢复了 {len(result.files)} 个文件：{shown}。（{again}）")


def register(app) -> None:
    @app.command("undo")
    def undo(count: CountArg = 1, force: ForceRestoreOpt = False, dry_run: DryRunOpt = False,
             data: DataOpt = None) -> None:
        """撤销最近一次（或最近几次）写入：把数据文件逐字节恢复到写入之前。

        依据数据目录中的操作记录（隐藏目录 .lianxi 中）。文件在写入之后又被手工改动过时拒绝撤销、不做任何修改（加 --force 则覆盖手工改动）。撤销本身也记入操作记录，lianxi redo 可恢复。

        示例：lianxi undo --dry-run --data mydata
        """
        _restore("undo", count, force, dry_run, data)

    @app.command("redo")
    def redo(count: Annotated[Optional[int], typer.Argument(
                 metavar="条数", help="恢复撤销过的最近几条操作（与 undo 的条数相同：undo 3 之后 redo 3）；"
                                    "默认恢复最近一次撤销")] = None,
             force: ForceRestoreOpt = False, dry_run: DryRunOpt = False, data: DataOpt = None) -> None:
        """恢复最近一次（或最近几次）撤销：回到 lianxi undo 之前的状态。

        条数与 undo 的条数相同：lianxi undo 3 之后 lianxi redo 3 恢复这 3 条；一次撤销的几条只能一起恢复。

        示例：lianxi redo --data mydata
        """
        _restore("redo", count, force, dry_run, data)

    @app.command("history")
    def history(json_out: JsonOpt = False, data: DataOpt = None) -> None:
        """操作记录：每条写入命令的时间、命令行、改动的文件，以及是否已撤销。

        示例：lianxi history --data mydata
        """
        from ..journal import entries, reverted_ids

        items = entries(_journal_root(data))
        gone = reverted_ids(items)
        if json_out:
            emit_json({"entries": [dict(e.to_json(), reverted=e.id in gone) for e in items]})
            return
        if not items:
            emit("还没有写入操作的记录。")
            return
        labels = {"created": "新建", "modified": "修改", "deleted": "删除"}
        lines = []
        for e in items:
            state = "（已撤销）" if e.id in gone else ""
            lines.append(f"{e.id:>4}  {e.time.replace('T', ' ')}  {e.command}{state}")
            lines.append(f"      {e.summary()}")
            for item in e.to_json()["files"]:
                lines.append(f"      {labels[item['change']]} {item['path']}")
        emit(esc("\n".join(lines)))
