"""The bundled data encodes the seed notice faithfully, both ways, inventing nothing."""

from __future__ import annotations

import re

import pytest
import yaml

from lianxi.store import bundled_dir

DATA = bundled_dir("data")


def _load(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _section(seed: str, start: str, end: str) -> str:
    return seed[seed.index(start):seed.index(end)]


def _seed_people(seed: str) -> list[tuple[str, str, str]]:
    """(role, name, post) in the seed's order, parsed independently of the data."""
    block = _section(seed, "二、组成人员", "联席会议办公室设在")
    people, role = [], None
    for line in block.splitlines()[1:]:
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(总召集人|副召集人|成\s*员)：(.*)$", line)
        if match:
            role, line = match[1].replace(" ", "").replace("\u3000", ""), match[2].strip()
        name, post = line.split(" ", 1)
        people.append((role, name, post.strip()))
    return people


def _seed_duties(seed: str) -> dict[str, str]:
    block = _section(seed, "三、职责分工", "四、工作规则")
    out = {}
    for line in block.splitlines()[1:]:
        line = line.strip()
        if line:
            name, text = line.split("：", 1)
            out[name] = text
    return out


def test_seed_has_21_people(seed_text):
    people = _seed_people(seed_text)
    assert len(people) == 21
    assert [r for r, _, _ in people].count("成员") == 18


def test_roster_matches_seed_both_ways_in_order(seed_text):
    members = _load("members.yaml")
    data_people = [
        (seat["role"], holder["name"], holder["post"])
        for seat in members["seats"]
        for holder in seat["holders"]
        if seat["role"] in ("总召集人", "副召集人", "成员")
    ]
    assert data_people == _seed_people(seed_text)


def test_every_person_and_post_in_data_is_in_seed(seed_text):
    members = _load("members.yaml")
    for seat in members["seats"]:
        for holder in seat["holders"]:
            assert holder["name"] in seed_text
            assert holder["post"] in seed_text
            assert holder.get("start", "unknown") == "unknown"  # the seed gives no dates


def test_unit_names_are_from_seed(seed_text):
    for unit in _load("members.yaml")["units"]:
        assert unit["name"] in seed_text, unit["name"]
        if unit.get("short_name"):
            assert unit["short_name"] in seed_text


def test_duties_match_seed_both_ways(seed_text):
    seed = _seed_duties(seed_text)
    departments = _load("duties.yaml")["departments"]
    assert [d["name"] for d in departments] == list(seed)
    for dept in departments:
        assert "".join(dept["duties"]) == seed[dept["name"]]
        for sentence in dept["duties"]:
            assert sentence in seed_text


def test_every_department_is_tied_to_a_member_unit():
    units = {u["id"]: u for u in _load("members.yaml")["units"]}
    for dept in _load("duties.yaml")["departments"]:
        assert dept["unit"] in units and units[dept["unit"]].get("member", True), dept["name"]
    ties = {d["name"]: units[d["unit"]]["name"] for d in _load("duties.yaml")["departments"]}
    assert ties["应急管理部门"] == "区防汛办"
    assert ties["编制部门"] == "区事业单位登记中心"
    assert ties["公安部门"] == "区公安分局"
    notes = {d["name"]: d.get("unit_note") for d in _load("duties.yaml")["departments"]}
    assert notes["应急管理部门"] and notes["编制部门"]


@pytest.mark.parametrize("path", [
    ("work_rules", "reporting", "text"),
    ("work_rules", "assessment", "text"),
    ("work_rules", "joint_groups", "text"),
    ("work_rules", "minutes", "text"),
    ("seal", "text"),
    ("succession_rule", "text"),
    ("established_by", "title"),
])
def test_charter_texts_are_verbatim(seed_text, path):
    value = _load("charter.yaml")
    for key in path:
        value = value[key]
    assert value in seed_text


def test_charter_lists_are_verbatim_and_complete(seed_text):
    charter = _load("charter.yaml")
    for rule in charter["work_rules"]["meetings"]:
        assert rule["text"] in seed_text
    jm = "".join(charter["responsibilities"]["joint_meeting"])
    assert jm in seed_text
    office = "".join(charter["responsibilities"]["office"])
    assert office in seed_text
    assert "".join(charter["work_requirements"]) in seed_text
    assert charter["established_by"]["date"] == "unknown"
    assert charter["established_by"]["doc_number"] == "unknown"


def test_liaisons_unknown_for_every_member_unit():
    members = _load("members.yaml")
    member_units = [u["id"] for u in members["units"] if u.get("member", True)]
    liaisons = {s["unit"]: s for s in members["seats"] if s["role"] == "联络员"}
    assert sorted(liaisons) == sorted(member_units) and len(member_units) == 18
    assert all(s["holders"] == [] for s in liaisons.values())
