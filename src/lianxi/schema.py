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
    for file_name, schema in schemas().items():
        path = directory / schema_name(file_name)
        atomic_write(path, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
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
    # also clears temps of killed runs; a directory given with -o is no data directory: no journal there
    with data_lock(root if root is not None else target, journal=root is not None):
        return write_schemas(target)
