"""Size and shape limits, safe loading only, and where output may be written."""

from __future__ import annotations
import shutil

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lianxi import yamldoc
from lianxi.errors import Collector, DataErrors, UsageProblem
from lianxi.model import MembersFile
from lianxi.store import check_output_path, check_text, data_files, read_document


def _members(data_dir: Path) -> Path:
    return data_dir / "members.yaml"


def _append(data_dir: Path, text: str) -> None:
    path = _members(data_dir)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _refused(run, data_dir, *needles, commands=(("validate",), ("roster",), ("duties", "公安"))):
    for args in commands:
        started = time.monotonic()
        result = run(*args, "--data", data_dir)
        assert time.monotonic() - started < 10, args
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert "members.yaml" in result.stderr, result.stderr
        for needle in needles:
            assert needle in result.stderr, (needle, result.stderr)


# ------------------------------------------------------------------ size and shape


def test_file_over_the_size_limit_is_not_read(data_dir, run, monkeypatch):
    monkeypatch.setenv("LIANXI_MAX_FILE_MB", "0.005")  # 5 KB; members.yaml is 8 KB
    _refused(run, data_dir, "文件过大", "LIANXI_MAX_FILE_MB")


def test_default_size_limit_refuses_before_reading(data_dir, run, monkeypatch):
    path = _members(data_dir)
    with open(path, "r+b") as handle:  # a sparse 60 MB file: refused by its size, never read
        handle.truncate(60 * 1024 * 1024)
    calls = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: calls.append(self) or real(self))
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1 and "文件过大（60 MB，上限 50 MB）" in result.stderr
    assert path not in calls


BILLION_LAUGHS = """
lol: &lol "lol"
lol2: &lol2 [*lol, *lol, *lol, *lol, *lol, *lol, *lol, *lol, *lol, *lol]
lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
lol6: &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
lol7: &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
lol8: &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
lol9: &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]
"""


def test_alias_bomb_is_refused_without_expanding(data_dir, run):
    anchor_line = _members(data_dir).read_text(encoding="utf-8").count("\n") + 2
    _append(data_dir, BILLION_LAUGHS)
    _refused(run, data_dir, "不支持锚点与引用")
    result = run("validate", "--data", data_dir)
    # located at the alias itself: lol2's first item, the line after the anchor
    assert f"members.yaml:{anchor_line + 1}:14: lol2[0]: 不支持锚点与引用" in result.stderr
    assert "共 80 处错误" in result.stderr  # each alias once: nothing was expanded


def test_recursive_alias_is_refused(data_dir, run):
    _append(data_dir, "\nloop: &a [*a]\n")
    _refused(run, data_dir, "不支持锚点与引用")


