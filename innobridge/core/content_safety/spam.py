"""Injected spam: SEO keywords left by whoever compromised a source site.

Each line is scored with a weighted multilingual lexicon (data/spam_terms.txt), and only a
line with several terms adding up to a threshold is flagged, so one everyday word (精品,
free, casino in a report about a casino) never flags a business text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from innobridge.core.content_safety.common import DATA_DIR, SPAM, Flag, text_lines, to_simplified

SPAM_TERMS_FILE = DATA_DIR / "spam_terms.txt"

# A line is spam when at least two different terms add up to the threshold; a term repeated
# over and over counts only twice, so one word stuffed ten times is not enough on its own.
SPAM_THRESHOLD = 3.0
SPAM_MIN_DISTINCT_TERMS = 2
SPAM_MAX_REPEATS = 2
# Comma-separated keyword lists and 久久久久-style repeats are how SEO spam looks.
SPAM_STUFFING_BONUS = 1.0
STUFFING_MAX_PHRASE = 15
# Sentences whose own terms weigh less than this (one "free") do not widen a spam flag.
SPAM_SENTENCE_MIN_WEIGHT = 1.0

_SENTENCE_END_RE = re.compile(r"[。！？!?]+[”’\"'」』）)]*\s*|\.(?:\s+|$)")
_REPEATED_HAN_RE = re.compile(r"([\u4e00-\u9fff])\1\1")
_TERM_SEPARATOR_RE = re.compile(r"[\s\-]+")
# Commas and the like separate listed keywords, and so does white space between Han.
_LIST_SEPARATOR_RE = re.compile(r"[,，、|/]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_ARABIC_MARKS_RE = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_ARABIC_ALEF = str.maketrans("أإآ", "ااا")
# A letter or digit of an alphabetic script: any word character but the underscore, Han and
# kana. A spam term in an alphabetic script must not touch one on either side.
_LETTER = r"[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"


@dataclass(frozen=True)
class _Term:
    text: str
    weight: float
    category: str


@dataclass(frozen=True)
class _Lexicon:
    """The spam terms, keyed by their folded text, and one regex that finds them all."""

    terms: dict[str, _Term]
    categories: tuple[str, ...]
    pattern: re.Pattern[str]


def find_spam(text: str) -> list[Flag]:
    """Spam is scored per line: injected keywords arrive as a title or a line of their own."""
    flags = (_spam_flag(text, start, line) for start, line in text_lines(text))
    return [flag for flag in flags if flag is not None]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _fold_for_spam(text: str) -> str:
    """Fold text the way the lexicon is written, so 無碼 matches 无码 and PORN matches porn."""
    text = to_simplified().convert(unicodedata.normalize("NFKC", text)).casefold()
    return _ARABIC_MARKS_RE.sub("", text).translate(_ARABIC_ALEF)


def _term_key(text: str) -> str:
    """The lookup key of a term or of a match: words joined by single spaces."""
    return " ".join(word for word in _TERM_SEPARATOR_RE.split(text) if word)


def _term_regex(term: str) -> str:
    """The regex for one lexicon term; see the header of spam_terms.txt for the syntax.

    Every alternative starts with a plain character (the left word boundary is checked just
    after it) so that the regex engine can skip to candidate positions; with several hundred
    terms that makes the difference between milliseconds and seconds per page.
    """
    key = _term_key(_fold_for_spam(term.strip("*")))
    body = _TERM_SEPARATOR_RE.pattern.join(re.escape(word) for word in key.split(" "))
    first = re.escape(key[0])
    if re.match(_LETTER, key) and not term.startswith("*"):
        body = f"{first}(?<!{_LETTER}{first}){body[len(first) :]}"
    if re.match(_LETTER, key[-1]) and not term.endswith("*"):
        body = f"{body}(?!{_LETTER})"
    return body


def _read_spam_terms(path: Path) -> tuple[dict[str, _Term], list[str]]:
    """Parse spam_terms.txt; a term listed twice is an editing mistake, so it fails loudly."""
    terms: dict[str, _Term] = {}
    categories: list[str] = []
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            categories.append(line[1:-1])
            continue
        weight, term = line.split("\t")
        key = _term_key(_fold_for_spam(term.strip("*")))
        if key in terms:
            raise ValueError(f"{path.name}: {term!r} is listed twice")
        terms[key] = _Term(text=term, weight=float(weight), category=categories[-1])
    return terms, categories


@lru_cache(maxsize=1)
def _spam_lexicon() -> _Lexicon:
    """Load the lexicon once; longer terms come first so 免费观看 wins over 免费."""
    terms, categories = _read_spam_terms(SPAM_TERMS_FILE)
    longest_first = sorted(terms.values(), key=lambda term: -len(term.text.strip("*")))
    pattern = re.compile("|".join(_term_regex(term.text) for term in longest_first))
    return _Lexicon(terms, tuple(categories), pattern)


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """Split a line after sentence-ending punctuation, keeping offsets into the line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(line):
        if match.end() > start:
            spans.append((start, match.end()))
            start = match.end()
    if start < len(line):
        spans.append((start, len(line)))
    return spans


