"""Hybrid search: lexical and semantic retrieval over the same filtered candidates, fused.

Score fusion: a listing's score is its semantic similarity plus a small lexical bonus,
bonus = weight × bm25 / best bm25 of the query. The similarity leads because across
languages only meaning can match; the bonus separates near ties, and only within the
query's language family by default (Simplified and Traditional Chinese are one family
after folding): shared tokens across languages are mostly names and numbers, and on the
matching benchmark same-language hard negatives share a need's keywords by design.
Reciprocal-rank fusion was measured first and lost badly there (bench/RESULTS.md): a hard
negative found by both retrievers outranked a correct offer found by meaning alone.
Weights are tuned with bench/matching_quality.py and bench/search_quality.py.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import QuerySet

from innobridge.core.language_detection import detect_language
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.search import accents, lexical, normalize, shipped_vectors
from innobridge.search.documents import listing_text
from innobridge.search.embedders import USE_LANGUAGES, get_embedder, use_half_start
from innobridge.search.highlighting import as_written
from innobridge.search.semantic import get_index
from innobridge.search.vocabulary import ensure_directory_terms

RETRIEVER_DEPTH = 100


@dataclass(frozen=True)
class Weights:
    lexical_same_language: float = 0.1
    lexical_other_language: float = 0.0
    # The bonus fades out linearly over this many query tokens: a few keywords are a
    # lexical question, a sentence or a whole need a semantic one. On NTREX (sentences)
    # and on the matching set (whole needs) any bonus lowered P@1 and nDCG@10.
    short_query_tokens: int = 4
    # With the fused embedder: the weight of the USE half of the query vector (None: the
    # embedder's own, 0.6, tuned on NTREX sentences). Languages USE does not know keep 0.
    use_weight: float | None = None
    # Short queries (at most short_query_tokens words, normalize.word_count) may weight the
    # USE half otherwise
    # (None: as use_weight), and may move their vector towards their first
    # `feedback_depth` hits' vectors by `feedback` (pseudo-relevance feedback; 0: off).
    short_use_weight: float | None = None
    feedback: float = 0.0
    feedback_depth: int = 3
    # Take the feedback from the first hits in other languages than the query's (a query's
    # own language crowds its first hits, and feeding them back deepens that bias).
    feedback_across_languages: bool = False
    # The e5 half of the query vector reads at most this many tokens of the query (None:
    # all of it); the USE half reads the whole query.
    e5_query_tokens: int | None = None
    # Short queries with a USE half: a listing in a language USE does not know (Vietnamese)
    # has a meaningless USE half, so it scores by e5 alone and sinks below listings scored
    # by both. Its USE similarity is imputed instead from its e5 similarity, z-score for
    # z-score times this factor, against a fixed sample of the index (0: off).
    use_imputation: float = 0.0
    # Short queries: listings that share a sector with the first `sector_depth` hits gain
    # up to `sector_lift` (the sector's share of those hits' votes, weighted 1/rank). The
    # taxonomy is language-free, so it lifts the query's topic in every language.
    sector_lift: float = 0.0
    sector_depth: int = 5
    # A query that could be Vietnamese without its marks is embedded as the Vietnamese
    # listings sharing its words write it (accents.restored_query).
    restore_vietnamese_marks: bool = False


# The search box's: chosen on the search-box benchmark (bench/search_box_quality.py;
# tuned on five of its nine domains, judged on the four held out; figures in
# bench/RESULTS.md). For short queries (at most four words):
# - feedback from the first hits in other languages gives a query the meaning its own
#   language's listings crowd out (and a Vietnamese one, which USE does not know, a USE
#   half); from any first hits, or with a heavier USE half, it helped less (2026-12-04);
# - listings in languages USE does not know get an imputed USE similarity, listings of the
#   first hits' sectors a lift, and Vietnamese typed without marks is read with them
#   (2026-12-05: nDCG@10 0.707 before issue 18 → 0.794; left out, each costs
#   0.019-0.033).
# The lexical bonus stays at 0.1 within the language family and 0 across: 0.2 / 0.1
# (2026-12-04) gained nothing beside these, and on NTREX it lost two short lines of
# zh-hant→zh-hans. "Short" counts words (normalize.word_count), not tokens: a Chinese
# sentence's tokens are only its longer words, and feedback on such sentences lost NTREX
# zh-hans→en lines; and feedback waits for the query's own language to crowd its first
# hits (_feedback_ids). Sentences and whole listings rank as before.
#
# A long query's e5 half reads all of it (e5_query_tokens None). Bounding it where USE reads
# the whole query saved 11 ms of sentence p95 at 56 tokens, but on NTREX through the
# product it moved the Chinese pairs' near-ties: zh-hans→zh-hant lost one sentence of
# 1,997 at 48 tokens, zh-hant→zh-hans two at 56 against 48 (bench/RESULTS.md), and the
# NTREX figures must not fall.
DEFAULT_WEIGHTS = Weights(
    feedback=0.5,
    feedback_across_languages=True,
    use_imputation=1.0,
    sector_lift=0.15,
    restore_vietnamese_marks=True,
)
# Matchmaking compares whole listings. On the matching benchmark any lexical bonus cost
# nDCG@10, so matches rank by meaning; and whole listings are better compared with USE
# weighing more than for sentences: nDCG@10 0.819 at 2, against 0.768 at the sentence
# weight 0.6, USE alone 0.715 and e5 alone 0.493 (bench/RESULTS.md).
MATCH_WEIGHTS = Weights(lexical_same_language=0.0, lexical_other_language=0.0, use_weight=2.0)


@dataclass
class Hit:
    listing_id: int
    score: float
    lexical_rank: int | None = None
    semantic_rank: int | None = None
    similarity: float | None = None
    shared_terms: list[str] = field(default_factory=list)
    shared_words: list[str] = field(default_factory=list)
    listing: Listing | None = None


def _language_family(code: str) -> str:
    """zh-hans and zh-hant share tokens after folding: one family for the lexical weight."""
    return "zh" if code.startswith("zh") else code


def _bonus_scale(weights: Weights, query_length: int) -> float:
    """1 for a one-token query, fading to 0 at weights.short_query_tokens + 1 tokens."""
    return max(0.0, 1.0 - (max(query_length, 1) - 1) / weights.short_query_tokens)


def lexical_counts(weights: Weights, query_length: int) -> bool:
    """Whether lexical hits can change the ranking of this query at all. When the bonus has
    faded out (a sentence, a whole listing), a lexical hit could only rank below every
    semantic hit, so the lexical retrieval is skipped (16 ms a sentence at 100,000)."""
    bonus = max(weights.lexical_same_language, weights.lexical_other_language)
    return bonus > 0 and _bonus_scale(weights, query_length) > 0


def fuse(
    lexical_hits: list[tuple[int, float]],
    semantic_hits: list[tuple[int, float]],
    *,
    query_language: str,
    languages: dict[int, str],
    weights: Weights = DEFAULT_WEIGHTS,
    query_length: int = 1,
) -> list[Hit]:
    """Similarity plus a bounded lexical bonus, best first (then by bm25, then by id). A
    listing found only lexically starts from just below the weakest semantic hit."""
    scale = _bonus_scale(weights, query_length)
    hits: dict[int, Hit] = {}
    floor = min((s for _pk, s in semantic_hits), default=0.0) - 1e-6
    for rank, (pk, similarity) in enumerate(semantic_hits, start=1):
        hits[pk] = Hit(pk, similarity, semantic_rank=rank, similarity=similarity)
    best = max((score for _pk, score in lexical_hits), default=0.0)
    family = _language_family(query_language)
    for rank, (pk, score) in enumerate(lexical_hits, start=1):
        same = _language_family(languages.get(pk, "")) == family
        weight = weights.lexical_same_language if same else weights.lexical_other_language
        hit = hits.setdefault(pk, Hit(pk, floor))
        hit.lexical_rank = rank
        if best > 0:
            hit.score += scale * weight * score / best
    return _best_first(list(hits.values()))


def _best_first(hits: list[Hit]) -> list[Hit]:
    """By score, then by bm25 rank, then by id."""
    return sorted(
        hits, key=lambda hit: (-hit.score, hit.lexical_rank or len(hits) + 1, hit.listing_id)
    )


# Filters repeat (every visitor asking for offers asks for the same ids): the ids a
# filter allows are kept settings.SEARCH_FILTER_CACHE_SECONDS, like a search engine's
# filter cache. A stale entry can only hide a listing published meanwhile; hits are
# checked against the candidates in any case.
ALLOWED_IDS_ENTRIES = 64
_allowed_cache: dict[tuple, tuple[float, np.ndarray]] = {}


def allowed_ids(candidates: QuerySet[Listing]) -> np.ndarray:
    """The ids of the candidate listings, from the filter cache when fresh."""
    sql, params = candidates.order_by().values("pk").query.sql_with_params()
    key = (sql, tuple(map(str, params)))
    now = time.monotonic()
    cached = _allowed_cache.get(key)
    if cached and now - cached[0] < settings.SEARCH_FILTER_CACHE_SECONDS:
        return cached[1]
    ids = np.fromiter(candidates.order_by().values_list("pk", flat=True), dtype=np.int64)
    if len(_allowed_cache) >= ALLOWED_IDS_ENTRIES:
        _allowed_cache.pop(next(iter(_allowed_cache)))  # the oldest entry
    _allowed_cache[key] = (now, np.sort(ids))
    return _allowed_cache[key][1]


def forget_allowed_ids() -> None:
    """Empty the filter cache (tests)."""
    _allowed_cache.clear()


def _query_vector(
    embedder, text: str, weights: Weights, use_weight: float | None = None
) -> np.ndarray:
    weight = weights.use_weight if use_weight is None else use_weight
    return shipped_vectors.embed_query(
        embedder, text, use_weight=weight, e5_tokens=weights.e5_query_tokens
    )


FEEDBACK_POOL = 30


# Feedback across languages only when one of the first hits is in the query's language.
CROWDED_WINDOW = 5


def _feedback_ids(hits: list[tuple[int, float]], language: str, weights: Weights) -> list[int]:
    """The first hits whose vectors feed back into the query: the first `feedback_depth`,
    or with `feedback_across_languages` the first in another language family, and then
    only when the query's own language is among the first `CROWDED_WINDOW` hits. Feedback
    gives a query the meaning its own language's listings crowd out; when its first hits
    are in other languages already, moving it only blurs it (on NTREX, short lines
    searched among sentences all in another language: vi→en, ru→en, ar→en and id→en lost
    eight first hits of 212 and gained one with it, bench/RESULTS.md)."""
    ids = [pk for pk, _s in hits[:FEEDBACK_POOL]]
    if weights.feedback_across_languages:
        languages = dict(
            Listing.objects.filter(pk__in=ids).order_by().values_list("pk", "language")
        )
        family = _language_family(language)
        window = ids[:CROWDED_WINDOW]
        if not any(_language_family(languages.get(pk, "")) == family for pk in window):
            return []
        ids = [pk for pk in ids if _language_family(languages.get(pk, family)) != family]
    return ids[: weights.feedback_depth]


def with_feedback(vector: np.ndarray, hit_vectors: np.ndarray, weight: float) -> np.ndarray:
    """The query vector moved towards the mean of its first hits' vectors (Rocchio), both
    at the query's length, and kept at that length: similarities stay on the scale the
    lexical bonus is added to."""
    centroid = hit_vectors.mean(axis=0)
    length, centroid_length = np.linalg.norm(vector), np.linalg.norm(centroid)
    if not length or not centroid_length:
        return vector
    moved = vector + weight * centroid * (length / centroid_length)
    return (moved * (length / np.linalg.norm(moved))).astype(np.float32)


def searchable(candidates: QuerySet[Listing] | None = None) -> QuerySet[Listing]:
    """Only published listings are ever searched, whatever the caller passes."""
    queryset = candidates if candidates is not None else Listing.objects.all()
    return queryset.filter(status=ListingStatus.PUBLISHED)


@dataclass
class SearchResults:
    query: str
    language: str
    hits: list[Hit]
    total_candidates: int


def search(
    query: str,
    *,
    candidates: QuerySet[Listing] | None = None,
    limit: int = 20,
    mode: str = "hybrid",
    weights: Weights = DEFAULT_WEIGHTS,
    filtered: bool = True,
) -> SearchResults:
    """Listings for `query` among `candidates` (already filtered), best first.

    mode: "hybrid" (default), "lexical" or "semantic" (the latter two for benchmarks).
    filtered=False says the candidates are all published listings: the vector index then
    searches everything (HNSW at scale) instead of an explicit list of allowed ids, and its
    hits are checked against the candidates afterwards.
    """
    candidates = searchable(candidates)
    if mode == "lexical":  # rank by bm25 alone, every language alike
        weights = Weights(lexical_same_language=1.0, lexical_other_language=1.0)
    ensure_directory_terms()
    tokens = normalize.query_tokens(query)
    # Vietnamese typed without its marks is read as the listings write it (accents.py);
    # the lexical index folds marks away, so only the language and the vector change.
    written = query
    if weights.restore_vietnamese_marks and mode != "lexical":
        written = accents.restored_query(query, tokens, candidates) or query
    language = detect_language(written, default=settings.LANGUAGE_CODE)
    uses_lexical = mode == "lexical" or (mode == "hybrid" and lexical_counts(weights, len(tokens)))
    # With a lexical bonus, a semantic hit far down can still rise into the top `limit`;
    # without one the ranking is the semantic order, and twice `limit` leaves room for hits
    # the final check below drops (a sentence filtered by kind at 100,000: 12 ms less).
    depth = max(RETRIEVER_DEPTH, limit) if uses_lexical else 2 * limit
    # Unfiltered, the lexical index holds only published listings already (but for a moment
    # of worker lag, checked below); asking SQL to filter by status again made SQLite build
    # a table of 1,000,000 ids for every query (150 ms).
    lexical_hits = (
        lexical.search(tokens, candidates=candidates if filtered else None, limit=depth)
        if uses_lexical
        else []
    )
    semantic_hits: list[tuple[int, float]] = []
    short = normalize.word_count(query) <= weights.short_query_tokens
    vector = None
    if mode != "lexical" and query.strip():
        embedder = get_embedder()
        allowed = allowed_ids(candidates) if filtered else None
        use_weight = weights.short_use_weight if short else None
        vector = _query_vector(embedder, normalize.for_embedding(written), weights, use_weight)
        index = get_index(embedder.name)
        semantic_hits = index.search(vector, allowed=allowed, limit=depth)
        if short and weights.feedback and semantic_hits:
            first = _feedback_ids(semantic_hits, language, weights)
            if first:
                vector = with_feedback(vector, index.vectors(first), weights.feedback)
                semantic_hits = index.search(vector, allowed=allowed, limit=depth)
    ids = {pk for pk, _s in lexical_hits} | {pk for pk, _s in semantic_hits}
    # One query gives the hits' languages and checks them: the indexes may lag the
    # database by a moment (an entry the worker has not removed yet, a cached filter), and
    # a hit must be a candidate now. Unordered: the listings' default order made SQLite
    # walk its (status, published_at) index over every published listing instead of
    # looking the ids up, 11 ms against 0.3 ms at 100,000 listings.
    languages = dict(candidates.filter(pk__in=ids).order_by().values_list("pk", "language"))
    semantic_hits = [(pk, s) for pk, s in semantic_hits if pk in languages]
    lexical_hits = [(pk, s) for pk, s in lexical_hits if pk in languages]
    if short and weights.use_imputation and vector is not None:
        semantic_hits = _impute_use(semantic_hits, vector, languages, weights.use_imputation)
    hits = fuse(
        lexical_hits,
        semantic_hits,
        query_language=language,
        languages=languages,
        weights=weights,
        query_length=len(tokens),
    )
    if short and weights.sector_lift:
        hits = _lift_by_sectors(hits, weights, limit)
    hits = hits[:limit]
    _explain(hits, tokens, query)
    return SearchResults(query, language, hits, len(ids))


# The index sample's rows of listings in languages USE knows, by model: (sample ids,
# rows), asked of the database again only when the sample changes.
_known_sample: dict[str, tuple[bytes, np.ndarray]] = {}


def _known_language_sample(index) -> np.ndarray:
    """The rows of the index's fixed sample whose listings are in a language USE knows:
    what a listing's two similarities look like when both mean something."""
    ids, rows = index.sample()
    key = ids.tobytes()
    cached = _known_sample.get(index.model_name)
    if cached is None or cached[0] != key:
        known = set(
            Listing.objects.filter(pk__in=ids.tolist(), language__in=USE_LANGUAGES)
            .order_by()
            .values_list("pk", flat=True)
        )
        mask = np.array([pk in known for pk in ids.tolist()], dtype=bool)
        cached = _known_sample[index.model_name] = (key, rows[mask] if len(rows) else rows)
    return cached[1]


