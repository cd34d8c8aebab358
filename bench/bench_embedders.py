"""Embedders for benchmarks: the product's models with a lookup of vectors already
computed by bench/embeddings_cache.py (same model, same text), so a rerun does not spend
an hour re-embedding NTREX. A text not in the cache is embedded by the real model."""

from __future__ import annotations

import numpy as np

from innobridge.search.embedders import E5Embedder, FusedEmbedder, USEEmbedder

_CACHE: dict[tuple[str, str, str], np.ndarray] = {}


def remember(model_name: str, role: str, texts: list[str], vectors: np.ndarray) -> None:
    for text, vector in zip(texts, vectors, strict=True):
        _CACHE[model_name, role, text] = vector


class _Cached:
    def _lookup(self, role: str, texts, embed) -> np.ndarray:
        missing = [t for t in texts if (self.name, role, t) not in _CACHE]
        if missing:
            remember(self.name, role, missing, embed(missing))
        return np.vstack([_CACHE[self.name, role, t] for t in texts]) if texts else embed(texts)

    def embed_queries(self, texts):
        return self._lookup("query", list(texts), super().embed_queries)

    def embed_passages(self, texts):
        return self._lookup("passage", list(texts), super().embed_passages)


class CachedE5(_Cached, E5Embedder):
    def embed_queries(self, texts, *, max_tokens=None):
        """Bounded queries are kept apart from whole ones: their vectors differ."""
        texts = list(texts)
        limits = max_tokens if isinstance(max_tokens, list) else [max_tokens] * len(texts)
        if not any(limits):
            return super().embed_queries(texts)
        rows = []
        for text, limit in zip(texts, limits, strict=True):
            if not limit:
                rows.append(super().embed_queries([text])[0])
                continue

            def embed(missing, limit=limit):
                return E5Embedder.embed_queries(self, missing, max_tokens=limit)

            rows.append(self._lookup(f"query-{limit}", [text], embed)[0])
        return np.vstack(rows)


class CachedUSE(_Cached, USEEmbedder):
    pass


class CachedFused(FusedEmbedder):
    """The product's fusion over the cached halves."""

    def __init__(self) -> None:
        self.e5, self.use = CachedE5(), CachedUSE()
