"""Writes of the news app: imports, articles through their workflow, documents.

Only the secretariat writes. Every write is validated (`full_clean`) and done in one
transaction with its change-log row (django-simple-history, tagged with the actor); the
vectors for "related news" are computed after commit by a background job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.core.html import html_to_text, sanitize_html, text_to_html
from innobridge.core.language_detection import detect_language
from innobridge.core.tasks import queue_after_commit
from innobridge.core.uploads import pdf_text
from innobridge.news import selectors
from innobridge.news.choices import ALLOWED_TRANSITIONS, ArticleStatus
from innobridge.news.importing import PageError, parse_page
from innobridge.news.models import TITLE_MAX_LENGTH, Article, Document
from innobridge.news.permissions import can_manage_news

EMBEDDED_BODY_CHARS = 2000


def _require_manager(actor: Any) -> None:
    if not can_manage_news(actor):
        raise PermissionDenied(_("Only the secretariat manages news and documents."))


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _save(instance: Article | Document, *, actor: Any, reason: str = "") -> None:
    instance.full_clean()
    instance._history_user = _user_or_none(actor)
    instance._change_reason = reason
    instance.save()


def _embed_after_commit(article: Article) -> None:
    if article.status == ArticleStatus.PUBLISHED:
        queue_after_commit("innobridge.news.tasks.embed_articles", [article.pk])


# --- Import -------------------------------------------------------------------------------


def _title_from(body: str) -> str:
    """A page without a recognisable title gets its first line as a working title."""
    first_line = body.strip().split("\n", 1)[0] if body.strip() else ""
    return first_line[:TITLE_MAX_LENGTH]


def article_import(
    *, actor: Any, content: bytes, filename: str = "", time_zone: str | None = None
) -> Article:
    """A saved web page (HTML or text, any charset) as a draft waiting for moderation.

    The body is the clean text; `source_text` keeps the page text and `flags` the spam and
    damaged spans found in it, offsets into that text. Organizations of the directory that
    the article names are linked. Bad input raises ValidationError and saves nothing.
    """
    _require_manager(actor)
    try:
        page = parse_page(content, filename=filename, time_zone=time_zone)
    except PageError as error:
        raise ValidationError(str(error), code=error.code) from error
    article = Article(
        title=(page.title or _title_from(page.body))[:TITLE_MAX_LENGTH],
        subtitle=page.subtitle[:TITLE_MAX_LENGTH],
        lead=page.lead,
        body=text_to_html(page.body),
        language=page.language,
        source=page.source[:200],
        source_url=page.source_url if page.source_url.startswith(("http://", "https://")) else "",
        author=page.author[:200],
        editor=page.editor[:200],
        published_at=page.published_at,
        time_zone=page.time_zone,
        status=ArticleStatus.DRAFT,
        source_text=page.source_text,
        source_file=filename[-255:],
        source_encoding=page.encoding,
        flags=[asdict(flag) for flag in page.flags],
        created_by=_user_or_none(actor),
    )
    named = selectors.organizations_named_in(" ".join([page.title, page.subtitle, page.body]))
    with transaction.atomic():
        _save(article, actor=actor, reason=_("Imported from {file}").format(file=filename))
        article.organizations.set(named)
    return article


# --- Articles -----------------------------------------------------------------------------


def _prepare(article: Article) -> None:
    article.body = sanitize_html(article.body)
    article.tags = [tag.strip() for tag in article.tags or [] if tag.strip()]
    if not article.language:
        article.language = detect_language(
            " ".join([article.title, article.subtitle, article.lead, html_to_text(article.body)])
        )


def _set_relations(
    article: Article, *, organizations: Iterable[Any] | None, agreements: Iterable[Any] | None
) -> None:
    if organizations is not None:
        article.organizations.set(organizations)
    if agreements is not None:
        article.agreements.set(agreements)


def article_create(
    *,
    actor: Any,
    data: dict[str, Any],
    organizations: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
) -> Article:
    """A draft written by the secretariat."""
    _require_manager(actor)
    article = Article(created_by=_user_or_none(actor), status=ArticleStatus.DRAFT, **data)
    _prepare(article)
    with transaction.atomic():
        _save(article, actor=actor)
        _set_relations(article, organizations=organizations, agreements=agreements)
    return article


def article_update(
    *,
    actor: Any,
    article: Article,
    data: dict[str, Any],
    organizations: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
) -> Article:
    """Change an article's fields; a published one stays published."""
    _require_manager(actor)
    for name, value in data.items():
        setattr(article, name, value)
    _prepare(article)
    # The text may have changed: its vector is computed afresh after commit.
    article.embedding, article.embedding_model = None, ""
    with transaction.atomic():
        _save(article, actor=actor)
        _set_relations(article, organizations=organizations, agreements=agreements)
        _embed_after_commit(article)
    return article


