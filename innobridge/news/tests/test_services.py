"""Services and selectors of the news app: publishing rules, related news, documents."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from innobridge.news import selectors, services
from innobridge.news.choices import ArticleStatus, DocumentKind
from innobridge.news.models import Article, Document
from innobridge.news.tests.factories import MINIMAL_PDF, ArticleFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_flagged_article_needs_the_review_decision(secretariat):
    draft = ArticleFactory(draft=True, flags=[{"kind": "damaged", "start": 0, "end": 1}])

    with pytest.raises(ValidationError) as error:
        services.article_publish(actor=secretariat, article=draft)

    assert error.value.message_dict == {
        "flags_reviewed": [
            "This article has 1 flagged spans: confirm that you reviewed them before publishing."
        ]
    }
    draft.refresh_from_db()
    assert (draft.status, draft.flags_reviewed_by) == (ArticleStatus.DRAFT, None)


def test_an_article_without_flags_is_published_without_a_decision(secretariat):
    draft = ArticleFactory(draft=True, published_at=None)

    services.article_publish(actor=secretariat, article=draft)

    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED
    assert draft.published_at == draft.went_public_at
    assert draft.flags_reviewed_by is None


def test_member_cannot_publish(member):
    draft = ArticleFactory(draft=True)
    with pytest.raises(PermissionDenied):
        services.article_publish(actor=member, article=draft, flags_reviewed=True)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_withdrawn_article_can_be_published_again_but_a_draft_cannot_be_withdrawn(secretariat):
    article = ArticleFactory()
    services.article_withdraw(actor=secretariat, article=article)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.WITHDRAWN
    services.article_publish(actor=secretariat, article=article)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED

    draft = ArticleFactory(draft=True)
    with pytest.raises(ValidationError) as error:
        services.article_withdraw(actor=secretariat, article=draft)
    assert error.value.messages == ["An article that is “Draft” cannot become “Withdrawn”."]


def test_body_html_is_sanitized_and_the_language_detected(secretariat):
    article = services.article_create(
        actor=secretariat,
        data={
            "title": "Công viên khoa học Hòa Lạc",
            "body": '<p onclick="x()">Hợp tác <script>alert(1)</script>với Miên Dương</p>',
            "language": "",
        },
    )
    assert article.body == "<p>Hợp tác với Miên Dương</p>"
    assert article.language == "vi"


def test_related_news_ranks_published_articles_by_meaning(secretariat):
    article = ArticleFactory(title="rice varieties trial mianyang vietnam")
    close = ArticleFactory(title="rice varieties trial hanoi")
    closer = ArticleFactory(title="rice varieties trial mianyang")
    far = ArticleFactory(title="hydrogen buses")
    draft = ArticleFactory(title="rice varieties trial mianyang vietnam draft", draft=True)
    for item in (article, close, closer, far, draft):
        item.body = ""
        item.lead = ""
        item.subtitle = ""
        item.save()

    embedded = services.articles_embed(list(Article.objects.values_list("pk", flat=True)))

    assert embedded == 4
    assert selectors.related_articles(Article.objects.get(pk=article.pk)) == [closer, close, far]


def test_publishing_embeds_the_article_after_commit(
    secretariat, django_capture_on_commit_callbacks
):
    draft = ArticleFactory(draft=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(actor=secretariat, article=draft)

    draft.refresh_from_db()
    assert draft.embedding_model == "test-word-hash"
    assert len(bytes(draft.embedding)) == 64 * 2


def test_document_must_be_a_pdf(secretariat):
    data = {
        "kind": DocumentKind.CONSTRUCTION_PLAN,
        "title": "Construction Plan",
        "language": "en",
        "version": "1.0",
        "issued_on": "2025-06-12",
    }
    with pytest.raises(ValidationError) as error:
        services.document_create(
            actor=secretariat, data=data, file=ContentFile(b"<html>no</html>", name="plan.pdf")
        )
    assert error.value.message_dict == {"file": ["The file is not a PDF document."]}
    assert Document.objects.count() == 0

    document = services.document_create(
        actor=secretariat, data=data, file=ContentFile(MINIMAL_PDF, name="plan.pdf")
    )
    # Named by its content, unguessably (core/files.py), not after kind, language and version.
    assert re.fullmatch(r"news/documents/[A-Za-z0-9_-]{24}\.pdf", document.file.name)


def test_member_cannot_add_documents(member):
    with pytest.raises(PermissionDenied):
        services.document_create(actor=member, data={}, file=None)
    assert Document.objects.count() == 0


def test_editing_a_published_article_embeds_its_new_text(
    secretariat, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="rice", subtitle="", lead="", body="")
    services.articles_embed([article.pk])
    before = bytes(Article.objects.get(pk=article.pk).embedding)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(actor=secretariat, article=article, data={"title": "hydrogen"})

    article.refresh_from_db()
    assert article.embedding_model == "test-word-hash"
    assert bytes(article.embedding) != before


def test_documents_are_found_by_the_text_inside_their_pdf(secretariat):
    from innobridge.news import selectors
    from innobridge.news.demo import one_page_pdf

    data = {"kind": DocumentKind.ACTION_INITIATIVE, "title": "联合行动倡议", "language": "zh-hans",
            "version": "2025", "issued_on": "2025-06-12"}  # fmt: skip
    pdf = one_page_pdf("Joint Action Initiative on Science Park Cooperation")
    document = services.document_create(
        actor=secretariat, data=data, file=ContentFile(pdf, name="initiative.pdf")
    )
    assert document.text == "Joint Action Initiative on Science Park Cooperation"
    assert list(selectors.documents(query="science park cooperation")) == [document]
    assert list(selectors.documents(query="tokamak")) == []


def test_a_pdf_without_readable_text_is_still_accepted(secretariat):
    data = {"kind": DocumentKind.CONSTRUCTION_PLAN, "title": "Plan", "language": "en",
            "version": "1", "issued_on": "2025-06-12"}  # fmt: skip
    damaged = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    document = services.document_create(
        actor=secretariat, data=data, file=ContentFile(damaged, name="plan.pdf")
    )
    assert document.text == ""
    assert Document.objects.count() == 1


def test_worker_job_embeds_articles_of_another_model_a_batch_at_a_time(monkeypatch):
    from innobridge.news import tasks

    stale = [ArticleFactory(title=f"rice {n}") for n in range(3)]
    Article.objects.filter(pk__in=[a.pk for a in stale]).update(
        embedding=b"\x00\x00", embedding_model="a-replaced-model"
    )
    draft = ArticleFactory(draft=True)
    monkeypatch.setattr(tasks, "STALE_BATCH", 1)

    assert services.stale_article_ids() == [a.pk for a in stale]
    tasks.embed_stale_articles.enqueue()  # runs at once, and queues the next batches

    assert services.stale_article_ids() == []
    models = dict(Article.objects.values_list("pk", "embedding_model"))
    assert models == {**{a.pk: "test-word-hash" for a in stale}, draft.pk: ""}


def test_worker_job_stops_when_a_batch_embeds_nothing(monkeypatch):
    from innobridge.news import tasks

    for n in range(3):
        ArticleFactory(title=f"rice {n}")
    Article.objects.update(embedding=None, embedding_model="")
    monkeypatch.setattr(tasks, "STALE_BATCH", 1)
    calls: list[list[int]] = []
    monkeypatch.setattr(services, "articles_embed", lambda ids: calls.append(ids) or 0)

    tasks.embed_stale_articles.enqueue()

    assert len(calls) == 1
    assert len(services.stale_article_ids()) == 3
