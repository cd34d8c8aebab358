"""Checks that text members post is fit to publish: no injected spam, no damaged encoding.

Listing texts and imported news pass through `check_text` before publication, and the
secretariat sees every `Flag` highlighted in the text. Two kinds of trouble are looked for:

* spam: SEO keywords injected by whoever compromised a source site. Each line is scored with
  a weighted multilingual lexicon (data/spam_terms.txt), and only a line with several terms
  adding up to a threshold is flagged, so one everyday word (精品, free, casino in a report
  about a casino) never flags a business text;
* damage: text that went through the wrong decoder. U+FFFD replacement characters, control
  characters, mojibake that ftfy can undo ("Viá»‡t Nam") and, in Chinese, clusters of rare
  characters and stray ASCII left by GBK or Big5 bytes read one byte out of alignment
  ("?;顒又校型獯砉餐吓_"). No decoder can restore those, so a person has to look.

`repair_text` undoes what ftfy can undo and touches nothing else, so that a repair never
changes quotes, widths or normalization that the author chose.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import ftfy
from ftfy.badness import BADNESS_RE, is_bad
from opencc import OpenCC

SPAM = "spam"
DAMAGED = "damaged"

REASON_REPLACEMENT = "replacement character"
REASON_CONTROL = "control character"
REASON_FIXABLE_MOJIBAKE = "fixable mojibake"
REASON_MOJIBAKE = "mojibake"
REASON_MISDECODED = "mis-decoded run"

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMON_CHARS_FILE = DATA_DIR / "cjk_common_chars.txt"
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

# Suspicious characters in Chinese text belong to one run when at most this many ordinary
# characters separate them; a run is damage when its weight reaches the minimum and it holds
# at least two strongly suspicious characters (a rare character, a stray letter, Bopomofo).
MISDECODED_MAX_GAP = 3
MISDECODED_MIN_WEIGHT = 3.0
MISDECODED_MIN_STRONG = 2
STRONG = 1.0
WEAK = 0.5
# Damaged spans this close together are shown as one highlight.
DAMAGE_MERGE_GAP = 3

# Only the encoding repairs: HTML entities, curly quotes, full-width forms, line breaks and
# Unicode normalization are the author's business, not damage.
ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

_LINE_RE = re.compile(r"[^\n]+")
_REPLACEMENT_RE = re.compile(r"(?:\ufffd|[锟錕]斤拷)+")  # 锟斤拷: U+FFFD bytes read as GBK
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
_CJK_RE = re.compile(r"[\u3000-\u9fff\ue000-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_KANA_RE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
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
_ODD_ASCII = frozenset("_@`^~|\\{}")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass(frozen=True)
class Flag:
    """A span of text that must not be published as it is.

    Offsets are character (code point) offsets into the text exactly as it was passed to
    `check_text`, so a template can cut the text around them to highlight the span.
    """

    kind: str
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    reasons: tuple[str, ...]


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


def check_text(text: str) -> list[Flag]:
    """Every spam and damaged span of `text`, sorted by start; kinds may overlap each other."""
    flags = _find_spam(text) + _find_damage(text)
    return sorted(flags, key=lambda flag: (flag.start, flag.kind, flag.end))


def repair_text(text: str) -> str:
    """Undo the mojibake ftfy can undo; leave everything else exactly as it was."""
    return ftfy.fix_text(text, config=ENCODING_ONLY)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each non-empty line with its offset: lines are scored and scanned one at a time."""
    for match in _LINE_RE.finditer(text):
        yield match.start(), match.group()


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- Spam -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def _fold_for_spam(text: str) -> str:
    """Fold text the way the lexicon is written, so 無碼 matches 无码 and PORN matches porn."""
    text = _to_simplified().convert(unicodedata.normalize("NFKC", text)).casefold()
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


def _find_spam(text: str) -> list[Flag]:
    """Spam is scored per line: injected keywords arrive as a title or a line of their own."""
    flags = (_spam_flag(text, start, line) for start, line in _lines(text))
    return [flag for flag in flags if flag is not None]


# --- Damage -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The everyday characters listed by scripts/build_cjk_common_chars.py."""
    rows = COMMON_CHARS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(row.split("\t", 1)[0] for row in rows if row and not row.startswith("#"))


@cache
def _is_rare_han(char: str) -> bool:
    """Rare after Traditional-to-Simplified folding, so 動 counts as the common 动."""
    common = _common_han()
    return char not in common and _to_simplified().convert(char) not in common


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_bopomofo(char: str) -> bool:
    code = ord(char)
    return 0x3100 <= code <= 0x312F or 0x31A0 <= code <= 0x31BF


def _is_cjk(char: str) -> bool:
    """Han, Bopomofo, kana, CJK punctuation or full-width forms: the fabric of CJK prose.

    Private-use characters count too: GBK's user-defined area decodes to them, so they turn
    up inside mis-decoded Chinese runs.
    """
    if not char:
        return False
    code = ord(char)
    return (
        _is_han(char)
        or 0x3000 <= code <= 0x31FF
        or 0xFF00 <= code <= 0xFFEF
        or 0xE000 <= code <= 0xF8FF
        or char == "\ufffd"
    )


def _stray_ascii_weight(line: str, index: int) -> float:
    """How odd an ASCII character looks where it stands between CJK characters.

    Bytes read out of alignment turn into single ASCII letters and symbols wedged between
    Han characters ("校d陽"), and failed bytes into "?"; an ASCII comma or a "?" after a
    question is normal in this kind of text and weighs little or nothing on its own.
    """
    char = line[index]
    before = line[index - 1] if index > 0 else ""
    after = line[index + 1] if index + 1 < len(line) else ""
    cjk_before, cjk_after = _is_cjk(before), _is_cjk(after)
    if not (cjk_before or cjk_after):
        return 0.0
    if char.isalpha():
        return STRONG if cjk_before and cjk_after else 0.0
    if char not in _ASCII_PUNCTUATION:
        return 0.0
    if char in _ODD_ASCII:
        return STRONG
    if char == "?" or before in _ASCII_PUNCTUATION or after in _ASCII_PUNCTUATION:
        return WEAK
    return 0.0


