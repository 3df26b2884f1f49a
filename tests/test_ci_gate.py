"""The data repository's CI gate: validate in CI, annotations, reports, pre-commit hooks, action, snippets.

Synthetic problems only (a unit id misspelt in a copy of the bundled data); nothing here
reads outside the repository or needs the network, except the two marked ``install`` tests,
which build environments the way a user's pre-commit or pip does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _break(data_dir: Path) -> int:
    """Misspell a unit id in duties.yaml; the line it is on."""
    duties = data_dir / "duties.yaml"
    text = duties.read_text(encoding="utf-8")
    assert "    unit: gongan\n" in text
    duties.write_text(text.replace("    unit: gongan\n", "    unit: gonan\n", 1), encoding="utf-8")
    return next(n for n, line in enumerate(duties.read_text(encoding="utf-8").splitlines(), 1)
                if "unit: gonan" in line)


# ---------------------------------------------------------------- which directory, and refusing in CI

def test_first_line_names_the_directory_and_how_it_was_found(run, data_dir, tmp_path, monkeypatch):
    assert run("validate", "--data", data_dir).stdout.splitlines()[0] == f"校验数据目录：{data_dir}（--data）"
    monkeypatch.setenv("LIANXI_DATA", str(data_dir))
    assert run("validate").stdout.splitlines()[0] == f"校验数据目录：{data_dir}（环境变量 LIANXI_DATA）"
    monkeypatch.delenv("LIANXI_DATA")
    monkeypatch.chdir(tmp_path)
    assert run("validate").stdout.splitlines()[0] == "校验数据目录：data（当前目录下的 data/）"


@pytest.mark.parametrize("env", [{"CI": "true"}, {"GITHUB_ACTIONS": "true"}, {"CI": "1"}, {"GITLAB_CI": "true"}])
def test_in_ci_without_a_data_directory_validate_refuses(run, tmp_path, monkeypatch, env):
    monkeypatch.chdir(tmp_path)  # no data/ here
    result = run("validate", env=env)
    assert result.exit_code == 2
    assert "未找到数据目录" in result.stderr and "--bundled" in result.stderr
    assert "Traceback" not in result.output


def test_in_ci_bundled_is_validated_when_asked(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--bundled", env={"CI": "true"})
    assert result.exit_code == 0, result.output
    assert "（内置数据）" in result.stdout.splitlines()[0]


@pytest.mark.parametrize("env", [{"CI": "true"}, {"GITHUB_ACTIONS": "true"}])
def test_in_ci_without_a_data_directory_schema_check_refuses(run, tmp_path, monkeypatch, env):
    """The second CI gate follows validate's rule: no --data, LIANXI_DATA or ./data in CI → exit 2."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIANXI_DATA", raising=False)
    result = run("schema", "--check", env=env)
    assert result.exit_code == 2, result.output
    assert "未找到数据目录" in result.stderr and "--bundled" in result.stderr and "Traceback" not in result.output
    assert run("schema", "--check", "--bundled", env=env).exit_code == 0
    assert run("schema", "--check", env={"CI": ""}).exit_code == 0  # outside CI: the bundled data, as before


