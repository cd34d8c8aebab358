"""Which embedder, alone or combined? P@1 and MRR of each retriever on NTREX-128.

For each language pair, the 1,997 sentences of the target language are the documents and
their translations in the source language the queries (line i answers line i). Scores are
computed directly on the vectors (no database), so every combination is cheap to compare:
e5 alone, USE alone, and their score fusion with per-language weights. The product-level
benchmark (bench/search_quality.py) then measures the chosen configuration end to end.

    .venv/bin/python bench/ntrex_components.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
SHARED = Path(os.environ.get("INNOBRIDGE_SHARED_DATA", ROOT.parent / "shared" / "data"))
NTREX = SHARED / "ntrex128"
FILES = {
    "en": "newstest2019-src.eng.txt", "zh-hans": "newstest2019-ref.zho-CN.txt",
    "zh-hant": "newstest2019-ref.zho-TW.txt", "vi": "newstest2019-ref.vie.txt",
    "ru": "newstest2019-ref.rus.txt", "ar": "newstest2019-ref.arb.txt",
    "th": "newstest2019-ref.tha.txt", "id": "newstest2019-ref.ind.txt",
}  # fmt: skip
PAIRS = [
    ("zh-hans", "en"), ("en", "zh-hans"), ("zh-hant", "zh-hans"), ("zh-hans", "zh-hant"),
    ("vi", "zh-hans"), ("vi", "en"), ("ru", "en"), ("ar", "en"), ("th", "en"), ("id", "en"),
]  # fmt: skip


def sentences(language: str) -> list[str]:
    return (NTREX / FILES[language]).read_text(encoding="utf-8").splitlines()


def p_at_1_and_mrr(scores: np.ndarray) -> tuple[float, float]:
    """scores[i, j]: query i against document j; document i is the right answer."""
    correct = scores[np.arange(len(scores)), np.arange(len(scores))]
    ranks = 1 + (scores > correct[:, None]).sum(axis=1)
    return float((ranks == 1).mean()), float((1.0 / ranks).mean())


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    import django

    django.setup()
    from embeddings_cache import cached_embeddings
    from results import machine, write_section

    from innobridge.search import normalize
    from innobridge.search.embedders import FusedEmbedder, get_embedder, limit_blas_threads

    limit_blas_threads()
    # e5-raw is the model card's retrieval convention ("query: " / "passage: "), the issue's
    # reference; its query-side vectors on both sides are the symmetric, uncentred e5. "e5"
    # is the product's: symmetric and centred per language.
    models = {key: get_embedder(key) for key in ("e5-raw", "e5", "use")}
    needed = {(source, "query") for source, _t in PAIRS} | {(t, "passage") for _s, t in PAIRS}
    symmetric_documents = {(t, "query") for _s, t in PAIRS}  # the symmetric, uncentred e5's
    vectors = {}
    for key, model in models.items():
        for language, role in sorted(needed | (symmetric_documents if key == "e5-raw" else set())):
            texts = [normalize.for_embedding(s) for s in sentences(language)]
            vectors[key, language, role] = cached_embeddings(
                model, role, f"ntrexnorm-{language}", texts
            )
    weights = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1.0)
    lines = [
        "| pair | e5 query/passage P@1 | e5 symmetric P@1 | e5 symmetric, centred P@1 "
        "| e5 product MRR | USE P@1 | USE MRR | product e5 + w·USE, P@1 by w |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for source, target in PAIRS:
        raw = vectors["e5-raw", source, "query"] @ vectors["e5-raw", target, "passage"].T
        symmetric = vectors["e5-raw", source, "query"] @ vectors["e5-raw", target, "query"].T
        e5 = vectors["e5", source, "query"] @ vectors["e5", target, "passage"].T
        use = vectors["use", source, "query"] @ vectors["use", target, "passage"].T
        fused = {w: p_at_1_and_mrr(e5 + w * use)[0] for w in weights}
        best = max(fused, key=fused.get)
        e5_p, e5_m = p_at_1_and_mrr(e5)
        use_p, use_m = p_at_1_and_mrr(use)
        summary = ", ".join(f"{w}: {p:.3f}" for w, p in fused.items())
        lines.append(
            f"| {source}→{target} | {p_at_1_and_mrr(raw)[0]:.3f} "
            f"| {p_at_1_and_mrr(symmetric)[0]:.3f} | {e5_p:.3f} | {e5_m:.3f} "
            f"| {use_p:.3f} | {use_m:.3f} | best {best} ({summary}) |"
        )
    print("\n".join(lines))
    write_section(
        "ntrex-components",
        "## Embedders on NTREX-128, alone and fused (vectors only, no database)\n\n"
        f"{machine()}; all 1,997 sentences per pair, normalized as the product embeds "
        "them (NFKC, Traditional folded to Simplified). The product's e5 is symmetric "
        '("query: " on both sides) and centred per language (embedders.LanguageCentring, '
        "means from Tatoeba sentences, scripts/e5_language_means.py); the fused default "
        f"weighs USE {FusedEmbedder.use_weight} and drops it for languages USE does not know "
        "(vi), so for vi pairs the product is the w = 0 column.\n\n"
        + "\n".join(lines)
        + "\n\nReproduce: `.venv/bin/python bench/ntrex_components.py` (first run embeds "
        "and caches in bench/.cache/; e5 ran at 15-50 sentences/s, USE at 200/s, batched, "
        "on the shared 2-core machine)",
    )


if __name__ == "__main__":
    main()
