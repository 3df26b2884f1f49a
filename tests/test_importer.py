"""lianxi init / lianxi import: the seed (data/source/) reproduces the bundled data; every
variation of real establishing notices the project knows has a synthetic notice under tests/fixtures/import/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lianxi.model import Charter, DutiesFile, MembersFile
from lianxi.store import bundled_dir, load_model

FIXTURES = Path(__file__).parent / "fixtures" / "import"
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "source" / "000_523a265160072e37.txt"


def load(root: Path):
    return (load_model(root, "members.yaml", MembersFile)[0], load_model(root, "duties.yaml", DutiesFile)[0],
            load_model(root, "charter.yaml", Charter)[0])


def do_import(run, tmp_path, notice: Path, *extra: str, name: str = "out"):
    out = tmp_path / name
    result = run("import", notice, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    valid = run("validate", "--data", out)
    assert valid.exit_code == 0, valid.output
    return out, result.stdout


def people(members: MembersFile) -> list[tuple]:
    units = {u.id: u for u in members.units}
    return [(s.role, units[s.unit].name if s.unit else None, h.name, h.post)
            for s in members.seats for h in s.holders]


def seat_of(members: MembersFile, name: str):
    return next(s for s in members.seats for h in s.holders if h.name == name)


def unit_name(members: MembersFile, unit_id):
    return next((u.name for u in members.units if u.id == unit_id), None)


# ------------------------------------------------------------------ the seed


# Where the bundled data holds knowledge the notice lacks (human judgement, not in the text):
KNOWN_TIE_DIFFERENCES = {
    # department: (bundled unit, imported unit)
    "应急管理部门": ("区防汛办", None),       # 成员名单中没有应急管理局；按位置推断由防汛办承担
    "编制部门": ("区事业单位登记中心", None),  # 成员名单中没有编制部门；按职责内容推断
}
# Bundled ids are hand-picked abbreviations; imported ids are the pinyin of the unit name.
KNOWN_ID_DIFFERENCES = {
    "dengji": "shiyedanweidengjizhongxin", "fangxun": "fangxunban", "shichang": "shichangjianduguanli",
    "jishengxie": "jishengxiehui", "xiaofang": "xiaofangjiuyuandadui",
}
# Notes (units, unit_note of tied departments, meeting notes) and extra aliases are human
# writing in the bundled data; the importer writes only mechanical ones.


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory):
    from typer.testing import CliRunner

    from lianxi.cli import app

    out = tmp_path_factory.mktemp("seed") / "data"
    result = CliRunner().invoke(app, ["import", str(SEED), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_seed_validates(seed_import, run):
    out, _ = seed_import
    assert run("validate", "--data", out).exit_code == 0


def test_seed_units_match_bundled(seed_import):
    got, _, _ = load(seed_import[0])
    want, _, _ = load(bundled_dir("data"))
    assert [u.name for u in got.units] == [u.name for u in want.units]
    for g, w in zip(got.units, want.units):
        assert g.short_name == w.short_name, g.name
        assert g.member == w.member, g.name
        assert KNOWN_ID_DIFFERENCES.get(w.id, w.id) == g.id, g.name
        assert set(g.aliases) <= set(w.aliases) | {"政府办"}, (g.name, g.aliases, w.aliases)


def test_seed_seats_match_bundled(seed_import):
    got, _, _ = load(seed_import[0])
    want, _, _ = load(bundled_dir("data"))
    got_units = {u.id: u.name for u in got.units}
    want_units = {u.id: u.name for u in want.units}
    assert len(got.seats) == len(want.seats)
    for g, w in zip(got.seats, want.seats):
        assert (g.role, got_units.get(g.unit), g.post) == (w.role, want_units.get(w.unit), w.post), w.id
        assert [h.model_dump() for h in g.holders] == [h.model_dump() for h in w.holders], w.id
        if w.id in ("convener", "office-director") or w.id.startswith(("deputy-", "member-", "liaison-")):
            assert g.id == w.id.replace(w.unit or "", KNOWN_ID_DIFFERENCES.get(w.unit, w.unit or "")), w.id


def test_seed_duties_match_bundled(seed_import):
    got_m, got, _ = load(seed_import[0])
    want_m, want, _ = load(bundled_dir("data"))
    assert [d.name for d in got.departments] == [d.name for d in want.departments]
    differences = {}
    for g, w in zip(got.departments, want.departments):
        assert g.duties == w.duties, g.name
        pair = (unit_name(want_m, w.unit), unit_name(got_m, g.unit))
        if pair[0] != pair[1]:
            differences[g.name] = pair
            assert g.unit is None and "须人工确认" in g.unit_note
    assert differences == KNOWN_TIE_DIFFERENCES


def test_seed_charter_matches_bundled(seed_import):
    got_m, _, got = load(seed_import[0])
    want_m, _, want = load(bundled_dir("data"))
    assert got.name == want.name and got.region == want.region
    assert got.established_by == want.established_by
    assert got.responsibilities == want.responsibilities
    assert got.office.name == want.office.name and got.office.text == want.office.text
    assert unit_name(got_m, got.office.host_unit) == unit_name(want_m, want.office.host_unit)
    assert got.office.director_seat == want.office.director_seat
    assert got.seal.office_has_seal is want.seal.office_has_seal and got.seal.text == want.seal.text
    assert unit_name(got_m, got.seal.sealing_unit) == unit_name(want_m, want.seal.sealing_unit)
    assert got.liaison_rule == want.liaison_rule
    assert got.succession_rule == want.succession_rule
    strip = {"note"}
    assert [m.model_dump(exclude=strip) for m in got.work_rules.meetings] == \
        [m.model_dump(exclude=strip) for m in want.work_rules.meetings]
    assert got.work_rules.meetings[0].note == want.work_rules.meetings[0].note
    assert got.work_rules.minutes == want.work_rules.minutes
    assert got.work_rules.reporting == want.work_rules.reporting
    assert got.work_rules.assessment == want.work_rules.assessment
    assert got.work_rules.joint_groups == want.work_rules.joint_groups
    assert got.work_requirements == want.work_requirements


def test_seed_report(seed_import):
    _, report = seed_import
    assert "编码 UTF-8" in report
    assert "组成人员：总召集人 1 人、副召集人 2 人、成员 18 人（第 35–61 行）" in report
    assert "二、未能导入" in report and "无：通知的每一行都已导入" in report
    assert "职责分工“应急管理部门”（第 85 行）：未确定承担单位" in report
    assert "职责分工“编制部门”（第 91 行）：未确定承担单位" in report
    assert "发文字号：通知中未载明" in report and "成文日期：通知中未载明" in report
    assert "联络员：18 个席位待各成员单位报送姓名" in report
    assert "“区卫健局”视为“区卫生健康局”的简称" in report


def test_seed_json_report(run, tmp_path):
    import json

    result = run("import", SEED, "--out", tmp_path / "d", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["people"] == 21 and data["counts"]["departments"] == 18
    assert data["not_placed"] == []
    assert {t["department"] for t in data["ties"] if t["unit"] is None} == set(KNOWN_TIE_DIFFERENCES)


def test_imported_dir_works_with_other_commands(seed_import, run):
    out, _ = seed_import
    result = run("duties", "公安", "--data", out)
    assert result.exit_code == 0 and "郑惠山" in result.stdout
    result = run("roster", "--data", out)
    assert result.exit_code == 0 and "庄一鸣" in result.stdout


# ------------------------------------------------------------------ never invent


ALL_NOTICES = sorted(FIXTURES.glob("*.txt"))
REFUSED = {"traditional.txt", "refused_meeting_notice.txt", "refused_minutes.txt"}


@pytest.mark.parametrize("notice", [p for p in ALL_NOTICES if p.name not in REFUSED] +
                         [SEED], ids=lambda p: p.name)
def test_nothing_invented(run, tmp_path, notice):
    """Every name, post, unit name and duty of the output stands in the notice."""
    out, _ = do_import(run, tmp_path, notice)
    members, duties, charter = load(out)
    flat = re.sub(r"\s", "", notice.read_text(encoding="utf-8"))
    for seat in members.seats:
        for holder in seat.holders:
            assert holder.name in flat, holder.name
            assert holder.post in flat, holder.post
    for unit in members.units:
        assert unit.name in flat and (unit.short_name or "") in flat, unit.name
    for dept in duties.departments:
        assert dept.name in flat
        for duty in dept.duties:
            assert re.sub(r"\s", "", duty) in flat, duty


# ------------------------------------------------------------------ variations


def test_people_variants(run, tmp_path):
    """Colons ASCII/full-width/missing, spaced and broken labels, unlabelled continuation lines,
    姓名（职务）/职务 姓名, padded two-character names, posts with 、, office director in a sentence
    with a phone number."""
    out, report = do_import(run, tmp_path, FIXTURES / "people_variants.txt")
    members, duties, charter = load(out)
    assert people(members)[:8] == [
        ("召集人", "县委", "罗明远", "县委常委、副县长"),          # 召 集 人: (spaced label, ASCII colon)
        ("副召集人", "县政府办公室", "方晴", "县政府办公室副主任"),  # label broken over two lines; 姓名（职务）
        ("副召集人", "县市场监管局", "林涛", "县市场监管局局长"),    # 职务 姓名, padded name, continuation line
        ("成员", "县发改局", "周立新", "县发改局副局长"),           # 成   员 without colon
        ("成员", "县教育局", "许文华", "县教育局副局长、四级调研员"),  # post with 、
        ("成员", "县公安局", "马骏", "县公安局副局长"),
        ("成员", "县卫健局", "高岚", "县卫健局副局长"),             # 高  岚 → one person
        ("成员", "县农业农村局", "唐振宇", "县农业农村局副局长"),     # ideographic space
    ]
    director = seat_of(members, "陈思远")
    assert director.role == "办公室主任"
    assert director.holders[0].phone == "0598-5512345"
    assert charter.office.director_seat == director.id
    assert unit_name(members, charter.office.host_unit) == "县市场监管局"
    assert charter.liaison_rule.post == "股室负责人"
    assert charter.succession_rule.new_notice_required is False  # 自行递补，不另行发文


def test_people_variants_duty_colons(run, tmp_path):
    out, report = do_import(run, tmp_path, FIXTURES / "people_variants.txt")
    members, duties, _ = load(out)
    assert [d.name for d in duties.departments] == ["县发改局", "县教育局", "县公安局", "县卫健局", "县农业农村局",
                                                    "县市场监管局"]
    assert duties.departments[1].duties == ["负责学校食堂食品安全管理；", "指导学校开展食品安全教育。"]  # ASCII colon
    assert all(d.unit for d in duties.departments)
    assert "第 28 行：“县公安局”后没有冒号，按部门名称识别，请核对" in report  # missing colon


def test_site_noise(run, tmp_path):
    """Headers, menus, repost dates, a duplicated paragraph, a title broken over lines, [2007], 二○○七."""
    out, report = do_import(run, tmp_path, FIXTURES / "people_variants.txt")
    _, _, charter = load(out)
    assert charter.established_by.title == "青禾县人民政府办公室关于建立青禾县食品安全工作联席会议制度的通知"
    assert charter.name == "青禾县食品安全工作联席会议"
    assert charter.established_by.doc_number == "青政办〔2007〕18号"
    assert str(charter.established_by.date) == "2007-12-20"
    assert len(charter.responsibilities.joint_meeting) == 2  # the duplicate is not imported twice
    for line in (1, 2, 3, 4, 38):
        assert re.search(rf"第 {line} 行：.*网页内容", report), line
    assert "第 36 行：" in report and "与第 12 行重复" in report
    assert "发文字号原文为“青政办[2007]18号”" in report
    assert "二、未能导入（请对照通知原文，手工补入数据文件）\n  无" in report


def test_unit_list_members(run, tmp_path):
    """Members listed as units with a stated count (mismatch reported), bracket aliases, prefix
    dropped after the first unit, non-government members, people named inside a sentence."""
    out, report = do_import(run, tmp_path, FIXTURES / "unit_list.txt")
    members, duties, charter = load(out)
    assert people(members) == [
        ("召集人", "区委", "韩晓东", "区委常委、副区长"),
        ("副召集人", "区政府办公室", "孔令山", "区政府办公室副主任"),
        ("副召集人", "区民政局", "白雪梅", "区民政局局长"),
    ]
    member_units = [u for u in members.units if u.member]
    assert [u.name for u in member_units] == ["区委宣传部", "区发改局", "财政局", "区人社局", "区卫健委",
                                              "国网云溪供电公司", "人行云溪支行", "云溪日报社"]
    assert member_units[0].aliases == ["区网信办"]
    assert "区财政局" in member_units[2].aliases
    seats = [s for s in members.seats if s.role == "成员"]
    assert len(seats) == 8 and all(s.post == "分管负责人" and not s.holders for s in seats)
    assert "第 9 行：通知写明 9 个成员单位，实际列出 8 个，请核对原件" in report
    assert "成员（分管负责人）：云溪日报社，姓名待报送" in report


def test_unit_list_duties_and_sections(run, tmp_path):
    """Heading variants (联席会议及其办公室职责 / 各成员单位职责和任务如下 / 其他事项), （一） numbering,
    two units in one entry, non-government departments, cut-off text, 报总召集人同意后调整, 二〇."""
    out, report = do_import(run, tmp_path, FIXTURES / "unit_list.txt")
    members, duties, charter = load(out)
    assert charter.responsibilities.joint_meeting == ["研究部署全区居家养老服务工作，协调解决重大问题。"]
    assert charter.responsibilities.office == ["承担联席会议日常工作；", "督促落实联席会议议定事项。"]
    ties = {d.name: unit_name(members, d.unit) for d in duties.departments}
    assert ties == {
        "区委宣传部": "区委宣传部", "发展改革部门": "区发改局", "财政部门": "财政局", "人社部门": "区人社局",
        "卫生健康部门": "区卫健委", "供电公司": "国网云溪供电公司", "人行支行": "人行云溪支行",
        "云溪日报社": "云溪日报社", "区公安分局、区消防救援大队": None, "民政部门": "区民政局",
    }
    both = next(d for d in duties.departments if d.unit is None)
    assert "共同承担" in both.unit_note
    assert "第 22 行：这一行没有结束标点，原文可能在此处被截断" in report
    assert re.search(r"第 22 行：各成员单位要主动履职.*（职责分工部分无法识别的内容）", report)
    assert "报总召集人同意后调整" in charter.succession_rule.text
    assert charter.succession_rule.new_notice_required is False
    assert charter.seal.office_has_seal is False and unit_name(members, charter.seal.sealing_unit) == "区民政局"
    assert str(charter.established_by.date) == "2016-05-09"


def test_articles_numbering(run, tmp_path):
    """第一章/第五条 numbering, 召集人/成员 tiers with two 召集人, labels alone on a line,
    职务 姓名 with a two-character padded name, ASCII brackets, 自动更替, 〔2019〕, 2019年12月17日."""
    out, report = do_import(run, tmp_path, FIXTURES / "articles.txt")
    members, duties, charter = load(out)
    assert people(members) == [
        ("召集人", "市政府", "欧阳明", "市政府副市长"),
        ("召集人", "市政府", "段凯", "市政府秘书长"),
        ("成员", "市人社局", "雷鸣", "市人社局局长"),
        ("成员", "市住建局", "金鹏", "市住建局副局长"),
        ("成员", "市总工会", "贺兰", "市总工会副主席"),
    ]
    assert charter.established_by.doc_number == "石政办〔2019〕33号"
    assert str(charter.established_by.date) == "2019-12-17"
    assert "自动更替" in charter.succession_rule.text
    assert charter.liaison_rule.post == "相关科室负责人"
    assert [(m.kind, m.per_year, m.approval_by) for m in charter.work_rules.meetings] == [
        ("plenary", 4, []), ("adhoc", None, ["召集人"])]
    assert {d.name: unit_name(members, d.unit) for d in duties.departments} == {
        "人社部门": "市人社局", "住房城乡建设部门": "市住建局", "工会组织": "市总工会"}
    assert "无：通知的每一行都已导入" in report


def test_three_tiers_and_director_by_name(run, tmp_path):
    """总召集人/召集人/成员, 成员： alone on a line, director named by a listed person,
    不再另行发文 + 及时知会办公室, 每年召开两次."""
    out, report = do_import(run, tmp_path, FIXTURES / "tiers.txt")
    members, _, charter = load(out)
    assert [r for r, *_ in people(members)] == ["总召集人", "召集人", "召集人", "成员", "成员", "办公室主任"]
    director = members.seats[-1]
    assert director.holders[0].name == "尹晓雯" and director.holders[0].post == "县卫健局局长"
    assert unit_name(members, director.unit) == "县卫健局"
    assert charter.work_rules.meetings[0].per_year == 2
    assert charter.work_rules.meetings[0].presided_by == ["总召集人", "召集人"]
    assert charter.succession_rule.new_notice_required is False


def test_new_notice_required_wording():
    from lianxi.importer.build import build
    from lianxi.importer.parse import parse_notice

    lines = ["某县人民政府办公室关于建立某县就业工作联席会议制度的通知",
             "召集人：李建国 县人民政府副县长",
             "成员因工作变动需要调整的，由县人社局提出，另行发文调整。"]
    result = build(parse_notice(lines, "x", "UTF-8"))
    assert "new_notice_required: true" in result.charter


# ------------------------------------------------------------------ encodings


def test_gbk_input(run, tmp_path):
    source = FIXTURES / "people_variants.txt"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(source.read_text(encoding="utf-8").encode("gbk"))
    out, report = do_import(run, tmp_path, gbk)
    assert "编码 GB18030/GBK" in report
    reference, _ = do_import(run, tmp_path, source, name="ref")
    assert (out / "members.yaml").read_text(encoding="utf-8") == (reference / "members.yaml").read_text(encoding="utf-8")


def test_utf8_bom_and_crlf(run, tmp_path):
    source = FIXTURES / "tiers.txt"
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + source.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    out, report = do_import(run, tmp_path, bom)
    assert "编码 UTF-8（带 BOM）" in report
    assert "钱文斌" in (out / "members.yaml").read_text(encoding="utf-8")


def test_traditional_refused(run, tmp_path):
    result = run("import", FIXTURES / "traditional.txt", "--out", tmp_path / "t")
    assert result.exit_code == 1
    assert "繁体中文" in result.output and "拒绝导入" in result.output
    assert not (tmp_path / "t").exists()


def test_big5_refused(run, tmp_path):
    big5 = tmp_path / "big5.txt"
    big5.write_bytes((FIXTURES / "traditional.txt").read_text(encoding="utf-8").encode("big5"))
    result = run("import", big5, "--out", tmp_path / "t")
    assert result.exit_code == 1 and "繁体中文" in result.output


def test_mojibake_refused(run, tmp_path):
    garbled = tmp_path / "garbled.txt"
    text = (FIXTURES / "tiers.txt").read_bytes().decode("gbk", errors="replace")
    garbled.write_text(text, encoding="utf-8")
    result = run("import", garbled, "--out", tmp_path / "t")
    assert result.exit_code == 1 and "乱码" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content,message", [
    (b"", "空文件"),
    (b"PK\x03\x04rest-of-a-docx", "不是可读取的 Word 文档"),
    (b"%PDF-1.4 broken", "不是可读取的 PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old-word", "另存为 .docx"),
    (b"\xff\xfe\x00\xd8broken", "编码"),
    (b"hello world", "没有中文"),
])
def test_unreadable_input(run, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("import", bad, "--out", tmp_path / "t")
    assert result.exit_code == 1 and message in result.output, result.output


def test_missing_notice(run, tmp_path):
    result = run("import", tmp_path / "nope.txt", "--out", tmp_path / "t")
    assert result.exit_code == 1 and "找不到通知文件" in result.output


def test_no_title_placeholder_name(run, tmp_path):
    """No title and no 建立…联席会议 in the body: the name is a placeholder (待填写), not exit 1."""
    notice = tmp_path / "n.txt"
    notice.write_text("召集人：李建国 县人民政府副县长\n成员：王立 县财政局副局长\n", encoding="utf-8")
    out, report = do_import(run, tmp_path, notice, name="t")
    _, _, charter = load(out)
    assert charter.name == "unknown" and "联席会议名称" in report and "待填写" in report
    out, report = do_import(run, tmp_path, notice, "--name", "某县就业工作联席会议")
    _, _, charter = load(out)
    assert charter.name == "某县就业工作联席会议"
    assert charter.established_by.title == "unknown" and "通知标题：未能识别" in report


def test_output_dir_not_empty(run, tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    result = run("import", FIXTURES / "tiers.txt", "--out", out)
    assert result.exit_code == 2 and "不为空" in result.output and "--force" in result.output
    assert not (out / "members.yaml").exists()
    result = run("import", FIXTURES / "tiers.txt", "--out", out, "--force")
    assert result.exit_code == 0
    assert (out / "keep.txt").exists() and run("validate", "--data", out).exit_code == 0


def test_output_is_a_file(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = run("import", FIXTURES / "tiers.txt", "--out", target)
    assert result.exit_code == 2 and "不是目录" in result.output


def test_unplaced_lines_are_reported_with_numbers(run, tmp_path):
    notice = tmp_path / "n.txt"
    text = (FIXTURES / "tiers.txt").read_text(encoding="utf-8").replace(
        "三、工作规则", "三、工作规则\n（一）信息通报制度\n各成员单位每月向办公室通报一次工作进展。")
    notice.write_text(text, encoding="utf-8")
    _, report = do_import(run, tmp_path, notice)
    assert "第 18 行：各成员单位每月向办公室通报一次工作进展。（工作规则“信息通报制度”在数据中没有对应字段）" in report


# ------------------------------------------------------------------ init


def test_init_valid_and_empty(run, tmp_path):
    out = tmp_path / "new"
    result = run("init", out, "--name", "某某县食品安全工作联席会议")
    assert result.exit_code == 0, result.output
    assert run("validate", "--data", out).exit_code == 0
    members, duties, charter = load(out)
    assert members.units == [] and duties.departments == []
    assert [(s.role, s.unit, s.holders) for s in members.seats] == [("总召集人", None, [])]
    assert charter.name == "某某县食品安全工作联席会议"
    assert charter.established_by.issuer == "unknown" and charter.established_by.date == "unknown"
    for name in ("members.yaml", "duties.yaml", "charter.yaml"):
        text = (out / name).read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=.schema/{name.replace('.yaml', '.schema.json')}")
        assert (out / ".schema" / name.replace(".yaml", ".schema.json")).is_file()
    assert run("roster", "--data", out).exit_code == 0
    assert run("duties", "--data", out).exit_code == 0


def test_init_without_name(run, tmp_path):
    out = tmp_path / "new"
    assert run("init", out).exit_code == 0
    assert run("validate", "--data", out).exit_code == 0
    assert load(out)[2].name == "unknown"


def test_init_refuses_non_empty(run, tmp_path):
    out = tmp_path / "new"
    assert run("init", out).exit_code == 0
    result = run("init", out)
    assert result.exit_code == 2 and "不为空" in result.output
    assert run("init", out, "--force", "--name", "某县联席会议").exit_code == 0
    assert load(out)[2].name == "某县联席会议"


def test_init_blank_name(run, tmp_path):
    result = run("init", tmp_path / "x", "--name", "  ")
    assert result.exit_code == 2 and "--name 不能为空" in result.output


def test_sentence_forms_and_two_units_in_a_post():
    """…由副县长X担任召集人 (no unit in the post), a post naming two units (市公安局、消防局)."""
    from lianxi.importer.build import build
    from lianxi.importer.parse import parse_notice

    lines = ["某市人民政府办公室关于建立某市消防安全工作联席会议制度的通知",
             "一、组成人员",
             "联席会议由副市长祁连山担任召集人。",
             "成员：包青云 市公安局、消防局副局长",
             "成员：柳如眉 市应急局副局长"]
    notice = parse_notice(lines, "x", "UTF-8")
    assert [(p.role, p.name, p.post) for p in notice.people] == [
        ("召集人", "祁连山", "副市长"), ("成员", "包青云", "市公安局、消防局副局长"), ("成员", "柳如眉", "市应急局副局长")]
    result = build(notice)
    messages = [m for _, m in result.checks]
    assert any("中没有单位名称" in m and "祁连山" in m for m in messages)
    assert any("含两个单位（市公安局、消防局）" in m for m in messages)
    assert "name: 消防局" in result.members and "unit: null" in result.members


# ------------------------------------------------------------------ any establishing notice (issue 17)
# Each notice below is synthetic (tests/fixtures/import/README.md). The counts are the report's
# "找到" line: people named (distinct), member units, lines not placed — exact, nothing invented.


def found(run, tmp_path, notice: Path, *extra: str, name: str = "out"):
    import json

    out = tmp_path / name
    result = run("import", notice, "--out", out, "--json", *extra)
    assert result.exit_code == 0, result.output
    assert run("validate", "--data", out).exit_code == 0
    data = json.loads(result.stdout)
    return out, data


@pytest.mark.parametrize("fixture,people_n,units_n,unplaced_n", [
    ("attachment_roster.txt", 6, 4, 1),
    ("no_title.txt", 2, 4, 1),
    ("member_units.txt", 0, 6, 0),
    ("open_posts.txt", 10, 7, 0),
    ("truncated.txt", 3, 2, 1),
    ("unit_list.txt", 3, 8, 1),
    ("tiers.txt", 5, 2, 0),  # 尹晓雯 is a 召集人 and the office director: one person
    ("seats_by_post.txt", 1, 5, 0),
])
def test_found_counts(run, tmp_path, fixture, people_n, units_n, unplaced_n):
    _, data = found(run, tmp_path, FIXTURES / fixture)
    assert data["found"] == {"people": people_n, "member_units": units_n, "not_placed": unplaced_n}
    assert len(data["not_placed"]) == unplaced_n


def test_found_line_in_text_report(run, tmp_path):
    _, report = do_import(run, tmp_path, FIXTURES / "attachment_roster.txt")
    assert "找到：组成人员 6 人，成员单位 4 个；未能导入 1 行（见“二、未能导入”）" in report
    _, report = do_import(run, tmp_path, SEED, name="seed")
    assert "找到：组成人员 21 人，成员单位 18 个；未能导入 0 行" in report


def test_roster_in_attachment_under_any_heading(run, tmp_path):
    """附件： alone, then a …组成人员名单 title; the body's roster section is headed 领导小组; a spaced
    label with a post and no person (召集人：区人民政府分管领导); 某某同志兼任办公室主任 (no 由) linked to
    the listed person; 市场监管局 keeps its 市; 科协 is a unit."""
    out, data = found(run, tmp_path, FIXTURES / "attachment_roster.txt")
    members, _, charter = load(out)
    assert people(members) == [
        ("副召集人", "区水利局", "柯远航", "区水利局局长"),
        ("副召集人", "区生态环境分局", "施雨桐", "区生态环境分局局长"),
        ("成员", "区水利局", "葛青山", "区水利局副局长"),
        ("成员", "区农业农村局", "庞晓梅", "区农业农村局副局长"),
        ("成员", "区市场监管局", "乔木", "区市场监管局副局长"),
        ("成员", "区科协", "骆秋实", "区科协专职副主席"),
        ("办公室主任", "区水利局", "葛青山", "区水利局副局长"),
    ]
    convener = members.seats[0]
    assert (convener.role, convener.post, convener.holders) == ("召集人", "区人民政府分管领导", [])
    assert [s.role for s in members.seats].count("召集人") == 1  # no placeholder beside the seat by post
    assert charter.office.director_seat == members.seats[-1].id
    market = next(u for u in members.units if u.name == "区市场监管局")
    assert market.aliases == ["市场监管局"]
    assert data["not_placed"] == [{"line": 6, "text": "联席会议在区政府领导下，统筹协调全区河湖保护工作。",
                                   "reason": "正文中无法归入任何字段的内容"}]
    assert not any("重复" in item["reason"] for item in data["ignored"])  # the attachment title is not site noise


def test_no_title_name_from_body_and_one_sentence_two_facts(run, tmp_path):
    """A copy starting mid-document: the numbered heading 一、联席会议 is not the title; the name comes
    from 决定建立…联席会议制度; 副州长X担任召集人，成员由A、B…的分管负责人组成 gives both facts and
    the unit list does not swallow the convener clause; the director is named without 由."""
    out, data = found(run, tmp_path, FIXTURES / "no_title.txt")
    members, _, charter = load(out)
    assert charter.name == "澜沧州禁毒工作联席会议" and charter.established_by.title == "unknown"
    assert any("取自正文" in c["message"] for c in data["check"])
    assert people(members) == [("召集人", "州人民政府", "杜若衡", "州人民政府副州长"),
                               ("办公室主任", "州公安局", "蓝启明", "州公安局副局长")]
    assert [u.name for u in members.units if u.member] == ["州公安局", "州教育局", "州卫健委", "州司法局"]
    seats = [s for s in members.seats if s.role == "成员"]
    assert [s.post for s in seats] == ["分管负责人"] * 4 and not any(s.holders for s in seats)
    assert members.seats[-1].holders[0].phone == "0871-6123456"


def test_member_units_after_label_and_post_from_next_sentence(run, tmp_path):
    """成员：A、B、…等6个单位。 then 以上单位分管负责人为联席会议成员。: a seat per unit, holder 待报送;
    a leading 各 stays in the unit name; a convener given by post."""
    out, data = found(run, tmp_path, FIXTURES / "member_units.txt")
    members, _, _ = load(out)
    member_units = [u.name for u in members.units if u.member]
    assert member_units == ["县委宣传部", "县教育局", "县公安局", "县市场监管局", "各乡镇人民政府", "国网松岭供电公司"]
    seats = [s for s in members.seats if s.role == "成员"]
    assert len(seats) == 6 and all(s.post == "分管负责人" and not s.holders for s in seats)
    assert not any("通知写明" in c["message"] for c in data["check"])  # 6 stated, 6 listed
    roster = run("roster", "--data", out)
    assert roster.stdout.count("待报送") == 6 and "召集人      未载明" in roster.stdout
    assert data["warnings"] == []


def test_open_vocabulary_posts(run, tmp_path):
    """厅长助理, 总督学, 总队长, 总统计师, 专职副主席: the rest after the name is the post, the unit split at
    a unit suffix; 市场监管局 without a region keeps its 市; 职务 姓名 and 姓名（职务）."""
    out, _ = found(run, tmp_path, FIXTURES / "open_posts.txt")
    members, _, charter = load(out)
    assert [(role, unit, name) for role, unit, name, _ in people(members)] == [
        ("总召集人", "省人民政府", "聂清和"), ("召集人", "省科协", "晏北辰"), ("副召集人", "省教育厅", "沈知远"),
        ("成员", "省公安厅", "祝鸿飞"), ("成员", "省消防救援总队", "邵卓然"), ("成员", "省统计局", "顾盼"),
        ("成员", "省科协", "裴立言"), ("成员", "省关工委", "岑若谷"), ("成员", "市场监管局", "鲍守拙"),
        ("成员", "国网岚山供电公司", "费一鸣"), ("办公室主任", "省科协", "裴立言")]
    assert seat_of(members, "沈知远").holders[0].post == "省教育厅总督学"
    assert seat_of(members, "祝鸿飞").holders[0].post == "省公安厅厅长助理"
    market = next(u for u in members.units if u.name == "市场监管局")
    # the name as written, its 市 kept; 省 added only as an alias (a prefix dropped after the first unit)
    assert market.aliases == ["省市场监管局"] and market.id == "shichangjianguan"
    assert charter.region == "岚山省"


def test_seats_by_post_in_a_sentence(run, tmp_path):
    """由区政府分管领导担任召集人，A副主任、B局长担任副召集人 → three seats by post (two units, two seats);
    成员：A、B…各单位分管负责人 on one line: the units and their post; a leading 各 kept."""
    out, data = found(run, tmp_path, FIXTURES / "seats_by_post.txt")
    members, _, _ = load(out)
    units = {u.id: u.name for u in members.units}
    by_post = [(s.role, units.get(s.unit), s.post) for s in members.seats if not s.holders and s.role != "成员"]
    assert by_post == [("召集人", "区政府", "区政府分管领导"),
                       ("副召集人", "区政府办公室", "区政府办公室联系副主任"),
                       ("副召集人", "区交通运输局", "区交通运输局局长")]
    assert [u.name for u in members.units if u.member] == ["区委办", "区发改局", "区公安分局", "区交通运输局", "各街道办事处"]
    assert all(s.post == "分管负责人" for s in members.seats if s.role == "成员")
    assert people(members) == [("办公室主任", "区交通运输局", "贾一凡", "区交通运输局副局长")]


def test_bracketed_entries_in_one_line_and_two_posts(run, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县粮食安全工作联席会议制度的通知\n"
                      "召集人：严守一（县人民政府副县长）\n"
                      "成员：史可为（县发改局局长）、龙飞扬（县委常委、县农业农村局局长）\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 3, "member_units": 2, "not_placed": 0}
    members, _, _ = load(out)
    assert people(members)[2] == ("成员", "县农业农村局", "龙飞扬", "县委常委、县农业农村局局长")
    assert any("含 2 个职务，席位记在“县农业农村局”名下" in c["message"] for c in data["check"])


def test_truncated_last_entry_left_unplaced(run, tmp_path):
    out, data = found(run, tmp_path, FIXTURES / "truncated.txt")
    members, _, _ = load(out)
    assert "尚品" not in (out / "members.yaml").read_text(encoding="utf-8")
    assert data["not_placed"][0]["line"] == 7 and "截断" in data["not_placed"][0]["reason"]
    assert any(c["line"] == 7 and "似被截断" in c["message"] for c in data["check"])


def test_placeholder_convener_named_after_the_tier(run, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县就业工作联席会议制度的通知\n"
                      "成员：王立 县财政局副局长\n联席会议由召集人主持。\n", encoding="utf-8")
    out, report = do_import(run, tmp_path, notice)
    members, _, _ = load(out)
    assert (members.seats[0].role, members.seats[0].holders) == ("召集人", [])
    assert "召集人：通知中未能识别召集人，已建一个空的“召集人”席位" in report


def test_roster_under_no_heading(run, tmp_path):
    """No section heading at all: the labelled lines and their continuation are the roster."""
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县供水安全工作联席会议制度的通知\n"
                      "为保障城乡供水安全，决定建立某县供水安全工作联席会议制度。\n"
                      "总召集人：严守一 县人民政府副县长\n"
                      "成员：史可为 县水利局局长\n"
                      "    龙飞扬 县卫健局副局长\n"
                      "联席会议办公室设在县水利局。\n", encoding="utf-8")
    _, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 3, "member_units": 2, "not_placed": 0}


def test_warning_when_labels_but_nobody(run, tmp_path):
    """Role labels seen but nothing importable: the data validates, so the report must warn."""
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县供水安全工作联席会议制度的通知\n"
                      "召集人：见附表\n成员：见附表\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert data["found"]["people"] == 0 and data["found"]["member_units"] == 0
    assert len(data["warnings"]) == 1 and "角色标签" in data["warnings"][0]
    _, report = do_import(run, tmp_path, notice, name="text")
    assert "警告：通知中有角色标签（第 2–3 行），但没有导入任何人员或成员单位" in report


@pytest.mark.parametrize("fixture", ["refused_meeting_notice.txt", "refused_minutes.txt"])
def test_non_establishing_text_refused(run, tmp_path, fixture):
    result = run("import", FIXTURES / fixture, "--out", tmp_path / "t")
    assert result.exit_code == 1 and "不是设立联席会议的通知" in result.output and "未写入任何文件" in result.output
    assert not (tmp_path / "t").exists()


def test_text_without_any_roster_refused(run, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("关于做好春节期间值班工作的安排\n请各单位安排好值班人员，确保信息畅通。\n", encoding="utf-8")
    result = run("import", notice, "--out", tmp_path / "t")
    assert result.exit_code == 1 and "不像是设立联席会议的通知" in result.output
    assert not (tmp_path / "t").exists()


# ------------------------------------------------------------------ input formats


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                       ("utf-16-le", b""), ("utf-16-be", b""), ("gb18030", b"")])
def test_text_encodings(run, tmp_path, codec, bom):
    source = FIXTURES / "open_posts.txt"
    target = tmp_path / "n.txt"
    target.write_bytes(bom + source.read_text(encoding="utf-8").encode(codec))
    out, data = found(run, tmp_path, target)
    assert data["found"] == {"people": 10, "member_units": 7, "not_placed": 0}
    if codec.startswith("utf-16"):
        assert data["encoding"] == ("UTF-16（带 BOM）" if bom else "UTF-16（无 BOM）")


def test_stdin(run, tmp_path):
    import json

    out = tmp_path / "out"
    result = run("import", "-", "--out", out, "--json",
                 input=(FIXTURES / "open_posts.txt").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["notice"] == "标准输入" and data["found"]["people"] == 10


def _docx_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("notice_files", FIXTURES / "notice_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docx_with_roster_table(run, tmp_path):
    files = _docx_module()
    notice = files.roster_docx(tmp_path / "通知.docx")
    out, data = found(run, tmp_path, notice)
    assert data["encoding"] == "Word 文档（.docx）"
    assert data["found"] == {**files.EXPECTED, "not_placed": 0}
    members, duties, _ = load(out)
    assert people(members) == [
        ("召集人", "县人民政府", "龚定远", "县人民政府副县长"), ("副召集人", "县住建局", "石磊落", "县住建局局长"),
        ("成员", "县应急局", "卜晴川", "县应急局副局长"), ("成员", "县市场监管局", "闻舟", "县市场监管局副局长"),
        ("成员", "县消防救援大队", "车晓岚", "县消防救援大队大队长")]
    assert [d.name for d in duties.departments] == ["住建部门", "应急管理部门"]


def test_docx_text_roster_as_paragraphs(run, tmp_path):
    import docx

    document = docx.Document()
    for line in (FIXTURES / "attachment_roster.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "n.docx"))
    _, data = found(run, tmp_path, tmp_path / "n.docx")
    assert data["found"] == {"people": 6, "member_units": 4, "not_placed": 1}


def test_pdf_with_text_layer(run, tmp_path):
    """table_roster.pdf is the roster_docx notice through LibreOffice: cells wrapped onto a second
    line (…副局 / 长) are joined back, the 序号 column and the header row are not entries."""
    files = _docx_module()
    out, data = found(run, tmp_path, FIXTURES / "table_roster.pdf")
    assert data["encoding"] == "PDF 文字层"
    assert data["found"] == {**files.EXPECTED, "not_placed": 0}
    members, _, _ = load(out)
    assert seat_of(members, "闻舟").holders[0].post == "县市场监管局副局长"
    assert seat_of(members, "车晓岚").holders[0].post == "县消防救援大队大队长"
    assert sum("换行，已合并" in c["message"] for c in data["check"]) == 2


def test_scanned_pdf_refused(run, tmp_path):
    result = run("import", FIXTURES / "scanned.pdf", "--out", tmp_path / "t")
    assert result.exit_code == 1 and "没有文字层" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "t").exists()


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_refused(run, tmp_path, suffix):
    notice = tmp_path / f"通知{suffix}"
    notice.write_bytes((FIXTURES / "tiers.txt").read_bytes())
    result = run("import", notice, "--out", tmp_path / "t")
    assert result.exit_code == 1 and "请用 Word 或 WPS 打开，另存为 .docx" in result.output


def test_docx_traditional_refused(run, tmp_path):
    import docx

    document = docx.Document()
    for line in (FIXTURES / "traditional.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "t.docx"))
    result = run("import", tmp_path / "t.docx", "--out", tmp_path / "t")
    assert result.exit_code == 1 and "繁体中文" in result.output


# ------------------------------------------------------------------ a later notice --into existing data


def test_into_is_one_journal_entry_one_undo_takes_it_back(run, data_dir):
    """The successions and the renaming of one import --into are one command: one entry, one undo."""
    import json

    before = {p.name: p.read_bytes() for p in data_dir.glob("*.yaml")}
    assert run("import", FIXTURES / "later_notice.txt", "--into", data_dir).exit_code == 0
    entries = json.loads(run("history", "--json", "--data", data_dir).stdout)["entries"]
    assert len(entries) == 1
    assert {f["path"] for f in entries[0]["files"]} == {"members.yaml", "charter.yaml"}
    assert run("undo", "--data", data_dir).exit_code == 0
    assert {p.name: p.read_bytes() for p in data_dir.glob("*.yaml")} == before


def test_into_dry_run_then_write(run, data_dir):
    """later_notice.txt (synthetic) renames the bundled joint meeting and re-staffs three seats:
    shown first with -n (nothing written), then recorded by the succession core and a renaming."""
    import json

    notice = FIXTURES / "later_notice.txt"
    before = {p.name: p.read_bytes() for p in data_dir.glob("*.yaml")}
    result = run("import", notice, "--into", data_dir, "-n")
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in data_dir.glob("*.yaml")} == before
    out = result.stdout
    assert "更名：泉港区婴幼儿照护服务工作联席会议 → 泉港区托育服务工作联席会议" in out
    assert "人事接替 3 处，留任 2 人" in out
    assert "区应急管理局 成员 柴永安（区应急管理局副局长）：数据中没有对应的席位" in out
    assert "试运行（--dry-run）" in out and "实际未写入" in out

    result = run("import", notice, "--into", data_dir, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rename"] == "泉港区托育服务工作联席会议" and data["date"] == "2027-02-01"
    assert [(c["role"], c["name"]) for c in data["changes"]] == [("总召集人", "田野青"), ("成员", "苗新禾"),
                                                               ("成员", "闵正言")]
    assert run("validate", "--data", data_dir).exit_code == 0
    members, _, charter = load(data_dir)
    assert charter.name == "泉港区托育服务工作联席会议"
    assert charter.office.name == "泉港区托育服务工作联席会议办公室"
    convener = next(s for s in members.seats if s.id == "convener")
    assert [(h.name, str(h.start), str(h.end)) for h in convener.holders] == [
        ("庄一鸣", "unknown", "2027-01-31"), ("田野青", "2027-02-01", "None")]
    assert "柴永安" not in (data_dir / "members.yaml").read_text(encoding="utf-8")  # unmatched: not guessed
    # the same notice again changes nothing
    again = run("import", notice, "--into", data_dir)
    assert again.exit_code == 0 and "人事接替 0 处" in again.stdout


def test_into_needs_a_date(run, data_dir, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("泉港区人民政府办公室关于调整泉港区婴幼儿照护服务工作联席会议组成人员的通知\n"
                      "成员：苗新禾 区教育局副局长\n", encoding="utf-8")
    result = run("import", notice, "--into", data_dir)
    assert result.exit_code == 2 and "--date" in result.output
    result = run("import", notice, "--into", data_dir, "--date", "2027-03-01")
    assert result.exit_code == 0, result.output
    members, _, _ = load(data_dir)
    seat = next(s for s in members.seats if s.id == "member-jiaoyu")
    assert seat.holders[-1].name == "苗新禾" and str(seat.holders[-1].start) == "2027-03-01"


@pytest.mark.parametrize("args,message", [
    ([], "二者选一"),
    (["--out", "X", "--into", "Y"], "二者选一"),
    (["--out", "X", "--date", "2027-01-01"], "--date 只与 --into 同用"),
])
def test_into_usage(run, tmp_path, args, message):
    args = [str(tmp_path / a) if a in ("X", "Y") else a for a in args]
    result = run("import", FIXTURES / "tiers.txt", *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_into_bundled_data_refused(run):
    result = run("import", FIXTURES / "later_notice.txt", "--into", bundled_dir("data"), "-n")
    assert result.exit_code != 0 and "内置数据" in result.output


def test_role_duty_line_is_not_a_roster_line(run, tmp_path):
    """召集人：主持联席会议全体会议，… under 主要职责 states the role's duty, not a person."""
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县粮食安全工作联席会议制度的通知\n一、主要职责\n"
                      "召集人：主持联席会议全体会议，审定工作计划。\n二、组成人员\n"
                      "召集人：严守一 县人民政府副县长\n成员：史可为 县发改局局长\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 2, "member_units": 1, "not_placed": 0}
    _, _, charter = load(out)
    assert charter.responsibilities.joint_meeting == ["召集人：主持联席会议全体会议，审定工作计划。"]


