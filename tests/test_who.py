"""``lianxi who``: ranking departments by matter, on the bundled data and on other data directories."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from lianxi.dataset import Dataset
from lianxi.store import bundled_dir
from lianxi.who import Index, Lexicon, Question, load_lexicon, rank

# ---------------------------------------------------------------- questions (callers' words)
# Written the way a caller asks, not copied from the division of duties: a test below checks
# that no question shares six consecutive characters with any duty sentence.
QUESTIONS = {
    "fagai": [
        "想申报普惠托育的建设项目，该找谁？",
        "托育服务怎么写进全区的五年发展规划",
        "国民经济计划里托育这块谁来统筹",
    ],
    "jiaoyu": [
        "幼儿园能不能办托班，收两三岁的孩子？",
        "托育专业的学生培养归哪个部门",
        "院校培养育婴人才找谁",
    ],
    "gongan": [
        "托育园门口要配保安、装监控，谁来指导",
        "担心有坏人闯进托儿所，安防措施找谁",
    ],
    "minzheng": [
        "办一个民办非企业性质的托育园，到哪登记？",
        "不以营利为目的的托儿所怎么注册",
        "社区想把托育纳入社区服务，找哪个部门",
    ],
    "caizheng": [
        "办托育能申请到补贴吗",
        "托育行业的扶持经费从哪里来",
    ],
    "renshe": [
        "保育员想考证、评职称去哪问",
        "托育老师被拖欠工资，谁给做主",
        "育婴师培训谁来组织",
    ],
    "ziranziyuan": [
        "建托育园要用地，土地怎么批",
        "老小区改造时想配个婴幼儿活动室，规划审批找谁",
    ],
    "zhujian": [
        "新建托育中心的消防验收谁来管",
        "托育园装修要办施工许可证吗，找谁",
    ],
    "weijian": [
        "托儿所的饮用水归谁管",
        "托班里出现手足口病怎么办",
        "托育机构开业后要去哪备案",
        "宝宝在托育园的体检和保健谁来指导",
    ],
    "yingji": [
        "托育园发生意外事故需要紧急救援，该联系谁",
        "托育场所出了安全生产方面的突发状况找谁",
    ],
    "shuiwu": [
        "托育机构能不能免税",
        "开托育园有哪些减免税费的政策",
    ],
    "shichang": [
        "开一家托育公司去哪办营业执照",
        "托育园的饭菜卫生谁来查",
        "孩子在托育机构被喂错药了找谁",
    ],
    "bianzhi": [
        "公办托育园要登记成事业单位，找谁审批",
        "事业编的托育机构法人怎么登记",
    ],
    "gonghui": [
        "单位想给员工办个内部托儿所，谁来推动",
        "职工子女的托育福利找哪个组织",
    ],
    "gongqingtuan": [
        "给年轻人做托育宣传，谁牵头",
        "团员青年的育儿宣传活动谁牵头",
    ],
    "fulian": [
        "新手爸妈想学怎么带娃，谁能给指导",
        "家庭育儿知识咨询找谁",
    ],
    "jishengxie": [
        "群众想对托育机构进行社会监督，找谁",
        "托育工作的宣传和群众监督由谁参与",
    ],
    "xiaofang": [
        "托育园的消防通道被堵了，谁来查处",
        "发现托育机构有火灾隐患，向谁举报",
        "托育中心的消防安全检查归谁",
    ],
}

# The distinctions the seed draws: (question, expected department)
DISTINCTIONS = {
    "registration": [
        ("非营利性的托育机构在哪里登记", "minzheng"),
        ("民非性质的托儿所怎么办登记手续", "minzheng"),
        ("营利性托育机构到哪注册", "shichang"),
        ("开托育公司怎么登记", "shichang"),
        ("属于事业单位编制的托育机构由谁审批登记", "bianzhi"),
        ("公办托育园法人登记找谁", "bianzhi"),
    ],
    "fire": [
        ("托育中心施工时的消防审验谁管", "zhujian"),
        ("新建托育园消防验收找谁", "zhujian"),
        ("托育园消防安全谁来监管", "xiaofang"),
        ("托育机构消防违法谁处理", "xiaofang"),
    ],
    "food_water": [
        ("托育机构的食品安全归谁管", "shichang"),
        ("托育园给孩子用药安全谁监管", "shichang"),
        ("托育机构饮用水不干净找谁", "weijian"),
        ("托育园传染病防控谁来查", "weijian"),
    ],
}

ALL_QUESTIONS = [(q, d) for d, qs in QUESTIONS.items() for q in qs]
ALL_DISTINCTIONS = [(kind, q, d) for kind, pairs in DISTINCTIONS.items() for q, d in pairs]


@pytest.fixture(scope="module")
def bundled():
    ds = Dataset.open(bundled_dir("data"))
    lex = load_lexicon(ds.root)
    return ds, lex, Index(ds.duties.departments, lex)


def _top(bundled, question):
    ds, lex, index = bundled
    answer = rank(ds.duties.departments, question, lex, index)
    assert answer.found, f"{question}: nothing found"
    return answer.best.department.id, answer


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")


# ---------------------------------------------------------------- the question set itself


def test_every_department_has_two_questions(bundled):
    ds = bundled[0]
    ids = {d.id for d in ds.duties.departments}
    assert set(QUESTIONS) == ids
    assert all(len(qs) >= 2 for qs in QUESTIONS.values())
    assert len(ALL_QUESTIONS) >= 36


def test_no_question_copies_the_duty_text(bundled):
    ds = bundled[0]
    duties = [_plain(s) for d in ds.duties.departments for s in d.duties]
    questions = [q for q, _ in ALL_QUESTIONS] + [q for _, q, _ in ALL_DISTINCTIONS] + [q for q, _, _ in NATURE]
    for question in questions:
        q = _plain(question)
        for i in range(len(q) - 5):
            piece = q[i:i + 6]
            assert not any(piece in duty for duty in duties), f"“{question}” copies “{piece}” from the duties"


def test_copy_check_would_catch_a_copy(bundled):
    """The check above can fail: a sentence lifted from the duties is caught."""
    ds = bundled[0]
    duties = [_plain(s) for d in ds.duties.departments for s in d.duties]
    lifted = _plain("托育机构饮用水卫生归谁管")  # 饮用水卫生 is 5 characters: allowed
    assert not any(lifted[i:i + 6] in d for d in duties for i in range(len(lifted) - 5))
    lifted = _plain("请问：传染病防控等进行监督检查找谁？")
    assert any(lifted[i:i + 6] in d for d in duties for i in range(len(lifted) - 5))


# ---------------------------------------------------------------- ranking on the bundled data


# The one seed question that needs a broad one-way expansion the issue removed (补贴 → 资金):
# 词林 puts 补贴 with 津贴 only, and the office table does not map 补贴 to the duties' 资金 on purpose.
NEEDS_BROAD_EXPANSION = {"办托育能申请到补贴吗"}


@pytest.mark.parametrize("question,expected", [
    pytest.param(q, d, marks=pytest.mark.xfail(strict=True, reason="补贴 → 资金 is a broad expansion, removed"))
    if q in NEEDS_BROAD_EXPANSION else (q, d) for q, d in ALL_QUESTIONS], ids=[f"{d}:{q}" for q, d in ALL_QUESTIONS])
def test_question_ranks_the_right_department_first(bundled, question, expected):
    top, answer = _top(bundled, question)
    assert top == expected, [(h.department.id, round(h.score, 2)) for h in answer.ranking[:3]]
    assert answer.best.sentence in answer.best.department.duties
    assert answer.in_scope


@pytest.mark.parametrize("kind,question,expected", ALL_DISTINCTIONS,
                         ids=[f"{k}:{d}:{q}" for k, q, d in ALL_DISTINCTIONS])
def test_distinctions_the_seed_draws(bundled, kind, question, expected):
    top, answer = _top(bundled, question)
    assert top == expected, [(h.department.id, round(h.score, 2)) for h in answer.ranking[:3]]


NATURE = [
    ("非营利性托育机构登记", "minzheng", "非营利性"),
    ("营利性托育机构登记", "shichang", "营利性"),
    ("属于事业单位的托育机构登记", "bianzhi", "事业单位"),
]


@pytest.mark.parametrize("question,expected,word", NATURE)
def test_registration_by_nature_is_decided_by_the_nature_word(bundled, question, expected, word):
    """The three registration duties differ only in the institution's nature; 营利性 must not
    match inside 非营利性, and the deciding sentence highlights the nature."""
    top, answer = _top(bundled, question)
    assert top == expected
    best = answer.best
    marked = [best.sentence[s:e] for s, e in best.spans]
    assert any(word in m or m in word for m in marked), marked


def test_fire_approval_versus_fire_supervision(bundled):
    approval, _ = _top(bundled, "托育园盖好了，消防验收手续去哪办")
    supervision, _ = _top(bundled, "托育园堵了安全出口，谁来处罚")
    assert (approval, supervision) == ("zhujian", "xiaofang")


def test_food_and_medicine_versus_water_and_disease(bundled):
    assert _top(bundled, "托育机构厨房的食材安全谁管")[0] == "shichang"
    assert _top(bundled, "托育机构桶装水的水质谁管")[0] == "weijian"
    assert _top(bundled, "托班孩子得了水痘找谁")[0] == "weijian"


@pytest.mark.parametrize("variant", [
    "托育机构的饮用水归谁管",
    "托育机构饮用水",
    "  托育机构 的 饮用水 ， 归谁管？？ ",
    "请问：托育机构的饮用水，应该找哪个部门？",
    "托育机构的饮用水怎么办",
    "托育机构的饮用水找谁!",
])
def test_punctuation_spaces_and_question_words_do_not_disturb(bundled, variant):
    ds, lex, index = bundled
    reference = rank(ds.duties.departments, "托育机构饮用水", lex, index)
    answer = rank(ds.duties.departments, variant, lex, index)
    assert [h.department.id for h in answer.ranking] == [h.department.id for h in reference.ranking]
    assert answer.best.score == pytest.approx(reference.best.score)


def test_full_and_half_width_are_the_same(bundled):
    ds, lex, index = bundled
    half = rank(ds.duties.departments, "幼儿园能不能开托班收2到3岁的孩子?", lex, index)
    full = rank(ds.duties.departments, "幼儿园能不能开托班收２到３岁的孩子？", lex, index)
    assert half.best.department.id == full.best.department.id == "jiaoyu"
    assert half.best.score == pytest.approx(full.best.score)


def test_whole_words_are_not_split():
    from lianxi.model import SynonymsFile

    lex = Lexicon.from_files([SynonymsFile(words=[["非营利性", "非营利"], ["营利性"]])])
    question = Question.parse("营利性机构", lex)
    assert "W:营利性" in question.weights and "营利" not in question.weights
    question = Question.parse("非营利机构", lex)
    assert "W:非营利性" in question.weights and "W:营利性" not in question.weights


# ---------------------------------------------------------------- the command


def test_who_prints_department_sentence_unit_member_liaison(run):
    result = run("who", "托育机构的饮用水归谁管")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "最相关：卫生健康部门" in out
    assert "【饮用水】" in out  # piped: highlights as 【】
    assert "依法对婴幼儿照护服务机构的【饮用水】卫生" in out
    assert "承担单位：区卫生健康局（区卫健局）" in out
    assert re.search(r"成员：\S+（.+）", out)
    assert "联络员：待报送" in out


def test_runners_up_when_close(run):
    result = run("who", "托育机构登记")
    assert result.exit_code == 0, result.output
    assert "也可能相关：" in result.stdout
    assert "相关度" in result.stdout


def test_no_runners_up_when_far(run):
    result = run("who", "托育机构的饮用水归谁管")
    assert "也可能相关" not in result.stdout


def test_all_prints_the_full_ranking(run, data_dir):
    result = run("who", "消防验收", "--all", "--data", data_dir)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "全部部门排序" in out
    ds = Dataset.open(data_dir)
    for dept in ds.duties.departments:
        assert dept.name in out
    rows = [line for line in out.splitlines() if re.match(r"^\d+\s", line)]
    assert len(rows) == len(ds.duties.departments)
    assert rows[0].split()[1] == "住建部门"
    scores = [float(line.split()[3]) for line in rows]
    assert scores == sorted(scores, reverse=True)


def test_json_shape(run):
    result = run("who", "托育园的消防通道被堵了，谁来查处", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"question", "keywords", "expansions", "found", "in_scope", "subject", "confidence", "guess",
                         "as_of", "best", "shared", "runners_up", "negated", "learned", "explain", "ranking"}
    assert data["in_scope"] is True and data["confidence"] in ("高", "中", "低") and data["guess"] is None
    assert data["found"] is True and data["as_of"] == "2026-11-29"
    best = data["best"]
    assert best["id"] == "xiaofang" and best["name"] == "消防救援机构"
    assert best["unit"]["id"] == "xiaofang"
    assert best["member"]["name"] and best["liaison"] is None
    assert best["sentence"] == best["duties"][best["item"] - 1]
    assert best["terms"] == list(dict.fromkeys(best["sentence"][s:e] for s, e in best["spans"]))
    assert all("消防" in t or "违法" in t or "安全" in t for t in best["terms"])
    assert best["relative"] == 1.0
    assert len(data["ranking"]) == 18
    assert [r["rank"] for r in data["ranking"]] == list(range(1, 19))
    assert data["ranking"][0]["id"] == "xiaofang"
    assert all(set(r) >= {"id", "name", "unit", "score", "relative", "item", "sentence"} for r in data["ranking"])


def test_as_of_picks_the_holder_of_that_day(run, data_dir):
    result = run("who", "饮用水", "--json", "--as-of", "2026-01-01", "--data", data_dir)
    assert json.loads(result.stdout)["as_of"] == "2026-01-01"


def test_nothing_found_says_so_and_suggests_grep(run):
    result = run("who", "今天天气怎么样")
    assert result.exit_code == 1
    assert "没有找到与“今天天气怎么样”相关的职责" in result.output
    assert "lianxi duties --grep" in result.output
    assert "Traceback" not in result.output


def test_nothing_found_json(run):
    result = run("who", "我想买个服务器", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["found"] is False and data["best"] is None and data["runners_up"] == []


@pytest.mark.parametrize("question", ["", "   ", "？？？"])
def test_empty_question(run, question):
    result = run("who", question)
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    if not question.strip():
        assert result.exit_code == 2 and "请输入问题或事项" in result.output


def test_duties_without_a_match_suggests_who_with_the_users_words(run):
    result = run("duties", "托育机构饮用水")
    assert result.exit_code == 1
    assert 'lianxi who "托育机构饮用水"' in result.output


def test_duties_hint_quotes_shell_characters(run):
    result = run("duties", 'a"b$c')
    assert result.exit_code == 1
    assert "lianxi who 'a\"b$c'" in result.output


def test_who_is_light_and_offline():
    """No numpy, no rich when piped, on the query path; the answer comes in one short process."""
    code = textwrap.dedent("""
        import sys
        from lianxi.cli import app
        try:
            app(["who", "托育机构的饮用水归谁管"], standalone_mode=False)
        finally:
            heavy = [m for m in ("numpy", "rich", "jinja2", "docx", "requests", "urllib.request") if m in sys.modules]
            print("HEAVY", heavy)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "LIANXI_TODAY": "2026-11-29"})
    assert result.returncode == 0, result.stderr
    assert "卫生健康部门" in result.stdout
    assert "HEAVY []" in result.stdout