def _impute_use(
    hits: list[tuple[int, float]], vector: np.ndarray, languages: dict[int, str], factor: float
) -> list[tuple[int, float]]:
    """Semantic hits rescored where the listing's language is one USE does not know: e5
    similarity plus an imputed USE similarity, the e5 one's z-score (against the index
    sample) times `factor` read as a USE z-score. On the search-box benchmark Vietnamese
    listings of a relevant answer scored e5 0.59 (corpus 0.52 ± 0.04) and USE 0.02 (corpus
    0.02 ± 0.06), against 0.63 and 0.22 for answers in other languages: without this, a
    query in any other language rarely showed one (recall@10 0.00-0.38)."""
    embedder = get_embedder()
    split = use_half_start(embedder)
    unknown = [pk for pk, _s in hits if languages.get(pk) not in USE_LANGUAGES]
    if split is None or not unknown or not vector[split:].any():
        return hits  # not fused, nothing to impute, or a query USE cannot read
    index = get_index(embedder.name)
    sample = _known_language_sample(index)
    if len(sample) < 2:
        return hits
    e5_sample, use_sample = sample[:, :split] @ vector[:split], sample[:, split:] @ vector[split:]
    spread = float(e5_sample.std())
    if not spread:
        return hits
    e5 = index.vectors(unknown)[:, :split] @ vector[:split]
    use = use_sample.mean() + factor * (e5 - e5_sample.mean()) * float(use_sample.std()) / spread
    imputed = dict(zip(unknown, (e5 + use).tolist(), strict=True))
    rescored = [(pk, imputed.get(pk, score)) for pk, score in hits]
    return sorted(rescored, key=lambda hit: (-hit[1], hit[0]))


