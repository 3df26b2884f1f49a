"""A workspace (docs/工作区.md): joint meetings and one unit register, on the example in examples/workspace/.

The example holds the bundled joint meeting (a copy of data/, kept equal by a test here) and two
synthetic ones: 郑惠山 sits on two of them; 区卫生健康局 is 区卫健局 in one and 区卫健委 (with another
local id) in the other; 区公安分局 is 公安局 in 根治欠薪.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "workspace"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lianxi.lock" and "__pycache__" not in p.parts}


def test_example_copy_equals_bundled_data():
    assert _files(EXAMPLE / "yingyouer") == _files(ROOT / "data")


def test_example_marks_synthetic_meetings():
    for name in ("xiaofang", "qianxin"):
        for f in ("members.yaml", "duties.yaml", "charter.yaml"):
            assert "虚构数据（synthetic）" in (EXAMPLE / name / f).read_text(encoding="utf-8")


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".lianxi.lock"))
    monkeypatch.chdir(target)
    return target


def _json(result) -> dict:
    return json.loads(result.stdout)


def _snapshot(root: Path) -> dict[str, bytes]:
    return _files(root)


# ------------------------------------------------------------------ choosing one joint meeting


def test_meeting_option_and_current_directory(ws, run, monkeypatch):
    r = run("--meeting", "消防", "duties", "公安")
    assert r.exit_code == 0, r.output
    assert "消防监督检查" in r.stdout
    r = run("--meeting", "yingyouer", "duties", "公安")  # the folder name works too
    assert "安全防范" in r.stdout
    r = run("--meeting", "泉港区根治欠薪工作联席会议", "roster")  # and the full name
    assert "骆永福" in r.stdout
    monkeypatch.chdir(ws / "xiaofang")
    r = run("duties", "公安")
    assert r.exit_code == 0 and "消防监督检查" in r.stdout


def test_one_meeting_command_in_workspace_root_asks_which(ws, run):
    r = run("duties", "公安")
    assert r.exit_code == 2
    assert "--meeting" in r.output and "婴幼儿照护、消防、根治欠薪" in r.output


def test_meeting_errors(ws, run, tmp_path):
    r = run("--meeting", "食品安全", "roster")
    assert r.exit_code == 1 and "工作区中没有联席会议“食品安全”" in r.output
    r = run("--meeting", "消防", "--data", str(ws / "qianxin"), "roster")
    assert r.exit_code == 2 and "不能同时使用" in r.output
    r = run("--workspace", str(tmp_path), "unit", "公安")
    assert r.exit_code == 2 and "不是工作区" in r.output


def test_not_in_a_workspace(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("unit", "公安")
    assert r.exit_code == 2 and "不在工作区中" in r.output
    r = run("--meeting", "消防", "roster")
    assert r.exit_code == 2


# ------------------------------------------------------------------ cross-meeting queries


def test_unit_across_meetings(ws, run):
    r = run("unit", "公安", "--json")
    assert r.exit_code == 0, r.output
    view = _json(r)
    assert view["unit"]["id"] == "gongan"
    assert [m["meeting"]["key"] for m in view["meetings"]] == ["婴幼儿照护", "消防", "根治欠薪"]
    by_key = {m["meeting"]["key"]: m for m in view["meetings"]}
    assert by_key["消防"]["member"]["name"] == "郑惠山"
    assert by_key["消防"]["liaison"]["name"] == "彭海燕"
    assert by_key["婴幼儿照护"]["liaison"] is None and by_key["婴幼儿照护"]["liaison_missing"]
    assert by_key["根治欠薪"]["local"]["short_name"] == "公安局"
    assert by_key["根治欠薪"]["member"]["name"] == "骆永福"  # the holder of today, not the earlier one
    assert any("尚未报告工作情况" in r["text"] for r in by_key["消防"]["missing_reports"])
    text = run("unit", "公安").stdout
    assert "本会称“公安局”" in text and "待报送" in text


def test_unit_known_by_different_short_names(ws, run):
    for name in ("区卫健委", "区卫健局", "卫健委"):
        view = _json(run("unit", name, "--json"))
        assert view["unit"]["id"] == "weijian", name
        short = {m["meeting"]["key"]: m["local"]["short_name"] for m in view["meetings"]}
        assert short == {"婴幼儿照护": "区卫健局", "消防": "区卫健委"}
    # the synthetic meeting's local id differs from the register's: linked in workspace.yaml
    view = _json(run("unit", "区卫健委", "--json"))
    assert {m["local"]["id"] for m in view["meetings"]} == {"weijian", "weijianwei"}
    view = _json(run("unit", "区市监局", "--json"))
    assert view["unit"]["id"] == "shichang" and view["count"] == 2


def test_unit_not_found(ws, run):
    r = run("unit", "不存在的单位")
    assert r.exit_code == 1 and "找不到单位" in r.output


def test_person_on_two_meetings(ws, run):
    view = _json(run("person", "郑惠山", "--json"))
    assert view["current_meetings"] == ["婴幼儿照护", "消防"]
    assert all(s["current"] and s["unit"]["id"] == "gongan" for s in view["seats"])
    history = _json(run("person", "许清泉", "--json"))  # a former holder: history kept
    assert history["seats"][0]["current"] is False
    assert [h["name"] for h in history["seats"][0]["history"]] == ["许清泉", "骆永福"]
    assert run("person", "没有这个人").exit_code == 1


def test_who_across_meetings(ws, run):
    view = _json(run("who", "高层建筑消防检查找谁", "--json"))
    assert view["found"]
    keys = [a["meeting"]["key"] for a in view["answers"]]
    assert "消防" in keys
    fire = next(a for a in view["answers"] if a["meeting"]["key"] == "消防")
    assert fire["department"]["id"] == "xiaofang" and fire["unit"]["id"] == "xiaofang"
    text = run("who", "高层建筑消防检查找谁").stdout
    assert "泉港区消防安全工作联席会议（消防）" in text
    # one joint meeting named: the single-meeting answer, as before
    single = _json(run("--meeting", "婴幼儿照护", "who", "托育机构的饮用水归谁管", "--json"))
    assert single["best"]["id"] == "weijian"
    assert run("who", "高层建筑消防检查找谁", "--explain").exit_code == 2
    nothing = run("who", "月球探测器发射", "--json")
    assert nothing.exit_code == 1 and _json(nothing)["found"] is False


def test_check_all(ws, run):
    r = run("check", "--all", "--json")
    assert r.exit_code == 0, r.output
    view = _json(r)
    assert [m["meeting"]["key"] for m in view["meetings"]] == ["婴幼儿照护", "消防", "根治欠薪"]
    assert any(f["rule"] == "meeting-due" for f in view["meetings"][1]["findings"])
    assert "【消防】" in run("check", "--all").stdout
    assert run("check", "--all", "--strict").exit_code == 1


def test_overview(ws, run):
    view = _json(run("overview", "--json"))
    rows = {r["meeting"]["key"]: r for r in view["meetings"]}
    assert rows["婴幼儿照护"]["liaisons_missing"] == 18
    assert rows["消防"]["seats_vacant"] == 1  # 区住建局's member seat
    units = {u["unit"]["id"]: u["meetings"] for u in view["units"]}
    assert units["gongan"] == 3 and units["weijian"] == 2
    people = {p["name"]: p["meetings"] for p in view["people"]}
    assert people["郑惠山"] == 2
    assert "承担联席会议最多的人员" in run("overview").stdout


def test_summary_cache_follows_edits(ws, run):
    assert _json(run("person", "柯志明", "--json"))["seats"]
    path = ws / "xiaofang" / "members.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("柯志明", "柯志强"), encoding="utf-8")
    assert run("person", "柯志明").exit_code == 1
    assert _json(run("person", "柯志强", "--json"))["seats"]
    # unit answers from its per-unit cache, which follows the edit as well
    assert "柯志强" in run("unit", "消防").stdout
    path.write_text(path.read_text(encoding="utf-8").replace("柯志强", "柯志刚"), encoding="utf-8")
    assert "柯志刚" in run("unit", "消防").stdout


# ------------------------------------------------------------------ validate


def test_validate_workspace(ws, run):
    r = run("validate", "--json")
    assert r.exit_code == 0, r.output
    assert _json(r)["valid"]


def test_validate_cross_meeting_rules_all_in_one_run(ws, run):
    members = ws / "qianxin" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    text = text.replace("  - id: zhujian\n    name: 区住建局\n", "  - id: zhujianju\n    name: 区住建局\n")
    text = text.replace("unit: zhujian\n", "unit: zhujianju\n")
    text = text.replace("{name: 施德胜, post: 区人社局副局长", "{name: 郑惠山, post: 区人社局副局长")
    members.write_text(text, encoding="utf-8")
    charter = ws / "xiaofang" / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace(
        "name: 泉港区消防安全工作联席会议", "name: 泉港区根治欠薪工作联席会议"), encoding="utf-8")
    (ws / "qianxin" / "duties.yaml").write_text("departments: {}\n", encoding="utf-8")
    r = run("validate")
    assert r.exit_code == 1
    out = r.output
    assert "qianxin/members.yaml:" in out and "zhujianju" in out and "没有对应的单位" in out
    assert "郑惠山 同时在任两个职务" in out
    assert "xiaofang/charter.yaml:" in out and "联席会议名称" in out
    assert "qianxin/duties.yaml:1:" in out  # a meeting's own errors in the same run
    errors = _json(run("validate", "--json"))["errors"]
    rules = {e["rule"] for e in errors}
    assert {"workspace-unit", "workspace-person", "workspace-meeting"} <= rules
    assert all(e["line"] for e in errors if e["rule"].startswith("workspace-"))


def test_validate_one_person_two_posts_beside_a_bad_field_in_one_run(ws, run):
    """A bad field elsewhere in members.yaml does not hide its holders from the one-person-one-post rule."""
    members = ws / "yingyouer" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    assert "role: 成员\n" in text
    members.write_text(text.replace("role: 成员\n", "role: 成员x\n", 1), encoding="utf-8")
    xiaofang = ws / "xiaofang" / "members.yaml"
    text = xiaofang.read_text(encoding="utf-8")
    assert "{name: 郑惠山, post: 区公安分局副局长" in text
    xiaofang.write_text(text.replace("{name: 郑惠山, post: 区公安分局副局长", "{name: 郑惠山, post: 区公安分局政委"),
                        encoding="utf-8")
    out = run("validate").output
    assert "成员x" in out
    assert "郑惠山 同时在任两个职务" in out


def test_validate_workspace_names_the_meeting_of_a_fileless_finding(ws, run):
    out = run("validate").output
    assert "<数据>" not in out
    assert "xiaofang/: 警告" in out and "qianxin/: 警告" in out


def test_meeting_option_is_named_as_the_source(ws, run):
    assert run("--meeting", "婴幼儿照护", "validate").stdout.splitlines()[0] == "校验数据目录：yingyouer（--meeting 婴幼儿照护）"


def test_validate_workspace_file_errors(ws, run):
    path = ws / "workspace.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("dir: qianxin", "dir: xiaofang")
                    + "  - key: 消防\n    dir: nowhere\n", encoding="utf-8")
    out = run("validate").output
    assert "数据目录“xiaofang”与第" in out
    assert "简称“消防”与第" in out
    assert "nowhere 不存在" in out


# ------------------------------------------------------------------ init, add, import


def test_init(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("workspace", "init", "县", "-n")
    assert r.exit_code == 0 and "将新建" in r.stdout and not (tmp_path / "县").exists()
    r = run("workspace", "init", "县", "--name", "某县联席会议")
    assert r.exit_code == 0, r.output
    assert "git init" in r.stdout
    assert (tmp_path / "县" / "workspace.yaml").is_file() and (tmp_path / "县" / "units.yaml").is_file()
    r = run("workspace", "init", "县")
    assert r.exit_code == 1 and "已是工作区" in r.output
    assert ".lianxi/" in (tmp_path / "县" / ".gitignore").read_text(encoding="utf-8").splitlines()  # the journal
    monkeypatch.chdir(tmp_path / "县")
    assert run("validate").exit_code == 0


def test_example_workspace_ignores_what_a_data_directory_ignores():
    from lianxi.importer.write import GITIGNORE

    assert (EXAMPLE / ".gitignore").read_text(encoding="utf-8") == GITIGNORE


def _new_meeting(ws: Path, name: str, units: str, full: str) -> Path:
    folder = ws / name
    shutil.copytree(ws / "qianxin", folder)
    members = folder / "members.yaml"
    members.write_text(units, encoding="utf-8")
    (folder / "duties.yaml").write_text("departments: []\n", encoding="utf-8")
    charter = folder / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("泉港区根治欠薪工作联席会议", full), encoding="utf-8")
    return folder


MEMBERS = """\
# 虚构数据（synthetic）
units:
  - {id: zf, name: 区政府, member: false}
  - {id: ga, name: 公安分局局机关, aliases: [公安]}
  - {id: lvyou, name: 区文旅局}
