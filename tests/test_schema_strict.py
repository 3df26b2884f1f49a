"""The emitted JSON Schemas: Chinese titles and descriptions everywhere, and as strict as a schema can be.

Each of validate's mutation cases (tests/test_validate.py and a few more) is run through
``lianxi validate`` (which must catch it) and through the JSON Schema alone, as an editor or
check-jsonschema sees it (its own YAML reader: YAML 1.2, dates as ISO text). Which of them the schema
catches, and why the others stay lianxi-only, is the table in docs/校验与CI.md; this test keeps
that table true.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
HOLDER = "{name: 郑惠山, post: 区公安分局副局长, start: unknown}"


def _properties(node, where="#"):
    """Every (place, property schema) under every "properties" of a schema."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


def test_every_property_of_every_schema_has_a_chinese_title_and_description():
    from lianxi.schema import schemas

    missing = []
    for file_name, schema in schemas().items():
        for definition in [schema, *schema.get("$defs", {}).values()]:
            for key in ("title", "description"):
                if not CJK.search(definition.get(key, "")):
                    missing.append(f"{file_name} {definition.get('title')}: {key}")
        for where, prop in _properties(schema):
            if "const" in prop.get("properties", {}).get("role", {}):
                continue
            for key in ("title", "description"):
                if not CJK.search(prop.get(key, "")):
                    missing.append(f"{file_name} {where}: {key}")
    missing = [m for m in missing if "/allOf/" not in m]  # the one-总召集人 sub-schemas
    assert not missing, "src/lianxi/schema_docs.yaml 缺少：\n" + "\n".join(missing)


def test_the_docs_table_names_no_field_that_does_not_exist():
    """A renamed or removed field leaves no stale line in schema_docs.yaml."""
    import yaml

    from lianxi.model import FILE_MODELS

    table = yaml.safe_load((ROOT / "src/lianxi/schema_docs.yaml").read_text(encoding="utf-8"))
    seen: dict[str, set] = {}

    def walk(model, out):
        if model.__name__ in out:
            return
        out[model.__name__] = set(model.model_fields)
        for field in model.model_fields.values():
            for arg in _types(field.annotation):
                if isinstance(arg, type) and hasattr(arg, "model_fields"):
                    walk(arg, out)

    for name in FILE_MODELS:
        walk(FILE_MODELS[name], seen)
    stale = [f"{model}.{field}" for model, fields in table.items() for field in fields
             if field != "_" and (model not in seen or field not in seen[model])]
    assert not stale, stale
    assert set(table) <= set(seen), set(table) - set(seen)


def _types(annotation):
    from typing import get_args

    yield annotation
    for arg in get_args(annotation):
        yield from _types(arg)


def test_bundled_schemas_are_current():
    from lianxi.schema import check_schema_dir

    _, problems = check_schema_dir(ROOT / "data")
    assert not problems, "run: python scripts/update_schemas.py"


# ---------------------------------------------------------------- the mutation cases


def _as_editors_read(data: bytes):
    """The file as check-jsonschema reads it (ruamel.yaml, YAML 1.2; dates stay ISO text), as editors do."""
    import io

    parsers = pytest.importorskip("check_jsonschema.parsers.yaml")
    return parsers.impl2loader(parsers.construct_yaml_implementation())(io.BytesIO(data))


