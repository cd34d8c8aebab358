"""RSS 2.0 and Atom feeds of published articles, one per content language."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from innobridge.core.html import html_to_text
from innobridge.core.languages import CONTENT_LANGUAGE_CODES, current_language, language_name
from innobridge.news import selectors

FEED_SIZE = 30


class ArticlesRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, language: str) -> str:
        if language not in CONTENT_LANGUAGE_CODES:
            raise Http404
        return language

    def title(self, language: str) -> str:
        return _("Alliance news in {language}").format(
            language=language_name(language, current_language())
        )

    def link(self, language: str) -> str:
        return f"{reverse('news:list')}?language={language}"

    def description(self, language: str) -> str:
        return _("News of the Science Park Cooperation Alliance, newest first.")

    def feed_url(self, language: str) -> str:
        return reverse("news:feed-rss", args=[language])

    def author_name(self) -> str:
        return _("Innobridge")

    def items(self, language: str):
        return selectors.published_articles(language=language).defer("source_text", "embedding")[
            :FEED_SIZE
        ]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.lead or html_to_text(item.body)[:500]

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item) -> str:
        return item.author or item.source

    def item_categories(self, item) -> list[str]:
        return item.tags


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = Atom1Feed

    def feed_url(self, language: str) -> str:
        return reverse("news:feed-atom", args=[language])

    def subtitle(self, language: str) -> str:
        return self.description(language)
