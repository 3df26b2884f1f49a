"""Ask by matter, not by department: rank departments by how well their duties answer a question.

The method needs no word segmentation, no network and no model: every duty sentence
is indexed as character n-grams (uni-, bi- and tri-grams), and a question is scored
against each sentence with BM25. A small word table kept as data
(``who_synonyms.yaml``, extended by a data directory's own ``synonyms.yaml``) adds

* question words to drop (谁, 哪个部门, 归谁管, 怎么办 …), so they do not disturb the ranking;
* whole words, matched only whole and never split into characters, so that 营利性 does not
  match inside 非营利性 (variants map to the first spelling of their group);
* synonyms: a question saying 验收 also looks for 审验, 公司 also for 营利性 …
  (expanded terms weigh less than the caller's own words).

A department scores its best sentence plus a small bonus for a second matching one;
the best sentence is the one that decides, and its matched words are highlighted.
Only the standard library is used here (the data files are read by the usual loaders).
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional, Sequence

SYNONYMS_FILE = "synonyms.yaml"
BUNDLED_SYNONYMS = "who_synonyms.yaml"

# BM25 parameters and term weights
K1 = 1.2
B = 0.75
GRAM_WEIGHT = {1: 0.2, 2: 1.0, 3: 1.0}
WORD_WEIGHT = 2.5  # a whole word (e.g. 营利性) stands for several n-grams at once
CROSSING_WEIGHT = 0.3  # an n-gram of the question that cuts through a word the table knows (机构|开业)
EXPANSION_WEIGHT = 0.7  # terms added by the synonym table, relative to the caller's words
SECOND_SENTENCE_BONUS = 0.15  # share of a department's second-best sentence added to its score
CLOSE_RATIO = 0.7  # runners-up are shown when they reach this share of the best score
MAX_RUNNERS_UP = 2
DISTINCTIVE_SHARE = 0.5  # a term found in at most this share of all sentences singles something out

HIGHLIGHT_SHARE = 0.25  # highlight preferably words found in at most this share of sentences

_WORD = "W:"  # prefix of whole-word terms, so they never collide with n-grams
_SEP = "\x00"


# ------------------------------------------------------------------ text


def normalize(text: str) -> tuple[str, list[int]]:
    """NFKC, lower case, white space dropped, punctuation and symbols turned into separators.

    Returns the normalised text and, for each of its characters, the index of the
    original character it came from (to highlight matches in the original sentence).
    """
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char).lower():
            if c.isspace():
                continue
            if unicodedata.category(c)[0] in "PSZC":
                c = _SEP
            out.append(c)
            where.append(index)
    return "".join(out), where


def _is_word_char(c: str) -> bool:
    return c != _SEP


# ------------------------------------------------------------------ the word table


@dataclass(frozen=True)
class Lexicon:
    """The word table, normalised: question words, whole words, expansion rules."""

    ignore: tuple[str, ...] = ()
    words: dict = field(default_factory=dict)  # variant → canonical (both normalised)
    rules: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (when, add)

    @cached_property
    def vocabulary(self) -> frozenset:
        """Every word of two or more characters the table knows: a light word boundary hint."""
        words = set(self.words)
        for when, add in self.rules:
            words.update(when)
            words.update(add)
        return frozenset(w for w in words if len(w) > 1)

    @classmethod
    def from_files(cls, files: Sequence) -> "Lexicon":
        """Merge SynonymsFile models in order (later ones extend earlier ones)."""
        ignore: list[str] = []
        words: dict[str, str] = {}
        rules: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for f in files:
            ignore += [_plain(w) for w in f.ignore]
            for group in f.words:
                canon = _plain(group[0])
                for variant in group:
                    words[_plain(variant)] = canon
            for entry in f.synonyms:
                if isinstance(entry, list):
                    group = tuple(_plain(w) for w in entry)
                    rules.append((group, group))
                else:
                    rules.append((tuple(_plain(w) for w in entry.when), tuple(_plain(w) for w in entry.add)))
        ignore = sorted({w for w in ignore if w}, key=len, reverse=True)
        words = {k: v for k, v in words.items() if k and v}
        rules = [(tuple(w for w in when if w), tuple(a for a in add if a)) for when, add in rules]
        return cls(tuple(ignore), words, tuple(r for r in rules if r[0] and r[1]))


def _plain(text: str) -> str:
    """A table entry normalised like the text it is matched against (separators removed)."""
    return normalize(text)[0].replace(_SEP, "")


def load_lexicon(root: Optional[Path]) -> Lexicon:
    """The bundled table, extended (or replaced) by ``root/synonyms.yaml`` when present."""
    from .model import SynonymsFile
    from .store import load_model

    files = []
    own = None
    if root is not None and os.path.lexists(Path(root) / SYNONYMS_FILE):
        own = load_model(Path(root), SYNONYMS_FILE, SynonymsFile)[0]
    if own is None or not own.replace_default:
        files.append(load_model(Path(__file__).resolve().parent, BUNDLED_SYNONYMS, SynonymsFile)[0])
    if own is not None:
        files.append(own)
    return Lexicon.from_files(files)


# ------------------------------------------------------------------ tokens


@dataclass(frozen=True)
class Token:
    term: str
    start: int  # in the normalised text
    end: int

    @property
    def size(self) -> int:
        return 0 if self.term.startswith(_WORD) else len(self.term)


def _longest_at(text: str, i: int, table, max_len: int) -> int:
    """Length of the longest entry of ``table`` starting at ``text[i]`` (0 if none)."""
    for n in range(min(max_len, len(text) - i), 0, -1):
        if text[i:i + n] in table:
            return n
    return 0


def word_spans(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Whole words in ``text`` (normalised): greedy, leftmost-longest, non-overlapping."""
    spans = []
    if not lex.words:
        return spans
    max_len = max(map(len, lex.words))
    i = 0
    while i < len(text):
        n = _longest_at(text, i, lex.words, max_len)
        if n:
            spans.append((i, i + n, lex.words[text[i:i + n]]))
            i += n
        else:
            i += 1
    return spans