@pytest.mark.parametrize("shape", ["flow-seq", "flow-map", "mixed"])
def test_ten_thousand_levels_of_flow_nesting(data_dir, run, shape):
    n = 10_000
    value = {"flow-seq": "[" * n + "]" * n,
             "flow-map": "{a: " * n + "1" + "}" * n,
             "mixed": "[{a: " * (n // 2) + "1" + "}]" * (n // 2)}[shape]
    _append(data_dir, f"\ndeep: {value}\n")
    _refused(run, data_dir, "嵌套层次过深（超过 64 层）")


def test_nesting_just_over_the_limit_is_located_by_the_builder(data_dir, run):
    depth = yamldoc.MAX_DEPTH + 5
    _append(data_dir, "\ndeep:\n" + "".join("  " * (i + 1) + "- \n" for i in range(depth)))
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1 and "嵌套层次过深" in result.stderr
    assert "members.yaml:" in result.stderr


def test_nesting_at_the_limit_is_accepted_by_the_parser(tmp_path):
    depth = yamldoc.MAX_DEPTH - 1  # the document mapping is one level
    collector = Collector()
    doc = yamldoc.parse_text("a: " + "[" * depth + "]" * depth + "\n", tmp_path / "x.yaml", "x.yaml", collector)
    assert doc is not None and not collector.errors


def test_hundred_thousand_levels_in_a_real_process(data_dir):
    n = 100_000  # spread over lines of 1000 brackets: the depth limit, not the line limit, refuses it
    _append(data_dir, "\ndeep:\n" + ("  " + "[" * 1000 + "\n") * (n // 1000) + ("  " + "]" * 1000 + "\n") * (n // 1000))
    proc = subprocess.run([sys.executable, "-m", "lianxi", "validate", "--data", str(data_dir)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr[-500:]  # no segfault (-11), no traceback
    assert "嵌套层次过深" in proc.stderr and "Traceback" not in proc.stderr


def test_very_long_line_is_refused(data_dir, run):
    _append(data_dir, "\nlong: " + "长" * (yamldoc.MAX_LINE_CHARS + 1) + "\n")
    _refused(run, data_dir, "行过长", f"上限 {yamldoc.MAX_LINE_CHARS}")


def test_long_but_sane_line_is_read(tmp_path):
    collector = Collector()
    doc = yamldoc.parse_text("note: " + "字" * 50_000 + "\n", tmp_path / "x.yaml", "x.yaml", collector)
    assert doc is not None and not collector.errors and len(doc.data["note"]) == 50_000


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_located(data_dir, run, char):
    path = _members(data_dir)
    text = path.read_text(encoding="utf-8")
    line_no = text[: text.index("name: 区政府办")].count("\n") + 1
    path.write_text(text.replace("name: 区政府办", f"name: 区政府{char}办", 1), encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line_no}:" in result.stderr and "控制字符" in result.stderr


def test_huge_integer_is_reported_not_crashed(data_dir, run):
    _append(data_dir, "\nbig: " + "9" * 5000 + "\n")
    _refused(run, data_dir, "无法识别的整数", commands=(("validate",),))


def test_unencodable_text_from_a_writer_is_refused(tmp_path):
    with pytest.raises(DataErrors) as info:
        check_text("units: [\ud800]\n", tmp_path / "members.yaml", MembersFile)
    assert "无法编码" in info.value.render()


# ------------------------------------------------------------------ symlinks


def test_symlinked_data_file_leaving_the_directory_is_refused(data_dir, run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    real = outside / "members.yaml"
    real.write_bytes(_members(data_dir).read_bytes())
    _members(data_dir).unlink()
    _members(data_dir).symlink_to(real)
    _refused(run, data_dir, "指向数据目录之外的链接")


def test_symlink_inside_the_directory_is_fine(data_dir, run):
    store_dir = data_dir / "archive"
    store_dir.mkdir()
    _members(data_dir).rename(store_dir / "members.yaml")
    _members(data_dir).symlink_to(Path("archive") / "members.yaml")
    assert run("validate", "--data", data_dir).exit_code == 0


def test_file_in_a_subdirectory_leaving_the_directory_is_refused(data_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2027-01.yaml").write_text("title: 外部文件\n", encoding="utf-8")
    sub = data_dir / "meetings"
    sub.mkdir(exist_ok=True)  # the bundled data has meetings/
    (sub / "2027-01.yaml").symlink_to(outside / "2027-01.yaml")
    collector = Collector()
    assert read_document(data_dir, "meetings/2027-01.yaml", collector) is None
    assert "指向数据目录之外的链接" in collector.errors[0].message
    assert collector.errors[0].file.endswith("meetings/2027-01.yaml")


def test_symlinked_subdirectory_leaving_the_directory_is_refused(data_dir, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2027-01.yaml").write_text("title: 外部文件\n", encoding="utf-8")
    shutil.rmtree(data_dir / "meetings", ignore_errors=True)  # the bundled data has meetings/
    (data_dir / "meetings").symlink_to(outside, target_is_directory=True)
    collector = Collector()
    assert read_document(data_dir, "meetings/2027-01.yaml", collector) is None
    assert "指向数据目录之外的链接" in collector.errors[0].message


# ------------------------------------------------------------------ safe loading only


TAGS = [
    ("!!python/object:os.system {}", "!!python/object:os.system"),
    ("!!python/object/apply:os.mkdir ['{marker}']", "!!python/object/apply:os.mkdir"),
    ("!!python/object/new:os.mkdir ['{marker}']", "!!python/object/new:os.mkdir"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!python/module:os", "!!python/module:os"),
    ("!!python/tuple [1, 2]", "!!python/tuple"),
    ("!!python/str x", "!!python/str"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {a, b}", "!!set"),
    ("!!omap [a: 1]", "!!omap"),
    ("!foo bar", "!foo"),
    ("!foo {a: 1}", "!foo"),
    ("!<tag:yaml.org,2002:python/object/apply:os.mkdir> ['{marker}']", "!!python/object/apply:os.mkdir"),
    ("!<tag:example.com,2000:app/foo> x", "tag:example.com,2000:app/foo"),
]


@pytest.mark.parametrize("value,shown", TAGS, ids=[t[1] for t in TAGS])
def test_yaml_tags_are_refused_located_and_never_run(data_dir, run, tmp_path, value, shown):
    marker = tmp_path / "created-by-yaml"
    path = _members(data_dir)
    text = path.read_text(encoding="utf-8")
    line_no = text.count("\n") + 2
    path.write_text(text + "\nextra: " + value.replace("{marker}", str(marker)) + "\n", encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line_no}:8: extra: 不支持的 YAML 标签 {shown}" in result.stderr, result.stderr
    assert not marker.exists()
    assert run("roster", "--data", data_dir).exit_code == 1


# ------------------------------------------------------------------ output paths


def test_output_path_new_file_is_fine(data_dir, tmp_path):
    target = tmp_path / "通知.md"
    assert check_output_path(target, data_dir) == target
    assert check_output_path(target, None) == target


def test_output_path_existing_file_needs_force(data_dir, tmp_path):
    target = tmp_path / "通知.md"
    target.write_text("旧稿", encoding="utf-8")
    with pytest.raises(UsageProblem, match="文件已存在.*--force"):
        check_output_path(target, data_dir)
    assert check_output_path(target, data_dir, force=True) == target


@pytest.mark.parametrize("name", ["members.yaml", "duties.yaml", "charter.yaml"])
def test_output_path_never_onto_a_data_file(data_dir, name):
    for force in (False, True):
        with pytest.raises(UsageProblem, match="不能把输出写到数据文件.*即使加 --force"):
            check_output_path(data_dir / name, data_dir, force=force)


def test_output_path_never_onto_a_data_file_in_a_subdirectory(data_dir):
    (data_dir / "meetings").mkdir(exist_ok=True)
    meeting = data_dir / "meetings" / "2027-01.yaml"
    meeting.write_text("title: x\n", encoding="utf-8")
    assert meeting in data_files(data_dir)
    with pytest.raises(UsageProblem, match="不能把输出写到数据文件"):
        check_output_path(meeting, data_dir, force=True)



@pytest.mark.parametrize("inside", [".lianxi.lock", ".schema/members.schema.json", "templates/notice.md.j2",
                                    "meetings/2027-01.md", "通知.md", "source/新文件.docx"])
def test_output_path_never_inside_a_data_directory(data_dir, tmp_path, inside):
    """The lock, the schemas, templates, anything at all: a data directory holds data only."""
    target = data_dir / inside
    target.parent.mkdir(parents=True, exist_ok=True)
    existed = target.exists()
    if inside != "通知.md" and not existed:
        target.write_text("原有内容", encoding="utf-8")
    before = target.read_bytes() if target.exists() else None
    for root in (data_dir, None):  # also when the command works on another data directory
        for force in (False, True):
            with pytest.raises(UsageProblem, match="不能把输出写到数据(目录|文件)"):
                check_output_path(target, root, force=force)
    link = tmp_path / "看似无害.md"  # a link from outside into the data directory
    link.symlink_to(target)
    with pytest.raises(UsageProblem, match="不能把输出写到数据(目录|文件)"):
        check_output_path(link, None, force=True)
    assert (target.read_bytes() if target.exists() else None) == before


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full", "/dev/zero", "/dev/stdout"])
def test_output_path_never_a_device(data_dir, tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is absent")
    for target in (Path(device), tmp_path / "link.md"):
        if target.name == "link.md":
            target.symlink_to(device)
        with pytest.raises(UsageProblem, match="不是普通文件|是一个目录"):
            check_output_path(target, data_dir, force=True)


def test_output_path_never_a_fifo_or_socket(data_dir, tmp_path):
    import socket

    fifo = tmp_path / "管道.md"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.md"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        for target in (fifo, sock_path):
            with pytest.raises(UsageProblem, match="不是普通文件"):
                check_output_path(target, data_dir, force=True)
    finally:
        sock.close()


def test_output_path_symlink_loop(data_dir, tmp_path):
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    with pytest.raises(UsageProblem, match="循环的符号链接"):
        check_output_path(loop, data_dir, force=True)


def test_output_path_through_a_link_to_a_data_file(data_dir, tmp_path):
    sym = tmp_path / "看似无害.md"
    sym.symlink_to(data_dir / "members.yaml")
    hard = tmp_path / "硬链接.md"
    os.link(data_dir / "duties.yaml", hard)
    relative = Path(os.path.relpath(data_dir / "charter.yaml"))
    for target in (sym, hard, relative, data_dir / "." / "members.yaml"):
        with pytest.raises(UsageProblem, match="不能把输出写到数据文件"):
            check_output_path(target, data_dir, force=True)


def test_output_path_directory_and_missing_parent(data_dir, tmp_path):
    with pytest.raises(UsageProblem, match="是一个目录"):
        check_output_path(tmp_path, data_dir, force=True)
    with pytest.raises(UsageProblem, match="输出目录不存在"):
        check_output_path(tmp_path / "没有" / "通知.md", data_dir)
