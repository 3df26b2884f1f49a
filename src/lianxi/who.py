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
import re
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
RELATED_WEIGHT = 0.6  # duty words reached through 词林 (times the link's own weight)
HOMOPHONE_WEIGHT = 0.5  # a two-character piece of the duties that sounds like the caller's
NEGATED_FACTOR = 0.1  # a department the caller rules out keeps this share of its score
SUBJECT_SHARE = 0.4  # a term found in at least this share of the sentences is the subject itself
LEARNED_SIMILAR = 0.6  # a confirmed question this similar (bigram Dice) to the caller's counts
SUBJECT_WEIGHT = 0.3  # weight of the subject's own terms (婴幼儿照护服务) in the ranking
SHARED_RATIO = 0.5  # a department reaching this share of the best score may share the matter
SCOPE_POINTS = 2.5  # distinctive words (not the subject's) score this much in the best sentence: inside the subject
# confidence (calibrated on tests/who_questions.py, see docs/who.md): from the first's lead over the
# second and the absolute strength of the deciding sentence (points of distinctive words, not the subject's)
HIGH_MARGIN = 0.5
HIGH_STRENGTH = 4.0
MID_STRENGTH = 2.0

# single characters: general Chinese function characters say nothing about a matter; a character
# inside a longer word the question uses (托 in 托育园, 指 in 指导) is that word's, not a matter of its own
FUNCTION_CHARS = frozenset("的地得了着过是在有和与及或并我你他她它们这那哪谁啥么吗呢吧啊呀嘛就都也还又很太更再才"
                           "把被给让叫对向从到去来上下里中后前能会要想该可以没不无别但而且如果因为所以一二两三几个"
                           "点些多少大小开办做干搞弄说讲看找问管查好老")
FUNCTION_FACTOR = 0.2
INSIDE_WORD_FACTOR = 0.4
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
    general: int = -1  # the first this many rules are the bundled general table's (-1: all of them)

    @cached_property
    def vocabulary(self) -> frozenset:
        """Every word of two or more characters the table knows: a light word boundary hint."""
        words = set(self.words)
        for when, add in self.rules:
            words.update(when)
            words.update(add)
        return frozenset(w for w in words if len(w) > 1)

    def office(self, k: int) -> bool:
        """Rule ``k`` comes from the data directory's own table (this joint meeting's words)."""
        return 0 <= self.general <= k

    @classmethod
    def from_files(cls, files: Sequence, general: int = -1) -> "Lexicon":
        """Merge SynonymsFile models in order (later ones extend earlier ones); the first
        ``general`` files are the bundled general table (-1: all)."""
        ignore: list[str] = []
        words: dict[str, str] = {}
        rules: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        first_office = -1
        for n, f in enumerate(files):
            if n == general:
                first_office = len(rules)
            ignore += [plain(w) for w in f.ignore]
            for group in f.words:
                canon = plain(group[0])
                for variant in group:
                    words[plain(variant)] = canon
            for entry in f.synonyms:
                if isinstance(entry, list):
                    group = tuple(plain(w) for w in entry)
                    rules.append((group, group))
                else:
                    rules.append((tuple(plain(w) for w in entry.when), tuple(plain(w) for w in entry.add)))
        ignore = sorted({w for w in ignore if w}, key=len, reverse=True)
        words = {k: v for k, v in words.items() if k and v}
        cleaned = [(k, (tuple(w for w in when if w), tuple(a for a in add if a))) for k, (when, add) in enumerate(rules)]
        kept = [(k, r) for k, r in cleaned if r[0] and r[1]]
        split = -1 if first_office < 0 else sum(1 for k, _ in kept if k < first_office)
        return cls(tuple(ignore), words, tuple(r for _, r in kept), split)


def plain(text: str) -> str:
    """A table entry normalised like the text it is matched against (separators removed)."""
    return normalize(text)[0].replace(_SEP, "")


