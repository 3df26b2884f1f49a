"""The built site in a real browser (headless Chromium driven by selenium; skipped with the reason
where Chromium, chromedriver or selenium is missing): no console error on any page, the duty
search finds 消防 in two departments, the roster as of a past date shows the earlier holder,
every link and download resolves, a data value written as a script stays text.

One browser session and one build for the whole module. With ``LIANXI_SCREENSHOTS=docs/img``
the test also writes the screenshots shown in docs/网站.md (small PNGs).

The site is built from a copy of the bundled data where a succession and a report were recorded
first; both are synthetic (虚构), for the test only.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import browser
from conftest import TODAY, Runner
from lianxi.store import bundled_dir

REASON = browser.missing()
pytestmark = [pytest.mark.skipif(REASON is not None, reason=f"浏览器测试跳过：{REASON}"), pytest.mark.external]

PAGES = ("index.html", "roster.html", "duties.html", "liaisons.html", "meetings.html", "tasks.html")
SHOTS = os.environ.get("LIANXI_SCREENSHOTS")
MAX_PNG = 200 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site of the bundled data after 郑惠山 → 李明 (2026-10-01, synthetic) and a report
    that the first (example) task is done, built as of the suite's pinned today."""
    base = tmp_path_factory.mktemp("site-browser")
    data = base / "data"
    shutil.copytree(bundled_dir("data"), data, ignore=shutil.ignore_patterns(".lianxi.lock"))
    env = {"LIANXI_TODAY": TODAY, "XDG_CACHE_HOME": str(base / "cache"), "LIANXI_DATA": None}
    run = Runner()
    steps = [
        ("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长", "--date", "2026-10-01",
         "--reason", "工作调动（虚构，测试用）"),
        ("report", "add", "区卫健局", "--task", "2026-09-15-plenary/1", "--status", "已完成",
         "--text", "联合检查已完成，发现的问题均已整改（虚构，测试用）", "--date", "2026-11-20"),
        ("site", "build", "-o", str(base / "site")),  # with PDF where LibreOffice is
    ]
    for step in steps:
        result = run(*step, "--data", data, env=env)
        assert result.exit_code == 0, result.output
    return base / "site"


@pytest.fixture(scope="module")
def driver():
    session = browser.chromium()
    try:
        yield session
    finally:
        session.quit()


def _open(driver, site: Path, page: str, query: str = ""):
    driver.get((site / page).as_uri() + query)
    return driver


def _visible_departments(driver) -> list[str]:
    return [el.find_element("css selector", "h2").text
            for el in driver.find_elements("css selector", "#departments .department") if el.is_displayed()]


def _shot(driver, name: str, width: int = 1000, height: int = 860, element: str | None = None) -> None:
    """A screenshot for docs/网站.md (only with LIANXI_SCREENSHOTS): the window, or one element."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, height)
    path = folder / name
    if element is None:
        driver.save_screenshot(str(path))
    else:
        found = driver.find_element("css selector", element)
        driver.execute_script("arguments[0].scrollIntoView(true);", found)
        found.screenshot(str(path))
    assert path.stat().st_size < MAX_PNG, (name, path.stat().st_size)


def test_no_console_error_on_any_page(driver, site):
    browser.console_errors(driver)  # start clean
    for page in PAGES:
        _open(driver, site, page)
        assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
        assert driver.find_element("css selector", "h1").text
        assert browser.console_errors(driver) == [], page
    _open(driver, site, "index.html")
    _shot(driver, "site-index.png")
    _shot(driver, "site-chart.png", element=".chart-figure svg")
    _open(driver, site, "roster.html")
    _shot(driver, "site-timeline.png", element=".chart-figure svg")


def test_duty_search_finds_xiaofang_in_two_departments(driver, site):
    _open(driver, site, "duties.html")
    assert len(_visible_departments(driver)) == 18
    box = driver.find_element("id", "duty-search")
    box.send_keys("消防")
    found = _visible_departments(driver)
    assert sorted(found) == ["住建部门", "消防救援机构"], found
    assert driver.find_element("id", "duty-count").text == "找到 2 个部门"
    marks = [m.text for m in driver.find_elements("css selector", "#departments mark") if m.is_displayed()]
    assert marks and set(marks) == {"消防"}
    box.clear()
    box.send_keys("xiaofang")  # pinyin finds the same two
    assert sorted(_visible_departments(driver)) == ["住建部门", "消防救援机构"]
    box.clear()
    box.send_keys("没有这种职责")
    assert _visible_departments(driver) == [] and driver.find_element("id", "duty-none").is_displayed()
    _open(driver, site, "duties.html", "?q=消防")  # a link can carry the search
    assert sorted(_visible_departments(driver)) == ["住建部门", "消防救援机构"]
    assert browser.console_errors(driver) == []
    _shot(driver, "site-duties-search.png")
    _shot(driver, "site-phone.png", width=390, height=780)
    driver.set_window_size(1000, 860)


def _search(driver, query: str) -> list[str]:
    box = driver.find_element("id", "duty-search")
    box.clear()
    box.send_keys(query)
    return sorted(_visible_departments(driver))


def test_duty_search_reads_pinyin_from_syllable_starts(driver, site):
    """ga is 公安 (g·a), not fa·gai (发改) or xiaofang·anquan; pinyin is whole syllables from a
    syllable's start, the last one perhaps unfinished; the examples the page gives all find something."""
    _open(driver, site, "duties.html")
    assert _search(driver, "ga") == ["公安部门"]
    assert _search(driver, "gongan") == _search(driver, "公安")
    assert _search(driver, "xiaof") == _search(driver, "xiaofang") == ["住建部门", "消防救援机构"]
    assert _search(driver, "fagai") == ["发展改革部门"]  # its alias 发改部门, fa·gai
    assert _search(driver, "ong") == [] and _search(driver, "angan") == []  # inside or across syllables
    placeholder = driver.find_element("id", "duty-search").get_attribute("placeholder")
    examples = placeholder.split("：", 1)[1].split("、")
    note = driver.find_element("css selector", "main > .note").text
    examples += re.findall(r"（如 ([a-z]+)）", note)
    assert len(examples) >= 5, (placeholder, note)
    for example in examples:
        assert _search(driver, example), example
    assert browser.console_errors(driver) == []


