"""What every writer guarantees: never into the bundled data, the file's own line endings
and BOM kept, no YAML anchors; and where documents may go (``-o``) in which format."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from test_crash_safety import (CLI_WRITERS, REAL, WriteCase, _cli, _cli_args, _real_meeting, fresh,  # noqa: F401
                               lianxi, snapshot)

from lianxi import store

BUNDLED = store.bundled_dir("data")


# The meeting cycle's writers (issue 15) get the same guarantees (the crash tests keep to CLI_WRITERS).
_LIAISON = _cli("meeting", "new", "--type", "联络员会议", "--date", "2027-03-16", "--time", "09:00", "--place", "会议室",
                "--agenda", "通报工作", "--contact", "王小明", "--contact-phone", "0595-87000000")  # synthetic contact
_HELD_MEETING = _cli("meeting", "new", "--type", "联络员会议", "--date", "2026-11-17", "--time", "09:00",
                     "--place", "会议室", "--presider", "林金辉", "-u", "公安,卫健", "--agenda", "通报工作")


def _held(root: Path) -> None:
    _HELD_MEETING(root)
    _cli("minutes", "new", "2026-11-17", "--summary", "会议通报了工作情况")(root)


def _issued(root: Path) -> None:
    _LIAISON(root)
    _cli("notice", "2027-03-16", "--final", "-o", str(root.parent / f"{root.name}-通知.md"))(root)


CYCLE_WRITERS = [
    WriteCase("meeting edit", lianxi("meeting", "edit", "2027-03-16", "--time", "09:30"), setup=_LIAISON),
    WriteCase("meeting edit --date", lianxi("meeting", "edit", "2027-03-16", "--date", "2027-03-18"),
              setup=_LIAISON),
    WriteCase("meeting cancel", lianxi("meeting", "cancel", "2027-03-16", "--reason", "推迟"), setup=_LIAISON),
    WriteCase("meeting agenda add", lianxi("meeting", "agenda", "add", "2027-03-16", "交流情况"), setup=_LIAISON),
    WriteCase("meeting guest add", lianxi("meeting", "guest", "add", "2027-03-16", "--unit", "区应急管理局"),
              setup=_LIAISON),
    WriteCase("meeting reply", lianxi("meeting", "reply", "2027-03-16", "公安", "--attendee", "张三"),
              setup=_LIAISON),
    WriteCase("minutes edit", lianxi("minutes", "edit", "2026-11-17", "--summary", "会议研究了有关事项"),
              setup=_held),
    WriteCase("minutes matter add", lianxi("minutes", "matter", "add", "2026-11-17", "--title", "关于检查",
                                           "--text", "会议议定开展检查", "--lead", "区消防救援大队",
                                           "--deadline", "2027-06-30"), setup=_held),
    WriteCase("minutes agree --all", lianxi("minutes", "agree", "2026-11-17", "--all"), setup=_held),
    WriteCase("number void", lianxi("number", "void", "泉港托育联办〔2026〕1号", "--reason", "文字有误"),
              setup=_issued),
]
GUARDED = CLI_WRITERS + CYCLE_WRITERS


def _tree(root: Path) -> dict[str, bytes]:
    """Every file, the lock and temp files included (a refused write leaves none)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def as_bundled(tmp_path, monkeypatch):
    """A prepared copy that lianxi takes for its bundled data (so every writer's setup can run)."""
    def make(case: WriteCase) -> Path:
        root = tmp_path / "bundled"
        shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(store.LOCK_NAME, ".*.tmp"))
        if case.setup:
            case.setup(root)
        real = store.bundled_dir
        monkeypatch.setattr(store, "bundled_dir", lambda kind: root if kind == "data" else real(kind))
        return root

    return make


@pytest.mark.parametrize("case", GUARDED, ids=lambda c: c.name)
def test_every_writer_refuses_the_bundled_data(case, as_bundled, run, tmp_path):
    root = as_bundled(case)
    before = _tree(root)
    result = run(*_cli_args(case, root))
    assert result.exit_code == 1, result.output
    assert "内置数据，只读" in result.stderr and "lianxi init 新目录 --example" in result.stderr, result.stderr
    assert "cp -r" in result.stderr and "Traceback" not in result.output
    assert _tree(root) == before  # nothing written, not even a lock file


