"""Search-box benchmark: short queries (1–6 words, single characters and terms) in eight
languages against listings in the same eight, through the product's search entry point.

bench/data/search_box/part-*.json: eight domains written by hand for this benchmark (not
derived from NTREX, Tatoeba or the matching set), each with 56 listings (7 per language)
and 32 queries (4 per language), graded 3 (exactly what is searched), 2 (close), 1
(related), and hard negatives: listings in the query's own language that share its words
but not its meaning. A query is judged against its own domain's listings; the domains are
disjoint (agriculture, energy, health, digital, manufacturing, environment, transport,
services), so any other listing counts as not relevant.

Every listing is published with its sectors and keywords; each query runs as the search
API runs it (`queries.search`, a visitor, 10 hits). Reported: nDCG@10, recall@10 (share of
the relevant listings, any grade, in the first ten) and MRR (first listing of grade ≥ 2),
overall, per query language and per query length; recall@10 per pair of query and listing
language; how often a hard negative is in the first ten, and above the best answer.

    .venv/bin/python bench/search_box_quality.py                 # the product as it is
    .venv/bin/python bench/search_box_quality.py --label after --write
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, write_section
from setup_bench import setup_django

DATA = Path(__file__).resolve().parent / "data" / "search_box"
LANGUAGES = ["en", "zh-hans", "zh-hant", "vi", "ru", "ar", "th", "id"]
# Settings are tuned on these domains' queries and judged on the others' (--grid).
TUNE_PARTS = {"A", "B", "C", "D", "I"}


def load_parts() -> tuple[list[dict], list[dict]]:
    """All parts' documents and queries; fails loudly on an unknown or repeated id."""
    documents: list[dict] = []
    queries: list[dict] = []
    for path in sorted(DATA.glob("part-*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        for query in part["queries"]:
            query["part"] = part["part"]
        documents += part["documents"]
        queries += part["queries"]
    ids = [d["id"] for d in documents]
    if len(ids) != len(set(ids)):
        raise SystemExit("a document id is repeated across parts")
    known = set(ids)
    for query in queries:
        unknown = (set(query["relevant"]) | set(query["hard_negatives"])) - known
        if unknown:
            raise SystemExit(f"{query['id']}: unknown documents {sorted(unknown)}")
    return documents, queries


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    gain = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    return len(set(ranked[:10]) & set(relevant)) / len(relevant) if relevant else 0.0


def mrr(ranked: list[str], relevant: dict[str, int]) -> float:
    for i, d in enumerate(ranked, start=1):
        if relevant.get(d, 0) >= 2:
            return 1.0 / i
    return 0.0


def publish(documents: list[dict]) -> dict[int, str]:
    """Each document as a published listing of a member; listing id → document id."""
    from innobridge.core.models import Sector
    from innobridge.marketplace.models import Listing
    from innobridge.organizations.tests.factories import OrganizationFactory

    owner = OrganizationFactory(name="Benchmark owner", country="CN")
    sectors = {s.code: s for s in Sector.objects.all()}
    doc_ids: dict[int, str] = {}
    for document in documents:
        listing = Listing.objects.create(
            owner=owner,
            kind=document["kind"],
            language=document["language"],
            title=document["title"][:200],
            summary=document["description"][:500],
            description=document["description"],
            keywords=document.get("keywords", []),
            status="published",
            resource_type="laboratory" if document["kind"] == "resource" else "",
            programme_type="exchange" if document["kind"] == "talent" else "",
        )
        listing.sectors.set([sectors[code] for code in document["sectors"]])
        doc_ids[listing.pk] = document["id"]
    return doc_ids


def run_queries(queries: list[dict], doc_ids: dict[int, str]) -> dict[str, list[str]]:
    """Each query's first ten documents, as the search API ranks them for a visitor."""
    from django.contrib.auth.models import AnonymousUser

    from innobridge.search import queries as search_queries

    ranked = {}
    for query in queries:
        request = search_queries.SearchRequest(query=query["text"], limit=10)
        results = search_queries.search(request, user=AnonymousUser())
        ranked[query["id"]] = [doc_ids[hit.listing_id] for hit in results.hits]
    return ranked


def run_grid(queries: list[dict], doc_ids: dict[int, str]) -> list[str]:
    """nDCG@10 of short-query weights, on two halves of the domains: a setting is chosen on
    the first (tune) and judged on the second (held out), so that the figure of the chosen
    one is not the maximum of a search over the very queries it reports."""
    from innobridge.search import ranking

    cache_query_vectors()
    tune = [q for q in queries if q["part"] in TUNE_PARTS]
    held_out = [q for q in queries if q["part"] not in TUNE_PARTS]
    lines = [
        f"| USE weight (short) | lexical, same / other language | feedback | nDCG@10 tune "
        f"({len(tune)}) | nDCG@10 held out ({len(held_out)}) |",
        "|---|---|---|---|---|",
    ]
    feedbacks = [(0.0, False), (0.5, False), (1.0, False), (0.5, True), (1.0, True)]
    for use_weight in (None, 1.2):
        for same, other in ((0.1, 0.0), (0.2, 0.1)):
            for feedback, across in feedbacks:
                weights = ranking.Weights(
                    lexical_same_language=same,
                    lexical_other_language=other,
                    short_use_weight=use_weight,
                    feedback=feedback,
                    feedback_across_languages=across,
                )
                ranked = {
                    q["id"]: [
                        doc_ids[h.listing_id]
                        for h in ranking.search(
                            q["text"], limit=10, weights=weights, filtered=False
                        ).hits
                    ]
                    for q in queries
                }
                line = (
                    f"| {use_weight or 'default'} | {same} / {other} | {feedback}"
                    f"{' (other languages)' if across else ''} | "
                    f"{scores(tune, ranked)['nDCG@10']:.3f} | "
                    f"{scores(held_out, ranked)['nDCG@10']:.3f} |"
                )
                print(line, flush=True)
                lines.append(line)
    return lines


def cache_query_vectors() -> None:
    """Embed each distinct query text once across the settings tried (the ranking is what
    changes between them)."""
    from functools import lru_cache

    from innobridge.search import ranking, shipped_vectors

    embed = lru_cache(maxsize=None)(
        lambda embedder, text, use_weight: shipped_vectors.embed_query(
            embedder, text, use_weight=use_weight
        )
    )

    def cached_query_vector(embedder, text, weights, use_weight=None):
        return embed(embedder, text, weights.use_weight if use_weight is None else use_weight)

    ranking._query_vector = cached_query_vector


def run_ablation(queries: list[dict], doc_ids: dict[int, str]) -> list[str]:
    """nDCG@10 of the search box's settings with each idea of 2026-12-05 left out in turn,
    and with its weight moved, on the tuning and the held-out domains."""
    from dataclasses import replace

    from innobridge.search import ranking

    cache_query_vectors()
    kept = ranking.DEFAULT_WEIGHTS
    variants = {
        "before issue 18 (Weights())": ranking.Weights(),
        "settings of 2026-12-04 (feedback, lexical 0.2 / 0.1)": replace(
            kept,
            lexical_same_language=0.2,
            lexical_other_language=0.1,
            use_imputation=0.0,
            sector_lift=0.0,
            restore_vietnamese_marks=False,
        ),
        "all kept": kept,
        "lexical 0.2 / 0.1, as on 2026-12-04": replace(
            kept, lexical_same_language=0.2, lexical_other_language=0.1
        ),
        "without the feedback": replace(kept, feedback=0.0),
        "without the Vietnamese marks restored": replace(kept, restore_vietnamese_marks=False),
        "without the sector lift": replace(kept, sector_lift=0.0),
        "without the imputed USE similarity": replace(kept, use_imputation=0.0),
        "sector lift 0.3": replace(kept, sector_lift=0.3),
        "sector lift from the first 3 hits": replace(kept, sector_depth=3),
        "imputation factor 0.5": replace(kept, use_imputation=0.5),
        "imputation factor 1.5": replace(kept, use_imputation=1.5),
    }
    tune = [q for q in queries if q["part"] in TUNE_PARTS]
    held_out = [q for q in queries if q["part"] not in TUNE_PARTS]
    lines = [
        f"| settings | nDCG@10 tune ({len(tune)}) | held out ({len(held_out)}) | all "
        f"({len(queries)}) | vi queries |",
        "|---|---|---|---|---|",
    ]
    vietnamese = [q for q in queries if q["language"] == "vi"]
    for name, weights in variants.items():
        ranked = {
            q["id"]: [
                doc_ids[h.listing_id]
                for h in ranking.search(q["text"], limit=10, weights=weights, filtered=False).hits
            ]
            for q in queries
        }
        line = (
            f"| {name} | {scores(tune, ranked)['nDCG@10']:.3f} | "
            f"{scores(held_out, ranked)['nDCG@10']:.3f} | {scores(queries, ranked)['nDCG@10']:.3f} "
            f"| {scores(vietnamese, ranked)['nDCG@10']:.3f} |"
        )
        print(line, flush=True)
        lines.append(line)
    return lines


def use_true_languages(queries: list[dict]) -> None:
    """Diagnosis only: the queries' languages as written down, where the product detects
    them (the upper bound of a better detection of short queries)."""
    from innobridge.search import embedders, ranking

    true = {q["text"]: q["language"] for q in queries}
    detect, text_language = ranking.detect_language, embedders.text_language
    ranking.detect_language = lambda text, default="en": true.get(text) or detect(text, default)
    embedders.text_language = lambda text: true.get(text) or text_language(text)


def length_class(text: str) -> str:
    words = text.split()
    if len(words) > 1:
        return "2–3 words" if len(words) <= 3 else "4–6 words"
    return "one word or term"


def scores(queries: list[dict], ranked: dict[str, list[str]]) -> dict[str, float]:
    n = len(queries) or 1
    return {
        "nDCG@10": sum(ndcg_at_10(ranked[q["id"]], q["relevant"]) for q in queries) / n,
        "recall@10": sum(recall_at_10(ranked[q["id"]], q["relevant"]) for q in queries) / n,
        "MRR": sum(mrr(ranked[q["id"]], q["relevant"]) for q in queries) / n,
    }


def hard_negative_figures(queries: list[dict], ranked: dict[str, list[str]]) -> tuple[int, int]:
    """Queries with a hard negative in the first ten; with one above every grade-3 answer."""
    in_top, above = 0, 0
    for query in queries:
        order = ranked[query["id"]]
        negatives = [order.index(d) for d in query["hard_negatives"] if d in order]
        if not negatives:
            continue
        in_top += 1
        best = [order.index(d) for d, g in query["relevant"].items() if g == 3 and d in order]
        if not best or min(negatives) < min(best):
            above += 1
    return in_top, above


def report(documents, queries, ranked, label: str) -> str:
    language_of = {d["id"]: d["language"] for d in documents}
    overall = scores(queries, ranked)
    lines = [
        f"{machine()}; {len(queries)} queries, {len(documents)} listings, label `{label}`.",
        "",
        "| query language | queries | nDCG@10 | recall@10 | MRR |",
        "|---|---|---|---|---|",
    ]

    def row(name: str, subset: list[dict]) -> str:
        s = scores(subset, ranked)
        return (
            f"| {name} | {len(subset)} | {s['nDCG@10']:.3f} | {s['recall@10']:.3f} "
            f"| {s['MRR']:.3f} |"
        )

    for language in LANGUAGES:
        lines.append(row(language, [q for q in queries if q["language"] == language]))
    lines.append(
        f"| **all** | {len(queries)} | **{overall['nDCG@10']:.3f}** | "
        f"**{overall['recall@10']:.3f}** | **{overall['MRR']:.3f}** |"
    )
    lines += ["", "| query length | queries | nDCG@10 | recall@10 | MRR |", "|---|---|---|---|---|"]
    for name in ("one word or term", "2–3 words", "4–6 words"):
        lines.append(row(name, [q for q in queries if length_class(q["text"]) == name]))
    # Recall@10 per pair: of the relevant listings in language L written for queries in
    # language Q, the share found in the first ten.
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for query in queries:
        top = set(ranked[query["id"]][:10])
        for doc in query["relevant"]:
            pair = found[(query["language"], language_of[doc])]
            pair[0] += doc in top
            pair[1] += 1
    lines += [
        "",
        "Recall@10 per pair (rows: query language, columns: listing language; relevant "
        "listings of that pair in brackets):",
        "",
        "| query \\ listing | " + " | ".join(LANGUAGES) + " |",
        "|---" * (len(LANGUAGES) + 1) + "|",
    ]
    for q_language in LANGUAGES:
        cells = []
        for d_language in LANGUAGES:
            hits, total = found[(q_language, d_language)]
            cells.append(f"{hits / total:.2f} ({total})" if total else "—")
        lines.append(f"| {q_language} | " + " | ".join(cells) + " |")
    in_top, above = hard_negative_figures(queries, ranked)
    lines += [
        "",
        f"Hard negatives: a query's hard negative is in its first ten for {in_top} of "
        f"{len(queries)} queries, and ranks above every grade-3 answer for {above}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", default="default", help="names the run in the report")
    parser.add_argument("--write", action="store_true", help="write the report to RESULTS.md")
    parser.add_argument("--ranked", type=Path, help="also save each query's ten hits (JSON)")
    parser.add_argument("--grid", action="store_true", help="also try short-query weights")
    parser.add_argument(
        "--ablation", action="store_true", help="also leave out each idea of the settings"
    )
    parser.add_argument(
        "--oracle-language",
        action="store_true",
        help="diagnosis: give every query its true language instead of the detected one",
    )
    args = parser.parse_args()
    documents, queries = load_parts()
    setup_django()
    from innobridge.search import services

    doc_ids = publish(documents)
    services.reindex_all()
    if args.oracle_language:
        use_true_languages(queries)
    ranked = run_queries(queries, doc_ids)
    text = report(documents, queries, ranked, args.label)
    print(text)
    if args.ranked:
        args.ranked.write_text(json.dumps(ranked, ensure_ascii=False, indent=1), "utf-8")
    if args.grid:
        grid = "\n".join(run_grid(queries, doc_ids))
        text += f"\n\nShort-query weights (tuned on parts {sorted(TUNE_PARTS)}):\n\n{grid}"
    if args.ablation:
        ablation = "\n".join(run_ablation(queries, doc_ids))
        text += f"\n\nEach idea left out (tuned on parts {sorted(TUNE_PARTS)}):\n\n{ablation}"
    if args.write:
        write_section(
            f"search-box-{args.label}",
            f"### Search-box queries: {args.label}\n\n{text}\n\n"
            f"Reproduce: `.venv/bin/python bench/search_box_quality.py --label {args.label}`",
        )


if __name__ == "__main__":
    main()
