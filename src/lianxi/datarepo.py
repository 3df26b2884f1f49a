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

DISTRIBUTION = "lianxi-cli"  # the name for PyPI ("lianxi" there is an unrelated package); the command is lianxi
LAYOUTS = ("root", "data")


def data_arg(layout: str) -> str:
    return "." if layout == "root" else "data"


def requirement() -> str:
    """The default of ``LIANXI_PIP_SPEC`` in the CI files (an office points it at its wheel or git URL
    until lianxi-cli is on the package index)."""
    return f"{DISTRIBUTION}=={__version__}"


PIP_SPEC_VAR = "LIANXI_PIP_SPEC"  # the one place CI files name what pip installs


def _hook(hook_id: str, name: str, entry: str, files: str) -> str:
    return (f"      - id: {hook_id}\n"
            f"        name: {name}\n"
            f"        entry: {entry}\n"
            "        language: system\n"
            "        pass_filenames: false\n"
            f"        files: '{files}'\n")


def precommit_config(layout: str) -> str:
    """``.pre-commit-config.yaml``: local hooks that run the ``lianxi`` already installed (``language: system``).

    Nothing is downloaded: whoever ran ``lianxi init`` has lianxi, and a package index that
    does not (yet) carry lianxi-cli cannot block their commits. Hook ids, commands and files
    are those of ``.pre-commit-hooks.yaml``.
    """
    data = data_arg(layout)
    files = "^data/" if layout == "data" else r"^(?!\.github/|\.vscode/|\.pre-commit-config\.yaml$)"
    suffix = "-root" if layout == "root" else ""
    return (
        "# pre-commit：每次提交前校验联席会议数据（lianxi validate）并检查 Schema 是否为本版生成。\n"
        "# 钩子直接运行本机已安装的 lianxi 命令（language: system），不从包索引下载：运行过 lianxi init 的电脑上\n"
        "# 已有 lianxi；其他同事先安装 lianxi（与 CI 中 LIANXI_PIP_SPEC 相同的来源），见 lianxi 使用手册「校验与 CI」。\n"
        "# 启用：python3 -m pip install pre-commit && pre-commit install\n"
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        + _hook(f"lianxi-validate{suffix}", "lianxi validate（校验联席会议数据）", f"lianxi validate --data {data}", files)
        + _hook(f"lianxi-schema-check{suffix}", "lianxi schema --check（Schema 是否为本版生成）",
                f"lianxi schema --check --data {data}", files)
    )


def _setup_steps() -> str:
    return (
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        "          python-version: \"3.12\"\n"
        f"      - run: python -m pip install \"${PIP_SPEC_VAR}\"\n"
    )


def workflow(layout: str) -> str:
    """``.github/workflows/lianxi.yml``: validate on every push and pull request, then build the site.

    What pip installs is named once, in ``LIANXI_PIP_SPEC``. The site is built outside the data
    directory (lianxi refuses to write into it, and with the root layout that is the whole checkout).
    """
    data = data_arg(layout)
    site = "site" if layout == "data" else "${{ runner.temp }}/site"
    site_arg = site if layout == "data" else f'"{site}"'
    return (
        "# GitHub Actions：每次推送和拉取请求时校验联席会议数据。错误直接标注在拉取请求的对应行上，\n"
        "# 并在任务摘要中列成表格（lianxi validate 在 GitHub Actions 中自动这样输出）。\n"
        "# 校验通过后生成内网网站（lianxi site build），保存为名为 site 的构件。\n"
        "name: 校验联席会议数据\n"
        "on: [push, pull_request]\n"
        "env:\n"
        "  # 安装 lianxi 的来源，两项作业共用，升级时只改这一处。lianxi-cli 发布到包索引之前，请改为本单位\n"
        "  # 存放的 wheel 地址或 lianxi 的 git 地址，如 \"lianxi-cli @ git+https://<lianxi 仓库地址>@<版本标签>\"。\n"
        f"  {PIP_SPEC_VAR}: \"{requirement()}\"\n"
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        + _setup_steps() +
        f"      - run: lianxi validate --data {data}\n"
        f"      - run: lianxi schema --check --data {data}\n"
        "  # 第二项作业生成内网网站，保存为名为 site 的构件：在本次运行的页面下载，把文件夹复制到内网网站服务器。\n"
        "  site:\n"
        "    needs: validate\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        + _setup_steps() +
        "      # 可选：通知和纪要的 PDF 版需要 LibreOffice 和中文字体；不需要 PDF 时可删去这一步\n"
        "      - run: sudo apt-get update && sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk\n"
        + ("      # 网站须写在数据目录以外：数据在仓库根目录，故写到临时目录\n" if layout == "root" else "") +
        f"      - run: lianxi site build --data {data} -o {site_arg}\n"
        "      - uses: actions/upload-artifact@v4\n"
        "        with:\n"
        "          name: site\n"
        f"          path: {site}/\n"
        "          include-hidden-files: true  # .lianxi-site：下次生成时据此替换上次的网站\n"
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
