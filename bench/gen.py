"""Write synthetic data directories at 1×, 10× and 100× the size of a busy joint meeting.

    python bench/gen.py [--out bench/out] [--scales 1,10,100] [--seed 523]

Each directory ``<out>/x<scale>/`` holds a complete data directory that passes
``lianxi validate``. It starts from the bundled data (the real roster, duties and
charter of the seed notice) and adds what years of use bring:

* **succession history** — every seat, liaisons included, gets a run of earlier
  holders with dated, non-overlapping terms, a reason and a recorded date, the way
  ``lianxi succession`` records them; the real current holders stay as they are;
* **more units and departments** (only above 1×, the last step) — synthetic member
  units modelled on the real ones (a place name + a real unit name), each with a
  member seat, a liaison seat with history, and a department whose duties are real
  duty sentences, until the directory reaches ``scale`` × the size of the 1× directory.
  It fills whatever the earlier steps left: once a ``gen_meetings`` step writes
  meeting, minutes and report files, the roster grows less and the meetings carry
  the bulk, as in a real directory after years of use.

The 1× directory is the "busy real joint meeting": the bundled roster after eight
years of turnover. Everything generated is synthetic (names drawn from common
surnames and given-name characters); the header of each file says so.

The pipeline is a list of steps (:data:`STEPS`), each ``step(dataset, rng, scale)``
mutating the in-memory data; a later step such as ``gen_meetings`` (meeting,
minutes and report files, once their format exists) goes before ``gen_units`` and
adds its files to ``dataset.files`` (relative path → text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUNDLED = REPO / "data"
CORE_FILES = ("members.yaml", "duties.yaml", "charter.yaml")

HISTORY_YEARS = 8  # a "busy real joint meeting": the roster after eight years of turnover
HISTORY_END = dt.date(2025, 12, 31)  # synthetic terms all end before this day

SURNAMES = "陈林黄张吴刘王郑李蔡杨许苏庄曾洪肖谢周柯连潘钟戴彭卢康邱施骆颜蒋方"
GIVEN = "建国志明秀英丽华金辉文晓伟俊杰海燕玉兰春梅淑芬宏达振兴荣安雅婷平阳小敏庆香家宝新民德胜清泉永福"
PLACES = ("山腰", "前黄", "峰尾", "南埔", "涂岭", "界山", "后龙", "坝头", "沙格", "凤北",
          "土坑", "诚平", "玉湖", "东张", "西山", "南山", "北埔", "圭峰", "天湖", "龙山")
PLACE_SUFFIX = ("镇", "街道", "片区", "园区")
REASONS = ("工作调动", "职务调整", "退休", "岗位交流", "机构改革")
LIAISON_POSTS = ("业务股室负责人", "办公室主任", "综合股股长", "业务股副股长", "四级主任科员")


@dataclass
class Dataset:
    members: dict
    duties: dict
    charter: dict
    files: dict[str, str] = field(default_factory=dict)  # extra files: relative path → text

    def texts(self) -> dict[str, str]:
        out = {
            "members.yaml": _header("members") + _dump(self.members),
            "duties.yaml": _header("duties") + _dump(self.duties),
            "charter.yaml": _header("charter") + _dump(self.charter),
        }
        out.update(self.files)
        return out


def _header(name: str) -> str:
    return (f"# yaml-language-server: $schema=.schema/{name}.schema.json\n"
            "# 性能测试用的合成数据（bench/gen.py 生成），人名、电话、单位均为虚构，请勿当作真实数据使用。\n\n")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """No anchors: a date shared by two terms is written twice, as a person would."""

    def ignore_aliases(self, data) -> bool:
        return True


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                     default_flow_style=None)


def _load(path: Path) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def load_bundled() -> Dataset:
    """The bundled core files as data; every other bundled data file (meetings, registers, …) as text."""
    ds = Dataset(*(_load(BUNDLED / name) for name in CORE_FILES))
    for path in sorted(BUNDLED.rglob("*")):
        rel = path.relative_to(BUNDLED).as_posix()
        if path.is_file() and rel not in CORE_FILES and not rel.startswith(".") and "/." not in rel:
            ds.files[rel] = path.read_text(encoding="utf-8")
    return ds


# ------------------------------------------------------------------ steps


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"0595-8{rng.randrange(10**6, 10**7)}"
    return f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}"


def _history(rng: random.Random, post: str, years: int, end: dt.date) -> list[dict]:
    """Earlier holders of a seat, oldest first, ending before ``end``; terms of 1–4 years."""
    terms: list[dict] = []
    start_limit = end.replace(year=end.year - years)
    cursor = end
    while True:
        length = dt.timedelta(days=rng.randrange(330, 4 * 365))
        start = cursor - length
        if start < start_limit:
            break
        terms.append({
            "name": _person(rng),
            "post": post,
            "start": start,
            "end": cursor,
            "phone": _phone(rng),
            "reason": rng.choice(REASONS),
            "recorded": cursor + dt.timedelta(days=rng.randrange(1, 20)),
        })
        cursor = start - dt.timedelta(days=rng.randrange(1, 30))
    terms.reverse()
    return terms


def gen_succession(ds: Dataset, rng: random.Random, scale: int) -> None:
    """Years of turnover on every seat; the real current holders stay the current ones."""
    for seat in ds.members["seats"]:
        if seat.get("history_done"):
            continue
        holders = seat.get("holders") or []
        if holders:
            post = holders[0]["post"]
        elif seat["role"] == "联络员":
            post = rng.choice(LIAISON_POSTS)
        else:
            post = seat.get("post") or "分管同志"
        history = _history(rng, post, HISTORY_YEARS, HISTORY_END)
        if not holders and seat["role"] == "联络员":
            # the liaison reported most recently is the current one
            current = {"name": _person(rng), "post": post, "start": HISTORY_END + dt.timedelta(days=1),
                       "phone": _phone(rng), "recorded": HISTORY_END + dt.timedelta(days=5)}
            holders = [current]
        seat["holders"] = history + holders
        seat["history_done"] = True


def gen_units(ds: Dataset, rng: random.Random, scale: int) -> None:
    """Above 1×: synthetic member units (with seats, history, a department) up to the target size."""
    if scale <= 1:
        return
    target = scale * _size(_one_x())
    real_units = [u for u in ds.members["units"] if u.get("member", True)]
    depts_by_unit = {d["unit"]: d for d in ds.duties["departments"] if d.get("unit")}
    sentences = [s for d in ds.duties["departments"] for s in d["duties"]]
    places = [p + s for s in PLACE_SUFFIX for p in PLACES]
    n = 0
    size = _size(ds)
    per_unit = 0.0
    while size < target:
        # add a batch sized from the bytes per unit measured so far, then measure again
        batch = 50 if not per_unit else max(1, int((target - size) / per_unit) + 1)
        before = size
        for _ in range(batch):
            _add_unit(ds, rng, n, real_units, depts_by_unit, sentences, places)
            n += 1
        gen_succession(ds, rng, scale)
        size = _size(ds)
        per_unit = (size - before) / batch
    for seat in ds.members["seats"]:
        seat.pop("history_done", None)


def _add_unit(ds: Dataset, rng: random.Random, n: int, real_units: list, depts_by_unit: dict,
              sentences: list, places: list) -> None:
    base = real_units[n % len(real_units)]
    place = places[(n // len(real_units)) % len(places)]
    round_ = n // (len(real_units) * len(places))
    tag = place + (str(round_ + 1) if round_ else "")
    uid = f"{base['id']}-{n}"
    uname = tag + base["name"].removeprefix("区")
    ds.members["units"].append({"id": uid, "name": uname,
                                "aliases": [tag + a for a in base.get("aliases", [])[:1]]})
    member_post = uname + rng.choice(("副局长", "主任", "副主任", "党组成员"))
    ds.members["seats"].append({"id": f"member-{uid}", "role": "成员", "unit": uid,
                                "holders": [{"name": _person(rng), "post": member_post,
                                             "start": HISTORY_END + dt.timedelta(days=1),
                                             "phone": _phone(rng)}]})
    ds.members["seats"].append({"id": f"liaison-{uid}", "role": "联络员", "unit": uid,
                                "post": "业务股室负责人", "holders": []})
    real_dept = depts_by_unit.get(base["id"])
    dname = tag + (real_dept["name"] if real_dept else base["name"].removeprefix("区") + "部门")
    ds.duties["departments"].append({
        "id": f"dept-{uid}", "name": dname, "unit": uid,
        "duties": rng.sample(sentences, k=rng.randrange(1, 4)),
    })


def _size(ds: Dataset) -> int:
    clean = Dataset(ds.members, ds.duties, ds.charter, ds.files)
    return sum(len(text.encode("utf-8")) for text in _strip(clean).texts().values())


def _strip(ds: Dataset) -> Dataset:
    seats = [{k: v for k, v in s.items() if k != "history_done"} for s in ds.members["seats"]]
    return Dataset({**ds.members, "seats": seats}, ds.duties, ds.charter, ds.files)


_ONE_X: Dataset | None = None


def _one_x() -> Dataset:
    global _ONE_X
    if _ONE_X is None:
        _ONE_X = build(1, seed=0)
    return _ONE_X


# The pipeline. A later step (e.g. gen_meetings: meeting files, minutes, reports) goes
# between these two; gen_units stays last because it fills up to the target size.
STEPS = [gen_succession, gen_units]


def build(scale: int, seed: int = 523) -> Dataset:
    rng = random.Random(seed * 1000 + scale)
    ds = load_bundled()
    for step in STEPS:
        step(ds, rng, scale)
    return _strip(ds)


def write(ds: Dataset, target: Path) -> int:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    total = 0
    for name, text in ds.texts().items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成性能测试用的合成数据目录（1×、10×、100×）")
    parser.add_argument("--out", default=str(HERE / "out"), help="输出目录（默认 bench/out）")
    parser.add_argument("--scales", default="1,10,100", help="倍数，逗号分隔（默认 1,10,100）")
    parser.add_argument("--seed", type=int, default=523, help="随机种子（默认 523）")
    args = parser.parse_args(argv)
    out = Path(args.out)
    for scale in (int(s) for s in args.scales.split(",") if s.strip()):
        target = out / f"x{scale}"
        size = write(build(scale, args.seed), target)
        print(f"{target}: {size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
