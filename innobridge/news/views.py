"""Pages of the news app. Each view parses input and calls a selector or a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innobridge.core.forms import add_validation_error
from innobridge.core.views import filter_rows, list_status, run_with_messages
from innobridge.news import selectors, services
from innobridge.news.filtersets import ArticleFilterSet, DocumentFilterSet
from innobridge.news.forms import (
    ArticleForm,
    ImportForm,
    PublishForm,
)
from innobridge.news.models import Article
from innobridge.news.permissions import can_manage_news

PAGE_SIZE = 20


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_news(request.user):
        raise PermissionDenied(_("Only the secretariat manages news."))


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def article_list(request: HttpRequest) -> HttpResponse:
    """Published articles, newest first, by language and words."""
    filterset = ArticleFilterSet(request.GET or None, queryset=selectors.published_articles())
    queryset, valid = filter_rows(filterset)
    page = Paginator(selectors.with_list_relations(queryset), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": filterset.form, "page": page, "query": _query(request)}
    return render(request, "news/list.html", context, status=list_status(valid))


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk)
    manager = can_manage_news(request.user)
    context = {
        "article": article,
        "related": selectors.related_articles(article) if article.is_public else [],
        "agreements": selectors.article_agreements(user=request.user, article=article),
        "can_manage": manager,
        "publish_form": PublishForm() if manager else None,
    }
    return render(request, "news/detail.html", context)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    page = Paginator(selectors.moderation_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/moderation.html", {"page": page, "query": ""})


@login_required
@require_http_methods(["GET", "POST"])
def article_import(request: HttpRequest) -> HttpResponse:
    """Upload a saved web page; it becomes a draft waiting for moderation."""
    _require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            article = services.article_import(
                actor=request.user,
                content=upload.read(),
                filename=upload.name,
                time_zone=form.cleaned_data["time_zone"] or None,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The page was imported as a draft."))
            return redirect(article)
    return render(request, "news/import.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(article)
    return render(request, "news/form.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(actor=request.user, article=article, **form.service_kwargs())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The article was saved."))
            return redirect(article)
    return render(request, "news/form.html", {"form": form, "article": article})


@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    article = get_object_or_404(Article, pk=pk)
    form = PublishForm(request.POST)
    reviewed = form.is_valid() and form.cleaned_data["flags_reviewed"]
    run_with_messages(
        request,
        lambda: services.article_publish(
            actor=request.user, article=article, flags_reviewed=reviewed
        ),
        _("The article was published."),
    )
    return redirect(article)


@require_POST
def article_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    article = get_object_or_404(Article, pk=pk)
    run_with_messages(
        request,
        lambda: services.article_withdraw(actor=request.user, article=article),
        _("The article was withdrawn."),
    )
    return redirect(article)


def document_list(request: HttpRequest) -> HttpResponse:
    """The library of alliance documents, searchable by words, language and kind."""
    filterset = DocumentFilterSet(request.GET or None, queryset=selectors.documents())
    queryset, valid = filter_rows(filterset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": filterset.form, "page": page, "query": _query(request)}
    return render(request, "news/documents.html", context, status=list_status(valid))


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(pk=pk)
    return redirect(document.file.url)