def _gongan(driver) -> str:
    row = driver.find_element("css selector", '#roster tr[data-seat="member-gongan"]')
    return row.find_element("css selector", ".name").text


def test_roster_as_of_a_past_date_shows_the_earlier_holder(driver, site):
    _open(driver, site, "roster.html")
    assert _gongan(driver) == "李明"  # in office since 2026-10-01, today is 2026-11-29
    driver.execute_script("var i = document.getElementById('as-of'); i.value = '2026-09-01';"
                          "i.dispatchEvent(new Event('change'));")
    assert _gongan(driver) == "郑惠山"
    assert driver.find_element("id", "as-of-status").text == "截至 2026年9月1日的在任人员"
    row = driver.find_element("css selector", '#roster tr[data-seat="member-gongan"]')
    assert row.find_element("css selector", ".term").text == "起始日期未载明，至 2026-09-30"
    driver.find_element("id", "as-of-reset").click()
    assert _gongan(driver) == "李明"
    _open(driver, site, "roster.html", "?date=2026-09-30")
    assert _gongan(driver) == "郑惠山"
    _open(driver, site, "roster.html", "?date=2026-10-01")
    assert _gongan(driver) == "李明"
    assert browser.console_errors(driver) == []
    _open(driver, site, "roster.html", "?date=2026-09-01")
    _shot(driver, "site-roster.png")


def test_every_link_and_download_resolves(driver, site):
    checked = set()
    for page in PAGES:
        _open(driver, site, page)
        urls = driver.execute_script(
            "return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))"
            ".map(function (e) { return e.href || e.src; });")
        for url in urls:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                continue
            assert parsed.scheme == "file", url  # nothing from the network
            path = Path(unquote(parsed.path))
            assert path.is_file() and path.stat().st_size > 0, (page, url)
            assert site in path.parents, url
            checked.add(path)
    downloads = {p.name for p in checked if p.parent.name == "files"}
    expected = {"2026-09-15-plenary-notice.docx", "2026-09-15-plenary-minutes.docx"}
    if shutil.which("soffice"):
        expected |= {"2026-09-15-plenary-notice.pdf", "2026-09-15-plenary-minutes.pdf"}
    assert downloads == expected
    for path in checked:
        if path.suffix == ".docx":
            assert path.read_bytes()[:2] == b"PK"
        if path.suffix == ".pdf":
            assert path.read_bytes()[:5] == b"%PDF-"
    _open(driver, site, "meetings.html")
    _shot(driver, "site-meetings.png")
    _open(driver, site, "tasks.html")
    _shot(driver, "site-tasks.png")


