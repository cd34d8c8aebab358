"""Search through the product: tokens, both lexical backends, the semantic index, fusion,
filters, freshness after changes and persistence across restarts."""

from __future__ import annotations

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from innobridge.marketplace import services as marketplace_services
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import lexical, normalize, queries, ranking, services
from innobridge.search.embedders import get_embedder
from innobridge.search.queries import SearchRequest
from innobridge.search.semantic import VectorIndex, get_index, reset_indexes

pytestmark = pytest.mark.django_db

CHINESE_OFFER = (
    "绵阳优质水稻、蔬菜新品种赴越南试验示范",
    "绵阳市农业科学研究院提供优质水稻和蔬菜新品种，在越南开展试验示范，"
    "并联合研究适应越南生态气候的栽培技术。",
)
VIETNAMESE_NEED = (
    "Cần giống lúa và rau chất lượng cao để khảo nghiệm tại Việt Nam",
    "Chúng tôi tìm giống lúa, giống rau mới để khảo nghiệm, trình diễn "
    "và cùng nghiên cứu kỹ thuật canh tác.",
)
DISTRACTORS = [
    ("Membrane bioreactor for textile wastewater", "Cuts COD by 90 % in dyeing effluent."),
    ("Hydrogen refuelling station for bus depots", "700 bar dispensing, 200 kg a day."),
    ("稻谷低温循环干燥机组", "批处理量10至30吨，适用于种子烘干。"),
    ("Drone spraying service for orchards", "Precision spraying of fruit trees."),
    ("Машинное зрение для контроля сварных швов", "Обнаружение дефектов на конвейере."),
    ("نظام ري بالتنقيط يعمل بالطاقة الشمسية", "للمزارع الصغيرة في المناطق الجافة."),
]


def run_search(request: SearchRequest, *, user) -> dict:
    """What the API and the command line answer."""
    return queries.payload(queries.search(request, user=user))


def published(title: str, summary: str, **kwargs):
    listing = ListingFactory(title=title, summary=summary, **kwargs)
    services.index_listings([listing.pk])
    return listing


def ids(results) -> list[int]:
    return [hit.listing_id for hit in results.hits]


def test_terms_in_most_listings_are_left_out_of_lexical_retrieval(settings, monkeypatch):
    """Above the size threshold a term held by more than the allowed share of listings is
    not ranked (SQLite's fts5vocab, PostgreSQL's column statistics say how common)."""
    owner = OrganizationFactory()
    rare = published("Common words, rare catalyst", "common words", owner=owner)
    for n in range(5):
        published(f"Common words {n}", "common words", owner=owner)
    monkeypatch.setattr(lexical, "ANALYZE_AFTER_ROWS", 1)
    lexical.analyze_after_bulk(6)  # PostgreSQL: the statistics the cut-off reads
    settings.SEARCH_LEXICAL_PRUNE_FROM, settings.SEARCH_LEXICAL_MAX_DF_SHARE = 0, 0.5
    query = normalize.query_tokens("common catalyst")
    assert lexical.document_frequencies(["common", "catalyst"]) == {"common": 6, "catalyst": 1}
    assert lexical.informative_terms(query) == ["catalyst"]
    assert [pk for pk, _score in lexical.search(query)] == [rare.pk]
    assert lexical.search(normalize.query_tokens("common words")) == []
    # A query of common terms only is still answered, by meaning.
    assert ranking.search("common words", limit=10).hits
    settings.SEARCH_LEXICAL_PRUNE_FROM = 10**6  # a small index ranks every term
    assert len(lexical.search(normalize.query_tokens("common words"))) == 6
    lexical.forget_statistics()


def test_tokens_fold_traditional_to_simplified_and_keep_single_characters():
    assert normalize.tokenize("綿陽") == normalize.tokenize("绵阳") == ["绵阳", "绵", "阳"]


def test_tokens_fold_case_and_latin_accents():
    assert normalize.tokenize("Giống LÚA, Hà Nội") == ["giong", "lua", "ha", "noi"]


def test_tokens_repair_mojibake_before_indexing():
    assert normalize.tokenize("Viá»‡t Nam") == normalize.tokenize("Việt Nam") == ["viet", "nam"]