def test_dry_run_writes_nothing_and_says_so(run, tmp_path):
    result = run("import", FIXTURES / "open_posts.txt", "--out", tmp_path / "t", "-n")
    assert result.exit_code == 0, result.output
    assert "将写入：" in result.stdout and "试运行，未写入" in result.stdout and "已写入" not in result.stdout
    assert not (tmp_path / "t").exists()


@pytest.mark.parametrize("heading", ["二、组成人员", "一、联席会议组成", "一、人员组成", "一、会议组成人员",
                                     "一、联席会议成员名单", "一、领导小组", "一、工作机制", ""])
def test_roster_under_any_heading(run, tmp_path, heading):
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县供水安全工作联席会议制度的通知\n"
                      f"{heading}\n召 集 人：严守一 县人民政府副县长\n成员：史可为 县水利局局长\n"
                      "龙飞扬 县卫健局副局长\n县住建局副局长 邹明\n", encoding="utf-8")
    _, data = found(run, tmp_path, notice)
    assert (data["found"]["people"], data["found"]["member_units"]) == (4, 3)
    assert data["not_placed"] == []


# ------------------------------------------------------------------ audit gaps (notes/17-gaps.md)

GAP_HEAD = "某县人民政府办公室关于建立某县河长制工作联席会议制度的通知\n一、组成人员\n"


