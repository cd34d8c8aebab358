"""The semantic retriever: an in-process vector index over SearchEntry vectors.

Vectors live in the database (float16, with their model's name). Each process serves them
from files in the data folder, written as one *generation* at a time and named by a small
manifest (`<model>.json`, replaced atomically, so a reader never sees half a generation):

- `ids.npy`, the listing ids in ascending order, read into memory (8 MB at 1,000,000);
- `vectors.npy`, the float16 vectors in the same order;
- above settings.SEARCH_HNSW_THRESHOLD vectors, `graph.usearch`, an HNSW graph (usearch)
  over int8-quantized vectors, saved so that opening the index reads a file instead of
  rebuilding the graph in every process (107 s at 100,000 before).

Below the threshold the vectors are read into one float32 matrix and scanned exactly; an
exact scan of 1,000,000 vectors costs about 150 ms, the graph a few milliseconds. Above it
the graph is held in memory (1.1 GB at 1,000,000) and proposes candidates from its int8
vectors; their float16 rows, read from `vectors.npy` with pread (`RowFile`), rerank them,
so quantization changes which candidates are looked at, not their scores. Neither file is
memory-mapped: the page cache maps whole large folios (up to 2 MB) into a process for each
row touched, and 400 reranked rows made 600 MB resident; pread reads 400 rows in 1 ms.

Before a search the index asks the database (at most every SEARCH_INDEX_CHECK_SECONDS) when
the newest change was, and every SEARCH_INDEX_AUDIT_SECONDS how many entries it has, and
catches up: changed rows are kept in memory as a small exact *delta* and shadow their old
rows; deleted ones are masked. Below the threshold the delta joins the exact matrix at
once, in memory. Either way only the worker writes a new generation (`compact`, after it
indexed; above the threshold once the delta is large enough), and other processes switch
to it when they see the manifest change.

Filters arrive as the allowed listing ids and are applied before ranking, so a filter can
never empty a top-k that was cut too early: the graph is asked for more candidates the
narrower the filter, and a filter the graph cannot serve is answered by an exact scan of
the allowed rows.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from innobridge.search.models import SearchEntry

# A filter keeping at most this many rows is answered by an exact scan of those rows
# (about 4 ms for 5,000 float16 rows; wider filters ask the graph for more candidates).
EXACT_FILTER_ROWS = 5_000
# The graph is asked for this many times the candidates wanted (divided by the share of
# listings a filter keeps), reranked by their float16 rows: at 100,000 listings recall@10
# against the exact scan was 0.975 with 2x and 0.992 with 4x, for about 1 ms more.
GRAPH_OVERSAMPLE = 4
# The fewest candidates the graph is asked for (a top 10 from 40 int8 candidates misses
# more near ties than the rerank of 200 costs).
MIN_GRAPH_CANDIDATES = 200
# The most candidates the graph is asked for, however narrow the filter.
MAX_GRAPH_CANDIDATES = 4096
# Rows read per block in an exact scan of the vectors on disk, and per block of a build
# (bounded memory).
SCAN_BLOCK = 65_536
# Rows of the index's fixed sample (VectorIndex.sample): a query's similarity to 1,000
# rows costs about 0.1 ms.
SAMPLE_ROWS = 1_000
# Above the threshold, the worker folds the delta into a new generation once it holds
# this many rows or this share of the index, whichever is more.
COMPACT_ROWS, COMPACT_SHARE = 1000, 0.01
# Files of generations replaced this long ago are deleted (a process may still be writing
# or opening one a little longer).
STALE_GENERATION_SECONDS = 60


class RowFile:
    """Rows of a saved .npy matrix, read with pread as float32 (see the module docstring
    for why not a memory map). Sorted positions are read as runs of consecutive rows."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as stream:
            major, _minor = np.lib.format.read_magic(stream)
            read_header = (
                np.lib.format.read_array_header_1_0
                if major == 1
                else np.lib.format.read_array_header_2_0
            )
            shape, fortran_order, dtype = read_header(stream)
            self.offset = stream.tell()
        if fortran_order or len(shape) != 2:
            raise ValueError(f"{path} is not a row-major matrix.")
        self.shape, self.dtype = shape, dtype
        self.row_bytes = shape[1] * dtype.itemsize
        self._descriptor = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return self.shape[0]

    def __del__(self) -> None:
        if getattr(self, "_descriptor", None) is not None:
            os.close(self._descriptor)

    def read(self, positions: np.ndarray) -> np.ndarray:
        """The rows at these ascending positions, as float32."""
        if not len(positions):
            return np.zeros((0, self.shape[1]), dtype=np.float32)
        runs = np.split(positions, np.flatnonzero(np.diff(positions) != 1) + 1)
        data = b"".join(
            os.pread(
                self._descriptor,
                len(run) * self.row_bytes,
                self.offset + int(run[0]) * self.row_bytes,
            )
            for run in runs
        )
        rows = np.frombuffer(data, dtype=self.dtype).reshape(len(positions), self.shape[1])
        return rows.astype(np.float32)

    def read_all(self) -> np.ndarray:
        """Every row, in the stored dtype (the worker's compaction). Read through the open
        descriptor, in blocks: the file may be replaced meanwhile, and one read returns at
        most about 2 GB."""
        matrix = np.empty(self.shape, dtype=self.dtype)
        flat = matrix.reshape(-1).view(np.uint8)
        step = SCAN_BLOCK * self.row_bytes
        for start in range(0, len(flat), step):
            chunk = os.pread(self._descriptor, min(step, len(flat) - start), self.offset + start)
            flat[start : start + len(chunk)] = np.frombuffer(chunk, dtype=np.uint8)
        return matrix


