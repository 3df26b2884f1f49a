"""The files that make a directory a ready data repository (``lianxi init``).

A data repository keeps its data either at its root (``--data .``) or in ``data/`` (the
default that needs no ``--data`` at all). For either layout this writes the pre-commit
configuration, the GitHub Actions workflow and the VS Code settings; the example files in
``examples/`` are these texts for the ``data/`` layout (a test keeps them equal).
"""

from __future__ import annotations

import json

from . import __version__
from .model import FILE_MODELS
from .schema import SCHEMA_DIR, schema_name

DISTRIBUTION = "lianxi-cli"  # the name on PyPI ("lianxi" there is an unrelated package); the command is lianxi
LAYOUTS = ("root", "data")


def data_arg(layout: str) -> str:
    return "." if layout == "root" else "data"


def requirement() -> str:
    return f"{DISTRIBUTION}=={__version__}"


def precommit_config(layout: str) -> str:
    """``.pre-commit-config.yaml``: lianxi from PyPI, at this version, as a local hook.

    ``repo: local`` with ``additional_dependencies`` needs no address of the lianxi source; the
    hook ids and commands are those of ``.pre-commit-hooks.yaml``.
    """
    data = data_arg(layout)
    files = "^data/" if layout == "data" else r"^(?!\.github/|\.vscode/|\.pre-commit-config\.yaml$)"
    return (
        "# pre-commit：每次提交前校验联席会议数据（lianxi validate）并检查 Schema 是否为本版生成。\n"
        "# 安装：python3 -m pip install pre-commit && pre-commit install\n"
        "# 升级 lianxi 时同时改下面两处版本号。说明见 lianxi 使用手册「校验与 CI」。\n"
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        f"      - id: lianxi-validate{'-root' if layout == 'root' else ''}\n"
        "        name: lianxi validate（校验联席会议数据）\n"
        f"        entry: lianxi validate --data {data}\n"
        "        language: python\n"
        f"        additional_dependencies: [\"{requirement()}\"]\n"
        "        pass_filenames: false\n"
        f"        files: '{files}'\n"
        f"      - id: lianxi-schema-check{'-root' if layout == 'root' else ''}\n"
        "        name: lianxi schema --check（Schema 是否为本版生成）\n"
        f"        entry: lianxi schema --check --data {data}\n"
        "        language: python\n"
        f"        additional_dependencies: [\"{requirement()}\"]\n"
        "        pass_filenames: false\n"
        f"        files: '{files}'\n"
    )


def workflow(layout: str) -> str:
    """``.github/workflows/lianxi.yml``: validate on every push and pull request."""
    data = data_arg(layout)
    return (
        "# GitHub Actions：每次推送和拉取请求时校验联席会议数据。错误直接标注在拉取请求的对应行上，\n"
        "# 并在任务摘要中列成表格（lianxi validate 在 GitHub Actions 中自动这样输出）。\n"
        "name: 校验联席会议数据\n"
        "on: [push, pull_request]\n"
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        "          python-version: \"3.12\"\n"
        f"      - run: python -m pip install \"{requirement()}\"\n"
        f"      - run: lianxi validate --data {data}\n"
        f"      - run: lianxi schema --check --data {data}\n"
    )


def vscode_settings(layout: str) -> str:
    """``.vscode/settings.json``: each data file mapped onto its schema (redhat.vscode-yaml)."""
    prefix = "" if layout == "root" else "data/"
    mapping = {f"./{prefix}{SCHEMA_DIR}/{schema_name(name)}": f"{prefix}{name}" for name in FILE_MODELS}
    settings = {
        "yaml.schemas": mapping,
        "yaml.validate": True,
        "yaml.completion": True,
        "files.encoding": "utf8",
        "files.eol": "\n",
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def vscode_extensions() -> str:
    return json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"


def repo_files(layout: str) -> dict[str, str]:
    """Path inside the repository → text, for a data repository of ``layout``."""
    return {
        ".pre-commit-config.yaml": precommit_config(layout),
        ".github/workflows/lianxi.yml": workflow(layout),
        ".vscode/settings.json": vscode_settings(layout),
        ".vscode/extensions.json": vscode_extensions(),
    }
