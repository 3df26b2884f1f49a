"""``lianxi validate`` in CI: GitHub annotations and job summary, JUnit XML, GitLab Code Quality.

Every path is given relative to the repository root (the nearest directory above the data
holding ``.git``; the working directory outside git), which is what GitHub and GitLab
resolve annotation paths against, wherever in the checkout the job runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Optional

from .errors import Problem

FORMATS = ("text", "json", "github", "junit", "gitlab")


def repo_root(start: Optional[Path] = None) -> Path:
    """The git work tree holding ``start`` (default: the working directory), else the working directory."""
    here = Path(os.path.abspath(start or Path.cwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd()


def repo_path(file: Optional[str], root: Path) -> Optional[str]:
    """A problem's file (as displayed: relative to the working directory) relative to ``root``."""
    if not file:
        return file
    absolute = Path(os.path.abspath(file))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return file


# ------------------------------------------------------------------ GitHub Actions

def escape_data(text: str) -> str:
    """A workflow command's message (the GitHub toolkit's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _heading(problem: Problem) -> str:
    return (f"{problem.field}: " if problem.field else "") + problem.text()


def github_annotation(problem: Problem, root: Path) -> str:
    kind = "error" if problem.severity == "error" else "warning"
    props = []
    path = repo_path(problem.file, root)
    if path:
        props.append(f"file={escape_property(path)}")
    if problem.line:
        props.append(f"line={problem.line}")
    if problem.column:
        props.append(f"col={problem.column}")
    location = problem.location() if problem.file else ""
    props.append(f"title={escape_property('lianxi validate' + (f'：{location}' if location else ''))}")
    return f"::{kind} {','.join(props)}::{escape_data(_heading(problem))}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_markdown(data: str, problems: list[Problem], root: Path) -> str:
    """The job summary (``$GITHUB_STEP_SUMMARY``): the outcome, then a table of the findings."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    outcome = f"❌ 校验未通过：{errors} 处错误" if errors else "✅ 校验通过"
    if warnings:
        outcome += f"，{warnings} 条警告"
    lines = [f"### lianxi validate：{_cell(data)}", "", outcome, ""]
    if problems:
        lines += ["| 级别 | 文件 | 行 | 列 | 字段 | 问题 |", "| --- | --- | --- | --- | --- | --- |"]
        for p in problems:
            lines.append("| " + " | ".join(_cell(x) for x in (
                "错误" if p.severity == "error" else "警告", repo_path(p.file, root) or "", str(p.line or ""),
                str(p.column or ""), p.field or "", p.text())) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


def append_summary(text: str) -> bool:
    """Append to the job summary when running under GitHub Actions; whether it was written."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError:
        return False
    return True


# ------------------------------------------------------------------ JUnit XML

def junit_xml(data: str, problems: list[Problem], root: Path) -> str:
    """One test case per finding (errors fail, warnings pass with their text), or one passing case."""
    import xml.etree.ElementTree as ET

    errors = [p for p in problems if p.severity == "error"]
    suites = ET.Element("testsuites", name="lianxi validate", tests=str(max(len(problems), 1)),
                        failures=str(len(errors)))
    suite = ET.SubElement(suites, "testsuite", name=f"lianxi validate {data}", tests=str(max(len(problems), 1)),
                          failures=str(len(errors)), errors="0", skipped="0")
    if not problems:
        ET.SubElement(suite, "testcase", classname=data, name=f"校验通过：{data}")
    for p in problems:
        path = repo_path(p.file, root) or data
        where = path + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.line and p.column else "")
        case = ET.SubElement(suite, "testcase", classname=path, name=f"{where}: {p.field or '文件'}",
                             file=path, **({"line": str(p.line)} if p.line else {}))
        if p.severity == "error":
            failure = ET.SubElement(case, "failure", message=_heading(p), type=p.rule or "error")
            failure.text = str(p)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = str(p)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# ------------------------------------------------------------------ GitLab Code Quality

def gitlab_quality(problems: Iterable[Problem], root: Path) -> str:
    """GitLab's Code Quality report (a subset of the Code Climate spec GitLab reads)."""
    issues = []
    for p in problems:
        path = repo_path(p.file, root) or "."
        description = _heading(p)
        fingerprint = hashlib.sha256(
            "\0".join((path, str(p.line or 0), str(p.column or 0), p.field or "", description)).encode()).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": f"lianxi/{p.rule or 'validate'}",
            "description": description,
            "categories": ["Bug Risk"],
            "severity": "major" if p.severity == "error" else "minor",
            "fingerprint": fingerprint,
            "location": {"path": path, "lines": {"begin": p.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