@dataclass(frozen=True)
class IndexState:
    count: int
    latest: datetime | None

    def as_json(self) -> dict:
        return {"count": self.count, "latest": self.latest.isoformat() if self.latest else ""}

    @classmethod
    def from_json(cls, data: dict) -> IndexState:
        latest = data.get("latest") or ""
        return cls(int(data["count"]), datetime.fromisoformat(latest) if latest else None)


def _current_state(model_name: str) -> IndexState:
    row = SearchEntry.objects.filter(model_name=model_name).aggregate(
        count=Count("pk"), latest=Max("indexed_at")
    )
    return IndexState(row["count"], row["latest"])


def _latest_change(model_name: str) -> datetime | None:
    """The newest indexed_at: one probe of the index on (model_name, indexed_at), where a
    count reads all of it (100 ms at 100,000 entries on SQLite)."""
    return SearchEntry.objects.filter(model_name=model_name).aggregate(latest=Max("indexed_at"))[
        "latest"
    ]


def _decode(rows, dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
    rows = list(rows)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=dtype)
    ids = np.fromiter((pk for pk, _v in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(bytes(v) for _pk, v in rows), dtype=np.float16)
    return ids, matrix.reshape(len(rows), -1).astype(dtype)


def _top(ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (id, score), best first, ties broken by id."""
    if not len(ids):
        return []
    count = min(limit, len(ids))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.lexsort((ids[top], -scores[top]))]
    return [(int(ids[i]), float(scores[i])) for i in top]


class VectorIndex:
    """Cosine search over one model's vectors, kept current and persisted."""

    def __init__(self, model_name: str, directory: Path | None = None) -> None:
        self.model_name = model_name
        self.directory = Path(directory or settings.SEARCH_INDEX_DIR)
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._audited_at = float("-inf")
        self._forget()

    def _forget(self) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self.state: IndexState | None = None  # what memory reflects
        self.generation: str | None = None
        self.base_ids = empty
        self.dense: np.ndarray | None = None  # float32 base, exact mode (below threshold)
        self.rows: RowFile | None = None  # float16 base on disk, graph mode (above)
        self.graph = None  # usearch HNSW in memory, above the threshold only
        self.removed = empty  # base ids deleted or superseded by the delta
        self.delta_ids = empty
        self.delta_matrix = np.zeros((0, 0), dtype=np.float32)
        self._unsaved = False  # exact mode: changes folded in memory, not yet saved
        self._sample: tuple | None = None  # (base key, ids, rows): see sample()

    # --- what the index holds ---------------------------------------------------------

    @property
    def path(self) -> Path:
        """The manifest naming the current generation's files."""
        return self.directory / f"{self.model_name}.json"

    def _file(self, generation: str, name: str) -> Path:
        return self.directory / f"{self.model_name}-{generation}.{name}"

    @property
    def ids(self) -> np.ndarray:
        """Every listing id the index answers with, ascending."""
        live = self.base_ids[~np.isin(self.base_ids, self.removed)]
        return np.sort(np.concatenate([live, self.delta_ids]))

    def __len__(self) -> int:
        return len(self.base_ids) - len(self.removed) + len(self.delta_ids)

    # --- keeping current ----------------------------------------------------------------

    def refresh(self) -> None:
        """Catch up with the database and with generations other processes saved.

        Every settings.SEARCH_INDEX_CHECK_SECONDS it asks for the newest change (cheap);
        every settings.SEARCH_INDEX_AUDIT_SECONDS it also counts the entries, which is what
        reveals deletions. Search results never depend on the index noticing a deletion
        at once: callers check hits against the published listings."""
        now = time.monotonic()
        if self.state is not None and now - self._checked_at < settings.SEARCH_INDEX_CHECK_SECONDS:
            return
        self._checked_at = now
        with self._lock:
            if self.state is not None and self._saved_generation() != self.generation:
                self._forget()  # another process saved a newer generation: open that one
            interval = settings.SEARCH_INDEX_AUDIT_SECONDS
            audit = self.state is None or now - self._audited_at >= interval
            if audit:
                self._audited_at = now
                state = _current_state(self.model_name)
            else:
                state = IndexState(self.state.count, _latest_change(self.model_name))
            if state == self.state:
                return
            if self.state is None:
                if not self._open():
                    self._build(state)
                    return
                if state == self.state:
                    return
            self._catch_up(state, audit=audit)
            if self.graph is None and (len(self.delta_ids) or len(self.removed)):
                self._fold_in_memory()  # small: the exact matrix takes the changes at once

    def _saved_generation(self) -> str | None:
        try:
            return json.loads(self.path.read_text())["generation"]
        except (OSError, ValueError, KeyError):
            return None

    def _open(self) -> bool:
        """Open the saved generation; False if there is none or it is damaged (then the
        index is rebuilt from the database)."""
        try:
            manifest = json.loads(self.path.read_text())
            generation = manifest["generation"]
            state = IndexState.from_json(manifest)
            ids = np.load(self._file(generation, "ids.npy"), allow_pickle=False)
            rows = RowFile(self._file(generation, "vectors.npy"))
            graph = dense = None
            if manifest.get("graph"):
                from usearch.index import Index

                graph = Index.restore(str(self._file(generation, "graph.usearch")))
                if graph is None or len(graph) != len(ids):
                    return False
            else:
                dense = rows.read(np.arange(len(rows)))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError):
            return False
        if ids.ndim != 1 or len(rows) != len(ids):
            return False
        self.generation, self.state = generation, state
        self.base_ids, self.graph = ids, graph
        self.rows, self.dense = (rows, None) if graph is not None else (None, dense)
        return True

    def _rows(self, **filters):
        return (
            SearchEntry.objects.filter(model_name=self.model_name, vector__isnull=False, **filters)
            .values_list("listing_id", "vector")
            .order_by("listing_id")
        )

    def _build(self, state: IndexState) -> None:
        """Everything from the database, saved as a new generation. Rows are decoded a
        block at a time: at 1,000,000 entries the raw rows alone would take 2 GB more."""
        id_parts, vector_parts, block = [], [], []
        for row in self._rows().iterator(chunk_size=5000):
            block.append(row)
            if len(block) == SCAN_BLOCK:
                ids, vectors = _decode(block, dtype=np.float16)
                id_parts.append(ids)
                vector_parts.append(vectors)
                block = []
        ids, vectors = _decode(block, dtype=np.float16)
        if len(ids) or not id_parts:
            id_parts.append(ids)
            vector_parts.append(vectors)
        if len(id_parts) > 1:
            ids, vectors = np.concatenate(id_parts), np.vstack(vector_parts)
        self._write_generation(ids, vectors, state)

    def _catch_up(self, state: IndexState, *, audit: bool = True) -> None:
        """Rows changed since the state in memory become the delta; on an audit, rows gone
        are masked and rows missed (committed late with an older time) are added."""
        since = self.state.latest if self.state else None
        self._add_to_delta(self._rows(indexed_at__gte=since) if since else self._rows())
        if audit and len(self) != state.count:
            present = np.fromiter(
                SearchEntry.objects.filter(model_name=self.model_name, vector__isnull=False)
                .values_list("listing_id", flat=True)
                .iterator(chunk_size=20000),
                dtype=np.int64,
            )
            held = self.ids
            gone = np.setdiff1d(held, present)
            self.removed = np.union1d(self.removed, np.intersect1d(self.base_ids, gone))
            keep = ~np.isin(self.delta_ids, gone)
            self.delta_ids, self.delta_matrix = self.delta_ids[keep], self.delta_matrix[keep]
            missed = np.setdiff1d(present, held).tolist()
            for start in range(0, len(missed), 2000):
                self._add_to_delta(self._rows(listing_id__in=missed[start : start + 2000]))
        count = state.count if audit else len(self)
        self.state = IndexState(count, state.latest)

    def _add_to_delta(self, rows) -> None:
        ids, matrix = _decode(rows)
        if not len(ids):
            return
        self.removed = np.union1d(self.removed, np.intersect1d(self.base_ids, ids))
        keep = ~np.isin(self.delta_ids, ids)
        self.delta_ids = np.concatenate([self.delta_ids[keep], ids])
        self.delta_matrix = np.vstack([self.delta_matrix[keep], matrix]) if keep.any() else matrix

    def _merged(self) -> tuple[np.ndarray, np.ndarray]:
        """Base without removed rows plus the delta, ascending by id, float16."""
        keep = ~np.isin(self.base_ids, self.removed)
        ids = np.concatenate([self.base_ids[keep], self.delta_ids])
        base = self.dense if self.dense is not None else self.rows.read_all()
        vectors = base.astype(np.float16)[keep]
        if len(self.delta_ids):
            delta = self.delta_matrix.astype(np.float16)
            vectors = np.vstack([vectors, delta]) if len(vectors) else delta
        order = np.argsort(ids, kind="stable")
        return ids[order], vectors[order]

    def _fold_delta(self) -> None:
        ids, vectors = self._merged()
        self._write_generation(ids, vectors, self.state)

    def _fold_in_memory(self) -> None:
        """Below the threshold: the delta joins the exact matrix in this process only. The
        worker saves (`compact`); a web process saving too would rewrite the vectors file
        for every change in every process (36 MB each at 20,000 listings)."""
        ids, vectors = self._merged()
        self.base_ids, self.dense = ids, vectors.astype(np.float32)
        self.removed = np.zeros(0, dtype=np.int64)
        self.delta_ids = np.zeros(0, dtype=np.int64)
        self.delta_matrix = np.zeros((0, 0), dtype=np.float32)
        self._unsaved = True

    def compact(self, *, force: bool = False) -> bool:
        """Fold the delta into a new generation (the worker, after it indexed). Above the
        threshold only once the delta is large enough to be worth rewriting the files: the
        graph is copied into memory, changed and saved, not rebuilt."""
        self._checked_at = float("-inf")  # current now
        if force:  # and count too (deletions); otherwise counting waits for its interval,
            self._audited_at = float("-inf")  # a second at 1,000,000 entries
        self.refresh()
        with self._lock:
            if self.graph is None:  # small: the matrix holds every change already
                if not self._unsaved:
                    return False
                self._write_generation(self.base_ids, self.dense, self.state)
                return True
            pending = len(self.delta_ids) + len(self.removed)
            if not pending:
                return False
            if not force and pending < max(COMPACT_ROWS, COMPACT_SHARE * len(self.base_ids)):
                return False
            self._fold_delta()
        return True

    def _write_generation(self, ids: np.ndarray, vectors: np.ndarray, state: IndexState) -> None:
        """Write files, then the manifest (the commit point), then reopen memory-mapped."""
        self.directory.mkdir(parents=True, exist_ok=True)
        generation = f"{time.time_ns()}-{os.getpid()}"
        np.save(self._file(generation, "ids.npy"), ids.astype(np.int64))
        np.save(self._file(generation, "vectors.npy"), vectors.astype(np.float16))
        use_graph = len(ids) >= settings.SEARCH_HNSW_THRESHOLD and len(ids) > 0
        if use_graph:
            self._graph_for(ids, vectors).save(str(self._file(generation, "graph.usearch")))
        manifest = {"generation": generation, "graph": use_graph, **state.as_json()}
        temporary = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(manifest))
        temporary.replace(self.path)
        self._forget()
        if not self._open():
            raise RuntimeError(f"The search index just written to {self.directory} is unreadable.")
        self._delete_old_generations()

    def _graph_for(self, ids: np.ndarray, vectors: np.ndarray):
        """The graph of the new generation: the current one updated if there is one, else
        built from scratch."""
        from usearch.index import Index

        if self.graph is not None and self.generation:
            graph = self.graph  # changed in place: the generation is reopened from file after
            stale = np.union1d(self.removed, np.setdiff1d(self.base_ids, ids))
            for key in stale:
                graph.remove(int(key))
            if len(self.delta_ids):
                graph.add(self.delta_ids, self.delta_matrix)
            if graph.size == len(ids):
                return graph
        graph = Index(ndim=vectors.shape[1], metric="ip", dtype="i8", connectivity=16)
        for start in range(0, len(ids), SCAN_BLOCK):  # bounded float32 copies
            block = slice(start, start + SCAN_BLOCK)
            graph.add(ids[block], np.asarray(vectors[block], dtype=np.float32))
        return graph

    def _delete_old_generations(self) -> None:
        cutoff = time.time() - STALE_GENERATION_SECONDS
        for path in self.directory.glob(f"{self.model_name}-*.*"):
            if self.generation and path.name.startswith(f"{self.model_name}-{self.generation}."):
                continue
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass  # another process removed it first
        legacy = self.directory / f"{self.model_name}.npz"  # the format before generations
        legacy.unlink(missing_ok=True)

    # --- searching ----------------------------------------------------------------------

    def search(
        self, vector: np.ndarray, *, allowed: np.ndarray | None = None, limit: int = 100
    ) -> list[tuple[int, float]]:
        """(listing id, cosine similarity), best first, among `allowed` ids if given."""
        self.refresh()
        query = np.asarray(vector, dtype=np.float32)
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            if len(allowed) > 1 and not (allowed[1:] >= allowed[:-1]).all():
                allowed = np.sort(allowed)  # ranking.allowed_ids gives them sorted
        hits = self._search_base(query, allowed, limit) + self._search_delta(query, allowed)
        if not hits:
            return []
        ids = np.array([pk for pk, _s in hits], dtype=np.int64)
        scores = np.array([s for _pk, s in hits], dtype=np.float32)
        return _top(ids, scores, limit)

    def sample(self, size: int = SAMPLE_ROWS) -> tuple[np.ndarray, np.ndarray]:
        """Up to `size` stored vectors spread evenly over the base (ids, float32 rows): a
        fixed sample of the whole index for calibrating scores against it (ranking's
        imputed USE similarity), the same for every query until the base changes. The
        delta is left out: it is small beside a base in graph mode, and folded into the
        base at once below the threshold."""
        self.refresh()
        held = len(self.base_ids)
        key = (self.generation, held, int(self.base_ids[-1]) if held else -1, size)
        if self._sample is None or self._sample[0] != key:
            count = min(size, held)
            positions = np.unique(np.linspace(0, held - 1, num=count).astype(np.int64))
            if self.dense is not None:
                rows = self.dense[positions]
            elif self.rows is not None and count:
                rows = self.rows.read(positions)
            else:
                rows = np.zeros((0, self._dimensions()), dtype=np.float32)
            self._sample = (key, self.base_ids[positions], np.asarray(rows, dtype=np.float32))
        return self._sample[1], self._sample[2]

    def vectors(self, ids: list[int]) -> np.ndarray:
        """The stored vectors of these listings (float32), in the order given; a zero row
        for an id the index does not hold. Pseudo-relevance feedback reads its first hits'
        vectors here."""
        self.refresh()
        result = np.zeros((len(ids), self._dimensions()), dtype=np.float32)
        wanted = np.asarray(ids, dtype=np.int64)
        for row, pk in enumerate(wanted.tolist()):
            in_delta = np.flatnonzero(self.delta_ids == pk)
            if len(in_delta):
                result[row] = self.delta_matrix[in_delta[-1]]
                continue
            position = int(np.searchsorted(self.base_ids, pk))
            held = position < len(self.base_ids) and self.base_ids[position] == pk
            removed = len(self.removed) and _contains(self.removed, wanted[row : row + 1])[0]
            if held and not removed:
                result[row] = (
                    self.dense[position]
                    if self.dense is not None
                    else self.rows.read(np.array([position]))[0]
                )
        return result

    def _dimensions(self) -> int:
        if self.dense is not None:
            return self.dense.shape[1]
        if self.rows is not None:
            return self.rows.shape[1]
        return self.delta_matrix.shape[1] if self.delta_matrix.size else 0

    def _search_delta(
        self, query: np.ndarray, allowed: np.ndarray | None
    ) -> list[tuple[int, float]]:
        if not len(self.delta_ids):
            return []
        ids, matrix = self.delta_ids, self.delta_matrix
        if allowed is not None:
            mask = _contains(allowed, ids)
            ids, matrix = ids[mask], matrix[mask]
        return list(zip(ids.tolist(), (matrix @ query).tolist(), strict=True))

    def _positions(self, allowed: np.ndarray | None) -> np.ndarray | None:
        """Rows of the base to consider (None: all of them). Binary search in the sorted
        ids: a filter of a few thousand listings costs microseconds, not a pass over
        1,000,000 ids."""
        if allowed is None and not len(self.removed):
            return None
        if allowed is None:
            return np.flatnonzero(~np.isin(self.base_ids, self.removed))
        positions = np.searchsorted(self.base_ids, allowed)
        inside = positions < len(self.base_ids)
        positions = positions[inside]
        positions = positions[self.base_ids[positions] == allowed[inside]]
        if len(self.removed):
            positions = positions[~_contains(self.removed, self.base_ids[positions])]
        return np.unique(positions)

    def _search_base(
        self, query: np.ndarray, allowed: np.ndarray | None, limit: int
    ) -> list[tuple[int, float]]:
        if not len(self.base_ids):
            return []
        if self.graph is not None and (allowed is None or len(allowed) > EXACT_FILTER_ROWS):
            hits = self._graph_search(query, allowed, limit)
            if hits is not None:
                return hits
        return self._exact(query, self._positions(allowed), limit)

    def _exact(
        self, query: np.ndarray, positions: np.ndarray | None, limit: int
    ) -> list[tuple[int, float]]:
        if self.dense is not None:
            matrix = self.dense if positions is None else self.dense[positions]
            ids = self.base_ids if positions is None else self.base_ids[positions]
            return _top(ids, matrix @ query, limit)
        if positions is None:
            positions = np.arange(len(self.base_ids))
        best: list[tuple[int, float]] = []
        for start in range(0, len(positions), SCAN_BLOCK):  # bounded float32 copies
            rows = positions[start : start + SCAN_BLOCK]
            block = self.rows.read(rows)
            best = _merge(best, _top(self.base_ids[rows], block @ query, limit), limit)
        return best

    def _graph_search(
        self, query: np.ndarray, allowed: np.ndarray | None, limit: int
    ) -> list[tuple[int, float]] | None:
        """Graph candidates reranked by their float16 rows; None when a filter leaves too
        few of them (the caller then scans the allowed rows exactly)."""
        share = 1.0 if allowed is None else max(len(allowed) / len(self.base_ids), 1e-9)
        wanted = math.ceil(GRAPH_OVERSAMPLE * limit / share) + len(self.removed)
        count = min(max(wanted, MIN_GRAPH_CANDIDATES), MAX_GRAPH_CANDIDATES, len(self.base_ids))
        keys = np.asarray(self.graph.search(query, count).keys, dtype=np.int64)
        if len(self.removed):
            keys = keys[~np.isin(keys, self.removed)]
        if allowed is not None:
            keys = keys[_contains(allowed, keys)]
            if len(keys) < min(limit, len(allowed)):
                return None
        rows = np.searchsorted(self.base_ids, keys)
        order = np.argsort(rows)  # rows read in file order
        rows, keys = rows[order], keys[order]
        scores = self.rows.read(rows) @ query
        return _top(keys, scores, limit)


def _contains(sorted_ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each key, whether it is in `sorted_ids` (binary search; np.isin would sort the
    200,000 ids of a kind filter at 1,000,000 listings on every query)."""
    if not len(sorted_ids):
        return np.zeros(len(keys), dtype=bool)
    positions = np.minimum(np.searchsorted(sorted_ids, keys), len(sorted_ids) - 1)
    return sorted_ids[positions] == keys


def _merge(
    first: list[tuple[int, float]], second: list[tuple[int, float]], limit: int
) -> list[tuple[int, float]]:
    return sorted(first + second, key=lambda hit: (-hit[1], hit[0]))[:limit]


_indexes: dict[str, VectorIndex] = {}


def get_index(model_name: str) -> VectorIndex:
    """The process's index for a model."""
    if model_name not in _indexes:
        _indexes[model_name] = VectorIndex(model_name)
    return _indexes[model_name]


def reset_indexes() -> None:
    """Forget in-memory indexes (tests; after a full reindex)."""
    _indexes.clear()