def load_lexicon(root: Optional[Path], *, own_table: bool = True) -> Lexicon:
    """The bundled table, extended (or replaced) by ``root/synonyms.yaml`` when present
    (``own_table=False``: the bundled table alone, to measure the method without the office's words)."""
    from .model import SynonymsFile
    from .store import load_model

    files = []
    own = None
    if own_table and root is not None and os.path.lexists(Path(root) / SYNONYMS_FILE):
        own = load_model(Path(root), SYNONYMS_FILE, SynonymsFile)[0]
    if own is None or not own.replace_default:
        files.append(load_model(Path(__file__).resolve().parent, BUNDLED_SYNONYMS, SynonymsFile)[0])
    general = len(files)
    if own is not None:
        files.append(own)
    return Lexicon.from_files(files, general if own is not None else -1)


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
    origins: dict = field(default_factory=dict)  # term → "own", "table" (general), "office", or how it was reached
    related: list = field(default_factory=list)  # [(caller's word, duty word)] through 词林
    homophones: list = field(default_factory=list)  # [(caller's piece, duty piece)]
    linked: bool = False  # the question names the joint meeting's subject (or a synonym of it)

    def add(self, term: str, weight: float, origin: str) -> None:
        if weight > self.weights.get(term, 0.0):
            self.weights[term] = weight
            self.origins[term] = origin

    @classmethod
    def parse(cls, text: str, lex: Lexicon, words: frozenset = frozenset()) -> "Question":
        norm, _ = normalize(text)
        tokens, runs = tokenize(norm, lex, question=True)
        q = cls(text, {}, [], [])
        known = _known_spans(norm, lex)
        for tok in tokens:
            weight = _term_weight(tok)
            if tok.size > 1 and any(_crosses(tok.start, tok.end, ws, we) for ws, we in known):
                weight *= CROSSING_WEIGHT
            q.add(tok.term, weight, "own")
        pieces = sorted([(s, e) for s, e in runs] + [(s, e) for s, e, _ in word_spans(norm, lex)])
        q.keywords = list(dict.fromkeys(norm[s:e] for s, e in pieces))
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
        for k, (when, added) in enumerate(lex.rules):
            origin = "office" if lex.office(k) else "table"
            if any(occurs(w) for w in when):
                for phrase in added:
                    if phrase in norm:
                        continue
                    expansions.append(phrase)
                    tokens = tokenize(phrase, lex)[0]
                    # pieces of an added phrase that cut through its own words (欠工 in 拖欠|工资) weigh less
                    inner = [(k, k + n) for n in range(2, 5) for k in range(len(phrase) - n + 1)
                             if phrase[k:k + n] in words or phrase[k:k + n] in lex.vocabulary]
                    if inner and len(phrase) > 2:
                        tokens = [t for t in tokens if t.size < 2
                                  or not any(_crosses(t.start, t.end, ws, we) for ws, we in inner)]
                    # a long phrase gives many n-grams: spread its weight so that an added
                    # phrase does not outweigh the caller's own words by its length alone
                    spread = math.sqrt(max(1, sum(1 for t in tokens if t.size == 2)))
                    for tok in tokens:
                        q.add(tok.term, _term_weight(tok) * EXPANSION_WEIGHT / spread, origin)
        q.expansions = list(dict.fromkeys(expansions))
        return q


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

    @cached_property
    def related(self):
        from .relate import for_texts

        return for_texts(s.norm for s in self.sentences)

    def subject_terms(self, subject: str) -> frozenset:
        key = "_subject:" + subject
        cached = self.__dict__.get(key)
        if cached is None:
            cached = self.__dict__[key] = _subject_terms(self, subject)
        return cached

    def contributions(self, sentence: Sentence, question: Question) -> list:
        """[(term, origin, points)] of the question's terms found in a sentence, largest first."""
        out = []
        norm_len = K1 * (1 - B + B * sentence.length / self.avg_length)
        for term, weight in question.weights.items():
            tf = sentence.tf.get(term)
            if tf:
                out.append((term, question.origins.get(term, "own"),
                            weight * self.idf(term) * tf * (K1 + 1) / (tf + norm_len)))
        return sorted(out, key=lambda x: -x[2])

    def idf(self, term: str) -> float:
        memo = self.__dict__.get("_idf")
        if memo is None:  # asked for every sentence a term is in: computed once per term
            memo = self.__dict__["_idf"] = {}
        value = memo.get(term)
        if value is None:
            df = self.df.get(term, 0)
            value = memo[term] = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
        return value

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
    role: Optional[str] = None  # 主责 / 配合 as the deciding sentence words it, else None
    contributions: list = field(default_factory=list)  # [(term, origin, points)] of the deciding sentence
    negated: bool = False  # the caller ruled this department out
    learned: bool = False  # an answer the office confirmed for a like question


