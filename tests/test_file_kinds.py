"""Data files that are not regular files, and control characters in text values.

Named pipes, devices, sockets, dangling and looping links, links out of the data directory:
refused at once, in Chinese, naming the file — by ``lianxi validate``, by queries, by the
writers' own reads and by :func:`lianxi.store.atomic_write`. Commands that could block on a
named pipe run as subprocesses with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from lianxi.errors import Collector, DataError
from lianxi.store import atomic_write, read_document

REPORT_ADD = ("report", "add", "公安", "--text", "已完成辖区托育机构治安检查")
MEETING_NEW = ("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
               "--place", "区卫健局三楼会议室", "--agenda", "通报全区婴幼儿照护服务工作情况")


def lianxi(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """The real CLI in its own process; a hang fails the test after 20 s."""
    return subprocess.run([sys.executable, "-m", "lianxi", *args, "--data", str(data_dir)],
                          capture_output=True, text=True, timeout=20, cwd=data_dir.parent)


def _refused(proc: subprocess.CompletedProcess, name: str, needle: str) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert name in proc.stderr and needle in proc.stderr, proc.stderr


# ---- what may stand in place of a data file

def _fifo(path: Path, tmp: Path) -> None:
    os.mkfifo(path)


def _device(path: Path, tmp: Path) -> None:
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero's numbers (tests run as root)


def _socket(path: Path, tmp: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


def _loop(path: Path, tmp: Path) -> None:
    path.symlink_to(path.name)


def _dangling(path: Path, tmp: Path) -> None:
    path.symlink_to("不存在的文件.yaml")


def _outside(path: Path, tmp: Path) -> None:
    (tmp / "外部").mkdir(exist_ok=True)
    target = tmp / "外部" / path.name
    target.write_text("reports: []\n", encoding="utf-8")
    path.symlink_to(target)


def _to_dev_zero(path: Path, tmp: Path) -> None:
    path.symlink_to("/dev/zero")


KINDS = {
    "fifo": (_fifo, "不是普通文件（命名管道/设备/套接字）"),
    "device": (_device, "不是普通文件（命名管道/设备/套接字）"),
    "socket": (_socket, "不是普通文件（命名管道/设备/套接字）"),
    "loop": (_loop, "循环的符号链接"),
    "dangling": (_dangling, "失效的符号链接"),
    "outside": (_outside, "指向数据目录之外的链接"),
    "dev-zero": (_to_dev_zero, "指向数据目录之外的链接"),
}


@pytest.fixture(params=sorted(KINDS))
def bad_reports(request, data_dir, tmp_path):
    """The data directory with ``reports.yaml`` replaced by one kind of non-regular file."""
    make, needle = KINDS[request.param]
    path = data_dir / "reports.yaml"
    path.unlink()
    handle = make(path, tmp_path)
    yield data_dir, needle, request.param
    if handle is not None:
        handle.close()


def test_validate_refuses_a_data_file_that_is_not_regular(bad_reports):
    data_dir, needle, _ = bad_reports
    _refused(lianxi(data_dir, "validate"), "reports.yaml", needle)


def test_a_query_refuses_it(bad_reports):
    data_dir, needle, _ = bad_reports
    _refused(lianxi(data_dir, "tasks"), "reports.yaml", needle)


def test_a_writer_refuses_it_and_leaves_it_alone(bad_reports):
    data_dir, needle, kind = bad_reports
    path = data_dir / "reports.yaml"
    before = os.lstat(path)
    _refused(lianxi(data_dir, *REPORT_ADD), "reports.yaml", needle)
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), kind  # not replaced
    # and the lock was released at once: another writer refuses for the same file, not the lock
    other = lianxi(data_dir, "liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321")
    _refused(other, "reports.yaml", needle)
    assert "占用" not in other.stderr


def test_a_core_file_that_is_a_fifo(data_dir, run):
    path = data_dir / "members.yaml"
    path.unlink()
    os.mkfifo(path)
    for args in (("validate",), ("roster",), ("duties", "公安")):
        _refused(lianxi(data_dir, *args), "members.yaml", "命名管道")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_atomic_write_replaces_only_a_regular_file_or_a_new_path(data_dir, tmp_path, kind):
    make, needle = KINDS[kind]
    path = data_dir / "reports.yaml"
    path.unlink()
    handle = make(path, tmp_path)
    try:
        before = os.lstat(path)
        with pytest.raises(DataError, match=needle.replace("（", ".").replace("）", ".")) as info:
            atomic_write(path, "reports: []\n", root=data_dir)
        assert "reports.yaml" in str(info.value) and "未做任何修改" in str(info.value)
        assert os.lstat(path).st_ino == before.st_ino
        assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    finally:
        if handle is not None:
            handle.close()


def test_atomic_write_without_a_data_directory_still_refuses_a_fifo(tmp_path):
    fifo = tmp_path / "通知.md"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="命名管道"):
        atomic_write(fifo, "正文\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_to_a_regular_file_inside_stays_allowed(data_dir, run):
    (data_dir / "archive").mkdir()
    (data_dir / "reports.yaml").rename(data_dir / "archive" / "reports.yaml")
    (data_dir / "reports.yaml").symlink_to(Path("archive") / "reports.yaml")
    assert run("validate", "--data", data_dir).exit_code == 0
    assert run(*REPORT_ADD, "--data", data_dir).exit_code == 0


def test_dangling_optional_file_is_not_absent(data_dir, run):
    """alerts.yaml may be absent — but a dangling link there is not "absent", and is not replaced."""
    (data_dir / "alerts.yaml").unlink()
    (data_dir / "alerts.yaml").symlink_to("elsewhere.yaml")
    result = run("alert", "add", "--level", "一般", "--units", "公安", "--text", "节假日托育机构周边治安",
                 "--data", data_dir)
    assert result.exit_code == 1 and "失效的符号链接" in result.stderr, result.output
    assert (data_dir / "alerts.yaml").is_symlink() and not (data_dir / "elsewhere.yaml").exists()
    assert run("validate", "--data", data_dir).exit_code == 1


# ---- the meetings/ folder

def _meetings_loop(data_dir: Path, tmp: Path) -> None:
    (data_dir / "meetings").symlink_to("meetings", target_is_directory=True)


def _meetings_dangling(data_dir: Path, tmp: Path) -> None:
    (data_dir / "meetings").symlink_to("gone", target_is_directory=True)


def _meetings_outside(data_dir: Path, tmp: Path) -> None:
    shutil.copytree(tmp / "saved-meetings", tmp / "外部会议")
    (data_dir / "meetings").symlink_to(tmp / "外部会议", target_is_directory=True)


def _meetings_fifo(data_dir: Path, tmp: Path) -> None:
    os.mkfifo(data_dir / "meetings")


FOLDERS = {
    "loop": (_meetings_loop, "循环的符号链接"),
    "dangling": (_meetings_dangling, "失效的符号链接"),
    "outside": (_meetings_outside, "指向数据目录之外的链接"),
    "fifo": (_meetings_fifo, "不是文件夹"),
}


@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_meetings_folder_that_is_not_a_real_folder(data_dir, tmp_path, kind):
    make, needle = FOLDERS[kind]
    shutil.move(str(data_dir / "meetings"), str(tmp_path / "saved-meetings"))
    make(data_dir, tmp_path)
    for args in (("validate",), ("meetings",), MEETING_NEW, ("notice", "2026-09-15-plenary")):
        _refused(lianxi(data_dir, *args), "meetings", needle)
    outside = tmp_path / "外部会议"
    if outside.exists():  # nothing written through the link
        assert sorted(p.name for p in outside.iterdir()) == ["2026-09-15-plenary.yaml"]
    assert not (tmp_path / "gone").exists() and not (data_dir / "gone").exists()


def test_meeting_file_that_is_a_fifo(data_dir):
    os.mkfifo(data_dir / "meetings" / "2027-01-05-liaison.yaml")
    for args in (("validate",), ("meetings",), MEETING_NEW):
        _refused(lianxi(data_dir, *args), "2027-01-05-liaison.yaml", "命名管道")


def test_meeting_file_that_is_a_dangling_link(data_dir):
    (data_dir / "meetings" / "2027-01-05-liaison.yaml").symlink_to("nowhere.yaml")
    _refused(lianxi(data_dir, "validate"), "2027-01-05-liaison.yaml", "失效的符号链接")


def test_read_document_through_a_looping_folder(data_dir):
    shutil.rmtree(data_dir / "meetings")
    (data_dir / "meetings").symlink_to("meetings")
    collector = Collector()
    assert read_document(data_dir, "meetings/2027-01.yaml", collector) is None
    assert "循环的符号链接" in collector.errors[0].message


def test_atomic_write_through_a_folder_leaving_the_directory(data_dir, tmp_path):
    outside = tmp_path / "外部"
    outside.mkdir()
    shutil.rmtree(data_dir / "meetings")
    (data_dir / "meetings").symlink_to(outside, target_is_directory=True)
    with pytest.raises(DataError, match="指向数据目录之外"):
        atomic_write(data_dir / "meetings" / "2027-03-16-liaison.yaml", "date: 2027-03-16\n", root=data_dir)
    assert list(outside.iterdir()) == []


def test_template_that_is_a_fifo(data_dir):
    (data_dir / "templates").mkdir()
    os.mkfifo(data_dir / "templates" / "notice.md.j2")
    proc = lianxi(data_dir, "notice", "--type", "liaison")
    _refused(proc, "notice.md.j2", "命名管道")


# ---- control characters in text values

def _members_with(data_dir: Path, value: str) -> int:
    path = data_dir / "members.yaml"
    text = path.read_text(encoding="utf-8")
    line_no = text[: text.index("name: 区政府办")].count("\n") + 1
    path.write_text(text.replace("name: 区政府办", f'name: "{value}"', 1), encoding="utf-8")
    return line_no


@pytest.mark.parametrize("escaped", ["区政府\\a办", "区政府\\e办", "区政府\\x01办", "区政府\\u0085办",
                                     "区政府\\r办", "区政府\\x7f办", "区政府\\uffff办"])
def test_control_character_written_as_an_escape_is_located(data_dir, run, escaped):
    line_no = _members_with(data_dir, escaped)
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert f"members.yaml:{line_no}:11: units[1].name: 含有控制字符" in result.stderr, result.stderr
    assert run("roster", "--data", data_dir).exit_code == 1


def test_tab_and_newline_in_a_value_are_allowed(data_dir, run):
    _members_with(data_dir, "区政府办\\t（一）\\n（二）")
    assert run("validate", "--data", data_dir).exit_code == 0


WRITERS = [
    ("liaison", "set", "公安", "--name", "张\x07三", "--phone", "0595-87654321"),
    ("succession", "apply", "公安", "--name", "张\x07三", "--post", "区公安分局副局长", "--date", "2026-12-01"),
    ("succession", "apply", "公安", "--name", "张三", "--post", "区公安分局\x1b副局长", "--date", "2026-12-01"),
    ("report", "add", "公安", "--text", "张\x07三"),
    ("alert", "add", "--level", "一般", "--units", "公安", "--text", "节假日\x00托育机构"),
    ("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
     "--place", "三楼\x07会议室", "--agenda", "通报工作"),
]


@pytest.mark.parametrize("args", WRITERS, ids=[" ".join(a[:2]) for a in WRITERS])
def test_writers_refuse_control_characters(data_dir, run, args):
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and p.name != ".lianxi.lock"}
    result = run(*args, "--data", data_dir)
    assert result.exit_code == 1, result.output
    assert "含有控制字符" in result.stderr and "未做任何修改" in result.stderr, result.stderr
    after = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and p.name != ".lianxi.lock"}
    assert after == before


def test_notice_docx_with_a_control_character_is_a_chinese_error(data_dir, run, tmp_path):
    _members_with(data_dir, "区政府\\a办")
    out = tmp_path / "通知.docx"
    result = run("notice", "--type", "liaison", "--format", "docx", "-o", out, "--data", data_dir)
    assert result.exit_code == 1 and "控制字符" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_render_docx_refuses_text_word_cannot_hold():
    from lianxi.render_docx import build_docx

    with pytest.raises(DataError, match="第 3 行.*U\\+0007"):
        build_docx("# 关于召开会议的通知\n\n张\x07三\n")
