"""NTREX through the product, on the lines the search box's short-query settings can touch.

A line ranks differently under ranking.DEFAULT_WEIGHTS than under the plain weights the
search box used before issue 18 (`ranking.Weights()`) only if it is short: at most four
query tokens (the lexical bonus) or four words (feedback, imputation, the sector lift).
For each NTREX pair this counts the right first hits among those lines under both, as
bench/search_quality.py searches them (target sentences published as listings, hybrid),
and names the lines one setting gets right and the other not. Every other line of the
1,997 ranks identically under both (tests: test_search_box_settings_leave_sentences_as_
they_were, test_a_chinese_sentence_of_few_long_words_ranks_as_before_issue_18).

    .venv/bin/python bench/ntrex_short_lines.py [vi→en ru→en ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_quality
from setup_bench import setup_django


def main() -> None:
    setup_django()
    from django.conf import settings

    from innobridge.marketplace.models import Listing
    from innobridge.organizations.tests.factories import OrganizationFactory
    from innobridge.search import normalize, ranking, services
    from innobridge.search.embedders import get_embedder

    settings.SEARCH_EMBEDDERS["bench"] = "bench_embedders.CachedFused"
    settings.SEARCH_EMBEDDER = "bench"
    get_embedder.cache_clear()
    search_quality.preload_component_cache("e5+use")
    owner = OrganizationFactory(name="NTREX", country="CN")
    tried = {"before (Weights())": ranking.Weights(), "now": ranking.DEFAULT_WEIGHTS}
    published: dict[str, list[int]] = {}
    print("| pair | short lines | " + " | ".join(tried) + " | lost | gained |")
    print("|---|---|" + "---|" * (len(tried) + 2))
    for label, queries, corpus, documents in search_quality.ntrex_pairs(set(sys.argv[1:]) or None):
        if corpus not in published:
            published[corpus] = search_quality.publish(documents, corpus, owner)
            services.index_listings(published[corpus])
        ids = published[corpus]
        short = [
            i
            for i, q in enumerate(queries)
            if len(normalize.query_tokens(q)) <= 4 or normalize.word_count(q) <= 4
        ]
        candidates = Listing.objects.filter(language=corpus)
        right = {}
        for name, weights in tried.items():
            right[name] = set()
            for i in short:
                hits = ranking.search(queries[i], candidates=candidates, limit=10, weights=weights)
                if hits.hits and hits.hits[0].listing_id == ids[i]:
                    right[name].add(i)
        before, now = right.values()
        counts = " | ".join(str(len(found)) for found in right.values())
        lost = "; ".join(queries[i] for i in sorted(before - now)) or "none"
        gained = "; ".join(queries[i] for i in sorted(now - before)) or "none"
        print(f"| {label} | {len(short)} | {counts} | {lost} | {gained} |", flush=True)


if __name__ == "__main__":
    main()
