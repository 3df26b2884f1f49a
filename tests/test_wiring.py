"""Issue 9 wired into the real commands: every document renders in lianxi.sandbox, every
``-o`` goes through store.check_output_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lianxi.sandbox import MAX_RANGE
from lianxi.store import display_path

# What a data directory's template may try. Each is placed on line 3 of the template so
# that the reported line proves the location is real.
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os.environ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ addressee.__class__.__base__.__subclasses__() }}",
    "{{ title_lines|attr('__class__') }}",
    "{{ addressee.format.__globals__ }}",
    "{{ '{0.__class__}'.format(addressee) }}",
    "{{ range.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ config.items() }}",
    "{{ environ }}",
    "{{ os.environ }}",
    "{{ open('/etc/passwd').read() }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../members.yaml' %}",
    "{% for i in range(10**9) %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ 7 ** 100000 }}",
    "{{ 'x'|center(10**9) }}",
    "{{ '%999999999d' % 1 }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
]
LEAKS = ("Traceback", "<class", "subprocess", "root:x", "Popen", "s3cr3t")


def _template(data_dir: Path, kind: str, body: str) -> Path:
    folder = data_dir / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / f"{kind}.md.j2"
    path.write_text("# {{ title_lines | join('') }}\n正文\n" + body + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("source", ESCAPES)
def test_data_dir_template_cannot_escape_through_notice(run, data_dir, monkeypatch, source):
    monkeypatch.setenv("LIANXI_SECRET_FOR_TEST", "s3cr3t")
    path = _template(data_dir, "notice", source)
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{display_path(path)}:3: ") and "模板" in first, result.stderr
    for leak in LEAKS:
        assert leak not in result.output


def test_sandbox_messages_are_specific(run, data_dir):
    path = _template(data_dir, "notice", "{{ ''.__class__.__mro__ }}")
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.stderr == (f"{display_path(path)}:3: 模板被安全沙箱拒绝：访问了不允许的内部属性"
                             "（以下划线开头的属性、__globals__、__class__ 等）\n")
    _template(data_dir, "notice", "{% for i in range(10**9) %}{% endfor %}")
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert f"range() 过大（上限 {MAX_RANGE}）" in result.stderr
    _template(data_dir, "notice", "{{ cycler.__init__.__globals__ }}")
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.stderr.startswith(f"{display_path(path)}:3: 模板被安全沙箱拒绝：访问了不允许的内部属性")
    _template(data_dir, "notice", "{{ cycler.next() }}")  # not among the globals
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.stderr == f"{display_path(path)}:3: 模板使用了未定义的变量或属性（cycler 未定义）\n"
    _template(data_dir, "notice", "{% if %}")
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.stderr.startswith(f"{path}:3: 模板语法错误") or \
        result.stderr.startswith(f"{display_path(path)}:3: 模板语法错误"), result.stderr


def test_template_leading_out_of_the_data_dir_is_refused(run, data_dir, tmp_path):
    secret = tmp_path / "secret.md.j2"
    secret.write_text("机密内容\n", encoding="utf-8")
    (data_dir / "templates").mkdir()
    (data_dir / "templates" / "notice.md.j2").symlink_to(secret)
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.exit_code == 1
    assert "机密内容" not in result.output and "Traceback" not in result.output
    assert "出于安全考虑拒绝读取" in result.stderr


def test_template_option_goes_through_the_sandbox(run, tmp_path):
    template = tmp_path / "t.md.j2"
    template.write_text("一\n二\n{{ addressee.__class__ }}\n", encoding="utf-8")
    result = run("notice", "--type", "liaison", "--template", template)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{display_path(template)}:3: 模板被安全沙箱拒绝")


def test_escape_in_a_real_process_has_no_traceback(data_dir):
    path = _template(data_dir, "notice", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    proc = subprocess.run([sys.executable, "-m", "lianxi", "notice", "--type", "liaison", "--data", str(data_dir)],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert f"{path.name}:3: 模板被安全沙箱拒绝" in proc.stderr


def _alert(run, d):
    assert run("alert", "add", "--level", "较重", "--units", "市场监管局,消防", "--title", "消防通道堵塞",
               "--text", "部分托育机构消防通道堵塞", "--date", "2026-11-25", "--data", d).exit_code == 0


def _group(run, d):
    assert run("group", "new", "--lead", "卫健", "--units", "市场监管局,消防", "--purpose", "联合检查",
               "--from", "2026-12-01", "--to", "2026-12-31", "--data", d).exit_code == 0


# (template kind, command args, setup) for every command that renders a document
DOCUMENTS = [
    ("notice", ["notice", "--type", "liaison"], None),
    ("minutes", ["minutes", "render"], None),
    ("annual", ["report", "annual", "2026"], None),
    ("alert", ["alert", "notice", "2026-01"], _alert),
    ("group", ["group", "notice", "2026-01"], _group),
]


@pytest.mark.parametrize("kind,args,setup", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_document_renders_in_the_sandbox(run, data_dir, kind, args, setup):
    if setup:
        setup(run, data_dir)
    assert run(*args, "--data", data_dir).exit_code == 0
    path = data_dir / "templates" / f"{kind}.md.j2"
    path.parent.mkdir(exist_ok=True)
    path.write_text("一\n{{ range.__globals__ }}\n", encoding="utf-8")
    result = run(*args, "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{display_path(path)}:2: 模板被安全沙箱拒绝"), result.stderr
    path.write_text("{{ 'x' * 10**8 }}\n", encoding="utf-8")
    result = run(*args, "--data", data_dir)
    assert result.exit_code == 1 and "模板被安全沙箱拒绝：重复次数过大" in result.stderr, result.stderr
    path.write_text("本单位：{{ '%s' % 1 }}\n", encoding="utf-8")  # a harmless template still works
    result = run(*args, "--data", data_dir)
    assert result.exit_code == 0 and result.stdout == "本单位：1\n"


# ---------------------------------------------------------------- -o


@pytest.mark.parametrize("kind,args,setup", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_output_option_uses_the_one_rule(run, data_dir, tmp_path, kind, args, setup):
    if setup:
        setup(run, data_dir)
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    out = tmp_path / "文书.md"
    assert run(*args, "-o", out, "--data", data_dir).exit_code == 0
    written = out.read_text(encoding="utf-8")
    assert written.strip()
    out.write_text("用户自己的文件\n", encoding="utf-8")

    again = run(*args, "-o", out, "--data", data_dir)  # an existing file without --force
    assert again.exit_code == 2
    assert again.stderr == f"文件已存在：{display_path(out)}；如确需覆盖，请加 --force\n"
    assert out.read_text(encoding="utf-8") == "用户自己的文件\n"

    meeting = next((data_dir / "meetings").glob("*.yaml"))
    for target in (data_dir / "members.yaml", data_dir / "charter.yaml", meeting):
        for extra in ([], ["--force"]):
            refused = run(*args, "-o", target, *extra, "--data", data_dir)
            assert refused.exit_code == 2, (target, extra)
            assert "不能把输出写到数据文件" in refused.stderr and "即使加 --force 也不行" in refused.stderr
    (tmp_path / "link.yaml").symlink_to(data_dir / "duties.yaml")
    refused = run(*args, "-o", tmp_path / "link.yaml", "--force", "--data", data_dir)
    assert refused.exit_code == 2 and "不能把输出写到数据文件" in refused.stderr

    refused = run(*args, "-o", tmp_path, "--force", "--data", data_dir)
    assert refused.exit_code == 2 and "是一个目录" in refused.stderr
    refused = run(*args, "-o", tmp_path / "没有" / "文书.md", "--data", data_dir)
    assert refused.exit_code == 2 and "输出目录不存在" in refused.stderr
    for result in (again, refused):
        assert "Traceback" not in result.output

    forced = run(*args, "-o", out, "--force", "--data", data_dir)
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8") == written
    after = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and p.name != ".lianxi.lock"}
    assert after == {p: b for p, b in before.items() if p.name != ".lianxi.lock"}


def _real_meeting(data_dir: Path) -> str:
    """A non-example copy of the bundled meeting (on 2026-03-16), its minutes agreed by all."""
    source = next((data_dir / "meetings").glob("*-plenary.yaml"))
    text = source.read_text(encoding="utf-8")
    for old, new in [("example: true", "example: false"), ("date: 2026-09-15", "date: 2026-03-16"),
                     ("status: issued", "status: agreed"), ("  number: 1\n  date: 2026-09-22\n", ""),
                     ("2026-09-11", "2026-03-12"), ("deadline: 2026-09-30", "deadline: 2026-06-30"),
                     ("2026-09-18", "2026-03-18")]:
        assert old in text, old
        text = text.replace(old, new)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("# 示例"))
    (data_dir / "meetings" / "2026-03-16-plenary.yaml").write_text(text, encoding="utf-8")
    documents = data_dir / "documents.yaml"
    text = documents.read_text(encoding="utf-8")
    old = "contact:\n  name: unknown\n  phone: unknown\n"
    assert old in text
    documents.write_text(text.replace(old, "contact:\n  name: 陈宗忠\n  phone: \"0595-87000000\"\n"),
                         encoding="utf-8")
    return "2026-03-16-plenary"


@pytest.mark.parametrize("command", ["notice", "minutes"])
def test_refused_output_takes_no_number(run, data_dir, tmp_path, command):
    meeting = _real_meeting(data_dir)
    registers = (data_dir / "registers.yaml").read_bytes()
    record = (data_dir / "meetings" / f"{meeting}.yaml").read_bytes()
    args = ["notice", meeting] if command == "notice" else ["minutes", "render", meeting]
    for target in (data_dir / "registers.yaml", data_dir / "meetings" / f"{meeting}.yaml"):
        result = run(*args, "--final", "-o", target, "--force", "--data", data_dir)
        assert result.exit_code == 2 and "不能把输出写到数据文件" in result.stderr
    existing = tmp_path / "已有.md"
    existing.write_text("x", encoding="utf-8")
    result = run(*args, "--final", "-o", existing, "--data", data_dir)
    assert result.exit_code == 2 and "文件已存在" in result.stderr
    assert (data_dir / "registers.yaml").read_bytes() == registers
    assert (data_dir / "meetings" / f"{meeting}.yaml").read_bytes() == record
    done = run(*args, "--final", "-o", tmp_path / "正式.md", "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    assert (data_dir / "registers.yaml").read_bytes() != registers


def test_docx_output_uses_the_same_rule(run, data_dir):
    pytest.importorskip("docx")
    result = run("notice", "--type", "liaison", "--format", "docx", "-o", data_dir / "layout.yaml", "--force",
                 "--data", data_dir)
    assert result.exit_code == 2 and "不能把输出写到数据文件" in result.stderr


# ---------------------------------------------------------------- resuming an interrupted issue


def _reserve(data_dir: Path, meeting: str, day: str, void: bool = False) -> None:
    """registers.yaml as a run killed between its two writes leaves it."""
    path = data_dir / "registers.yaml"
    text = path.read_text(encoding="utf-8")
    assert "notices: []\n" in text
    entry = (f"notices:\n- number: 1\n  year: {day[:4]}\n  meeting: {meeting}\n  date: {day}\n  title: 会议通知\n"
             + ("  void: true\n" if void else ""))
    path.write_text(text.replace("notices: []\n", entry), encoding="utf-8")


@pytest.mark.parametrize("day,void,number", [
    ("2026-11-29", False, "〔2026〕1号"),  # the same day
    ("2026-11-28", False, "〔2026〕1号"),  # an earlier day: the reservation still holds
    ("2025-12-31", False, "〔2025〕1号"),  # reserved last year: the number keeps its year
    ("2026-11-29", True, "〔2026〕2号"),  # voided: released, a new number is taken
])
def test_issuing_again_resumes_a_reservation_whatever_the_day(run, data_dir, day, void, number):
    meeting = _real_meeting(data_dir)
    _reserve(data_dir, meeting, day, void)
    result = run("notice", meeting, "--final", "-o", "-", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert f"文号：泉港托育联办{number}（已登记）" in result.stderr
    registers = (data_dir / "registers.yaml").read_text(encoding="utf-8")
    assert registers.count("- number:") == (2 if void else 1)
    assert run("validate", "--data", data_dir).exit_code == 0


def test_another_meetings_reservation_is_never_taken(run, data_dir):
    meeting = _real_meeting(data_dir)
    _reserve(data_dir, "2026-01-01-plenary", "2026-11-29")
    result = run("notice", meeting, "--final", "-o", "-", "--data", data_dir)
    assert result.exit_code == 0 and "〔2026〕2号" in result.stderr


def test_meetings_registered_out_of_date_order_never_share_a_sequence(run, data_dir):
    """Found by 8 concurrent `meeting new`: a meeting registered before an earlier-dated one
    used to leave two meetings with the same 第N次 and a directory that failed validate."""
    for day in ("2027-03-17", "2027-03-12"):
        result = run("meeting", "new", "--type", "topic", "--subject", "托育安全", "--date", day,
                     "--unit", "公安", "--data", data_dir)
        assert result.exit_code == 0, result.output
    sequences = sorted((data_dir / "meetings" / f"{day}-topic.yaml").read_text(encoding="utf-8").split(
        "sequence: ")[1].split("\n")[0] for day in ("2027-03-17", "2027-03-12"))
    assert sequences == ["1", "2"]
    assert run("validate", "--data", data_dir).exit_code == 0