@dataclass
class Answer:
    question: Question
    ranking: list  # [Hit], best first
    found: bool
    in_scope: bool = True
    confidence: str = "低"  # 高 / 中 / 低
    subject: str = ""  # the joint meeting's subject, as the charter names it
    negations: list = field(default_factory=list)  # [(cue, department name)]
    learned: Optional[dict] = None  # the confirmed answer used: {"question", "department", "similarity"}
    shared: bool = False  # the best two split the matter: one leads, the other cooperates
    margin: float = 0.0
    own_share: float = 0.0
    strength: float = 0.0  # points of the deciding sentence from distinctive words other than the subject

    @property
    def best(self) -> Optional[Hit]:
        return self.ranking[0] if self.found else None

    @property
    def runners_up(self) -> list:
        if not self.found:
            return []
        best = self.ranking[0].score
        return [h for h in self.ranking[1:1 + MAX_RUNNERS_UP]
                if h.score > 0 and h.score >= CLOSE_RATIO * best and h.distinctive and not h.negated]

    def shown_ids(self) -> list:
        return [h.department.id for h in ([self.ranking[0]] + self.runners_up)] if self.found else []


_LEAD = re.compile("牵头|负责|主管|统筹|协调")
_COOPERATE = re.compile("配合|协助|参与|协同")


def role_of(sentence: str) -> Optional[str]:
    """主责 when the sentence leads (牵头、负责…), 配合 when it cooperates (配合、协助、参与…)."""
    if _COOPERATE.search(sentence):
        return "配合"
    if _LEAD.search(sentence):
        return "主责"
    return None


# -- negation: the caller rules a department out ("不是…", "不归…", "除了…", "不找…")

NEGATION_CUES = ("不是由", "不是归", "不归", "不属于", "不是", "不找", "除了", "不由", "并非", "不用找", "不要找", "别找")
_NAME_SUFFIXES = ("部门", "组织", "机构", "协会")
_UNIT_AFFIXES = re.compile(r"^(某县|某区|某市|[区县市])|(分局|局|大队|中心|办公室|办|委员会|委)$")


def department_names(ds_or_departments, units: Optional[dict] = None) -> list:
    """[(normalised name, department index)] by which a caller may name a department, longest first."""
    departments = list(ds_or_departments)
    names = []
    for d, dept in enumerate(departments):
        forms = set()
        for name in dept.all_names():
            forms.add(name)
            for suffix in _NAME_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    forms.add(name[:-len(suffix)])
        unit = (units or {}).get(dept.unit)
        if unit is not None:
            for name in (unit.name, unit.short_name, *getattr(unit, "aliases", [])):
                if name:
                    forms.add(name)
                    core = _UNIT_AFFIXES.sub("", _UNIT_AFFIXES.sub("", name))
                    if len(core) >= 2:
                        forms.add(core)
        names += [(plain(f), d) for f in forms if len(plain(f)) >= 2]
    return sorted(set(names), key=lambda x: (-len(x[0]), x[1]))


def find_negations(norm: str, names: list) -> list:
    """[(start, end, department index, cue)] of "不是 X" and the like in a normalised question."""
    found = []
    for cue in NEGATION_CUES:
        start = norm.find(cue)
        while start >= 0:
            after = start + len(cue)
            if not any(s <= start < e for s, e, _, _ in found):
                for skip in (0, 1):  # "不归区X局", "不是由" …
                    hit = next(((n, d) for n, d in names if norm.startswith(n, after + skip)), None)
                    if hit:
                        found.append((start, after + skip + len(hit[0]), hit[1], cue))
                        break
            start = norm.find(cue, start + 1)
    return found


