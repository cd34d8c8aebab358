from datetime import date

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from innobridge.news.choices import ArticleStatus, DocumentKind
from innobridge.news.models import Article, Document

# The smallest file every PDF reader accepts, enough for the upload checks.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published English article. `organizations` may be passed as a list."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Science parks sign a cooperation agreement {n}")
    subtitle = "Joint laboratories for agricultural technology"
    lead = "Two parks of the alliance agreed to share pilot bases."
    body = "<p>The parks will exchange engineers and test new rice varieties together.</p>"
    language = "en"
    source = "Alliance Bulletin"
    time_zone = "Asia/Shanghai"
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    went_public_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=ArticleStatus.DRAFT, went_public_at=None)

    @factory.post_generation
    def organizations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organizations.set(extracted)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = DocumentKind.CONSTRUCTION_PLAN
    title = factory.Sequence(lambda n: f"Construction Plan of the Alliance {n}")
    description = "How the alliance is organised and what it works on."
    language = "en"
    version = "1.0"
    issued_on = date(2025, 6, 12)
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="plan.pdf"))
