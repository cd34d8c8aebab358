"""The news API: visibility of drafts, writes by the secretariat only, publishing, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.news.choices import ArticleStatus
from innobridge.news.models import Article
from innobridge.news.tests.factories import ArticleFactory, DocumentFactory
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent / "pages"
ARTICLES = "/api/v1/news/articles/"


def flagged_draft() -> Article:
    return ArticleFactory(
        draft=True,
        title="Draft",
        flags=[{"kind": "spam", "start": 0, "end": 4, "text": "spam", "reason": "x"}],
        source_text="spam text",
    )


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_visitors_list_published_articles_without_moderation_fields(api_client):
    ArticleFactory(title="Published")
    flagged_draft()

    response = api_client.get(ARTICLES)

    assert response.status_code == 200
    assert titles(response) == ["Published"]
    assert "flags" not in response.json()["results"][0]
    assert "source_text" not in response.json()["results"][0]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_drafts_are_404_through_the_api_except_for_the_secretariat(api_client, member, who):
    draft = flagged_draft()
    if who == "member":
        api_client.force_authenticate(member)

    assert api_client.get(f"{ARTICLES}{draft.pk}/").status_code == 404
    assert titles(api_client.get(ARTICLES)) == []


def test_secretariat_reads_drafts_with_their_flags(api_client, secretariat):
    draft = flagged_draft()
    api_client.force_authenticate(secretariat)

    response = api_client.get(f"{ARTICLES}{draft.pk}/")

    assert response.status_code == 200
    assert response.json()["flags"] == draft.flags
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_writes_are_forbidden_to_anyone_but_the_secretariat(api_client, member, who):
    article = ArticleFactory(title="Original")
    draft = flagged_draft()
    if who == "member":
        api_client.force_authenticate(member)
    expected = 401 if who == "anonymous" else 403

    responses = [
        api_client.post(ARTICLES, {"title": "New", "body": "<p>x</p>"}, format="json"),
        api_client.patch(f"{ARTICLES}{article.pk}/", {"title": "Changed"}, format="json"),
        api_client.delete(f"{ARTICLES}{article.pk}/"),
        api_client.post(f"{ARTICLES}{draft.pk}/publish/", {"flags_reviewed": True}),
        api_client.post(
            f"{ARTICLES}import/",
            {"file": SimpleUploadedFile("p.txt", b"Title\n\nText.")},
            format="multipart",
        ),
    ]

    assert [response.status_code for response in responses] == [expected] * 5
    assert sorted(Article.objects.values_list("title", "status")) == [
        ("Draft", ArticleStatus.DRAFT),
        ("Original", ArticleStatus.PUBLISHED),
    ]


def test_secretariat_publishes_a_flagged_draft_only_with_the_decision(api_client, secretariat):
    draft = flagged_draft()
    api_client.force_authenticate(secretariat)

    refused = api_client.post(f"{ARTICLES}{draft.pk}/publish/", {}, format="json")
    accepted = api_client.post(
        f"{ARTICLES}{draft.pk}/publish/", {"flags_reviewed": True}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "flags_reviewed": [
            "This article has 1 flagged spans: confirm that you reviewed them before publishing."
        ]
    }
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "published"
    assert accepted.json()["flags_reviewed_by"] == str(secretariat)


def test_secretariat_imports_a_page_through_the_api(api_client, secretariat):
    page = PAGES / "15_cp1251_ru_html_spam.html"
    api_client.force_authenticate(secretariat)

    response = api_client.post(
        f"{ARTICLES}import/",
        {"file": SimpleUploadedFile(page.name, page.read_bytes())},
        format="multipart",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["status"], body["source_encoding"]) == (
        "Парк высоких технологий Беларуси принял делегацию из Китая",
        "draft",
        "cp1251",
    )
    assert [flag["kind"] for flag in body["flags"]] == ["spam"]


def test_api_import_refuses_a_binary_file(api_client, secretariat):
    api_client.force_authenticate(secretariat)

    response = api_client.post(
        f"{ARTICLES}import/",
        {"file": SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n\x00")},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The file is not an HTML page or a text file."]}
    assert Article.objects.count() == 0


@pytest.mark.parametrize("who", ["visitor", "secretariat"])
def test_article_list_endpoint_costs_the_same_queries_for_3_or_25(api_client, secretariat, who):
    if who == "secretariat":
        api_client.force_authenticate(secretariat)

    def add_articles(count: int) -> None:
        """Published articles with organizations and agreements; for the secretariat, also
        flagged drafts and their reviewer."""
        for _index in range(count):
            article = ArticleFactory(organizations=[OrganizationFactory(), OrganizationFactory()])
            article.agreements.set([AgreementFactory()])
            if who == "secretariat":
                draft = flagged_draft()
                draft.flags_reviewed_by = UserFactory()
                draft.save()

    result = assert_list_queries_do_not_grow(
        lambda: api_client.get(ARTICLES),
        add_rows=add_articles,
        shown=lambda response: len(response.json()["results"]),
        few=3,
        many=25,
    )

    assert result.shown == ((3, 25) if who == "visitor" else (6, 50))


def test_documents_endpoint_query_count_does_not_grow_with_documents(api_client):
    result = assert_list_queries_do_not_grow(
        lambda: api_client.get("/api/v1/news/documents/"),
        add_rows=lambda count: DocumentFactory.create_batch(count),
        shown=lambda response: len(response.json()["results"]),
    )

    assert result.shown == (2, 6)


def test_documents_endpoint_filters_by_words(api_client):
    DocumentFactory(title="聯盟建設方案", language="zh-hant")
    DocumentFactory(title="Joint Action Initiative")

    response = api_client.get("/api/v1/news/documents/", {"q": "联盟"})

    assert titles(response) == ["聯盟建設方案"]


def test_documents_query_of_a_thousand_words_is_a_400_not_a_database_error(api_client):
    DocumentFactory()
    words = " ".join(f"word{n}" for n in range(1100))  # SQLite's expression depth was 1,000

    response = api_client.get("/api/v1/news/documents/", {"q": words})

    assert response.status_code == 400
    assert response.json() == {"q": ["Ensure this value has at most 200 characters (it has 8789)."]}


def test_articles_and_documents_filter_by_words_in_the_api_as_on_the_pages(api_client, client):
    ArticleFactory(title="Rice varieties for Vietnam")
    ArticleFactory(title="Solar parks in Egypt")

    api = api_client.get("/api/v1/news/articles/", {"q": "rice"}).json()
    page = client.get("/en/news/", {"q": "rice"})

    assert [row["title"] for row in api["results"]] == ["Rice varieties for Vietnam"]
    assert [a.title for a in page.context["page"].object_list] == ["Rice varieties for Vietnam"]


def test_publish_time_before_1900_is_a_400(api_client, secretariat):
    """Shanghai's local mean time (+08:05:43) of year 402 came back as an offset no ISO
    8601 parser reads (schemathesis on PostgreSQL)."""
    api_client.force_authenticate(secretariat)

    response = api_client.post(
        "/api/v1/news/articles/",
        {"title": "Old news", "published_at": "0402-08-01T12:59:16Z"},
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"published_at": ["Give a time after 1900."]},
    )
    assert Article.objects.filter(title="Old news").count() == 0
