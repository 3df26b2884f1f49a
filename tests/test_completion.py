"""Shell completion: follows --data, completes unit names (pinyin too), seat, meeting and task ids, choices."""

from __future__ import annotations

import pytest


@pytest.fixture
def complete(run, monkeypatch, tmp_path):
    """The candidates bash would be offered for ``line`` (completing its last word), run in tmp_path."""
    monkeypatch.chdir(tmp_path)

    def _complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {"_LIANXI_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        result = run(*words[1:], env=env)
        assert "Traceback" not in result.output
        return [x for x in result.stdout.splitlines() if x]

    return _complete


@pytest.fixture
def other(tmp_path, data_dir):
    """A copy of the data with a unit renamed (synthetic name): completion must read this copy."""
    members = data_dir / "members.yaml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.replace("    name: 区公安分局\n", "    name: 区公安测试分局\n", 1), encoding="utf-8")
    return data_dir


@pytest.mark.parametrize("line, expected", [
    ("lianxi duties gong", "公安部门"),  # pinyin of a department
    ("lianxi liaison set ga", "公安"),  # initials of a unit alias
    ("lianxi tasks -u 区卫", "区卫健局"),
    ("lianxi notice 2026-09", "2026-09-15-plenary"),
    ("lianxi report add 公安 --task 2026-09-15-plenary/", "2026-09-15-plenary/1"),
    ("lianxi meeting new --presider conv", "convener"),
    ("lianxi validate --format ju", "junit"),
    ("lianxi init x --layout d", "data"),
    ("lianxi roster -f xl", "xlsx"),
    ("lianxi meeting new --type li", "liaison"),
    ("lianxi meeting new -u 公安,区卫", "公安,区卫健局"),
])
def test_completes(complete, line, expected):
    assert expected in complete(line)


@pytest.mark.parametrize("where", ["after", "before"])
def test_completion_follows_data(complete, other, where):
    line = (f"lianxi succession apply --data {other} 区公安" if where == "after"
            else f"lianxi --data {other} succession apply 区公安")
    found = complete(line)
    assert "区公安测试分局" in found and "区公安分局" not in found


def test_broken_data_completes_nothing_quietly(complete, data_dir):
    (data_dir / "members.yaml").write_text("units: [\n", encoding="utf-8")
    assert complete(f"lianxi duties --data {data_dir} gong") == []


@pytest.mark.parametrize("line, expected", [
    ("lianxi meeting edit --data {d} 2026-09", "2026-09-15-plenary"),
    ("lianxi meeting cancel --data {d} 2026-09", "2026-09-15-plenary"),
    ("lianxi meeting agenda add --data {d} 2026-09", "2026-09-15-plenary"),
    ("lianxi meeting guest add --data {d} 2026-09", "2026-09-15-plenary"),
    ("lianxi meeting reply --data {d} 2026-09", "2026-09-15-plenary"),
    ("lianxi meeting replies --data {d} 2026-09", "2026-09-15-plenary"),
    ("lianxi meeting reply --data {d} 2026-09-15-plenary 区卫", "区卫健局"),
    ("lianxi meeting edit --data {d} 2026-09-15-plenary -u 区卫", "区卫健局"),
    ("lianxi todo --data {d} -u 区卫", "区卫健局"),
    ("lianxi alert add --data {d} -u 区卫", "区卫健局"),
    ("lianxi alert edit --data {d} 2027-01 -u 区卫", "区卫健局"),
    ("lianxi group new --data {d} --lead 区卫", "区卫健局"),
    ("lianxi group new --data {d} -u ga", "公安"),
    ("lianxi group edit --data {d} 2027-01 --lead 区卫", "区卫健局"),
    ("lianxi member retire --data {d} 区卫", "区卫健局"),
    ("lianxi succession apply --data {d} 公安 --role 成", "成员"),
    ("lianxi succession vacate --data {d} 公安 --role cy", "成员"),
    ("lianxi succession correct --data {d} --role 联", "联络员"),
])
def test_completes_the_meeting_cycle_and_membership_arguments(complete, data_dir, line, expected):
    found = complete(line.format(d=data_dir))
    assert expected in found, found


def test_role_completion_offers_the_units_own_roles(complete, data_dir):
    found = complete(f"lianxi succession apply 公安 --data {data_dir} --role ")
    assert "成员" in found and "总召集人" not in found


def test_completes_alert_and_group_ids(run, complete, data_dir):
    env = {"LIANXI_TODAY": "2027-03-01"}
    assert run("alert", "add", "--level", "一般", "-u", "公安", "--text", "合成测试数据", "--data", data_dir,
               env=env).exit_code == 0
    assert run("group", "new", "--lead", "卫健", "-u", "公安", "--purpose", "合成测试任务", "--from", "2027-03-02",
               "--to", "2027-03-30", "--data", data_dir, env=env).exit_code == 0
    assert complete(f"lianxi alert edit --data {data_dir} 2027") == ["2027-01"]
    assert complete(f"lianxi group close --data {data_dir} 2027") == ["2027-01"]