def _lift_by_sectors(hits: list[Hit], weights: Weights, limit: int) -> list[Hit]:
    """Hits lifted by the sectors of the first `weights.sector_depth`: each of those votes
    1/rank for its sectors, and a hit gains `weights.sector_lift` times the largest share
    of the votes one of its sectors won. A short query's first hits are nearly always on
    its topic, and the lift brings that topic's listings in other languages up past
    another topic's that merely share a word. Only hits that the lift could bring into
    the first `limit` are looked at (their sectors are one query)."""
    from collections import Counter, defaultdict

    if not hits:
        return hits
    floor = hits[min(limit, len(hits)) - 1].score - weights.sector_lift
    reachable = [hit for hit in hits if hit.score >= floor]
    rest = hits[len(reachable) :]
    hits = reachable
    through = Listing.sectors.through
    sectors: dict[int, set[int]] = defaultdict(set)
    for pk, sector in (
        through.objects.filter(listing_id__in=[hit.listing_id for hit in hits])
        .order_by()
        .values_list("listing_id", "sector_id")
    ):
        sectors[pk].add(sector)
    first = hits[: weights.sector_depth]
    votes: Counter[int] = Counter()
    for rank, hit in enumerate(first, start=1):
        for sector in sectors[hit.listing_id]:
            votes[sector] += 1.0 / rank
    total = sum(1.0 / rank for rank in range(1, len(first) + 1))
    if not votes:
        return hits + rest
    for hit in hits:
        share = max((votes[sector] for sector in sectors[hit.listing_id]), default=0.0) / total
        hit.score += weights.sector_lift * share
    return _best_first(hits) + rest