def _stray_bopomofo_weight(line: str, index: int) -> float:
    """A lone Bopomofo letter among Han is debris; a run of them (ㄅㄆㄇㄈ) is phonetics."""
    before = line[index - 1] if index > 0 else ""
    after = line[index + 1] if index + 1 < len(line) else ""
    next_to_bopomofo = any(char and _is_bopomofo(char) for char in (before, after))
    return 0.0 if next_to_bopomofo else STRONG


def _suspicion(line: str, index: int, judge_rarity: bool) -> float:
    """How likely the character at `index` is debris of a wrong decoding."""
    char = line[index]
    if _is_han(char):
        return STRONG if judge_rarity and _is_rare_han(char) else 0.0
    if _is_bopomofo(char):
        return _stray_bopomofo_weight(line, index)
    if char == "\ufffd" or 0xE000 <= ord(char) <= 0xF8FF:
        return STRONG
    if char.isascii() and not char.isspace() and not char.isdigit():
        return _stray_ascii_weight(line, index)
    return 0.0


def _suspicious_runs(line: str) -> Iterator[list[tuple[int, float]]]:
    """Groups of suspicious characters separated by at most MISDECODED_MAX_GAP others.

    Rarity is not judged in Japanese (a line with kana): its everyday kanji (対, 発) are
    rare in a Chinese frequency list.
    """
    judge_rarity = _KANA_RE.search(line) is None
    run: list[tuple[int, float]] = []
    for index in range(len(line)):
        weight = _suspicion(line, index, judge_rarity)
        if not weight:
            continue
        if run and index - run[-1][0] - 1 > MISDECODED_MAX_GAP:
            yield run
            run = []
        run.append((index, weight))
    if run:
        yield run


def _misdecoded_spans(line: str) -> list[_Span]:
    """Runs of rare characters and stray ASCII in Chinese text (bytes read out of step)."""
    if not _CJK_RE.search(line):
        return []
    spans: list[_Span] = []
    for run in _suspicious_runs(line):
        total = sum(weight for _, weight in run)
        strong = sum(1 for _, weight in run if weight >= STRONG)
        if total >= MISDECODED_MIN_WEIGHT and strong >= MISDECODED_MIN_STRONG:
            spans.append(_Span(run[0][0], run[-1][0] + 1, (REASON_MISDECODED,)))
    return spans


def _changed_spans(original: str, repaired: str) -> list[tuple[int, int]]:
    """Where, in `original`, the repaired text differs from it."""
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    return [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal" and i2 > i1]


def _mojibake_spans(line: str) -> list[_Span]:
    """Mojibake ftfy can undo, and what its badness measure calls mojibake but cannot undo."""
    if line.isascii() or not is_bad(line):
        return []
    repaired = repair_text(line)
    if repaired != line:
        changed = _changed_spans(line, repaired)
        return [_Span(start, end, (REASON_FIXABLE_MOJIBAKE,)) for start, end in changed]
    # U+FFFD counts as bad for ftfy, but it has its own, clearer reason here.
    without_replacements = line.replace("\ufffd", " ")
    return _pattern_spans(BADNESS_RE, without_replacements, REASON_MOJIBAKE)


def _pattern_spans(pattern: re.Pattern[str], line: str, reason: str) -> list[_Span]:
    """Every match of `pattern` in the line, as a span with `reason`."""
    return [_Span(*match.span(), (reason,)) for match in pattern.finditer(line)]


def _outside(spans: list[_Span], covering: list[_Span]) -> list[_Span]:
    """The spans that no span of `covering` contains."""
    return [
        span
        for span in spans
        if not any(cover.start <= span.start and span.end <= cover.end for cover in covering)
    ]


def _line_damage(line: str) -> list[_Span]:
    """Every kind of damage in one line, before nearby spans are merged."""
    mojibake = _mojibake_spans(line)
    # C1 controls inside mojibake are bytes of it ("Ð\x9d"), not a separate problem.
    controls = _outside(_pattern_spans(_CONTROL_RE, line, REASON_CONTROL), mojibake)
    return [
        *_pattern_spans(_REPLACEMENT_RE, line, REASON_REPLACEMENT),
        *controls,
        *mojibake,
        *_misdecoded_spans(line),
    ]


def _merge_spans(spans: list[_Span]) -> list[_Span]:
    """Join overlapping or nearly touching spans, keeping every reason once."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda span: (span.start, span.end)):
        if merged and span.start - merged[-1].end <= DAMAGE_MERGE_GAP:
            last = merged[-1]
            reasons = last.reasons + tuple(r for r in span.reasons if r not in last.reasons)
            merged[-1] = _Span(last.start, max(last.end, span.end), reasons)
        else:
            merged.append(span)
    return merged


def _find_damage(text: str) -> list[Flag]:
    """Damage is looked for line by line: a decoding accident rarely spans a line break."""
    spans: list[_Span] = []
    for line_start, line in _lines(text):
        for span in _merge_spans(_line_damage(line)):
            start, end = line_start + span.start, line_start + span.end
            spans.append(_Span(start, end, span.reasons))
    return [
        Flag(DAMAGED, span.start, span.end, text[span.start : span.end], ", ".join(span.reasons))
        for span in spans
    ]
