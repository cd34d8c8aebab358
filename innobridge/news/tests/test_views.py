"""Pages of the news app: list, detail, drafts and their moderation, import form, feeds,
documents library; who may see and do what."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.news.choices import ArticleStatus, DocumentKind
from innobridge.news.models import Article
from innobridge.news.tests.factories import ArticleFactory, DocumentFactory
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent / "pages"
LIST_URL = "/en/news/"
ATOM = "{http://www.w3.org/2005/Atom}"


def detail_url(article: Article) -> str:
    return f"/en/news/{article.pk}/"


def flagged_draft() -> Article:
    return ArticleFactory(
        draft=True,
        title="Draft with spam",
        flags=[{"kind": "spam", "start": 0, "end": 4, "text": "spam", "reason": "x"}],
        source_text="spam and text",
    )


def snapshot(article: Article) -> tuple:
    article.refresh_from_db()
    return (article.status, article.title, article.went_public_at, article.flags_reviewed_by_id)


# --- List and detail ----------------------------------------------------------------------


def test_list_shows_published_articles_only(client):
    ArticleFactory(title="Published news")
    ArticleFactory(draft=True, title="Secret draft")
    ArticleFactory(status=ArticleStatus.WITHDRAWN, title="Withdrawn news")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert [article.title for article in response.context["page"].object_list] == ["Published news"]


def test_list_filters_by_language_and_words_across_chinese_scripts(client):
    ArticleFactory(title="綿陽科技城簽約", language="zh-hant")
    ArticleFactory(title="Hanoi opens a park", language="en")

    by_words = client.get(LIST_URL, {"q": "绵阳"})
    by_language = client.get(LIST_URL, {"language": "en"})

    assert [a.title for a in by_words.context["page"].object_list] == ["綿陽科技城簽約"]
    assert [a.title for a in by_language.context["page"].object_list] == ["Hanoi opens a park"]


def shown(response) -> int:
    return len(response.context["page"].object_list)


def test_list_page_costs_the_same_queries_for_3_or_25_articles(client):
    organization = OrganizationFactory()

    def add_articles(count: int) -> None:
        for _index in range(count):
            ArticleFactory(organizations=[organization, OrganizationFactory()])

    result = assert_list_queries_do_not_grow(
        lambda: client.get(LIST_URL),
        add_rows=add_articles,
        shown=shown,
        few=3,
        many=25,
    )

    assert result.shown == (3, 20)


def test_detail_of_a_published_article_is_public_with_related_news(client):
    article = ArticleFactory(title="Rice varieties tested in Vietnam")
    ArticleFactory(title="Unrelated hydrogen buses")
    from innobridge.news import services

    services.articles_embed(list(Article.objects.values_list("pk", flat=True)))

    response = client.get(detail_url(article))

    assert response.status_code == 200
    assert [other.title for other in response.context["related"]] == ["Unrelated hydrogen buses"]
    assert "Rice varieties tested in Vietnam" in response.content.decode()
    assert "I reviewed the flagged spans" not in response.content.decode()


def test_detail_query_count_does_not_grow_with_organizations_and_agreements(client):
    article = ArticleFactory()

    def add_rows(count: int) -> None:
        for _index in range(count):
            article.organizations.add(OrganizationFactory())
            article.agreements.add(AgreementFactory())

    def shown(response) -> tuple[int, int]:
        return (
            len(response.context["article"].organizations.all()),
            len(response.context["agreements"]),
        )

    result = assert_list_queries_do_not_grow(
        lambda: client.get(detail_url(article)),
        add_rows=add_rows,
        shown=lambda response: sum(shown(response)),
    )

    assert (shown(result.few), shown(result.many)) == ((2, 2), (6, 6))


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_drafts_are_hidden_from_everyone_but_the_secretariat(client, member, who):
    draft = flagged_draft()
    if who == "member":
        client.force_login(member)

    assert client.get(detail_url(draft)).status_code == 404


def test_secretariat_sees_a_draft_with_its_flags_highlighted(client, secretariat):
    draft = flagged_draft()
    client.force_login(secretariat)

    response = client.get(detail_url(draft))

    assert response.status_code == 200
    highlighted = '<mark class="flag flag-spam" title="x">spam</mark> and text'
    assert highlighted in response.content.decode()
    assert 'name="flags_reviewed"' in response.content.decode()


# --- Moderation: who may publish, and the decision about flags -----------------------------


def test_anonymous_and_members_cannot_publish_and_nothing_changes(client, member):
    draft = flagged_draft()
    before = snapshot(draft)

    anonymous = client.post(f"/en/news/{draft.pk}/publish/", {"flags_reviewed": "on"})
    client.force_login(member)
    as_member = client.post(f"/en/news/{draft.pk}/publish/", {"flags_reviewed": "on"})

    assert (anonymous.status_code, as_member.status_code) == (403, 403)
    assert snapshot(draft) == before


def test_flagged_draft_is_not_published_without_the_review_checkbox(client, secretariat):
    draft = flagged_draft()
    before = snapshot(draft)
    client.force_login(secretariat)

    response = client.post(f"/en/news/{draft.pk}/publish/", follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "This article has 1 flagged spans: confirm that you reviewed them before publishing."
    ]
    assert snapshot(draft) == before


def test_secretariat_publishes_a_flagged_draft_after_review_and_is_recorded(client, secretariat):
    draft = flagged_draft()
    client.force_login(secretariat)

    response = client.post(f"/en/news/{draft.pk}/publish/", {"flags_reviewed": "on"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED
    assert draft.flags_reviewed_by == secretariat
    assert draft.flags_reviewed_at == draft.went_public_at
    assert draft.history.first().history_user == secretariat


@pytest.mark.parametrize("url", ["/en/news/moderation/", "/en/news/import/", "/en/news/new/"])
def test_secretariat_pages_are_forbidden_to_members(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/en/news/moderation/", "/en/news/import/", "/en/news/new/"])
def test_secretariat_pages_send_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_member_cannot_edit_an_article(client, member):
    article = ArticleFactory(title="Original")
    client.force_login(member)

    response = client.post(f"/en/news/{article.pk}/edit/", {"title": "Changed"})

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Original"


def test_moderation_queue_lists_drafts(client, secretariat):
    flagged_draft()
    ArticleFactory(title="Published")
    client.force_login(secretariat)

    response = client.get("/en/news/moderation/")

    assert [a.title for a in response.context["page"].object_list] == ["Draft with spam"]


def test_moderation_queue_query_count_does_not_grow_with_drafts(client, secretariat):
    client.force_login(secretariat)

    def add_drafts(count: int) -> None:
        for _index in range(count):
            draft = flagged_draft()
            draft.organizations.set([OrganizationFactory(), OrganizationFactory()])

    result = assert_list_queries_do_not_grow(
        lambda: client.get("/en/news/moderation/"), add_rows=add_drafts, shown=shown
    )

    assert result.shown == (2, 6)


# --- Upload form --------------------------------------------------------------------------


def test_secretariat_imports_a_page_through_the_form(client, secretariat):
    page = PAGES / "07_big5_text_spam_damaged.txt"
    client.force_login(secretariat)

    response = client.post(
        "/en/news/import/",
        {"file": SimpleUploadedFile(page.name, page.read_bytes()), "time_zone": ""},
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(article)
    assert (article.title, article.status, len(article.flags)) == (
        "成都高新區與中白工業園簽署友好園區協議",
        ArticleStatus.DRAFT,
        2,
    )


def test_import_form_shows_why_a_file_was_refused(client, secretariat):
    client.force_login(secretariat)

    response = client.post(
        "/en/news/import/", {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.7 ...")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The file is not an HTML page or a text file."]
    }
    assert Article.objects.count() == 0


def test_member_cannot_import(client, member):
    page = PAGES / "01_gbk_text_spam.txt"
    client.force_login(member)

    response = client.post(
        "/en/news/import/", {"file": SimpleUploadedFile(page.name, page.read_bytes())}
    )

    assert response.status_code == 403
    assert Article.objects.count() == 0


# --- Feeds --------------------------------------------------------------------------------


def test_rss_feed_is_valid_rss_2_with_the_language_s_published_articles(client):
    published = datetime(2025, 6, 13, 8, 33, tzinfo=ZoneInfo("Asia/Shanghai"))
    article = ArticleFactory(title="綿陽攜手國際伙伴", language="zh-hant", published_at=published)
    ArticleFactory(title="English news", language="en")
    ArticleFactory(title="草稿", language="zh-hant", draft=True)

    response = client.get("/en/news/feeds/zh-hant/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Alliance news in Chinese (Traditional)"
    assert channel.findtext("link") == "http://testserver/en/news/?language=zh-hant"
    assert channel.findtext("description") == (
        "News of the Science Park Cooperation Alliance, newest first."
    )
    items = channel.findall("item")
    assert len(items) == 1
    item = items[0]
    assert item.findtext("title") == "綿陽攜手國際伙伴"
    assert item.findtext("link") == f"http://testserver{detail_url(article)}"
    assert item.findtext("guid") == f"http://testserver{detail_url(article)}"
    assert parsedate_to_datetime(item.findtext("pubDate")) == published


def test_atom_feed_is_valid_atom(client):
    published = datetime(2025, 6, 13, 8, 33, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    article = ArticleFactory(title="Hòa Lạc hợp tác", language="vi", published_at=published)

    response = client.get("/en/news/feeds/vi/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}title") == "Alliance news in Vietnamese"
    assert datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "Hòa Lạc hợp tác"
    assert entry.findtext(f"{ATOM}id") == f"http://testserver{detail_url(article)}"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{detail_url(article)}"
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == article.updated_at
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == published


@pytest.mark.parametrize(("feed", "item"), [("rss", "channel/item"), ("atom", f"{ATOM}entry")])
def test_feed_query_count_does_not_grow_with_articles(client, feed, item):
    def add_articles(count: int) -> None:
        for _index in range(count):
            ArticleFactory(organizations=[OrganizationFactory()], tags=["rice", "parks"])

    def items(response) -> int:
        return len(ET.fromstring(response.content).findall(item))  # noqa: S314 - our own feed

    result = assert_list_queries_do_not_grow(
        lambda: client.get(f"/en/news/feeds/en/{feed}/"),
        add_rows=add_articles,
        shown=items,
    )

    assert result.shown == (2, 6)


def test_feed_of_an_unknown_language_is_404(client):
    assert client.get("/en/news/feeds/xx/rss/").status_code == 404


# --- Documents ----------------------------------------------------------------------------


def test_documents_are_searchable_across_chinese_scripts(client):
    DocumentFactory(title="“一带一路”科技园区合作联盟建设方案", language="zh-hans")
    DocumentFactory(
        title="Joint Action Initiative", kind=DocumentKind.ACTION_INITIATIVE, language="en"
    )

    traditional = client.get("/en/news/documents/", {"q": "聯盟建設"})
    by_kind = client.get("/en/news/documents/", {"kind": DocumentKind.ACTION_INITIATIVE})

    assert [d.title for d in traditional.context["page"].object_list] == [
        "“一带一路”科技园区合作联盟建设方案"
    ]
    assert [d.title for d in by_kind.context["page"].object_list] == ["Joint Action Initiative"]


def test_documents_page_query_count_does_not_grow_with_documents(client):
    result = assert_list_queries_do_not_grow(
        lambda: client.get("/en/news/documents/"),
        add_rows=lambda count: DocumentFactory.create_batch(count),
        shown=shown,
    )

    assert result.shown == (2, 6)


def test_document_link_leads_to_the_pdf(client):
    document = DocumentFactory()

    response = client.get(f"/en/news/documents/{document.pk}/")

    assert response.status_code == 302
    assert response["Location"] == document.file.url
