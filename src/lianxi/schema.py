"""JSON Schemas of the data files, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
from pathlib import Path

from .model import FILE_MODELS

SCHEMA_DIR = ".schema"


def schema_line(file_name: str) -> str:
    """The first line of a data file, pointing editors at its schema."""
    return f"# yaml-language-server: $schema={SCHEMA_DIR}/{schema_name(file_name)}"


def schema_name(file_name: str) -> str:
    # "meetings/*.yaml" (one file per meeting) → "meetings.schema.json"
    return file_name.replace("/*", "").replace(".yaml", ".schema.json")


def schemas() -> dict[str, dict]:
    """file name → JSON Schema (date fields documented as dates or ``unknown``)."""
    out = {}
    for file_name, model in FILE_MODELS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", file_name)
        out[file_name] = schema
    return out


def write_schemas(directory: Path) -> list[Path]:
    from .store import atomic_write, is_dry_run

    if not is_dry_run():
        directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = directory / name
        atomic_write(path, text)
        written.append(path)
    return written


def write_schema_dir(data: str | Path | None = None, out: Path | None = None) -> list[Path]:
    """``lianxi schema``: the schemas into ``out``, or the data directory's ``.schema/``, under its lock."""
    from .store import data_lock, guard_writable, is_dry_run, resolve_data_dir, write_error

    root = None if out else resolve_data_dir(data)
    target = Path(out) if out else root / SCHEMA_DIR
    if is_dry_run():
        return write_schemas(target)
    guard_writable(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(target, exc) from None
    with data_lock(root if root is not None else target):  # also clears temps of killed runs
        return write_schemas(target)


def schema_texts() -> dict[str, str]:
    """schema file name → the exact text ``lianxi schema`` writes."""
    return {schema_name(file_name): json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
            for file_name, schema in schemas().items()}


def check_schema_dir(data: str | Path | None = None, out: Path | None = None) -> tuple[Path, list]:
    """``lianxi schema --check``: the directory, and a Problem per schema file that differs from what would be written.

    Compared byte for byte: a stale schema (written by an older lianxi) and a hand-edited one
    both fail; so do a missing one and a ``*.schema.json`` lianxi does not write.
    """
    from .errors import Problem
    from .store import display_path, resolve_data_dir

    target = Path(out) if out else resolve_data_dir(data) / SCHEMA_DIR
    fix = "运行 lianxi schema" + (f" -o {display_path(target)}" if out else "") + " 重新生成"
    expected = schema_texts()
    problems = []
    if not target.is_dir():
        return target, [Problem(f"没有 Schema 目录：{fix}", file=display_path(target), rule="schema")]
    for name, text in expected.items():
        path = target / name
        shown = display_path(path)
        try:
            actual = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(f"缺少 Schema 文件：{fix}", file=shown, rule="schema"))
            continue
        except OSError as exc:
            problems.append(Problem(f"无法读取：{exc.strerror or exc}", file=shown, rule="schema"))
            continue
        if actual != text.encode("utf-8"):
            problems.append(Problem(f"与本版 lianxi 生成的 Schema 不一致（已过期或被手工修改）：{fix}",
                                    file=shown, line=_first_difference(actual, text.encode("utf-8")),
                                    rule="schema"))
    for path in sorted(target.glob("*.schema.json")):
        if path.name not in expected:
            problems.append(Problem(f"lianxi 不生成此 Schema（多余或改过名）：删除它，或{fix}",
                                    file=display_path(path), rule="schema"))
    return target, problems


def _first_difference(actual: bytes, expected: bytes) -> int:
    """The first line (1-based) where two texts differ."""
    a, b = actual.split(b"\n"), expected.split(b"\n")
    for number, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1 if len(a) != len(b) else 1
