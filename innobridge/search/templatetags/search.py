"""Highlighting of matched terms in the original text (whatever its script or accents)."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from innobridge.search.highlighting import aligned_fold, term_spans

register = template.Library()


@register.simple_tag
def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with every occurrence of the folded `terms` wrapped in <mark>.

    Runs of marked and unmarked text are escaped whole: escaping character by character
    was a quarter of the search page's time (50 hits, title and summary each)."""
    text = text or ""
    folded = aligned_fold(text)
    marked = [False] * len(text)
    for term in sorted(terms or [], key=len, reverse=True):
        for start, end in term_spans(folded, term):
            marked[start : min(end, len(text))] = [True] * (min(end, len(text)) - start)
    out = []
    for flag, run in groupby(zip(marked, text, strict=True), key=itemgetter(0)):
        chunk = escape("".join(char for _flag, char in run))
        out.append(f"<mark>{chunk}</mark>" if flag else chunk)
    return mark_safe("".join(out))  # noqa: S308 - every run above is escaped  # nosec B703, B308


@register.inclusion_tag("search/_suggestions.html", takes_context=True)
def suggested_partners(context, listing=None, organization_id=None):
    """Suggested partners of one listing (its owner sees them) or of a whole organization."""
    from innobridge.marketplace.permissions import can_manage_listing
    from innobridge.search.selectors import organization_suggestions, suggestions_for

    user = context["request"].user
    if listing is not None:
        suggestions = suggestions_for(listing) if can_manage_listing(user, listing) else []
    else:
        suggestions = organization_suggestions(organization_id) if organization_id else []
    return {
        "suggestions": suggestions,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "per_listing": listing is not None,
    }