def tokenize(text: str, lex: Lexicon, *, question: bool = False) -> tuple[list[Token], list[tuple[int, int]]]:
    """Terms of a normalised text, and the runs of text they were cut from.

    Whole words become one term each; question words (for a question) are dropped;
    the remaining runs of characters give their uni-, bi- and tri-grams.
    """
    free = [_is_word_char(c) for c in text]
    tokens: list[Token] = []
    for start, end, canon in word_spans(text, lex):
        tokens.append(Token(_WORD + canon, start, end))
        for k in range(start, end):
            free[k] = False
    if question and lex.ignore:
        ignore = set(lex.ignore)
        max_len = max(map(len, ignore))
        i = 0
        while i < len(text):
            n = _longest_at(text, i, ignore, max_len) if free[i] else 0
            if n and all(free[i:i + n]):
                for k in range(i, i + n):
                    free[k] = False
                i += n
            else:
                i += 1
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if not free[i]:
            i += 1
            continue
        j = i
        while j < len(text) and free[j]:
            j += 1
        runs.append((i, j))
        for n in GRAM_WEIGHT:
            for k in range(i, j - n + 1):
                tokens.append(Token(text[k:k + n], k, k + n))
        i = j
    return tokens, runs


# ------------------------------------------------------------------ the question


@dataclass
class Question:
    text: str
    weights: dict  # term → weight
    keywords: list  # the caller's words that are looked for
    expansions: list  # words added by the synonym table (after ranking: those the duties use)

    @classmethod
    def parse(cls, text: str, lex: Lexicon) -> "Question":
        norm, _ = normalize(text)
        tokens, runs = tokenize(norm, lex, question=True)
        weights: dict[str, float] = {}

        def add(term: str, weight: float) -> None:
            if weight > weights.get(term, 0.0):
                weights[term] = weight

        known = _known_spans(norm, lex)
        for tok in tokens:
            weight = _term_weight(tok)
            if tok.size > 1 and any(_crosses(tok.start, tok.end, ws, we) for ws, we in known):
                weight *= CROSSING_WEIGHT
            add(tok.term, weight)
        pieces = sorted([(s, e) for s, e in runs] + [(s, e) for s, e, _ in word_spans(norm, lex)])
        keywords = list(dict.fromkeys(norm[s:e] for s, e in pieces))
        # synonym triggers: not inside a longer whole word (营利 inside 非营利性 is not 营利)
        words = word_spans(norm, lex)

        def occurs(trigger: str) -> bool:
            start = norm.find(trigger)
            while start >= 0:
                end = start + len(trigger)
                if not any(ws <= start and end <= we and we - ws > end - start for ws, we, _ in words):
                    return True
                start = norm.find(trigger, start + 1)
            return False

        expansions: list[str] = []
        for when, added in lex.rules:
            if any(occurs(w) for w in when):
                for phrase in added:
                    if phrase in norm:
                        continue
                    expansions.append(phrase)
                    tokens = tokenize(phrase, lex)[0]
                    # a long phrase gives many n-grams: spread its weight so that an added
                    # phrase does not outweigh the caller's own words by its length alone
                    spread = math.sqrt(max(1, sum(1 for t in tokens if t.size == 2)))
                    for tok in tokens:
                        add(tok.term, _term_weight(tok) * EXPANSION_WEIGHT / spread)
        return cls(text, weights, keywords, list(dict.fromkeys(expansions)))


