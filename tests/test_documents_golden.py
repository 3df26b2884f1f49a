"""Golden files: each notice kind and the minutes, rendered from the bundled data.

Regenerate after an intended change: ``LIANXI_UPDATE_GOLDEN=1 pytest tests/test_documents_golden.py``
and review the diff of tests/golden/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "notice_liaison": ["notice", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
                       "--place", "区卫健局三楼会议室", "--agenda", "通报2026年全区婴幼儿照护服务工作情况",
                       "--agenda", "研究2027年联席会议工作要点", "--agenda", "交流各成员单位工作开展情况"],
    "notice_liaison_draft": ["notice", "--type", "liaison"],
    "notice_plenary": ["notice", "--type", "plenary", "--date", "2027-03-23", "--time", "15:00",
                       "--place", "区政府第一会议室", "--presider", "庄一鸣",
                       "--agenda", "听取联席会议办公室2026年工作情况汇报",
                       "--agenda", "审议2027年全区婴幼儿照护服务工作要点"],
    "notice_adhoc": ["notice", "--type", "adhoc", "--date", "2027-04-20", "--time", "08:30",
                     "--place", "区卫健局三楼会议室", "--presider", "林金辉",
                     "--approved-by", "庄一鸣", "--approved-on", "2027-04-10",
                     "--unit", "公安", "--unit", "消防", "--unit", "市场监管局", "--unit", "卫健",
                     "--agenda", "研究托育机构安全隐患整改工作"],
    "notice_topic": ["notice", "--type", "topic", "--subject", "托育机构消防安全", "--date", "2027-05-11",
                     "--time", "09:30", "--place", "区卫健局三楼会议室",
                     "--unit", "消防", "--unit", "卫健", "--unit", "住建",
                     "--invite", "区应急管理局", "--invite", "消防安全专家",
                     "--agenda", "听取专家关于托育机构消防安全的意见", "--agenda", "研究托育机构消防安全管理措施"],
    "notice_example": ["notice", "2026-09-15-plenary"],
    "minutes_example": ["minutes", "render"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(run, name):
    result = run(*CASES[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / f"{name}.md"
    if os.environ.get("LIANXI_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_golden_draft_minutes(run, data_dir):
    """A liaison meeting's minutes while units still have to agree: 征求意见稿."""
    assert run("meeting", "new", "--type", "liaison", "--date", "2027-03-16", "--time", "09:00",
               "--place", "区卫健局三楼会议室", "--unit", "公安", "--unit", "卫健", "--unit", "消防",
               "--agenda", "通报工作", "--data", data_dir).exit_code == 0
    path = data_dir / "meetings" / "2027-03-16-liaison.yaml"
    text = path.read_text(encoding="utf-8")
    text += ("replies:\n"
             "- {unit: gongan, status: attend, name: 李明, post: 治安大队副大队长}\n"
             "- {unit: xiaofang, status: absent, name: 陈强, reason: 参加培训}\n")
    path.write_text(text, encoding="utf-8")
    # minutes are drafted after the meeting
    assert run("minutes", "new", "2027-03-16", "--data", data_dir, env={"LIANXI_TODAY": "2027-03-17"}).exit_code == 0
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: 〔待定：会议听取和研究的事项〕",
                        "summary: 会议通报了2026年工作情况，研究了2027年联络员工作安排\n"
                        "  matters:\n"
                        "  - title: 关于建立联络员月报制度\n"
                        "    text: 会议议定，各成员单位联络员每月向联席会议办公室报送工作动态\n"
                        "    lead: weijian\n"
                        "    cooperating: [gongan, xiaofang]\n"
                        "    deadline: 2027-04-30")
    path.write_text(text, encoding="utf-8")
    assert run("minutes", "agree", "2027-03-16", "公安", "--date", "2027-03-18", "--data", data_dir).exit_code == 0
    result = run("minutes", "render", "2027-03-16", "--data", data_dir)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / "minutes_draft.md"
    out = result.stdout.replace(str(data_dir), "DATA")
    if os.environ.get("LIANXI_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
    # 区消防救援大队 was on leave: not one of the 与会单位 asked to agree
    assert "征求意见稿：尚有 1 个与会单位未同意——区卫健局" in result.stderr
    assert "草稿：以下 2 项待定，已在文中标为〔待定：…〕——主持人、区卫健局出席人员姓名" in result.stderr


def test_docs_show_current_output():
    page = (Path(__file__).resolve().parent.parent / "docs" / "会议与文书.md").read_text(encoding="utf-8")
    for name in ("notice_liaison", "minutes_example"):
        assert (GOLDEN / f"{name}.md").read_text(encoding="utf-8") in page, name
