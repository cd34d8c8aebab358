"""User HTML: a small safe subset survives (nh3, the Ammonia sanitizer); everything else goes."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h3", "h4",
                "blockquote", "code"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAGS = re.compile(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def sanitize_html(value: str) -> str:
    """Keep paragraphs, lists, emphasis and safe links; links get rel="noopener nofollow"."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow ugc",
        strip_comments=True,
    ).strip()


def html_to_text(value: str) -> str:
    """Readable plain text of sanitized HTML, one line per block, for checks and search."""
    text = BLOCK_TAGS.sub("\n", value or "")
    return html.unescape(TAG.sub("", text)).strip()


def text_to_html(value: str) -> str:
    """Plain text with blank-line paragraphs as safe HTML paragraphs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value or "") if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def looks_like_html(value: str) -> bool:
    return bool(TAG.search(value or ""))
