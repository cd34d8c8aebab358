"""News of the alliance's cooperation, imported from members' web pages or written by the
secretariat, and the library of alliance documents."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.core.files import ProtectedFileField, ProtectedImageField
from innobridge.core.html import html_to_text
from innobridge.core.models import FoldedSearchText
from innobridge.core.uploads import unguessable_name, validate_image_upload, validate_pdf_upload
from innobridge.core.validators import validate_keywords
from innobridge.news.choices import ArticleStatus, DocumentKind
from innobridge.news.timezones import validate_time_zone, zone_info
from innobridge.organizations.models import validate_content_language

TITLE_MAX_LENGTH = 300
_BLOCK_END_RE = re.compile(r"</(?:p|li|h3|h4|blockquote)>", re.IGNORECASE)
LEAD_MAX_LENGTH = 1000
BODY_MAX_LENGTH = 100_000


# Before 1900, time zones had local mean times (Shanghai +08:05:43) that no ISO 8601
# offset can write; no article of the alliance is that old.
EARLIEST_PUBLISH_TIME = datetime(1900, 1, 1, tzinfo=UTC)


def validate_modern_time(value: datetime) -> None:
    if value is not None and value < EARLIEST_PUBLISH_TIME:
        raise ValidationError(_("Give a time after 1900."), code="too_early")


def cover_upload_path(instance: Article, filename: str) -> str:
    return unguessable_name("news/covers", filename)


class Article(FoldedSearchText):
    """A news article: published for everyone, or a draft only the secretariat sees.

    An imported article keeps the page's text as it was decoded (`source_text`) and the
    spans found in it (`flags`: spam and damaged runs, offsets into `source_text`); the
    body holds only the clean text. Publishing a flagged article needs a person's decision,
    recorded in `flags_reviewed_by` / `flags_reviewed_at`.
    """

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    subtitle = models.CharField(_("subtitle"), max_length=TITLE_MAX_LENGTH, blank=True)
    lead = models.TextField(_("lead"), blank=True, validators=[MaxLengthValidator(LEAD_MAX_LENGTH)])
    body = models.TextField(
        _("text"),
        blank=True,
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text=_("Paragraphs, lists, bold and links are kept; other markup is removed."),
    )
    language = models.CharField(
        _("language of the text"), max_length=10, validators=[validate_content_language]
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("address of the source"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    editor = models.CharField(_("editor"), max_length=200, blank=True)
    published_at = models.DateTimeField(
        _("publish time"), null=True, blank=True, validators=[validate_modern_time]
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
        help_text=_("Where the publish time was given, e.g. Asia/Shanghai or +07:00."),
    )
    cover_image = ProtectedImageField(
        _("cover image"),
        upload_to=cover_upload_path,
        permission="innobridge.news.permissions.can_view_article",
        blank=True,
        validators=[validate_image_upload],
    )
    tags = models.JSONField(_("tags"), default=list, blank=True, validators=[validate_keywords])
    organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("organizations"),
        related_name="news_articles",
        blank=True,
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        verbose_name=_("agreements"),
        related_name="news_articles",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    went_public_at = models.DateTimeField(_("published on this site"), null=True, blank=True)
    # The import: the page text, what was found in it, and who decided about it.
    source_text = models.TextField(_("text of the imported page"), blank=True, editable=False)
    source_file = models.CharField(_("imported file"), max_length=255, blank=True)
    source_encoding = models.CharField(_("character set"), max_length=40, blank=True)
    flags = models.JSONField(_("flagged spans"), default=list, blank=True, editable=False)
    flags_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flags reviewed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    flags_reviewed_at = models.DateTimeField(
        _("flags reviewed"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    # For "related news": the text's vector from the search engine's embedder.
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=100, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[organizations, agreements],
        excluded_fields=["search_text", "embedding", "embedding_model", "source_text"],
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "language", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ArticleStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="news_article_published_has_time",
                violation_error_message=_("A published article needs a publish time."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    def search_texts(self) -> list[str]:
        return [self.title, self.subtitle, self.lead, *self.tags]

    @property
    def is_public(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def body_text(self) -> str:
        """The text without markup, paragraphs separated by blank lines."""
        blocks = _BLOCK_END_RE.split(self.body or "")
        return "\n\n".join(text for text in (html_to_text(block) for block in blocks) if text)

    @property
    def needs_flag_review(self) -> bool:
        return bool(self.flags) and self.flags_reviewed_at is None

    @property
    def local_published_at(self):
        """The publish time in the time zone the source gave it in."""
        if self.published_at is None:
            return None
        return self.published_at.astimezone(zone_info(self.time_zone))


def document_upload_path(instance: Document, filename: str) -> str:
    return unguessable_name("news/documents", filename)


class Document(FoldedSearchText):
    """An alliance document in the public library: a plan, an initiative, an agreement text."""

    kind = models.CharField(
        _("kind"), max_length=30, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(LEAD_MAX_LENGTH)]
    )
    language = models.CharField(
        _("language"), max_length=10, validators=[validate_content_language]
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    issued_on = models.DateField(_("date"))
    file = ProtectedFileField(
        _("PDF file"),
        upload_to=document_upload_path,
        validators=[validate_pdf_upload],
        permission="innobridge.news.permissions.can_view_document",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The PDF's own text (services.document_extract_text), so the library finds a document
    # by what it says, not only by its title.
    text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "text"])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "title", "language", "version"],
                name="news_document_unique_version",
                violation_error_message=_(
                    "This version of the document is already in the library in this language."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})" if self.version else self.title

    def search_texts(self) -> list[str]:
        """Title, description and the PDF's own text."""
        return [self.title, self.description, self.text]

    def get_absolute_url(self) -> str:
        return reverse("news:document", args=[self.pk])
