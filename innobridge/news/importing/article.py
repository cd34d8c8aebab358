"""Steps 3 and 4 of the import: flags over the page text, and the draft built from it.

`content_safety.check_text` runs over the page text: spam and damaged runs, with offsets
into it. That text is the "original text" kept with the draft (`Article.source_text`), so
the secretariat sees every flag highlighted where it was found. Then chrome lines are
dropped (`chrome.py`), the metadata lines give publish time, source, author and editor
(`metadata.py`), the first lines before them give title and subtitle, and flagged spans are
cut out of everything that is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from innobridge.core.content_safety import SPAM, Flag, check_text
from innobridge.core.language_detection import detect_language
from innobridge.news.importing.chrome import is_chrome_text, is_related_heading
from innobridge.news.importing.lines import ARTICLE, CHROME, HEADING, SUBHEADING, Line, PageText
from innobridge.news.importing.metadata import byline_names, labelled_values, publish_time

_PUNCTUATION_ONLY = re.compile(r"^[\W_]*$")
_DASHES = "—–-－―~～ \u3000"


@dataclass
class ExtractedArticle:
    """What the import found in a page; `body` is the clean text, `flags` index `source_text`."""

    source_text: str
    encoding: str
    is_html: bool
    title: str
    subtitle: str
    source: str
    author: str
    editor: str
    published_at: datetime | None
    time_zone: str
    language: str
    body: str
    flags: list[Flag]
    lead: str = ""
    source_url: str = ""


def extract_article(
    page: PageText, *, encoding: str = "utf-8", time_zone: str | None = None
) -> ExtractedArticle:
    """Title, metadata and clean body of a page, and the flags over its whole text."""
    flags = check_text(page.text)
    lines = [line for line in page.lines if line.text.strip()]
    clean = {id(line): _keep(line, flags) for line in lines}

    chrome: set[int] = set()
    after_related = False
    for line in lines:
        if after_related or line.region == CHROME:
            chrome.add(id(line))
        elif is_related_heading(line.text):
            after_related = True
            chrome.add(id(line))
        elif is_chrome_text(line.text):
            chrome.add(id(line))
    has_article_region = any(line.region == ARTICLE for line in lines)

    metadata: dict[str, str] = {}
    meta_lines: set[int] = set()
    for line in lines:
        if id(line) in chrome:
            continue
        values = labelled_values(clean[id(line)])
        byline = "" if values else byline_names(clean[id(line)])
        if byline:
            values = {"author": byline}
        if values:
            meta_lines.add(id(line))
            for kind, value in values.items():
                metadata.setdefault(kind, value)

    title, subtitle, header = _title_and_subtitle(page, lines, clean, chrome, meta_lines)
    content = [
        line
        for line in lines
        if id(line) not in chrome
        and id(line) not in meta_lines
        and id(line) not in header
        and clean[id(line)]
        and (line.region == ARTICLE or not has_article_region)
    ]
    body = "\n\n".join(clean[id(line)] for line in content)
    language = detect_language(" ".join([title, subtitle, body]))
    published_at, zone = publish_time(
        metadata.get("published", "") or page.meta.get("article:published_time", "")
        or page.meta.get("time", "") or page.meta.get("pubdate", ""),
        language=language,
        time_zone=time_zone,
    )  # fmt: skip
    return ExtractedArticle(
        source_text=page.text,
        encoding=encoding,
        is_html=page.is_html,
        title=title,
        subtitle=subtitle,
        source=metadata.get("source") or page.meta.get("og:site_name", ""),
        author=metadata.get("author") or page.meta.get("author", ""),
        editor=metadata.get("editor", ""),
        published_at=published_at,
        time_zone=zone,
        language=language,
        body=body,
        flags=flags,
        lead=_clean_meta(page.meta.get("description", ""), flags),
        source_url=page.meta.get("og:url", ""),
    )


def _keep(line: Line, flags: list[Flag]) -> str:
    """The line without any flagged span, white space tidied."""
    pieces: list[str] = []
    position = line.start
    for flag in flags:
        if flag.end <= line.start or flag.start >= line.end:
            continue
        pieces.append(line.text[position - line.start : max(position, flag.start) - line.start])
        position = max(position, min(flag.end, line.end))
    pieces.append(line.text[position - line.start :])
    text = "".join(pieces).strip(" \t\u3000\xa0")
    if len(pieces) > 1:
        text = _drop_unpaired_brackets(text)
    return "" if _PUNCTUATION_ONLY.match(text) else text


def _drop_unpaired_brackets(text: str) -> str:
    """A cut damaged run can take a bracket's partner with it: "（記者 A B）" → "A B）"."""
    for opening, closing in ("（）", "()"):
        if text.endswith(closing) and opening not in text:
            text = text[:-1].rstrip()
        if text.startswith(opening) and closing not in text:
            text = text[1:].lstrip()
    return text


def _clean_meta(value: str, flags: list[Flag]) -> str:
    """A meta value is dropped when any spam flag contains it (spam is often injected there)."""
    value = " ".join(value.split())
    if not value or any(flag.kind == SPAM and value in flag.text for flag in flags):
        return ""
    return value if not check_text(value) else ""


def _title_and_subtitle(
    page: PageText, lines: list[Line], clean: dict[int, str], chrome: set[int], meta: set[int]
) -> tuple[str, str, set[int]]:
    """The title and subtitle, and the ids of the lines they came from.

    HTML: the first <h1> outside the chrome, and the subheading right after it. Text: the
    first lines before the metadata line (发稿时间 ...); without metadata, the first line.
    """
    candidates = [line for line in lines if id(line) not in chrome and clean[id(line)]]
    if page.is_html:
        for index, line in enumerate(candidates):
            if line.tag == HEADING:
                following = candidates[index + 1] if index + 1 < len(candidates) else None
                if following is not None and following.tag == SUBHEADING:
                    subtitle = clean[id(following)].strip(_DASHES)
                    return clean[id(line)], subtitle, {id(line), id(following)}
                return clean[id(line)], "", {id(line)}
        fallback = page.meta.get("og:title") or page.meta.get("title", "")
        return _clean_meta(fallback, check_text(fallback)), "", set()
    first_meta = next((i for i, line in enumerate(candidates) if id(line) in meta), None)
    if first_meta is None:
        header = [line for line in candidates[:1] if id(line) not in meta]
    else:
        header = [line for line in candidates[:first_meta] if id(line) not in meta][:2]
    title = clean[id(header[0])] if header else ""
    subtitle = clean[id(header[1])].strip(_DASHES) if len(header) > 1 else ""
    return title, subtitle, {id(line) for line in header}
