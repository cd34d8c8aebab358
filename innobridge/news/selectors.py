"""Reads of the news app: what a user may see, the moderation queue, related news, the
organizations an article names, and the document library."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from innobridge.accounts.permissions import is_secretariat
from innobridge.agreements.selectors import agreements_visible_to
from innobridge.core.text import fold_for_search
from innobridge.news.choices import ArticleStatus
from innobridge.news.models import Article, Document
from innobridge.organizations.choices import PUBLIC_STATUSES
from innobridge.organizations.models import Organization

# Shorter names ("IASP", "THU", "MOST") collide with ordinary words and abbreviations.
MIN_NAME_LENGTH = 4
RELATED_LIMIT = 3


def articles_visible_to(user: Any) -> QuerySet[Article]:
    """Published articles for everyone; drafts and withdrawn ones for the secretariat only."""
    if is_secretariat(user):
        return Article.objects.all()
    return Article.objects.filter(status=ArticleStatus.PUBLISHED)


def with_list_relations(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What a list row shows (the linked organizations), in a fixed number of queries."""
    return queryset.defer("source_text", "embedding").prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.order_by("name"))
    )


def matching_words(queryset: QuerySet, query: str) -> QuerySet:
    """Rows whose folded search text holds every word of `query`, in either Chinese
    script, any case and with or without Latin accents."""
    for word in fold_for_search(query).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def published_articles(*, language: str = "", query: str = "") -> QuerySet[Article]:
    """Published articles, newest first, optionally in one language or matching a query."""
    queryset = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    if language:
        queryset = queryset.filter(language=language)
    return matching_words(queryset, query).order_by("-published_at", "-pk")


def article_get(*, user: Any, pk: int) -> Article:
    """One article the user may see, or 404: a draft's existence is not admitted."""
    queryset = articles_visible_to(user).prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.order_by("name"))
    )
    try:
        return queryset.get(pk=pk)
    except Article.DoesNotExist as exc:
        raise Http404 from exc


def article_agreements(*, user: Any, article: Article) -> list[Any]:
    """The linked agreements this user may see."""
    return list(agreements_visible_to(user).filter(news_articles=article).order_by("title"))


def moderation_queue() -> QuerySet[Article]:
    """Drafts, flagged ones first, then oldest first."""
    return with_list_relations(
        Article.objects.filter(status=ArticleStatus.DRAFT).order_by("created_at", "pk")
    )


# --- Organizations named in a text --------------------------------------------------------


# A letter of an alphabetic script (not Han or kana): names written in such scripts must
# not match inside a longer word ("Park" in "Parks"), whatever surrounds a Han name.
_LETTER = r"[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"


@lru_cache(maxsize=4096)
def _name_pattern(folded_name: str) -> re.Pattern[str]:
    pattern = re.escape(folded_name)
    if re.match(_LETTER, folded_name):
        pattern = rf"(?<!{_LETTER}){pattern}"
    if re.match(_LETTER, folded_name[-1]):
        pattern = rf"{pattern}(?!{_LETTER})"
    return re.compile(pattern)


def organization_names(organization: Organization) -> list[str]:
    """The names an article may use: the own name and every translated one, folded."""
    names = [organization.name, *organization.translated_names.values()]
    folded = {fold_for_search(name) for name in names if name}
    return sorted(name for name in folded if len(name) >= MIN_NAME_LENGTH)


def organizations_named_in(text: str) -> list[Organization]:
    """Directory organizations whose name or translated name the text contains, in any
    Chinese script (both sides folded to Simplified), case and Latin accents aside."""
    folded = fold_for_search(text)
    if not folded:
        return []
    found = [
        organization
        for organization in Organization.objects.filter(membership_status__in=PUBLIC_STATUSES)
        if any(_name_pattern(name).search(folded) for name in organization_names(organization))
    ]
    return sorted(found, key=lambda organization: organization.pk)


# --- Related news -------------------------------------------------------------------------


def vector_of(article: Article) -> np.ndarray | None:
    if not article.embedding:
        return None
    return np.frombuffer(bytes(article.embedding), dtype=np.float16).astype(np.float32)


def related_articles(article: Article, *, limit: int = RELATED_LIMIT) -> list[Article]:
    """Published articles closest in meaning (cosine of the search embedder's vectors).

    Without a vector (not embedded yet), articles naming the same organizations stand in.
    """
    others = Article.objects.filter(status=ArticleStatus.PUBLISHED).exclude(pk=article.pk)
    vector = vector_of(article)
    if vector is None:
        organization_ids = [organization.pk for organization in article.organizations.all()]
        if not organization_ids:
            return []
        return list(
            others.filter(organizations__in=organization_ids)
            .distinct()
            .defer("source_text", "embedding")
            .order_by("-published_at", "-pk")[:limit]
        )
    rows = list(
        others.filter(embedding_model=article.embedding_model, embedding__isnull=False).values_list(
            "pk", "embedding"
        )
    )
    if not rows:
        return []
    matrix = np.vstack(
        [np.frombuffer(bytes(blob), dtype=np.float16).astype(np.float32) for _pk, blob in rows]
    )
    scores = matrix @ vector
    best = [rows[index][0] for index in np.argsort(-scores, kind="stable")[:limit]]
    by_pk = Article.objects.defer("source_text", "embedding").in_bulk(best)
    return [by_pk[pk] for pk in best if pk in by_pk]


# --- Documents ----------------------------------------------------------------------------


def documents(*, query: str = "", language: str = "", kind: str = "") -> QuerySet[Document]:
    """The library, filtered; the query matches title, description and the PDF's text in
    either Chinese script, any case and with or without Latin accents."""
    queryset = Document.objects.all()
    if language:
        queryset = queryset.filter(language=language)
    if kind:
        queryset = queryset.filter(kind=kind)
    return matching_words(queryset, query).order_by("-issued_on", "title", "pk")


def document_get(*, pk: int) -> Document:
    try:
        return Document.objects.get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