@pytest.mark.parametrize("body,post", [
    ("联席会议由县政府副县长张一山担任召集人，县发改局、县财政局、县水利局分管负责人为成员。", "分管负责人"),
    ("联席会议由县政府副县长张一山担任召集人，县发改局、县财政局、县水利局分管领导为成员。", "分管领导"),
    ("联席会议由县政府副县长张一山担任召集人，成员为县发改局、县财政局、县水利局分管负责人。", "分管负责人"),
    ("召集人：张一山 县政府副县长\n县发改局、县财政局、县水利局分管负责人为成员。", "分管负责人"),
    ("召集人：张一山 县政府副县长\n成员为县发改局、县财政局、县水利局分管领导。", "分管领导"),
])
def test_unit_list_ending_in_the_members_post(run, tmp_path, body, post):
    """Gap 1: X、Y、Z分管负责人为成员 / 成员为X、Y、Z分管领导 (in a sentence or on its own line)."""
    notice = tmp_path / "n.txt"
    notice.write_text(GAP_HEAD + body + "\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 1, "member_units": 3, "not_placed": 0}, data["not_placed"]
    members, _, _ = load(out)
    seats = [(unit_name(members, s.unit), s.post, s.holders) for s in members.seats if s.role == "成员"]
    assert seats == [("县发改局", post, []), ("县财政局", post, []), ("县水利局", post, [])]


def test_clause_left_out_of_a_placed_line_is_counted(run, tmp_path):
    """Gap 1: a clause that cannot be placed is listed under 未能导入 even when the rest of its line was."""
    notice = tmp_path / "n.txt"
    notice.write_text(GAP_HEAD + "联席会议由县政府副县长张一山担任召集人，县发改局、县财政局分管领导为成员，"
                      "县林业局另派专人列席。\n", encoding="utf-8")
    _, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 1, "member_units": 2, "not_placed": 1}
    assert [(x["line"], x["text"]) for x in data["not_placed"]] == [(3, "县林业局另派专人列席。")]
    _, report = do_import(run, tmp_path, notice, name="text")
    assert "未能导入 1 行" in report and "第 3 行：县林业局另派专人列席。" in report


