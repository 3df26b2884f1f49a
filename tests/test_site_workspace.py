"""lianxi site build in a workspace (issue 21): the index of joint meetings, a page per unit and per
person across them, each joint meeting's pages in a folder of its own. On a copy of
examples/workspace (婴幼儿照护 is the bundled data; 消防 and 根治欠薪 are synthetic)."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "workspace"


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".lianxi.lock"))
    monkeypatch.chdir(target)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(run, out, *more):
    result = run("site", "build", "-o", out, "--no-pdf", *more)
    assert result.exit_code == 0, result.output
    return result


def _text(files, name) -> str:
    return files[name].decode("utf-8")


def test_the_index_lists_every_joint_meeting(run, ws, tmp_path):
    result = _build(run, tmp_path / "site")
    assert "已生成网站" in result.stdout
    files = _files(tmp_path / "site")
    index = _text(files, "index.html")
    for key, name in (("婴幼儿照护", "泉港区婴幼儿照护服务工作联席会议"), ("消防", "泉港区消防安全工作联席会议"),
                      ("根治欠薪", "泉港区根治欠薪工作联席会议")):
        assert f'<a href="{key}/index.html">{name}</a>' in index
        assert f"{key}/roster.html" in files and f"{key}/tasks.html" in files
    assert index.count("<tr data-meeting=") == 3
    # the overview's counts: 婴幼儿照护's 18 liaisons 待报送, its office
    row = re.search(r'<tr data-meeting="婴幼儿照护">(.*?)</tr>', index, re.S).group(1)
    assert '<td data-label="联络员待报送" class="pending">18</td>' in row
    assert "联席会议办公室（设在区卫健局）" in row
    assert "婴幼儿照护/files/2026-09-15-plenary-notice.docx" in files
    assert "← 工作区首页" in _text(files, "消防/index.html")
    assert {"units.html", "people.html", "assets/site.css", "assets/site.js"} <= set(files)
    assert not any(name.startswith(("婴幼儿照护/assets", "消防/assets")) for name in files)


def test_a_unit_page_lists_every_joint_meeting_it_sits_on(run, ws, tmp_path):
    _build(run, tmp_path / "site")
    files = _files(tmp_path / "site")
    page = _text(files, "units/gongan.html")
    assert "<h1>区公安分局</h1>" in page
    assert re.findall(r'<section class="ws-unit-meeting" data-meeting="([^"]+)"', page) == ["婴幼儿照护", "消防", "根治欠薪"]
    assert "郑惠山" in page and "骆永福" in page and "彭海燕" in page  # members and the 消防 liaison
    assert re.search(r'<a href="\.\./people/zheng-hui-shan-[0-9a-f]{6}\.html">郑惠山</a>', page)
    assert "本会称“公安局”" in page  # 根治欠薪's own name for it
    assert "负责依法打击拒不支付劳动报酬犯罪" in page  # duties
    # 区卫健局 in 婴幼儿照护, weijianwei in 消防: one register unit, one page
    weijian = _text(files, "units/weijian.html")
    assert 'data-meeting="婴幼儿照护"' in weijian and 'data-meeting="消防"' in weijian
    assert not any("weijianwei" in name for name in files)
    units = _text(files, "units.html")
    assert '<a href="units/gongan.html">区公安分局</a>' in units


def test_a_person_page_lists_every_seat(run, ws, tmp_path):
    _build(run, tmp_path / "site")
    files = _files(tmp_path / "site")
    people = _text(files, "people.html")
    href = re.search(r'<a href="(people/[a-z0-9-]+\.html)">郑惠山</a>', people).group(1)
    assert href.startswith("people/zheng-hui-shan-")
    page = _text(files, href)
    assert re.findall(r'<section class="ws-seat" data-meeting="([^"]+)"', page) == ["婴幼儿照护", "消防"]
    assert "2 个席位，现任于 2 个联席会议" in page
    assert page.count('<a href="../units/gongan.html">区公安分局</a>') == 2


def test_every_link_resolves_inside_the_site(run, ws, tmp_path):
    _build(run, tmp_path / "site")
    files = _files(tmp_path / "site")
    pages = [name for name in files if name.endswith(".html")]
    assert len(pages) > 60
    for name in pages:
        for link in re.findall(r'(?:href|src)="([^"]+)"', _text(files, name)):
            if link.startswith(("data:", "#")):
                continue
            assert "://" not in link and not link.startswith("/"), (name, link)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link.split("#")[0].split("?")[0]))
            assert target in files, (name, link)


def test_same_data_same_bytes(run, ws, tmp_path):
    _build(run, tmp_path / "a")
    _build(run, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_every_data_value_is_escaped(run, ws, tmp_path):
    members = ws / "xiaofang" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    assert "name: 郑惠山" in text
    members.write_text(text.replace("name: 郑惠山", 'name: "<script>alert(1)</script>郑惠山"', 1), encoding="utf-8")
    _build(run, tmp_path / "site")
    files = _files(tmp_path / "site")
    for name, data in files.items():
        if name.endswith(".html"):
            assert "<script>alert" not in data.decode("utf-8"), name
    people = _text(files, "people.html")
    href = re.search(r'<a href="(people/[a-z0-9-]+\.html)">&lt;script&gt;alert\(1\)&lt;/script&gt;郑惠山</a>', people)
    assert href, people
    assert "&lt;script&gt;alert(1)&lt;/script&gt;郑惠山" in _text(files, "units/gongan.html")


def test_dry_run_and_rebuild(run, ws, tmp_path):
    out = tmp_path / "site"
    result = run("site", "build", "-o", out, "--no-pdf", "-n")
    assert result.exit_code == 0, result.output
    assert "试运行（--dry-run）" in result.stdout and "新建  units/gongan.html" in result.stdout
    assert "新建  婴幼儿照护/index.html" in result.stdout
    assert not out.exists()
    _build(run, out)
    result = run("site", "build", "-o", out, "--no-pdf", "-n")
    assert "不变  index.html" in result.stdout and "不变  people.html" in result.stdout


def test_never_into_the_workspace_or_a_meeting(run, ws, tmp_path):
    for out in (ws, ws / "xiaofang", ws / "xiaofang" / "site"):
        result = run("site", "build", "-o", out, "--no-pdf", "--force")
        assert result.exit_code == 2, (out, result.output)
        assert "数据目录" in result.stderr and "Traceback" not in result.output
    (ws / "notes").mkdir()
    (ws / "notes" / "a.txt").write_text("mine", encoding="utf-8")
    result = run("site", "build", "-o", ws / "notes", "--no-pdf")
    assert result.exit_code == 2 and "--force" in result.stderr


def test_one_meeting_of_the_workspace_builds_alone(run, ws, tmp_path):
    result = run("--meeting", "消防", "site", "build", "-o", tmp_path / "one", "--no-pdf")
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "one")
    assert "泉港区消防安全工作联席会议" in _text(files, "index.html")
    assert "units.html" not in files and "工作区首页" not in _text(files, "index.html")


def test_data_errors_are_located_in_every_meeting(run, ws, tmp_path):
    for folder in ("qianxin", "xiaofang"):
        members = ws / folder / "members.yaml"
        members.write_text(members.read_text(encoding="utf-8").replace("role: 成员", "role: 委员", 1), encoding="utf-8")
    result = run("site", "build", "-o", tmp_path / "out", "--no-pdf")
    assert result.exit_code == 1, result.output
    assert re.search(r"qianxin/members\.yaml:\d+:\d+: ", result.stderr), result.stderr
    assert re.search(r"xiaofang/members\.yaml:\d+:\d+: ", result.stderr), result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_file_names_are_safe():
    from lianxi.site.workspace import person_slug, unit_slug

    assert person_slug("郑惠山") == person_slug("郑惠山") and person_slug("郑惠山").startswith("zheng-hui-shan-")
    assert person_slug("郑惠山") != person_slug("郑慧山")  # names that read alike get different files
    assert re.fullmatch(r"[a-z0-9-]+", person_slug('<script>"x"/../</script>'))
    assert unit_slug("gongan") == "gongan" and re.fullmatch(r"u-[0-9a-f]{10}", unit_slug("../x"))


def test_a_succession_shows_on_both_people(run, ws, tmp_path):
    """郑惠山 → 李明 in 消防 only (synthetic): 郑惠山 held that seat, 李明 holds it; each links the other."""
    result = run("--meeting", "消防", "succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长",
                 "--date", "2026-10-01", "--reason", "工作调动（虚构，测试用）")
    assert result.exit_code == 0, result.output
    _build(run, tmp_path / "site")
    files = _files(tmp_path / "site")
    people = _text(files, "people.html")
    zheng = re.search(r'<a href="(people/[a-z0-9-]+\.html)">郑惠山</a>', people).group(1)
    li = re.search(r'<a href="(people/[a-z0-9-]+\.html)">李明</a>', people).group(1)
    page = _text(files, zheng)
    assert "2 个席位，现任于 1 个联席会议" in page and "成员，曾任" in page
    assert f'<a href="../{li}">李明</a>' in page
    assert "2026-10-01 至 今" in _text(files, li) and f'<a href="../{zheng}">郑惠山</a>' in _text(files, li)


def test_the_workspace_pages_say_they_leave_out_the_example_meeting(run, ws, tmp_path):
    """婴幼儿照护's 2026-09-15 meeting is an example (示例): the workspace's counts leave it out, as
    lianxi overview and lianxi unit do, and say so; what they leave out adds up to the meeting's own
    议定事项 page."""
    _build(run, tmp_path / "site", "--as-of", "2026-12-01")
    files = _files(tmp_path / "site")
    tasks = _text(files, "婴幼儿照护/tasks.html")
    overdue = int(re.search(r'id="tasks-overdue">\s*<h2>逾期未完成<span class="count">(\d+)</span>', tasks)[1])
    open_ = int(re.search(r'id="tasks-open">\s*<h2>未完成<span class="count">(\d+)</span>', tasks)[1])
    assert (overdue, open_) == (1, 2) and "示例" in tasks
    index = _text(files, "index.html")
    row = re.search(r'<tr data-meeting="婴幼儿照护">(.*?)</tr>', index, re.S).group(1)
    assert '<td data-label="今年召开会议">0 次</td>' in row and '<td data-label="未完成事项">0</td>' in row
    note = re.search(r'<p class="note ws-examples">(.*?)</p>', index, re.S)
    assert note, "the index does not say it leaves out the example meeting"
    assert "不含示例会议" in note[1] and '<a href="婴幼儿照护/tasks.html">婴幼儿照护</a>' in note[1]
    assert f"另有示例会议 1 次、未完成的示例事项 {overdue + open_} 项（其中逾期 {overdue} 项）" in note[1]
    assert index.count('class="note ws-examples"') == 1  # 消防 and 根治欠薪 have no example meeting
    unit = _text(files, "units/weijian.html")
    section = re.search(r'data-meeting="婴幼儿照护">(.*?)</section>', unit, re.S)[1]
    assert '<p class="note">无。</p>' in section
    assert "另有 2 项示例会议的事项未列出" in section and 'href="../婴幼儿照护/tasks.html"' in section
    assert "示例会议" not in _text(files, "units/gongan.html").split('data-meeting="消防"')[1]
