"""What a write would change, said in Chinese (``--dry-run``): field by field, not as a diff hunk.

:func:`describe` compares the old and new text of one data file as YAML values and lists each
change with the field's Chinese name (``会议时间：09:00 → 09:30``, ``回执：新增 区公安分局 …``).
Unit ids are shown by their names when the data directory's ``members.yaml`` is at hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

LABELS = {
    "kind": "会议种类", "example": "示例", "adhoc": "临时召开", "sequence": "当年第几次", "subject": "专题",
    "purpose": "会议目的", "date": "日期", "time": "会议时间", "place": "会议地点", "presider": "主持人",
    "attending": "参会单位", "invited": "列席", "agenda": "议程", "approval": "召集人同意", "replies": "回执",
    "contact": "联系人", "cancelled": "取消", "notice": "通知文号", "minutes": "纪要", "note": "备注", "uid": "日历标识",
    "status": "状态", "number": "编号", "summary": "会议概况", "matters": "议定事项", "title": "标题",
    "text": "内容", "lead": "牵头单位", "cooperating": "配合单位", "deadline": "完成时限",
    "attendance": "出席情况", "present": "出席", "absent": "请假", "agreed_by": "同意纪要的单位",
    "distribute": "分送", "unit": "单位", "name": "姓名", "post": "职务", "phone": "联系电话",
    "reason": "原因", "substitute": "代参会", "by": "同意人", "year": "年份", "person": "人员",
    "wording": "写法", "notices": "通知文号登记", "void": "作废", "voided": "作废日期", "meeting": "会议",
    "reports": "报告", "task": "议定事项", "affiliation": "所在单位", "seats": "席位", "holders": "任职记录",
    "start": "任期开始", "end": "任期结束", "recorded": "记录日期", "units": "单位", "role": "职务",
    "short_name": "简称", "aliases": "别名", "member": "成员单位", "alerts": "预警", "groups": "联合工作组",
    "answers": "确认答案", "question": "问题", "department": "部门", "level": "级别", "closed": "关闭",
    "measures": "工作要求", "id": "编号", "joined": "加入日期", "left": "退出日期", "left_reason": "退出原因",
    "end_reason": "离任原因", "document": "文书",
}
# A key whose meaning depends on the mapping it is in: (key of that mapping or list, key) → label.
CONTEXT_LABELS = {
    ("units", "name"): "单位名称", ("seats", "role"): "席位", ("seats", "post"): "职务要求",
    ("invited", "name"): "列席单位", ("invited", "kind"): "类别", ("invited", "person"): "列席人员",
    ("invited", "post"): "职务或职称",
    ("groups", "name"): "名称", ("groups", "date"): "成立日期", ("groups", "purpose"): "工作任务",
    ("groups", "start"): "工作期限开始", ("groups", "end"): "工作期限结束", ("closed", "summary"): "工作小结",
    ("groups", "closed"): "结束工作", ("groups", "units"): "参加单位", ("alerts", "closed"): "销号",
    ("alerts", "units"): "涉及单位", ("closed", "date"): "日期", ("alerts", "date"): "研判日期", ("alerts", "level"): "预警等级",
    ("alerts", "title"): "事由", ("alerts", "text"): "研判情况",
    ("reports", "by"): "报告人", ("reports", "date"): "报告日期", ("reports", "status"): "进展",
    ("approval", "date"): "同意日期", ("cancelled", "date"): "取消日期", ("cancelled", "reason"): "取消原因",
    ("minutes", "date"): "印发日期", ("minutes", "number"): "期号",
}


def key_label(parent: Optional[str], key: str) -> str:
    """The Chinese name of ``key`` in a mapping held under ``parent`` (None: the file's top level)."""
    return CONTEXT_LABELS.get((parent, key)) or LABELS.get(key, key)

VALUE_NAMES = {"attend": "参会", "absent": "请假", "substitute": "代参会", "draft": "征求意见稿", "agreed": "已同意", "issued": "已印发",
               "plenary": "全体会议", "liaison": "联络员会议", "adhoc": "临时会议", "topic": "专题会议",
               "department": "单位", "expert": "专家", True: "是", False: "否"}
_UNIT_KEYS = {"unit", "lead", "cooperating", "attending", "distribute", "units"}


def unit_names(root: Path) -> dict[str, str]:
    """id → name from ``root/members.yaml`` (empty when it cannot be read)."""
    try:
        import yaml

        data = yaml.safe_load((Path(root) / "members.yaml").read_text(encoding="utf-8-sig"))
        return {u["id"]: u.get("short_name") or u["name"] for u in data.get("units", [])}
    except Exception:  # a summary only: without names, ids are shown
        return {}


class _Describer:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.lines: list[str] = []

    def value(self, value: Any, key: Optional[str] = None, parent: Optional[str] = None) -> str:
        if isinstance(value, dict):
            return "，".join(f"{key_label(key, k)} {self.value(v, k, key)}" for k, v in value.items())
        if isinstance(value, list):
            return "、".join(self.value(v, key, parent) for v in value) if value else "（无）"
        if value is None:
            return "（无）"
        if (key in _UNIT_KEYS or key == "id" and parent == "units") and isinstance(value, str):
            return self.names.get(value, value)
        if isinstance(value, bool) or value in VALUE_NAMES and key in ("status", "kind"):
            return VALUE_NAMES.get(value, str(value))
        return str(value)

    def walk(self, old: Any, new: Any, label: str, key: Optional[str] = None) -> None:
        if old == new:
            return
        if isinstance(old, dict) and isinstance(new, dict):
            for k in list(old) + [k for k in new if k not in old]:
                sub = f"{label} › {key_label(key, k)}" if label else key_label(key, k)
                if k not in new:
                    self.lines.append(f"{sub}：删除（原为 {self.value(old[k], k)}）")
                elif k not in old:
                    self.lines.append(f"{sub}：新增 {self.value(new[k], k)}")
                else:
                    self.walk(old[k], new[k], sub, k)
            return
        if isinstance(old, list) and isinstance(new, list) and (
                any(isinstance(v, dict) for v in old + new) or key not in _UNIT_KEYS):
            ident = _identity(old, new)
            if ident is not None:  # items with their own id (or unit): matched by it, wherever they moved
                before = {v[ident]: v for v in old}
                after = {v[ident]: v for v in new}
                for k, v in before.items():
                    if k not in after:
                        self.lines.append(f"{label}：删除 {self.value(v, key)}")
                for k, v in after.items():
                    if k not in before:
                        self.lines.append(f"{label}：新增 {self.value(v, key)}")
                    else:
                        self.walk(before[k], v, f"{label}（{self.value(k, ident, key)}）", key)
                return
            if all(isinstance(v, dict) for v in old + new) and len(old) != len(new):
                for i, (a, b) in enumerate(zip(old, new), 1):
                    self.walk(a, b, f"{label}第{i}项", key)
                for v in old[len(new):]:
                    self.lines.append(f"{label}：删除 {self.value(v, key)}")
                for v in new[len(old):]:
                    self.lines.append(f"{label}：新增 {self.value(v, key)}")
                return
            if len(old) == len(new):
                for i, (a, b) in enumerate(zip(old, new), 1):
                    if a != b and isinstance(a, dict) and isinstance(b, dict):
                        self.walk(a, b, f"{label}第{i}项", key)
                    elif a != b:
                        self.lines.append(f"{label}第{i}项：{self.value(a, key)} → {self.value(b, key)}")
                return
            added = [v for v in new if v not in old]
            removed = [v for v in old if v not in new]
            for v in removed:
                self.lines.append(f"{label}：删除 {self.value(v, key)}")
            for v in added:
                self.lines.append(f"{label}：新增 {self.value(v, key)}")
            if not added and not removed:
                self.lines.append(f"{label}：顺序调整为 {self.value(new, key)}")
            return
        self.lines.append(f"{label}：{self.value(old, key)} → {self.value(new, key)}")


def _identity(old: list, new: list) -> Optional[str]:
    """The key that names each item of two lists of mappings uniquely (``id``, else ``unit``), if any."""
    items = old + new
    if not items or not all(isinstance(v, dict) for v in items):
        return None
    for key in ("id", "unit"):
        if all(key in v for v in items) and all(len({str(v[key]) for v in side}) == len(side)
                                                for side in (old, new)):
            return key
    return None


def describe(path: Path, old: Optional[bytes], new: Optional[bytes], root: Optional[Path] = None) -> list[str]:
    """The changes from ``old`` to ``new`` (None: absent) as Chinese lines; [] when unreadable as YAML."""
    try:
        import yaml

        before = yaml.safe_load(old.decode("utf-8-sig")) if old else None
        after = yaml.safe_load(new.decode("utf-8-sig")) if new else None
    except Exception:
        return []
    names = unit_names(root) if root is not None else {}
    for side in (before, after):  # members.yaml itself: a unit it adds is named too
        if isinstance(side, dict) and isinstance(side.get("units"), list):
            names.update({u["id"]: u.get("short_name") or u.get("name") or u["id"] for u in side["units"]
                          if isinstance(u, dict) and isinstance(u.get("id"), str)})
    d = _Describer(names)
    if before is None and isinstance(after, dict):
        before = {}
    if after is None and isinstance(before, dict):
        return []
    d.walk(before, after, "")
    return d.lines