def test_members_post_stated_twice_is_no_false_alarm(run, tmp_path):
    """Gap 6: 成员单位包括…，各成员单位分管负责人为成员 — the post is applied, not reported as left out."""
    _, data = found(run, tmp_path, FIXTURES / "unit_list.txt")
    assert not any("未能导入" in c["message"] for c in data["check"])
    assert not any("各成员单位分管负责人为成员" in x["text"] for x in data["not_placed"])


ROLE_LAST_ROWS = [("1", "龚定远", "县人民政府副县长", "召集人"), ("2", "石磊落", "县住建局局长", "副召集人"),
                  ("3", "卜晴川", "县应急局副局长", "成员"), ("4", "闻 舟", "县市场监管局副局长", "成员")]
ROLE_LAST_PEOPLE = [("召集人", "县人民政府", "龚定远", "县人民政府副县长"), ("副召集人", "县住建局", "石磊落", "县住建局局长"),
                    ("成员", "县应急局", "卜晴川", "县应急局副局长"), ("成员", "县市场监管局", "闻舟", "县市场监管局副局长")]
ROLE_LAST_HEAD = ["白鹭县人民政府办公室关于建立白鹭县燃气安全工作联席会议制度的通知",
                  "为加强燃气安全管理，经县政府同意，决定建立白鹭县燃气安全工作联席会议制度。", "一、组成人员"]


