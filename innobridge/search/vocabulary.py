"""The alliance's own words for the Chinese segmenter: organization names, short names and
cities from the directory, so "绵阳市农业科学研究院" is one token as well as its parts.

Loaded once per process, before the first indexing or query, so the index and the
queries are segmented alike. Organizations added later are taught at the next restart or
`innobridge reindex`.
"""

from __future__ import annotations

from functools import lru_cache

from innobridge.organizations.models import Organization
from innobridge.search import normalize


def directory_terms() -> list[str]:
    terms: list[str] = []
    for name, short, city, translated in Organization.objects.values_list(
        "name", "short_name", "city", "translated_names"
    ):
        terms.extend(term for term in (name, short, city, *translated.values()) if term)
    return terms


@lru_cache(maxsize=1)
def ensure_directory_terms() -> int:
    """Teach the segmenter the directory's names, once per process; returns how many."""
    return normalize.add_terms(directory_terms())


def refresh_directory_terms() -> int:
    ensure_directory_terms.cache_clear()
    return ensure_directory_terms()