# -- the joint meeting's subject

_GENERIC = frozenset(["工作", "服务", "管理", "发展", "建设", "问题", "负责", "开展", "相关", "依法", "指导",
                      "做好", "推进", "支持", "落实", "有关", "各类", "进行", "组织", "部门", "单位", "机构"])
_MEETING_SUFFIX = re.compile(r"(工作)?联席会议(制度)?$")


def subject_of(charter) -> str:
    """The subject a joint meeting's name gives: 泉港区婴幼儿照护服务工作联席会议 → 婴幼儿照护服务."""
    if charter is None:
        return ""
    name = _MEETING_SUFFIX.sub("", charter.name)
    region = getattr(charter, "region", None)
    if region and name.startswith(region):
        name = name[len(region):]
    else:
        name = re.sub(r"^(某|本)?[\u4e00-\u9fff]{0,3}?[省市县区](?=[\u4e00-\u9fff]{2})", "", name, count=1)
    return name


def _names_subject(norm: str, subject: str, lex: Lexicon) -> bool:
    """The question uses a word the word table leads to the subject, directly or through another
    entry (托儿所 → 托育 ↔ 婴幼儿照护 ⊂ 婴幼儿照护服务)."""
    if not subject or not lex.rules:
        return False
    key = plain(subject)
    words: set[str] = set()
    for _ in range(3):
        grown = False
        for when, added in lex.rules:
            if any(len(a) > 1 and (a in key or a in words) for a in added):
                for w in when:
                    if w not in words:
                        words.add(w)
                        grown = True
        if not grown:
            break
    return any(len(w) > 1 and w in norm for w in words)


def _subject_terms(index: "Index", subject: str) -> frozenset:
    """Terms that stand for the subject: found in most duty sentences, or pieces of the subject's name."""
    terms = {t for t, df in index.df.items()
             if not _is_unigram(t) and df >= max(2, index.n * SUBJECT_SHARE) and t.lstrip(_WORD) not in _GENERIC}
    norm = plain(subject)
    for n in (2, 3):
        for k in range(len(norm) - n + 1):
            if norm[k:k + n] not in _GENERIC:
                terms.add(norm[k:k + n])
    for word in index.related.duty_words:
        if word in norm and word not in _GENERIC:
            terms.add(word)
    return frozenset(terms)


# -- relatedness (词林, homophones) and confirmed answers


def _expand(question: Question, norm: str, index: "Index") -> None:
    """Add the duty words that 词林 relates to the caller's words, and homophone pieces."""
    rel = index.related
    spans = [(s, e) for s, e in _free_runs(norm, index.lex)]
    covered = _table_covered(norm, index.lex)
    inside = _inside_words(norm, index)
    for s, e in spans:
        run = norm[s:e]
        for i in range(len(run)):
            for n in range(4, 0, -1):
                word = run[i:i + n]
                if len(word) < n:
                    continue
                if word in _GENERIC:
                    continue
                # the word table's reading of a word comes before 词林's (托儿所 is 托育, not 幼儿园)
                if any(cs <= s + i and s + i + n <= ce for cs, ce in covered):
                    continue
                # a single character only on its own, and only a character with meaning (欠, 税; not 办, 行 of 行业)
                if n == 1 and (word in FUNCTION_CHARS or inside[s + i]):
                    continue
                for duty, weight in rel.related(word):
                    if duty in norm or duty in _GENERIC:
                        continue
                    tokens = tokenize(duty, index.lex)[0]
                    spread = math.sqrt(max(1, sum(1 for t in tokens if t.size == 2)))
                    used = False
                    for tok in tokens:
                        if tok.size < 2 and tok.size != 0:
                            continue
                        if tok.term in index.df:
                            used = True
                            question.add(tok.term, _term_weight(tok) * RELATED_WEIGHT * weight / spread,
                                         f"{word}≈{duty}")
                    if used:
                        question.related.append((word, duty))
        if rel.homophones:
            for k in range(len(run) - 1):
                pair = run[k:k + 2]
                if pair in index.df:
                    continue
                for a in rel.homophones.get(pair[0], "") + pair[0]:
                    for b in rel.homophones.get(pair[1], "") + pair[1]:
                        alt = a + b
                        if alt != pair and alt in index.df and (a == pair[0]) != (b == pair[1]) \
                                and (index.df[alt] >= 2 or any(alt in w for w in rel.duty_words)):
                            question.add(alt, GRAM_WEIGHT[2] * HOMOPHONE_WEIGHT, f"{pair}→{alt}（音近）")
                            question.homophones.append((pair, alt))