def test_a_script_in_the_data_stays_text(driver, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_dir("data"), data, ignore=shutil.ignore_patterns(".lianxi.lock"))
    members = data / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace(
        "name: 庄一鸣", 'name: "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"', 1),
        encoding="utf-8")
    env = {"LIANXI_TODAY": TODAY, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = Runner()("site", "build", "-o", tmp_path / "site", "--no-pdf", "--data", data, env=env)
    assert result.exit_code == 0, result.output
    for page in ("index.html", "roster.html"):
        _open(driver, tmp_path / "site", page)
        assert driver.execute_script("return window.pwned === undefined")
        assert "<script>window.pwned=1</script>" in driver.find_element("tag name", "main").text
        assert browser.console_errors(driver) == []
    driver.execute_script("var i = document.getElementById('as-of'); i.value = '2026-01-01';"
                          "i.dispatchEvent(new Event('change'));")  # the script sets names as text too
    assert driver.execute_script("return window.pwned === undefined")


def test_readable_on_a_phone_and_printable(driver, site):
    driver.set_window_size(390, 800)
    try:
        for page in PAGES:
            _open(driver, site, page)
            width = driver.execute_script("return document.documentElement.clientWidth")
            overflow = driver.execute_script("return document.documentElement.scrollWidth")
            assert overflow <= width, (page, overflow, width)  # nothing wider than the phone's screen
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        _open(driver, site, "duties.html")
        assert not driver.find_element("css selector", ".site-header nav").is_displayed()
        assert not driver.find_element("id", "duty-search").is_displayed()
        import base64

        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
        assert box and abs(float(box[1]) - 595.3) < 2 and abs(float(box[2]) - 841.9) < 2, box  # A4 in points
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(1000, 860)


def test_the_workspace_site_in_the_browser(driver, tmp_path, monkeypatch):
    """examples/workspace (消防 and 根治欠薪 synthetic): the index, a unit, a person and a joint meeting
    in its folder named in Chinese open with no console error, and every link on them resolves."""
    ws = tmp_path / "ws"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", ws,
                    ignore=shutil.ignore_patterns(".lianxi.lock"))
    monkeypatch.chdir(ws)
    env = {"LIANXI_TODAY": TODAY, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = Runner()("site", "build", "-o", tmp_path / "site", "--no-pdf", env=env)
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    browser.console_errors(driver)  # start clean
    person = next((site / "people").glob("zheng-hui-shan-*.html")).relative_to(site).as_posix()
    for page in ("index.html", "units.html", "people.html", "units/gongan.html", person,
                 "婴幼儿照护/index.html", "婴幼儿照护/roster.html", "消防/duties.html"):
        _open(driver, site, page)
        assert driver.find_element("css selector", "h1").text, page
        assert browser.console_errors(driver) == [], page
        urls = driver.execute_script(
            "return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))"
            ".map(function (e) { return e.href || e.src; });")
        for url in urls:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                continue
            path = Path(unquote(parsed.path))
            assert parsed.scheme == "file" and path.is_file() and site in path.parents, (page, url)
    _open(driver, site, "index.html")
    assert len(driver.find_elements("css selector", "tr[data-meeting]")) == 3
    driver.find_element("link text", "泉港区消防安全工作联席会议").click()
    assert driver.find_element("css selector", ".site-name").text == "泉港区消防安全工作联席会议"
    assert browser.console_errors(driver) == []
    driver.set_window_size(390, 800)
    try:
        for page in ("index.html", "units/gongan.html", person):
            _open(driver, site, page)
            width = driver.execute_script("return document.documentElement.clientWidth")
            assert driver.execute_script("return document.documentElement.scrollWidth") <= width, page
    finally:
        driver.set_window_size(1000, 860)
    _open(driver, site, "index.html")
    _shot(driver, "site-workspace.png")


def test_a_printed_roster_says_which_date_it_shows(driver, site):
    """Printed as of a past date, the roster carries that date (not only the footer's 内容截至)."""
    _open(driver, site, "roster.html", "?date=2026-09-01")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert _gongan(driver) == "郑惠山"
        status = driver.find_element("id", "as-of-status")
        assert status.is_displayed() and status.text == "截至 2026年9月1日的在任人员"
        for hidden in ("as-of", "as-of-reset"):  # the controls themselves stay off paper
            assert not driver.find_element("id", hidden).is_displayed()
        if shutil.which("pdftotext"):
            import base64
            import subprocess

            pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
            text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
            assert "截至 2026年9月1日的在任人员" in text.decode("utf-8").replace("\n", "")
        _open(driver, site, "duties.html")
        assert not driver.find_element("id", "duty-search").is_displayed()
        assert not driver.find_element("id", "duty-count").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