def _looks_stuffed(line: str) -> bool:
    """Keyword stuffing: 久久久-style repeats, or a list of short phrases, mostly keywords.

    Short phrases alone are not enough: Chinese prose is made of short comma-separated
    clauses too. It is the share of phrases carrying a lexicon term that gives a list away.
    """
    if _REPEATED_HAN_RE.search(line):
        return True
    pieces = [piece for piece in _LIST_SEPARATOR_RE.split(line.strip()) if piece.strip()]
    if len(pieces) < 3 or any(len(piece) > STUFFING_MAX_PHRASE for piece in pieces):
        return False
    pattern = _spam_lexicon().pattern
    with_terms = sum(1 for piece in pieces if pattern.search(_fold_for_spam(piece)))
    return 2 * with_terms >= len(pieces)


def _spam_hits(line: str, sentences: list[tuple[int, int]]) -> list[tuple[int, _Term]]:
    """Every lexicon term found in the line, with the index of its sentence."""
    lexicon = _spam_lexicon()
    hits: list[tuple[int, _Term]] = []
    for index, (start, end) in enumerate(sentences):
        for match in lexicon.pattern.finditer(_fold_for_spam(line[start:end])):
            hits.append((index, lexicon.terms[_term_key(match.group())]))
    return hits


def _spam_score(line: str, hits: list[tuple[int, _Term]]) -> float:
    """Sum of term weights, each term counted at most SPAM_MAX_REPEATS times."""
    counts = Counter(term for _, term in hits)
    score = sum(term.weight * min(count, SPAM_MAX_REPEATS) for term, count in counts.items())
    return score + (SPAM_STUFFING_BONUS if _looks_stuffed(line) else 0.0)


def _spam_reason(hits: list[tuple[int, _Term]]) -> str:
    """Name the category that carries most of the weight, e.g. "adult-content keywords"."""
    order = _spam_lexicon().categories
    weights: Counter[str] = Counter()
    for _, term in hits:
        weights[term.category] += term.weight
    top = max(weights, key=lambda category: (weights[category], -order.index(category)))
    return f"{top} keywords"


def _spam_sentence_range(hits: list[tuple[int, _Term]]) -> tuple[int, int]:
    """First and last sentence to flag: those with real spam, not just one weak word."""
    weights: Counter[int] = Counter()
    for index, term in hits:
        weights[index] += term.weight
    heavy = [index for index, weight in weights.items() if weight >= SPAM_SENTENCE_MIN_WEIGHT]
    chosen = heavy or list(weights)
    return min(chosen), max(chosen)


def _spam_flag(text: str, line_start: int, line: str) -> Flag | None:
    """Score one line; flag the sentences carrying the spam when the line passes."""
    sentences = _sentence_spans(line)
    hits = _spam_hits(line, sentences)
    distinct_terms = {term for _, term in hits}
    if len(distinct_terms) < SPAM_MIN_DISTINCT_TERMS or _spam_score(line, hits) < SPAM_THRESHOLD:
        return None
    first, last = _spam_sentence_range(hits)
    start, end = _strip_span(line, sentences[first][0], sentences[last][1])
    start, end = line_start + start, line_start + end
    return Flag(SPAM, start, end, text[start:end], _spam_reason(hits))