def test_lexical_backend_finds_exactly_the_listings_sharing_a_token():
    """Same expectations on SQLite (FTS5) and PostgreSQL (tsvector): CI runs both."""
    rice = published("水稻新品种", "越南试验示范")
    seeds = published("Rice seed dryer", "Low-temperature drying of rice seed")
    other = published("Hydrogen station", "Bus depot refuelling")
    hits = lexical.search(normalize.tokenize("水稻 rice"), limit=10)
    assert sorted(pk for pk, _score in hits) == sorted([rice.pk, seeds.pk])
    assert other.pk not in {pk for pk, _score in hits}
    assert lexical.search(normalize.tokenize("稻"), limit=10)[0][0] == rice.pk


def test_vietnamese_need_finds_chinese_offer_in_top_5():
    offer = published(*CHINESE_OFFER, language="zh-hans")
    for title, summary in DISTRACTORS:
        published(title, summary)
    results = ranking.search(" ".join(VIETNAMESE_NEED), limit=5)
    assert offer.pk in ids(results)


def test_simplified_query_finds_traditional_text_and_the_reverse():
    traditional = published("綿陽優質水稻新品種", "在越南試驗示範", language="zh-hant")
    simplified = published("绵阳科技城人工智能合作征集", "工业视觉与大模型应用", language="zh-hans")
    for title, summary in DISTRACTORS:
        published(title, summary)
    assert ids(ranking.search("绵阳 水稻 品种", limit=3))[0] == traditional.pk
    assert ids(ranking.search("綿陽 人工智慧 合作", limit=3))[0] == simplified.pk


def test_one_character_and_long_paragraph_queries_work():
    offer = published(*CHINESE_OFFER, language="zh-hans")
    assert ids(ranking.search("稻", limit=3))[0] == offer.pk
    paragraph = " ".join([CHINESE_OFFER[1]] * 20)
    assert ids(ranking.search(paragraph, limit=3))[0] == offer.pk


def test_filters_never_leak_unpublished_listings_or_other_kinds():
    offer = published(*CHINESE_OFFER, language="zh-hans")
    need = published("水稻品种需求", "寻找优质水稻品种", kind="need", language="zh-hans")
    draft = ListingFactory(title="水稻草稿", summary="水稻", status=ListingStatus.DRAFT)
    services.index_listings([draft.pk])  # a draft is never indexed
    request = SearchRequest.from_params({"q": "水稻", "kind": "offer"})
    payload = run_search(request, user=AnonymousUser())
    assert [hit["id"] for hit in payload["results"]] == [offer.pk]
    everything = run_search(SearchRequest.from_params({"q": "水稻"}), user=AnonymousUser())
    assert sorted(hit["id"] for hit in everything["results"]) == sorted([offer.pk, need.pk])


def test_search_payload_has_the_documented_fields():
    offer = published(*CHINESE_OFFER, language="zh-hans", ref="EXT-42")
    payload = run_search(SearchRequest.from_params({"q": "水稻", "limit": 1}), user=AnonymousUser())
    hit = payload["results"][0]
    assert {k: hit[k] for k in ("id", "ref", "kind", "title", "language")} == {
        "id": offer.pk,
        "ref": "EXT-42",
        "kind": "offer",
        "title": CHINESE_OFFER[0],
        "language": "zh-hans",
    }
    assert hit["score"] > 0


def test_closed_and_edited_listings_are_reflected_once_the_worker_ran(settings, secretariat):
    settings.LISTING_CHANGE_TASKS = ["innobridge.search.tasks.index_listings"]
    offer = published(*CHINESE_OFFER, language="zh-hans")
    assert ids(ranking.search("水稻", limit=5)) == [offer.pk]
    marketplace_services.listing_update(
        listing=offer, actor=secretariat, data={"title": "Hydrogen fuel cell stack"}
    )
    assert ids(ranking.search("hydrogen fuel cell", limit=5)) == [offer.pk]
    marketplace_services.listing_close(listing=offer, actor=secretariat)
    assert ids(ranking.search("hydrogen fuel cell", limit=5)) == []


def test_index_survives_a_restart(settings):
    offer = published(*CHINESE_OFFER, language="zh-hans")
    index = get_index(get_embedder().name)
    index.refresh()
    assert index.path.exists()
    reset_indexes()  # a new process: nothing in memory
    fresh = VectorIndex(get_embedder().name)
    fresh.refresh()
    assert list(fresh.ids) == [offer.pk]
    assert ids(ranking.search("水稻", limit=3)) == [offer.pk]


