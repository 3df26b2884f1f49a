"""Personnel succession: `succession apply`, `--from`, `succession log`, `liaison set`, `liaisons`, `--as-of`."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lianxi import store
from lianxi.dataset import Dataset

GONGAN = ("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长",
          "--date", "2027-03-01", "--reason", "工作调动")


def members(d: Path) -> str:
    return (d / "members.yaml").read_text(encoding="utf-8")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def stray_files(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ the basic change


def test_apply_closes_old_term_and_opens_new_one(run, data_dir):
    before = members(data_dir)
    result = run(*GONGAN, "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "原任：郑惠山（区公安分局副局长）  任期 未载明 至 2027-02-28" in result.stdout
    assert "接任：李明（区公安分局副局长）  自 2027-03-01 起；原因：工作调动" in result.stdout
    assert "已写入" in result.stdout
    removed, added = changed_lines(before, members(data_dir))
    assert removed == ["      - {name: 郑惠山, post: 区公安分局副局长, start: unknown}"]
    assert added == [
        "      - {name: 郑惠山, post: 区公安分局副局长, start: unknown, end: 2027-02-28}",
        "      - {name: 李明, post: 区公安分局副局长, start: 2027-03-01, reason: 工作调动, recorded: 2026-11-29}",
    ]
    assert run("validate", "--data", data_dir).exit_code == 0
    seat = Dataset(data_dir).seats["member-gongan"]
    assert seat.holder_on(dt.date(2027, 2, 28)).name == "郑惠山"
    assert seat.holder_on(dt.date(2027, 3, 1)).name == "李明"


def test_dry_run_prints_the_same_and_writes_nothing(run, data_dir):
    before = members(data_dir)
    result = run(*GONGAN, "--dry-run", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "原任：郑惠山" in result.stdout and "接任：李明" in result.stdout
    assert "实际未写入" in result.stdout
    assert "任职记录：新增 姓名 李明，职务 区公安分局副局长，任期开始 2027-03-01" in result.stdout
    assert members(data_dir) == before
    assert not (data_dir / ".lianxi.lock").exists() or members(data_dir) == before


def test_same_change_twice_is_already_recorded(run, data_dir):
    assert run(*GONGAN, "--data", data_dir).exit_code == 0
    after_first = members(data_dir)
    mtime = (data_dir / "members.yaml").stat().st_mtime_ns
    result = run(*GONGAN, "--data", data_dir)
    assert result.exit_code == 0
    assert "已记录，无需重复" in result.stdout
    assert members(data_dir) == after_first
    assert (data_dir / "members.yaml").stat().st_mtime_ns == mtime
    assert after_first.count("李明") == 1


def test_json_output(run, data_dir):
    result = run(*GONGAN, "--json", "--data", data_dir)
    view = json.loads(result.stdout)
    assert view["written"] is True
    change = view["changes"][0]
    assert change["seat"] == "member-gongan" and change["kind"] == "succession"
    assert change["outgoing"]["name"] == "郑惠山" and change["outgoing_end"] == "2027-02-28"
    assert change["incoming"]["name"] == "李明" and change["incoming"]["start"] == "2027-03-01"


# ------------------------------------------------------------------ targeting


def test_unit_by_pinyin_and_department_name(run, data_dir):
    result = run("succession", "apply", "gongan", "--name", "李明", "--post", "区公安分局副局长",
                 "--date", "2027-03-01", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert Dataset(data_dir).seats["member-gongan"].holders[-1].name == "李明"


def test_unit_with_several_seats_needs_role(run, data_dir):
    before = members(data_dir)
    result = run("succession", "apply", "卫健", "--name", "王五", "--post", "区卫健局局长",
                 "--date", "2027-03-01", "--data", data_dir)
    assert result.exit_code == 1
    assert "区卫健局有 3 个席位，请用 --role 指明" in result.stderr
    assert "区卫健局 副召集人（林金辉，席位 deputy-weijian）" in result.stderr
    assert "区卫健局 成员（陈宗忠，席位 member-weijian）" in result.stderr
    assert "Traceback" not in result.output
    assert members(data_dir) == before
    result = run("succession", "apply", "卫健", "--role", "副召集人", "--name", "王五", "--post", "区卫健局局长",
                 "--date", "2027-03-01", "--data", data_dir)
    assert result.exit_code == 0, result.output
    seats = Dataset(data_dir).seats
    assert seats["deputy-weijian"].holders[-1].name == "王五"
    assert seats["member-weijian"].holders[-1].name == "陈宗忠"


def test_replace_finds_the_seat_by_current_holder(run, data_dir):
    result = run("succession", "apply", "--replace", "陈宗忠", "--name", "赵六", "--post", "区卫健局四级主任科员",
                 "--date", "2027-01-15", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert Dataset(data_dir).seats["member-weijian"].holders[-1].name == "赵六"
    again = run("succession", "apply", "--replace", "陈宗忠", "--name", "赵六", "--post", "区卫健局四级主任科员",
                "--date", "2027-01-15", "--data", data_dir)
    assert again.exit_code == 0 and "已记录，无需重复" in again.stdout
    result = run("succession", "apply", "公安", "--replace", "陈宗忠", "--name", "赵六", "--post", "x",
                 "--date", "2027-01-15", "--data", data_dir)
    assert result.exit_code == 1
    assert "区公安分局没有现任者为“陈宗忠”的席位" in result.stderr


def test_role_missing_for_unit(run, data_dir):
    result = run("succession", "apply", "公安", "--role", "副召集人", "--name", "甲", "--post", "x",
                 "--date", "2027-01-15", "--data", data_dir)
    assert result.exit_code == 1
    assert "区公安分局没有副召集人席位" in result.stderr
    assert "区公安分局 成员（郑惠山" in result.stderr
    result = run("succession", "apply", "公安", "--role", "主任", "--name", "甲", "--post", "x",
                 "--date", "2027-01-15", "--data", data_dir)
    assert result.exit_code == 2 and "--role 的值 主任 无效" in result.stderr


# ------------------------------------------------------------------ errors: nothing written


@pytest.mark.parametrize("args, message", [
    (("公安", "--name", "张三", "--post", "x", "--date", "2027-03-01"), "不晚于 李明 的任职开始日期 2027-03-01"),
    (("公安", "--name", "张三", "--post", "x", "--date", "2027-02-10"), "不晚于 李明 的任职开始日期 2027-03-01"),
    (("公安", "--name", "李明", "--post", "区公安分局副局长", "--date", "2027-05-01"),
     "李明 已担任区公安分局 成员（自 2027-03-01 起）"),
    (("公安", "--name", "张三", "--post", "x", "--date", "2029-01-01"), "距今（2026-11-29）超过一年"),
    (("警察局", "--name", "张三", "--post", "x", "--date", "2027-05-01"), "找不到单位“警察局”"),
    (("区", "--name", "张三", "--post", "x", "--date", "2027-05-01"), "找不到单位“区”"),
    # a write never guesses from a fragment, a typo or pinyin (a query would)
    (("公安局子", "--name", "张三", "--post", "x", "--date", "2027-05-01"), "您是不是要找：区公安分局"),
    (("安", "--name", "张三", "--post", "x", "--date", "2027-05-01"), "找不到单位“安”"),
    (("min", "--name", "张三", "--post", "x", "--date", "2027-05-01"), "找不到单位“min”"),
    (("公安", "--name", "李明", "--post", "区公安分局局长", "--date", "2027-03-01"), "职务记为“区公安分局副局长”"),
])
def test_rule_violations_write_nothing(run, data_dir, args, message):
    assert run(*GONGAN, "--data", data_dir).exit_code == 0
    before = members(data_dir)
    result = run("succession", "apply", *args, "--data", data_dir)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert members(data_dir) == before
    assert stray_files(data_dir) == []


def test_a_write_takes_the_units_id(run, data_dir):
    result = run("succession", "apply", "gongan", "--name", "张三", "--post", "x", "--date", "2027-05-01",
                 "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert "区公安分局 成员" in result.stdout


def test_far_future_with_force(run, data_dir):
    result = run("succession", "apply", "公安", "--name", "张三", "--post", "x", "--date", "2029-01-01",
                 "--force", "--data", data_dir)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args, message", [
    (("公安", "--post", "x", "--date", "2027-03-01"), "--name"),
    (("公安", "--name", "甲", "--date", "2027-03-01"), "--post"),
    (("公安", "--name", "甲", "--post", "x"), "--date"),
    (("公安", "--name", "甲", "--post", "x", "--date", "2027-13-01"), "不是日期"),
    (("--name", "甲", "--post", "x", "--date", "2027-03-01"), "请给出单位"),
])
def test_usage_errors(run, data_dir, args, message):
    before = members(data_dir)
    result = run("succession", "apply", *args, "--data", data_dir)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert members(data_dir) == before


def test_read_only_data_dir(run, data_dir, monkeypatch):
    before = members(data_dir)
    real_mkstemp = store.tempfile.mkstemp

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store.tempfile, "mkstemp", refuse)
    result = run(*GONGAN, "--data", data_dir)
    assert result.exit_code == 1
    assert "没有写入权限（目录只读？）" in result.stderr and "未做任何修改" in result.stderr
    monkeypatch.setattr(store.tempfile, "mkstemp", real_mkstemp)
    assert members(data_dir) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_directory_permissions(run, data_dir):
    before = members(data_dir)
    os.chmod(data_dir, 0o555)
    try:
        result = run(*GONGAN, "--data", data_dir)
    finally:
        os.chmod(data_dir, 0o755)
    assert result.exit_code == 1
    assert "没有写入权限" in result.stderr
    assert members(data_dir) == before


def test_bundled_data_is_not_modified(run):
    before = (store.bundled_dir("data") / "members.yaml").read_bytes()
    result = run(*GONGAN, "--data", str(store.bundled_dir("data")))
    assert result.exit_code == 1
    assert "内置数据，只读" in result.stderr
    assert (store.bundled_dir("data") / "members.yaml").read_bytes() == before
    assert run(*GONGAN, "--dry-run", "--data", str(store.bundled_dir("data"))).exit_code == 0


def test_invalid_data_dir_is_refused(run, data_dir):
    (data_dir / "duties.yaml").write_text("departments: 1\n", encoding="utf-8")
    before = members(data_dir)
    result = run(*GONGAN, "--data", data_dir)
    assert result.exit_code == 1
    assert "duties.yaml" in result.stderr and "未做任何修改" in result.stderr
    assert members(data_dir) == before


def test_result_must_pass_every_validation_check(run, data_dir, monkeypatch):
    """The would-be text goes through all of `lianxi validate` (CHECKS), not only the schema."""
    from lianxi import validation

    monkeypatch.setattr(validation, "CHECKS", validation.CHECKS + ["tests.test_succession:_no_li_ming"])
    before = members(data_dir)
    assert run("validate", "--data", data_dir).exit_code == 0
    result = run(*GONGAN, "--data", data_dir)
    assert result.exit_code == 1
    assert "测试规则：不接受李明" in result.stderr and "未通过校验" in result.stderr
    assert members(data_dir) == before


def _no_li_ming(root, collector):
    doc = store.read_document(root, "members.yaml", store.Collector())
    if doc is not None and "李明" in doc.text:
        collector.error("测试规则：不接受李明", file="members.yaml")


# ------------------------------------------------------------------ crash safety and concurrency


def test_failure_between_temp_write_and_rename_leaves_original(run, data_dir, monkeypatch):
    before = (data_dir / "members.yaml").read_bytes()

    def crash():
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(store, "_before_rename_hook", crash)
    result = run(*GONGAN, "--data", data_dir)
    assert result.exit_code == 1
    assert "写入失败" in result.stderr and "未做任何修改" in result.stderr
    assert (data_dir / "members.yaml").read_bytes() == before
    assert stray_files(data_dir) == []


def test_any_exception_before_rename_leaves_original(data_dir, monkeypatch):
    from lianxi.succession import apply, make_request

    before = (data_dir / "members.yaml").read_bytes()

    def crash():
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_before_rename_hook", crash)
    request = make_request(name="李明", post="区公安分局副局长", date=dt.date(2027, 3, 1), unit="公安")
    with pytest.raises(KeyboardInterrupt):
        apply(data_dir, [request])
    assert (data_dir / "members.yaml").read_bytes() == before
    assert stray_files(data_dir) == []


def test_concurrent_processes_both_land(data_dir, tmp_path):
    env = dict(os.environ, LIANXI_TODAY="2026-11-29", PYTHONPATH=str(Path(__file__).parent.parent / "src"))
    jobs = [("公安", "李明", "区公安分局副局长"), ("民政", "何芳", "区民政局副局长"),
            ("教育", "许强", "区教育局副局长"), ("财政", "蔡敏", "区财政局副局长")]
    procs = [subprocess.Popen([sys.executable, "-m", "lianxi", "succession", "apply", unit, "--name", name,
                               "--post", post, "--date", "2027-03-01", "--data", str(data_dir)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for unit, name, post in jobs]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    ds = Dataset(data_dir)
    for unit_id, (_, name, _) in zip(["gongan", "minzheng", "jiaoyu", "caizheng"], jobs):
        assert ds.seats[f"member-{unit_id}"].holders[-1].name == name
    assert stray_files(data_dir) == []
    check = subprocess.run([sys.executable, "-m", "lianxi", "validate", "--data", str(data_dir)],
                           env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# ------------------------------------------------------------------ hand-written files


COMMENTED_SEAT = """\
  - id: member-gongan   # 公安
    role: 成员
    unit: gongan
    # 历任（按时间先后）
    holders:
      - name: '郑惠山'        # 通知所载
        post: "区公安分局副局长"
        start: unknown

  # 以下为民政
