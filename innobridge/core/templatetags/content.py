"""Template filters every page uses for user content (loaded as a builtin: settings.TEMPLATES).

Content keeps its own language and direction whatever the UI language: an Arabic listing in
the Chinese interface is right to left inside its own element, and a Chinese title in the
Arabic interface left to right. An element with `dir` is also isolated from the text around
it, so a Latin product name or a number inside an Arabic sentence keeps its place.
"""

from django import template

from innobridge.core.languages import text_direction

register = template.Library()


@register.filter
def direction(language_code: str | None) -> str:
    """`dir` for content in `language_code`: {{ listing.language|direction }} → rtl or ltr."""
    return text_direction(language_code)
