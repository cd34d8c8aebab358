"""The lexical retriever: SQLite FTS5 ranked by bm25, or a PostgreSQL tsvector with GIN.

Both index the same token stream and are asked for any of the query's tokens, so they
return the same listings; only their scores differ. Filters come in as a queryset of
candidate listings and are applied inside the query, before the limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

MAX_QUERY_TOKENS = 96
# Document frequencies change slowly; a process asks again after this many seconds.
STATISTICS_SECONDS = 60.0
_statistics: dict[str, tuple[float, float]] = {}  # key -> (value, when asked)


def _unique(tokens: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(tokens))[:MAX_QUERY_TOKENS]


def _candidate_clause(candidates: QuerySet | None, column: str) -> tuple[str, list]:
    if candidates is None:
        return "", []
    sql, params = candidates.order_by().values("pk").query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def write(entries: Iterable[tuple[int, str]]) -> None:
    """Keep the SQLite FTS table in step with SearchEntry.tokens (PostgreSQL derives it)."""
    entries = list(entries)
    if connection.vendor != "sqlite" or not entries:
        return
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk, _t in entries])
        cursor.executemany("INSERT INTO search_fts (rowid, tokens) VALUES (%s, %s)", list(entries))


def remove(listing_ids: Iterable[int]) -> None:
    ids = [(pk,) for pk in listing_ids]
    if connection.vendor != "sqlite" or not ids:
        return
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", ids)


def clear() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")


def _remembered(key: str) -> float | None:
    value = _statistics.get(key)
    if value is None or time.monotonic() - value[1] > STATISTICS_SECONDS:
        return None
    return value[0]


def _remember(key: str, value: float) -> None:
    _statistics[key] = (value, time.monotonic())


def forget_statistics() -> None:
    """Drop cached document counts and frequencies (tests; after a full reindex)."""
    _statistics.clear()


# After indexing at least this many listings at once, PostgreSQL's statistics are renewed.
ANALYZE_AFTER_ROWS = 1000


def analyze_after_bulk(rows: int) -> None:
    """Renew the database's statistics after a bulk load, as autovacuum would some time
    later on PostgreSQL and nothing would on SQLite. PostgreSQL's common lexemes of the
    tsvector column are what informative_terms reads; on both, the planner needs the new
    row counts: without them SQLite answered `status = 'published' AND id IN (...)` by
    scanning the status index, 75 ms at 1,000,000 listings instead of 0.2 ms."""
    if rows < ANALYZE_AFTER_ROWS:
        return
    from innobridge.marketplace.models import Listing
    from innobridge.search.models import SearchEntry

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")  # sampled: 0.7 s at 1,000,000
            cursor.execute("ANALYZE")
        else:
            for model in (SearchEntry, Listing):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    forget_statistics()


def document_count() -> int:
    """How many listings the lexical index holds (cached for STATISTICS_SECONDS)."""
    count = _remembered("#documents")
    if count is None:
        from innobridge.search.models import SearchEntry

        count = SearchEntry.objects.count()
        _remember("#documents", count)
    return int(count)


def _postgres_frequencies() -> dict[str, float]:
    """Share of rows holding each common lexeme, from the planner's statistics of the
    tsvector column (kept by ANALYZE / autovacuum; empty before the first analysis)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'search_searchentry' "
            "AND attname = 'tsv'"
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        return {}
    return dict(zip(row[0], row[1], strict=False))  # freqs end with min, max, null share


def document_frequencies(terms: list[str]) -> dict[str, int]:
    """How many listings hold each term (terms not known count as 0). SQLite reads the
    fts5vocab table, PostgreSQL the column statistics, which know only common terms,
    the only ones this is asked for."""
    if connection.vendor == "postgresql":
        if any(_remembered(f"share:{t}") is None for t in terms):
            common = _postgres_frequencies()
            for term in terms:
                _remember(f"share:{term}", float(common.get(term, 0.0)))
        total = document_count()
        return {t: round((_remembered(f"share:{t}") or 0.0) * total) for t in terms}
    missing = [t for t in terms if _remembered(f"df:{t}") is None]
    if missing:
        placeholders = ", ".join(["%s"] * len(missing))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM search_fts_vocab WHERE term IN ({placeholders})",  # noqa: S608  # nosec B608
                missing,
            )
            found = dict(cursor.fetchall())
        for term in missing:
            _remember(f"df:{term}", float(found.get(term, 0)))
    return {t: int(_remembered(f"df:{t}") or 0) for t in terms}


def informative_terms(terms: list[str]) -> list[str]:
    """The terms worth ranking: those in at most SEARCH_LEXICAL_MAX_DF_SHARE of the
    listings and in at most SEARCH_LEXICAL_MAX_DF listings (the cost of ranking grows with
    the count, not the share), once the index is large enough for common terms to cost
    anything. A full-text engine scores every listing holding a query term, so one "the" in
    a query made the lexical half cost hundreds of milliseconds at 100,000 listings, for a
    term bm25 weighs at almost nothing; a query of common terms only is left to the
    semantic half."""
    total = document_count()
    if total < settings.SEARCH_LEXICAL_PRUNE_FROM or not terms:
        return terms
    cutoff = min(settings.SEARCH_LEXICAL_MAX_DF_SHARE * total, settings.SEARCH_LEXICAL_MAX_DF)
    frequencies = document_frequencies(terms)
    return [term for term in terms if frequencies[term] <= cutoff]


def search(
    tokens: list[str], *, candidates: QuerySet | None = None, limit: int = 100
) -> list[tuple[int, float]]:
    """(listing id, score) for listings sharing any informative token with the query,
    best first."""
    terms = informative_terms(_unique(tokens))
    if not terms:
        return []
    if connection.vendor == "sqlite":
        match = " OR ".join(f'"{term}"' for term in terms)
        where, params = _candidate_clause(candidates, "id")
        # The full-text hits are materialized first: asked with the candidate filter in
        # the same WHERE, SQLite probes the FTS table once per candidate row (117 ms
        # instead of 0.2 ms on 2,000 listings). `where` is SQL Django compiled from a
        # queryset; its values stay parameters.
        sql = (
            "WITH hits AS MATERIALIZED ("  # noqa: S608  # nosec B608
            "SELECT rowid AS id, bm25(search_fts) AS rank FROM search_fts "
            "WHERE search_fts MATCH %s) "
            f"SELECT id, -rank FROM hits WHERE 1 = 1{where} ORDER BY rank, id LIMIT %s"
        )
        arguments = [match, *params, limit]
    else:
        query = " | ".join(f"'{term}'" for term in terms)
        where, params = _candidate_clause(candidates, "listing_id")
        sql = (
            "SELECT listing_id, ts_rank(tsv, q) AS score "  # noqa: S608  # nosec B608
            "FROM search_searchentry, to_tsquery('simple', %s) AS q "
            f"WHERE tsv @@ q{where} ORDER BY score DESC, listing_id LIMIT %s"
        )
        arguments = [query, *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
