"""Saved web pages turned into article drafts: decoding, page text, metadata and flags.

A page goes through four steps, none of which touches the database:

1. `decode_page`: bytes to text. A byte-order mark or a charset the page declares wins when
   it decodes cleanly, then strict UTF-8, then charset-normalizer's guess. GB2312 and Big5
   declarations are read with their supersets (GB18030, CP950), which is what sites really
   send. Vietnamese in Windows-1258 stacks tone marks, so the text is NFC-normalized, and
   ftfy undoes the mojibake it can undo (`content_safety.repair_text`).
2. `page_lines`: the page as lines. A text file is its own lines; an HTML page becomes one
   line per block, each remembering whether it sat in page chrome (nav, header, footer,
   aside, or an element whose class says menu, breadcrumb, share, related...), in a
   heading, or in the article (<article>, <main>, class content/article).
3. `content_safety.check_text` over that text: spam and damaged runs, with offsets into it.
   That text is the "original text" kept with the draft (`Article.source_text`), so the
   secretariat sees every flag highlighted where it was found.
4. `extract_article`: chrome lines (a multilingual lexicon, breadcrumbs, menus, everything
   after a "related news" heading) are dropped; the labelled metadata lines (发稿时间, 来源,
   編輯, Nguồn, Источник, المصدر ...) give publish time, source, author and editor; the
   first lines before them give title and subtitle; flagged spans are cut out of
   everything that is kept.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _

from innobridge.core.content_safety import SPAM, Flag, check_text, repair_text
from innobridge.core.language_detection import detect_language
from innobridge.core.text import traditional_to_simplified
from innobridge.news.timezones import zone_info

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Where a page gives a time without an offset, the time zone of its language's usual
# publishers; the others fall back to settings.TIME_ZONE.
LANGUAGE_TIME_ZONES = {
    "zh-hans": "Asia/Shanghai",
    "zh-hant": "Asia/Shanghai",
    "vi": "Asia/Ho_Chi_Minh",
    "ru": "Europe/Moscow",
}
# Declared names that real sites use for a superset of what they name.
CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "cp950",
    "big5-tw": "cp950",
    "x-x-big5": "cp950",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
SINGLE_BYTE_CHARSETS = (
    "koi8_r", "koi8_u", "cp1251", "cp1256", "cp1258", "cp1252", "cp1254", "cp874", "cp1250",
    "cp1253", "cp1255", "cp1257", "iso8859_5", "iso8859_6", "mac_cyrillic",
)  # fmt: skip
BINARY_SIGNATURES = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b",
    b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"RIFF", b"\x7fELF", b"MZ",
)  # fmt: skip
_DECLARED_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h1|title)\b", re.I)


class PageError(ValueError):
    """A page that cannot be imported; `code` says why, the message says it to a person."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


# --- 1. Decoding --------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str


