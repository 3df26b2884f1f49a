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
    """file name → JSON Schema: as strict as a schema can say, with Chinese titles and descriptions.

    The models say the types; :class:`_Strictest` adds what their validators check (non-blank
    text, id, phone, time and task-reference patterns); :func:`_document` puts the Chinese title
    and description of ``schema_docs.yaml`` on every model and property; :data:`_CROSS_CHECKS`
    adds the cross-item rules a schema can express (one 总召集人). What stays lianxi-only is
    listed in docs/校验与CI.md.
    """
    docs = _docs()
    out = {}
    for file_name, model in FILE_MODELS.items():
        schema = model.model_json_schema(mode="validation", schema_generator=_Strictest)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        _document(schema, docs, file_name)
        for path, extra in _CROSS_CHECKS.get(file_name, ()):
            target = schema
            for key in path:
                target = target[key]
            target.update(extra)
        out[file_name] = schema
    return out


def _validator_schemas() -> dict[str, dict]:
    """What each string validator checks, as JSON Schema keywords (by "module.function").

    A string value names the compiled pattern, in the validator's own module, that it matches.
    """
    nonblank = {"minLength": 1, "pattern": r"\S"}
    return {
        "lianxi.model._nonblank": nonblank,
        "lianxi.layout._font": nonblank,
        "lianxi.model._id": {"minLength": 1, "pattern": "_ID_RE"},
        "lianxi.model._phone": {"pattern": "_PHONE_RE"},
        "lianxi.meetings._time": {"pattern": "_TIME_RE"},
        "lianxi.followup._task_ref": {"pattern": "_TASK_RE"},
        "lianxi.layout._color": {"pattern": "^[0-9A-Fa-f]{6}$"},
        "lianxi.layout._page_format": {"pattern": r"^(?![\s\S]*\{page\}[\s\S]*\{page\})[\s\S]*\{page\}"},
    }


try:
    from pydantic.json_schema import GenerateJsonSchema as _Base
except ImportError:  # pragma: no cover - pydantic is a dependency
    _Base = object


class _Strictest(_Base):
    """pydantic's schema generator, adding what a string's after-validator checks."""

    _extra: dict | None = None

    def function_after_schema(self, schema):
        out = super().function_after_schema(schema)
        function = schema.get("function", {}).get("function")
        if function is not None:
            if _Strictest._extra is None:
                _Strictest._extra = _validator_schemas()
            extra = _Strictest._extra.get(f"{function.__module__}.{function.__name__}")
            if extra and out.get("type") == "string":
                pattern = extra.get("pattern", "")
                if pattern.startswith("_"):  # the validator's own compiled pattern
                    extra = {**extra, "pattern": function.__globals__[pattern].pattern}
                out = {**out, **extra}
        return out


# file → (path inside the schema, keywords added there): rules across items a schema can express
_ONE_TOP = {"type": "object", "properties": {"role": {"const": "总召集人"}}, "required": ["role"]}
_A_CONVENER = {"type": "object", "properties": {"role": {"enum": ["总召集人", "召集人"]}}, "required": ["role"]}
_CROSS_CHECKS: dict[str, tuple] = {
    "members.yaml": ((("properties", "seats"), {"allOf": [
        {"contains": _ONE_TOP, "minContains": 0, "maxContains": 1,
         "description": "只能有一个总召集人席位"},
        {"contains": _A_CONVENER, "description": "应有一个“总召集人”或至少一个“召集人”席位"},
    ]}),),
}


def _docs() -> dict:
    import yaml

    text = (Path(__file__).with_name("schema_docs.yaml")).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _split(entry: str) -> tuple[str, str | None]:
    title, _, description = str(entry).partition("|")
    return title.strip(), description.strip() or None


def _document(schema: dict, docs: dict, file_name: str) -> None:
    """Chinese ``title`` and ``description`` on the root, each definition and each property."""
    for definition in [schema, *schema.get("$defs", {}).values()]:
        table = docs.get(definition.get("title"), {})
        if "_" in table:
            definition["title"], description = _split(table["_"])
            if description:
                definition["description"] = description
        for name, prop in definition.get("properties", {}).items():
            if name not in table:
                prop.pop("title", None)  # pydantic's English ("Short Name"): better none (a test asks for one)
                continue
            title, description = _split(table[name])
            prop["title"] = title
            if description:
                prop["description"] = description
    if schema.get("title") is None:
        schema["title"] = file_name


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
    # also clears temps of killed runs; a directory given with -o is no data directory: no journal there
    with data_lock(root if root is not None else target, journal=root is not None):
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
            from .errors import os_reason

            problems.append(Problem(f"无法读取：{os_reason(exc)}", file=shown, rule="schema"))
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