def _inside_words(norm: str, index: "Index") -> list:
    """For each character of the question: does it lie inside a longer word (of the word table,
    of the duties, or of 词林 leading to the duties)?"""
    rel = index.related
    known = index.lex.vocabulary
    inside = [False] * len(norm)
    for i in range(len(norm)):
        for n in range(2, 5):
            piece = norm[i:i + n]
            if len(piece) == n and (piece in known or piece in rel.duty_words or piece in rel.words):
                for k in range(i, i + n):
                    inside[k] = True
    return inside


def _damp_unigrams(question: Question, norm: str, index: "Index") -> None:
    """Single characters weigh less when they are function characters or lie inside a longer word
    of the question (a word of the word table, of 词林 leading to the duties, or of the duties)."""
    inside = _inside_words(norm, index)
    alone: dict[str, bool] = {}
    for i, c in enumerate(norm):
        alone[c] = alone.get(c, False) or not inside[i]
    for term in list(question.weights):
        if len(term) != 1 or question.origins.get(term) != "own":
            continue
        if term in FUNCTION_CHARS:
            question.weights[term] *= FUNCTION_FACTOR
        elif not alone.get(term, True):
            question.weights[term] *= INSIDE_WORD_FACTOR


def _table_covered(norm: str, lex: Lexicon) -> list:
    """Spans of the question the word table reads itself: whole words and words that trigger a rule."""
    spans = [(s, e) for s, e, _ in word_spans(norm, lex)]
    for when, _ in lex.rules:
        for w in when:
            start = norm.find(w)
            while start >= 0:
                spans.append((start, start + len(w)))
                start = norm.find(w, start + 1)
    return spans


def _free_runs(norm: str, lex: Lexicon) -> list:
    return tokenize(norm, lex, question=True)[1]


def _bigrams(text: str) -> set:
    text = text.replace(_SEP, "")
    return {text[i:i + 2] for i in range(len(text) - 1)}


