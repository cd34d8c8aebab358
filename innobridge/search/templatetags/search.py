"""Highlighting of matched terms in the original text (whatever its script or accents)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from innobridge.core.text import fold_for_search

register = template.Library()


def _fold_char(char: str) -> str:
    folded = fold_for_search(char)
    return folded[:1] if folded else " "


@register.simple_tag
def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with every occurrence of the folded `terms` wrapped in <mark>."""
    text = text or ""
    folded = "".join(_fold_char(char) for char in text)
    marked = [False] * len(text)
    for term in sorted(terms or [], key=len, reverse=True):
        start = folded.find(term)
        while start != -1 and term:
            for i in range(start, min(start + len(term), len(text))):
                marked[i] = True
            start = folded.find(term, start + len(term))
    out, in_mark = [], False
    for char, flag in zip(text, marked, strict=True):
        if flag != in_mark:
            out.append("<mark>" if flag else "</mark>")
            in_mark = flag
        out.append(escape(char))
    if in_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every character above is escaped
