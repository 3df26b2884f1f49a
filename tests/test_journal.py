"""The write journal: ``lianxi undo`` after every writing command restores every file byte for byte;
``redo``, ``history``, refusals (hand edits, nothing to undo), ``--dry-run``, and kill -9 of a journaled write.

To cover a new writing command, add one ``Undoable`` line to ``WRITERS`` (its setup may run other
commands first: the undo must take back the tested command only).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

from lianxi import store
from lianxi.store import bundled_dir
from test_crash_safety import REAL, _ALERT, _MEETING, _cli, _real_meeting, stray_temps


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the data directory but the journal, the lock and temp files, as bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".lianxi" or path.name == store.LOCK_NAME or not path.is_file():
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


@dataclass
class Undoable:
    name: str
    args: tuple
    setup: Optional[Callable[[Path], None]] = None


_learned = _cli("who", "learn", "托育园的饮用水归谁管", "卫健")


_GROUP = _cli("group", "new", "--lead", "卫健", "--unit", "公安,消防大队", "--purpose", "联合检查（测试数据）",
              "--from", "2026-11-01", "--to", "2026-12-31", "--date", "2026-10-20")


_ALERT_READY = _cli("alert", "add", "--level", "较重", "--unit", "市场监管局,消防", "--text", "部分托育机构消防通道堵塞",
                    "--measures", "请于月底前整改到位", "--date", "2026-11-25")


def _steps(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in setups:
            step(root)
    return setup


_DRAFT = _steps(_MEETING, _cli("minutes", "new", "2026-11-17"))
_TWO_ITEMS = _steps(_MEETING, _cli("meeting", "agenda", "add", "2026-11-17-liaison", "交流工作情况"))
_WITH_GUEST = _steps(_MEETING, _cli("meeting", "guest", "add", "2026-11-17-liaison", "--unit", "区应急管理局"))
_WITH_MATTER = _steps(_DRAFT, _cli("minutes", "matter", "add", "2026-11-17-liaison", "--title", "关于联合检查",
                                   "--text", "会议议定开展联合检查", "--lead", "区消防救援大队", "--deadline", "2027-06-30"))
_ISSUED_NOTICE = _steps(_real_meeting("agreed", contact=True), _cli("notice", REAL, "--final", "-o", "-"))


def _crlf(root: Path) -> None:
    """members.yaml with CRLF line endings and a BOM: undo must give back exactly these bytes."""
    path = root / "members.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


# One line per writing command.
WRITERS = [
    Undoable("succession apply", ("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长",
                                  "--date", "2026-11-01")),
    Undoable("succession apply (CRLF, BOM)", ("succession", "apply", "公安", "--name", "李明", "--post",
                                              "区公安分局副局长", "--date", "2026-11-01"), setup=_crlf),
    Undoable("liaison set", ("liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321")),
    Undoable("meeting new", ("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
                             "--place", "区卫健局三楼会议室", "--agenda", "通报全区婴幼儿照护服务工作情况")),
    Undoable("minutes new", ("minutes", "new", "2026-11-17"), setup=_MEETING),
    Undoable("minutes agree", ("minutes", "agree", REAL, "公安", "--date", "2026-03-20"),
             setup=_real_meeting("draft", waiting=("gongan",))),
    Undoable("minutes render --final", ("minutes", "render", REAL, "--final", "-o", "-"), setup=_real_meeting("agreed")),
    Undoable("notice --final", ("notice", REAL, "--final", "-o", "-"), setup=_real_meeting("agreed", contact=True)),
    Undoable("report add", ("report", "add", "公安", "--task", f"{REAL}/1", "--status", "进行中",
                            "--text", "已完成辖区托育机构治安检查"), setup=_real_meeting("agreed")),
    Undoable("alert add", ("alert", "add", "--level", "一般", "--unit", "公安", "--text", "节假日托育机构周边治安")),
    Undoable("alert close", ("alert", "close", "2026-01", "--note", "已全部整改到位"), setup=_ALERT),
    Undoable("group new", ("group", "new", "--lead", "卫健", "--unit", "市场监管局,消防", "--purpose",
                           "对全区托育机构开展联合检查", "--from", "2026-12-01", "--to", "2026-12-31")),
    Undoable("succession correct", ("succession", "correct", "公安", "--name", "郑惠珊", "--post", "区公安分局局长")),
    Undoable("succession apply --from", ("succession", "apply", "--from", "换届.yaml"), setup=lambda root: (
        root.parent / "换届.yaml").write_text("# 虚构的变动（测试用）\ndate: 2026-11-01\nchanges:\n"
                                             "  - {unit: 公安, name: 李明, post: 区公安分局副局长}\n"
                                             "  - {unit: 区税务分局, name: 赵六, post: 区税务分局副局长}\n", encoding="utf-8")),
    Undoable("who learn", ("who", "learn", "托育园的饮用水归谁管", "卫健")),
    Undoable("who forget", ("who", "forget", "托育园的饮用水归谁管"), setup=_learned),
    Undoable("alert edit", ("alert", "edit", "2026-01", "--level", "较重", "--measures", "请整改"), setup=_ALERT),
    Undoable("group edit", ("group", "edit", "2026-01", "--lead", "公安", "--to", "2027-01-31"), setup=_GROUP),
    Undoable("group close", ("group", "close", "2026-01", "--date", "2026-11-20", "--summary", "检查23家"),
             setup=_GROUP),
    Undoable("alert notice --final", ("alert", "notice", "2026-01", "--final", "-o", "-"), setup=_ALERT_READY),
    Undoable("group notice --final", ("group", "notice", "2026-01", "--final", "-o", "-"), setup=_GROUP),
    Undoable("meeting edit", ("meeting", "edit", "2026-11-17-liaison", "--time", "09:30"), setup=_MEETING),
    Undoable("meeting edit --date", ("meeting", "edit", "2026-11-17-liaison", "--date", "2026-11-18"),
             setup=_MEETING),
    Undoable("meeting cancel", ("meeting", "cancel", "2026-11-17-liaison", "--reason", "因故推迟（测试数据）"),
             setup=_MEETING),
    Undoable("meeting agenda add", ("meeting", "agenda", "add", "2026-11-17-liaison", "交流工作情况"), setup=_MEETING),
    Undoable("meeting agenda move", ("meeting", "agenda", "move", "2026-11-17-liaison", "2", "1"), setup=_TWO_ITEMS),
    Undoable("meeting agenda remove", ("meeting", "agenda", "remove", "2026-11-17-liaison", "1"), setup=_MEETING),
    Undoable("meeting guest remove", ("meeting", "guest", "remove", "2026-11-17-liaison", "区应急管理局"),
             setup=_WITH_GUEST),
    Undoable("meeting guest add", ("meeting", "guest", "add", "2026-11-17-liaison", "--unit", "区应急管理局"),
             setup=_MEETING),
    Undoable("meeting reply", ("meeting", "reply", "2026-11-17-liaison", "公安", "--attendee", "张三（测试）",
                               "--post", "治安大队副大队长", "--phone", "13912345678"), setup=_MEETING),
    Undoable("minutes edit", ("minutes", "edit", "2026-11-17-liaison", "--summary", "会议通报了工作情况"),
             setup=_DRAFT),
    Undoable("minutes matter add", ("minutes", "matter", "add", "2026-11-17-liaison", "--title", "关于联合检查",
                                    "--text", "会议议定开展联合检查", "--lead", "区消防救援大队",
                                    "--deadline", "2027-06-30"), setup=_DRAFT),
    Undoable("minutes matter edit", ("minutes", "matter", "edit", "2026-11-17-liaison", "1", "--deadline", "2027-09-30"),
             setup=_WITH_MATTER),
    Undoable("minutes matter remove", ("minutes", "matter", "remove", "2026-11-17-liaison", "1"), setup=_WITH_MATTER),
    Undoable("minutes agree --all", ("minutes", "agree", REAL, "--all", "--date", "2026-03-20"),
             setup=_real_meeting("draft", waiting=("gongan", "jiaoyu"))),
    Undoable("number void", ("number", "void", "泉港托育联办〔2026〕1号", "--reason", "文字有误（测试）"),
             setup=_ISSUED_NOTICE),
    Undoable("succession vacate", ("succession", "vacate", "公安", "--date", "2026-11-30", "--reason", "退休")),
    Undoable("member add", ("member", "add", "区应急管理局", "--alias", "应急管理局,应急局")),
    Undoable("member retire", ("member", "retire", "防汛办", "--date", "2026-11-30", "--reason", "机构改革（测试数据）")),
    Undoable("schema", ("schema",), setup=lambda root: shutil.rmtree(root / ".schema")),
]


def test_undo_of_init_force_into_an_existing_directory(run, tmp_path, monkeypatch):
    """init --force over an office's directory (files moved into place, .gitignore extended): undo gives
    back every file it replaced and removes those it added."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "d"
    target.mkdir()
    (target / ".gitignore").write_text("*.docx\n", encoding="utf-8")
    (target / "members.yaml").write_text("# 办公室的旧文件（虚构）\n", encoding="utf-8")
    before = snapshot(target)
    assert run("init", target, "--force").exit_code == 0
    assert snapshot(target) != before
    result = run("undo", "--data", target)
    assert result.exit_code == 0, result.output
    assert snapshot(target) == before


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A copy of the bundled data for one case, the working directory outside it."""
    monkeypatch.chdir(tmp_path)

    def make(case: Undoable) -> Path:
        root = tmp_path / "data"
        shutil.copytree(bundled_dir("data"), root, ignore=shutil.ignore_patterns(store.LOCK_NAME))
        if case.setup:
            case.setup(root)
        return root

    return make


@pytest.mark.parametrize("case", WRITERS, ids=lambda c: c.name)
def test_undo_after_each_writer_restores_every_file_byte_for_byte(case, fresh, run):
    root = fresh(case)
    before = snapshot(root)
    result = run(*case.args, "--data", root)
    assert result.exit_code == 0, result.output
    after = snapshot(root)
    assert after != before, f"{case.name} changed nothing: the test cannot tell"
    history = json.loads(run("history", "--json", "--data", root).stdout)["entries"]
    assert history[-1]["command"].startswith("lianxi " + case.args[0])
    assert {f["path"] for f in history[-1]["files"]} == {p for p in set(before) | set(after)
                                                         if before.get(p) != after.get(p)}

    undone = run("undo", "--data", root)
    assert undone.exit_code == 0, undone.output
    assert snapshot(root) == before
    assert not stray_temps(root)
    # undo is journaled: redo gives back the command's result, and undo takes it back again
    assert run("redo", "--data", root).exit_code == 0
    assert snapshot(root) == after
    assert run("undo", "--data", root).exit_code == 0
    assert snapshot(root) == before


def test_undo_n_takes_back_several_commands_newest_first(data_dir, run):
    before = snapshot(data_dir)
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0
    assert run(*WRITERS[2].args, "--data", data_dir).exit_code == 0  # members.yaml again
    assert run(*WRITERS[3].args, "--data", data_dir).exit_code == 0  # a new meeting file
    plan = run("undo", "3", "--dry-run", "--data", data_dir)
    assert plan.exit_code == 0, plan.output
    assert "将删除 data/meetings/2027-03-16-liaison.yaml" in plan.stdout or "将删除" in plan.stdout
    assert "实际未写入" in plan.stdout
    result = run("undo", "3", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert snapshot(data_dir) == before
    entries = json.loads(run("history", "--json", "--data", data_dir).stdout)["entries"]
    assert [e["kind"] for e in entries] == ["command"] * 3 + ["undo"]
    assert entries[-1]["reverts"] == [3, 2, 1]
    assert all(e["reverted"] for e in entries[:3])


def test_redo_n_counts_the_operations_undo_n_took_back(data_dir, run):
    before = snapshot(data_dir)
    for case in (WRITERS[0], WRITERS[2], WRITERS[3]):
        assert run(*case.args, "--data", data_dir).exit_code == 0
    after = snapshot(data_dir)
    assert run("undo", "3", "--data", data_dir).exit_code == 0
    state = snapshot(data_dir)
    assert state == before
    # the undo took back 3 operations: they are redone together, not 1 or 2 of them
    for count in ("1", "2", "4"):
        result = run("redo", count, "--data", data_dir)
        assert result.exit_code == 1, result.output
        assert snapshot(data_dir) == state
    assert "第 4 条（lianxi undo）一次撤销了 3 条操作（第 3、2、1 条），只能一起恢复" in run(
        "redo", "1", "--data", data_dir).stderr
    assert "lianxi redo 3" in run("redo", "2", "--data", data_dir).stderr
    assert "撤销过的只有 3 条操作可以恢复，不能恢复 4 条" in run("redo", "4", "--data", data_dir).stderr
    result = run("redo", "3", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert snapshot(data_dir) == after
    # undoing that redo is one operation (the redo): redo 1 gives it back
    assert run("undo", "--data", data_dir).exit_code == 0
    assert snapshot(data_dir) == before
    assert run("redo", "1", "--data", data_dir).exit_code == 0
    assert snapshot(data_dir) == after


def test_redo_n_after_several_undos_of_one(data_dir, run):
    for case in (WRITERS[0], WRITERS[2]):
        assert run(*case.args, "--data", data_dir).exit_code == 0
    after = snapshot(data_dir)
    assert run("undo", "--data", data_dir).exit_code == 0
    assert run("undo", "--data", data_dir).exit_code == 0
    assert snapshot(data_dir) != after
    assert run("redo", "2", "--data", data_dir).exit_code == 0
    assert snapshot(data_dir) == after


def test_undo_refuses_when_a_file_was_edited_by_hand(data_dir, run):
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0
    members = data_dir / "members.yaml"
    members.write_bytes(members.read_bytes() + b"# \xe6\x89\x8b\xe5\xb7\xa5\n")  # 手工
    edited = snapshot(data_dir)
    result = run("undo", "--data", data_dir)
    assert result.exit_code == 1
    assert "手工编辑" in result.stderr and "members.yaml" in result.stderr and "--force" in result.stderr
    assert "未做任何修改" in result.stderr
    assert snapshot(data_dir) == edited
    assert run("undo", "--force", "--data", data_dir).exit_code == 0
    assert snapshot(data_dir)["members.yaml"] == (bundled_dir("data") / "members.yaml").read_bytes()


def test_dry_run_changes_nothing_and_names_the_files(data_dir, run):
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0
    state = snapshot(data_dir)
    journal = sorted((data_dir / ".lianxi" / "journal").iterdir())
    result = run("undo", "-n", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "members.yaml" in result.stdout and "李明" in result.stdout and "实际未写入" in result.stdout
    assert snapshot(data_dir) == state
    assert sorted((data_dir / ".lianxi" / "journal").iterdir()) == journal


@pytest.mark.parametrize("command,message", [("undo", "没有可以撤销的写入操作"), ("redo", "没有可以恢复的撤销操作")])
def test_nothing_to_undo_or_redo(data_dir, run, command, message):
    result = run(command, "--data", data_dir)
    assert result.exit_code == 1 and message in result.stderr
    assert not (data_dir / ".lianxi").exists()


def test_undo_more_than_there_is_is_refused(data_dir, run):
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0
    state = snapshot(data_dir)
    result = run("undo", "2", "--data", data_dir)
    assert result.exit_code == 1 and "只有 1 条" in result.stderr
    assert snapshot(data_dir) == state
    assert run("undo", "0", "--data", data_dir).exit_code == 2


def test_history_lists_when_what_and_which_files(data_dir, run, patch):
    patch.setenv("LIANXI_NOW", "2026-11-29T09:30:00")
    assert run("history", "--data", data_dir).stdout.strip() == "还没有写入操作的记录。"
    assert run(*WRITERS[3].args, "--data", data_dir).exit_code == 0
    assert run("undo", "--data", data_dir).exit_code == 0
    text = run("history", "--data", data_dir).stdout
    assert "2026-11-29 09:30:00  lianxi meeting new --type liaison --date 2027-03-16" in text
    assert "（已撤销）" in text and "新建 meetings/2027-03-16-liaison.yaml" in text
    assert "撤销第 1 条" in text and "删除 meetings/2027-03-16-liaison.yaml" in text
    entries = json.loads(run("history", "--json", "--data", data_dir).stdout)["entries"]
    assert entries[0]["time"] == "2026-11-29T09:30:00" and entries[0]["files"][0]["change"] == "created"


def test_a_dry_run_and_a_refused_write_leave_no_entry(data_dir, run):
    assert run(*WRITERS[0].args, "--dry-run", "--data", data_dir).exit_code == 0
    refused = run("succession", "apply", "不存在的单位", "--name", "李明", "--post", "副局长", "--data", data_dir)
    assert refused.exit_code != 0
    assert not list((data_dir / ".lianxi" / "journal").glob("*.json")) if (data_dir / ".lianxi").exists() else True


def test_the_bundled_data_has_nothing_to_undo(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data is meant
    result = run("undo")
    assert result.exit_code == 1


def test_a_damaged_entry_is_a_located_problem(data_dir, run):
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0
    (data_dir / ".lianxi" / "journal" / "000001.json").write_text("{", encoding="utf-8")
    state = snapshot(data_dir)
    result = run("undo", "--data", data_dir)
    assert result.exit_code == 1 and "000001.json" in result.stderr and "已损坏" in result.stderr
    assert snapshot(data_dir) == state


@pytest.mark.parametrize("hit", [1, 2, 3])
def test_kill_while_journaling_leaves_no_entry_or_a_complete_one(data_dir, hit):
    """kill -9 at the n-th journal file written (contents, entry): either no entry and no change,
    or a complete entry whose undo (after the rerun) restores the old state."""
    import os

    before = snapshot(data_dir)
    argv = [sys.executable, "-m", "lianxi", *WRITERS[0].args, "--data", str(data_dir)]
    env = dict(os.environ, LIANXI_FAULT=f"kill:journal-written:{hit}")
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=data_dir.parent)
    assert proc.returncode == -9, proc.stderr
    from lianxi.journal import entries

    found = entries(data_dir)  # every entry readable: none half-written
    assert snapshot(data_dir) == before  # killed before the data file was replaced
    for entry in found:
        assert not entry.finished
    env.pop("LIANXI_FAULT")
    assert subprocess.run(argv, env=env, capture_output=True, cwd=data_dir.parent).returncode == 0
    assert snapshot(data_dir) != before
    undo = subprocess.run([sys.executable, "-m", "lianxi", "undo", "--data", str(data_dir)], env=env,
                          capture_output=True, text=True, cwd=data_dir.parent)
    assert undo.returncode == 0, undo.stderr
    assert snapshot(data_dir) == before
    assert not stray_temps(data_dir)


@pytest.mark.parametrize("phase, kept", [("before-rename", False), ("after-rename", True)])
def test_an_interrupted_entry_is_settled_by_the_next_command(data_dir, run, phase, kept):
    """kill -9 of an undo before its file is replaced: the next command deletes the entry, so the
    command it was undoing is still undoable; after the replace: the entry is kept, finished and
    marked interrupted (history: 命令中断), and the files it changed stay as they are."""
    import os

    original = snapshot(data_dir)
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0  # succession apply: entry 1
    env = dict(os.environ, LIANXI_FAULT=f"kill:{phase}")
    proc = subprocess.run([sys.executable, "-m", "lianxi", "undo", "--data", str(data_dir)], env=env,
                          capture_output=True, text=True, cwd=data_dir.parent)
    assert proc.returncode == -9, proc.stderr
    assert run(*WRITERS[2].args, "--data", data_dir).exit_code == 0  # liaison set: settles, then entry 3 (or 2)
    from lianxi.journal import entries

    found = entries(data_dir)
    assert all(e.finished for e in found)
    if kept:
        undo = next(e for e in found if e.kind == "undo")
        assert undo.interrupted and undo.reverts == [1] and list(undo.files) == ["members.yaml"]
        history = run("history", "--data", data_dir)
        assert "命令中断" in history.stdout
    else:
        assert [e.kind for e in found] == ["command", "command"]
        assert run("undo", "2", "--data", data_dir).exit_code == 0
        assert snapshot(data_dir) == original  # entry 1 was still there to undo


def test_the_next_write_clears_temps_left_by_a_kill_anywhere_it_writes(data_dir, run):
    """A kill -9 between a temp file and its rename leaves ``.<name>.XXXXXXXX.tmp`` beside the data,
    in meetings/, .schema/ or the journal's objects/ (three levels down); the next writer clears them
    all and leaves version-control directories alone."""
    assert run(*WRITERS[2].args, "--data", data_dir).exit_code == 0  # the journal exists now
    objects = data_dir / ".lianxi" / "journal" / "objects"
    assert objects.is_dir()
    planted = [data_dir / ".members.yaml.ab12cd34.tmp", data_dir / "meetings" / ".x.yaml.ab12cd34.tmp",
               data_dir / ".schema" / ".m.json.ab12cd34.tmp", objects / ".0123abcd.k_9x2m1q.tmp"]
    kept = data_dir / ".git" / "objects" / ".pack.ab12cd34.tmp"
    for path in [*planted, kept]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0
    assert [p for p in planted if p.exists()] == []
    assert kept.exists()


def test_undo_when_the_files_were_restored_by_hand_takes_the_entry_back(data_dir, run):
    """The command's files already hold their old bytes (restored by hand): undo (with --force, the
    after-state is gone) changes nothing but records the entry as taken back, so the next undo goes on."""
    original = (data_dir / "members.yaml").read_bytes()
    assert run(*WRITERS[3].args, "--data", data_dir).exit_code == 0  # meeting new
    assert run(*WRITERS[0].args, "--data", data_dir).exit_code == 0  # members.yaml
    (data_dir / "members.yaml").write_bytes(original)
    assert run("undo", "--data", data_dir).exit_code == 1  # changed since: refused
    done = run("undo", "--force", "--data", data_dir)
    assert done.exit_code == 0 and "无需变动" in done.stdout
    assert run("undo", "--data", data_dir).exit_code == 0  # now the meeting
    assert not (data_dir / "meetings" / "2027-03-16-liaison.yaml").exists()
