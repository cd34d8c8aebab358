"""Walk every page in every UI language and fail on English UI text in the other languages.

User content carries its own language (a `lang` attribute) or is marked `data-content`;
everything else on a page is interface and must be in the page's language.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import services as agreement_services
from innobridge.core.languages import babel_locale
from innobridge.core.models import Sector
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.news.tests.factories import ArticleFactory, DocumentFactory
from innobridge.organizations.tests.factories import (
    ContactPersonFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
)
from innobridge.search import services as search_services

# Every shipped UI language but English: a language added to settings is walked at once.
NON_ENGLISH = [code for code, _name in settings.LANGUAGES if code != "en"]
# UI languages written in Latin letters, where an English word has to be told from one of
# the language's own words; in the others every Latin-letter word is English left behind.
LATIN_SCRIPT = {"vi"}
# Words that are the same in every language: the product's name and technical acronyms.
ALLOWED_WORDS = {
    "Innobridge", "API", "ISO", "VN", "CN", "URL", "PNG", "JPEG", "WebP", "GIF", "XX",
    "CSV", "XLSX", "PDF", "RSS", "Atom", "HTML", "iCalendar", "PageRank", "JSON",
    # IANA time-zone names in examples
    "Asia", "Shanghai", "Bangkok",
    # a QR code is called so in every language here
    "QR",
}  # fmt: skip
CHECKED_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{2,}")


class InterfaceText(HTMLParser):
    """Collects text and labelled attributes outside user content, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True where the element opens user content
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        is_content = (
            tag in {"script", "style", "textarea"}
            or "data-content" in attributes
            or ("lang" in attributes and tag != "html")
            or attributes.get("translate") == "no"  # codes typed as they are in any language
        )
        if not self.skipping and not is_content:
            self.texts.extend(v for k, v in attributes.items() if k in CHECKED_ATTRIBUTES and v)
        if tag not in VOID_ELEMENTS:
            self.stack.append(is_content)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data.strip())


def _catalogue_words(locale: str) -> tuple[frozenset[str], frozenset[str]]:
    """(words of the English source strings, words of their translations) in a catalogue."""
    path = Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale)
    source, translated = set(), set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        source.update(w.casefold() for text in ids for w in WORD.findall(text))
        translated.update(w.casefold() for text in strings if text for w in WORD.findall(text))
    return frozenset(source), frozenset(translated)


@lru_cache(maxsize=4)
def english_vocabulary(language: str) -> frozenset[str]:
    """English UI words that cannot be words of `language` (for Latin-script languages)."""
    source, translated = _catalogue_words(language.replace("-", "_"))
    # Words the locale's own (CLDR) country and language names use, e.g. "New Zealand" in vi.
    locale = babel_locale(language)
    cldr_names = [*locale.territories.values(), *locale.languages.values()]
    cldr_words = {w.casefold() for name in cldr_names for w in WORD.findall(name)}
    return source - translated - cldr_words