def test_roster_rows_with_the_role_last(run, tmp_path):
    """Gap 2: 姓名 职务 角色 lines (with or without 序号); a row ending in 成员 is no roster title."""
    notice = tmp_path / "n.txt"
    rows = [" ".join(r[1:]) if k % 2 else " ".join(r) for k, r in enumerate(ROLE_LAST_ROWS)]
    notice.write_text("\n".join(ROLE_LAST_HEAD + ["姓名 单位及职务 联席会议职务"] + rows) + "\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 4, "member_units": 2, "not_placed": 0}
    assert data["warnings"] == []
    assert people(load(out)[0]) == ROLE_LAST_PEOPLE


def test_docx_table_with_the_role_in_the_last_column(run, tmp_path):
    """Gap 2: a Word table 序号 | 姓名 | 单位及职务 | 联席会议职务."""
    import docx

    document = docx.Document()
    for text in ROLE_LAST_HEAD:
        document.add_paragraph(text)
    table = document.add_table(rows=len(ROLE_LAST_ROWS) + 1, cols=4)
    for r, row in enumerate([("序号", "姓名", "单位及职务", "联席会议职务")] + ROLE_LAST_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(tmp_path / "n.docx"))
    out, data = found(run, tmp_path, tmp_path / "n.docx")
    assert data["found"] == {"people": 4, "member_units": 2, "not_placed": 0}
    assert people(load(out)[0]) == ROLE_LAST_PEOPLE


def test_unreadable_row_ending_in_a_role_is_listed(run, tmp_path):
    """Gap 2: a short line ending in 成员 that is a roster row is not swallowed as a roster title."""
    notice = tmp_path / "n.txt"
    notice.write_text("\n".join(ROLE_LAST_HEAD + ["龚定远 县人民政府副县长 召集人", "卜晴川 成员"]) + "\n",
                      encoding="utf-8")
    _, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 1, "member_units": 0, "not_placed": 1}
    assert [x["text"] for x in data["not_placed"]] == ["卜晴川 成员"]


