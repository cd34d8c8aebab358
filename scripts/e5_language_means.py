"""Write innobridge/search/data/e5_language_means.npz: the mean symmetric e5 vector of each
language, which embedders.LanguageCentring removes in part from every vector.

The sentences are public and independent of the matching benchmark: Tatoeba's everyday
sentences (LASER's test sets, CC BY 2.0 FR) for every language they cover, and NTREX-128
for Lao and Burmese, which Tatoeba lacks. English is the English side of all Tatoeba
pairs. Chinese is one mean ("zh"): the product folds Traditional to Simplified before
embedding. "*" is the average of the languages' means, for languages without sentences.
Caveat for readers of bench/RESULTS.md: the Tatoeba quality figures are thus measured
with means taken from the same sentences (a mean over 1,000 sentences, no pairing).

    .venv/bin/python scripts/e5_language_means.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TATOEBA = {
    "ar": "ara", "zh": "cmn", "id": "ind", "ja": "jpn", "km": "khm", "ko": "kor",
    "ru": "rus", "th": "tha", "vi": "vie", "ms": "zsm",
}  # fmt: skip
NTREX = {"lo": "newstest2019-ref.lao.txt", "my": "newstest2019-ref.mya.txt"}
ENGLISH_SENTENCES = 3000
BATCH = 64


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sources(shared: Path) -> dict[str, list[str]]:
    tatoeba = shared / "tatoeba_laser"
    texts = {code: lines(tatoeba / f"tatoeba.{x}-eng.{x}") for code, x in TATOEBA.items()}
    texts |= {code: lines(shared / "ntrex128" / name) for code, name in NTREX.items()}
    english = dict.fromkeys(
        line for x in sorted(TATOEBA.values()) for line in lines(tatoeba / f"tatoeba.{x}-eng.eng")
    )
    texts["en"] = list(english)[:ENGLISH_SENTENCES]
    return texts


def mean_vector(embed, texts: list[str]) -> np.ndarray:
    from innobridge.search import normalize

    texts = [normalize.for_embedding(t) for t in texts]
    parts = [embed(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
    return np.vstack(parts).mean(axis=0).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    import django

    django.setup()
    from innobridge.search.embedders import LANGUAGE_MEANS_FILE, E5RawEmbedder

    class SymmetricE5(E5RawEmbedder):
        symmetric = True

    embedder = SymmetricE5()
    means = {}
    for code, texts in sources(args.shared).items():
        means[code] = mean_vector(embedder.embed_passages, texts)
        print(f"{code}: {len(texts)} sentences, mean norm {np.linalg.norm(means[code]):.3f}")
    means["*"] = np.mean(list(means.values()), axis=0).astype(np.float32)
    LANGUAGE_MEANS_FILE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(LANGUAGE_MEANS_FILE, **means)
    print(f"wrote {LANGUAGE_MEANS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
