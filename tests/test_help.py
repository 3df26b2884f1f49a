"""Every command's and subcommand's ``--help`` at 80 columns: nothing cut with "…", no English word
outside a short allowlist, an example command (示例：). Commands are enumerated from the app, so a new
command is covered without touching this file."""

from __future__ import annotations

import re

import pytest

from lianxi.cli import app as lianxi_app

# English a user may read in help: formats and file suffixes, names of things that are English
# (the program, environment variables, tools), and the values a user types (codes, ids in examples).
ALLOWED = {
    "lianxi", "YAML", "yaml", "yml", "JSON", "json", "docx", "pdf", "md", "txt", "Word", "LibreOffice", "Markdown",
    "Schema", "schema", "yaml-language-server", "language", "server", "GitHub", "Actions", "github", "text",
    "LIANXI_DATA", "LIANXI_TODAY", "PDF", "UTF-16", "shell", "Tab", "GB", "T", "CI", "id", "ID", "true", "false", "unknown",
    "PATH", "j2", "jinja", "Jinja", "zip", "csv", "utf", "UTF", "BOM", "CRLF", "LF", "git", "gitignore",
    # codes and ids a user types (examples, accepted values)
    "plenary", "adhoc", "liaison", "topic", "gongan", "weijian", "xiaofang", "shichang", "jiaoyu", "mydata",
    "draft", "agreed", "issued", "stdout", "convener", "data", "templates", "GBK", "GB18030", "UTF-8",
    "learn", "forget",  # lianxi who learn / forget
    "yingjiguanli", "index", "html",  # member add id example; the site's index.html
    "cc",  # documents.yaml's key for the 抄送 list
    # exports and the data repository's CI (formats, tools, values of --format and --layout)
    "xlsx", "Excel", "ics", "Outlook", "VS", "Code", "pre-commit", "root", "GITHUB_ACTIONS", "GitLab", "gitlab",
    "JUnit", "junit", "XML", "xml",
}


def _commands():
    """(path, click command) for the root, every group and every command, recursively."""
    root = typer_main()
    found = [((), root)]
    todo = [((), root)]
    while todo:
        path, command = todo.pop()
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                if sub.hidden:
                    continue
                found.append(((*path, name), sub))
                todo.append(((*path, name), sub))
    return sorted(found, key=lambda item: item[0])


def typer_main():
    import typer.main

    return typer.main.get_command(lianxi_app)


COMMANDS = _commands()
PARAMS = {opt for _, command in COMMANDS for param in command.params for opt in getattr(param, "opts", [])}
NAMES = {part for path, _ in COMMANDS for part in path}


def _help(run, path) -> str:
    result = run(*path, "--help", env={"COLUMNS": "80", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _english(text: str) -> set[str]:
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # option names
    text = re.sub(r"\S+\.(?:yaml|yml|json|md|docx|pdf|j2|txt)\b", " ", text)  # file names
    text = re.sub(r"docs/\S+", " ", text)  # links to the manual
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]|[A-Za-z]", text))
    return {w for w in words if w not in ALLOWED and w not in NAMES and w.strip("-") not in ALLOWED}


@pytest.mark.parametrize("path, command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_help_at_80_columns(run, path, command):
    text = _help(run, path)
    width = max(len(line) for line in text.splitlines())
    assert "…" not in re.sub(r"……|〔待定：…〕|\.\.\.", "", text), text
    assert not re.search(r"…\s*│", text), text
    english = _english(text)
    assert not english, f"English in `lianxi {' '.join(path)} --help`: {sorted(english)}\n{text}"
    assert "示例：" in text or "示例:" in text, f"`lianxi {' '.join(path)} --help` has no example (示例：)\n{text}"
    assert width <= 80 * 2  # CJK cells count double; rich keeps within 80 cells


@pytest.mark.parametrize("path, command", [c for c in COMMANDS if hasattr(c[1], "commands")],
                         ids=lambda v: " ".join(v) or "lianxi" if isinstance(v, tuple) else "")
def test_command_lists_show_each_short_help_whole(run, path, command):
    """The first paragraph of each subcommand's help appears whole (no cut) in its group's help."""
    text = _help(run, path)
    flat = re.sub(r"[\s│╭╮╰╯─]+", "", text)
    for name, sub in command.commands.items():
        if sub.hidden:
            continue
        first = (sub.short_help or sub.help or "").split("\n\n")[0]
        first = re.sub(r"\s+", "", first)
        assert first in flat, f"`{name}` is cut in `lianxi {' '.join(path)} --help`"


def test_the_allowlist_is_needed():
    """The English check can fail: a word outside the allowlist is found."""
    assert _english("--data 目录 Usage: lianxi duties <str> mydata") == {"Usage", "str"}