def test_into_another_joint_meeting_refused(run, data_dir, tmp_path):
    """Gap 3: a 溪口县 notice into the 泉港区 data, or another meeting of the same district, is refused
    (exit 1, nothing written) unless --force."""
    before = {p.name: p.read_bytes() for p in data_dir.glob("*.yaml")}
    result = run("import", FIXTURES / "tiers.txt", "--into", data_dir)
    assert result.exit_code == 1, result.output
    assert "溪口县托育服务工作联席会议" in result.output and "泉港区婴幼儿照护服务工作联席会议" in result.output
    assert "地区不同" in result.output and "--force" in result.output
    other = tmp_path / "n.txt"
    other.write_text("泉港区人民政府办公室关于调整泉港区食品安全工作联席会议组成人员的通知\n"
                     "成员：苗新禾 区教育局副局长\n2027年3月1日\n", encoding="utf-8")
    result = run("import", other, "--into", data_dir, "-n")
    assert result.exit_code == 1 and "名称不同" in result.output, result.output
    assert {p.name: p.read_bytes() for p in data_dir.glob("*.yaml")} == before
    result = run("import", other, "--into", data_dir, "-n", "--force")
    assert result.exit_code == 0 and "更名：泉港区婴幼儿照护服务工作联席会议 → 泉港区食品安全工作联席会议" in result.output


