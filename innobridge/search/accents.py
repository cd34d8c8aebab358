"""Vietnamese typed without its diacritics ("tram sac xe dien"), written back with them
from the Vietnamese listings that use the same words ("trạm sạc xe điện").

People often type Vietnamese without tone marks. The lexical index folds accents away, so
such a query finds its words; but the embedder reads "dang ky nhan hieu" as some other
language and misses its meaning ("đăng ký nhãn hiệu", trademark registration). Restoring
the marks from the listings that the lexical index finds for the same folded words needs
no dictionary: the platform's own Vietnamese listings are the vocabulary users search.
On the search-box benchmark, giving its ten such queries their written forms by hand
raised nDCG@10 from 0.779 to 0.798 (bench/RESULTS.md).
"""

from __future__ import annotations

import re
from collections import Counter

from django.db.models import QuerySet

from innobridge.core.html import html_to_text
from innobridge.core.text import fold_for_search
from innobridge.search import lexical

# One Vietnamese syllable with its marks removed: an optional initial consonant cluster, one
# to three vowels, an optional final consonant. English words rarely fit ("dairy", "salt",
# "rice", "storage" do not), so the listings are asked only for queries that could be
# unmarked Vietnamese.
SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
WORD = re.compile(r"[^\W\d_]+")
# Listings read for the written forms, and how much of each.
SOURCE_LISTINGS = 10
SOURCE_CHARS = 3000


def could_be_unmarked_vietnamese(query: str) -> bool:
    """Whether every word of `query` is a Vietnamese syllable written without marks."""
    words = WORD.findall(query)
    return bool(words) and all(
        word.isascii() and SYLLABLE.fullmatch(word.lower()) for word in words
    )


def restore(query: str, texts: list[str]) -> str:
    """`query` with each run of its words replaced by the same words as `texts` write them,
    longest runs first; a word no text has stays as typed. Runs are matched on folded
    words, so only the marks (and case) can change."""
    words = WORD.findall(query)
    folded = [fold_for_search(word) for word in words]
    written = [WORD.findall(text) for text in texts]
    runs: Counter[tuple[str, ...]] = Counter()
    for text_words in written:
        text_folded = [fold_for_search(word) for word in text_words]
        for start in range(len(text_words)):
            for length in range(1, min(len(words), len(text_words) - start) + 1):
                key = tuple(text_folded[start : start + length])
                if not _is_run_of(key, folded):
                    break
                runs[tuple(w.lower() for w in text_words[start : start + length])] += 1
    restored: list[str] = []
    position = 0
    while position < len(words):
        best = _longest_run(runs, folded, position)
        if best is None:
            restored.append(words[position])
            position += 1
        else:
            restored.extend(best)
            position += len(best)
    return " ".join(restored)


def _is_run_of(key: tuple[str, ...], folded: list[str]) -> bool:
    """Whether `key` is a run of consecutive words of the query."""
    return any(tuple(folded[start : start + len(key)]) == key for start in range(len(folded)))


def _longest_run(
    runs: Counter[tuple[str, ...]], folded: list[str], position: int
) -> tuple[str, ...] | None:
    """The most frequent written form of the longest run starting at `position`."""
    for length in range(len(folded) - position, 0, -1):
        wanted = tuple(folded[position : position + length])
        forms = [
            (count, form)
            for form, count in runs.items()
            if len(form) == length and tuple(fold_for_search(w) for w in form) == wanted
        ]
        if forms:
            return max(forms)[1]
    return None


def restored_query(query: str, tokens: list[str], candidates: QuerySet) -> str | None:
    """The query with its Vietnamese marks written back, or None when it cannot be
    unmarked Vietnamese or no Vietnamese listing among `candidates` writes its words."""
    if not could_be_unmarked_vietnamese(query):
        return None
    vietnamese = candidates.filter(language="vi")
    ids = [
        pk for pk, _score in lexical.search(tokens, candidates=vietnamese, limit=SOURCE_LISTINGS)
    ]
    if not ids:
        return None
    texts = [
        f"{title}\n{summary}\n{', '.join(keywords or [])}\n{html_to_text(description)}"[
            :SOURCE_CHARS
        ]
        for title, summary, keywords, description in vietnamese.filter(pk__in=ids)
        .order_by()
        .values_list("title", "summary", "keywords", "description")
    ]
    restored = restore(query, texts)
    return restored if restored != " ".join(WORD.findall(query)) else None
