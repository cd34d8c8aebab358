"""Search speed and size: query latency (query embedding included), indexing throughput
and resident memory at 10,000 and 100,000 listings (more with --sizes).

Embedding 100,000 texts on 2 cores takes hours, so the corpus reuses real sentence
vectors: the cached NTREX vectors of bench/ntrex_components.py, recombined in pairs
(normalize(a + b)) with the two sentences as the listing's text. The embedder's own rate
and the product's indexing rate (embedding included) are measured separately on real
listings. Queries are 200 NTREX sentences in eight languages (about 20 words each) and,
as a search box gets them, their first three words (first four characters in unspaced
scripts), embedded for real at query time, searched through ranking.search (hybrid),
unfiltered and filtered by kind.

Each size: the corpus is built (or reused), the index built and saved from the database
(timed), then a fresh process opens it as a web worker would, warms up with one query,
and times every query; its resident memory is read after opening and after the queries.

    .venv/bin/python bench/search_speed.py [--sizes 10000 100000]
    BENCH_DATA_DIR=/tmp/bench-1m .venv/bin/python bench/search_speed.py --sizes 1000000 \
        --reuse-corpus      # a large corpus built once, kept between runs
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/innobridge_bench \
        .venv/bin/python bench/search_speed.py --sizes 100000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ntrex_components import FILES, PAIRS, sentences
from results import RESULTS, machine, write_section
from setup_bench import setup_django


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sentence_vectors(embedder) -> tuple[list[str], np.ndarray]:
    """Cached passage vectors of the target-language sentences, for the embedder in use."""
    from embeddings_cache import cached_embeddings

    from innobridge.search.embedders import FusedEmbedder, get_embedder

    texts, parts = [], []
    for language in sorted({t for _s, t in PAIRS}):
        lines = sentences(language)
        if isinstance(embedder, FusedEmbedder):
            e5 = cached_embeddings(get_embedder("e5"), "passage", f"ntrex-{language}", lines)
            use = cached_embeddings(get_embedder("use"), "passage", f"ntrex-{language}", lines)
            parts.append(np.hstack([e5, use]) / np.sqrt(2.0))
        else:
            parts.append(cached_embeddings(embedder, "passage", f"ntrex-{language}", lines))
        texts.extend(lines)
    return texts, np.vstack(parts).astype(np.float32)


def build_corpus(size: int, texts: list[str], vectors: np.ndarray, embedder_name: str) -> float:
    """`size` published listings with recombined vectors; returns seconds spent."""
    from innobridge.marketplace.models import Listing
    from innobridge.organizations.tests.factories import OrganizationFactory
    from innobridge.search import lexical, normalize
    from innobridge.search.models import SearchEntry

    rng = np.random.default_rng(size)
    owners = [OrganizationFactory(country=c) for c in ("CN", "VN", "RU", "AE", "TH", "ID")]
    kinds = ["offer", "need", "resource", "talent", "call"]
    started = time.perf_counter()
    batch = 5000
    for offset in range(0, size, batch):
        count = min(batch, size - offset)
        a, b = rng.integers(0, len(texts), count), rng.integers(0, len(texts), count)
        listings = Listing.objects.bulk_create(
            Listing(
                owner=owners[(offset + i) % len(owners)], kind=kinds[(offset + i) % 5],
                language="en", title=texts[a[i]][:200], summary=texts[b[i]][:500],
                status="published", resource_type="laboratory", programme_type="exchange",
                call_type="joint_rnd",
            )
            for i in range(count)
        )  # fmt: skip
        combined = vectors[a] + vectors[b]
        combined /= np.linalg.norm(combined, axis=1, keepdims=True)
        entries = []
        for listing, vector in zip(listings, combined, strict=True):
            entry = SearchEntry(
                listing=listing, tokens=normalize.token_stream(f"{listing.title} {listing.summary}")
            )
            entry.set_vector(vector, embedder_name)
            entries.append(entry)
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
        lexical.write((e.listing_id, e.tokens) for e in entries)
        print(f"\r  corpus {offset + count}/{size}", end="", file=sys.stderr)
    print(file=sys.stderr)
    lexical.analyze_after_bulk(size)  # what the product's bulk indexing does
    return time.perf_counter() - started


def short_query(sentence: str) -> str:
    """What a search box gets: the first three words, or four characters where the script
    does not separate words."""
    words = sentence.split()
    return " ".join(words[:3]) if len(words) >= 3 else sentence[:4]


def build_label(seconds: float) -> str:
    return "reused" if seconds != seconds else f"{seconds:.0f} s"  # NaN: corpus reused


def percentiles(samples: list[float]) -> str:
    p50, p95, p99 = np.percentile(np.array(samples) * 1000, [50, 95, 99])
    return f"{p50:.0f} / {p95:.0f} / {p99:.0f}"


def indexing_rates(embedder, texts: list[str], count: int = 128) -> tuple[float, float]:
    """(embedder alone, product indexing) in listings per second on the same texts: the
    product's rate includes normalization, tokens, both indexes and the database."""
    from innobridge.marketplace.models import Listing
    from innobridge.organizations.tests.factories import OrganizationFactory
    from innobridge.search import services
    from innobridge.search.semantic import get_index

    chosen = texts[-count:]
    embedder.embed_passages(texts[:8])  # loads the models: not part of either rate
    get_index(embedder.name).refresh()  # the worker holds the index open already
    started = time.perf_counter()
    embedder.embed_passages(chosen)
    embed_rate = count / (time.perf_counter() - started)
    owner = OrganizationFactory(country="CN", name=f"Indexing rate {time.time_ns()}")
    listings = Listing.objects.bulk_create(
        Listing(owner=owner, kind="offer", language="en", title=t[:200], status="published")
        for t in chosen
    )
    started = time.perf_counter()
    services.index_listings([listing.pk for listing in listings])
    index_rate = count / (time.perf_counter() - started)
    Listing.objects.filter(pk__in=[listing.pk for listing in listings]).delete()
    owner.delete()
    return embed_rate, index_rate


