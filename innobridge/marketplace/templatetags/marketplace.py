"""Template helpers of the marketplace."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def flagged(text: str, flags: list[dict], field: str) -> SafeString:
    """`text` escaped, with the spans flagged for `field` wrapped in <mark>."""
    spans = sorted(
        (flag["start"], flag["end"], flag["kind"], flag.get("reason", ""))
        for flag in flags or []
        if flag.get("field") == field
    )
    out, position = [], 0
    for start, end, kind, reason in spans:
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(
            f'<mark class="flag flag-{escape(kind)}" title="{escape(reason)}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped  # nosec B703, B308


@register.filter
def get_item(mapping: dict, key):
    """`mapping[key]` in a template, None when absent."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters set (or removed, when None), page reset."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()
