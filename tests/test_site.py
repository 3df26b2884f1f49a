"""lianxi site build (issue 21): the static site of one joint meeting — what it holds, that it is
deterministic, escapes every data value, works offline, and writes only into its own folder.
The browser tests are in test_site_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGES = ("index.html", "roster.html", "duties.html", "liaisons.html", "meetings.html", "tasks.html")


def _build(run, data_dir, out, *more):
    return run("site", "build", "-o", out, "--no-pdf", "--data", data_dir, *more)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_builds_every_page_and_the_documents(run, data_dir, tmp_path):
    result = _build(run, data_dir, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "已生成网站" in result.stdout
    files = _files(tmp_path / "site")
    for page in PAGES:
        assert page in files
    assert {"assets/site.css", "assets/site.js", ".lianxi-site",
            "files/2026-09-15-plenary-notice.docx", "files/2026-09-15-plenary-minutes.docx"} <= set(files)
    assert not any(name.endswith(".pdf") for name in files)  # --no-pdf
    index = files["index.html"].decode()
    assert '<html lang="zh-CN">' in index and "泉港区婴幼儿照护服务工作联席会议" in index
    assert "<svg" in index and "总召集人" in index and "代章" in index  # the structure chart
    roster = files["roster.html"].decode()
    assert "庄一鸣" in roster and 'class="timeline"' in roster and 'id="roster-data"' in roster
    liaisons = files["liaisons.html"].decode()
    assert liaisons.count("待报送") >= 18  # no liaison is named in the notice
    tasks = files["tasks.html"].decode()
    assert "逾期未完成" in tasks and "关于报送联络员名单" in tasks and "按单位" in tasks
    duties = files["duties.html"].decode()
    assert 'data-pinyin="' in duties and "xiao-fang" in duties  # pinyin for the search box, by syllable


def test_works_offline(run, data_dir, tmp_path):
    assert _build(run, data_dir, tmp_path / "site").exit_code == 0
    for name, data in _files(tmp_path / "site").items():
        if name.endswith((".html", ".css", ".js")):
            text = data.decode()
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), name
            assert "@import" not in text and "url(http" not in text, name
            assert "@font-face" not in text, name  # system fonts only


def test_same_data_same_bytes(run, data_dir, tmp_path):
    assert _build(run, data_dir, tmp_path / "a").exit_code == 0
    assert _build(run, data_dir, tmp_path / "b").exit_code == 0
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_as_of_decides_the_content(run, data_dir, tmp_path):
    assert _build(run, data_dir, tmp_path / "a", "--as-of", "2026-09-20").exit_code == 0
    tasks = (tmp_path / "a" / "tasks.html").read_text(encoding="utf-8")
    assert "截至 2026年9月20日" in tasks
    assert re.search(r'id="tasks-overdue">\s*<h2>逾期未完成<span class="count">0</span>', tasks)
    result = _build(run, data_dir, tmp_path / "b", "--as-of", "2026-13-01")
    assert result.exit_code == 2 and "--as-of" in result.stderr


def test_every_data_value_is_escaped(run, data_dir, tmp_path):
    members = data_dir / "members.yaml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.replace("name: 庄一鸣", 'name: "<script>alert(1)</script>庄一鸣"', 1)
                       .replace("name: 区发改局", 'name: "区发改局<b onmouseover=x>"', 1), encoding="utf-8")
    assert run("validate", "--data", data_dir).exit_code == 0
    assert _build(run, data_dir, tmp_path / "site").exit_code == 0
    for name, data in _files(tmp_path / "site").items():
        if name.endswith(".html"):
            page = data.decode()
            assert "<script>alert" not in page and "<b onmouseover" not in page, name
    roster = (tmp_path / "site" / "roster.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;庄一鸣" in roster
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e庄一鸣" in roster  # the embedded JSON
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;庄一鸣" in index  # inside the SVG too


# ------------------------------------------------------------------ where it writes


def test_never_into_a_data_directory(run, data_dir, tmp_path):
    for out in (data_dir, data_dir / "site", data_dir / "meetings", tmp_path):
        result = _build(run, data_dir, out, "--force")
        assert result.exit_code == 2, (out, result.output)
        assert "数据目录" in result.stderr and "Traceback" not in result.output
    assert not (data_dir / "site").exists()


def test_refuses_a_file_and_a_missing_parent(run, data_dir, tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = _build(run, data_dir, tmp_path / "a-file")
    assert result.exit_code == 2 and "不是目录" in result.stderr
    result = _build(run, data_dir, tmp_path / "no" / "such")
    assert result.exit_code == 2 and "上级目录不存在" in result.stderr


def test_a_folder_that_is_not_a_site_needs_force(run, data_dir, tmp_path):
    out = tmp_path / "out"
    (out / "keep").mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = _build(run, data_dir, out)
    assert result.exit_code == 2 and "不是 lianxi 生成的网站" in result.stderr and "--force" in result.stderr
    assert (out / "notes.txt").exists()
    result = _build(run, data_dir, out, "--force")
    assert result.exit_code == 0, result.output
    assert not (out / "notes.txt").exists() and not (out / "keep").exists()
    assert (out / "index.html").exists()


def test_force_never_replaces_a_repository(run, data_dir, tmp_path):
    out = tmp_path / "out"
    (out / "sub" / ".git").mkdir(parents=True)
    result = _build(run, data_dir, out, "--force")
    assert result.exit_code == 2 and "Git" in result.stderr
    assert (out / "sub" / ".git").is_dir()


def test_rebuilding_a_site_replaces_only_its_own_files(run, data_dir, tmp_path):
    out = tmp_path / "out"
    assert _build(run, data_dir, out).exit_code == 0
    marker = out / ".lianxi-site"
    marker.write_text(marker.read_text(encoding="utf-8") + "files/old-notice.docx\n", encoding="utf-8")
    (out / "files" / "old-notice.docx").write_bytes(b"old")
    (out / "README.txt").write_text("someone's own file", encoding="utf-8")
    result = _build(run, data_dir, out)  # no --force needed for a previous site
    assert result.exit_code == 0, result.output
    assert "删除 1 个旧文件" in result.stdout
    assert not (out / "files" / "old-notice.docx").exists()
    assert (out / "README.txt").exists()


def test_dry_run_lists_and_writes_nothing(run, data_dir, tmp_path):
    out = tmp_path / "out"
    result = run("site", "build", "-o", out, "--no-pdf", "-n", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "试运行（--dry-run）" in result.stdout and "实际未写入" in result.stdout
    assert "新建  index.html" in result.stdout and "新建  files/2026-09-15-plenary-minutes.docx" in result.stdout
    assert not out.exists()
    assert _build(run, data_dir, out).exit_code == 0
    result = run("site", "build", "-o", out, "--no-pdf", "--dry-run", "--data", data_dir)
    assert "不变  index.html" in result.stdout


def test_a_data_error_is_located(run, data_dir, tmp_path):
    members = data_dir / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace("role: 成员", "role: 委员", 1), encoding="utf-8")
    result = _build(run, data_dir, tmp_path / "out")
    assert result.exit_code == 1
    assert re.match(r"^\S*members\.yaml:\d+:\d+: ", result.stderr), result.stderr
    assert not (tmp_path / "out").exists()


def test_bundled_data_builds(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("site", "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").exists()


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="没有 LibreOffice（soffice）")
def test_pdf_where_libreoffice_is(run, data_dir, tmp_path):
    """PDF copies, and the same bytes on a second build (LibreOffice's dates and /ID made stable)."""
    for out in ("a", "b"):
        result = run("site", "build", "-o", tmp_path / out, "--data", data_dir)
        assert result.exit_code == 0, result.output
    pdf = tmp_path / "a" / "files" / "2026-09-15-plenary-minutes.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert 'href="files/2026-09-15-plenary-minutes.pdf"' in (tmp_path / "a" / "meetings.html").read_text("utf-8")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_the_example_workflow_builds_the_site():
    workflow = (Path(__file__).resolve().parent.parent / "examples" / "github-actions" / "validate.yml").read_text(
        encoding="utf-8")
    assert "lianxi site build" in workflow and "upload-artifact" in workflow


def test_each_data_file_is_parsed_once(run, data_dir, tmp_path, monkeypatch):
    import collections

    from lianxi import yamldoc

    counts: collections.Counter = collections.Counter()
    original = yamldoc.parse_text

    def counting(text, path, *rest, **kwargs):
        counts[Path(path).name] += 1
        return original(text, path, *rest, **kwargs)

    monkeypatch.setattr(yamldoc, "parse_text", counting)
    monkeypatch.setenv("LIANXI_NO_CACHE", "1")
    assert _build(run, data_dir, tmp_path / "out").exit_code == 0
    assert {"members.yaml", "duties.yaml", "charter.yaml", "2026-09-15-plenary.yaml"} <= set(counts)
    assert max(counts.values()) == 1, dict(counts)


def test_the_per_meeting_hook_nests_under_a_prefix(data_dir, tmp_path):
    """What a workspace build does: each joint meeting's pages in a folder of their own, one shared
    assets/ at the root, a link up to the workspace's index; every link resolves."""
    import datetime as dt
    import posixpath

    from lianxi.dataset import Dataset
    from lianxi.site.output import write_site
    from lianxi.site.pages import asset_files, meeting_files

    ds = Dataset.open(data_dir)
    files = asset_files()
    for slug in ("tuoyu", "other"):
        files |= meeting_files(ds, today=dt.date(2026, 11, 29), prefix=f"{slug}/", home=("全部联席会议", "../index.html"))
    files["index.html"] = b'<a href="tuoyu/index.html">tuoyu</a>'
    assert "tuoyu/files/2026-09-15-plenary-notice.docx" in files and "tuoyu/assets/site.css" not in files
    for name, data in files.items():
        if name.endswith(".html"):
            for link in re.findall(r'(?:href|src)="([^"]+)"', data.decode()):
                if link.startswith("data:"):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link.split("?")[0]))
                assert target in files, (name, link)
    plan = write_site(files, tmp_path / "ws", data_roots=[ds.root])
    assert (tmp_path / "ws" / "other" / "roster.html").is_file() and len(plan.written) == len(files) + 1


