"""Finding folded search terms in text as it was written.

The index and the query meet in folded form (`giong lua`, Simplified characters, lower case),
which must never reach a reader: a Vietnamese reader sees `giong` as a misspelling of
`giống`. Folding one character at a time keeps positions, so a folded term found in the
folded text points at the same characters in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from innobridge.core.text import fold_for_search


@lru_cache(maxsize=16384)
def fold_char(char: str) -> str:
    """One character folded to one character (cached: the search page folds every character
    of 50 hits, and the fold itself took 136 ms of a 150 ms sentence query, bench/load.py)."""
    folded = fold_for_search(char)
    return folded[:1] if folded else " "


def aligned_fold(text: str) -> str:
    """`text` folded character by character: position i of the result is character i."""
    return "".join(fold_char(char) for char in text)


def _is_word(term: str) -> bool:
    return term.isascii() and term.isalnum()


def term_spans(folded: str, term: str, *, whole_words: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of folded `term` in `folded`; with `whole_words`, a
    Latin term only where it stands as a word (`lua` not inside `luat`)."""
    if not term:
        return
    if whole_words and _is_word(term):
        for match in re.finditer(rf"(?<![^\W_]){re.escape(term)}(?![^\W_])", folded):
            yield match.span()
        return
    start = folded.find(term)
    while start != -1:
        yield start, start + len(term)
        start = folded.find(term, start + len(term))


def as_written(terms: Iterable[str], *texts: str) -> list[str]:
    """Each folded term as it is written in the first of `texts` that holds it (the query,
    then the listing's title and summary), or the term itself where none does."""
    folded_texts = [(text, aligned_fold(text)) for text in texts if text]
    words: list[str] = []
    for term in terms:
        written = term
        for text, folded in folded_texts:
            span = next(term_spans(folded, term, whole_words=True), None)
            if span:
                written = text[span[0] : span[1]]
                break
        if written not in words:
            words.append(written)
    return words