def _known_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Where the words the table knows occur in a question (overlaps allowed)."""
    spans = []
    for word in lex.vocabulary:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


def _crosses(start: int, end: int, ws: int, we: int) -> bool:
    """An n-gram that cuts through a known word: it overlaps it, neither holding the other."""
    return start < we and ws < end and not (start <= ws and we <= end) and not (ws <= start and end <= we)


def _term_weight(tok: Token) -> float:
    return WORD_WEIGHT if tok.size == 0 else GRAM_WEIGHT[tok.size]


# ------------------------------------------------------------------ the index


@dataclass
class Sentence:
    dept: int  # index of the department
    item: int  # 1-based number of the duty within its department
    text: str
    length: int
    tf: Counter
    spans: dict  # term → [(start, end)] in the original text
    norm: str = ""  # the normalised text


class Index:
    """BM25 over the duty sentences of a division of duties."""

    def __init__(self, departments: Sequence, lex: Lexicon) -> None:
        self.departments = list(departments)
        self.lex = lex
        self.sentences: list[Sentence] = []
        self.df: Counter = Counter()
        for d, dept in enumerate(self.departments):
            for item, text in enumerate(dept.duties, 1):
                norm, where = normalize(text)
                tokens, _ = tokenize(norm, lex)
                spans: dict[str, list[tuple[int, int]]] = {}
                for tok in tokens:
                    spans.setdefault(tok.term, []).append((where[tok.start], where[tok.end - 1] + 1))
                tf = Counter(tok.term for tok in tokens)
                length = sum(1 for c in norm if c != _SEP)
                self.sentences.append(Sentence(d, item, text, length, tf, spans, norm))
                self.df.update(tf.keys())
        self.n = len(self.sentences)
        self.avg_length = (sum(s.length for s in self.sentences) / self.n) if self.n else 1.0

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def distinctive(self, term: str) -> bool:
        """A term of two or more characters (or a whole word) found in few sentences."""
        return (not _is_unigram(term)) and 0 < self.df.get(term, 0) <= max(1, self.n * DISTINCTIVE_SHARE)

    def score(self, sentence: Sentence, question: Question) -> tuple[float, list[str]]:
        total = 0.0
        matched = []
        norm_len = K1 * (1 - B + B * sentence.length / self.avg_length)
        for term, weight in question.weights.items():
            tf = sentence.tf.get(term)
            if not tf:
                continue
            matched.append(term)
            total += weight * self.idf(term) * tf * (K1 + 1) / (tf + norm_len)
        return total, matched


def _is_unigram(term: str) -> bool:
    return len(term) == 1


# ------------------------------------------------------------------ ranking


@dataclass
class Hit:
    department: object  # model.Department
    score: float
    item: int  # deciding sentence (1-based), 0 when nothing matched
    sentence: str
    spans: list  # [(start, end)] of highlighted words in the sentence
    terms: list  # the highlighted words of the deciding sentence
    distinctive: bool  # the deciding sentence shares a distinctive word with the question


@dataclass
class Answer:
    question: Question
    ranking: list  # [Hit], best first
    found: bool

    @property
    def best(self) -> Optional[Hit]:
        return self.ranking[0] if self.found else None

    @property
    def runners_up(self) -> list:
        if not self.found:
            return []
        best = self.ranking[0].score
        return [h for h in self.ranking[1:1 + MAX_RUNNERS_UP]
                if h.score > 0 and h.score >= CLOSE_RATIO * best and h.distinctive]


def rank(departments: Sequence, question_text: str, lex: Lexicon, index: Optional[Index] = None) -> Answer:
    index = index or Index(departments, lex)
    question = Question.parse(question_text, lex)
    # show only the added words the duties actually use (the others cannot have mattered)
    question.expansions = [e for e in question.expansions if any(e in s.norm for s in index.sentences)]
    per_dept: dict[int, list[tuple[float, Sentence, list[str]]]] = {}
    for sentence in index.sentences:
        score, matched = index.score(sentence, question)
        per_dept.setdefault(sentence.dept, []).append((score, sentence, matched))
    hits = []
    for d, dept in enumerate(index.departments):
        scored = sorted(per_dept.get(d, []), key=lambda x: -x[0])
        if not scored or scored[0][0] <= 0:
            hits.append(Hit(dept, 0.0, 0, "", [], [], False))
            continue
        score = scored[0][0] + (SECOND_SENTENCE_BONUS * scored[1][0] if len(scored) > 1 else 0.0)
        _, sentence, matched = scored[0]
        spans = _highlights(index, sentence, matched)
        terms = list(dict.fromkeys(sentence.text[s:e] for s, e in spans))
        hits.append(Hit(dept, score, sentence.item, sentence.text, spans, terms,
                        any(index.distinctive(t) for t in matched)))
    order = sorted(range(len(hits)), key=lambda i: (-hits[i].score, i))
    ranking = [hits[i] for i in order]
    found = bool(ranking) and ranking[0].score > 0 and ranking[0].distinctive
    return Answer(question, ranking, found)


def _highlights(index: Index, sentence: Sentence, matched: list[str]) -> list[list[int]]:
    """Spans of the matched words worth showing: the rarest ones, else distinctive ones, else any."""
    rare = max(1, index.n * HIGHLIGHT_SHARE)
    chosen = [t for t in matched if index.distinctive(t) and index.df[t] <= rare]
    if not chosen:
        chosen = [t for t in matched if index.distinctive(t)]
    if not chosen:
        chosen = [t for t in matched if not _is_unigram(t)]
    spans = sorted(span for t in chosen for span in sentence.spans.get(t, []))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def ask(ds, question_text: str) -> Answer:
    """Rank the departments of a data set for a question."""
    return rank(ds.duties.departments, question_text, load_lexicon(ds.root))


# ------------------------------------------------------------------ validation


def check_synonyms(root: Path, collector) -> None:
    """``lianxi validate``: a data directory's own ``synonyms.yaml``, when it has one."""
    from .model import SynonymsFile
    from .store import read_document, validate_model

    if not os.path.lexists(Path(root) / SYNONYMS_FILE):
        return
    doc = read_document(Path(root), SYNONYMS_FILE, collector)
    if doc is None:
        return
    table = validate_model(doc, SynonymsFile, collector)
    if table is None:
        return
    for i, entry in enumerate(table.ignore):
        if not _plain(entry):
            collector.add(doc.problem("提问用语只含标点或空白，无法使用", ("ignore", i), rule="synonyms"))
    seen: dict[str, int] = {}
    for i, group in enumerate(table.words):
        for k, word in enumerate(group):
            key = _plain(word)
            path = ("words", i, k)
            if not key:
                collector.add(doc.problem("整词只含标点或空白，无法使用", path, rule="synonyms"))
            elif key in seen and seen[key] != i:
                line = doc.locate(("words", seen[key]))[0]
                collector.add(doc.problem(f"整词“{word}”已在第 {line} 行的另一组中出现，一个词只能属于一组",
                                          path, rule="synonyms"))
            else:
                seen[key] = i
    for i, entry in enumerate(table.synonyms):
        items = [((i, k), w) for k, w in enumerate(entry)] if isinstance(entry, list) else \
            [((i, part, k), w) for part in ("when", "add") for k, w in enumerate(getattr(entry, part))]
        for sub, word in items:
            if not _plain(word):
                collector.add(doc.problem("同义词只含标点或空白，无法使用", ("synonyms",) + sub, rule="synonyms"))


