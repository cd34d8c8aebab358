"""Step 2 of the import: the page as lines of text, with offsets into that text.

A text file is its own lines; an HTML page becomes one line per block, each remembering
whether it sat in page chrome (nav, header, footer, aside, or an element whose class says
menu, breadcrumb, share, related...), in a heading, or in the article (<article>, <main>,
class content/article). Chrome recognised by its words is left to `chrome.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from innobridge.core.text import traditional_to_simplified

CHROME = "chrome"
ARTICLE = "article"
HEADING = "h1"
SUBHEADING = "h2"


@dataclass
class Line:
    """One line of the page text: its offsets in the original text and what it looked like."""

    start: int
    end: int
    text: str
    region: str = ""  # CHROME, ARTICLE or "" (unknown)
    tag: str = ""  # HEADING, SUBHEADING or ""


@dataclass
class PageText:
    text: str
    lines: list[Line]
    is_html: bool
    meta: dict[str, str] = field(default_factory=dict)


def fold(text: str) -> str:
    """Simplified, lower case: how the chrome phrases (`chrome.py`) and the metadata labels
    (`metadata.py`) are written, so a line is folded before it is compared with them."""
    return traditional_to_simplified().convert(text).lower()


_HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h1|title)\b", re.I)


def looks_like_html(text: str, filename: str = "") -> bool:
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_RE.search(text[:4096]))


# How the parser reads HTML: what it skips, what starts a new line, and which tags and
# classes mark chrome, the article, a heading or a subtitle.
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "head", "select",
                 "button", "object", "canvas"}  # fmt: skip
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "menu"}
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "main", "header", "footer", "nav", "aside", "blockquote", "table",
               "tr", "td", "th", "dd", "dt", "dl", "figure", "figcaption", "pre", "address",
               "title", "time", "body", "form", "center", "font"}  # fmt: skip
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base"}
_CHROME_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|header|sidebar|share|"
    r"social|related|recommend|comments?|copyright|toolbar|topbar|ads?|advert|banner|"
    r"hotline|position|location|links)(?:$|[\s_-])",
    re.I,
)
_ARTICLE_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:article|content|post|entry|story|news-?body|text)(?:$|[\s_-])", re.I
)
_SUBTITLE_CLASS_RE = re.compile(r"subtitle|sub-title|subhead|deck|fu-?title", re.I)


class _PageParser(HTMLParser):
    """Collects text blocks with their region, and the <title>, <meta> and <time> values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str]] = []  # (text, region, tag)
        self.meta: dict[str, str] = {}
        self._stack: list[tuple[str, str, str]] = []  # (tag, region, heading tag)
        self._skip_depth = 0
        self._buffer: list[str] = []
        self._in_title = False
        self._title: list[str] = []

    def _region(self) -> str:
        regions = [region for _tag, region, _heading in self._stack if region]
        if CHROME in regions:
            return CHROME
        return ARTICLE if ARTICLE in regions else ""

    def _heading(self) -> str:
        for _tag, _region, heading in reversed(self._stack):
            if heading:
                return heading
        return ""

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            self.blocks.append((text, self._region(), self._heading()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"].strip())
            return
        if tag == "time" and values.get("datetime"):
            self.meta.setdefault("time", values["datetime"].strip())
        if tag == "title":
            self._in_title = True
            return
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
            return
        if tag == "br":
            self._flush()
            return
        if tag in _VOID_TAGS:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        names = f"{values.get('class', '')} {values.get('id', '')} {values.get('role', '')}"
        region = ""
        if tag in _CHROME_TAGS or _CHROME_CLASS_RE.search(names):
            region = CHROME
        elif tag in {"article", "main"} or _ARTICLE_CLASS_RE.search(names):
            region = ARTICLE
        heading = ""
        if tag == "h1":
            heading = HEADING
        elif tag in {"h2", "h3"} or _SUBTITLE_CLASS_RE.search(names):
            heading = SUBHEADING
        self._stack.append((tag, region, heading))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _VOID_TAGS:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip_depth:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        title = " ".join("".join(self._title).split())
        if title:
            self.meta.setdefault("title", title)


def page_lines(decoded: str, *, filename: str = "") -> PageText:
    """The page as lines of text with offsets; HTML pages become one line per block.

    The title element comes first, as a chrome line: it is where injected spam usually
    sits, so it must be checked and highlighted, but it is never the article's own text.
    """
    if not looks_like_html(decoded, filename):
        lines = [
            Line(match.start(), match.end(), match.group())
            for match in re.finditer(r"[^\n]+", decoded)
        ]
        return PageText(decoded, lines, is_html=False)
    parser = _PageParser()
    parser.feed(decoded)
    parser.close()
    blocks = list(parser.blocks)
    if parser.meta.get("title"):
        blocks.insert(0, (parser.meta["title"], CHROME, ""))
    parts: list[str] = []
    lines: list[Line] = []
    position = 0
    for text, region, tag in blocks:
        lines.append(Line(position, position + len(text), text, region, tag))
        parts.append(text)
        position += len(text) + 1
    return PageText("\n".join(parts), lines, is_html=True, meta=parser.meta)
