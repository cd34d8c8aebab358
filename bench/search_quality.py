"""Cross-lingual search quality through the product, on NTREX-128 and Tatoeba.

For each pair, the sentences of the target language are published as listings (title =
the sentence) and indexed by the product's own pipeline; each translation in the source
language is then searched with ranking.search among the target-language listings, as
lexical only, semantic only and hybrid. P@1 and MRR over all sentences are written to
bench/RESULTS.md with the date and machine.

    .venv/bin/python bench/search_quality.py [--embedder e5] [--datasets ntrex tatoeba]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ntrex_components import FILES, NTREX, PAIRS, SHARED
from results import RESULTS, machine, write_section
from setup_bench import setup_django

TATOEBA = SHARED / "tatoeba_laser"
TATOEBA_LANGUAGES = {
    "zh-hans": "cmn",
    "vi": "vie",
    "ru": "rus",
    "ar": "ara",
    "th": "tha",
    "id": "ind",
}
CACHED = {"e5": "CachedE5", "use": "CachedUSE", "e5+use": "CachedFused"}


def ntrex_pairs(wanted: set[str] | None = None):
    def read(language):
        return (NTREX / FILES[language]).read_text(encoding="utf-8").splitlines()

    for source, target in PAIRS:
        if wanted is None or f"{source}→{target}" in wanted:
            yield f"{source}→{target}", read(source), target, read(target)


def tatoeba_pairs(wanted: set[str] | None = None):
    for language, code in TATOEBA_LANGUAGES.items():
        if wanted is not None and f"{language}→en" not in wanted:
            continue
        foreign = (TATOEBA / f"tatoeba.{code}-eng.{code}").read_text(encoding="utf-8").splitlines()
        english = (TATOEBA / f"tatoeba.{code}-eng.eng").read_text(encoding="utf-8").splitlines()
        yield f"{language}→en", foreign, f"en-{code}", english


def publish(sentences: list[str], corpus: str, owner) -> list[int]:
    from innobridge.marketplace.models import Listing

    listings = Listing.objects.bulk_create(
        Listing(
            owner=owner, kind="offer", language=corpus, title=s[:200], summary=s[:500],
            status="published",
        )
        for s in sentences
    )  # fmt: skip
    return [listing.pk for listing in listings]


def evaluate(queries, listing_ids, corpus, mode) -> tuple[float, float]:
    from innobridge.marketplace.models import Listing
    from innobridge.search import ranking

    candidates = Listing.objects.filter(language=corpus)
    hits_at_1, reciprocal = 0, 0.0
    for index, query in enumerate(queries):
        ranked = [
            h.listing_id
            for h in ranking.search(query, candidates=candidates, limit=10, mode=mode).hits
        ]
        answer = listing_ids[index]
        if ranked and ranked[0] == answer:
            hits_at_1 += 1
        if answer in ranked:
            reciprocal += 1.0 / (ranked.index(answer) + 1)
    return hits_at_1 / len(queries), reciprocal / len(queries)


def preload_component_cache(key: str) -> None:
    """Reuse the vectors bench/ntrex_components.py already computed.

    The product embeds normalize.for_embedding(text) (NFKC, Traditional folded to
    Simplified); those vectors were computed on the raw sentence. For every language but
    Traditional Chinese the two texts differ at most by NFKC punctuation, so the raw
    vector stands in for the normalized text; Traditional Chinese is embedded afresh.
    """
    if key not in ("e5", "use"):
        return
    from bench_embedders import remember
    from embeddings_cache import CACHE, cached_embeddings

    from innobridge.search.embedders import get_embedder

    model = get_embedder(key)
    if not (CACHE / model.name).exists():
        return
    for source, target in PAIRS:
        for language, role in ((source, "query"), (target, "passage")):
            texts = (NTREX / FILES[language]).read_text(encoding="utf-8").splitlines()
            remember(
                model.name, role, texts, cached_embeddings(model, role, f"ntrex-{language}", texts)
            )


def previous_rows(embedder: str, dataset: str) -> dict[str, str]:
    """Table rows of an earlier run, by pair, so a run of a few pairs (--pairs) keeps the
    others. Each row carries its own date column."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    section = re.search(
        rf"<!-- quality-{re.escape(embedder)}:start -->(.*?)<!-- quality-", text, re.DOTALL
    )
    if not section:
        return {}
    block = re.search(rf"### {dataset}\b[^\n]*\n(.*?)(?=\n### |\Z)", section.group(1), re.DOTALL)
    rows = {}
    for line in (block.group(1) if block else "").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and "→" in cells[0]:
            rows[cells[0]] = line
    return rows


