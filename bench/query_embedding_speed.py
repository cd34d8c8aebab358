"""How long embedding one search query takes, alone (no index, no database).

The search speed benchmark's sentence queries (25 NTREX sentences in each of eight
languages, normalized as the product embeds them) are embedded one at a time by e5 with
the card's prefixes and no centring (E5RawEmbedder), by the product's e5 (symmetric,
centred), by USE, and by the fused query vector, interleaved so that machine noise falls
on all alike. Prints p50 / p95 / p99 in milliseconds: the floor under the search latency.

    .venv/bin/python bench/query_embedding_speed.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ntrex_components import FILES, sentences
from results import machine
from setup_bench import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3, help="passes over the 200 queries")
    args = parser.parse_args()
    setup_django()
    from innobridge.search import normalize
    from innobridge.search.embedders import E5RawEmbedder, get_embedder

    fused = get_embedder("e5+use")
    embedders = {
        "e5, query/passage prefixes, uncentred": E5RawEmbedder().embed_queries,
        "e5 as the product uses it (symmetric, centred)": fused.e5.embed_queries,
        "USE": fused.use.embed_queries,
        "fused query vector (what a search embeds)": fused.embed_queries,
    }
    sample = [
        normalize.for_embedding(s) for language in FILES for s in sentences(language)[1000:1025]
    ]
    for embed in embedders.values():
        embed(["warm up"])
    timings: dict[str, list[float]] = {label: [] for label in embedders}
    for _round in range(args.rounds):
        for text in sample:
            for label, embed in embedders.items():
                started = time.perf_counter()
                embed([text])
                timings[label].append((time.perf_counter() - started) * 1000)
    print(f"{machine()}; {len(sample)} queries × {args.rounds} rounds")
    for label, values in timings.items():
        p50, p95, p99 = np.percentile(values, [50, 95, 99])
        print(f"{label}: p50 {p50:.1f} / p95 {p95:.1f} / p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
