"""Search speed and size: query latency (query embedding included), indexing throughput
and resident memory at 10,000 and 100,000 listings (more with --sizes).

Embedding 100,000 texts on 2 cores takes hours, so the corpus reuses real sentence
vectors: the cached NTREX vectors of bench/ntrex_components.py, recombined in pairs
(normalize(a + b)) with the two sentences as the listing's text. The embedder's own rate
and the product's indexing rate (embedding included) are measured separately on real
listings. Queries are 200 NTREX sentences in eight languages (about 20 words each) and,
as a search box gets them, their first three words (first four characters in unspaced
scripts), embedded for real at query time, searched through selectors.search (hybrid),
unfiltered and filtered by kind.

    .venv/bin/python bench/search_speed.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ntrex_components import FILES, PAIRS, sentences
from results import machine, write_section
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="keep a corpus of the right size found in BENCH_DATA_DIR (one size only)",
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from innobridge.marketplace.models import Listing
    from innobridge.search import selectors
    from innobridge.search.embedders import get_embedder
    from innobridge.search.semantic import get_index, reset_indexes

    embedder = get_embedder()
    texts, vectors = sentence_vectors(embedder)
    sample = [s for language in FILES for s in sentences(language)[1000 : 1000 + args.queries // 8]]
    short_sample = [short_query(s) for s in sample]

    # The embedder's own rate, and the product's indexing rate with real embedding.
    started = time.perf_counter()
    embedder.embed_passages(texts[:128])
    embed_rate = 128 / (time.perf_counter() - started)
    lines = [
        f"{machine()}, database {connection.vendor}, embedder {embedder.name}.",
        "",
        f"Embedder alone: {embed_rate:.1f} passages/s (128 NTREX sentences, batched).",
        "",
        "| listings | corpus build | index load | RSS after load | p50 / p95 / p99 ms, short "
        "query | p50 / p95 / p99 ms, sentence | p50 / p95 / p99 ms, sentence + kind filter |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in args.sizes:
        reset_indexes()
        if args.reuse_corpus and Listing.objects.count() == size:
            build_seconds = float("nan")
        else:
            Listing.objects.all().delete()
            build_seconds = build_corpus(size, texts, vectors, embedder.name)
        started = time.perf_counter()
        get_index(embedder.name).refresh()
        load_seconds = time.perf_counter() - started
        memory = rss_mb()
        timings = {"short": [], "sentence": [], "filtered": []}
        for label, queries, filtered in (
            ("short", short_sample, False),
            ("sentence", sample, False),
            ("filtered", sample, True),
        ):
            candidates = Listing.objects.filter(kind="offer") if filtered else None
            for query in queries:
                started = time.perf_counter()
                selectors.search(query, candidates=candidates, limit=10, filtered=filtered)
                timings[label].append(time.perf_counter() - started)
        row = (
            f"| {size:,} | {build_label(build_seconds)} | {load_seconds:.1f} s | {memory:.0f} MB "
            f"| {percentiles(timings['short'])} | {percentiles(timings['sentence'])} "
            f"| {percentiles(timings['filtered'])} |"
        )
        print(row, flush=True)
        lines.append(row)
    lines += ["", "Reproduce: `.venv/bin/python bench/search_speed.py --sizes 10000 100000`"]
    write_section(f"speed-{connection.vendor}", "## Search speed and size\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
