"""Demo news: three published articles, one imported draft waiting for moderation (with an
injected spam line, to show the flags), and the alliance's two founding documents as PDFs.

Everything goes through the news services as the demo secretariat; what is already there
(same title) is left alone, so loading twice changes nothing. Run after the organizations'
loader, which creates the demo secretariat and the organizations the articles name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from innobridge.news import selectors, services
from innobridge.news.choices import DocumentKind
from innobridge.news.models import Article, Document
from innobridge.organizations.demo import DEMO_SECRETARIAT_EMAIL

SHANGHAI = ZoneInfo("Asia/Shanghai")

ARTICLES = [
    {
        "title": "“一带一路”科技园区合作联盟在成都成立",
        "subtitle": "联盟秘书处设在火炬中心",
        "lead": "6月12日，“一带一路”科技园区合作创新发展对话在成都举行，科技园区合作联盟宣告成立。",
        "body": "<p>对话由工业和信息化部火炬高技术产业开发中心、四川省科学技术厅、"
        "绵阳市人民政府共同主办。"
        "会上发布了《“一带一路”科技园区合作联盟建设方案》和《“一带一路”科技园区合作共同行动倡议》。</p>"
        "<p>绵阳科技城管理委员会、绵阳市农业科学研究院等与国内外科技园区、科研机构签订8项合作协议。</p>",
        "language": "zh-hans",
        "source": "绵阳日报",
        "published_at": datetime(2025, 6, 13, 8, 33, tzinfo=SHANGHAI),
        "tags": ["联盟", "合作协议"],
    },
    {
        "title": "Mianyang rice varieties to be trialled in Vietnam",
        "subtitle": "Ha Xuyen Seed and the Mianyang Academy of Agricultural Sciences sign up",
        "lead": "Quality rice and vegetable varieties from Mianyang will be tested in Vietnam.",
        "body": "<p>Ha Xuyen Seed Company (Vietnam) will set up a regular cooperation mechanism "
        "with the Mianyang Academy of Agricultural Sciences and trial its varieties, adapting "
        "cultivation to Vietnam's climate.</p>",
        "language": "en",
        "source": "Alliance Bulletin",
        "published_at": datetime(2025, 6, 14, 10, 0, tzinfo=SHANGHAI),
        "tags": ["agriculture"],
    },
    {
        "title": "Khu Công nghệ cao Hòa Lạc tìm đối tác tại Miên Dương",
        "subtitle": "",
        "lead": "Đoàn công tác Hòa Lạc thăm Thành phố Khoa học Miên Dương (Trung Quốc).",
        "body": "<p>Hai bên thảo luận về chuyển giao công nghệ nông nghiệp và vi mạch.</p>",
        "language": "vi",
        "source": "Báo Khoa học và Phát triển",
        "published_at": datetime(2025, 7, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        "tags": [],
    },
]

IMPORTED_PAGE = (
    "澳门百家乐,在线赌场,真人视讯,开户送彩金\n"
    "首页 > 园区动态\n"
    "成都高新区与越南和乐高科技园区签署合作备忘录\n"
    "发布时间:2025-03-05 10:20   来源: 成都高新区管委会\n\n"
    "  3月4日，成都高新技术产业开发区与越南和乐高科技园区签署合作备忘录，"
    "双方将在集成电路和数字经济领域开展人才交流。\n\n"
    "  责任编辑:王敏\n"
)
IMPORTED_TITLE = "成都高新区与越南和乐高科技园区签署合作备忘录"

DOCUMENTS = [
    {
        "kind": DocumentKind.CONSTRUCTION_PLAN,
        "title": "“一带一路”科技园区合作联盟建设方案",
        "description": "Construction Plan of the Belt and Road Science Park Cooperation Alliance: "
        "secretariat at the Torch Center, and the alliance's seven work areas.",
        "pdf_title": "Construction Plan of the Belt and Road Science Park Cooperation Alliance",
    },
    {
        "kind": DocumentKind.ACTION_INITIATIVE,
        "title": "“一带一路”科技园区合作共同行动倡议",
        "description": "Joint Action Initiative: exchange platforms, events, and the fusion of "
        "scientific and industrial innovation.",
        "pdf_title": "Joint Action Initiative of Belt and Road Science Parks",
    },
]


@dataclass
class DemoSummary:
    articles: int = 0
    drafts: int = 0
    documents: int = 0

    def __str__(self) -> str:
        return (
            f"{self.articles} articles published, {self.drafts} drafts imported, "
            f"{self.documents} documents added"
        )


def one_page_pdf(title: str) -> bytes:
    """A valid one-page PDF showing `title` (ASCII) in Helvetica; offsets computed."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 56 780 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_load() -> DemoSummary:
    actor = get_user_model().objects.get(email=DEMO_SECRETARIAT_EMAIL)
    summary = DemoSummary()
    for record in ARTICLES:
        if Article.objects.filter(title=record["title"]).exists():
            continue
        text = " ".join([record["title"], record["subtitle"], record["body"]])
        article = services.article_create(
            actor=actor,
            data={**record, "is_demo": True},
            organizations=selectors.organizations_named_in(text),
        )
        services.article_publish(actor=actor, article=article)
        summary.articles += 1
    if not Article.objects.filter(title=IMPORTED_TITLE).exists():
        draft = services.article_import(
            actor=actor, content=IMPORTED_PAGE.encode("gb18030"), filename="chengdu-hoalac.txt"
        )
        Article.objects.filter(pk=draft.pk).update(is_demo=True)
        summary.drafts += 1
    for record in DOCUMENTS:
        if Document.objects.filter(title=record["title"]).exists():
            continue
        services.document_create(
            actor=actor,
            data={
                "kind": record["kind"],
                "title": record["title"],
                "description": record["description"],
                "language": "zh-hans",
                "version": "2025",
                "issued_on": date(2025, 6, 12),
                "is_demo": True,
            },
            file=ContentFile(one_page_pdf(record["pdf_title"]), name="document.pdf"),
        )
        summary.documents += 1
    return summary