"""


def test_file_with_comments_keeps_them_and_diff_touches_only_the_seat(run, data_dir):
    text = members(data_dir)
    old = ("  - id: member-gongan\n    role: 成员\n    unit: gongan\n    holders:\n"
           "      - {name: 郑惠山, post: 区公安分局副局长, start: unknown}\n")
    assert old in text
    text = text.replace(old, COMMENTED_SEAT)
    (data_dir / "members.yaml").write_text(text, encoding="utf-8")
    assert run("validate", "--data", data_dir).exit_code == 0
    result = run(*GONGAN, "--phone", "0595-87111111", "--data", data_dir)
    assert result.exit_code == 0, result.output
    after = members(data_dir)
    removed, added = changed_lines(text, after)
    assert removed == []
    assert added == ["        end: 2027-02-28",
                     "      - name: 李明", "        post: 区公安分局副局长", "        start: 2027-03-01",
                     '        phone: "0595-87111111"', "        reason: 工作调动", "        recorded: 2026-11-29"]
    for comment in ("# 公安", "# 历任（按时间先后）", "# 通知所载", "# 以下为民政", "# yaml-language-server"):
        assert comment in after
    assert "'郑惠山'" in after and '"区公安分局副局长"' in after
    # every line outside the seat is byte-identical
    start = after.index("  - id: member-gongan")
    end = after.index("  # 以下为民政")
    assert after[:start] == text[:start] and after[end:] == text[text.index("  # 以下为民政"):]
    assert run("validate", "--data", data_dir).exit_code == 0


# ------------------------------------------------------------------ history in queries


def test_as_of_before_and_after_a_change(run, data_dir):
    assert run(*GONGAN, "--data", data_dir).exit_code == 0
    before = run("roster", "--as-of", "2027-02-28", "--data", data_dir).stdout
    after = run("roster", "--as-of", "2027-03-01", "--data", data_dir).stdout
    assert "郑惠山" in before and "李明" not in before
    assert "李明" in after and "郑惠山" not in after
    today = run("roster", "--data", data_dir).stdout  # 2026-11-29: the change lies ahead
    assert "郑惠山" in today
    data = json.loads(run("roster", "--as-of", "2027-03-01", "--json", "--data", data_dir).stdout)
    seat = next(s for s in data["seats"] if s["seat"] == "member-gongan")
    assert seat["holder"]["name"] == "李明" and seat["holder"]["start"] == "2027-03-01"


def test_duties_names_new_holder_and_roster_as_of_names_old(run, data_dir):
    result = run("succession", "apply", "公安", "--name", "李明", "--post", "区公安分局副局长",
                 "--date", "2026-11-01", "--data", data_dir)
    assert result.exit_code == 0, result.output
    duties = run("duties", "公安", "--data", data_dir).stdout
    assert "成员：李明（区公安分局副局长）" in duties
    assert "郑惠山" not in duties
    old = run("roster", "--as-of", "2026-10-31", "--data", data_dir).stdout
    assert "郑惠山" in old and "李明" not in old
    old_duties = run("duties", "公安", "--as-of", "2026-10-31", "--data", data_dir).stdout
    assert "成员：郑惠山" in old_duties


def test_holder_on_with_unknown_start_and_gaps():
    from lianxi.model import Holder, Seat

    seat = Seat(id="s", role="成员", holders=[
        Holder(name="甲", post="p", start="unknown", end=dt.date(2027, 2, 28)),
        Holder(name="乙", post="p", start=dt.date(2027, 3, 1), end=dt.date(2027, 6, 30)),
        Holder(name="丙", post="p", start=dt.date(2027, 8, 1)),
    ])
    assert seat.holder_on(dt.date(2020, 1, 1)).name == "甲"
    assert seat.holder_on(dt.date(2027, 2, 28)).name == "甲"
    assert seat.holder_on(dt.date(2027, 3, 1)).name == "乙"
    assert seat.holder_on(dt.date(2027, 7, 15)) is None
    assert seat.holder_on(dt.date(2030, 1, 1)).name == "丙"


# ------------------------------------------------------------------ bulk


CHANGES = """\
# 2027 年换届
date: 2027-03-01
reason: 换届
changes:
  - unit: 公安
    name: 李明
    post: 区公安分局副局长
  - unit: 卫健
    role: 副召集人
    name: 王五
    post: 区卫生健康局局长
  - replace: 陈宗忠
    name: 赵六
    post: 区卫健局二级主任科员
    date: 2027-03-15
    reason: 工作调动
  - unit: 公安
    role: 联络员
    name: 张警官
    phone: "0595-87222222"