def pair_order(dataset: str) -> list[str]:
    if dataset == "ntrex":
        return [f"{source}→{target}" for source, target in PAIRS]
    return [f"{language}→en" for language in TATOEBA_LANGUAGES]


def table(rows: dict[str, str], modes: list[str], order: list[str]) -> str:
    header = ["| pair | " + " | ".join(f"{m} P@1 | {m} MRR" for m in modes) + " | measured |",
              "|---|" + "---|---|" * len(modes) + "---|"]  # fmt: skip
    return "\n".join(header + [rows[label] for label in order if label in rows])


def write_tables(embedder: str, tables: dict[str, str], done: bool) -> None:
    status = "" if done else " (run in progress or interrupted)"
    write_section(
        f"quality-{embedder}",
        f"## Search quality through the product, embedder {embedder}{status}\n\n"
        f"Last run: {machine()}. Pairs not listed were not measured.\n\n"
        + "\n\n".join(f"### {dataset}\n\n{body}" for dataset, body in tables.items())
        + f"\n\nReproduce: `.venv/bin/python bench/search_quality.py --embedder {embedder}`"
        " (add `--pairs vi→en ru→en` to measure some pairs and keep the others' rows)",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="e5", choices=sorted(CACHED))
    parser.add_argument("--datasets", nargs="+", default=["ntrex", "tatoeba"])
    parser.add_argument("--modes", nargs="+", default=["lexical", "semantic", "hybrid"])
    parser.add_argument("--pairs", nargs="+", help="only these pairs, e.g. vi→en ru→en")
    args = parser.parse_args()
    wanted = set(args.pairs) if args.pairs else None
    setup_django()
    from django.conf import settings

    from innobridge.organizations.tests.factories import OrganizationFactory
    from innobridge.search import services
    from innobridge.search.embedders import get_embedder

    settings.SEARCH_EMBEDDERS["bench"] = f"bench_embedders.{CACHED[args.embedder]}"
    settings.SEARCH_EMBEDDER = "bench"
    get_embedder.cache_clear()
    preload_component_cache(args.embedder)
    owner = OrganizationFactory(name="NTREX", country="CN")
    tables = {  # sections of earlier runs stay, whatever this run measures
        dataset: table(rows, args.modes, pair_order(dataset))
        for dataset in ("ntrex", "tatoeba")
        if (rows := previous_rows(args.embedder, dataset))
    }
    today = datetime.now(UTC).date().isoformat()
    for dataset in args.datasets:
        pairs = ntrex_pairs(wanted) if dataset == "ntrex" else tatoeba_pairs(wanted)
        order = (
            [f"{s}→{t}" for s, t in PAIRS]
            if dataset == "ntrex"
            else [f"{language}→en" for language in TATOEBA_LANGUAGES]
        )
        rows = previous_rows(args.embedder, dataset)
        published: dict[str, list[int]] = {}
        for label, queries, corpus, documents in pairs:
            if corpus not in published:
                published[corpus] = publish(documents, corpus, owner)
                started = time.perf_counter()
                services.index_listings(published[corpus])
                print(
                    f"indexed {corpus}: {len(documents)} in {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
            cells = []
            for mode in args.modes:
                p1, mrr = evaluate(queries, published[corpus], corpus, mode)
                cells += [f"{p1:.3f}", f"{mrr:.3f}"]
                # The exact count, where a target sits on the third decimal.
                print(f"  {label} {mode}: {round(p1 * len(queries))} of {len(queries)} first")
            rows[label] = f"| {label} | " + " | ".join(cells) + f" | {today} |"
            print(rows[label], flush=True)
            tables[dataset] = table(rows, args.modes, order)
            write_tables(args.embedder, tables, done=False)
        tables[dataset] = table(rows, args.modes, order)
    write_tables(args.embedder, tables, done=True)


if __name__ == "__main__":
    main()