def graph_recall(index, embedder, queries: list[str]) -> str:
    """The index's answer (graph + rerank) against an exact scan, over these queries:
    recall@10, how often the top hit is the same, and how much lower the 10th hit's score is
    on average. The recombined corpus holds clusters of near-twins (each sentence recurs in
    hundreds of listings), so recall@10 alone undersells it: a miss there is usually a tie
    broken differently. Read after the memory figures: the exact scan reads every vector."""
    from innobridge.search import normalize
    from innobridge.search.ranking import RETRIEVER_DEPTH

    if index.graph is None:
        return "exact"
    recall, same_top, gap = [], [], []
    for query in queries:
        vector = embedder.embed_queries([normalize.for_embedding(query)])[0]
        # As search asks: RETRIEVER_DEPTH candidates, of which the best 10 are shown.
        approximate = index.search(vector, limit=RETRIEVER_DEPTH)[:10]
        exact = index._exact(vector, index._positions(None), 10)
        recall.append(len({pk for pk, _s in approximate} & {pk for pk, _s in exact}) / 10)
        same_top.append(approximate[0][0] == exact[0][0])
        gap.append(exact[-1][1] - approximate[-1][1])
    return (
        f"recall@10 {np.mean(recall):.3f}, same top hit {np.mean(same_top):.2f}, "
        f"10th score {np.mean(gap):.4f} lower"
    )