def question_key(text: str, lex: Lexicon) -> str:
    """A question without its question words and punctuation: how confirmed answers are matched."""
    norm, _ = normalize(text)
    _, runs = tokenize(norm, lex, question=True)
    words = word_spans(norm, lex)
    pieces = sorted([(s, e) for s, e in runs] + [(s, e) for s, e, _ in words])
    return "".join(norm[s:e] for s, e in pieces)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two question keys (1.0 when equal)."""
    if a == b:
        return 1.0
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def rank(departments: Sequence, question_text: str, lex: Lexicon, index: Optional[Index] = None, *,
         charter=None, units: Optional[dict] = None, learned: Sequence = (),
         names: Optional[list] = None, detail: Optional[int] = None) -> Answer:
    """``names``: :func:`department_names` of the index's departments, when the caller keeps them;
    ``detail``: only the best ``detail`` departments get their highlights, word points and
    distinctiveness (the others rank by score alone, as not distinctive) — for an index over many
    joint meetings, where hundreds of departments match some common word."""
    index = index or Index(departments, lex)
    norm, _ = normalize(question_text)
    # the caller rules departments out: lower them, and do not look for the words that name them
    negations = find_negations(norm, names if names is not None else department_names(index.departments, units))
    negated = {d for _, _, d, _ in negations}
    text = question_text
    if negations:
        chars = list(norm)
        for start, end, _, _ in negations:
            for k in range(start, end):
                chars[k] = "，"
        text = "".join(chars)
    question = Question.parse(text, lex, index.related.duty_words)
    question.text = question_text
    _damp_unigrams(question, normalize(text)[0], index)
    _expand(question, normalize(text)[0], index)
    # show only the added words the duties actually use (the others cannot have mattered)
    question.expansions = [e for e in question.expansions if any(e in s.norm for s in index.sentences)]
    subject = subject_of(charter)
    subject_terms = index.subject_terms(subject)
    question.linked = any(t in subject_terms for t, w in question.weights.items()
                          if w >= 0.3 and not _is_unigram(t)) or _names_subject(norm, subject, lex)
    for term in list(question.weights):  # the subject itself does not tell departments apart
        if term in subject_terms:
            question.weights[term] *= SUBJECT_WEIGHT
    per_dept: dict[int, list[tuple[float, Sentence, list[str]]]] = {}
    for sentence in index.sentences:
        score, matched = index.score(sentence, question)
        per_dept.setdefault(sentence.dept, []).append((score, sentence, matched))
    hits = []
    full = None  # detail: only the departments scoring in the top `detail` get highlights and word points
    if detail is not None:
        totals = {}
        for d, found_here in per_dept.items():
            best = sorted((x[0] for x in found_here), reverse=True)
            if best and best[0] > 0:
                total = best[0] + (SECOND_SENTENCE_BONUS * best[1] if len(best) > 1 else 0.0)
                totals[d] = total * (NEGATED_FACTOR if d in negated else 1.0)
        full = set(sorted(totals, key=lambda d: (-totals[d], d))[:detail])
    for d, dept in enumerate(index.departments):
        scored = sorted(per_dept.get(d, []), key=lambda x: -x[0])
        if not scored or scored[0][0] <= 0:
            hits.append(Hit(dept, 0.0, 0, "", [], [], False, negated=d in negated))
            continue
        score = scored[0][0] + (SECOND_SENTENCE_BONUS * scored[1][0] if len(scored) > 1 else 0.0)
        _, sentence, matched = scored[0]
        if full is not None and d not in full:  # far down the ranking: its score and sentence only
            hit = Hit(dept, score, sentence.item, sentence.text, [], [], False, role_of(sentence.text), [],
                      d in negated)
            if hit.negated:
                hit.score *= NEGATED_FACTOR
            hits.append(hit)
            continue
        spans = _highlights(index, sentence, matched)
        terms = list(dict.fromkeys(sentence.text[s:e] for s, e in spans))
        hit = Hit(dept, score, sentence.item, sentence.text, spans, terms,
                  any(index.distinctive(t) and t not in subject_terms for t in matched),
                  role_of(sentence.text), index.contributions(sentence, question), d in negated)
        if hit.negated:
            hit.score *= NEGATED_FACTOR
        hits.append(hit)
    # answers the office confirmed: the same question decides; a like one adds to its department
    used = None
    key = question_key(question_text, lex)
    top = max((h.score for h in hits), default=0.0)
    for entry in learned:
        sim = similarity(key, question_key(entry.question, lex))
        if sim >= LEARNED_SIMILAR and (used is None or sim > used["similarity"]):
            d = next((i for i, dep in enumerate(index.departments) if dep.id == entry.department), None)
            if d is not None and d not in negated:
                used = {"question": entry.question, "department": entry.department, "similarity": round(sim, 3),
                        "index": d}
    if used is not None:
        hit = hits[used.pop("index")]
        hit.learned = True
        hit.score = max(hit.score, top) + max(top, 1.0) * used["similarity"]
        hit.distinctive = True
        if not hit.sentence:
            hit.item, hit.sentence = 1, hit.department.duties[0]
    order = sorted(range(len(hits)), key=lambda i: (-hits[i].score, i))
    ranking = [hits[i] for i in order]
    # something to go on: a distinctive word, or the subject named with some word of the duties
    found = bool(ranking) and ranking[0].score > 0 and not ranking[0].negated and (
        ranking[0].distinctive or (question.linked and any(
            t not in subject_terms for t, _, _ in ranking[0].contributions)))
    answer = Answer(question, ranking, found, subject=subject, learned=used,
                    negations=[(cue, index.departments[d].name) for _, _, d, cue in negations])
    if found:
        _shared(answer, index, subject_terms)
        _judge(answer, index, subject_terms, norm)
    return answer


def _shared(answer: Answer, index: "Index", subject_terms: frozenset) -> None:
    """A matter the duties split: the one that leads goes first, the one that cooperates is shown too."""
    best = answer.ranking[0]
    if best.learned:
        return
    matter = {t for t, _, _ in best.contributions if index.distinctive(t) and t not in subject_terms}
    for k, hit in enumerate(answer.ranking[1:1 + MAX_RUNNERS_UP], 1):
        if hit.negated or not hit.distinctive or hit.score < SHARED_RATIO * best.score:
            continue
        # the same matter: both deciding sentences matched a distinctive word of the question
        if not matter & {t for t, _, _ in hit.contributions}:
            continue
        if {best.role, hit.role} == {"主责", "配合"}:
            answer.shared = True
            # the one that leads goes first only when it answers nearly as well
            if best.role == "配合" and hit.score >= CLOSE_RATIO * best.score:
                answer.ranking[0], answer.ranking[k] = hit, best
            lead = answer.ranking[0]
            for h in answer.ranking[1:1 + MAX_RUNNERS_UP]:  # the cooperating ones are shown
                if h.role == "配合" and h.distinctive and not h.negated and h.score < CLOSE_RATIO * lead.score:
                    h.score = CLOSE_RATIO * lead.score
            return


def _judge(answer: Answer, index: "Index", subject_terms: frozenset, norm: str) -> None:
    """Scope and confidence, from how the best department was reached."""
    best = answer.ranking[0]
    second = answer.ranking[1].score if len(answer.ranking) > 1 else 0.0
    answer.margin = (best.score - second) / best.score if best.score > 0 else 0.0
    points = sum(p for _, _, p in best.contributions) or 1.0
    own = sum(p for t, origin, p in best.contributions
              if origin == "own" and t not in subject_terms and index.distinctive(t))
    answer.own_share = own / points
    answer.strength = sum(p for t, _, p in best.contributions if t not in subject_terms and index.distinctive(t))
    linked = answer.question.linked
    if answer.learned is not None:
        answer.in_scope = True
        answer.confidence = "高" if answer.learned["similarity"] >= 0.999 else "中"
        return
    # inside the subject: the question names it, or it matches some duty well even without naming it
    # (the caller's words, the office's own table, what 词林 or the readings lead to; the general
    # table's one-way additions, such as 公司 → 营利性, do not make a question the joint meeting's)
    reach = sum(p for t, origin, p in best.contributions
                if origin != "table" and t not in subject_terms and index.distinctive(t))
    answer.in_scope = linked or reach >= SCOPE_POINTS
    if not answer.in_scope:
        answer.confidence = "低"
    elif not best.distinctive:
        answer.confidence = "低"
    elif answer.margin >= HIGH_MARGIN and answer.strength >= HIGH_STRENGTH:
        answer.confidence = "高"
    elif answer.strength >= MID_STRENGTH:
        answer.confidence = "中"
    else:
        answer.confidence = "低"


def _sentence_spans(index: Index, sentence: Sentence) -> dict:
    """A sentence's term spans again, as Index builds them (an index may be stored without them)."""
    norm, where = normalize(sentence.text)
    tokens, _ = tokenize(norm, index.lex)
    spans: dict[str, list[tuple[int, int]]] = {}
    for tok in tokens:
        spans.setdefault(tok.term, []).append((where[tok.start], where[tok.end - 1] + 1))
    sentence.spans = spans
    return spans