# ------------------------------------------------------------------ views (the --json shape)


def _hit_view(ds, hit: Hit, best_score: float) -> dict:
    from .views import unit_ref

    return {
        "id": hit.department.id,
        "name": hit.department.name,
        "unit": unit_ref(ds, hit.department.unit),
        "score": round(hit.score, 3),
        "relative": round(hit.score / best_score, 3) if best_score > 0 else 0.0,
        "item": hit.item or None,
        "sentence": hit.sentence or None,
        "spans": hit.spans,
        "terms": hit.terms,
    }


def answer_view(ds, answer: Answer, day) -> dict:
    """The answer as plain data: what ``lianxi who --json`` prints."""
    from .views import department_view

    top = answer.ranking[0].score if answer.ranking else 0.0
    best = None
    if answer.best is not None:
        hit = answer.best
        best = department_view(ds, hit.department, day)
        best.update({k: v for k, v in _hit_view(ds, hit, top).items() if k not in ("id", "name", "unit")})
    return {
        "question": answer.question.text,
        "keywords": answer.question.keywords,
        "expansions": answer.question.expansions,
        "found": answer.found,
        "as_of": day.isoformat(),
        "best": best,
        "runners_up": [_hit_view(ds, h, top) for h in answer.runners_up],
        "ranking": [dict(_hit_view(ds, h, top), rank=n) for n, h in enumerate(answer.ranking, 1)],
    }
