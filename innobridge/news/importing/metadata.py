"""Labelled metadata of a page: publish time with its time zone, source, author, editor.

Metadata lines carry labels (发稿时间, 来源, 編輯, Nguồn, Источник, المصدر ...), or are
bylines ("（记者 张三 李四）", "By Jane Doe"). A publish time without an offset is read in
the time zone the importer gives, or else in that of the page language's usual publishers.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings

from innobridge.news.importing.lines import fold
from innobridge.news.timezones import zone_info

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


def labelled_values(text: str) -> dict[str, str]:
    """Metadata in `label: value` form: 发稿时间:… 来源: 綿陽日報 on one line, or several."""
    folded = fold(text)
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


def byline_names(text: str) -> str:
    """The names of a byline ("（记者 张三 李四）", "By Jane Doe"); "" for any other line."""
    match = _BYLINE_RE.match(fold(text)) or _BY_RE.match(text)
    if not match:
        return ""
    names = match.group("names")
    if _BYLINE_RE.match(fold(text)) and len(fold(text)) == len(text):
        names = text[match.start("names") : match.end("names")]
    return " ".join(names.split())


# --- Publish time -----------------------------------------------------------------------

# Where a page gives a time without an offset, the time zone of its language's usual
# publishers; the others fall back to settings.TIME_ZONE.
LANGUAGE_TIME_ZONES = {
    "zh-hans": "Asia/Shanghai",
    "zh-hant": "Asia/Shanghai",
    "vi": "Asia/Ho_Chi_Minh",
    "ru": "Europe/Moscow",
}
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


def publish_time(
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