def test_index_asks_the_database_at_most_every_check_interval(settings, django_assert_num_queries):
    offer = published(*CHINESE_OFFER, language="zh-hans")
    index = get_index(get_embedder().name)
    index.refresh()
    settings.SEARCH_INDEX_CHECK_SECONDS = 3600
    with django_assert_num_queries(0):
        index.refresh()
    settings.SEARCH_INDEX_CHECK_SECONDS = 0
    with django_assert_num_queries(1):
        index.refresh()
    assert list(index.ids) == [offer.pk]


def test_changing_the_model_marks_entries_stale(settings):
    offer = published(*CHINESE_OFFER, language="zh-hans")
    assert services.stale_listing_ids() == []
    settings.SEARCH_EMBEDDER = "use"
    get_embedder.cache_clear()
    try:
        assert services.stale_listing_ids() == [offer.pk]
    finally:
        get_embedder.cache_clear()


def test_matches_honour_kinds_owner_and_target_countries():
    vietnam, china, kazakhstan = (OrganizationFactory(country=c) for c in ("VN", "CN", "KZ"))
    need = published(
        *VIETNAMESE_NEED, kind="need", language="vi", owner=vietnam, target_countries=["CN"]
    )
    offer = published(*CHINESE_OFFER, language="zh-hans", owner=china)
    published("Rice varieties from Kazakhstan", "Trials in Vietnam", owner=kazakhstan)
    published("Own offer", "giống lúa", owner=vietnam)
    published("另一需求 水稻", "水稻", kind="need", owner=china)
    results = ranking.matches_for(need, limit=10)
    assert ids(results) == [offer.pk]


def test_reindex_command_rebuilds_everything(capsys):
    offer = published(*CHINESE_OFFER, language="zh-hans")
    services.remove_listings([offer.pk])
    assert ids(ranking.search("水稻", limit=3)) == []
    call_command("reindex")
    assert ids(ranking.search("水稻", limit=3)) == [offer.pk]
    assert "Indexed 1 listings" in capsys.readouterr().out


