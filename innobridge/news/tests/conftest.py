"""Fixtures of the news tests: a cheap embedder standing in for the search engine's, and
the directory and news page the import tests need."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from innobridge.news.tests.importing_data import FIXTURE
from innobridge.organizations.demo import load_demo_records
from innobridge.organizations.models import Organization
from innobridge.search.embedders import get_embedder


class WordHashEmbedder:
    """Bag of words hashed into 64 dimensions: texts sharing words are close, in no time."""

    name = "test-word-hash"
    dimensions = 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in text.lower().split():
            digest = hashlib.blake2b(word.strip(".,").encode(), digest_size=2).digest()
            vector[int.from_bytes(digest, "big") % self.dimensions] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_passages(self, texts):
        return np.vstack([self._vector(text) for text in texts]) if texts else np.zeros((0, 64))

    embed_queries = embed_passages


@pytest.fixture(autouse=True)
def _word_hash_embedder(settings):
    settings.SEARCH_EMBEDDERS = {
        **settings.SEARCH_EMBEDDERS,
        "test": "innobridge.news.tests.conftest.WordHashEmbedder",
    }
    settings.SEARCH_EMBEDDER = "test"
    get_embedder.cache_clear()
    yield
    get_embedder.cache_clear()


@pytest.fixture
def directory(db):
    """The demo alliance's organizations (about a hundred, named in many scripts), without
    the demo's users, whose password hashing would dominate the run time."""
    Organization.objects.bulk_create(
        Organization(
            name=record["name"],
            name_language=record["name_language"],
            translated_names=record["translated_names"],
            short_name=record.get("short_name", ""),
            type=record["type"],
            country=record["country"],
            membership_status=record["membership_status"],
        )
        for record in load_demo_records()
    )


@pytest.fixture
def fixture_bytes() -> bytes:
    if not FIXTURE.exists():
        pytest.skip("the shared news fixture is not on this machine")
    return FIXTURE.read_bytes()