def _explain(hits: list[Hit], query_tokens: list[str], query: str = "") -> None:
    """Attach the listings and the query terms each shares: folded for highlighting
    (`shared_terms`), and as the query or the listing writes them for the "why" line
    (`shared_words`: `giống, lúa`, never the index's `giong, lua`)."""
    wanted = set(query_tokens)
    listings = (
        Listing.objects.select_related("owner", "search_entry")
        .defer("search_entry__vector")
        .prefetch_related("sectors")
        .order_by()
        .in_bulk([h.listing_id for h in hits])
    )
    for hit in hits:
        hit.listing = listings.get(hit.listing_id)
        entry = getattr(hit.listing, "search_entry", None) if hit.listing else None
        tokens = entry.tokens if entry else ""
        shared = [t for t in dict.fromkeys(tokens.split()) if t in wanted]
        hit.shared_terms = [t for t in shared if len(t) > 1 or not t.isascii()][:5]
        if hit.listing is not None:
            hit.shared_words = as_written(
                hit.shared_terms, query, hit.listing.title, hit.listing.summary
            )


def attach_listings(hits: list[Hit]) -> None:
    """Give hits kept without their listings (a shared ranking) their listings again, as
    pages show them; a hit whose listing is gone keeps None."""
    listings = (
        Listing.objects.select_related("owner")
        .prefetch_related("sectors")
        .order_by()
        .in_bulk([h.listing_id for h in hits])
    )
    for hit in hits:
        hit.listing = listings.get(hit.listing_id)


