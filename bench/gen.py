"""Write synthetic data directories at 1×, 10× and 100× the size of a busy joint meeting.

    python bench/gen.py [--out bench/out] [--scales 1,10,100] [--seed 523]

Each directory ``<out>/x<scale>/`` holds a complete data directory that passes
``lianxi validate``. It starts from the bundled data (the real roster, duties and
charter of the seed notice) and adds what years of use bring:

* **succession history** — every seat, liaisons included, gets a run of earlier
  holders with dated, non-overlapping terms, a reason and a recorded date, the way
  ``lianxi succession`` records them; the real current holders stay as they are;
* **years of meetings** — every year a plenary meeting, a liaison meeting, a topic
  meeting and an ad-hoc meeting, each a ``meetings/*.yaml`` file with its notice number,
  replies, minutes (issued, numbered, agreed by every attending unit, attendance from the
  holders of that day) and agreed matters; the matters' progress reports in
  ``reports.yaml`` (most end 已完成, about one in ten is left overdue and shows up as a
  warning); the notice and minutes numbers in ``registers.yaml``; a closed alert in
  ``alerts.yaml`` and a working group in ``groups.yaml`` per year;
* **above 1×** — further topic meetings (with their reports, and now and then an alert
  and a working group) spread over the same years, until the directory reaches
  ``scale`` × the size of the 1× directory. The roster is not grown: a busy real joint
  meeting keeps its ~40 seats whatever its age, so ``members.yaml``, ``duties.yaml`` and
  ``charter.yaml`` are the same at every scale and a query that reads only them costs
  the same at every scale.

The 1× directory is the "busy real joint meeting": the bundled roster after eight
years of turnover and eight years of meetings (about 190 KB; 10× about 2 MB, 100×
about 20 MB). Everything generated is synthetic (names drawn from common
surnames and given-name characters); the header of each file says so.

The pipeline is a list of steps (:data:`STEPS`), each ``step(dataset, rng, scale)``
mutating the in-memory data; a step adds its files to ``dataset.files`` (relative path →
text).
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


def _header(name: str, up: str = "") -> str:
    return (f"# yaml-language-server: $schema={up}.schema/{name}.schema.json\n"
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


gen_succession.same_at_every_scale = True  # the roster of a joint meeting does not grow with its records


AGENDA = ("听取联席会议办公室关于{year}年婴幼儿照护服务工作情况的汇报", "研究托育机构安全管理有关事项",
          "研究普惠托育服务体系建设有关事项", "通报成员单位议定事项落实情况", "部署下一阶段重点工作",
          "研究托育从业人员培训和持证上岗有关事项", "研究托育机构备案登记和信息公示有关事项")
TOPICS = ("托育机构安全管理", "普惠托育服务", "托育从业人员队伍建设", "托育机构备案管理", "婴幼儿卫生保健",
          "用人单位办托", "社区嵌入式托育", "托育服务价格监管")
LEVELS = ("一般", "较重", "严重")


class _Roster:
    """Who held which seat on a given day, for attendance lists and presiders."""

    def __init__(self, ds: Dataset) -> None:
        self.members = [u["id"] for u in ds.members["units"] if u.get("member", True)]
        self.seats = ds.members["seats"]
        self.sentences = [s for d in ds.duties["departments"] for s in d["duties"]]

    def holder(self, seat: dict, day: dt.date):
        for h in seat.get("holders") or []:
            start = h.get("start")
            if isinstance(start, dt.date) and day < start:
                continue
            end = h.get("end")
            if end is None or day <= end:
                return h
        return None

    def seat(self, unit: str, liaison: bool):
        for seat in self.seats:
            if seat.get("unit") == unit and (seat["role"] == "联络员") == liaison:
                return seat
        return None

    def name(self, unit: str, day: dt.date, liaison: bool) -> str:
        seat = self.seat(unit, liaison)
        holder = self.holder(seat, day) if seat else None
        return holder["name"] if holder else "unknown"

    def convener_on(self, day: dt.date) -> bool:
        seat = next((s for s in self.seats if s["id"] == "convener"), None)
        return seat is not None and self.holder(seat, day) is not None


@dataclass
class _Records:
    """Everything gen_meetings writes: meeting files and the lists behind the other files."""

    meetings: dict[str, dict] = field(default_factory=dict)  # file stem → meeting
    notices: list[dict] = field(default_factory=list)
    minutes: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    sequence: dict[tuple, int] = field(default_factory=dict)


def _weekday(rng: random.Random, year: int, month: int) -> dt.date:
    while True:
        day = dt.date(year, month, rng.randrange(1, 29))
        if day.weekday() < 5:
            return day


def _meeting(ds: Dataset, roster: _Roster, rec: _Records, rng: random.Random, kind: str, day: dt.date) -> int:
    """One meeting as held: notice, attendance, minutes issued and agreed, matters, reports on them."""
    stem = f"{day.isoformat()}-{kind}"
    n = 2
    while stem in rec.meetings:
        stem, n = f"{day.isoformat()}-{kind}-{n}", n + 1
    seq = rec.sequence[(day.year, kind)] = rec.sequence.get((day.year, kind), 0) + 1
    liaison = kind == "liaison"
    units = roster.members
    meeting: dict = {"kind": kind, "sequence": seq}
    if kind == "topic":
        meeting["subject"] = rng.choice(TOPICS)
    meeting["purpose"] = "研究" + rng.choice(TOPICS) + "有关工作"
    meeting.update({"date": day, "time": rng.choice(("09:00", "09:30", "15:00")),
                    "place": rng.choice(("区卫健局三楼会议室", "区政府第二会议室", "区行政服务中心五楼会议室"))})
    if kind in ("plenary", "adhoc") and roster.convener_on(day):
        meeting["presider"] = "convener"
    if kind == "topic":
        meeting["invited"] = [{"name": rng.choice(("区应急管理局", "区医保局", "区妇幼保健院")), "kind": "department"}]
    meeting["agenda"] = [a.format(year=day.year - 1) for a in rng.sample(AGENDA, k=rng.randrange(2, 5))]
    notice_day = day - dt.timedelta(days=rng.randrange(5, 12))
    if kind == "adhoc":  # called by the convener (the seat), who agreed before the notice went out
        meeting["approval"] = {"by": "convener", "date": notice_day - dt.timedelta(days=1)}
    number = sum(1 for e in rec.notices if e["year"] == day.year) + 1
    meeting["notice"] = {"number": number, "year": day.year, "date": notice_day}
    rec.notices.append({"number": number, "year": day.year, "meeting": stem, "date": notice_day,
                        "title": f"关于召开联席会议{ {'plenary': '全体会议', 'adhoc': '临时会议', 'liaison': '联络员会议', 'topic': '专题会议'}[kind]}的通知"})
    absent = set(rng.sample(units, k=rng.randrange(0, 3)))
    replies = [{"unit": u, "status": "absent", "name": roster.name(u, day, liaison), "reason": "因公外出",
                "date": notice_day + dt.timedelta(days=2)} for u in units if u in absent]
    if replies:
        meeting["replies"] = replies
    matters = []
    for _ in range(rng.randrange(2, 5)):
        lead, *coop = rng.sample(units, k=rng.randrange(1, 5))
        matter = {"title": "关于" + rng.choice(TOPICS) + "的" + rng.choice(("工作安排", "落实措施", "督促检查")),
                  "text": "会议议定，" + rng.choice(roster.sentences).rstrip("。") + "，限期报送落实情况",
                  "lead": lead}
        if coop:
            matter["cooperating"] = coop
        matter["deadline"] = day + dt.timedelta(days=rng.randrange(60, 300))
        matters.append(matter)
    issued = day + dt.timedelta(days=rng.randrange(7, 15))
    minutes_no = len(rec.minutes) + 1
    rec.minutes.append({"number": minutes_no, "meeting": stem, "date": issued, "title": "会议纪要"})
    meeting["minutes"] = {
        "status": "issued", "number": minutes_no, "date": issued,
        "summary": "会议" + "，".join(a.replace("听取", "听取了").replace("研究", "研究了")
                                     for a in meeting["agenda"][:2]),
        "matters": matters,
        "attendance": {
            "present": [{"unit": u, "name": roster.name(u, day, liaison)} for u in units if u not in absent],
            "absent": [{"unit": r["unit"], "name": r["name"], "reason": r["reason"]} for r in replies],
        },
        "agreed_by": [{"unit": u, "date": issued - dt.timedelta(days=rng.randrange(1, 4))} for u in units],
    }
    rec.meetings[stem] = meeting
    for index, matter in enumerate(matters, start=1):
        who = [matter["lead"]] + matter.get("cooperating", [])
        count = rng.randrange(1, 4)
        done = rng.random() < 0.9  # most matters are completed in time; the rest show up as warnings
        span = max(1, (matter["deadline"] - issued).days)
        for k in range(count):
            report_day = min(issued + dt.timedelta(days=span * (k + 1) // count), HISTORY_END)
            rec.reports.append({"unit": rng.choice(who), "date": report_day, "task": f"{stem}/{index}",
                                "status": "已完成" if done and k == count - 1 else "进行中",
                                "text": rng.choice(("已组织专项检查，", "已制定工作方案，", "已召开专题部署会，"))
                                + rng.choice(roster.sentences)})
    return len(matters)


def _alert_and_group(roster: _Roster, rec: _Records, rng: random.Random, year: int) -> None:
    day = _weekday(rng, year, rng.randrange(1, 12))
    n = sum(1 for a in rec.alerts if a["id"].startswith(f"{year}-")) + 1
    rec.alerts.append({"id": f"{year}-{n:02d}", "date": day, "level": rng.choice(LEVELS),
                       "units": rng.sample(roster.members, k=rng.randrange(1, 4)),
                       "title": rng.choice(TOPICS) + "风险研判", "text": "近期检查发现" + rng.choice(roster.sentences),
                       "measures": "请有关单位于一个月内完成整改并报送情况",
                       "closed": {"date": day + dt.timedelta(days=rng.randrange(20, 60)), "note": "已全部整改到位"}})
    lead, *others = rng.sample(roster.members, k=rng.randrange(3, 6))
    start = day + dt.timedelta(days=rng.randrange(3, 10))
    rec.groups.append({"id": f"{year}-{n:02d}", "date": day, "name": rng.choice(TOPICS) + "联合工作组",
                       "lead": lead, "units": others, "purpose": "对全区托育机构开展" + rng.choice(TOPICS) + "联合检查",
                       "start": start, "end": start + dt.timedelta(days=rng.randrange(30, 90))})


def _store_records(ds: Dataset, rec: _Records) -> None:
    for stem, meeting in rec.meetings.items():
        ds.files[f"meetings/{stem}.yaml"] = (_header("meetings", "../") + _dump(meeting))
    ds.files["registers.yaml"] = _header("registers") + _dump({"notices": rec.notices, "minutes": rec.minutes})
    ds.files["reports.yaml"] = _header("reports") + _dump({"reports": rec.reports})
    ds.files["alerts.yaml"] = _header("alerts") + _dump({"alerts": rec.alerts})
    ds.files["groups.yaml"] = _header("groups") + _dump({"groups": rec.groups})


YEARS = range(HISTORY_END.year - HISTORY_YEARS + 1, HISTORY_END.year + 1)


def gen_meetings(ds: Dataset, rng: random.Random, scale: int) -> None:
    """Years of meetings, minutes, reports, alerts and working groups; above 1× more of them.

    1×: every year a plenary meeting, a liaison meeting, a topic meeting and an ad-hoc
    meeting (each with its notice, minutes, matters and progress reports), an alert and a
    working group. Above 1× further topic meetings, alerts and groups are spread over the
    same years until the directory reaches ``scale`` × the 1× size. The roster is not
    grown: a busy real joint meeting keeps about forty seats, whatever its age.
    """
    roster = _Roster(ds)
    rec = _Records()
    for year in YEARS:
        for kind, month in (("plenary", 3), ("liaison", 6), ("topic", 9), ("adhoc", 11)):
            _meeting(ds, roster, rec, rng, kind, _weekday(rng, year, month))
        _alert_and_group(roster, rec, rng, year)
    _store_records(ds, rec)
    if scale <= 1:
        return
    target = scale * _size(_one_x())
    size = _size(ds)
    per_meeting = 0.0
    while size < target:
        # add a batch sized from the bytes per meeting measured so far, then measure again
        batch = 20 if not per_meeting else max(1, int((target - size) / per_meeting) + 1)
        before = size
        for _ in range(batch):
            year = rng.choice(YEARS)
            _meeting(ds, roster, rec, rng, "topic", _weekday(rng, year, rng.randrange(1, 13)))
            if rng.random() < 0.3:
                _alert_and_group(roster, rec, rng, year)
        _store_records(ds, rec)
        size = _size(ds)
        per_meeting = (size - before) / batch


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


# The pipeline: succession history on every seat, then years of meetings (which fill
# up to the target size, so it stays last).
STEPS = [gen_succession, gen_meetings]


def build(scale: int, seed: int = 523) -> Dataset:
    ds = load_bundled()
    for step in STEPS:
        # a step marked same_at_every_scale draws the same numbers at every scale
        same = getattr(step, "same_at_every_scale", False)
        step(ds, random.Random(f"{seed}-{step.__name__}" + ("" if same else f"-{scale}")), scale)
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