def _vector_listings(count: int, dimensions: int = 8, seed: int = 7):
    """`count` listings with random unit vectors of a test model, saved as the worker would."""
    import numpy as np

    from innobridge.search.models import SearchEntry

    rng = np.random.default_rng(seed)
    owner = OrganizationFactory()
    listings = [ListingFactory(owner=owner, title=f"Vector {n}", summary="x") for n in range(count)]
    vectors = rng.standard_normal((count, dimensions)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for listing, vector in zip(listings, vectors, strict=True):
        entry = SearchEntry(listing=listing, tokens="")
        entry.set_vector(vector, "test-model")
        entry.save()
    return listings, vectors


def _set_vector(listing, vector) -> None:
    from innobridge.search.models import SearchEntry

    entry = SearchEntry.objects.get(listing=listing)
    entry.set_vector(vector, "test-model")
    entry.save()


def test_hnsw_graph_answers_like_the_exact_scan(settings, tmp_path):
    """Above the threshold the graph answers; its top hit equals the exact scan's."""
    import numpy as np

    listings, vectors = _vector_listings(300)
    settings.SEARCH_HNSW_THRESHOLD = 10**9
    exact = VectorIndex("test-model", tmp_path / "exact")
    exact.refresh()
    settings.SEARCH_HNSW_THRESHOLD = 100
    graph = VectorIndex("test-model", tmp_path / "graph")
    graph.refresh()
    assert graph.graph is not None and exact.graph is None
    query = vectors[17]
    best = listings[17].pk
    assert graph.search(query, limit=1)[0][0] == exact.search(query, limit=1)[0][0] == best
    # The graph's candidates are reranked by the float16 rows: the same scores as exact.
    assert graph.search(query, limit=1)[0][1] == pytest.approx(exact.search(query, limit=1)[0][1])
    allowed = np.array([listing.pk for listing in listings[:250]])
    assert [pk for pk, _s in graph.search(query, allowed=allowed, limit=5)] == [
        pk for pk, _s in exact.search(query, allowed=allowed, limit=5)
    ]
    narrow = np.array([listings[3].pk, listings[4].pk])
    assert {pk for pk, _s in graph.search(query, allowed=narrow, limit=5)} == set(narrow.tolist())


def test_a_new_process_opens_the_saved_graph_instead_of_rebuilding_it(settings, tmp_path):
    settings.SEARCH_HNSW_THRESHOLD = 100
    listings, vectors = _vector_listings(150)
    first = VectorIndex("test-model", tmp_path)
    first.refresh()
    generation = first.generation
    second = VectorIndex("test-model", tmp_path)
    second.refresh()
    assert second.generation == generation and second.graph is not None
    assert second.search(vectors[5], limit=1)[0][0] == listings[5].pk


def test_graph_index_catches_up_with_edits_and_deletions_then_compacts(settings, tmp_path):
    """Above the threshold, a change reaches every process at once through the delta and
    the deletion mask; the worker's compaction then writes a new generation, which the
    other processes switch to."""
    import numpy as np

    settings.SEARCH_HNSW_THRESHOLD = 100
    listings, vectors = _vector_listings(150)
    web = VectorIndex("test-model", tmp_path)
    web.refresh()
    worker = VectorIndex("test-model", tmp_path)
    worker.refresh()

    moved, deleted = listings[10], listings[20]
    _set_vector(moved, vectors[40])  # now a twin of listing 40
    deleted.search_entry.delete()
    web.refresh()
    assert moved.pk in web.delta_ids and deleted.pk in web.removed
    assert deleted.pk not in [pk for pk, _s in web.search(vectors[20], limit=150)]
    assert {pk for pk, _s in web.search(vectors[40], limit=2)} == {moved.pk, listings[40].pk}
    assert moved.pk not in [pk for pk, _s in web.search(vectors[10], limit=3)]
    only_moved = np.array([moved.pk])
    assert [pk for pk, _s in web.search(vectors[40], allowed=only_moved, limit=5)] == [moved.pk]
    # A narrow filter, unsorted, naming a deleted and an unknown listing: exact scan.
    narrow = np.array([listings[30].pk, deleted.pk, 10**9, listings[5].pk])
    hits = web.search(vectors[5], allowed=narrow, limit=5)
    assert [pk for pk, _s in hits] == [listings[5].pk, listings[30].pk]

    assert worker.compact(force=True)
    assert worker.generation != web.generation and not len(worker.delta_ids)
    assert len(worker) == 149 and len(worker.graph) == 149
    web.refresh()
    assert web.generation == worker.generation and not len(web.removed)
    assert {pk for pk, _s in web.search(vectors[40], limit=2)} == {moved.pk, listings[40].pk}
    assert deleted.pk not in [pk for pk, _s in web.search(vectors[20], limit=150)]


@pytest.mark.parametrize("threshold", [10**9, 100], ids=["exact", "graph"])
def test_stored_vectors_are_read_back_from_base_and_delta(settings, tmp_path, threshold):
    """Pseudo-relevance feedback reads its first hits' vectors: from the base (float32 in
    memory, or float16 rows on disk above the threshold), from the delta after an edit,
    and as zeros for a deleted or unknown listing."""

    settings.SEARCH_HNSW_THRESHOLD = threshold
    listings, vectors = _vector_listings(150)
    index = VectorIndex("test-model", tmp_path)
    index.refresh()
    moved, deleted = listings[10], listings[20]
    _set_vector(moved, vectors[40])
    deleted.search_entry.delete()
    index.refresh()

    read = index.vectors([listings[3].pk, moved.pk, deleted.pk, 10**9])

    assert read[0] == pytest.approx(vectors[3], abs=1e-3)  # float16 on disk
    assert read[1] == pytest.approx(vectors[40], abs=1e-3)
    assert not read[2].any() and not read[3].any()


def test_feedback_moves_the_query_towards_its_hits_and_keeps_its_length():
    import numpy as np

    query = np.array([2.0, 0.0, 0.0], dtype=np.float32)
    hits = np.array([[0.0, 1.0, 0.0], [0.0, 0.6, 0.8]], dtype=np.float32)

    moved = ranking.with_feedback(query, hits, 1.0)

    assert np.linalg.norm(moved) == pytest.approx(2.0)
    assert moved[1] > 0 and moved[2] > 0 and moved[0] < 2.0
    assert (ranking.with_feedback(query, hits, 0.0) == query).all()
    assert (ranking.with_feedback(query, np.zeros((2, 3), dtype=np.float32), 1.0) == query).all()


def test_feedback_across_languages_skips_the_query_language_family():
    """A Chinese query's feedback comes from its first hits in other languages: Simplified
    and Traditional are one family, and an English and a Vietnamese hit are taken in order."""
    simplified = published("水稻新品种", "耐盐水稻", language="zh-hans")
    traditional = published("水稻新品種", "耐鹽水稻", language="zh-hant")
    english = published("Rice varieties", "Salt-tolerant rice", language="en")
    vietnamese = published("Giống lúa chịu mặn", "Lúa chịu mặn", language="vi")
    hits = [(simplified.pk, 0.9), (traditional.pk, 0.8), (english.pk, 0.7), (vietnamese.pk, 0.6)]
    across = ranking.Weights(feedback=0.5, feedback_depth=2, feedback_across_languages=True)

    assert ranking._feedback_ids(hits, "zh-hans", across) == [english.pk, vietnamese.pk]
    assert ranking._feedback_ids(hits, "zh-hans", ranking.Weights(feedback_depth=2)) == [
        simplified.pk,
        traditional.pk,
    ]
    # First hits all in other languages: nothing crowds the query out, no feedback.
    assert ranking._feedback_ids(hits[2:], "zh-hans", across) == []


def test_short_query_settings_apply_to_short_queries_only():
    """With feedback and a short-query USE weight, a two-word query's ranking may change;
    a sentence's is exactly the default's."""
    published(*CHINESE_OFFER, language="zh-hans")
    published("Drip irrigation kits for date palms", "Subsurface drip lines, 40% less water.")
    published("Vaccine cold chain boxes", "Solar refrigerators for remote clinics.")
    short_settings = ranking.Weights(short_use_weight=1.2, feedback=1.0)
    sentence = "We need salt tolerant rice seeds for our coastal fields in the delta this year"

    default = ranking.search(sentence, filtered=False)
    tuned = ranking.search(sentence, filtered=False, weights=short_settings)
    short_default = ranking.search("rice seeds", filtered=False)
    short_tuned = ranking.search("rice seeds", filtered=False, weights=short_settings)

    assert [(h.listing_id, h.score) for h in tuned.hits] == [
        (h.listing_id, h.score) for h in default.hits
    ]
    assert [h.score for h in short_tuned.hits] != [h.score for h in short_default.hits]
    assert ids(short_tuned)[0] == ids(short_default)[0]


def test_a_bound_on_what_e5_reads_applies_where_use_reads_the_whole_query():
    """With Weights.e5_query_tokens, a search embeds at most that many tokens of a long
    query with e5 (about a millisecond a token) when USE, which reads all of it, knows its
    language: two English queries that differ only past the bound share their e5 half. A
    Vietnamese query, which only e5 reads, is read whole; so is everything by default (the
    search box's settings) and for matchmaking."""
    from dataclasses import replace

    embedder = get_embedder()
    e5, use = slice(0, embedder.e5.dimensions), slice(embedder.e5.dimensions, None)
    bound = 48
    bounded = replace(ranking.DEFAULT_WEIGHTS, e5_query_tokens=bound)
    english = (
        "We are looking for partners who can supply salt tolerant rice seed for the coastal "
        "provinces of the delta, run field trials over two seasons with local cooperatives, "
        "train our agronomists in the new varieties and share the yield data openly"
    )
    vietnamese = " ".join([*VIETNAMESE_NEED, VIETNAMESE_NEED[1]])
    for start in (english, vietnamese):
        assert embedder.e5.clip(normalize.for_embedding(start), bound) != start

    def halves(start, weights=bounded):
        tails = [" Contact: info@example.org, +84 24 3825 1234.", " Budget 2,000,000,000 VND."]
        return [ranking._query_vector(embedder, f"{start}{tail}", weights) for tail in tails]

    english_vectors, vietnamese_vectors = halves(english), halves(vietnamese)
    assert np.allclose(english_vectors[0][e5], english_vectors[1][e5], atol=1e-6)
    assert not np.allclose(english_vectors[0][use], english_vectors[1][use], atol=1e-3)
    assert not np.allclose(vietnamese_vectors[0][e5], vietnamese_vectors[1][e5], atol=1e-3)
    for whole in (ranking.DEFAULT_WEIGHTS, ranking.MATCH_WEIGHTS):
        read = halves(english, whole)
        assert not np.allclose(read[0][e5], read[1][e5], atol=1e-3)


def test_small_changes_wait_for_compaction_above_the_threshold(settings, tmp_path):
    settings.SEARCH_HNSW_THRESHOLD = 100
    listings, vectors = _vector_listings(150)
    index = VectorIndex("test-model", tmp_path)
    index.refresh()
    _set_vector(listings[0], vectors[1])
    assert not index.compact()  # one changed row: not worth rewriting the files
    assert listings[0].pk in index.delta_ids
    assert index.compact(force=True)


def test_damaged_index_file_is_rebuilt_from_the_database():
    offer = published(*CHINESE_OFFER, language="zh-hans")
    index = get_index(get_embedder().name)
    index.refresh()
    index.path.write_bytes(b"not a numpy file")
    reset_indexes()
    assert ids(ranking.search("水稻", limit=3)) == [offer.pk]


def test_a_cached_filter_never_shows_a_listing_closed_since(settings, secretariat):
    """The ids a filter allows are cached; a listing closed meanwhile (and not yet removed
    from the vector index by the worker) must still not be shown."""
    settings.SEARCH_FILTER_CACHE_SECONDS = 3600
    offer = published(*CHINESE_OFFER, language="zh-hans")
    offers = Listing.objects.filter(kind="offer")
    assert ids(ranking.search("rice varieties", candidates=offers, limit=5)) == [offer.pk]
    marketplace_services.listing_close(listing=offer, actor=secretariat)  # no worker ran
    assert ids(ranking.search("rice varieties", candidates=offers, limit=5)) == []
    assert ids(ranking.search("rice varieties", limit=5, filtered=False)) == []
    ranking.forget_allowed_ids()


def test_hits_are_checked_by_id_without_ordering_the_listings():
    """The hits' check, the feedback's language lookup and the hits' listings look ids
    up: with the listings' default order, SQLite walked its (status, published_at) index
    over every published listing instead, 11 ms a query at 100,000 listings."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offer = published(*CHINESE_OFFER, language="zh-hans")
    published(*DISTRACTORS[0], language="en")
    with CaptureQueriesContext(connection) as captured:
        found = ranking.search("rice", limit=5, filtered=False)
    assert offer.pk in ids(found)
    lookups = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "marketplace_listing"' in q["sql"]
    ]
    # The feedback's languages, the hits' check, and the hits' listings.
    assert len(lookups) == 3
    assert all("ORDER BY" not in sql for sql in lookups)


def test_warm_up_loads_the_models_and_opens_the_index():
    published(*CHINESE_OFFER, language="zh-hans")
    reset_indexes()  # a web process just started
    index = get_index(get_embedder().name)
    assert index.state is None
    ranking.warm_up()
    assert index.state is not None and len(index) == 1


def test_blas_keeps_to_one_thread_beside_the_e5_threads():
    from threadpoolctl import threadpool_info

    get_embedder()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_large_indexes_are_built_and_scanned_a_block_at_a_time(settings, tmp_path, monkeypatch):
    """Blocks bound the memory of a build and of an exact scan at 1,000,000 vectors; the
    answers must not depend on where the blocks end."""
    import numpy as np

    from innobridge.search import semantic

    listings, vectors = _vector_listings(300)
    settings.SEARCH_HNSW_THRESHOLD = 10**9
    exact = VectorIndex("test-model", tmp_path / "exact")
    exact.refresh()
    monkeypatch.setattr(semantic, "SCAN_BLOCK", 64)
    settings.SEARCH_HNSW_THRESHOLD = 100
    blocked = VectorIndex("test-model", tmp_path / "blocked")
    blocked.refresh()
    assert list(blocked.ids) == sorted(listing.pk for listing in listings)
    allowed = np.array([listing.pk for listing in listings[::2]])  # exact scan, 3 blocks
    for row in (0, 99, 200):
        expected = exact.search(vectors[row], allowed=allowed, limit=7)
        assert [pk for pk, _s in blocked.search(vectors[row], allowed=allowed, limit=7)] == [
            pk for pk, _s in expected
        ]


def test_row_file_reads_runs_of_rows_without_mapping_the_file(tmp_path):
    import numpy as np

    from innobridge.search.semantic import RowFile

    matrix = np.arange(40, dtype=np.float16).reshape(10, 4)
    np.save(tmp_path / "m.npy", matrix)
    rows = RowFile(tmp_path / "m.npy")
    positions = np.array([0, 1, 2, 5, 9])
    assert len(rows) == 10
    assert np.array_equal(rows.read(positions), matrix[positions].astype(np.float32))
    assert rows.read(np.array([], dtype=np.int64)).shape == (0, 4)
    assert np.array_equal(rows.read_all(), matrix)


def test_below_the_threshold_changes_are_folded_in_memory_and_saved_by_the_worker(tmp_path):
    """A web process takes a change into its exact matrix without writing files (every
    process rewriting the vectors for every change would not scale); the worker's
    compaction saves it, and the web process then switches to that generation."""
    listings, vectors = _vector_listings(50)
    web = VectorIndex("test-model", tmp_path)
    web.refresh()
    worker = VectorIndex("test-model", tmp_path)
    worker.refresh()
    generation = web.generation
    _set_vector(listings[0], vectors[1])
    web.refresh()
    assert web.generation == generation and web.graph is None
    twins = {listings[0].pk, listings[1].pk}
    assert {pk for pk, _s in web.search(vectors[1], limit=2)} == twins
    assert worker.compact()
    assert worker.generation != generation
    assert not worker.compact()  # nothing new to save
    web.refresh()
    assert web.generation == worker.generation
    assert {pk for pk, _s in web.search(vectors[1], limit=2)} == twins


def test_matchmaking_weighs_the_use_half_more_except_where_use_has_no_language():
    """Whole listings compare better by USE (bench/RESULTS.md, matching benchmark); a
    Vietnamese text keeps e5 alone, as USE does not know Vietnamese."""
    import numpy as np

    from innobridge.search.embedders import E5Embedder, FusedEmbedder

    embedder = get_embedder("e5+use")
    english = "Pilot line for sodium-ion battery cells, looking for a partner in Vietnam"
    default = embedder.embed_queries([english])[0]
    heavy = embedder.embed_queries([english], use_weight=2.0)[0]
    cut = E5Embedder.dimensions
    assert np.allclose(default[:cut], heavy[:cut])
    assert np.allclose(heavy[cut:], default[cut:] * 2.0 / FusedEmbedder.use_weight, atol=1e-5)
    vietnamese = embedder.embed_queries([" ".join(VIETNAMESE_NEED)], use_weight=2.0)[0]
    assert not vietnamese[cut:].any()
    assert ranking.MATCH_WEIGHTS.use_weight == 2.0


@pytest.mark.parametrize("threshold", [10**9, 100], ids=["exact", "graph"])
def test_index_sample_spreads_over_the_base_and_follows_it(settings, tmp_path, threshold):
    """The sample that calibrates imputed similarities is the same rows for every query,
    spread from the first listing to the last, and taken again once the base changes."""
    settings.SEARCH_HNSW_THRESHOLD = threshold
    listings, vectors = _vector_listings(150)
    index = VectorIndex("test-model", tmp_path)

    ids, rows = index.sample(10)
    again_ids, _rows = index.sample(10)

    assert len(ids) == 10 and (ids == again_ids).all()
    assert ids[0] == listings[0].pk and ids[-1] == listings[-1].pk
    position = {listing.pk: n for n, listing in enumerate(listings)}
    assert rows == pytest.approx(vectors[[position[pk] for pk in ids]], abs=1e-3)
    assert len(index.sample(1000)[0]) == 150

    listings[-1].search_entry.delete()
    index.compact(force=True)  # the worker folds the deletion into a new base
    assert listings[-1].pk not in index.sample(1000)[0]


SALT_RICE_VI = ("Giống lúa chịu mặn cho đồng bằng ven biển", "Giống lúa chịu mặn đến 6 phần nghìn.")
SALT_RICE_EN = ("Salt-tolerant rice seed", "Rice varieties that yield in brackish paddies.")


def _rank_of(results, listing) -> int:
    order = ids(results)
    return order.index(listing.pk) if listing.pk in order else len(order)


def test_imputed_use_lifts_a_vietnamese_answer_for_a_query_use_reads():
    """A Vietnamese listing has no meaningful USE half: against an English query it scored
    by e5 alone and fell below listings of other topics scored by both. With its USE
    similarity imputed from its e5 one it ranks higher; a Vietnamese query, which has no
    USE half, ranks as before."""
    vietnamese = published(*SALT_RICE_VI, language="vi")
    published(*CHINESE_OFFER, language="zh-hans")
    for title, summary in DISTRACTORS:
        published(title, summary, language="en")
    plain = ranking.Weights(lexical_same_language=0.2, lexical_other_language=0.1)
    imputed = ranking.Weights(
        lexical_same_language=0.2, lexical_other_language=0.1, use_imputation=1.0
    )

    before = ranking.search("salt tolerant rice", filtered=False, weights=plain)
    after = ranking.search("salt tolerant rice", filtered=False, weights=imputed)
    vi_before = ranking.search("lúa chịu mặn", filtered=False, weights=plain)
    vi_after = ranking.search("lúa chịu mặn", filtered=False, weights=imputed)

    assert _rank_of(after, vietnamese) < _rank_of(before, vietnamese)
    assert [(h.listing_id, h.score) for h in vi_after.hits] == [
        (h.listing_id, h.score) for h in vi_before.hits
    ]


def test_sector_lift_raises_the_first_hits_topic_over_a_closer_other_topic():
    """Hits sharing the sectors of the first hits gain up to the lift (votes 1/rank), so a
    listing of the query's topic passes one of another topic that scored a little higher;
    hits without a voted sector keep their score."""
    from innobridge.core.models import Sector

    agriculture, energy = (
        Sector.objects.get(code="agriculture"),
        Sector.objects.get(code="green-energy"),
    )
    rice, seeds, dryer, solar, untagged = (
        published(f"Listing {n}", "x", language="en") for n in range(5)
    )
    for listing, sector in ((rice, agriculture), (seeds, agriculture), (dryer, agriculture)):
        listing.sectors.set([sector])
    solar.sectors.set([energy])
    hits = [
        ranking.Hit(rice.pk, 0.90),
        ranking.Hit(seeds.pk, 0.80),
        ranking.Hit(solar.pk, 0.62),
        ranking.Hit(dryer.pk, 0.60),
        ranking.Hit(untagged.pk, 0.55),
    ]
    weights = ranking.Weights(sector_lift=0.15, sector_depth=3)

    lifted = ranking._lift_by_sectors(hits, weights, limit=5)

    assert [hit.listing_id for hit in lifted] == [
        rice.pk,
        seeds.pk,
        dryer.pk,
        solar.pk,
        untagged.pk,
    ]
    total = 1 + 1 / 2 + 1 / 3
    assert lifted[2].score == pytest.approx(0.60 + 0.15 * (1 + 1 / 2) / total)
    assert lifted[3].score == pytest.approx(0.62 + 0.15 * (1 / 3) / total)
    assert lifted[4].score == pytest.approx(0.55)
    # For the first two places only the hits within the lift of the second are looked at.
    again = [
        ranking.Hit(rice.pk, 0.90),
        ranking.Hit(seeds.pk, 0.80),
        ranking.Hit(solar.pk, 0.62),
        ranking.Hit(dryer.pk, 0.60),
        ranking.Hit(untagged.pk, 0.55),
    ]
    top_two = ranking._lift_by_sectors(again, weights, limit=2)
    assert [hit.score for hit in top_two[2:]] == [0.62, 0.6, 0.55]


def test_search_box_settings_leave_sentences_as_they_were():
    """Imputation and the sector lift were chosen on short queries; a sentence ranks
    exactly as without them."""
    import dataclasses

    published(*SALT_RICE_VI, language="vi")
    published(*SALT_RICE_EN, language="en")
    published(*CHINESE_OFFER, language="zh-hans")
    without = dataclasses.replace(ranking.DEFAULT_WEIGHTS, use_imputation=0.0, sector_lift=0.0)
    sentence = "We need salt tolerant rice seeds for our coastal fields in the delta this year"

    default = ranking.search(sentence, filtered=False)
    plain = ranking.search(sentence, filtered=False, weights=without)

    assert [(h.listing_id, h.score) for h in default.hits] == [
        (h.listing_id, h.score) for h in plain.hits
    ]


def test_word_count_counts_every_chinese_word_where_tokens_keep_only_the_longer():
    sentence = "所以我认为这是个很棒的产品"

    assert len(normalize.query_tokens(sentence)) <= 4
    assert normalize.word_count(sentence) > 4
    assert normalize.word_count("光伏") == 1
    assert normalize.word_count("salt tolerant rice") == 3


def test_a_chinese_sentence_of_few_long_words_ranks_as_before_issue_18():
    """A sentence is not a short query however few long words it has: the search box's
    short-query settings leave it exactly as the plain weights rank it (feedback on such
    NTREX sentences lost zh-hans→en lines)."""
    published(*CHINESE_OFFER, language="zh-hans")
    published(*SALT_RICE_EN, language="en")
    published(*SALT_RICE_VI, language="vi")
    sentence = "所以我认为这是个很棒的产品"

    default = ranking.search(sentence, filtered=False)
    plain = ranking.search(sentence, filtered=False, weights=ranking.Weights())

    assert [(h.listing_id, h.score) for h in default.hits] == [
        (h.listing_id, h.score) for h in plain.hits
    ]
