"""Write innobridge/search/data/demo_vectors.npz: the search embedder's vector of every
published demo listing and article, and each demo listing's matchmaking query vector,
which `search.shipped_vectors` hands out instead of embedding them again, so that a new
`make run` searches and suggests partners across languages from the start.

Loads the demo into a scratch database (a temporary data folder), takes each text exactly
as indexing and matchmaking give it to the embedder, and embeds it with the configured
embedder (a few minutes on two cores). Rerun it after changing the demo data, the passage texts
or the embedder; a stale file costs only time, never wrong results (texts are matched by
their SHA-256, the model by its name).

    .venv/bin/python scripts/demo_vectors.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 32


def main() -> None:
    scratch = tempfile.mkdtemp(prefix="innobridge-demo-vectors-")
    os.environ["INNOBRIDGE_DATA_DIR"] = scratch
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    import django

    django.setup()
    import numpy as np
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    from innobridge.marketplace.choices import ListingStatus
    from innobridge.marketplace.models import Listing
    from innobridge.news.choices import ArticleStatus
    from innobridge.news.models import Article
    from innobridge.news.services import article_passage
    from innobridge.search import normalize
    from innobridge.search.documents import listing_passage, listing_text
    from innobridge.search.embedders import FusedEmbedder, get_embedder
    from innobridge.search.ranking import MATCH_WEIGHTS
    from innobridge.search.shipped_vectors import SHIPPED_FILE, save_shipped_vectors

    call_command("migrate", verbosity=0)
    settings.LISTING_CHANGE_TASKS = []  # nothing to queue: this script embeds itself
    for path in settings.DEMO_LOADERS:
        import_string(path)()
    listings = Listing.objects.filter(is_demo=True, status=ListingStatus.PUBLISHED).order_by("pk")
    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("pk")
    passages = list(
        dict.fromkeys(
            [listing_passage(listing) for listing in listings]
            + [article_passage(article) for article in articles]
        )
    )
    # What ranking.matches_for asks the embedder for: each listing's text as a query.
    queries = list(dict.fromkeys(normalize.for_embedding(listing_text(x)) for x in listings))
    weight = MATCH_WEIGHTS.use_weight
    embedder = get_embedder()

    def embed_queries(texts: list[str]) -> np.ndarray:
        if weight is not None and isinstance(embedder, FusedEmbedder):
            return embedder.embed_queries(texts, use_weight=weight)
        return embedder.embed_queries(texts)

    started = time.monotonic()
    passage_vectors = in_batches(embedder.embed_passages, passages, "passages")
    query_vectors = in_batches(embed_queries, queries, "matchmaking queries")
    save_shipped_vectors(
        SHIPPED_FILE,
        model_name=embedder.name,
        passages=dict(zip(passages, passage_vectors, strict=True)),
        queries={(text, weight): v for text, v in zip(queries, query_vectors, strict=True)},
    )
    print(
        f"{SHIPPED_FILE.relative_to(ROOT)}: {len(passages)} passages and {len(queries)} "
        f"queries of {embedder.name}, {SHIPPED_FILE.stat().st_size / 1024:.0f} KiB, "
        f"{time.monotonic() - started:.0f} s"
    )


def in_batches(embed, texts: list[str], what: str):
    import numpy as np

    vectors = []
    for start in range(0, len(texts), BATCH):
        vectors.append(embed(texts[start : start + BATCH]))
        print(f"{min(start + BATCH, len(texts))}/{len(texts)} {what}", flush=True)
    return np.vstack(vectors)


if __name__ == "__main__":
    main()
