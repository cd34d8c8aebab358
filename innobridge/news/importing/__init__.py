"""Saved web pages turned into article drafts: decoding, page text, metadata and flags.

A page goes through four steps, none of which touches the database, each in a module:

1. `decoding.decode_page`: bytes to text. A byte-order mark or a charset the page declares
   wins when it decodes cleanly, then strict UTF-8, then charset-normalizer's guess. GB2312
   and Big5 declarations are read with their supersets (GB18030, CP950), which is what sites
   really send. Vietnamese in Windows-1258 stacks tone marks, so the text is NFC-normalized,
   and ftfy undoes the mojibake it can undo (`content_safety.repair_text`).
2. `lines.page_lines`: the page as lines. A text file is its own lines; an HTML page becomes
   one line per block, each remembering whether it sat in page chrome (nav, header, footer,
   aside, or an element whose class says menu, breadcrumb, share, related...), in a
   heading, or in the article (<article>, <main>, class content/article).
3. `content_safety.check_text` over that text: spam and damaged runs, with offsets into it.
   That text is the "original text" kept with the draft (`Article.source_text`), so the
   secretariat sees every flag highlighted where it was found.
4. `article.extract_article`: chrome lines (`chrome.py`: a multilingual lexicon,
   breadcrumbs, menus, everything after a "related news" heading) are dropped; the labelled
   metadata lines (`metadata.py`: 发稿时间, 来源, 編輯, Nguồn, Источник, المصدر ...) give
   publish time, source, author and editor; the first lines before them give title and
   subtitle; flagged spans are cut out of everything that is kept.

`parse_page` runs them all; `PageError` says why a page cannot be imported.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from innobridge.news.importing.article import ExtractedArticle, extract_article
from innobridge.news.importing.decoding import decode_page
from innobridge.news.importing.errors import PageError
from innobridge.news.importing.lines import page_lines

__all__ = ["ExtractedArticle", "PageError", "parse_page"]


def parse_page(
    data: bytes, *, filename: str = "", time_zone: str | None = None
) -> ExtractedArticle:
    """Decode, split, check and extract one saved page; PageError when it cannot be read."""
    decoded = decode_page(data)
    page = page_lines(decoded.text, filename=filename)
    if not any(line.text.strip() for line in page.lines):
        raise PageError(_("The page has no text."), "empty")
    article = extract_article(page, encoding=decoded.encoding, time_zone=time_zone)
    if not article.title and not article.body:
        raise PageError(_("No article was found in the page."), "no_article")
    return article