def max_page_bytes() -> int:
    return int(getattr(settings, "NEWS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _codec_name(name: str) -> str | None:
    name = name.strip().lower()
    name = CHARSET_SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET_RE.search(data[:8192])
    if not match:
        return None
    return _codec_name((match.group(1) or match.group(2)).decode("ascii"))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return head.startswith(BINARY_SIGNATURES) or b"\x00" in head


def decode_page(data: bytes) -> DecodedPage:
    """The text of a saved page, in whatever charset it came; PageError when it is no text."""
    limit = max_page_bytes()
    if len(data) > limit:
        raise PageError(
            _("The page is {size} bytes; the limit is {limit} bytes.").format(
                size=len(data), limit=limit
            ),
            "too_large",
        )
    if not data.strip():
        raise PageError(_("The page is empty."), "empty")
    text, encoding = _decode(data)
    text = repair_text(unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")))
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PageError(_("The page is empty."), "empty")
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\t")
    if controls > len(text) * 0.05:
        raise PageError(_("The file is not an HTML page or a text file."), "not_text")
    return DecodedPage(text, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return text, "utf-8" if encoding == "utf-8-sig" else encoding
    if _looks_binary(data):
        raise PageError(_("The file is not an HTML page or a text file."), "not_text")
    declared = _declared_charset(data)
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text, declared
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    # charset-normalizer stops at the first multi-byte charset that decodes without error,
    # so a short KOI8-R page can come out as Shift-JIS; the single-byte charsets of the
    # alliance's languages compete too, and the least chaotic, most coherent reading wins.
    matches = [*from_bytes(data), *from_bytes(data, cp_isolation=list(SINGLE_BYTE_CHARSETS))]
    if not matches:
        raise PageError(
            _("The character set of the page could not be recognised."), "unknown_charset"
        )
    best = min(matches, key=lambda match: (match.chaos, -match.coherence))
    encoding = _codec_name(best.encoding) or best.encoding
    return _strict(data, encoding) or str(best), encoding


# --- 2. Lines of the page ------------------------------------------------------------------

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


def looks_like_html(text: str, filename: str = "") -> bool:
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_RE.search(text[:4096]))


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


# --- 3 and 4. The article ----------------------------------------------------------------


# Labels of metadata lines, in Simplified Chinese where Chinese: lines are folded first.
TIME_LABELS = [
    "发稿时间", "发布时间", "发表时间", "更新时间", "时间", "日期", "published", "posted",
    "date", "updated", "ngày đăng", "ngày xuất bản", "cập nhật", "ngày", "thời gian",
    "опубликовано", "дата публикации", "дата", "تاريخ النشر", "نشر في", "التاريخ", "نشر",
]  # fmt: skip
SOURCE_LABELS = ["来源", "稿源", "出处", "source", "nguồn", "источник", "المصدر"]
AUTHOR_LABELS = [
    "作者", "记者", "撰稿", "文", "author", "written by", "by", "tác giả", "phóng viên",
    "автор", "текст", "الكاتب", "بقلم", "كتب",
]  # fmt: skip
EDITOR_LABELS = [
    "责任编辑", "责编", "编辑", "editor", "edited by", "biên tập viên", "biên tập",
    "редактор", "المحرر", "تحرير",
]  # fmt: skip
_LABEL_KINDS = {
    **{label: "published" for label in TIME_LABELS},
    **{label: "source" for label in SOURCE_LABELS},
    **{label: "author" for label in AUTHOR_LABELS},
    **{label: "editor" for label in EDITOR_LABELS},
}
_LABEL_RE = re.compile(
    r"(?<![\w])(?P<label>"
    + "|".join(re.escape(label) for label in sorted(_LABEL_KINDS, key=len, reverse=True))
    + r")\s*[:：]\s*",
    re.I,
)
# "（记者 张三 李四）" closes many Chinese reports; "By Jane Doe" opens English ones.
_BYLINE_RE = re.compile(r"^\s*[（(]\s*(?:记者|通讯员)\s*(?P<names>[^）)]+)[）)]\s*$")
_BY_RE = re.compile(r"^\s*(?:by|bởi)\s+(?P<names>[^\d,.;:]{2,60})$", re.I)

CHROME_LINES = {
    "设为首页", "加入收藏", "返回首页", "首页", "打印", "打印本页", "关闭窗口", "关闭", "分享到",
    "分享", "收藏", "扫一扫", "登录", "注册", "网站地图", "联系我们", "关于我们", "返回顶部",
    "字号", "大 中 小", "【大 中 小】", "home", "print", "share", "close", "login", "log in",
    "sign in", "register", "subscribe", "menu", "search", "back to top", "sitemap",
    "contact us", "about us", "trang chủ", "in bài", "in bài viết", "chia sẻ", "đăng nhập",
    "đăng ký", "liên hệ", "главная", "печать", "поделиться", "войти", "регистрация",
    "контакты", "الرئيسية", "طباعة", "مشاركة", "تسجيل الدخول", "اتصل بنا",
}  # fmt: skip
CHROME_PREFIXES = (
    "新闻热线", "您现在的位置", "您的位置", "当前位置", "所在位置", "当前的位置", "版权所有",
    "copyright", "©", "(c) ", "you are here", "技术支持", "icp备", "主办单位", "主办:",
    "承办单位", "网站标识码", "hotline", "bản quyền", "đường dây nóng", "vị trí:",
    "все права защищены", "горячая линия", "вы здесь", "جميع الحقوق محفوظة", "الخط الساخن",
    "أنت هنا",
)  # fmt: skip
RELATED_HEADINGS = (
    "相关新闻", "相关阅读", "相关链接", "相关文章", "延伸阅读", "推荐阅读", "热点新闻",
    "related news", "related articles", "related stories", "read more", "see also",
    "tin liên quan", "tin cùng chuyên mục", "bài viết liên quan", "tin khác",
    "похожие новости", "читайте также", "другие новости", "أخبار ذات صلة", "اقرأ أيضا",
    "اقرأ أيضاً",
)  # fmt: skip
_BREADCRUMB_SEPARATORS = re.compile(r"\s*[>»›]\s*")
_MENU_SEPARATORS = re.compile(r"\s*[|｜·]\s*|\s{2,}")
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


def _fold(text: str) -> str:
    """Simplified, lower case: how labels and chrome phrases are written above."""
    return traditional_to_simplified().convert(text).lower()


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


def _is_chrome_text(text: str) -> bool:
    folded = _fold(text).strip(" \t\u3000\xa0:：")
    if not folded:
        return False
    if folded in CHROME_LINES or folded.startswith(CHROME_PREFIXES):
        return True
    if len(folded) <= 80:
        parts = [part for part in _BREADCRUMB_SEPARATORS.split(folded) if part]
        if len(parts) >= 2 and all(len(part) <= 20 for part in parts):
            return True
    items = [item for item in _MENU_SEPARATORS.split(folded) if item]
    return len(items) >= 3 and all(
        len(item) <= 10 and not re.search(r"[。，,.!?！？]", item) for item in items
    )


def _is_related_heading(text: str) -> bool:
    folded = _fold(text).strip(" \t\u3000\xa0:：»>")
    return any(folded == heading or folded.startswith(heading) for heading in RELATED_HEADINGS)


def _labelled_values(text: str) -> dict[str, str]:
    """Metadata in `label: value` form: 发稿时间:… 来源: 綿陽日報 on one line, or several."""
    folded = _fold(text)
    source = text if len(folded) == len(text) else folded
    matches = list(_LABEL_RE.finditer(folded))
    values: dict[str, str] = {}
    for index, match in enumerate(matches):
        # Only labels that open the line or follow white space or a separator count, so
        # "时间" inside a sentence ending in a colon is not taken for metadata.
        before = folded[: match.start()].rstrip()
        if before and not before.endswith(("|", "｜", "/", "·", "】", "]", ")", "）")):
            if index == 0 or matches[index - 1].end() > match.start():
                return {}
            if not folded[match.start() - 1].isspace():
                continue
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = source[match.end() : end].strip(" \t\u3000\xa0|｜/·【】[]")
        kind = _LABEL_KINDS[match.group("label").lower()]
        if value and kind not in values:
            values[kind] = value
    return values


def _byline(text: str) -> str:
    match = _BYLINE_RE.match(_fold(text)) or _BY_RE.match(text)
    if not match:
        return ""
    names = match.group("names")
    if _BYLINE_RE.match(_fold(text)) and len(_fold(text)) == len(text):
        names = text[match.start("names") : match.end("names")]
    return " ".join(names.split())


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
        elif _is_related_heading(line.text):
            after_related = True
            chrome.add(id(line))
        elif _is_chrome_text(line.text):
            chrome.add(id(line))
    has_article_region = any(line.region == ARTICLE for line in lines)

    metadata: dict[str, str] = {}
    meta_lines: set[int] = set()
    for line in lines:
        if id(line) in chrome:
            continue
        values = _labelled_values(clean[id(line)])
        byline = "" if values else _byline(clean[id(line)])
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
    published_at, zone = _publish_time(
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


# --- Publish time ------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
MONTHS = {
    **{name: number for number, names in enumerate([
        ("january", "jan", "января", "январь", "يناير", "كانون الثاني"),
        ("february", "feb", "февраля", "февраль", "فبراير", "شباط"),
        ("march", "mar", "марта", "март", "مارس", "آذار"),
        ("april", "apr", "апреля", "апрель", "أبريل", "ابريل", "نيسان"),
        ("may", "мая", "май", "مايو", "أيار"),
        ("june", "jun", "июня", "июнь", "يونيو", "حزيران"),
        ("july", "jul", "июля", "июль", "يوليو", "تموز"),
        ("august", "aug", "августа", "август", "أغسطس", "آب"),
        ("september", "sep", "sept", "сентября", "сентябрь", "سبتمبر", "أيلول"),
        ("october", "oct", "октября", "октябрь", "أكتوبر", "تشرين الأول"),
        ("november", "nov", "ноября", "ноябрь", "نوفمبر", "تشرين الثاني"),
        ("december", "dec", "декабря", "декабрь", "ديسمبر", "كانون الأول"),
    ], start=1) for name in names},
}  # fmt: skip
_MONTH_NAMES = "|".join(re.escape(name) for name in sorted(MONTHS, key=len, reverse=True))
_YMD_RE = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?")
_DMY_RE = re.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
_D_MONTH_Y_RE = re.compile(
    rf"(?P<d>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<y>\d{{4}})", re.I
)
_MONTH_D_Y_RE = re.compile(
    rf"(?P<month>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I
)
_TIME_RE = re.compile(
    r"(?<!\d)(?P<H>\d{1,2})\s*[:：时h]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?"
)
_OFFSET_RE = re.compile(
    r"(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?"
    r"|(?<=\d)(?P<z>Z)\b|(?<=\d)(?P<sign2>[+-])(?P<h2>\d{2}):?(?P<m2>\d{2})\b"
)


def _zone_for(language: str, time_zone: str | None) -> str:
    return time_zone or LANGUAGE_TIME_ZONES.get(language) or settings.TIME_ZONE


def _named_zone(offset: str, usual: str, moment: datetime) -> str:
    """The usual zone's name when the page's offset is that zone's offset at that moment."""
    try:
        if datetime(*moment.timetuple()[:6], tzinfo=zone_info(usual)).utcoffset() == (
            datetime(*moment.timetuple()[:6], tzinfo=zone_info(offset)).utcoffset()
        ):
            return usual
    except (ValueError, OverflowError):
        pass
    return offset


def _offset(text: str) -> str | None:
    match = _OFFSET_RE.search(text)
    if not match:
        return None
    if match.group("z"):
        return "+00:00"
    sign = match.group("sign") or match.group("sign2")
    hours = int(match.group("h") or match.group("h2"))
    minutes = int(match.group("m") or match.group("m2") or 0)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _publish_time(
    value: str, *, language: str, time_zone: str | None
) -> tuple[datetime | None, str]:
    """The publish time from a page's label or meta value, in the page's own time zone."""
    zone = _zone_for(language, time_zone)
    text = value.translate(_DIGITS)
    date_match = None
    year = month = day = 0
    for pattern in (_YMD_RE, _D_MONTH_Y_RE, _MONTH_D_Y_RE, _DMY_RE):
        date_match = pattern.search(text)
        if date_match:
            parts = date_match.groupdict()
            year, day = int(parts["y"]), int(parts["d"])
            month = MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["m"])
            break
    if date_match is None:
        return None, zone
    rest = text[: date_match.start()] + " " + text[date_match.end() :]
    time_match = _TIME_RE.search(rest)
    hour = minute = second = 0
    if time_match:
        hour, minute = int(time_match.group("H")), int(time_match.group("M"))
        second = int(time_match.group("S") or 0)
    offset = _offset(rest)
    if offset:
        zone = _named_zone(offset, zone, datetime(year, month, day, hour, minute))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone_info(zone)), zone
    except ValueError:
        return None, zone


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