# ---------------------------------------------------------------- the table stays generic


def test_table_and_ranker_name_no_department(bundled):
    ds = bundled[0]
    root = Path(__import__("lianxi").__file__).parent
    texts = [(root / "who.py").read_text(encoding="utf-8"), (root / "who_synonyms.yaml").read_text(encoding="utf-8")]
    names = {d.name for d in ds.duties.departments}
    names |= {u.name for u in ds.members.units} | {u.short_name for u in ds.members.units if u.short_name}
    ids = {d.id for d in ds.duties.departments} | {u.id for u in ds.members.units}
    for text in texts:
        for name in names:
            assert name not in text, name
        for ident in ids:
            assert not re.search(rf"\b{re.escape(ident)}\b", text), ident


def test_bundled_table_is_valid(tmp_path):
    from lianxi.errors import Collector
    from lianxi.who import check_synonyms

    root = Path(__import__("lianxi").__file__).parent
    (tmp_path / "synonyms.yaml").write_text((root / "who_synonyms.yaml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    collector = Collector()
    check_synonyms(tmp_path, collector)
    assert collector.problems == []


# ---------------------------------------------------------------- another joint meeting


ELDER_MEMBERS = """\
units:
  - {id: xianfu, name: 县政府, member: false}
  - {id: jt, name: 县交通运输局, aliases: [交通局]}
  - {id: hb, name: 县生态环境分局}
  - {id: sl, name: 县水利局}
  - {id: wl, name: 县文旅局}
  - {id: yb, name: 县医保局}
  - {id: zj, name: 县住建局}
  - {id: sj, name: 县市场监管局}
  - {id: mz, name: 县民政局}
seats:
  - id: convener
    role: 总召集人
    unit: xianfu
    holders: [{name: 甲某, post: 县政府副县长}]
  - {id: m-jt, role: 成员, unit: jt, holders: [{name: 乙某, post: 县交通运输局副局长}]}
  - {id: l-jt, role: 联络员, unit: jt, holders: [{name: 丙某, post: 运输股股长, phone: "0595-12345678"}]}
  - {id: m-hb, role: 成员, unit: hb, holders: [{name: 丁某, post: 县生态环境分局副局长}]}
  - {id: m-sl, role: 成员, unit: sl, holders: [{name: 戊某, post: 县水利局副局长}]}
  - {id: m-wl, role: 成员, unit: wl, holders: [{name: 己某, post: 县文旅局副局长}]}
  - {id: m-yb, role: 成员, unit: yb, holders: [{name: 庚某, post: 县医保局副局长}]}
  - {id: m-zj, role: 成员, unit: zj, holders: [{name: 辛某, post: 县住建局副局长}]}
  - {id: m-sj, role: 成员, unit: sj, holders: [{name: 壬某, post: 县市场监管局副局长}]}
  - {id: m-mz, role: 成员, unit: mz, holders: [{name: 癸某, post: 县民政局副局长}]}
"""

ELDER_DUTIES = """\
departments:
  - id: transport
    name: 交通运输部门
    unit: jt
    duties:
      - 负责优化养老机构周边公交线路和站点设置，为老年人出行提供便利。
  - id: environment
    name: 生态环境部门
    unit: hb
    duties:
      - 负责督促养老机构落实污水、噪声等污染防治措施，依法查处环境违法行为。
  - id: water
    name: 水利部门
    unit: sl
    duties:
      - 负责指导临河养老机构做好防汛排涝工作。
  - id: culture
    name: 文化旅游部门
    unit: wl
    duties:
      - 负责组织开展老年人文体活动，推动公共图书馆、文化馆向老年人免费开放。
  - id: insurance
    name: 医疗保障部门
    unit: yb
    duties:
      - 负责将符合条件的养老机构内设医疗机构纳入医保定点管理；
      - 推进长期护理保险制度试点。
  - id: building
    name: 住房建设部门
    unit: zj
    duties:
      - 负责指导老旧小区无障碍设施建设。
  - id: market
    name: 市场监管部门
    unit: sj
    duties:
      - 负责营利性养老机构的登记。
  - id: civil
    name: 民政部门
    unit: mz
    duties:
      - 负责非营利性养老机构的登记和日常监管。
"""

ELDER_CHARTER = """\
name: 某县养老服务工作联席会议
established_by:
  issuer: 某县人民政府办公室
  title: 某县人民政府办公室关于建立养老服务工作联席会议制度的通知
"""

ELDER_QUESTIONS = [
    ("养老院门口没有公交站，找谁", "transport"),
    ("敬老院把污水排到河里了，谁来查", "environment"),
    ("汛期河边的养老院排水防汛谁来指导", "water"),
    ("老人想去图书馆看书，有没有免费的", "culture"),
    ("养老院的医务室能不能用医保刷卡", "insurance"),
    ("开一家养老公司去哪里登记", "market"),
    ("不以营利为目的的养老院找谁登记", "civil"),
]


@pytest.fixture
def elder_dir(tmp_path) -> Path:
    root = tmp_path / "elder"
    root.mkdir()
    (root / "members.yaml").write_text(ELDER_MEMBERS, encoding="utf-8")
    (root / "duties.yaml").write_text(ELDER_DUTIES, encoding="utf-8")
    (root / "charter.yaml").write_text(ELDER_CHARTER, encoding="utf-8")
    return root


def test_other_data_directory_is_valid(run, elder_dir):
    result = run("validate", "--data", elder_dir)
    assert result.exit_code == 0, result.output


# 敬老院 is neither a word of the duties nor, in 词林, led to one; without naming 养老 the match
# (污水) is just under the strength that puts a question inside the subject: refused, with the right guess.
JUST_OUTSIDE = {"敬老院把污水排到河里了，谁来查"}


@pytest.mark.parametrize("question,expected", [
    pytest.param(q, d, marks=pytest.mark.xfail(strict=True, reason="refused as outside the subject (guess right)"))
    if q in JUST_OUTSIDE else (q, d) for q, d in ELDER_QUESTIONS])
def test_ranking_is_generic(run, elder_dir, question, expected):
    result = run("who", question, "--json", "--data", elder_dir)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["best"]["id"] == expected, [(r["id"], r["score"]) for r in data["ranking"][:3]]
    assert len(data["ranking"]) == 8


def test_other_data_directory_text_output(run, elder_dir):
    result = run("who", "养老院门口没有公交站，找谁", "--data", elder_dir)
    assert result.exit_code == 0, result.output
    assert "最相关：交通运输部门" in result.stdout
    assert "【公交】" in result.stdout
    assert "成员：乙某（县交通运输局副局长）" in result.stdout
    assert "联络员：丙某（运输股股长） 电话 0595-12345678" in result.stdout


def test_data_directory_synonyms_extend_the_table(run, elder_dir):
    question = "养老院想装扶手和坡道，找谁"
    before = run("who", question, "--json", "--data", elder_dir)
    assert before.exit_code == 1 or json.loads(before.stdout)["best"]["id"] != "building"
    (elder_dir / "synonyms.yaml").write_text(textwrap.dedent("""\
        synonyms:
          - when: [扶手, 坡道, 适老化]
            add: [无障碍设施]
        """), encoding="utf-8")
    assert run("validate", "--data", elder_dir).exit_code == 0
    after = run("who", question, "--json", "--data", elder_dir)
    assert after.exit_code == 0, after.output
    data = json.loads(after.stdout)
    assert data["best"]["id"] == "building"
    assert "无障碍设施" in data["expansions"]
    # the bundled table still applies (extend, not replace): 归谁管 is still a question word
    assert "归谁管" not in "".join(json.loads(run("who", "污水归谁管", "--json", "--data", elder_dir).stdout)["keywords"])


def test_data_directory_synonyms_can_replace_the_table(elder_dir):
    (elder_dir / "synonyms.yaml").write_text("replace_default: true\nignore: [谁]\n", encoding="utf-8")
    lex = load_lexicon(elder_dir)
    assert lex.ignore == ("谁",) and lex.rules == () and lex.words == {}


def test_invalid_synonyms_file_is_reported_with_location(run, elder_dir):
    (elder_dir / "synonyms.yaml").write_text(textwrap.dedent("""\
        words:
          - [非营利性, 公益]
          - [公益]
        synonyms:
          - [孤单]
          - when: []
            add: [无障碍]
          - {when: [扶手], add: [无障碍], extra: 1}
        """), encoding="utf-8")
    result = run("validate", "--data", elder_dir)
    assert result.exit_code == 1
    out = result.output
    assert "synonyms.yaml:" in out
    assert re.search(r"synonyms\.yaml:\d+:\d+", out)
    who = run("who", "污水", "--data", elder_dir)
    assert who.exit_code == 1 and "synonyms.yaml" in who.output and "Traceback" not in who.output


def test_duplicate_whole_word_is_reported(run, elder_dir):
    (elder_dir / "synonyms.yaml").write_text("words:\n  - [非营利性, 公益]\n  - [公益性, 公益]\n",
                                             encoding="utf-8")
    result = run("validate", "--data", elder_dir)
    assert result.exit_code == 1
    assert "synonyms.yaml:3" in result.output and "公益" in result.output


# ---------------------------------------------------------------- docs/who.md examples are real output


def _readme_examples():
    import shlex

    readme = (Path(__file__).resolve().parent.parent / "docs" / "who.md").read_text(encoding="utf-8")
    section = readme.split("## 按事项查部门：lianxi who", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.S)
    examples = []
    for block in blocks:
        current = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = None
                if line.startswith("$ lianxi who "):
                    current = (shlex.split(line[2:])[1:], [])
                    examples.append(current)
            elif current is not None:
                current[1].append(line)
    return examples


def test_readme_examples_are_real_output(run):
    examples = _readme_examples()
    assert len(examples) >= 5
    for args, expected in examples:
        result = run(*args)
        lines = result.output.rstrip("\n").splitlines()
        while expected and expected[-1] == "":
            expected.pop()
        if expected and expected[-1] == "…":  # an excerpt
            expected = expected[:-1]
            lines = lines[:len(expected)]
        assert lines == expected, args