seats:
  - id: convener
    role: 总召集人
    unit: zf
    holders: [{name: 洪振兴, post: 区政府副区长}]
  - id: m-ga
    role: 成员
    unit: ga
    holders: []
"""


def test_add_links_adds_and_refuses_ambiguous(ws, run):
    # 公安 is an alias of 区公安分局 only: linked; 区文旅局 is new; 区政府 by its full name
    _new_meeting(ws, "lvyou", MEMBERS, "泉港区文旅工作联席会议")
    before = _snapshot(ws)
    r = run("workspace", "add", "lvyou", "--key", "文旅", "-n")
    assert r.exit_code == 0, r.output
    assert "试运行" in r.stdout and _snapshot(ws) == before
    r = run("workspace", "add", "lvyou", "--key", "文旅", "--json")
    assert r.exit_code == 0, r.output
    view = _json(r)
    how = {u["local"]: (u["register"], u["how"]) for u in view["units"]}
    assert how == {"zf": ("zhengfu", "name"), "ga": ("gongan", "alias"), "lvyou": ("lvyou", "new")}
    assert "units: {zf: zhengfu, ga: gongan}" in (ws / "workspace.yaml").read_text(encoding="utf-8")
    assert "name: 区文旅局" in (ws / "units.yaml").read_text(encoding="utf-8")
    assert run("validate").exit_code == 0
    assert _json(run("unit", "公安", "--json"))["count"] == 4
    r = run("workspace", "add", "lvyou")
    assert r.exit_code == 1 and "已在工作区中" in r.output


def test_add_ambiguous_unit_refused_with_candidates(ws, run):
    ambiguous = MEMBERS.replace("aliases: [公安]", "aliases: [住建, 公安]")
    _new_meeting(ws, "amb", ambiguous, "泉港区某某工作联席会议")
    before = _snapshot(ws)
    r = run("workspace", "add", "amb")
    assert r.exit_code == 1
    assert "gongan（区公安分局）" in r.output and "zhujian（区住建局）" in r.output and "--link ga=" in r.output
    assert _snapshot(ws) == before
    r = run("workspace", "add", "amb", "--link", "ga=gongan")
    assert r.exit_code == 0, r.output


def test_add_refusals(ws, run, tmp_path):
    r = run("workspace", "add", str(tmp_path / "nowhere"))
    assert r.exit_code == 2 and "没有 members.yaml" in r.output
    outside = tmp_path / "outside"
    shutil.copytree(ws / "qianxin", outside)
    r = run("workspace", "add", str(outside))
    assert r.exit_code == 2 and "不在工作区" in r.output
    bad = _new_meeting(ws, "bad", MEMBERS, "泉港区甲工作联席会议")
    (bad / "members.yaml").write_text("units: []\nseats: 3\n", encoding="utf-8")
    r = run("workspace", "add", "bad")
    assert r.exit_code == 1 and "bad/members.yaml:2:" in r.output and "未加入工作区" in r.output
    _new_meeting(ws, "dup", MEMBERS, "泉港区消防安全工作联席会议")
    r = run("workspace", "add", "dup")
    assert r.exit_code == 1 and "同名的联席会议" in r.output
    r = run("workspace", "add", "dup", "--key", "消防")
    assert r.exit_code == 1 and "简称为“消防”" in r.output
    r = run("workspace", "add", "dup", "--link", "ga=nothing")
    assert r.exit_code in (1, 2)
    r = run("workspace", "add", "dup", "--link", "bad-form")
    assert r.exit_code == 2


def test_import_into_workspace(ws, run):
    notice = ROOT / "tests" / "fixtures" / "import" / "unit_list.txt"
    r = run("import", str(notice), "-o", "xin", "--into-workspace", "--key", "养老")
    assert r.exit_code == 0, r.output
    assert "已加入工作区（简称“养老”）" in r.output
    assert "key: 养老" in (ws / "workspace.yaml").read_text(encoding="utf-8")
    assert run("--meeting", "养老", "roster").exit_code == 0
    assert run("validate").exit_code == 0


def test_import_into_workspace_needs_one(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notice = ROOT / "tests" / "fixtures" / "import" / "unit_list.txt"
    r = run("import", str(notice), "-o", "xin", "--into-workspace")
    assert r.exit_code == 2 and "不在任何工作区中" in r.output and not (tmp_path / "xin").exists()
    r = run("import", str(notice), "-o", "xin", "--key", "养老")
    assert r.exit_code == 2


# ------------------------------------------------------------------ succession across joint meetings


def test_cross_meeting_succession_dry_run_then_real(ws, run):
    before = _snapshot(ws)
    r = run("workspace", "succession", "郑惠山", "--post", "区公安分局副局长", "--name", "李明",
            "--date", "2026-12-15", "-n")
    assert r.exit_code == 0, r.output
    assert "试运行" in r.stdout and "yingyouer/members.yaml" in r.stdout and "xiaofang/members.yaml" in r.stdout
    assert "+      - {name: 李明" in r.stdout
    assert _snapshot(ws) == before
    r = run("workspace", "succession", "郑惠山", "--name", "李明", "--date", "2026-12-15", "--json")
    assert r.exit_code == 0, r.output
    view = _json(r)
    assert view["written"] and {c["meeting"] for c in view["changes"]} == {"婴幼儿照护", "消防"}
    after = _snapshot(ws)
    changed = {k for k in after if after[k] != before.get(k) and not k.startswith(".lianxi/")}
    assert changed == {"yingyouer/members.yaml", "xiaofang/members.yaml"}
    # one journal entry, in the workspace: the joint meetings keep none of their own
    assert not any(k.startswith(("yingyouer/.lianxi", "xiaofang/.lianxi")) for k in after)
    assert "end: 2026-12-14" in after["xiaofang/members.yaml"].decode()
    person = _json(run("person", "李明", "--json", "--as-of", "2026-12-20"))
    assert person["current_meetings"] == ["婴幼儿照护", "消防"]
    assert run("validate").exit_code == 0
    # 郑惠山 holds no seat any more: nothing to replace
    assert run("workspace", "succession", "郑惠山", "--name", "王五", "--date", "2026-12-20").exit_code == 1
    history = _json(run("history", "--json"))["entries"]
    assert len(history) == 1 and {f["path"] for f in history[0]["files"]} == changed
    undone = run("undo")  # at the workspace's root: takes the change back in both joint meetings
    assert undone.exit_code == 0, undone.output
    restored = _snapshot(ws)
    assert {k: v for k, v in restored.items() if not k.startswith(".lianxi/")} == before


def test_cross_meeting_succession_all_or_nothing(ws, run):
    # in one joint meeting the date clashes with the term already recorded: nothing is written anywhere
    path = ws / "xiaofang" / "members.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{name: 郑惠山, post: 区公安分局副局长, start: unknown}",
        "{name: 郑惠山, post: 区公安分局副局长, start: 2027-01-01}"), encoding="utf-8")
    before = _snapshot(ws)
    r = run("workspace", "succession", "郑惠山", "--name", "李明", "--date", "2026-12-15")
    assert r.exit_code == 1
    assert "消防：" in r.output and "所有联席会议均未做任何修改" in r.output
    assert _snapshot(ws) == before


def test_cross_meeting_succession_errors(ws, run):
    r = run("workspace", "succession", "郑惠山", "--post", "区教育局局长", "--name", "李明", "--date", "2026-12-15")
    assert r.exit_code == 1 and "没有担任“区教育局局长”" in r.output
    assert run("workspace", "succession", "郑惠山", "--date", "2026-12-15").exit_code == 2
    assert run("workspace", "succession", "郑惠山", "--name", "李明").exit_code == 2