def _move(article: Article, to_status: str, *, actor: Any, reason: str = "") -> None:
    if to_status not in ALLOWED_TRANSITIONS[article.status]:
        raise ValidationError(
            _("An article that is “{status}” cannot become “{target}”.").format(
                status=article.get_status_display(), target=ArticleStatus(to_status).label
            )
        )
    article.status = to_status


def article_publish(*, actor: Any, article: Article, flags_reviewed: bool = False) -> Article:
    """Publish a draft (or a withdrawn article) for everyone.

    An article with flagged spans is published only on an explicit decision
    (`flags_reviewed`), recorded with who took it and when.
    """
    _require_manager(actor)
    now = timezone.now()
    if article.needs_flag_review:
        if not flags_reviewed:
            raise ValidationError(
                {
                    "flags_reviewed": _(
                        "This article has {count} flagged spans: confirm that you reviewed "
                        "them before publishing."
                    ).format(count=len(article.flags))
                },
                code="flags_not_reviewed",
            )
        article.flags_reviewed_by = _user_or_none(actor)
        article.flags_reviewed_at = now
    if not article.title.strip() or not html_to_text(article.body).strip():
        raise ValidationError(_("An article needs a title and a text before it is published."))
    _move(article, ArticleStatus.PUBLISHED, actor=actor)
    if article.published_at is None:
        article.published_at = now
    article.went_public_at = now
    with transaction.atomic():
        _save(article, actor=actor, reason=_("Published"))
        _embed_after_commit(article)
    return article


def article_withdraw(*, actor: Any, article: Article) -> Article:
    """Take a published article off the site; it can be published again."""
    _require_manager(actor)
    _move(article, ArticleStatus.WITHDRAWN, actor=actor)
    with transaction.atomic():
        _save(article, actor=actor, reason=_("Withdrawn"))
    return article


def article_delete(*, actor: Any, article: Article) -> None:
    _require_manager(actor)
    article._history_user = _user_or_none(actor)
    article.delete()


def article_passage(article: Article) -> str:
    """The text of an article as the embedder receives it."""
    body = html_to_text(article.body)[:EMBEDDED_BODY_CHARS]
    return "\n".join(part for part in (article.title, article.subtitle, article.lead, body) if part)


def stale_article_ids(*, limit: int | None = None) -> list[int]:
    """Published articles without a vector of the current search embedder (never embedded,
    or embedded by a model since replaced), oldest id first (at most `limit`)."""
    from innobridge.search.embedders import get_embedder

    ids = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .exclude(embedding_model=get_embedder().name, embedding__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit] if limit is not None else ids)


def articles_embed(article_ids: Iterable[int]) -> int:
    """Store the search embedder's vector of each published article that lacks a current one."""
    import numpy as np

    from innobridge.search.embedders import get_embedder
    from innobridge.search.shipped_vectors import embed_passages

    embedder = get_embedder()
    articles = list(
        Article.objects.filter(pk__in=list(article_ids), status=ArticleStatus.PUBLISHED).exclude(
            embedding_model=embedder.name, embedding__isnull=False
        )
    )
    if not articles:
        return 0
    vectors = embed_passages(embedder, [article_passage(article) for article in articles])
    for article, vector in zip(articles, vectors, strict=True):
        article.embedding = np.asarray(vector, dtype=np.float16).tobytes()
        article.embedding_model = embedder.name
    Article.objects.bulk_update(articles, ["embedding", "embedding_model"])
    return len(articles)


# --- Documents ----------------------------------------------------------------------------


def document_extract_text(document: Document) -> None:
    """Read the PDF's text into the document, for search (empty for scanned pages)."""
    document.text = pdf_text(document.file) if document.file else ""


def document_create(*, actor: Any, data: dict[str, Any], file: Any) -> Document:
    """Add a PDF to the library; the bytes must be a PDF, whatever the file is called."""
    _require_manager(actor)
    document = Document(uploaded_by=_user_or_none(actor), file=file, **data)
    document_extract_text(document)
    with transaction.atomic():
        _save(document, actor=actor)
    return document


def document_update(
    *, actor: Any, document: Document, data: dict[str, Any], file: Any = None
) -> Document:
    _require_manager(actor)
    for name, value in data.items():
        setattr(document, name, value)
    if file is not None:
        document.file = file
        document_extract_text(document)
    with transaction.atomic():
        _save(document, actor=actor)
    return document


def document_delete(*, actor: Any, document: Document) -> None:
    _require_manager(actor)
    document._history_user = _user_or_none(actor)
    document.delete()