def test_member_label_listing_posts(run, tmp_path):
    """Gap 5: 成员：县公安局局长、县教育局局长 → one 成员 seat by post per unit."""
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县禁毒工作联席会议制度的通知\n一、组成人员\n"
                      "召集人：张一山 县政府副县长\n成员：县公安局局长、县教育局局长\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert data["found"] == {"people": 1, "member_units": 2, "not_placed": 0}
    members, _, _ = load(out)
    assert [(unit_name(members, s.unit), s.post, s.holders) for s in members.seats if s.role == "成员"] == [
        ("县公安局", "县公安局局长", []), ("县教育局", "县教育局局长", [])]


WRAP_NOTICE = """白鹭县人民政府办公室关于建立白鹭县学生饮食安全工作联席会议制度的通知
为加强学校及周边饮食安全管理，切实保障在校学生身体健康和生命安全，经县政府同意，决定建立白鹭县学生饮食安全工作联席会议制度，现将有关事项通知如下。
一、组成人员
召集人：龚定远 县人民政府副县长
成员：卜晴川 县教育局副局长
闻 舟 县市场监管局副局长
车晓岚 县卫健局副局长
二、职责分工
教育部门：负责督促各类学校落实食品安全校长负责制，建立健全学校食堂食材采购、贮存、加工和留样制度，组织开展学校食品安全宣传教育和应急演练，定期对学校食堂及校外供餐单位进行检查。
市场监管部门：负责对学校食堂、校外供餐单位和校园周边食品经营者实施监督检查，依法查处违法违规行为，指导学校及供餐服务机构的食品原料进货查验、从业人员健康管理等工作，组织开展抽检监测。
卫生健康部门：负责学校食源性疾病监测和食物中毒事件的流行病学调查及医疗救治，指导学校和托育服务机构的饮用水卫生、传染病防控等工作，配合做好学校食品安全事故的调查处理。
"""