def interface_texts(html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(html)
    return parser.texts


def english_words(html: str, language: str = "zh-hans") -> list[str]:
    """Latin-script words in a Chinese, Russian or Arabic page; English UI words in a
    Vietnamese page."""
    words = [w for text in interface_texts(html) for w in WORD.findall(text)]
    words = [w for w in words if w not in ALLOWED_WORDS]
    if language not in LATIN_SCRIPT:
        return [w for w in words if w.isascii()]
    vocabulary = english_vocabulary(language)
    return [w for w in words if w.isascii() and w.casefold() in vocabulary]


@pytest.fixture
def site(db):
    organization = OrganizationFactory(
        name="绵阳科技城",
        name_language="zh-hans",
        translated_names={"en": "China (Mianyang) Science City", "zh-hant": "綿陽科技城"},
        country="CN",
        region="Sichuan",
        city="Mianyang",
        website="https://example.org/",
        description="A national science city.",
        roles=["founding_member"],
        latitude="31.4675",
        longitude="104.6796",
    )
    organization.sectors.set(Sector.objects.filter(code__in=["aerospace", "new-materials"]))
    ContactPersonFactory(organization=organization)
    OrganizationFactory.create_batch(30, country="VN")
    member = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    MembershipApplicationFactory()
    other = OrganizationFactory(country="VN")
    published = ListingFactory(owner=other, trl=5, stage="key_technology")
    published.sectors.set(Sector.objects.filter(code="agriculture"))
    draft = ListingFactory(owner=organization, status="draft", kind="resource",
                           resource_type="laboratory", moderation_flags=[
                               {"field": "summary", "kind": "spam", "start": 0, "end": 4,
                                "text": "spam", "reason": "adult-content keywords"}])  # fmt: skip
    ExpressionOfInterestFactory(listing=published, organization=organization)
    search_services.index_listings([published.pk])
    agreement = agreement_services.agreement_create(
        actor=member,
        data={"title": "绵阳水稻品种越南示范协议", "language": "zh-hans",
              "agreement_type": "trial_demonstration", "signed_on": date(2025, 6, 12),
              "starts_on": date(2025, 6, 12), "ends_on": date(2028, 6, 30),
              "stages": ["basic_research", "industrialization"]},
        parties=[agreement_services.PartyInput(organization, "lead"),
                 agreement_services.PartyInput(other, "partner")],
        origin_listings=[published],
    )  # fmt: skip
    agreement_services.milestone_add(
        actor=member, agreement=agreement, title="试验田播种", due_on=date(2025, 9, 1),
        responsible=organization,
    )  # fmt: skip
    agreement_services.milestone_add(
        actor=member, agreement=agreement, title="品种评价报告", due_on=date(2027, 9, 1),
        responsible=organization,
    )  # fmt: skip
    agreement_services.outcome_add(
        actor=member, agreement=agreement, indicator="hectares_demonstrated",
        value=Decimal("12.5"), recorded_on=date(2026, 5, 1), country="VN",
    )  # fmt: skip
    article = ArticleFactory()
    ArticleFactory()
    news_draft = ArticleFactory(
        draft=True, source_text="spam and text",
        flags=[{"kind": "spam", "start": 0, "end": 4, "text": "spam", "reason": "x"}],
    )  # fmt: skip
    DocumentFactory()
    event = _matchmaking_event(organization, other, member, agreement)
    from innobridge.analytics import services as analytics_services

    analytics_services.network_refresh()  # the network pages and position cards have data
    return {
        "event": event,
        "article": article,
        "news_draft": news_draft,
        "organization": organization,
        "member": member,
        "secretariat": secretariat,
        "published": published,
        "draft": draft,
        "agreement": agreement,
    }


def _matchmaking_event(organization, other, member, agreement):
    """An open matchmaking day the member has registered for and organizes, with a
    programme, a slot, a table, an interpreter and a scheduled meeting."""
    from datetime import datetime, timedelta

    from innobridge.events import services as event_services
    from innobridge.events.models import Event, EventOrganization, Meeting, Session
    from innobridge.news.timezones import zone_info

    zone = zone_info("Asia/Shanghai")
    day = datetime(2027, 3, 10, 9, 0, tzinfo=zone)
    event = Event.objects.create(
        name="绵阳—湄公河农业科技对接日", name_language="zh-hans", event_type="matchmaking_day",
        status="registration_open", starts_at=day, ends_at=day + timedelta(hours=8),
        time_zone="Asia/Shanghai", venue="绵阳科技城会展中心", city="Mianyang", country="CN",
        capacity=100,
    )  # fmt: skip
    EventOrganization.objects.create(event=event, organization=organization, role="host")
    Session.objects.create(
        event=event, title="农业科技路演", title_language="zh-hans", kind="keynote",
        starts_at=day, ends_at=day + timedelta(hours=2), room="A厅", language="zh-hans",
        interpretation=["vi"],
    )  # fmt: skip
    event_services.slot_add(
        actor=member, event=event, starts_at=day.replace(hour=14),
        ends_at=day.replace(hour=14, minute=30),
    )  # fmt: skip
    event_services.table_add(actor=member, event=event, name="B1")
    event_services.interpreter_save(
        actor=member, event=event, name="Lê Thu Hà", language_pairs=[["zh-hans", "vi"]]
    )
    mine = event_services.registration_create(actor=member, event=event, languages=["zh-hans"])
    guest = UserFactory(organization=other, role=Role.MEMBER_EDITOR)
    theirs = event_services.registration_create(actor=guest, event=event, languages=["vi"])
    Meeting.objects.create(
        event=event, requester=theirs, recipient=mine, message="Xin chào", status="accepted",
        score=0.5,
    )  # fmt: skip
    from innobridge.events.models import ScheduleRun

    event_services.schedule_execute(ScheduleRun.objects.create(event=event), time_limit=2)
    agreement.signed_at = event
    agreement.save(update_fields=["signed_at"])
    return event


def pages(site):
    pk = site["organization"].pk
    published, draft = site["published"].pk, site["draft"].pk
    agreement = site["agreement"].pk
    article, news_draft = site["article"].pk, site["news_draft"].pk
    event = site["event"].pk
    return [
        (None, "/{lang}/network/"),
        ("member", "/{lang}/network/"),
        ("secretariat", "/{lang}/network/?year_from=2020&country=CN"),
        (None, "/{lang}/network/?year_from=2026&year_to=2020"),
        ("secretariat", "/{lang}/network/reports/"),
        ("secretariat", "/{lang}/network/positions/"),
        ("secretariat", "/{lang}/status/"),
        ("member", "/{lang}/accounts/erase/"),
        ("secretariat", "/{lang}/network/positions/?community=-1"),
        (None, "/{lang}/events/"),
        (None, "/{lang}/events/?when=upcoming&type=matchmaking_day&country=CN"),
        (None, "/{lang}/events/?year=abc"),
        (None, f"/{{lang}}/events/{event}/"),
        ("member", f"/{{lang}}/events/{event}/"),
        ("member", f"/{{lang}}/events/{event}/register/"),
        ("member", f"/{{lang}}/events/{event}/registration/"),
        ("member", f"/{{lang}}/events/{event}/partners/"),
        ("member", f"/{{lang}}/events/{event}/meetings/"),
        ("member", f"/{{lang}}/events/{event}/agenda/"),
        ("member", f"/{{lang}}/events/{event}/participants/"),
        ("member", f"/{{lang}}/events/{event}/check-in/"),
        ("member", f"/{{lang}}/events/{event}/b2b/"),
        (None, "/{lang}/news/"),
        (None, f"/{{lang}}/news/{article}/"),
        (None, "/{lang}/news/documents/"),
        ("secretariat", "/{lang}/news/moderation/"),
        ("secretariat", "/{lang}/news/import/"),
        ("secretariat", "/{lang}/news/new/"),
        ("secretariat", f"/{{lang}}/news/{news_draft}/"),
        ("secretariat", f"/{{lang}}/news/{news_draft}/edit/"),
        (None, "/{lang}/agreements/"),
        (None, "/{lang}/agreements/results/"),
        (None, "/{lang}/agreements/?health=overdue&type=mou&status=signed"),
        (None, "/{lang}/agreements/?year=abc"),
        (None, f"/{{lang}}/agreements/{agreement}/"),
        ("member", f"/{{lang}}/agreements/{agreement}/"),
        ("member", f"/{{lang}}/agreements/{agreement}/edit/"),
        ("member", "/{lang}/agreements/new/"),
        ("secretariat", f"/{{lang}}/agreements/{agreement}/"),
        (None, "/{lang}/search/"),
        (None, "/{lang}/search/?q=membrane+filtration&kind=offer"),
        (None, "/{lang}/search/?q=x&kind=unicorn"),
        (None, "/{lang}/marketplace/"),
        (None, "/{lang}/marketplace/?kind=offer&trl_min=3&sector=agriculture"),
        (None, "/{lang}/marketplace/?trl_min=12"),
        (None, f"/{{lang}}/marketplace/{published}/"),
        ("member", f"/{{lang}}/marketplace/{published}/"),
        ("member", f"/{{lang}}/marketplace/{draft}/"),
        ("member", f"/{{lang}}/marketplace/{draft}/edit/"),
        ("member", "/{lang}/marketplace/new/offer/"),
        ("member", "/{lang}/marketplace/new/need/"),
        ("member", "/{lang}/marketplace/new/resource/"),
        ("member", "/{lang}/marketplace/new/talent/"),
        ("member", "/{lang}/marketplace/new/call/"),
        ("member", "/{lang}/marketplace/mine/"),
        ("member", "/{lang}/notifications/"),
        ("member", "/{lang}/accounts/preferences/"),
        ("secretariat", "/{lang}/marketplace/moderation/"),
        ("secretariat", "/{lang}/exchange/"),
        ("secretariat", f"/{{lang}}/marketplace/{draft}/"),
        (None, "/{lang}/"),
        (None, "/{lang}/organizations/"),
        (None, "/{lang}/organizations/?country=CN&sort=newest"),
        (None, "/{lang}/organizations/?country=XX"),
        (None, "/{lang}/organizations/?page=2"),
        (None, "/{lang}/organizations/?q=nothing-matches"),
        (None, f"/{{lang}}/organizations/{pk}/"),
        (None, "/{lang}/organizations/apply/"),
        (None, "/{lang}/organizations/apply/sent/"),
        (None, "/{lang}/organizations/apply/confirm/not-a-link/"),
        (None, "/{lang}/accounts/login/"),
        (None, "/{lang}/organizations/999999/"),
        ("member", f"/{{lang}}/organizations/{pk}/"),
        ("member", f"/{{lang}}/organizations/{pk}/edit/"),
        ("secretariat", f"/{{lang}}/organizations/{pk}/edit/"),
        ("secretariat", f"/{{lang}}/organizations/{pk}/history/"),
        ("secretariat", "/{lang}/organizations/applications/"),
        ("member", "/{lang}/organizations/applications/"),  # the 403 page
    ]


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_pages_have_no_english_interface_text(site, language):
    failures = {}
    for who, pattern in pages(site):
        client = Client()
        if who:
            client.force_login(site[who])
        url = pattern.format(lang=language)
        response = client.get(url)
        assert response.status_code in {200, 400, 403, 404}, url
        assert response["Content-Language"] == language, url
        words = english_words(response.content.decode(), language)
        if words:
            failures[url] = sorted(set(words))
    assert failures == {}


def test_english_pages_render(site):
    client = Client()
    client.force_login(site["secretariat"])
    for _who, pattern in pages(site):
        assert client.get(pattern.format(lang="en")).status_code in {200, 302, 400, 403, 404}


def test_checker_catches_untranslated_text():
    html = (
        '<p>成员名录</p><p>Member directory</p><span lang="en">IASP</span><b data-content>Park</b>'
    )
    assert english_words(html, "zh-hans") == ["Member", "directory"]
    vietnamese = "<p>Danh bạ thành viên</p><p>Member directory</p><textarea>Hòa Lạc park</textarea>"
    assert english_words(vietnamese, "vi") == ["Member", "directory"]
    russian = '<p>Каталог участников</p><p>Member directory</p><p dir="rtl" lang="ar">Park</p>'
    assert english_words(russian, "ru") == ["Member", "directory"]
    arabic = "<p>دليل الأعضاء</p><p>Member directory</p>"
    assert english_words(arabic, "ar") == ["Member", "directory"]


def test_organization_name_shown_in_ui_language_where_translated(site):
    pk = site["organization"].pk
    assert "綿陽科技城" in Client().get(f"/zh-hant/organizations/{pk}/").content.decode()
    assert (
        "China (Mianyang) Science City" in Client().get(f"/en/organizations/{pk}/").content.decode()
    )
    # No Vietnamese name: the original is shown.
    assert (
        '<h1 lang="zh-hans" dir="ltr">绵阳科技城</h1>'
        in Client().get(f"/vi/organizations/{pk}/").content.decode()
    )


def test_language_from_accept_language_header(db):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_language_switcher_keeps_the_page(db):
    response = Client().post(
        "/i18n/setlang/", {"language": "zh-hant", "next": "/en/organizations/?country=CN"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/organizations/?country=CN"
