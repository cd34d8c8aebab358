"""The one text pipeline of search, used for indexing and for queries alike.

repair (ftfy) → NFKC → Traditional→Simplified (OpenCC) → case and Latin-accent folding →
tokens: jieba words plus single characters for Han text (so a one-character query finds
something and segmentation differences do not lose a match), character bigrams for scripts
written without spaces (Thai, Lao, Khmer, Myanmar), words elsewhere. Display keeps the
original text; only the index and the query see this form.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jieba

from innobridge.core.content_safety import repair_text
from innobridge.core.text import fold_for_search, traditional_to_simplified

jieba.setLogLevel(logging.WARNING)

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
UNSPACED = r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
RUNS = re.compile(rf"([{HAN}]+)|([{UNSPACED}]+)|([^\W_{HAN}{UNSPACED}]+)")
MAX_TOKEN_LENGTH = 40


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


def add_terms(terms: Iterable[str]) -> int:
    """Teach the segmenter the alliance's own names (places, organizations), folded."""
    segmenter = _segmenter()
    added = 0
    for term in terms:
        folded = fold_for_search(term).replace(" ", "")
        if 2 <= len(folded) <= MAX_TOKEN_LENGTH and RUNS.fullmatch(folded) and _is_han(folded):
            segmenter.add_word(folded, freq=2000)
            added += 1
    return added


def _is_han(text: str) -> bool:
    return bool(re.fullmatch(rf"[{HAN}]+", text))


def normalize(text: str) -> str:
    """Repaired, folded text: what both the index and the query are made of."""
    return fold_for_search(repair_text(text or ""))


def for_embedding(text: str) -> str:
    """Text as the embedder sees it: repaired, NFKC, Traditional folded to Simplified
    (the models saw far more Simplified Chinese), otherwise untouched (case and accents
    carry meaning for them)."""
    return traditional_to_simplified().convert(
        unicodedata.normalize("NFKC", repair_text(text or ""))
    )


def _han_tokens(run: str) -> list[str]:
    words = [w for w in _segmenter().cut_for_search(run) if len(w) > 1]
    return [*words, *run]


def _clusters(run: str) -> list[str]:
    """Letters with their combining marks (Thai vowels and tones stay on their consonant)."""
    clusters: list[str] = []
    for char in run:
        if clusters and unicodedata.category(char) in {"Mn", "Mc"}:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _bigrams(run: str) -> list[str]:
    clusters = _clusters(run)
    if len(clusters) < 3:
        return ["".join(clusters)]
    return [clusters[i] + clusters[i + 1] for i in range(len(clusters) - 1)]


def tokenize(text: str) -> list[str]:
    """Index/query tokens of `text`, in order, duplicates kept (term frequency matters)."""
    tokens: list[str] = []
    for han, unspaced, word in RUNS.findall(normalize(text)):
        if han:
            tokens.extend(_han_tokens(han))
        elif unspaced:
            tokens.extend(_bigrams(unspaced))
        elif len(word) <= MAX_TOKEN_LENGTH:
            tokens.append(word)
    return tokens


def query_tokens(text: str) -> list[str]:
    """Tokens to look up for a query: like the index's, except that Han text is looked up
    by its words, not by each character (a single character matches nearly every Chinese
    listing and makes full-text search slow and vague); a query that is only single
    characters keeps them."""
    tokens: list[str] = []
    for han, unspaced, word in RUNS.findall(normalize(text)):
        if han:
            words = [w for w in _segmenter().cut_for_search(han) if len(w) > 1]
            tokens.extend(words or list(han))
        elif unspaced:
            tokens.extend(_bigrams(unspaced))
        elif len(word) <= MAX_TOKEN_LENGTH:
            tokens.append(word)
    return tokens


def word_count(text: str) -> int:
    """How many words a query has, as a reader counts them: what tells a short query from
    a sentence. Han text counts its jieba words, one-character words included: its
    `query_tokens` are only the longer words, so "所以我认为这是个很棒的产品" would be 4
    tokens, though 9 words. Other scripts count as their tokens."""
    count = 0
    for han, unspaced, word in RUNS.findall(normalize(text)):
        if han:
            count += sum(1 for _word in _segmenter().cut(han))
        elif unspaced:
            count += len(_bigrams(unspaced))
        elif len(word) <= MAX_TOKEN_LENGTH:
            count += 1
    return count


def token_stream(text: str) -> str:
    """Tokens joined by spaces: the form both lexical indexes store."""
    return " ".join(tokenize(text))
