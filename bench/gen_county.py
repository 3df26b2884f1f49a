"""Write a synthetic county workspace: N joint meetings × 8 years of records (default 60).

    python bench/gen_county.py [--out bench/out] [--meetings 60] [--seed 523]

Writes ``<out>/county<N>/``: ``workspace.yaml``, ``units.yaml`` (the bundled units as the
county register) and one data directory per joint meeting, each a 1× directory of
``bench/gen.py`` (the bundled roster after eight years of turnover, eight years of meetings,
reports, alerts and groups) with its own seed, its own name (a subject from :data:`SUBJECTS`)
and its own division of duties (a random 12–18 of the bundled departments, their sentences
speaking of the meeting's subject where the bundled ones speak of 婴幼儿照护服务 or 托育), so every
joint meeting's ``who`` index differs, as real joint meetings' duties do. The current holders stay the bundled ones, so the same people
sit on many joint meetings, as in a real county. Everything is synthetic: every file says so.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402  (bench/gen.py)

SUBJECTS = (
    "婴幼儿照护服务", "消防安全", "根治欠薪", "留守儿童关爱保护", "食品安全", "安全生产", "防灾减灾", "禁毒",
    "反诈骗", "河长制", "林长制", "乡村振兴", "就业促进", "养老服务", "残疾人保障", "未成年人保护",
    "妇女儿童发展", "老龄", "爱国卫生", "全民健身", "交通安全", "燃气安全", "校园安全", "医疗保障",
    "社会救助", "住房保障", "农民工服务", "双拥", "民族宗教", "信访", "网络安全", "知识产权",
    "营商环境", "招商引资", "生态环境保护", "大气污染防治", "水污染防治", "土壤污染防治", "垃圾分类", "节能减排",
    "文物保护", "文明创建", "全民阅读", "科普", "人才", "统计", "审计整改", "政务公开",
    "数字政府", "应急广播", "地名管理", "殡葬改革", "移风易俗", "婚姻登记", "慈善", "志愿服务",
    "家庭教育", "心理健康", "艾滋病防治", "控烟",
)
HEADER = "# 性能测试用的合成数据（bench/gen_county.py 生成），人名、电话、单位均为虚构，请勿当作真实数据使用。\n"


def build_meeting(i: int, seed: int) -> "gen.Dataset":
    ds = gen.build(1, seed=seed + i)
    rng = random.Random(f"{seed}-county-{i}")
    subject = SUBJECTS[i % len(SUBJECTS)] + (f"（{i // len(SUBJECTS) + 1}）" if i >= len(SUBJECTS) else "")
    ds.charter["name"] = f"泉港区{subject}工作联席会议"
    departments = ds.duties["departments"]
    keep = sorted(rng.sample(range(len(departments)), rng.randint(min(12, len(departments)), len(departments))))
    ds.duties["departments"] = [departments[k] for k in keep]
    # each joint meeting's duties speak of its own subject (the bundled ones of 婴幼儿照护服务)
    topic = SUBJECTS[i % len(SUBJECTS)]
    for dept in ds.duties["departments"]:
        dept["duties"] = [_retopic(text, topic) for text in dept["duties"]]
    return ds


def _retopic(text: str, topic: str) -> str:
    return re.sub("婴幼儿照护服务|婴幼儿照护|托育服务|托育|婴幼儿", topic, text)


def _open_names(ds: "gen.Dataset") -> dict[str, str]:
    """Name → post of everyone in office (an open last term) in a joint meeting."""
    out = {}
    for seat in ds.members["seats"]:
        holders = seat.get("holders") or []
        if holders and not holders[-1].get("end"):
            out[holders[-1]["name"]] = holders[-1]["post"]
    return out


def _rename(texts: dict[str, str], renames: dict[str, str]) -> dict[str, str]:
    """Every whole occurrence of each name (not inside a longer run of Chinese characters) replaced."""
    if not renames:
        return texts
    pattern = re.compile("(?<![\u4e00-\u9fff])(" + "|".join(map(re.escape, sorted(renames, key=len, reverse=True)))
                         + ")(?![\u4e00-\u9fff])")
    return {name: pattern.sub(lambda m: renames[m.group(1)], text) for name, text in texts.items()}


def write_county(out: Path, meetings: int, seed: int) -> int:
    target = out / f"county{meetings}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    total = 0
    entries = []
    units = None
    in_office: dict[str, str] = {}  # one person, one post: a synthetic name drawn twice becomes two people
    used: set[str] = set()
    rng = random.Random(f"{seed}-county-names")
    for i in range(meetings):
        ds = build_meeting(i, seed)
        folder = f"m{i + 1:02d}"
        renames = {}
        for name, post in _open_names(ds).items():
            if name in in_office and in_office[name] != post:
                new = name
                while new in used or new in in_office:
                    new = rng.choice(gen.SURNAMES) + "".join(rng.choice(gen.GIVEN) for _ in range(2)) + \
                        rng.choice(gen.GIVEN)
                renames[name] = new
                used.add(new)
                in_office[new] = post
            else:
                in_office.setdefault(name, post)
        texts = _rename(ds.texts(), renames)
        for name, text in texts.items():
            path = target / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            total += path.stat().st_size
        entries.append(f"  - key: 合成{i + 1:02d}\n    dir: {folder}\n")
        units = units or ds.members["units"]
    register = ["units:\n"]
    for u in units:
        register.append(f"  - id: {u['id']}\n    name: {u['name']}\n")
        if u.get("short_name"):
            register.append(f"    short_names: [{u['short_name']}]\n")
        if u.get("aliases"):
            register.append(f"    aliases: [{', '.join(u['aliases'])}]\n")
    (target / "units.yaml").write_text(HEADER + "".join(register), encoding="utf-8")
    (target / "workspace.yaml").write_text(
        HEADER + f"name: 合成县（{meetings} 个联席会议）\nsynthetic: true\nmeetings:\n" + "".join(entries),
        encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成性能测试用的合成工作区（一个县的多个联席会议）")
    parser.add_argument("--out", default=str(HERE / "out"), help="输出目录（默认 bench/out）")
    parser.add_argument("--meetings", default="60", help="联席会议个数，逗号分隔（默认 60）")
    parser.add_argument("--seed", type=int, default=523, help="随机种子（默认 523）")
    args = parser.parse_args(argv)
    for n in (int(x) for x in args.meetings.split(",") if x.strip()):
        size = write_county(Path(args.out), n, args.seed)
        print(f"{Path(args.out) / f'county{n}'}: {n} 个联席会议，{size / 1048576:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