def _highlights(index: Index, sentence: Sentence, matched: list[str]) -> list[list[int]]:
    """Spans of the matched words worth showing: the rarest ones, else distinctive ones, else any."""
    rare = max(1, index.n * HIGHLIGHT_SHARE)
    chosen = [t for t in matched if index.distinctive(t) and index.df[t] <= rare]
    if not chosen:
        chosen = [t for t in matched if index.distinctive(t)]
    if not chosen:
        chosen = [t for t in matched if not _is_unigram(t)]
    spans_of = sentence.spans if sentence.spans is not None else _sentence_spans(index, sentence)
    spans = sorted(span for t in chosen for span in spans_of.get(t, []))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def ask(ds, question_text: str, *, own_table: bool = True) -> Answer:
    """Rank the departments of a data set for a question."""
    lex = load_lexicon(ds.root, own_table=own_table)
    try:
        charter = ds.charter
    except Exception:  # noqa: BLE001 - a data set without a charter has no stated subject
        charter = None
    units = {u.id: u for u in ds.members.units}
    return rank(ds.duties.departments, question_text, lex, charter=charter, units=units,
                learned=load_answers(ds.root).answers)


# ------------------------------------------------------------------ confirmed answers (the office's: who_answers)

ANSWERS_FILE = "who_answers.yaml"
ANSWERS_COMMENT = """# lianxi who 的确认答案：办公室确认过的“问题 → 部门”。lianxi who learn "问题" 部门 追加，
# lianxi who forget "问题"（或 lianxi who learn --undo "问题"）删除；也可以手工编辑，lianxi validate 会检查。"""