def test_pdf_wrapped_prose_is_rejoined():
    """Gap 4: a paragraph wrapped at the page edge is one line again; table rows, items, labels and
    lines ending in a colon are not joined."""
    from lianxi.importer.office import _rejoin

    full = "卫生健康部门：负责学校食源性疾病监测和食物中毒事件的流行病学调查及医疗救治，指导学校和托育服"
    page = "\n".join([
        full, "务机构的饮用水卫生、传染病防控等工作。",
        "市场监管部门：负责对学校食堂、校外供餐单位和校园周边食品经营者实施监督检查，依法查处违法违规行为。",
        "教育部门：负责督促各类学校落实食品安全校长负责制，建立健全学校食堂食材采购、贮存、加工和留样制",
        "度。", "一、组成人员", "3 成员 卜晴川 县应急局副局长 县市场监管局副局长 县消防救援大队大队长 县财政局副局",
        "长", "各乡镇人民政府，县直各单位，县直各有关单位，省市驻县有关单位，县属国有企业，各有关单位：", "召集人：龚定远"])
    assert _rejoin(page).split("\n") == [
        full + "务机构的饮用水卫生、传染病防控等工作。",
        "市场监管部门：负责对学校食堂、校外供餐单位和校园周边食品经营者实施监督检查，依法查处违法违规行为。",
        "教育部门：负责督促各类学校落实食品安全校长负责制，建立健全学校食堂食材采购、贮存、加工和留样制度。",
        "一、组成人员", "3 成员 卜晴川 县应急局副局长 县市场监管局副局长 县消防救援大队大队长 县财政局副局", "长",
        "各乡镇人民政府，县直各单位，县直各有关单位，省市驻县有关单位，县属国有企业，各有关单位：", "召集人：龚定远"]


def test_pdf_import_equals_text_import(run, tmp_path):
    """Gap 4: the same notice as .txt and as a PDF made by LibreOffice gives the same data (no
    department invented from a wrapped line's tail)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice (LibreOffice) is not installed: cannot make the PDF")
    notice = tmp_path / "n.txt"
    notice.write_text(WRAP_NOTICE, encoding="utf-8")
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                           "--infilter=Text (encoded):UTF8,,,", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(notice)], capture_output=True, timeout=120)
    if done.returncode != 0 or not (tmp_path / "n.pdf").exists():
        pytest.skip(f"soffice could not convert the notice: {done.stderr.decode(errors='replace')[:200]}")
    out_txt, data_txt = found(run, tmp_path, notice, name="txt")
    out_pdf, data_pdf = found(run, tmp_path, tmp_path / "n.pdf", name="pdf")
    assert data_pdf["found"] == data_txt["found"] == {"people": 4, "member_units": 3, "not_placed": 0}
    for name in ("members.yaml", "duties.yaml"):
        assert (out_pdf / name).read_text(encoding="utf-8") == (out_txt / name).read_text(encoding="utf-8")
    assert not any("已并入上一部门" in c["message"] for c in data_pdf["check"])


def test_colonless_fragment_is_no_department(run, tmp_path):
    """Gap 4: a line's tail (务机构的饮用水卫生、…进行监督检查) is not read as a department without a colon."""
    notice = tmp_path / "n.txt"
    notice.write_text(WRAP_NOTICE.split("二、职责分工")[0] + "二、职责分工\n"
                      "卫生健康部门：负责学校食源性疾病监测和食物中毒事件的调查处理。\n"
                      "务机构的饮用水卫生、传染病防控等进行监督检查。\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    assert [d.name for d in load(out)[1].departments] == ["卫生健康部门"]
    assert [x["line"] for x in data["not_placed"]] == [10]


def test_director_at_the_office_unit_and_two_post_convener_checked(run, tmp_path):
    """Gap 6: 办公室设在县公安局，王五同志兼任办公室主任 (王五 not listed) seats the director at 县公安局;
    a convener whose post is 县委常委、副县长 is seated at 县委 and the report asks to check it."""
    notice = tmp_path / "n.txt"
    notice.write_text("某县人民政府办公室关于建立某县禁毒工作联席会议制度的通知\n一、组成人员\n"
                      "召集人：张一山 县委常委、副县长\n成员：史可为 县发改局局长\n"
                      "联席会议办公室设在县公安局，王五同志兼任办公室主任。\n", encoding="utf-8")
    out, data = found(run, tmp_path, notice)
    members, _, _ = load(out)
    director = next(s for s in members.seats if s.role == "办公室主任")
    assert unit_name(members, director.unit) == "县公安局" and director.holders[0].name == "王五"
    messages = [(c["line"], c["message"]) for c in data["check"]]
    assert (5, "办公室主任王五的单位通知中未写明，按“办公室设在县公安局”记在“县公安局”名下，请核对") in messages
    assert (3, "职务“县委常委、副县长”含 2 个职务，席位记在“县委”名下（按第一个职务），请核对") in messages
