"""The text a listing is indexed as: what the lexical index tokenizes and matchmaking
asks with (`listing_text`), and what the embedder receives for the vector index
(`listing_passage`)."""

from __future__ import annotations

from innobridge.core.html import html_to_text
from innobridge.marketplace.models import Listing
from innobridge.search import normalize

# A listing's vector comes from its title, summary and the start of its description: e5
# reads at most 512 tokens, and the first paragraphs say what a listing is about.
EMBEDDED_DESCRIPTION_CHARS = 1500


def listing_text(listing: Listing) -> str:
    """What a listing is about, for both indexes: title, summary, keywords, description."""
    return "\n".join(
        part
        for part in (
            listing.title,
            listing.summary,
            ", ".join(listing.keywords or []),
            html_to_text(listing.description),
        )
        if part
    )


def listing_passage(listing: Listing) -> str:
    """The text of a listing as the embedder receives it."""
    parts = [listing.title, listing.summary, html_to_text(listing.description)]
    parts[2] = parts[2][:EMBEDDED_DESCRIPTION_CHARS]
    return normalize.for_embedding("\n".join(dict.fromkeys(p for p in parts if p)))  # none twice