@pytest.mark.parametrize("value", ["", "false", "0"])
def test_outside_ci_the_bundled_data_is_still_the_default(run, tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    result = run("validate", env={"CI": value})
    assert result.exit_code == 0 and "（内置数据）" in result.stdout.splitlines()[0]


# ---------------------------------------------------------------- GitHub annotations and job summary

def test_escaping_follows_the_workflow_command_rules():
    from lianxi.cireport import escape_data, escape_property

    assert escape_data("100%\r\n下一行") == "100%25%0D%0A下一行"
    assert escape_property("a,b:c%d\n") == "a%2Cb%3Ac%25d%0A"
    assert escape_data("a,b:c") == "a,b:c"  # only properties escape , and :


def test_annotations_by_default_under_github_actions_repo_relative(run, tmp_path, monkeypatch):
    repo = tmp_path / "办公室,数据:仓库"
    (repo / ".git").mkdir(parents=True)  # a git work tree's root is where .git is
    data = repo / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".lianxi.lock", "*.tmp"))
    line = _break(data)
    summary = tmp_path / "summary.md"
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")  # run from somewhere inside the checkout
    result = run("validate", "--data", "../data", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    header, annotation = result.stdout.splitlines()[:2]
    assert header == "校验数据目录：../data（--data）"
    assert annotation.startswith(f"::error file=data/duties.yaml,line={line},col=5,title=")
    assert annotation.endswith("::departments[2].unit: 单位“gonan”不存在（应为 members.yaml 中 units 的某个 id）")
    assert "%3A" in annotation.split("::")[1]  # the title's location has its colons escaped
    table = summary.read_text(encoding="utf-8")
    assert "❌ 校验未通过：1 处错误" in table
    assert f"| 错误 | data/duties.yaml | {line} | 5 | departments[2].unit | 单位“gonan”不存在" in table


def test_outside_git_paths_are_relative_to_the_working_directory(tmp_path, data_dir, monkeypatch):
    from lianxi.cireport import repo_path, repo_root

    monkeypatch.chdir(tmp_path)
    assert repo_root(data_dir) == tmp_path
    assert repo_path(str(data_dir / "members.yaml"), repo_root(data_dir)) == "data/members.yaml"


def test_summary_of_a_clean_run(run, data_dir, tmp_path):
    summary = tmp_path / "summary.md"
    result = run("validate", "--data", data_dir, "--format", "text", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert "✅ 校验通过" in summary.read_text(encoding="utf-8")


# ---------------------------------------------------------------- JUnit and GitLab Code Quality

def test_junit(run, data_dir):
    line = _break(data_dir)
    result = run("validate", "--data", data_dir, "--format", "junit")
    assert result.exit_code == 1
    assert result.stderr.startswith("校验数据目录：")  # stdout is the report alone
    suites = ET.fromstring(result.stdout)
    (failure,) = suites.iter("failure")
    assert "单位“gonan”不存在" in failure.get("message")
    (case,) = [c for c in suites.iter("testcase") if c.find("failure") is not None]
    assert case.get("file").endswith("duties.yaml") and case.get("line") == str(line)


def test_junit_of_a_clean_run(run, data_dir):
    result = run("validate", "--data", data_dir, "--format", "junit")
    assert result.exit_code == 0
    suites = ET.fromstring(result.stdout)
    assert suites.get("failures") == "0" and list(suites.iter("testcase"))
    assert not list(suites.iter("failure"))  # warnings, if any, are passing cases with their text


def test_gitlab_code_quality(run, data_dir, monkeypatch):
    line = _break(data_dir)
    monkeypatch.chdir(data_dir.parent)  # not in git: paths relative to the working directory
    result = run("validate", "--data", "data", "--format", "gitlab")
    assert result.exit_code == 1
    (issue,) = json.loads(result.stdout)
    assert issue["severity"] == "major" and issue["location"]["lines"]["begin"] == line
    assert issue["location"]["path"] == "data/duties.yaml"
    assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}


def test_junit_and_json_exclude_each_other(run, data_dir):
    assert run("validate", "--data", data_dir, "--format", "junit", "--json").exit_code == 2


# ---------------------------------------------------------------- schema --check

def test_schema_check_passes_on_the_bundled_data(run):
    result = run("schema", "--check", "--data", ROOT / "data")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("change", ["edit", "stale", "missing", "extra"])
def test_schema_check_fails_on_a_stale_or_edited_schema(run, data_dir, change):
    schema = data_dir / ".schema" / "members.schema.json"
    if change == "edit":
        schema.write_text(schema.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    elif change == "stale":
        schema.write_bytes(schema.read_bytes().rstrip(b"\n"))  # one byte short
    elif change == "missing":
        schema.unlink()
    else:
        (data_dir / ".schema" / "old.schema.json").write_text("{}", encoding="utf-8")
    result = run("schema", "--check", "--data", data_dir)
    assert result.exit_code == 1
    assert ".schema/" in result.stderr and "lianxi schema" in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- files in the repository

def _check_jsonschema(builtin: str, *files: Path) -> subprocess.CompletedProcess:
    pytest.importorskip("check_jsonschema")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", builtin, *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_action_and_workflows_match_githubs_published_schemas(tmp_path):
    from lianxi.datarepo import workflow

    done = _check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    for layout in ("root", "data"):
        (tmp_path / f"{layout}.yml").write_text(workflow(layout), encoding="utf-8")
    done = _check_jsonschema("vendor.github-workflows", ROOT / "examples/github-actions/validate.yml",
                             tmp_path / "root.yml", tmp_path / "data.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_schema_check_can_fail(tmp_path):
    bad = tmp_path / "action.yml"
    bad.write_text((ROOT / "action.yml").read_text(encoding="utf-8").replace("using: composite", "using: compost"),
                   encoding="utf-8")
    assert _check_jsonschema("vendor.github-actions", bad).returncode != 0


def test_gitlab_snippet_matches_gitlabs_published_schema():
    snippet = ROOT / "examples/gitlab-ci/lianxi.gitlab-ci.yml"
    done = _check_jsonschema("vendor.gitlab-ci", snippet)
    assert done.returncode == 0, done.stdout + done.stderr


def _pip_installs(text: str) -> list[str]:
    return re.findall(r"pip install (?:--disable-pip-version-check )?(\S+)", text)


def test_ci_files_install_lianxi_from_one_marked_spec():
    """What pip installs is named once (LIANXI_PIP_SPEC, default this version), with a Chinese comment
    telling the office to point it at its wheel or git URL until lianxi-cli is published."""
    import yaml

    from lianxi.datarepo import requirement, workflow

    texts = {"gitlab": (ROOT / "examples/gitlab-ci/lianxi.gitlab-ci.yml").read_text(encoding="utf-8"),
             **{layout: workflow(layout) for layout in ("root", "data")}}
    for name, text in texts.items():
        loaded = yaml.safe_load(text)
        spec = (loaded["variables"] if name == "gitlab" else loaded["env"])["LIANXI_PIP_SPEC"]
        assert spec == requirement(), name
        assert _pip_installs(text) == ['"$LIANXI_PIP_SPEC"'] * 2, name  # both jobs, nothing else
        above = text[:text.index("LIANXI_PIP_SPEC:")].splitlines()[-4:]  # the comment over the spec
        comment = "".join(line.strip() for line in above if line.strip().startswith("#"))
        assert "发布" in comment and "wheel" in comment and "git" in comment, name


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if re.match(r"^\s*#|.*\s#\s", line)]


def test_ci_files_comments_are_chinese():
    from lianxi.datarepo import precommit_config, workflow

    texts = [(ROOT / "examples/gitlab-ci/lianxi.gitlab-ci.yml").read_text(encoding="utf-8"),
             (ROOT / "examples/github-actions/validate.yml").read_text(encoding="utf-8")]
    texts += [f(layout) for f in (workflow, precommit_config) for layout in ("root", "data")]
    for text in texts:
        comments = _comments(text)
        assert comments
        for comment in comments:
            assert re.search(r"[\u4e00-\u9fff]", comment), comment


@pytest.mark.parametrize("layout", ["root", "data"])
def test_init_workflow_builds_the_site_as_an_artifact(layout):
    import yaml

    from lianxi.datarepo import data_arg, workflow

    jobs = yaml.safe_load(workflow(layout))["jobs"]
    assert set(jobs) == {"validate", "site"} and jobs["site"]["needs"] == "validate"
    runs = [step.get("run", "") for step in jobs["site"]["steps"]]
    (build,) = [r for r in runs if r.startswith("lianxi site build")]
    assert f"--data {data_arg(layout)} " in build
    (upload,) = [step for step in jobs["site"]["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    assert upload["with"]["name"] == "site" and upload["with"]["include-hidden-files"] is True
    out = build.split(" -o ")[1].strip('"')
    assert upload["with"]["path"].rstrip("/") == out
    if layout == "root":  # lianxi refuses to write into the data directory: here the whole checkout
        assert out.startswith("${{ runner.temp }}")


def test_gitlab_snippet_builds_the_site_as_an_artifact():
    import yaml

    loaded = yaml.safe_load((ROOT / "examples/gitlab-ci/lianxi.gitlab-ci.yml").read_text(encoding="utf-8"))
    site = loaded["lianxi-site"]
    assert site["needs"] == ["lianxi-validate"] and site["artifacts"]["paths"] == ["site/"]
    (build,) = [r for r in site["script"] if r.startswith("lianxi site build")]
    assert '--data "$LIANXI_DATA_DIR"' in build and " -o /tmp/site" in build  # outside the data directory
    assert "mv /tmp/site site" in site["script"]


def test_example_workflow_is_what_init_writes():
    """The example is init's workflow for the data/ layout, byte for byte: both jobs, validate and the site."""
    from lianxi.datarepo import workflow

    example = (ROOT / "examples/github-actions/validate.yml").read_text(encoding="utf-8")
    assert example == workflow("data")
    assert "lianxi site build --data data -o site" in example and "actions/upload-artifact" in example


def test_init_config_runs_the_published_hooks():
    """init's local hooks are the ones in .pre-commit-hooks.yaml (same ids, commands and files), but run the
    lianxi already installed (language: system): nothing to download from a package index."""
    import yaml

    from lianxi.datarepo import precommit_config

    published = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    for layout in ("root", "data"):
        (repo,) = yaml.safe_load(precommit_config(layout))["repos"]
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            theirs = published[hook["id"]]
            assert {k: hook[k] for k in ("entry", "pass_filenames", "files")} == \
                   {k: theirs[k] for k in ("entry", "pass_filenames", "files")}
            assert hook["language"] == "system" and "additional_dependencies" not in hook


@pytest.mark.parametrize("layout", ["root", "data"])
def test_pre_commit_run_in_a_repository_made_by_init_needs_no_package_index(run, tmp_path, layout):
    """`pre-commit run` with init's config works where lianxi is installed and the index has no lianxi-cli
    (PIP_NO_INDEX: any download fails), and fails with the location when the data has an error."""
    if shutil.which("git") is None:
        pytest.skip("git 未安装")
    pytest.importorskip("pre_commit")
    repo = tmp_path / "仓库"
    assert run("init", repo, "--layout", layout, "--example").exit_code == 0
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    env = {k: v for k, v in os.environ.items() if k not in ("LIANXI_DATA", "CI", "GITHUB_ACTIONS", "GITLAB_CI")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",  # where lianxi is
               PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never", PIP_NO_INDEX="1")

    def pre_commit() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)

    done = pre_commit()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 2, done.stdout
    data = repo / "data" if layout == "data" else repo
    line = _break(data)
    _git("add", "-A", cwd=repo)
    done = pre_commit()
    assert done.returncode == 1, done.stdout + done.stderr
    where = "data/duties.yaml" if layout == "data" else "duties.yaml"
    assert f"{where}:{line}:5: departments[2].unit: 单位“gonan”不存在" in done.stdout, done.stdout


@pytest.mark.parametrize("layout", ["root", "data"])
def test_init_makes_a_ready_repository(run, tmp_path, layout):
    target = tmp_path / "仓库"
    assert run("init", target, "--layout", layout).exit_code == 0
    data = target / "data" if layout == "data" else target
    for name in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/lianxi.yml",
                 ".vscode/settings.json", ".vscode/extensions.json"):
        assert (target / name).is_file(), name
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    prefix = "data/" if layout == "data" else ""
    assert settings["yaml.schemas"][f"./{prefix}.schema/members.schema.json"] == f"{prefix}members.yaml"
    for schema in settings["yaml.schemas"]:
        assert (target / schema).is_file(), schema
    assert json.loads((target / ".vscode/extensions.json").read_text())["recommendations"] == ["redhat.vscode-yaml"]
    assert run("validate", "--data", data).exit_code == 0
    assert run("schema", "--check", "--data", data).exit_code == 0


def test_init_keeps_an_offices_own_ci_files(run, tmp_path):
    target = tmp_path / "d"
    (target / ".github/workflows").mkdir(parents=True)
    (target / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    result = run("init", target, "--force")
    assert result.exit_code == 0, result.output
    assert (target / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    assert "已有、未改动：.pre-commit-config.yaml" in result.stdout


def test_init_bad_layout_is_a_usage_error(run, tmp_path):
    assert run("init", tmp_path / "x", "--layout", "flat").exit_code == 2


# ---------------------------------------------------------------- pre-commit try-repo (builds one env)

SNAPSHOT = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", ".gitignore", "src", "data", "templates")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory):
    """This checkout's working tree as a committed repository (so pre-commit builds its env once)."""
    if shutil.which("git") is None:
        pytest.skip("git 未安装")
    pytest.importorskip("pre_commit")
    repo = tmp_path_factory.mktemp("lianxi-hooks")
    for name in SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".lianxi.lock"))
        else:
            shutil.copy2(source, repo / name)
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo, tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(hooks, repo: Path, hook: str | None) -> subprocess.CompletedProcess:
    source, home = hooks
    env = {k: v for k, v in os.environ.items() if k not in ("LIANXI_DATA", "CI", "GITHUB_ACTIONS")}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(source), *([hook] if hook else []),
                           "--all-files"],
                          cwd=repo, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def two_layouts(tmp_path_factory):
    """One scratch repository made by ``lianxi init`` holding both layouts: data at its root, and in data/.

    ``pre-commit try-repo`` builds a fresh environment on every call (about 25 s), so each
    call runs all four hooks: the root layout's and the data/ layout's.
    """
    from typer.testing import CliRunner

    from lianxi.cli import app

    repo = tmp_path_factory.mktemp("scratch") / "数据仓库"
    for args in (["init", str(repo), "--example"], ["init", str(repo), "--layout", "data", "--example", "--force"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    assert (repo / "members.yaml").is_file() and (repo / "data" / "members.yaml").is_file()
    _git("init", "-q", cwd=repo)
    return repo


def _hook_output(stdout: str, hook_name_start: str) -> str:
    """The block pre-commit prints for one hook: its status line and what it printed."""
    blocks = re.split(r"\n(?=\S.*\.{3,}(?:Passed|Failed|Skipped)$)", "\n" + stdout, flags=re.M)
    (block,) = [b for b in blocks if b.strip().startswith(hook_name_start)]
    return block


@pytest.mark.install
@pytest.mark.parametrize("broken", ["data", "root"])
def test_pre_commit_try_repo_on_a_repository_made_by_init(hooks_repo, two_layouts, broken):
    """Each layout passes while the other has a deliberate error, which fails with its location."""
    repo = two_layouts
    duties = {"data": repo / "data" / "duties.yaml", "root": repo / "duties.yaml"}
    original = duties[broken].read_text(encoding="utf-8")
    line = _break(duties[broken].parent)
    try:
        _git("add", "-A", cwd=repo)
        done = _try_repo(hooks_repo, repo, None)
    finally:
        duties[broken].write_text(original, encoding="utf-8")
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    data_block = _hook_output(out, "lianxi validate（校验 data/")
    root_block = _hook_output(out, "lianxi validate（校验仓库根目录")
    failed, passed = (data_block, root_block) if broken == "data" else (root_block, data_block)
    assert "Failed" in failed.splitlines()[0] and "Passed" in passed.splitlines()[0], out
    where = "data/duties.yaml" if broken == "data" else "duties.yaml"
    assert f"{where}:{line}:5: departments[2].unit: 单位“gonan”不存在" in failed, out
    for name in ("lianxi schema --check（data/", "lianxi schema --check（.schema/"):
        assert "Passed" in _hook_output(out, name).splitlines()[0], out


# ---------------------------------------------------------------- the README's install line, from a wheel

@pytest.mark.install
def test_readme_install_line_installs_the_wheel_in_a_fresh_venv(tmp_path):
    from lianxi import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [x for x in readme.splitlines() if x.startswith("python3 -m pip install lianxi-cli")]
    command = line.split("#")[0].strip()
    project = tmp_path / "project"  # built from a copy: the checkout is never touched
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".gitignore", "src", "data", "templates"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, project / name)
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
                           cwd=project, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
           "PIP_FIND_LINKS": " ".join(filter(None, [str(dist), os.environ.get("PIP_FIND_LINKS")])),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["bash", "-c", command.replace("python3 ", f"{bindir / 'python'} ", 1)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    version = subprocess.run([str(bindir / "lianxi"), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"lianxi {__version__}"
    where = subprocess.run([str(bindir / "python"), "-c", "import lianxi; print(lianxi.__file__)"],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert str(venv) in where.stdout  # the wheel's copy, not the checkout's
