"""The pages the import tests read, and helpers to import them through the service: saved
pages in many charsets and layouts (pages/), and the Mianyang news page of the shared
test data with the organizations it names."""

from __future__ import annotations

from pathlib import Path

from innobridge.news import services
from innobridge.news.models import Article

PAGES = Path(__file__).resolve().parent / "pages"


FIXTURE = Path("/work/shared/data/news/000_978f735f45030b14.txt")


FIXTURE_ORGANIZATIONS = [
    "工业和信息化部火炬高技术产业开发中心",
    "四川省科学技术厅",
    "绵阳市人民政府",
    "International Association of Science Parks and Areas of Innovation",
    "苏州工业园区",
    "中国（绵阳）科技城",
    "绵阳科技城管理委员会",
    "绵阳市农业科学研究院",
    "Công ty Cổ phần Giống cây trồng Hà Xuyên",
    "重庆高新技术产业开发区",
    "四川天府新区",
]


def import_file(path: Path, actor) -> Article:
    return services.article_import(actor=actor, content=path.read_bytes(), filename=path.name)


def linked_names(article: Article) -> list[str]:
    return list(article.organizations.order_by("pk").values_list("name", flat=True))
