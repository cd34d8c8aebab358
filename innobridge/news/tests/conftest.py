"""Fixtures of the news tests: a cheap embedder standing in for the search engine's."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

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
