"""Who may do what with news and documents: the secretariat writes, everyone reads what is
published."""

from __future__ import annotations

from typing import Any

from innobridge.accounts.permissions import is_secretariat
from innobridge.news.choices import ArticleStatus


def can_view_article(user: Any, article: Any) -> bool:
    """Published articles are public; drafts and withdrawn ones are the secretariat's."""
    return article.status == ArticleStatus.PUBLISHED or is_secretariat(user)


def can_manage_news(user: Any) -> bool:
    """Import, write, edit, publish and withdraw articles; keep the document library."""
    return is_secretariat(user)


def can_view_document(user: Any, document: Any) -> bool:
    """The documents library is public: every document in it is meant to be read."""
    return True
