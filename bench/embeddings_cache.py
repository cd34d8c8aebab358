"""Embeddings of benchmark sentences, computed once per model and kept in bench/.cache/.

Benchmarks rerun in minutes instead of hours: the sentence files and the model decide the
vectors, so a cached file is reused only if its sentence count and model name match.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / ".cache"
BATCH = 32


def cached_embeddings(embedder, role: str, name: str, texts: list[str]) -> np.ndarray:
    """Vectors of `texts` as `role` ("query" or "passage"), from cache or computed."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    path = CACHE / embedder.name / f"{name}.{role}.{digest}.npy"
    if path.exists():
        return np.load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    embed = embedder.embed_queries if role == "query" else embedder.embed_passages
    start, parts = time.perf_counter(), []
    for offset in range(0, len(texts), BATCH):
        parts.append(embed(texts[offset : offset + BATCH]))
        done = offset + len(parts[-1])
        rate = done / (time.perf_counter() - start)
        status = f"{embedder.name} {name} {role}: {done}/{len(texts)} ({rate:.0f}/s)"
        print(f"\r  {status}", end="", file=sys.stderr)
    print(file=sys.stderr)
    vectors = np.vstack(parts).astype(np.float32)
    np.save(path, vectors)
    return vectors
