"""One FilterSet per list, for the news pages and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from innobridge.core.filters import ContentLanguageFilter
from innobridge.news.choices import ArticleStatus, DocumentKind
from innobridge.news.models import Article, Document
from innobridge.news.selectors import matching_words

# Every word is one more condition in SQL: SQLite refuses an expression deeper than 1,000,
# which a query of about 1,100 words reached.
QUERY_MAX_LENGTH = 200


class WordsFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"), method="filter_words", max_length=QUERY_MAX_LENGTH
    )
    language = ContentLanguageFilter(label=_("Language"), empty_label=_("All languages"))

    def filter_words(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return matching_words(queryset, value)


class ArticleFilterSet(WordsFilterSet):
    """The news page: words and language."""

    class Meta:
        model = Article
        fields = ["q", "language"]


class ArticleApiFilterSet(ArticleFilterSet):
    """The API also filters by status (drafts and withdrawn articles reach the secretariat
    only; the queryset decides who sees what)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ArticleStatus.choices)

    class Meta(ArticleFilterSet.Meta):
        fields = ["q", "language", "status"]


class DocumentFilterSet(WordsFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DocumentKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Document
        fields = ["q", "language", "kind"]
