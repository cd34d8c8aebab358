"""Vectors shipped with the demo, so that `make run` searches and suggests partners across
languages as soon as it says it is ready, instead of after minutes of embedding (the 343
demo listings took about five minutes on two cores: their passages, and each listing
again as a matchmaking query).

`data/demo_vectors.npz` maps the SHA-256 of a text, exactly as the embedder receives it, to
its vector, stamped with the embedder's name: with another model (a changed
SEARCH_EMBEDDER, an upgrade whose vectors differ) nothing in it matches and everything is
embedded as usual, as is any text that changed. Passages are kept in float16, as the index
stores them; query vectors in float32, as they are computed. `scripts/demo_vectors.py`
writes the file from a freshly loaded demo.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from innobridge.search.embedders import Embedder, FusedEmbedder

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "demo_vectors.npz"


def passage_key(text: str) -> bytes:
    return hashlib.sha256(b"passage\0" + text.encode("utf-8")).digest()


def query_key(text: str, use_weight: float | None, e5_tokens: int | None = None) -> bytes:
    bound = "" if e5_tokens is None else f"{e5_tokens}\0"
    return hashlib.sha256(f"query\0{use_weight}\0{bound}{text}".encode()).digest()


@dataclass
class ShippedVectors:
    passages: dict[bytes, np.ndarray] = field(default_factory=dict)
    queries: dict[bytes, np.ndarray] = field(default_factory=dict)


@lru_cache(maxsize=2)
def shipped_vectors(model_name: str) -> ShippedVectors:
    """The shipped vectors of `model_name`; none for any other model."""
    path = SHIPPED_FILE
    if not path.exists():
        return ShippedVectors()
    with np.load(path) as data:
        if str(data["model_name"]) != model_name:
            return ShippedVectors()
        return ShippedVectors(
            passages=dict(zip(_keys(data["passage_keys"]), data["passages"], strict=True)),
            queries=dict(zip(_keys(data["query_keys"]), data["queries"], strict=True)),
        )


def _keys(rows: np.ndarray) -> list[bytes]:
    # Digests are stored as rows of 32 bytes: numpy's fixed-size bytes type would drop a
    # digest's trailing zero bytes.
    return [row.tobytes() for row in rows]


def _key_rows(keys: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 32)


def save_shipped_vectors(
    path: Path,
    *,
    model_name: str,
    passages: dict[str, np.ndarray],
    queries: dict[tuple[str, float | None], np.ndarray],
) -> None:
    """Write the file: `passages` by text, `queries` by (text, use weight)."""
    np.savez_compressed(
        path,
        model_name=np.array(model_name),
        passage_keys=_key_rows([passage_key(text) for text in passages]),
        passages=np.array(list(passages.values()), dtype=np.float16),
        query_keys=_key_rows([query_key(text, weight) for text, weight in queries]),
        queries=np.array(list(queries.values()), dtype=np.float32),
    )


def embed_passages(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """`embedder.embed_passages(texts)`, taking the shipped vector of each text that has one."""
    known = shipped_vectors(embedder.name).passages
    result = np.zeros((len(texts), embedder.dimensions), dtype=np.float32)
    missing = []
    for row, text in enumerate(texts):
        vector = known.get(passage_key(text))
        if vector is None:
            missing.append(row)
        else:
            result[row] = vector
    if missing:
        result[missing] = embedder.embed_passages([texts[row] for row in missing])
    return result


def embed_query(
    embedder: Embedder, text: str, *, use_weight: float | None, e5_tokens: int | None = None
) -> np.ndarray:
    """The query vector of `text` (the fused embedder's USE half weighted by `use_weight`
    when given, its e5 half reading at most `e5_tokens` tokens where USE reads the whole;
    a single model reads the whole text), shipped or computed."""
    shipped = shipped_vectors(embedder.name).queries.get(query_key(text, use_weight, e5_tokens))
    if shipped is not None:
        return shipped
    if isinstance(embedder, FusedEmbedder):
        return embedder.embed_queries([text], use_weight=use_weight, e5_tokens=e5_tokens)[0]
    return embedder.embed_queries([text])[0]