def load_answers(root: Optional[Path], collector=None):
    """The confirmed answers of a data directory (an empty file model when it has none)."""
    from .model import WhoAnswersFile

    if root is None or not (Path(root) / ANSWERS_FILE).exists():
        return WhoAnswersFile()
    from .store import load_optional

    return load_optional(Path(root), ANSWERS_FILE, WhoAnswersFile, collector)[0]


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
        if not plain(entry):
            collector.add(doc.problem("提问用语只含标点或空白，无法使用", ("ignore", i), rule="synonyms"))
    seen: dict[str, int] = {}
    for i, group in enumerate(table.words):
        for k, word in enumerate(group):
            key = plain(word)
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
            if not plain(word):
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
    if answer.found:
        hit = answer.ranking[0]
        best = department_view(ds, hit.department, day)
        best.update({k: v for k, v in _hit_view(ds, hit, top).items() if k not in ("id", "name", "unit")})
        best["role"] = hit.role
    answered = answer.found and answer.in_scope
    return {
        "question": answer.question.text,
        "keywords": answer.question.keywords,
        "expansions": answer.question.expansions,
        "found": answered,
        "in_scope": answer.in_scope if answer.found else None,
        "subject": answer.subject or None,
        "confidence": answer.confidence if answer.found else None,
        "guess": best if answer.found and not answer.in_scope else None,
        "as_of": day.isoformat(),
        "best": best if answered else None,
        "shared": answer.shared,
        "runners_up": [dict(_hit_view(ds, h, top), role=h.role) for h in answer.runners_up] if answered else [],
        "negated": [name for _, name in answer.negations],
        "learned": answer.learned,
        "explain": explain_view(answer),
        "ranking": [dict(_hit_view(ds, h, top), rank=n) for n, h in enumerate(answer.ranking, 1)],
    }


ORIGIN_NAMES = {"own": "提问原词", "table": "通用词表", "office": "本会词表"}


def explain_view(answer: Answer) -> dict:
    """Which words decided: the best departments' points by word and how each word was reached."""
    rows = []
    for hit in answer.ranking[:3]:
        if hit.score <= 0:
            continue
        rows.append({
            "id": hit.department.id, "name": hit.department.name, "score": round(hit.score, 3),
            "negated": hit.negated, "learned": hit.learned,
            "words": [{"term": t.replace(_WORD, ""), "via": ORIGIN_NAMES.get(o, o), "points": round(p, 3)}
                      for t, o, p in hit.contributions[:8] if p >= 0.05],
        })
    return {
        "related": [f"{a}≈{b}" for a, b in dict.fromkeys(answer.question.related)],
        "homophones": [f"{a}→{b}" for a, b in dict.fromkeys(answer.question.homophones)],
        "subject_named": answer.question.linked,
        "margin": round(answer.margin, 3),
        "own_share": round(answer.own_share, 3),
        "departments": rows,
    }


# ------------------------------------------------------------------ teaching: learn / forget
