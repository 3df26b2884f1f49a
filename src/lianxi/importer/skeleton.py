"""The empty data directory of ``lianxi init``: valid, commented, with no invented content.

``lianxi validate`` requires a convener seat, so the skeleton holds one 总召集人 seat with
no unit and no holder; every other value is empty or ``unknown``.
"""

from __future__ import annotations

from typing import Optional

from ..schema import schema_line
from ..yamlwrite import scalar


def skeleton(name: Optional[str]) -> dict[str, str]:
    title = name or "（名称待填）"
    members = f"""{schema_line("members.yaml")}
#
# {title}：组成单位与席位
# 由 lianxi init 建立。照通知“组成人员”填写，或用 lianxi import 通知.txt -o 目录 从通知导入。
#
# units：单位。id 用小写字母、数字和“-”（如 weijian），name 按通知写法（如 区卫生健康局），
#   可加 short_name（通知中的简称）、aliases（查询用的别名）；召集人所在单位不是成员单位时写 member: false。
#   例：
#   - id: weijian
#     name: 区卫生健康局
#     aliases: [卫健局]
#
# seats：席位 = 某单位在联席会议中的一个角色（总召集人、召集人、副召集人、成员、联络员、办公室主任）。
#   holders 为在任者，写 {{name: 姓名, post: 职务, start: unknown}}；任职日期未载明写 unknown。
#   通知未载明姓名的席位 holders 留空（[]），显示为“待报送”。

units: []

seats:
  # 总召集人（或改为“召集人”）：至少要有一个召集人席位，数据才能通过校验。
  # 填写时：unit 写单位 id，holders 写在任者。
  - id: convener
    role: 总召集人
    unit: null
    holders: []
"""
    duties = f"""{schema_line("duties.yaml")}
#
# {title}：职责分工
# 照通知“职责分工”填写。每个部门一项；duties 按句拆分（以“。”“；”为界，保留原标点），
# 各句依次连接即为通知原文。unit 写承担该职责的成员单位 id；确无对应单位时写 null 并在 unit_note 说明。
#   例：
#   - id: gongan
#     name: 公安部门
#     unit: gongan
#     duties:
#       - 负责……。

departments: []
"""
    charter = f"""{schema_line("charter.yaml")}
#
# {title}：制度本身
# 照通知填写。通知未载明的写 unknown（如发文字号、成文日期）。
# 可填的其他部分（见 lianxi schema 生成的 .schema/charter.schema.json）：office（办公室）、seal（印章）、
# liaison_rule（联络员）、succession_rule（人事变动）、work_rules（会议、纪要、报告等）、work_requirements。

name: {scalar(name) if name else "unknown"}
established_by:
  issuer: unknown      # 发文机关，如 某某县人民政府办公室
  title: unknown       # 通知标题
  doc_number: unknown  # 发文字号，如 某政办〔2027〕1号
  date: unknown        # 成文日期，如 2027-03-01（不加引号）
responsibilities:
  joint_meeting: []    # 联席会议的主要职责，按句
  office: []           # 联席会议办公室的职责，按句
work_rules:
  meetings: []
work_requirements: []
"""
    return {"members.yaml": members, "duties.yaml": duties, "charter.yaml": charter}