def _schema_errors(data_dir: Path, file_name: str) -> list[str] | str:
    """What the JSON Schema alone says about a file: its errors, or why it never gets to look."""
    jsonschema = pytest.importorskip("jsonschema")
    parsers = pytest.importorskip("check_jsonschema.parsers.yaml")

    from lianxi.schema import schemas

    path = data_dir / file_name
    if not path.exists():
        return "no-file"
    try:
        instance = _as_editors_read(path.read_bytes())
    except (UnicodeDecodeError, parsers.ParseError):
        return "yaml"  # the YAML reader refuses it before any schema looks: not a schema's business
    validator = jsonschema.Draft202012Validator(schemas()[file_name],
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [e.message for e in validator.iter_errors(instance)]


# id → (file, old text, new text, what the schema alone does: "schema" | "lianxi-only" | "yaml")
MUTATIONS = {
    "duplicate-key": ("members.yaml", "    name: 区公安分局\n", "    name: 区公安分局\n    name: 区公安局\n", "yaml"),
    "missing-field": ("duties.yaml", "    name: 公安部门\n", "", "schema"),
    "blank-post": ("members.yaml", "post: 区公安分局副局长", 'post: ""', "schema"),
    "blank-spaces": ("members.yaml", "post: 区公安分局副局长", 'post: "  "', "schema"),
    "unknown-unit": ("duties.yaml", "    unit: gongan\n", "    unit: gonan\n", "lianxi-only"),
    "date-as-text": ("members.yaml", HOLDER, "{name: 郑惠山, post: 区公安分局副局长, start: '2020-01-01'}", "lianxi-only"),
    "bad-date": ("members.yaml", HOLDER, "{name: 郑惠山, post: 区公安分局副局长, start: 2020-02-30}", "schema"),
    "unquoted-0571": ("members.yaml", HOLDER, "{name: 郑惠山, post: 区公安分局副局长, start: unknown, phone: 0571}", "schema"),
    "integer-phone": ("members.yaml", HOLDER, "{name: 郑惠山, post: 区公安分局副局长, start: unknown, phone: 13912345678}",
                      "schema"),
    "bad-phone": ("members.yaml", HOLDER, "{name: 郑惠山, post: 区公安分局副局长, start: unknown, phone: '12345'}", "schema"),
    "yes-no": ("members.yaml", "    name: 区妇联\n", "    name: no\n", "lianxi-only"),
    "bad-syntax": ("charter.yaml", "region: 泉港区\n", "region: [泉港区\n", "yaml"),
    "bad-indentation": ("duties.yaml", "    unit: gongan\n", "   unit: gongan\n", "yaml"),
    "tab": ("duties.yaml", "    unit: gongan\n", "\tunit: gongan\n", "yaml"),
    "python-tag": ("charter.yaml", "region: 泉港区\n", "region: !!python/object/apply:os.system ['echo hi']\n", "yaml"),
    "anchor-alias": ("charter.yaml", "region: 泉港区\n", "region: &r 泉港区\nregion2: *r\n", "schema"),
    "anchor": ("duties.yaml", "    name: 公安部门\n", "    name: &n 公安部门\n    aliases: [*n]\n", "lianxi-only"),
    "seal-as-text": ("charter.yaml", "  office_has_seal: false\n", "  office_has_seal: 否\n", "schema"),
    "bad-id": ("members.yaml", "  - id: member-fagai\n", "  - id: Member-FaGai\n", "schema"),
    "duplicate-seat-id": ("members.yaml", "  - id: member-fagai\n", "  - id: member-dengji\n", "lianxi-only"),
    "second-top-convener": ("members.yaml", "    role: 成员\n    unit: jiaoyu\n", "    role: 总召集人\n    unit: jiaoyu\n",
                            "schema"),
    "ambiguous-alias": ("members.yaml", "aliases: [发改局, 发改]", "aliases: [发改局, 公安]", "lianxi-only"),
    "term-order": ("members.yaml", HOLDER, "{name: 郑惠山, post: 区公安分局副局长, start: 2027-01-01, end: 2026-01-01}",
                   "lianxi-only"),
    "extra-field": ("duties.yaml", "    unit: gongan\n", "    unit: gongan\n    uint: x\n", "schema"),
    "empty-file": ("duties.yaml", None, "# 只有注释\n\n", "schema"),
    "gbk": ("duties.yaml", None, "gbk", "yaml"),
    "missing-file": ("charter.yaml", None, None, "lianxi-only"),
}


@pytest.mark.parametrize("case", list(MUTATIONS))
def test_mutation_is_caught_by_validate_and_by_the_schema_as_documented(run, data_dir, case):
    file_name, old, new, expected = MUTATIONS[case]
    path = data_dir / file_name
    if new is None:
        path.unlink()
    elif new == "gbk":
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    elif old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert run("validate", "--data", data_dir).exit_code == 1  # lianxi always catches it
    said = _schema_errors(data_dir, file_name)
    if expected == "schema":
        assert isinstance(said, list) and said, f"{case}: the schema should catch it"
    elif expected == "yaml":
        assert said == "yaml", f"{case}: {said}"
    else:
        assert said in ([], "no-file"), f"{case}: the schema catches it now ({said}): update MUTATIONS and the docs"


def test_the_docs_list_the_lianxi_only_checks():
    page = (ROOT / "docs" / "校验与CI.md").read_text(encoding="utf-8")
    for case, (_, _, _, expected) in MUTATIONS.items():
        if expected == "lianxi-only":
            assert f"`{case}`" in page, case


def test_the_bundled_data_passes_its_schemas():
    jsonschema = pytest.importorskip("jsonschema")
    from lianxi.schema import schemas

    for file_name, schema in schemas().items():
        paths = sorted((ROOT / "data").glob(file_name)) if "*" in file_name else [ROOT / "data" / file_name]
        for path in paths:
            if path.exists():
                jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
                                                ).validate(_as_editors_read(path.read_bytes()))


def test_check_jsonschema_agrees_on_one_case(data_dir, tmp_path):
    """The same result from check-jsonschema itself (one run: it is a process)."""
    import subprocess
    import sys

    pytest.importorskip("check_jsonschema")
    schema_file = tmp_path / "members.schema.json"
    from lianxi.schema import schemas

    schema_file.write_text(json.dumps(schemas()["members.yaml"], ensure_ascii=False), encoding="utf-8")
    members = data_dir / "members.yaml"
    good = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file), str(members)],
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stdout + good.stderr
    members.write_text(members.read_text(encoding="utf-8").replace("    role: 成员\n    unit: jiaoyu\n",
                                                                     "    role: 总召集人\n    unit: jiaoyu\n", 1),
                       encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file), str(members)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1, bad.stdout