def test_writers_outside_a_data_directory_refuse_the_real_bundled_data(run, tmp_path, monkeypatch):
    """Run where there is no data/ (as after `pip install lianxi`): the bundled data is the default."""
    monkeypatch.chdir(tmp_path)
    before = _tree(BUNDLED)
    for args in (["meeting", "new", "--type", "liaison", "--date", "2027-03-16"],
                 ["report", "add", "公安", "--text", "开展托育机构治安检查"],
                 ["alert", "add", "--level", "一般", "--units", "公安", "--text", "节假日托育机构周边治安"],
                 ["group", "new", "--lead", "卫健", "--units", "消防", "--purpose", "联合检查",
                  "--from", "2026-12-01", "--to", "2026-12-31"],
                 ["minutes", "new", "2026-09-15-plenary"],
                 ["liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321"],
                 ["succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长", "--date", "2026-12-01"],
                 ["schema"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "内置数据，只读" in result.stderr, (args, result.stderr)
    assert _tree(BUNDLED) == before


def test_the_data_of_a_source_checkout_counts_as_bundled(run, tmp_path, monkeypatch, data_dir):
    """Run from a lianxi source checkout with a wheel installed, ./data is the bundled data's
    source, not a user's directory: writers refuse it too (CI runs the suite from the checkout)."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'lianxi-cli'\n", encoding="utf-8")
    (tmp_path / "src" / "lianxi").mkdir(parents=True)
    (tmp_path / "src" / "lianxi" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = (data_dir / "members.yaml").read_bytes()
    result = run("member", "add", "区应急管理局")  # no --data: ./data of the checkout
    assert result.exit_code == 1 and "内置数据，只读" in result.stderr
    assert (data_dir / "members.yaml").read_bytes() == before and not (data_dir / ".lianxi").exists()


def test_dry_run_still_works_on_the_bundled_data(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _tree(BUNDLED)
    result = run("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长",
                 "--date", "2026-12-01", "--dry-run")
    assert result.exit_code == 0, result.output
    assert _tree(BUNDLED) == before


def test_init_example_gives_a_writable_copy(run, tmp_path):
    copy = tmp_path / "练习"
    result = run("init", copy, "--example")
    assert result.exit_code == 0, result.output
    from lianxi.datarepo import repo_files

    made = snapshot(copy)  # the data as bundled, plus the data repository's own files
    assert made == {**snapshot(BUNDLED), **{name: made[name] for name in (".gitignore", *repo_files("root"))}}
    assert run("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--data", copy).exit_code == 0
    assert run("validate", "--data", copy).exit_code == 0


# ------------------------------------------------------------------ line endings and BOM


def _crlf_bom(root: Path) -> None:
    for path in root.rglob("*.yaml"):
        text = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text)


# undo gives back the exact bytes it recorded (line endings and BOM with them: test_journal's
# "succession apply (CRLF, BOM)" row); turning the files to CRLF after its setup is a hand edit it refuses
@pytest.mark.parametrize("case", [c for c in GUARDED if c.name != "undo"], ids=lambda c: c.name)
def test_every_writer_keeps_crlf_and_bom(case, fresh, run):
    root, _ = fresh(case)
    _crlf_bom(root)
    before = snapshot(root)
    result = run(*_cli_args(case, root))
    assert result.exit_code == 0, result.output
    after = snapshot(root)
    changed = [name for name in after if name.endswith(".yaml") and after[name] != before.get(name)]
    assert changed or case.name == "schema", "the writer changed no data file"
    for name in changed:
        data = after[name]
        existed = name in before
        if existed:
            assert data.startswith(b"\xef\xbb\xbf"), f"{name} lost its BOM"
            assert data.count(b"\n") == data.count(b"\r\n"), f"{name} has LF lines in a CRLF file"
    assert run("validate", "--data", root).exit_code == 0


# ------------------------------------------------------------------ YAML the writers emit


def test_minutes_agree_with_two_units_as_the_readme_shows(run, data_dir):
    _real_meeting("draft", waiting=("gongan", "weijian"))(data_dir)
    result = run("minutes", "agree", REAL, "公安", "区卫健局", "--data", data_dir)
    assert result.exit_code == 0, result.output
    text = (data_dir / "meetings" / f"{REAL}.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    assert run("validate", "--data", data_dir).exit_code == 0


def test_dump_yaml_never_writes_anchors():
    import datetime as dt

    from lianxi.yamlwrite import dump_yaml

    day = dt.date(2026, 3, 18)
    shared = {"unit": "gongan"}
    text = dump_yaml({"a": [{"date": day}, {"date": day}], "b": [shared, shared]})
    assert "&" not in text and "*" not in text


# ------------------------------------------------------------------ documents: format and destination


def _docx(path: Path) -> bool:
    return zipfile.is_zipfile(path) and "word/document.xml" in zipfile.ZipFile(path).namelist()


def test_format_follows_the_suffix(run, data_dir, tmp_path):
    pytest.importorskip("docx")
    word = tmp_path / "通知.docx"
    result = run("notice", "--type", "liaison", "-o", word, "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert _docx(word)
    text = tmp_path / "通知.md"
    assert run("notice", "--type", "liaison", "-o", text, "--data", data_dir).exit_code == 0
    assert text.read_text(encoding="utf-8").startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n\n# 关于召开")


@pytest.mark.parametrize("fmt,name", [("md", "通知.docx"), ("docx", "通知.md"), ("md", "通知.pdf"),
                                      ("docx", "通知.pdf")])
def test_format_and_suffix_disagreeing_is_a_usage_error(run, data_dir, tmp_path, fmt, name):
    target = tmp_path / name
    target.write_bytes(b"a real file")
    result = run("notice", "--type", "liaison", "-f", fmt, "-o", target, "--force", "--data", data_dir)
    assert result.exit_code == 2 and "不一致" in result.stderr, result.output
    assert target.read_bytes() == b"a real file"


def test_doc_suffix_is_refused(run, data_dir, tmp_path):
    result = run("notice", "--type", "liaison", "-o", tmp_path / "通知.doc", "--data", data_dir)
    assert result.exit_code == 2 and ".docx" in result.stderr


def test_dash_writes_to_standard_output(run, data_dir):
    result = run("notice", "--type", "liaison", "-o", "-", "--data", data_dir)
    assert result.exit_code == 0
    assert result.stdout.startswith("泉港区婴幼儿照护服务工作联席会议办公室文件\n\n# 关于召开")
    assert not (Path.cwd() / "-").exists()


@pytest.mark.parametrize("target", ["/dev/null", "/dev/full", "/dev/stdout"])
@pytest.mark.parametrize("command", [("notice", "--type", "liaison"), ("minutes", "render"),
                                     ("report", "annual", "2026")], ids=lambda c: c[0])
def test_force_never_replaces_a_device(run, data_dir, target, command):
    if not os.path.exists(target):
        pytest.skip(f"{target} is absent")
    kind = os.stat(target).st_mode
    result = run(*command, "-o", target, "--force", "--data", data_dir)
    assert result.exit_code == 2 and "不是普通文件" in result.stderr, result.output
    assert os.stat(target).st_mode == kind


@pytest.mark.parametrize("inside", [".lianxi.lock", ".schema/members.schema.json", "templates/notice.md.j2"])
def test_force_never_writes_into_the_data_directory(run, data_dir, inside):
    target = data_dir / inside
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_text("{}\n", encoding="utf-8")
    before = target.read_bytes()
    result = run("notice", "--type", "liaison", "-o", target, "--force", "--data", data_dir)
    assert result.exit_code == 2 and "不能把输出写到数据" in result.stderr, result.output
    assert target.read_bytes() == before


# ------------------------------------------------------------------ --dry-run


@pytest.mark.parametrize("case", GUARDED, ids=lambda c: c.name)
def test_every_writer_has_a_dry_run_that_writes_nothing(case, fresh, run):
    root, before = fresh(case)
    tree = _tree(root)
    result = run(*_cli_args(case, root), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "试运行" in result.output
    assert _tree(root) == tree  # not even a lock or a temp file
    if case.name != "schema":  # the rest say what would change, field by field, in Chinese
        assert "实际未写入" in result.stdout and "+++" not in result.stdout, result.stdout


@pytest.mark.parametrize("command", [["init", "新目录"], ["init", "新目录", "--example"],
                                     ["import", str(BUNDLED / "source" / "000_523a265160072e37.txt"),
                                      "-o", "新目录"]], ids=lambda c: " ".join(c[:2]))
def test_init_and_import_dry_run(run, tmp_path, command):
    args = [tmp_path / a if a == "新目录" else a for a in command]
    result = run(*args, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "试运行" in result.output and not (tmp_path / "新目录").exists()
    assert not list(tmp_path.iterdir())  # no staging folder left either


def test_dry_run_on_the_bundled_data_is_allowed(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _tree(BUNDLED)
    result = run("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "将新建" in result.stdout and "meetings/2027-03-16-liaison.yaml" in result.stdout
    assert _tree(BUNDLED) == before