def measure(queries: int) -> dict:
    """In a fresh process: open the saved index, warm up as a web worker does on its first
    request, then time every query. Prints one JSON line."""
    from innobridge.marketplace.models import Listing
    from innobridge.search import ranking
    from innobridge.search.embedders import get_embedder

    embedder = get_embedder()
    sample = [s for language in FILES for s in sentences(language)[1000 : 1000 + queries // 8]]
    short_sample = [short_query(s) for s in sample]
    from innobridge.search.semantic import get_index

    started = time.perf_counter()
    index = get_index(embedder.name)
    index.refresh()
    opened = time.perf_counter() - started
    rss_open = rss_mb()
    ranking.search("warm up", limit=10)  # loads the models, the tokenizer dictionaries
    timings: dict[str, list[float]] = {"short": [], "sentence": [], "filtered": []}
    for label, batch, filtered in (
        ("short", short_sample, False),
        ("sentence", sample, False),
        ("filtered", sample, True),
    ):
        candidates = Listing.objects.filter(kind="offer") if filtered else None
        for query in batch:
            started = time.perf_counter()
            ranking.search(query, candidates=candidates, limit=10, filtered=filtered)
            timings[label].append(time.perf_counter() - started)
    # The filtered queries above reuse the kind filter's ids (cached for
    # SEARCH_FILTER_CACHE_SECONDS); what its first query pays to fetch them:
    cold = []
    for _ in range(5):
        ranking.forget_allowed_ids()
        started = time.perf_counter()
        ranking.allowed_ids(ranking.searchable(Listing.objects.filter(kind="offer")))
        cold.append(time.perf_counter() - started)
    rss_after = rss_mb()
    return {
        "recall": graph_recall(index, embedder, sample[:20]),
        "rss_after": rss_after,
        "filter_cold_ms": float(np.median(cold) * 1000),
        "open": opened,
        "graph": index.graph is not None,
        "rss_open": rss_open,
        **{label: percentiles(values) for label, values in timings.items()},
    }


HEADER = (
    "| listings | corpus build | index build | index open (new process) | RSS after open "
    "| RSS after queries | p50 / p95 / p99 ms, short query | p50 / p95 / p99 ms, sentence "
    "| p50 / p95 / p99 ms, sentence + kind filter | kind filter ids, uncached "
    "| graph + rerank against exact scan (20 sentence queries) | measured |"
)


def previous_rows(vendor: str) -> dict[str, str]:
    """Rows of earlier runs by size, so that measuring one size keeps the others."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    found = re.search(rf"<!-- speed-{vendor}:start -->(.*?)<!-- speed-{vendor}:end -->", text, re.S)
    rows = {}
    for line in (found.group(1) if found else "").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and line.count("|") == HEADER.count("|") and cells[0][:1].isdigit():
            rows[cells[0]] = line
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="keep a corpus of the right size found in BENCH_DATA_DIR (one size only)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.measure:
        print(json.dumps(measure(args.queries)), flush=True)
        return
    from django.conf import settings
    from django.db import connection

    from innobridge.marketplace.models import Listing
    from innobridge.search.embedders import get_embedder
    from innobridge.search.semantic import get_index, reset_indexes

    embedder = get_embedder()
    texts, vectors = sentence_vectors(embedder)
    rows = previous_rows(connection.vendor)
    today = datetime.now(UTC).date().isoformat()
    for size in args.sizes:
        reset_indexes()
        if args.reuse_corpus and Listing.objects.count() == size:
            build_seconds = float("nan")
        else:
            Listing.objects.all().delete()
            build_seconds = build_corpus(size, texts, vectors, embedder.name)
        shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
        started = time.perf_counter()
        get_index(embedder.name).refresh()  # builds and saves the index from the database
        index_seconds = time.perf_counter() - started
        reset_indexes()
        environment = {**os.environ, "BENCH_DATA_DIR": str(Path(settings.DATA_DIR))}
        if connection.vendor != "sqlite":
            environment["BENCH_DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
        output = subprocess.run(  # noqa: S603 (this script, by its own path)
            [sys.executable, __file__, "--measure", "--queries", str(args.queries)],
            env=environment, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        result = json.loads(output.strip().splitlines()[-1])
        kind = "HNSW int8 + float16 rerank" if result["graph"] else "exact float32"
        rows[f"{size:,}"] = (
            f"| {size:,} | {build_label(build_seconds)} | {index_seconds:.1f} s ({kind}) "
            f"| {result['open'] * 1000:.0f} ms | {result['rss_open']:.0f} MB "
            f"| {result['rss_after']:.0f} MB | {result['short']} | {result['sentence']} "
            f"| {result['filtered']} | {result['filter_cold_ms']:.0f} ms "
            f"| {result['recall']} "
            f"| {today} |"
        )
        print(rows[f"{size:,}"], flush=True)
    # Last, on the index just built and saved (the worker holds one open).
    embed_rate, index_rate = indexing_rates(embedder, texts)
    print(f"embedder {embed_rate:.1f}/s, product indexing {index_rate:.1f}/s", flush=True)
    ordered = sorted(rows.values(), key=lambda row: int(row.split("|")[1].strip().replace(",", "")))
    lines = [
        f"Last run: {machine()}, database {connection.vendor}, embedder {embedder.name}.",
        "",
        f"Indexing on the same 128 NTREX sentences: the embedder alone {embed_rate:.1f} "
        f"passages/s; the product (normalize, tokens, embed, both indexes, database) "
        f"{index_rate:.1f} listings/s.",
        "",
        HEADER,
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *ordered,
        "",
        "Reproduce: `.venv/bin/python bench/search_speed.py --sizes 10000 100000` (a size at a "
        "time keeps the other rows; `BENCH_DATA_DIR=... --reuse-corpus` reuses a corpus).",
    ]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    title = names.get(connection.vendor, connection.vendor)
    write_section(
        f"speed-{connection.vendor}", f"## Search speed and size, {title}\n\n" + "\n".join(lines)
    )


if __name__ == "__main__":
    main()