def test_a_new_data_directory_builds(run, tmp_path, monkeypatch):
    """lianxi init's skeleton: no meetings, no duties, an empty seat — every page still builds."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "new").exit_code == 0
    result = run("site", "build", "-o", "out", "--no-pdf", "--data", "new")
    assert result.exit_code == 0, result.output
    assert "尚未登记会议" in (tmp_path / "out" / "meetings.html").read_text(encoding="utf-8")
    assert "尚无议定事项" in (tmp_path / "out" / "tasks.html").read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "files").exists()


def _pages_with(folder: Path, word: str) -> list[str]:
    return [name for name, data in _files(folder).items() if name.endswith(".html") and word in data.decode()]


def test_no_page_says_unknown(run, tmp_path, monkeypatch):
    """The data's placeholder ``unknown`` never reaches a page: an unnamed joint meeting (lianxi init)
    is shown as lianxi info words it, an issuer or title the notice does not give as 未载明."""
    import shutil

    from lianxi.model import UNNAMED

    monkeypatch.chdir(tmp_path)
    assert run("init", "new").exit_code == 0
    assert _build(run, "new", "out").exit_code == 0
    assert _pages_with(tmp_path / "out", "unknown") == []
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="site-name">{UNNAMED}</p>' in index and f"<title>概况 · {UNNAMED}</title>" in index
    assert "<p>本联席会议的设立文件未载明。</p>" in index
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", tmp_path / "ws",
                    ignore=shutil.ignore_patterns(".lianxi.lock"))
    monkeypatch.chdir(tmp_path / "ws")
    assert run("site", "build", "-o", tmp_path / "w", "--no-pdf").exit_code == 0
    assert _pages_with(tmp_path / "w", "unknown") == []
    fire = (tmp_path / "w" / "消防" / "index.html").read_text(encoding="utf-8")
    assert "<p>泉港区消防安全工作联席会议的设立文件未载明。</p>" in fire
    care = (tmp_path / "w" / "婴幼儿照护" / "index.html").read_text(encoding="utf-8")
    assert "由泉州市泉港区人民政府办公室印发的《" in care