def index_version() -> str:
    """What this process's vector index reflects (its entry count and newest change, after
    its periodic check): part of the key of cached results, so that a process whose index
    lags behind another's never shares its results with it."""
    index = get_index(get_embedder().name)
    index.refresh()
    state = index.state
    return (
        f"{state.count}:{state.latest.isoformat() if state and state.latest else ''}"
        if state
        else ""
    )


_warm = threading.Event()


def is_warm() -> bool:
    """Whether this process has loaded the search models and opened the index (its warm-up
    finished, or a search ran): what /readyz reports."""
    return _warm.is_set()


def warm_up() -> None:
    """Load the embedders and the tokenizer dictionaries and open the vector index, so the
    first visitor's search is as fast as the next (the models take seconds to load). Run in
    a thread when a web process starts (wsgi.py); a failure is logged, never raised: search
    then loads lazily as before."""
    import logging

    from django.db import connection

    try:
        search("warm up", limit=1)
        _warm.set()
    except Exception:  # a warm-up must never stop the web process
        logging.getLogger(__name__).exception("Search warm-up failed; search loads lazily.")
    finally:
        if not connection.in_atomic_block:  # the thread's own connection
            connection.close()


def hit_as_dict(hit: Hit) -> dict[str, Any]:
    listing = hit.listing
    return {
        "id": hit.listing_id,
        "ref": getattr(listing, "ref", "") or "",
        "kind": listing.kind if listing else "",
        "title": listing.title if listing else "",
        "language": listing.language if listing else "",
        "score": round(hit.score, 6),
    }


# --- Matchmaking -----------------------------------------------------------------------

# Which kinds answer which: a need is answered by offers, resources, programmes and calls;
# each of those by needs.
COMPLEMENTS = {
    "need": ("offer", "resource", "talent", "call"),
    "offer": ("need",),
    "resource": ("need",),
    "talent": ("need",),
    "call": ("need",),
}


def match_candidates(listing: Listing) -> QuerySet[Listing]:
    """Published listings of the complementary kinds, of other organizations, in the
    countries each side targets (no target means every country)."""
    from django.db.models import Q

    candidates = (
        searchable().filter(kind__in=COMPLEMENTS[listing.kind]).exclude(owner_id=listing.owner_id)
    )
    targets = list(listing.target_countries.values_list("country", flat=True))
    if targets:
        candidates = candidates.filter(owner__country__in=targets)
    return candidates.filter(
        Q(target_countries__isnull=True) | Q(target_countries__country=listing.owner.country)
    ).distinct()


def matches_for(listing: Listing, *, limit: int = 10) -> SearchResults:
    """The best partners for a listing: its own text searched among match_candidates."""
    return search(
        listing_text(listing),
        candidates=match_candidates(listing),
        limit=limit,
        weights=MATCH_WEIGHTS,
    )
