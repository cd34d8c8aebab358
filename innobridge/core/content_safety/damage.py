"""Damaged text: text that went through the wrong decoder.

U+FFFD replacement characters, control characters, mojibake that ftfy can undo ("Viá»‡t
Nam") and, in Chinese, clusters of rare characters and stray ASCII left by GBK or Big5 bytes
read one byte out of alignment ("?;顒又校型獯砉餐吓_"). No decoder can restore those, so a
person has to look; rarity is judged with the everyday characters of
data/cjk_common_chars.txt.

`repair_text` undoes what ftfy can undo and touches nothing else, so that a repair never
changes quotes, widths or normalization that the author chose.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import ftfy
from ftfy.badness import BADNESS_RE, is_bad

from innobridge.core.content_safety.common import (
    DAMAGED,
    DATA_DIR,
    Flag,
    text_lines,
    to_simplified,
)

REASON_REPLACEMENT = "replacement character"
REASON_CONTROL = "control character"
REASON_FIXABLE_MOJIBAKE = "fixable mojibake"
REASON_MOJIBAKE = "mojibake"
REASON_MISDECODED = "mis-decoded run"

COMMON_CHARS_FILE = DATA_DIR / "cjk_common_chars.txt"

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

_REPLACEMENT_RE = re.compile(r"(?:\ufffd|[锟錕]斤拷)+")  # 锟斤拷: U+FFFD bytes read as GBK
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
_CJK_RE = re.compile(r"[\u3000-\u9fff\ue000-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_KANA_RE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_ODD_ASCII = frozenset("_@`^~|\\{}")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    reasons: tuple[str, ...]


def repair_text(text: str) -> str:
    """Undo the mojibake ftfy can undo; leave everything else exactly as it was."""
    return ftfy.fix_text(text, config=ENCODING_ONLY)


def find_damage(text: str) -> list[Flag]:
    """Damage is looked for line by line: a decoding accident rarely spans a line break."""
    spans: list[_Span] = []
    for line_start, line in text_lines(text):
        for span in _merge_spans(_line_damage(line)):
            start, end = line_start + span.start, line_start + span.end
            spans.append(_Span(start, end, span.reasons))
    return [
        Flag(DAMAGED, span.start, span.end, text[span.start : span.end], ", ".join(span.reasons))
        for span in spans
    ]


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The everyday characters listed by scripts/build_cjk_common_chars.py."""
    rows = COMMON_CHARS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(row.split("\t", 1)[0] for row in rows if row and not row.startswith("#"))


@cache
def _is_rare_han(char: str) -> bool:
    """Rare after Traditional-to-Simplified folding, so 動 counts as the common 动."""
    common = _common_han()
    return char not in common and to_simplified().convert(char) not in common


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
