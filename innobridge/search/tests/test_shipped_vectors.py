"""Vectors shipped with the demo: used for the texts and the model they were made for,
never for others, and complete for the demo as it is today."""

from __future__ import annotations

import numpy as np
import pytest

from innobridge.search import shipped_vectors
from innobridge.search.embedders import get_embedder


@pytest.fixture
def use_embedder(settings):
    settings.SEARCH_EMBEDDER = "use"
    return get_embedder("use")


@pytest.fixture
def shipped_file(tmp_path, monkeypatch):
    path = tmp_path / "vectors.npz"
    monkeypatch.setattr(shipped_vectors, "SHIPPED_FILE", path)
    shipped_vectors.shipped_vectors.cache_clear()
    yield path
    shipped_vectors.shipped_vectors.cache_clear()


def marker(dimensions: int, index: int) -> np.ndarray:
    vector = np.zeros(dimensions, dtype=np.float32)
    vector[index] = 1.0
    return vector


def test_embed_passages_takes_shipped_vectors_and_embeds_the_rest(use_embedder, shipped_file):
    known = marker(use_embedder.dimensions, 0)
    shipped_vectors.save_shipped_vectors(
        shipped_file, model_name=use_embedder.name, passages={"Solar panels": known}, queries={}
    )

    vectors = shipped_vectors.embed_passages(use_embedder, ["Solar panels", "Rice seeds"])

    assert vectors[0].tolist() == known.tolist()
    assert np.allclose(vectors[1], use_embedder.embed_passages(["Rice seeds"])[0], atol=1e-6)


def test_embed_query_takes_the_shipped_vector_of_the_same_text_and_weight_only(
    use_embedder, shipped_file
):
    known = marker(use_embedder.dimensions, 1)
    shipped_vectors.save_shipped_vectors(
        shipped_file,
        model_name=use_embedder.name,
        passages={},
        queries={("Rice seeds", 2.0): known},
    )
    computed = use_embedder.embed_queries(["Rice seeds"])[0]

    assert shipped_vectors.embed_query(use_embedder, "Rice seeds", use_weight=2.0).tolist() == (
        known.tolist()
    )
    assert np.allclose(
        shipped_vectors.embed_query(use_embedder, "Rice seeds", use_weight=None), computed
    )
    assert np.allclose(
        shipped_vectors.embed_query(use_embedder, "Rice seed", use_weight=2.0),
        use_embedder.embed_queries(["Rice seed"])[0],
    )


def test_vectors_of_another_model_are_ignored(use_embedder, shipped_file):
    shipped_vectors.save_shipped_vectors(
        shipped_file,
        model_name="another-model",
        passages={"Solar panels": marker(use_embedder.dimensions, 0)},
        queries={},
    )

    vectors = shipped_vectors.embed_passages(use_embedder, ["Solar panels"])

    assert np.allclose(vectors[0], use_embedder.embed_passages(["Solar panels"])[0], atol=1e-6)


def test_no_shipped_file_means_everything_is_embedded(use_embedder, shipped_file):
    assert shipped_vectors.shipped_vectors(use_embedder.name) == shipped_vectors.ShippedVectors()
    assert np.allclose(
        shipped_vectors.embed_passages(use_embedder, ["Solar panels"])[0],
        use_embedder.embed_passages(["Solar panels"])[0],
        atol=1e-6,
    )


@pytest.mark.django_db
def test_shipped_file_covers_every_demo_text_of_the_default_embedder(settings):
    """Fails when the demo's texts or the default embedder change without
    `scripts/demo_vectors.py` being rerun: `make run` would then embed for minutes."""
    from innobridge.marketplace.choices import ListingStatus
    from innobridge.marketplace.demo import demo_load as listings_demo_load
    from innobridge.marketplace.models import Listing
    from innobridge.news.choices import ArticleStatus
    from innobridge.news.demo import demo_load as news_demo_load
    from innobridge.news.models import Article
    from innobridge.news.services import article_passage
    from innobridge.organizations.demo import demo_load as organizations_demo_load
    from innobridge.search import normalize
    from innobridge.search.documents import listing_passage, listing_text
    from innobridge.search.ranking import MATCH_WEIGHTS

    organizations_demo_load()
    listings_demo_load()
    news_demo_load()
    shipped = shipped_vectors.shipped_vectors(get_embedder().name)
    listings = list(Listing.objects.filter(status=ListingStatus.PUBLISHED))
    articles = list(Article.objects.filter(status=ArticleStatus.PUBLISHED))
    passages = [listing_passage(x) for x in listings] + [article_passage(x) for x in articles]
    queries = [normalize.for_embedding(listing_text(listing)) for listing in listings]

    assert len(listings) == 343
    missing_passages = [
        t for t in passages if shipped_vectors.passage_key(t) not in shipped.passages
    ]
    missing_queries = [
        text
        for text in queries
        if shipped_vectors.query_key(text, MATCH_WEIGHTS.use_weight) not in shipped.queries
    ]
    assert (missing_passages, missing_queries) == ([], [])
