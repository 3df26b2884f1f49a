"""Pinyin keys for names, computed once and cached on disk.

pypinyin takes about a quarter of a second to import, so it is imported only when a
name is not in the cache yet — never on an ordinary Chinese-text query.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

CACHE_VERSION = 1


def cache_file() -> Path:
    from .modelcache import cache_root

    return cache_root() / f"pinyin-v{CACHE_VERSION}.json"


def syllables(text: str, *, ascii_only: bool = False) -> list[str]:
    """The pinyin of ``text`` without tones, lower case, one entry per syllable (公安 → gong, an).

    Other characters than Chinese are kept as they are, letters and digits only; with
    ``ascii_only`` only ASCII ones (unit ids are ASCII).
    """
    from pypinyin import Style, lazy_pinyin

    out = []
    for syllable in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        kept = "".join(ch for ch in syllable.lower() if ch.isalnum() and (ch.isascii() or not ascii_only))
        if kept:
            out.append(kept)
    return out


def _compute(name: str) -> tuple[str, str]:
    found = syllables(name)
    return "".join(found), "".join(s[0] for s in found)


def pinyin_keys(names: list[str]) -> dict[str, tuple[str, str]]:
    """name → (full pinyin, initials), e.g. 公安 → ("gongan", "ga")."""
    path = cache_file()
    cache = _load(path)
    result: dict[str, tuple[str, str]] = {}
    missing = False
    for name in names:
        value = cache.get(name)
        if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            result[name] = (value[0], value[1])
        else:
            result[name] = _compute(name)
            cache[name] = list(result[name])
            missing = True
    if missing:
        _save(path, cache)
    return result


def _load(path: Path) -> dict:
    """A cache file's mapping; a missing or damaged file is an empty cache."""
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _save(path: Path, cache: dict) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def syllable_keys(texts: list[str]) -> dict[str, str]:
    """text → its syllables joined by ``-`` (公安 → "gong-an"), cached like :func:`pinyin_keys` in a
    file of its own: what the site's duty search matches from syllable starts."""
    from .modelcache import cache_root

    path = cache_root() / f"pinyin-syllables-v{CACHE_VERSION}.json"
    cache = _load(path)
    result: dict[str, str] = {}
    missing = False
    for text in texts:
        value = cache.get(text)
        if not isinstance(value, str):
            value = cache[text] = "-".join(syllables(text))
            missing = True
        result[text] = value
    if missing:
        _save(path, cache)
    return result
