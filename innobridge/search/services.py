"""Keeping the search index current: index, remove, rebuild."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.marketplace.selectors import forget_published
from innobridge.search import lexical, normalize, shipped_vectors
from innobridge.search.documents import listing_passage, listing_text
from innobridge.search.embedders import get_embedder
from innobridge.search.models import MatchSuggestion, SearchEntry, SuggestionStatus
from innobridge.search.ranking import matches_for
from innobridge.search.semantic import get_index
from innobridge.search.vocabulary import ensure_directory_terms, refresh_directory_terms

BATCH_SIZE = 64
ID_CHUNK = 2000


def _index_batch(listings: list[Listing]) -> None:
    ensure_directory_terms()
    embedder = get_embedder()
    vectors = shipped_vectors.embed_passages(
        embedder, [listing_passage(listing) for listing in listings]
    )
    entries = []
    for listing, vector in zip(listings, vectors, strict=True):
        entry = SearchEntry(listing=listing, tokens=normalize.token_stream(listing_text(listing)))
        entry.set_vector(vector, embedder.name)
        entries.append(entry)
    with transaction.atomic():
        SearchEntry.objects.filter(listing__in=listings).delete()
        SearchEntry.objects.bulk_create(entries)
        lexical.write((entry.listing_id, entry.tokens) for entry in entries)


def index_listings(
    listing_ids: Iterable[int], *, progress: Callable[[int], None] | None = None
) -> int:
    """Index the published ones among `listing_ids`, remove the others; returns how many
    were indexed. Works through the ids in chunks, so a bulk load of any size fits the
    database's limit on query parameters."""
    ids = list(dict.fromkeys(listing_ids))
    indexed = 0
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        published = list(
            Listing.objects.filter(pk__in=chunk, status=ListingStatus.PUBLISHED).order_by("pk")
        )
        gone = set(chunk) - {listing.pk for listing in published}
        if gone:
            remove_listings(gone)
        for offset in range(0, len(published), BATCH_SIZE):
            batch = published[offset : offset + BATCH_SIZE]
            _index_batch(batch)
            if progress:
                progress(len(batch))
        indexed += len(published)
    lexical.analyze_after_bulk(indexed)
    _compact_vector_index()
    if indexed:
        transaction.on_commit(forget_published)  # cached search results are out of date
    return indexed


def _compact_vector_index(*, force: bool = False) -> None:
    """Fold what was just indexed into the saved vector index (when the change is large
    enough to be worth it, or `force`), so that every process opens it without catching up
    row by row."""
    get_index(get_embedder().name).compact(force=force)


def remove_listings(listing_ids: Iterable[int]) -> None:
    ids = list(listing_ids)
    with transaction.atomic():
        removed, _by_model = SearchEntry.objects.filter(listing_id__in=ids).delete()
        lexical.remove(ids)
    _compact_vector_index()
    if removed:  # a draft saved was never indexed: nothing cached changes
        transaction.on_commit(forget_published)


def reindex_all(*, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild both indexes from the published listings (`innobridge reindex`)."""
    refresh_directory_terms()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        lexical.clear()
    ids = Listing.objects.filter(status=ListingStatus.PUBLISHED).values_list("pk", flat=True)
    indexed = index_listings(list(ids), progress=progress)
    _compact_vector_index(force=True)
    return indexed


def stale_listing_ids(*, limit: int | None = None) -> list[int]:
    """Published listings without an entry, or with a vector from another model, oldest
    id first (at most `limit`)."""
    name = get_embedder().name
    ids = (
        Listing.objects.filter(status=ListingStatus.PUBLISHED)
        .exclude(search_entry__model_name=name)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit] if limit is not None else ids)


# --- Match suggestions -----------------------------------------------------------------

SUGGESTIONS_PER_LISTING = 10


def suggestions_refresh(listing_ids: Iterable[int]) -> int:
    """Recompute the suggested partners of these listings, and offer each of them to its
    own best partners in return. Statuses of pairs that stay (seen, dismissed...) are kept;
    new pairs that dropped out are removed; unpublished listings lose all their pairs."""
    ids = list(dict.fromkeys(listing_ids))
    written = 0
    for start in range(0, len(ids), ID_CHUNK):
        written += _refresh_chunk(ids[start : start + ID_CHUNK])
    return written


def _refresh_chunk(ids: list[int]) -> int:
    published = list(
        Listing.objects.filter(pk__in=ids, status=ListingStatus.PUBLISHED).select_related("owner")
    )
    gone = set(ids) - {listing.pk for listing in published}
    MatchSuggestion.objects.filter(listing_id__in=gone).delete()
    MatchSuggestion.objects.filter(candidate_id__in=gone).delete()
    written = 0
    for listing in published:
        hits = matches_for(listing, limit=SUGGESTIONS_PER_LISTING).hits
        with transaction.atomic():
            MatchSuggestion.objects.filter(listing=listing, status=SuggestionStatus.NEW).exclude(
                candidate_id__in=[hit.listing_id for hit in hits]
            ).delete()
            for hit in hits:
                for source, target in ((listing.pk, hit.listing_id), (hit.listing_id, listing.pk)):
                    MatchSuggestion.objects.update_or_create(
                        listing_id=source, candidate_id=target, defaults={"score": hit.score}
                    )
                    written += 1
    return written


def suggestion_set_status(*, suggestion, actor, status: str) -> None:
    """The owner marks a suggestion seen or dismissed (or interest expressed)."""
    from django.core.exceptions import PermissionDenied

    from innobridge.marketplace.permissions import can_manage_listing

    if not can_manage_listing(actor, suggestion.listing):
        raise PermissionDenied("Only the listing's owner manages its suggestions.")
    suggestion.status = status
    suggestion.save(update_fields=["status", "updated_at"])
