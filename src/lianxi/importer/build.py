"""A parsed :class:`~.parse.Notice` → the YAML texts of a data directory.

Decisions made here are mechanical and each is reported:

* units come only from names written in the notice (a person's post, a unit list, the
  office and seal sentences); an abbreviation (区卫健局) is merged into the full name
  (区卫生健康局) only when its characters are the full name's in order;
* unit ids are the pinyin of the unit name without the region prefix, deduplicated;
* aliases are the names without the region prefix and the bracketed names of the notice,
  dropped when they would make a query ambiguous;
* a department of the division of duties is tied to a member unit only when their key
  characters match (公安部门 ↔ 区公安分局, 发展改革部门 ↔ 区发改局); otherwise ``unit: null``
  with a ``unit_note`` saying it must be confirmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ..model import UNKNOWN
from ..schema import schema_line
from .parse import Notice, Person
from ..yamlwrite import dump_yaml, flow_mapping
from .words import ORG_SUFFIXES, looks_like_unit, region_prefix, split_post

DEPT_SUFFIXES = ("部门", "组织", "机构", "单位", "方面")
_GENERIC = {"政府", "人民政府", "委", "办"}


@dataclass
class UnitRec:
    name: str
    line: int
    short_name: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    member: bool = False
    member_order: int = 10 ** 6
    id: str = ""
    note: Optional[str] = None

    def names(self) -> list[str]:
        return [self.name] + ([self.short_name] if self.short_name else [])


@dataclass
class Result:
    members: str
    duties: str
    charter: str
    placed: list[str]          # summary lines of what was placed
    checks: list[tuple[Optional[int], str]]   # to check: (line, message)
    fill: list[str]            # what the user must fill in
    ties: list[tuple[str, Optional[str], str]]  # (department, unit name or None, how)
    counts: dict[str, int]


class BuildError(Exception):
    pass


def _pinyin(text: str) -> str:
    from ..pinyin import syllables

    return "".join(syllables(text, ascii_only=True)) or "x"


def region_of(name: str) -> Optional[str]:
    match = re.match(r"^(.{1,6}?(?:自治县|自治旗|自治州|自治区|新区|区|县|市|旗|州|盟|省))", name)
    return match.group(1) if match else None


class Builder:
    def __init__(self, notice: Notice, name_override: Optional[str] = None) -> None:
        self.n = notice
        refuse_if_not_establishing(notice)
        self.name = name_override or notice.name
        self.fill: list[str] = []
        if not self.name:
            self.name = UNKNOWN
            self.fill.append("联席会议名称：通知中没有标题，正文也未写明“建立/成立……联席会议”，"
                             "charter.yaml name 暂为 unknown，待填写（或重新导入时用 --name 指定）")
        self.region = region_of(self.name) if self.name != UNKNOWN else None
        self.units: list[UnitRec] = []
        self.checks: list[tuple[Optional[int], str]] = [(f.line, f.message) for f in notice.checks]
        if notice.name_from == "body" and not name_override:
            self.checks.append((None, f"通知没有可用的标题，联席会议名称“{self.name}”取自正文，请核对"))
        self.placed: list[str] = []

    # -------------------------------------------------------------- units

    def strip_region(self, name: str) -> str:
        if self.region and name.startswith(self.region) and len(name) > len(self.region) + 1:
            return name[len(self.region):]
        if region_prefix(name) and name[1] != "委" and not name[1:].startswith("人民"):
            return name[1:]
        return name

    @staticmethod
    def core(name: str) -> str:
        for suffix in sorted(ORG_SUFFIXES, key=len, reverse=True):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name

    def find_unit(self, name: str) -> Optional[UnitRec]:
        for unit in self.units:
            if name in unit.names() or name in unit.aliases:
                return unit
        for unit in self.units:  # 区卫健局 written once as 卫健局
            if any(self.strip_region(x) == self.strip_region(name) for x in unit.names()):
                return unit
        return None

    def _abbreviates(self, short: str, full: str) -> bool:
        """区卫健局 abbreviates 区卫生健康局: same ends, core characters in order, not a plain part."""
        if len(short) >= len(full) or short[0] != full[0] or short[-1] != full[-1]:
            return False
        cs, cf = self.core(self.strip_region(short)), self.core(self.strip_region(full))
        if len(cs) < 2 or cs[0] != cf[0] or cs in cf:
            return False
        it = iter(cf)
        return all(ch in it for ch in cs)

    def unit(self, name: str, line: int, aliases: Optional[list[str]] = None) -> UnitRec:
        found = self.find_unit(name)
        if found is None:
            for other in self.units:
                for a, b in ((name, other.name), (other.name, name)):
                    if self._abbreviates(a, b) and not other.short_name:
                        if other.name == a:  # the longer name becomes the name
                            other.name, other.short_name = b, a
                        else:
                            other.short_name = a
                        self.checks.append((line, f"“{other.short_name}”视为“{other.name}”的简称（同一单位），请核对"))
                        found = other
                        break
                if found:
                    break
        if found is None:
            found = UnitRec(name, line)
            self.units.append(found)
        for alias in aliases or []:
            if alias not in found.aliases and alias not in found.names():
                found.aliases.append(alias)
        return found

    def unit_of_post(self, post: Optional[str], line: int) -> Optional[UnitRec]:
        if not post:
            return None
        pieces = [p for p in re.split(r"、(?![^（(]*[）)])", post) if p]
        if len(pieces) > 1 and all(all(split_post(p)) for p in pieces):
            # 县委常委、县农业农村局局长: two posts, each with its unit; the seat is the last one's
            unit_name = split_post(pieces[-1])[0]
            self.checks.append((line, f"职务“{post}”含 {len(pieces)} 个职务，席位记在“{unit_name}”名下，请核对"))
            return self.unit(unit_name, line)
        unit_name, _ = split_post(post)
        if unit_name is None:
            return None
        if len(pieces) > 1 and not split_post(pieces[-1])[0]:
            # 县委常委、副县长: one person's posts; the seat goes to the unit named first
            self.checks.append((line, f"职务“{post}”含 {len(pieces)} 个职务，席位记在“{unit_name}”名下"
                                      "（按第一个职务），请核对"))
        parts = [p for p in unit_name.split("、") if p]
        if len(parts) > 1:
            self.checks.append((line, f"职务“{post}”含两个单位（{'、'.join(parts)}），席位记在“{parts[0]}”名下，请核对"))
            first = self.unit(parts[0], line)
            for extra in parts[1:]:
                self.unit(extra, line)
            return first
        return self.unit(unit_name, line)

    # -------------------------------------------------------------- build

    def build(self) -> Result:
        n = self.n
        seats: list[dict] = []
        member_rank = 0

        def add_seat(role: str, unit: Optional[UnitRec], holders: list[dict], post: Optional[str] = None):
            seat = {"role": role, "unit": unit, "post": post, "holders": holders}
            seats.append(seat)
            return seat

        for person in n.people:
            unit = self.unit_of_post(person.post or person.seat_post, person.line)
            if person.role == "成员" and unit is not None:
                unit.member = True
                if unit.member_order > member_rank:
                    unit.member_order = member_rank
                member_rank += 1
            if unit is None:
                self.checks.append((person.line, f"{person.role}{person.name or ''}的职务“{person.post or person.seat_post}”"
                                                 "中没有单位名称，席位未关联单位，请核对"))
            add_seat(person.role, unit, [_holder(person)] if person.name else [], person.seat_post)
        for entry in n.member_units:
            unit = self.unit(entry.name, entry.line, entry.aliases)
            unit.member = True
            unit.member_order = min(unit.member_order, member_rank)
            member_rank += 1
            if not any(s["role"] == "成员" and s["unit"] is unit for s in seats):
                add_seat("成员", unit, [], n.member_post)
        # prefix dropped after the first unit: 县发改局、教育局 → alias 县教育局
        self._prefix_aliases()
        host = self.unit(n.office_host, n.office_text.line) if n.office_host else None
        sealing = self.unit(n.seal_unit, n.seal_text.line) if n.seal_unit else None
        director_seat = None
        if n.director is not None:
            d = n.director
            unit = self.unit_of_post(d.post or d.seat_post, d.line)
            if unit is None and d.post is None and d.seat_post is None and host is not None:
                unit = host  # 办公室设在县公安局，王五同志兼任办公室主任: the office's unit
                self.checks.append((d.line, f"办公室主任{d.name}的单位通知中未写明，按“办公室设在{host.name}”"
                                            f"记在“{host.name}”名下，请核对"))
            director_seat = add_seat(d.role, unit, [_holder(d)] if d.name else [], d.seat_post)
        liaison_named = {id(s["unit"]) for s in seats if s["role"] == "联络员"}
        if n.liaison_post:
            for unit in sorted((u for u in self.units if u.member), key=lambda u: u.member_order):
                if id(unit) not in liaison_named:
                    add_seat("联络员", unit, [], n.liaison_post)
        if not any(s["role"] in ("总召集人", "召集人") for s in seats):
            flat = "".join(n.lines)
            tier = "召集人" if "召集人" in flat and "总召集人" not in flat else "总召集人"
            seats.insert(0, {"role": tier, "unit": None, "post": None, "holders": []})
            self.fill.append(f"{tier}：通知中未能识别{tier}，已建一个空的“{tier}”席位（members.yaml 席位 convener），"
                             "请补填或改为实际的召集人")

        self._assign_unit_ids()
        seat_ids = self._assign_seat_ids(seats)
        departments, ties = self._departments()
        self._filter_aliases(departments)
        charter = self._charter(host, sealing, seat_ids.get(id(director_seat)) if director_seat else None, seats)

        members_text = self._members_yaml(seats, seat_ids)
        duties_text = self._duties_yaml(departments)
        charter_text = self._charter_yaml(charter)
        self._fill_list(seats, seat_ids, departments, charter)
        counts = {
            "units": len(self.units), "member_units": sum(u.member for u in self.units),
            "people": sum(len(s["holders"]) for s in seats), "seats": len(seats),
            "persons": len({h["name"] for s in seats for h in s["holders"]}),
            "departments": len(departments), "duties": sum(len(d["duties"]) for d in departments),
            "tied": sum(1 for d in departments if d["unit"]),
        }
        return Result(members_text, duties_text, charter_text, self.placed, self.checks, self.fill, ties, counts)

    def _prefix_aliases(self) -> None:
        prefixed = [u for u in self.units if region_prefix(u.name)]
        if not prefixed:
            return
        prefix = max(set(u.name[0] for u in prefixed), key=lambda c: sum(u.name[0] == c for u in prefixed))
        for unit in self.units:
            if not region_prefix(unit.name) and re.search(r"(局|委|办)$", unit.name) \
                    and not unit.name.startswith(("团", "省", "国")) and len(unit.name) >= 3:
                alias = prefix + unit.name
                if alias not in unit.aliases and self.find_unit(alias) in (None, unit):
                    unit.aliases.append(alias)
                    self.checks.append((unit.line, f"“{unit.name}”前没有“{prefix}”字（通知中前面的单位已写明），"
                                                   f"名称按原文，另加别名“{alias}”"))

    def _assign_unit_ids(self) -> None:
        used: set[str] = set()
        for unit in self.units:
            basis = self.strip_region(unit.short_name or unit.name)
            basis = re.sub(r"(分局|局)$", "", basis) if len(basis) > 2 else basis
            unit.id = _unique(_pinyin(basis), used)

    def _assign_seat_ids(self, seats: list[dict]) -> dict[int, str]:
        used: set[str] = set()
        out = {}
        conveners = sum(1 for s in seats if s["role"] == "召集人")
        for seat in seats:
            unit_id = seat["unit"].id if seat["unit"] else None
            role = seat["role"]
            if role == "总召集人" or (role == "召集人" and conveners == 1):
                base = "convener"
            elif role == "办公室主任":
                base = "office-director"
            elif role == "办公室副主任":
                base = "office-deputy"
            else:
                prefix = {"召集人": "convener", "副召集人": "deputy", "成员": "member", "联络员": "liaison"}[role]
                base = f"{prefix}-{unit_id}" if unit_id else prefix
            out[id(seat)] = _unique(base, used)
        return out

    # -------------------------------------------------------------- departments

    def _dept_forms(self, name: str) -> set[str]:
        forms = {name}
        base = name
        for suffix in DEPT_SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix) + 1:
                base = base[: -len(suffix)]
        forms.add(base)
        stripped = self.strip_region(base)
        forms.add(stripped)
        forms.add(self.core(stripped))
        return {f for f in forms if len(f) >= 2}

    def _unit_forms(self, unit: UnitRec) -> set[str]:
        forms = set()
        for name in unit.names() + unit.aliases:
            stripped = self.strip_region(name)
            forms |= {stripped, self.core(stripped)}
        return {f for f in forms if len(f) >= 2}

    @staticmethod
    def _score(dept_forms: set[str], unit_forms: set[str], unit: UnitRec) -> tuple[int, str]:
        best = (0, "")
        for d in dept_forms:
            for u in unit_forms:
                if d == u:
                    return 3, f"名称相同：{d}"
                if (d in u or u in d) and min(len(d), len(u)) >= 2:
                    best = max(best, (2, f"名称包含：{d} / {u}"))
                short, full = (d, u) if len(d) < len(u) else (u, d)
                if short[0] == full[0] and len(short) >= 2:
                    it = iter(full)
                    if all(ch in it for ch in short):
                        best = max(best, (1, f"简称：{short} ← {full}"))
        # 共青团 ↔ 团X委 (the standard abbreviation of 共青团X委员会)
        if any("共青团" in d or d.startswith("团委") for d in dept_forms) and \
                any(re.fullmatch(r"(?:共青)?团.{0,3}委(?:员会)?", n) for n in unit.names()):
            best = max(best, (1, "共青团组织即团委"))
        return best

    def _departments(self) -> tuple[list[dict], list]:
        n = self.n
        members = sorted(self.units, key=lambda u: not u.member)  # member units win a draw
        out: list[dict] = []
        ties = []
        used_ids: set[str] = set()
        by_name: dict[str, dict] = {}
        for dept in n.departments:
            if dept.name in by_name:  # the same department twice: one entry, its duties in order
                first = by_name[dept.name]
                first["duties"] += _sentences(dept.text)
                self.checks.append((dept.line, f"职责分工“{dept.name}”在第 {first['line']} 行已出现，"
                                               "两处职责合并在同一部门下，请核对"))
                continue
            parts = [p for p in dept.name.split("、") if p]
            unit, note, how = None, None, ""
            if len(parts) > 1:
                note = f"通知中该项职责由“{dept.name}”共同承担，对应哪个成员单位须人工确认后填写 unit"
            else:
                forms = self._dept_forms(dept.name)
                scored = [(self._score(forms, self._unit_forms(u), u), u) for u in members]
                top = max((s[0][0] for s in scored), default=0)
                best = [(s, u) for s, u in scored if s[0] == top and top > 0]
                if any(u.member for _, u in best):
                    best = [(s, u) for s, u in best if u.member]
                if len(best) == 1:
                    unit, how = best[0][1], best[0][0][1]
                elif len(best) > 1:
                    names = "、".join(u.short_name or u.name for _, u in best)
                    note = f"名称与多个成员单位相近（{names}），对应哪个单位须人工确认后填写 unit"
                else:
                    note = "成员单位中没有名称对应的单位，由哪个单位承担须人工确认后填写 unit（或说明确无对应单位）"
            ties.append((dept.name, (unit.short_name or unit.name) if unit else None, how or note))
            base = unit.id if unit else _pinyin(self.core(self.strip_region(_strip_dept(dept.name))))
            aliases = []
            plain = _strip_dept(dept.name)
            if plain != dept.name and len(plain) >= 2:
                aliases.append(plain)
            by_name[dept.name] = {
                "id": _unique(base, used_ids),
                "name": dept.name,
                "aliases": aliases,
                "unit": unit,
                "unit_note": note,
                "duties": _sentences(dept.text),
                "line": dept.line,
            }
            out.append(by_name[dept.name])
        return out, ties

    def _filter_aliases(self, departments: list[dict]) -> None:
        """Drop any derived alias that would lead a query to two places (validate's rule)."""
        from ..query import norm

        carried: dict[int, set[str]] = {}
        for d in departments:
            if d["unit"] is not None:
                carried.setdefault(id(d["unit"]), set()).add(d["id"])
        owners: dict[str, frozenset] = {}

        def claim(name: str, target: frozenset) -> bool:
            key = norm(name)
            if key in owners and owners[key] != target and not (owners[key] & target):
                return False
            owners.setdefault(key, target)
            return True

        for d in departments:
            target = frozenset({"d:" + d["id"]})
            claim(d["name"], target)
            kept = []
            for alias in d["aliases"]:
                if claim(alias, target):
                    kept.append(alias)
                else:
                    self.checks.append((d["line"], f"别名“{alias}”与其他名称重复，未使用"))
            d["aliases"] = kept
        for unit in self.units:
            depts = carried.get(id(unit))
            target = frozenset("d:" + x for x in depts) if depts else frozenset({"u:" + unit.id})
            for name in unit.names():
                claim(name, target)
            candidates = list(unit.aliases)
            for name in unit.names():
                stripped = self.strip_region(name)
                if stripped != name and stripped not in _GENERIC and stripped not in candidates:
                    candidates.append(stripped)
            kept = []
            for alias in candidates:
                if alias in unit.names():
                    continue
                if claim(alias, target):
                    kept.append(alias)
                else:
                    self.checks.append((unit.line, f"单位“{unit.name}”的别名“{alias}”与其他名称重复，未使用"))
            unit.aliases = kept

    # -------------------------------------------------------------- charter

    def _roles(self, text: str, seats: list[dict]) -> tuple[list[str], list[str]]:
        roles_present = {s["role"] for s in seats}
        notes = []
        out = []
        for match in re.finditer(r"总召集人|副召集人|召集人", text):
            role = match.group(0)
            if role == "召集人" and "召集人" not in roles_present and "总召集人" in roles_present:
                role = "总召集人"
                notes.append("通知正文称“召集人”，组成人员名单中对应的席位为“总召集人”")
            if role not in out:
                out.append(role)
        return out, notes

    def _charter(self, host, sealing, director_seat_id, seats) -> dict:
        n = self.n
        established = {
            "issuer": n.issuer or UNKNOWN,
            "title": n.title or UNKNOWN,
            "doc_number": n.doc_number or UNKNOWN,
            "date": n.date or UNKNOWN,
        }
        if n.addressees:
            established["addressees"] = n.addressees
        if n.disclosure:
            established["disclosure"] = n.disclosure
        if n.basis:
            established["basis"] = list(n.basis)
        if n.purpose:
            established["purpose"] = n.purpose
        charter: dict[str, Any] = {"name": self.name}
        if self.region:
            charter["region"] = self.region
        charter["established_by"] = established
        charter["responsibilities"] = {
            "joint_meeting": [c.text for c in n.resp_joint],
            "office": [c.text for c in n.resp_office],
        }
        if n.office_text:
            office = {"name": f"{self.name}办公室" if self.name != UNKNOWN else "联席会议办公室"}
            if host:
                office["host_unit"] = host.id
            if director_seat_id:
                office["director_seat"] = director_seat_id
            office["text"] = n.office_text.text
            charter["office"] = office
        if n.seal_text is not None and n.seal_has is not None:
            if n.seal_has or sealing:
                seal = {"office_has_seal": n.seal_has}
                if sealing:
                    seal["sealing_unit"] = sealing.id
                seal["text"] = n.seal_text.text
                charter["seal"] = seal
            else:
                self.checks.append((n.seal_text.line, "通知说办公室不刻章，但没有写明由哪个单位代章，印章规则未导入"))
        elif n.seal_text is not None:
            self.checks.append((n.seal_text.line, "印章的说法未能识别（是否刻章），印章规则未导入"))
        if n.liaison_text:
            rule = {"text": n.liaison_text.text}
            if n.liaison_post:
                rule = {"post": n.liaison_post, **rule}
            charter["liaison_rule"] = rule
        if n.succession:
            text = n.succession.text
            required = bool(re.search(r"(另行|重新)发文", text)) and not re.search(r"不(?:再|需|必)?(?:另行|重新)?发文", text)
            charter["succession_rule"] = {"new_notice_required": required, "text": text}
        rules: dict[str, Any] = {}
        meetings = []
        for item in n.meetings:
            meetings.append(self._meeting(item, seats))
        if meetings:
            rules["meetings"] = meetings
        if n.minutes:
            text = n.minutes.text
            minutes = {"form": "纪要", "agreed_by": "attending-units" if re.search(r"与会(?:单位|成员)", text) else "none"}
            issued = re.search(r"印发(.+?)[。；]?$", text)
            if issued:
                minutes["issued_to"] = issued.group(1)
            minutes["text"] = text
            rules["minutes"] = minutes
        for kind in ("reporting", "assessment", "joint_groups"):
            if kind in n.named_rules:
                name, clause = n.named_rules[kind]
                rule = {"name": name}
                if re.match(r"^(?:联席会议)?办公室", clause.text):
                    rule["by"] = "office"
                rule["text"] = clause.text
                rules[kind] = rule
        charter["work_rules"] = rules
        if n.requirements:
            charter["work_requirements"] = [c.text for c in n.requirements]
        return charter

    def _meeting(self, item: dict, seats) -> dict:
        from ..textcn import parse_cn_numeral

        kind, text = item["kind"], item["text"]
        names = {"plenary": "全体会议", "adhoc": "临时会议", "liaison": "联络员会议",
                 "liaison-adhoc": "临时联络员会议", "topic": "专题会议"}
        name = names[kind]
        if kind == "plenary":
            found = re.search(r"例会|全体会议|全体成员会议", text)
            name = found.group(0) if found else name
        if kind == "topic":
            found = re.search(r"专题研究|专题会议", text)
            name = found.group(0) if found else name
        meeting: dict[str, Any] = {"kind": kind, "name": name}
        per = re.search(r"每年(?:至少)?(?:召开|举行)?(?:至少)?\s*([\d一二两三四五六七八九十]+)\s*次", text)
        if per:
            meeting["per_year"] = parse_cn_numeral(per.group(1))
        elif "每半年" in text:
            meeting["per_year"] = 2
        elif "每季度" in text:
            meeting["per_year"] = 4
        approval = re.search(r"经(.+?)同意", text)
        rest = text.replace(approval.group(0), "") if approval else text
        notes = []
        presided, note = self._roles(rest, seats)
        notes += note
        if presided and kind != "liaison-adhoc":
            meeting["presided_by"] = presided
        if approval:
            roles, note = self._roles(approval.group(1), seats)
            notes += note
            if roles:
                meeting["approval_by"] = roles
        invite = re.search(r"邀请(.+?)(?:参与|参加|列席|出席)", text)
        if invite:
            meeting["invite"] = [x for x in re.split(r"和|、|及|以及", invite.group(1)) if x]
        meeting["text"] = text
        if notes:
            meeting["note"] = notes[0]
        return meeting

    # -------------------------------------------------------------- output

    def _members_yaml(self, seats, seat_ids) -> str:
        n = self.n
        lines = [schema_line("members.yaml"), "#",
                 f"# {self.name}：组成单位与席位",
                 f"# 由 lianxi import 从《{n.title or n.display}》导入。",
                 "# 席位 = 某单位在联席会议中的一个角色；holders 为历任在任者。",
                 "# 通知未载明的内容（任职日期、联络员姓名等）写 unknown 或留空，输出时显示为“未载明”“待报送”。",
                 ""]
        order = sorted(self.units, key=lambda u: (u.member, u.member_order if u.member else 0))
        units = []
        for unit in order:
            entry: dict[str, Any] = {"id": unit.id, "name": unit.name}
            if unit.short_name:
                entry["short_name"] = unit.short_name
            if unit.aliases:
                entry["aliases"] = unit.aliases
            if not unit.member:
                entry["member"] = False
            units.append(entry)
        lines.append("units:" if units else "units: []")
        non_members = [u for u in units if u.get("member") is False]
        if non_members:
            lines.append("  # 非成员单位（召集人、办公室所在单位等）")
        for k, entry in enumerate(units):
            if k == len(non_members) and any(u.get("member") is not False for u in units):
                lines.append("  # 成员单位（按通知顺序）")
            lines.append(_block_item(entry, 2))
        lines.append("")
        lines.append("seats:")
        for seat in seats:
            entry = {"id": seat_ids[id(seat)], "role": seat["role"], "unit": seat["unit"].id if seat["unit"] else None}
            if seat["post"]:
                entry["post"] = seat["post"]
            head = _block_item(entry, 2)
            if seat["holders"]:
                head += "\n    holders:"
                for holder in seat["holders"]:
                    head += "\n      - " + flow_mapping(holder)
            else:
                head += "\n    holders: []"
            lines.append(head)
        return "\n".join(lines) + "\n"

    def _duties_yaml(self, departments) -> str:
        lines = [schema_line("duties.yaml"), "#",
                 f"# {self.name}：职责分工",
                 "# 由 lianxi import 从通知“职责分工”导入。每个部门的职责按句拆分（以“。”“；”为界，保留原标点），",
                 "# 各句依次连接即为通知原文。unit 为承担该部门职责的成员单位；unit 为 null 的须人工确认后填写。",
                 ""]
        if not departments:
            lines.append("departments: []")
            return "\n".join(lines) + "\n"
        lines.append("departments:")
        for d in departments:
            entry: dict[str, Any] = {"id": d["id"], "name": d["name"]}
            if d["aliases"]:
                entry["aliases"] = d["aliases"]
            entry["unit"] = d["unit"].id if d["unit"] else None
            if d["unit_note"]:
                entry["unit_note"] = d["unit_note"]
            entry["duties"] = d["duties"]
            lines.append(_block_item(entry, 2))
        return "\n".join(lines) + "\n"

    def _charter_yaml(self, charter: dict) -> str:
        n = self.n
        lines = [schema_line("charter.yaml"), "#",
                 f"# {self.name}：制度本身",
                 f"# 由 lianxi import 从《{n.title or n.display}》导入。text 字段为通知原文；",
                 "# 其余字段是供程序检查规则用的结构化写法。通知未载明的（发文字号、成文日期等）写 unknown。",
                 ""]
        lines.append(dump_yaml(charter).rstrip("\n"))
        return "\n".join(lines) + "\n"

    def _fill_list(self, seats, seat_ids, departments, charter) -> None:
        n = self.n
        est = charter["established_by"]
        if n.doc_number and n.doc_number_raw and n.doc_number not in n.doc_number_raw.replace(" ", ""):
            self.checks.append((None, f"发文字号原文为“{n.doc_number_raw}”，已按公文格式写作“{n.doc_number}”"))
        if est["doc_number"] == UNKNOWN:
            self.fill.append("发文字号：通知中未载明（charter.yaml established_by.doc_number 为 unknown）")
        if est["date"] == UNKNOWN:
            self.fill.append("成文日期：通知中未载明（charter.yaml established_by.date 为 unknown）")
        if est["issuer"] == UNKNOWN:
            self.fill.append("发文机关：未能识别（charter.yaml established_by.issuer 为 unknown）")
        if est["title"] == UNKNOWN:
            self.fill.append("通知标题：未能识别（charter.yaml established_by.title 为 unknown）")
        for d in departments:
            if d["unit"] is None:
                self.fill.append(f"职责分工“{d['name']}”（第 {d['line']} 行）：未确定承担单位，"
                                 f"请在 duties.yaml 中填写 unit 并改写 unit_note")
        for seat in seats:
            if not seat["holders"] and seat["role"] not in ("联络员",):
                what = f"（{seat['post']}）" if seat["post"] else ""
                unit = seat["unit"].short_name or seat["unit"].name if seat["unit"] else "单位未载明"
                missing = "姓名待报送" if seat["role"] == "成员" and seat["unit"] is not None else "姓名未载明"
                self.fill.append(f"{seat['role']}{what}：{unit}，{missing}（members.yaml 席位 {seat_ids[id(seat)]}）")
        liaisons = [s for s in seats if s["role"] == "联络员" and not s["holders"]]
        if liaisons:
            self.fill.append(f"联络员：{len(liaisons)} 个席位待各成员单位报送姓名（members.yaml 中 liaison-* 席位）")
        unknown_start = sum(1 for s in seats for h in s["holders"] if h.get("start") == UNKNOWN)
        if unknown_start:
            self.fill.append(f"任职日期：{unknown_start} 人的任期开始日期未载明（start: unknown），知道时可补填")
        if not n.people and not n.member_units:
            self.fill.append("组成人员：通知中未能识别任何组成人员或成员单位，请对照原件填写 members.yaml")
        if not n.departments:
            self.fill.append("职责分工：通知中未能识别职责分工，duties.yaml 为空")
        if "office" not in charter:
            self.fill.append("联席会议办公室：通知中未能识别办公室设在哪个单位（charter.yaml office）")


def _strip_dept(name: str) -> str:
    for suffix in DEPT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _sentences(text: str) -> list[str]:
    from .words import split_sentences

    return split_sentences(text)


def _holder(person: Person) -> dict:
    holder: dict[str, Any] = {"name": person.name, "post": person.post or person.seat_post or UNKNOWN,
                              "start": UNKNOWN}
    if person.phone:
        holder["phone"] = person.phone
    return holder


def _unique(base: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_-]", "", base.lower()) or "x"
    if not base[0].isalnum():
        base = "x" + base
    candidate, k = base, 2
    while candidate in used:
        candidate, k = f"{base}-{k}", k + 1
    used.add(candidate)
    return candidate


def _block_item(entry: dict, indent: int) -> str:
    pad = " " * indent
    return "\n".join(pad + line for line in dump_yaml([entry]).rstrip("\n").split("\n"))


_NOT_ESTABLISHING = re.compile(r"关于召开|召开.{0,30}会议的通知|纪要|通报|简报|会议议程|会议材料")
_ESTABLISHING = re.compile(r"建立|成立|设立|健全|组建|调整|印发|召集人|组成人员|成员单位")


def refuse_if_not_establishing(notice: Notice) -> None:
    """A meeting notice, minutes or any text without a roster is not imported (nothing is written)."""
    n = notice
    title = n.title or ""
    if _NOT_ESTABLISHING.search(title) and not re.search(r"建立|成立|设立|印发|调整.*(?:组成人员|成员)", title):
        raise BuildError(f"《{title}》是会议通知、纪要或通报，不是设立联席会议的通知，拒绝导入，未写入任何文件。"
                         "请导入设立（或调整）联席会议的那份通知。")
    flat = "".join(n.lines)
    if not n.people and not n.member_units and not n.labels_seen and not _ESTABLISHING.search(flat):
        raise BuildError(f"{n.display} 中没有组成人员、成员单位，也没有“建立/成立……联席会议”的字样，"
                         "不像是设立联席会议的通知，拒绝导入，未写入任何文件。")
    if "联席会议" not in flat and not n.people and not n.member_units:
        raise BuildError(f"{n.display} 中没有“联席会议”字样，也没有组成人员，不像是设立联席会议的通知，"
                         "拒绝导入，未写入任何文件。")


def build(notice: Notice, name: Optional[str] = None) -> Result:
    return Builder(notice, name).build()


__all__ = ["build", "BuildError", "Result", "looks_like_unit"]
