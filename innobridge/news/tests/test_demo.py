from __future__ import annotations

import pytest

from innobridge.news.choices import ArticleStatus
from innobridge.news.demo import demo_load
from innobridge.news.models import Article, Document
from innobridge.organizations.demo import demo_load as organizations_demo_load

pytestmark = pytest.mark.django_db


def test_demo_loads_articles_a_flagged_draft_and_documents_once():
    organizations_demo_load()

    first = str(demo_load())
    second = str(demo_load())

    assert first == "3 articles published, 1 drafts imported, 2 documents added"
    assert second == "0 articles published, 0 drafts imported, 0 documents added"
    assert sorted(Article.objects.values_list("status", flat=True)) == [
        ArticleStatus.DRAFT,
        *[ArticleStatus.PUBLISHED] * 3,
    ]
    draft = Article.objects.get(status=ArticleStatus.DRAFT)
    assert [flag["kind"] for flag in draft.flags] == ["spam"]
    founding = Article.objects.get(title="“一带一路”科技园区合作联盟在成都成立")
    assert sorted(founding.organizations.values_list("name", flat=True)) == [
        "四川省科学技术厅",
        "工业和信息化部火炬高技术产业开发中心",
        "绵阳市人民政府",
        "绵阳市农业科学研究院",
        "绵阳科技城管理委员会",
    ]
    assert Document.objects.count() == 2
    for document in Document.objects.all():
        assert document.file.read().startswith(b"%PDF-1.4")
