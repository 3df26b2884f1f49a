"""Regenerate the bundled data's JSON Schemas (data/.schema/) after a model change.

`lianxi schema` refuses to write into the bundled data (it is read-only for users); this
developer script writes the files directly: python scripts/update_schemas.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lianxi.schema import SCHEMA_DIR, schema_name, schemas  # noqa: E402


def main() -> None:
    target = ROOT / "data" / SCHEMA_DIR
    target.mkdir(exist_ok=True)
    for file_name, schema in schemas().items():
        path = target / schema_name(file_name)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
