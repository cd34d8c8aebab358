"""The semantic retriever: an in-process vector index over SearchEntry vectors.

Vectors live in the database (float16, with their model's name). Each process keeps them
in memory as one float32 matrix for exact cosine search, persisted as a file in the data
folder so a restart loads it instead of decoding every row. Before each search the index
asks the database one cheap question (how many entries, newest change) and catches up
with what the worker indexed or removed meanwhile.

Filters arrive as the allowed listing ids and are applied before ranking, so a filter can
never empty a top-k that was cut too early.

Above settings.SEARCH_HNSW_THRESHOLD vectors an approximate HNSW graph (usearch) answers
unfiltered queries, and filtered ones whose filter keeps most of the index (with
oversampling, falling back to the exact scan of the allowed rows when too few survive);
an exact scan of 1,000,000 vectors costs about 150 ms, the graph a few milliseconds.
"""

from __future__ import annotations

import os
import threading
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from innobridge.search.models import SearchEntry


@dataclass(frozen=True)
class IndexState:
    count: int
    latest: datetime | None


def _current_state(model_name: str) -> IndexState:
    row = SearchEntry.objects.filter(model_name=model_name).aggregate(
        count=Count("pk"), latest=Max("indexed_at")
    )
    return IndexState(row["count"], row["latest"])


def _decode(rows) -> tuple[np.ndarray, np.ndarray]:
    rows = list(rows)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((pk for pk, _v in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(bytes(v) for _pk, v in rows), dtype=np.float16)
    return ids, matrix.reshape(len(rows), -1).astype(np.float32)


class VectorIndex:
    """Exact cosine search over one model's vectors, kept current and persisted."""

    def __init__(self, model_name: str, directory: Path | None = None) -> None:
        self.model_name = model_name
        self.directory = Path(directory or settings.SEARCH_INDEX_DIR)
        self.ids = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.state: IndexState | None = None
        self.graph = None  # usearch HNSW, above the threshold only
        self._lock = threading.Lock()
        self._checked_at = float("-inf")

    @property
    def path(self) -> Path:
        return self.directory / f"{self.model_name}.npz"

    def __len__(self) -> int:
        return len(self.ids)

    def refresh(self) -> None:
        """Catch up with the database: changed rows only, or everything if rows went away.
        Asks at most every settings.SEARCH_INDEX_CHECK_SECONDS: the question costs a scan of
        the index on (model_name, indexed_at), which a busy search box should not repeat."""
        now = time.monotonic()
        if self.state is not None and now - self._checked_at < settings.SEARCH_INDEX_CHECK_SECONDS:
            return
        self._checked_at = now
        state = _current_state(self.model_name)
        if state == self.state:
            return
        with self._lock:
            if self.state is None and self._load_file(state):
                self._build_graph()
                return
            if self.state is not None and state.count >= len(self.ids) and self.state.latest:
                self._apply_changes(since=self.state.latest)
                if len(self.ids) == state.count:
                    self.state = state
                    self.save()
                    return
            self._load_all()
            self.state = state
            self.save()
            self._build_graph()

    def _load_file(self, state: IndexState) -> bool:
        """Use the saved index if it is intact and matches the database; else rebuild."""
        if not self.path.exists():
            return False
        try:
            with np.load(self.path, allow_pickle=False) as data:
                saved = IndexState(
                    int(data["count"]),
                    datetime.fromisoformat(str(data["latest"])) if str(data["latest"]) else None,
                )
                if saved != state:
                    return False
                self.ids, self.matrix = data["ids"], data["matrix"].astype(np.float32)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            return False  # a damaged file is rebuilt from the database
        self.state = state
        return True

    def _rows(self, **filters):
        return (
            SearchEntry.objects.filter(model_name=self.model_name, vector__isnull=False, **filters)
            .values_list("listing_id", "vector")
            .order_by("listing_id")
        )

    def _load_all(self) -> None:
        self.ids, self.matrix = _decode(self._rows().iterator(chunk_size=5000))

    def _apply_changes(self, *, since: datetime) -> None:
        ids, matrix = _decode(self._rows(indexed_at__gte=since))
        if not len(ids):
            return
        if not len(self.ids):
            self.ids, self.matrix = ids, matrix
            return
        keep = ~np.isin(self.ids, ids)
        if self.graph is not None:
            for key in self.ids[~keep]:
                self.graph.remove(int(key))
            self.graph.add(ids, matrix)
        self.ids = np.concatenate([self.ids[keep], ids])
        self.matrix = np.vstack([self.matrix[keep], matrix])

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        # One temporary file per process: web workers and the worker may save at once.
        temporary = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")
        latest = self.state.latest.isoformat() if self.state and self.state.latest else ""
        np.savez(
            temporary,
            ids=self.ids,
            matrix=self.matrix.astype(np.float16),
            count=np.int64(len(self.ids)),
            latest=np.str_(latest),
        )
        temporary.replace(self.path)

    def _build_graph(self) -> None:
        """An HNSW graph over the vectors once there are enough of them to need one."""
        self.graph = None
        if len(self.ids) < settings.SEARCH_HNSW_THRESHOLD:
            return
        from usearch.index import Index

        graph = Index(ndim=self.matrix.shape[1], metric="ip", dtype="f16", connectivity=16)
        graph.add(self.ids, self.matrix)
        self.graph = graph

    def _graph_search(
        self, vector: np.ndarray, allowed: np.ndarray | None, limit: int
    ) -> list[tuple[int, float]] | None:
        """Approximate hits, or None when the filter is too narrow for the graph."""
        if allowed is not None and len(allowed) * 4 < len(self.ids):
            return None
        oversample = 1 if allowed is None else 3
        matches = self.graph.search(np.asarray(vector, dtype=np.float32), limit * oversample)
        hits = [
            (int(k), 1.0 - float(d)) for k, d in zip(matches.keys, matches.distances, strict=True)
        ]
        if allowed is not None:
            allowed_set = set(allowed.tolist())
            hits = [hit for hit in hits if hit[0] in allowed_set]
            if len(hits) < min(limit, len(allowed)):
                return None
        return hits[:limit]

    def search(
        self, vector: np.ndarray, *, allowed: np.ndarray | None = None, limit: int = 100
    ) -> list[tuple[int, float]]:
        """(listing id, cosine similarity), best first, among `allowed` ids if given."""
        self.refresh()
        if self.graph is not None:
            hits = self._graph_search(vector, allowed, limit)
            if hits is not None:
                return hits
        ids, matrix = self.ids, self.matrix
        if allowed is not None:
            mask = np.isin(ids, allowed)
            ids, matrix = ids[mask], matrix[mask]
        if not len(ids):
            return []
        scores = matrix @ np.asarray(vector, dtype=np.float32)
        count = min(limit, len(ids))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.lexsort((ids[top], -scores[top]))]
        return [(int(ids[i]), float(scores[i])) for i in top]


_indexes: dict[str, VectorIndex] = {}


def get_index(model_name: str) -> VectorIndex:
    """The process's index for a model."""
    if model_name not in _indexes:
        _indexes[model_name] = VectorIndex(model_name)
    return _indexes[model_name]


def reset_indexes() -> None:
    """Forget in-memory indexes (tests; after a full reindex)."""
    _indexes.clear()