"""


def test_bulk_file_applies_all(run, data_dir, tmp_path):
    path = tmp_path / "changes.yaml"
    path.write_text(CHANGES, encoding="utf-8")
    result = run("succession", "apply", "--from", path, "--data", data_dir)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "已写入" in result.stdout and "4 处变动" in result.stdout
    seats = Dataset(data_dir).seats
    assert seats["member-gongan"].holders[-1].reason == "换届"
    assert seats["deputy-weijian"].holders[-1].name == "王五"
    assert seats["member-weijian"].holders[-1].start == dt.date(2027, 3, 15)
    assert seats["member-weijian"].holders[-1].reason == "工作调动"
    assert seats["liaison-gongan"].holders[-1].phone == "0595-87222222"
    assert seats["liaison-gongan"].holders[-1].post == "业务股室负责人"
    again = run("succession", "apply", "--from", path, "--data", data_dir)
    assert again.exit_code == 0 and "已记录，无需变动；未做任何修改" in again.stdout


def test_bulk_file_with_one_bad_entry_writes_nothing(run, data_dir, tmp_path):
    path = tmp_path / "changes.yaml"
    bad = CHANGES.replace("  - replace: 陈宗忠\n", "  - replace: 陈宗忠\n    unit: 警察局\n")
    bad = bad.replace("    role: 副召集人\n", "")  # 卫健 now ambiguous too
    path.write_text(bad, encoding="utf-8")
    before = members(data_dir)
    result = run("succession", "apply", "--from", path, "--data", data_dir)
    assert result.exit_code == 1
    assert members(data_dir) == before
    lines = bad.splitlines()
    ambiguous_line = lines.index("  - unit: 卫健") + 1
    unknown_line = lines.index("  - replace: 陈宗忠") + 1
    assert f"changes.yaml:{ambiguous_line}:" in result.stderr and "区卫健局有 3 个席位" in result.stderr
    assert f"changes.yaml:{unknown_line}:" in result.stderr and "找不到单位“警察局”" in result.stderr
    assert "共 2 处错误" in result.stderr and "未做任何修改" in result.stderr


def test_bulk_file_schema_errors_are_located(run, data_dir, tmp_path):
    path = tmp_path / "changes.yaml"
    path.write_text("changes:\n  - unit: 公安\n    name: 李明\n    post: 副局长\n    phone: 13912345678\n"
                    "    sex: 男\n", encoding="utf-8")
    result = run("succession", "apply", "--from", path, "--data", data_dir)
    assert result.exit_code == 1
    assert "changes.yaml:5:5: changes[0].phone: 应为文本" in result.stderr and "请加引号" in result.stderr
    assert "changes.yaml:6:5: changes[0].sex: 不认识的字段" in result.stderr
    path.write_text("changes:\n  - unit: 公安\n    name: 李明\n    post: 副局长\n", encoding="utf-8")
    result = run("succession", "apply", "--from", path, "--data", data_dir)
    assert result.exit_code == 1 and "changes.yaml:2:5: changes[0].date: 缺少接任日期" in result.stderr


def test_bulk_and_single_options_do_not_mix(run, data_dir, tmp_path):
    path = tmp_path / "changes.yaml"
    path.write_text(CHANGES, encoding="utf-8")
    result = run("succession", "apply", "公安", "--from", path, "--data", data_dir)
    assert result.exit_code == 2 and "使用 --from 时不能再给出 单位" in result.stderr
    result = run("succession", "apply", "--from", tmp_path / "none.yaml", "--data", data_dir)
    assert result.exit_code == 2 and "找不到变动文件" in result.stderr


# ------------------------------------------------------------------ liaisons


@pytest.mark.parametrize("phone", ["0595-87654321", "13912345678", "0595-8765432"])
def test_liaison_set_accepts_landline_and_mobile(run, data_dir, phone):
    result = run("liaison", "set", "公安", "--name", "张警官", "--phone", phone, "--data", data_dir)
    assert result.exit_code == 0, result.output
    holder = Dataset(data_dir).seats["liaison-gongan"].holders[-1]
    assert holder.phone == phone and isinstance(holder.phone, str)
    assert holder.start == dt.date(2026, 11, 29) and holder.post == "业务股室负责人"
    assert f'phone: "{phone}"' in members(data_dir)


@pytest.mark.parametrize("phone", ["12345", "595-87654321", "1391234567x", "+86 139", "0595-0123456", "电话"])
def test_liaison_set_rejects_bad_phone(run, data_dir, phone):
    before = members(data_dir)
    result = run("liaison", "set", "公安", "--name", "张警官", "--phone", phone, "--data", data_dir)
    assert result.exit_code == 2  # a usage error, as a bad --date
    assert f"--phone 的值 {phone} 不是电话号码" in result.stderr
    assert "0595 8765 4321" in result.stderr and "+86" in result.stderr and "转801" in result.stderr
    assert members(data_dir) == before


@pytest.mark.parametrize("typed, stored", [
    ("0595 8765 4321", "0595-87654321"), ("(0595)87654321", "0595-87654321"), ("（0595）8765-4321", "0595-87654321"),
    ("059587654321", "0595-87654321"), ("0595-87654321转801", "0595-87654321-801"),
    ("0595-87654321-801", "0595-87654321-801"), ("0595-87654321 分机 801", "0595-87654321-801"),
    ("+8613912345678", "13912345678"), ("+86 139 1234 5678", "13912345678"), ("86-139-1234-5678", "13912345678"),
    ("139-1234-5678", "13912345678"), ("010 1234 5678", "010-12345678"), ("０５９５－８７６５４３２１", "0595-87654321"),
])
def test_phones_as_people_write_them_are_stored_in_one_form(run, data_dir, typed, stored):
    result = run("liaison", "set", "公安", "--name", "张警官", "--phone", typed, "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert f'phone: "{stored}"' in members(data_dir)
    assert run("validate", "--data", data_dir).exit_code == 0


def test_liaison_phone_update_replacement_and_list(run, data_dir):
    assert run("liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321",
               "--data", data_dir).exit_code == 0
    again = run("liaison", "set", "公安", "--name", "张警官", "--phone", "0595-87654321", "--data", data_dir)
    assert again.exit_code == 0 and "已记录，无需重复" in again.stdout
    update = run("liaison", "set", "公安", "--name", "张警官", "--phone", "13912345678", "--data", data_dir)
    assert update.exit_code == 0 and "0595-87654321 → 13912345678" in update.stdout
    seat = Dataset(data_dir).seats["liaison-gongan"]
    assert len(seat.holders) == 1 and seat.holders[0].phone == "13912345678"
    swap = run("liaison", "set", "公安", "--name", "王警官", "--phone", "13800000000", "--date", "2027-01-01",
               "--reason", "岗位调整", "--data", data_dir)
    assert swap.exit_code == 0, swap.output
    seat = Dataset(data_dir).seats["liaison-gongan"]
    assert [h.name for h in seat.holders] == ["张警官", "王警官"]
    assert seat.holders[0].end == dt.date(2026, 12, 31)
    listing = run("liaisons", "--data", data_dir).stdout
    assert any(line.split() == ["区公安分局", "张警官", "业务股室负责人", "13912345678"]
               for line in listing.splitlines())
    assert "区民政局            待报送  业务股室负责人  待报送" in listing
    assert "已报送 1 个，待报送 17 个" in listing
    later = run("liaisons", "--as-of", "2027-01-01", "--json", "--data", data_dir)
    seat_view = next(s for s in json.loads(later.stdout)["seats"] if s["seat"] == "liaison-gongan")
    assert seat_view["holder"]["name"] == "王警官"
    assert run("validate", "--data", data_dir).exit_code == 0


def test_bundled_liaisons_are_pending(run):
    result = run("liaisons")
    assert result.exit_code == 0
    assert result.stdout.count("待报送") >= 36
    assert "已报送 0 个，待报送 18 个" in result.stdout


def test_unquoted_phone_in_data_is_an_error(run, data_dir):
    text = members(data_dir).replace(
        "{id: liaison-gongan, role: 联络员, unit: gongan, post: 业务股室负责人, holders: []}",
        "{id: liaison-gongan, role: 联络员, unit: gongan, post: 业务股室负责人, "
        "holders: [{name: 张警官, post: 股长, phone: 13912345678}]}")
    (data_dir / "members.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "phone: 应为文本，实际是整数；号码、编号请加引号" in result.output


# ------------------------------------------------------------------ log


def test_succession_log(run, data_dir, tmp_path):
    assert run("succession", "log", "--data", data_dir).stdout.startswith("没有人事变动记录")
    path = tmp_path / "changes.yaml"
    path.write_text(CHANGES, encoding="utf-8")
    assert run("succession", "apply", "--from", path, "--data", data_dir).exit_code == 0
    text = run("succession", "log", "--data", data_dir).stdout
    assert "人事变动记录（4 条）" in text
    assert "2027-03-01  区公安分局  成员" in text and "郑惠山" in text and "李明" in text
    data = json.loads(run("succession", "log", "--json", "--data", data_dir).stdout)
    dates = [e["date"] for e in data["changes"]]
    assert dates == sorted(dates)
    gongan = next(e for e in data["changes"] if e["seat"] == "member-gongan")
    assert gongan["previous"]["name"] == "郑惠山" and gongan["holder"]["name"] == "李明"
    assert gongan["reason"] == "换届" and gongan["recorded"] == "2026-11-29"
    since = json.loads(run("succession", "log", "--since", "2027-03-02", "--json", "--data", data_dir).stdout)
    assert [e["holder"]["name"] for e in since["changes"]] == ["赵六"]
    unit = json.loads(run("succession", "log", "--unit", "公安", "--json", "--data", data_dir).stdout)
    assert {e["seat"] for e in unit["changes"]} == {"member-gongan", "liaison-gongan"}


# ------------------------------------------------------------------ succession correct: fix a record, no new term


def test_correct_a_misspelt_name_in_place(run, data_dir):
    before = members(data_dir)
    plan = run("succession", "correct", "公安", "--name", "郑惠珊", "--dry-run", "--data", data_dir)
    assert plan.exit_code == 0, plan.output
    assert "姓名：郑惠山 → 郑惠珊" in plan.stdout and "未写入" in plan.stdout
    assert members(data_dir) == before
    done = run("succession", "correct", "公安", "--name", "郑惠珊", "--data", data_dir)
    assert done.exit_code == 0, done.output
    after = members(data_dir)
    assert after == before.replace("{name: 郑惠山, post: 区公安分局副局长", "{name: 郑惠珊, post: 区公安分局副局长")
    again = run("succession", "correct", "公安", "--name", "郑惠珊", "--data", data_dir)
    assert again.exit_code == 0 and "无需变动" in again.stdout and members(data_dir) == after
    assert run("validate", "--data", data_dir).exit_code == 0


def test_correct_the_post_of_a_named_holder_and_a_start_date_moves_the_previous_end(run, data_dir):
    apply = ("succession", "apply", "公安", "--name", "李明", "--date", "2026-11-01", "--data", data_dir)
    assert run(*apply, "--post", "区公安分局副局长").exit_code == 0  # 李明 succeeds 郑惠山 on 2026-11-01
    refused = run(*apply, "--post", "区公安分局政委")
    assert refused.exit_code == 1 and "lianxi succession correct 公安 --holder 李明 --post 区公安分局政委" in refused.stderr
    done = run("succession", "correct", "公安", "--holder", "李明", "--post", "区公安分局政委", "--start", "2026年10月20日",
               "--data", data_dir)
    assert done.exit_code == 0, done.output
    seat = Dataset(data_dir).seats["member-gongan"]
    assert [h.name for h in seat.holders] == ["郑惠山", "李明"]  # no new term
    assert seat.holders[1].post == "区公安分局政委" and seat.holders[1].start == dt.date(2026, 10, 20)
    assert seat.holders[0].end == dt.date(2026, 10, 19)


@pytest.mark.parametrize("args, code, message", [
    (("公安",), 2, "请给出要更正的内容"),
    (("--name", "x"), 2, "请给出单位"),
    (("公安", "--holder", "无此人", "--name", "x"), 1, "没有“无此人”"),
    (("公安", "--post", " "), 2, "--post 不能为空"),
    (("公安", "--phone", "电话"), 2, "不是电话号码"),
    (("公安子", "--name", "x"), 1, "找不到单位“公安子”"),
    (("办公室主任", "--name", "x"), 1, ""),
])
def test_correct_refusals_change_nothing(run, data_dir, args, code, message):
    before = members(data_dir)
    result = run("succession", "correct", *args, "--data", data_dir)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert members(data_dir) == before


@pytest.mark.parametrize("written", ["2027年3月15日", "2027/3/15", "2027-3-15", '"2027-03-15"', "2027.3.15"])
def test_bulk_file_takes_the_date_forms_of_date_option(run, data_dir, tmp_path, written):
    path = tmp_path / "changes.yaml"
    path.write_text(f"date: {written}\nreason: 换届\nchanges:\n  - unit: 公安\n    role: 联络员\n    name: 张警官\n"
                    f"  - replace: 陈宗忠\n    name: 赵六\n    post: 区卫健局二级主任科员\n    date: {written}\n",
                    encoding="utf-8")
    result = run("succession", "apply", "--from", path, "--data", data_dir)
    assert result.exit_code == 0, result.output
    seats = Dataset(data_dir).seats
    assert seats["liaison-gongan"].holders[-1].start == dt.date(2027, 3, 15)
    assert seats["member-weijian"].holders[-1].start == dt.date(2027, 3, 15)


def test_bulk_file_bad_date_is_located_and_names_the_forms(run, data_dir, tmp_path):
    path = tmp_path / "changes.yaml"
    path.write_text("changes:\n  - unit: 公安\n    role: 联络员\n    name: 张警官\n    date: 明天\n", encoding="utf-8")
    result = run("succession", "apply", "--from", path, "--data", data_dir)
    assert result.exit_code == 1
    assert "changes.yaml:5:5: changes[0].date: 应为日期，可写作 2027-03-01、2027-3-1、2027/3/1" in result.stderr
