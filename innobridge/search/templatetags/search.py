"""Highlighting of matched terms in the original text (whatever its script or accents)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from innobridge.search.highlighting import aligned_fold, term_spans

register = template.Library()


@register.simple_tag
def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with every occurrence of the folded `terms` wrapped in <mark>."""
    text = text or ""
    folded = aligned_fold(text)
    marked = [False] * len(text)
    for term in sorted(terms or [], key=len, reverse=True):
        for start, end in term_spans(folded, term):
            for i in range(start, min(end, len(text))):
                marked[i] = True
    out, in_mark = [], False
    for char, flag in zip(text, marked, strict=True):
        if flag != in_mark:
            out.append("<mark>" if flag else "</mark>")
            in_mark = flag
        out.append(escape(char))
    if in_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every character above is escaped  # nosec B703, B308


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
