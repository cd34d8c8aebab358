"""Every model that accepts files, uploaded the way people upload them: the stored name comes
from the content and cannot be guessed, no response can run in the browser, and a private
file answers 404 to whoever may not see the object it belongs to (issue 12, defects 1-2)."""

from __future__ import annotations

import io
import re
import struct
import zlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import services as agreement_services
from innobridge.agreements.choices import MilestoneStatus, Visibility
from innobridge.agreements.models import Milestone
from innobridge.agreements.tests.factories import MilestoneFactory
from innobridge.core.files import move_to_unguessable_names
from innobridge.marketplace.models import Attachment
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.news import services as news_services
from innobridge.news.tests.factories import ArticleFactory
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# The probe of issue 12: a PDF signature, then a script, uploaded under an .html name.
HOSTILE_PDF = b"%PDF-1.4\n<script>document.title='owned'</script>\n%%EOF\n"
TOKEN = r"[A-Za-z0-9_-]{24}"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def gif_with_script() -> bytes:
    """A real GIF with HTML after it: a browser sniffing it would find the script."""
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue() + b"<html><script>document.title='owned'</script></html>"


def decompression_bomb_png() -> bytes:
    """A PNG header claiming 20,000 x 20,000 pixels: Pillow refuses to open it at all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def assert_served_safely(response, *, content_type: str, body: bytes) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert b"".join(response.streaming_content) == body


def editor_of(organization):
    return UserFactory(organization=organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def outsider(db):
    return editor_of(OrganizationFactory())


# --- Listing attachments --------------------------------------------------------------------


def upload_attachment(client, listing, name: str, content: bytes):
    return client.post(
        f"/en/marketplace/{listing.pk}/attachments/", {"file": SimpleUploadedFile(name, content)}
    )


def test_attachment_named_html_is_stored_and_served_as_the_pdf_it_is(client, organization, member):
    listing = ListingFactory(owner=organization)
    client.force_login(member)

    upload_attachment(client, listing, "brochure.html", HOSTILE_PDF)

    attachment = Attachment.objects.get(listing=listing)
    assert re.fullmatch(rf"listings/{listing.pk}/{TOKEN}\.pdf", attachment.file.name)
    assert attachment.file.url == f"/files/marketplace.attachment/{attachment.pk}/file/"
    response = client.get(attachment.file.url)
    assert_served_safely(response, content_type="application/pdf", body=HOSTILE_PDF)
    assert response["Content-Disposition"] == 'inline; filename="brochure.pdf"'


def test_attachment_gif_with_a_script_is_served_as_an_image(client, organization, member):
    listing = ListingFactory(owner=organization)
    client.force_login(member)
    content = gif_with_script()

    upload_attachment(client, listing, "picture.svg.html", content)

    attachment = Attachment.objects.get(listing=listing)
    assert re.fullmatch(rf"listings/{listing.pk}/{TOKEN}\.gif", attachment.file.name)
    assert_served_safely(client.get(attachment.file.url), content_type="image/gif", body=content)


def test_attachment_of_a_draft_listing_is_404_to_everyone_but_owner_and_secretariat(
    client, organization, member, outsider, secretariat
):
    listing = ListingFactory(owner=organization, draft=True)
    client.force_login(member)
    upload_attachment(client, listing, "spec.pdf", HOSTILE_PDF)
    url = Attachment.objects.get(listing=listing).file.url
    client.logout()

    assert client.get(f"/en/marketplace/{listing.pk}/").status_code == 404
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_attachment_of_a_published_listing_is_public(client, organization, member):
    listing = ListingFactory(owner=organization)
    client.force_login(member)
    upload_attachment(client, listing, "spec.pdf", HOSTILE_PDF)
    client.logout()

    page = client.get(f"/en/marketplace/{listing.pk}/").content.decode()
    url = Attachment.objects.get(listing=listing).file.url
    assert f'href="{url}"' in page
    assert client.get(url).status_code == 200


def test_attachment_decompression_bomb_is_refused_with_a_message(client, organization, member):
    listing = ListingFactory(owner=organization)
    client.force_login(member)

    response = upload_attachment(client, listing, "bomb.png", decompression_bomb_png())

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "The image has too many pixels." in page
    assert Attachment.objects.count() == 0


# --- Agreements: signed documents and milestone evidence ------------------------------------


def agreement_between(organization, other_organization, visibility: str):
    return agreement_services.agreement_create(
        actor=UserFactory(role=Role.SECRETARIAT),
        data={
            "title": "Licence of the membrane process",
            "agreement_type": "technology_transfer",
            "visibility": visibility,
            "signed_on": date(2025, 6, 12),
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
        },
        parties=[
            agreement_services.PartyInput(organization, "lead"),
            agreement_services.PartyInput(other_organization, "partner"),
        ],
        confirm_all=True,
    )


def upload_evidence(client, agreement, milestone, name: str, content: bytes):
    return client.post(
        f"/en/agreements/{agreement.pk}/milestones/{milestone.pk}/done/",
        {"completed_on": "2026-01-15", "evidence_file": SimpleUploadedFile(name, content)},
    )


def test_evidence_named_html_is_stored_as_pdf_and_private_to_the_parties(
    client, organization, other_organization, member, outsider, secretariat
):
    agreement = agreement_between(organization, other_organization, Visibility.PARTIES)
    milestone = MilestoneFactory(agreement=agreement, responsible=organization)
    client.force_login(member)

    upload_evidence(client, agreement, milestone, "minutes.html", HOSTILE_PDF)

    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE
    assert re.fullmatch(
        rf"agreements/evidence/{agreement.pk}/{TOKEN}\.pdf", milestone.evidence_file.name
    )
    url = milestone.evidence_file.url
    assert url == f"/files/agreements.milestone/{milestone.pk}/evidence_file/"
    assert_served_safely(client.get(url), content_type="application/pdf", body=HOSTILE_PDF)
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(f"/en/agreements/{agreement.pk}/").status_code == 404
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_evidence_of_a_public_agreement_stays_with_the_parties(
    client, organization, other_organization, member
):
    agreement = agreement_between(organization, other_organization, Visibility.PUBLIC)
    milestone = MilestoneFactory(agreement=agreement, responsible=organization)
    client.force_login(member)
    upload_evidence(client, agreement, milestone, "minutes.pdf", HOSTILE_PDF)
    milestone.refresh_from_db()
    client.logout()

    page = client.get(f"/en/agreements/{agreement.pk}/")
    assert page.status_code == 200
    assert milestone.title in page.content.decode()
    assert milestone.evidence_file.url not in page.content.decode()
    assert client.get(milestone.evidence_file.url).status_code == 404


def test_evidence_decompression_bomb_is_refused_with_a_message(
    client, organization, other_organization, member
):
    agreement = agreement_between(organization, other_organization, Visibility.PUBLIC)
    milestone = MilestoneFactory(agreement=agreement, responsible=organization)
    client.force_login(member)

    response = upload_evidence(client, agreement, milestone, "bomb.png", decompression_bomb_png())

    assert response.status_code == 200
    assert "The image has too many pixels." in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.evidence_file.name) == (MilestoneStatus.PLANNED, "")
    assert Milestone.objects.filter(status=MilestoneStatus.DONE).count() == 0


def upload_signed_document(client, agreement, name: str, content: bytes):
    form = {
        "title": agreement.title, "language": "en", "agreement_type": "technology_transfer",
        "visibility": agreement.visibility, "signed_on": "2025-06-12",
        "starts_on": "2025-01-01", "ends_on": "2027-12-31",
        "document": SimpleUploadedFile(name, content),
    }  # fmt: skip
    return client.post(f"/en/agreements/{agreement.pk}/edit/", form)


def test_signed_document_of_a_parties_only_agreement_is_404_to_others(
    client, organization, other_organization, member, outsider
):
    agreement = agreement_between(organization, other_organization, Visibility.PARTIES)
    client.force_login(member)

    assert upload_signed_document(client, agreement, "signed.html", HOSTILE_PDF).status_code == 302

    agreement.refresh_from_db()
    assert re.fullmatch(rf"agreements/documents/{TOKEN}\.pdf", agreement.document.name)
    url = agreement.document.url
    assert url == f"/files/agreements.agreement/{agreement.pk}/document/"
    assert_served_safely(client.get(url), content_type="application/pdf", body=HOSTILE_PDF)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_signed_document_of_a_public_agreement_is_seen_with_its_page(
    client, organization, other_organization, member
):
    agreement = agreement_between(organization, other_organization, Visibility.PUBLIC)
    client.force_login(member)
    upload_signed_document(client, agreement, "signed.pdf", HOSTILE_PDF)
    agreement.refresh_from_db()
    client.logout()

    page = client.get(f"/en/agreements/{agreement.pk}/").content.decode()
    assert f'href="{agreement.document.url}"' in page
    assert client.get(agreement.document.url).status_code == 200


# --- News: the documents library and cover images ------------------------------------------


def test_library_document_named_html_is_stored_and_served_as_pdf(client, api_client, secretariat):
    document = news_services.document_create(
        actor=secretariat,
        data={
            "kind": "construction_plan",
            "title": "Plan",
            "language": "en",
            "version": "1.0",
            "issued_on": date(2025, 6, 12),
        },
        file=SimpleUploadedFile("plan.html", HOSTILE_PDF),
    )

    assert re.fullmatch(rf"news/documents/{TOKEN}\.pdf", document.file.name)
    url = f"/files/news.document/{document.pk}/file/"
    assert client.get(f"/en/news/documents/{document.pk}/").url == url
    assert_served_safely(client.get(url), content_type="application/pdf", body=HOSTILE_PDF)
    listed = api_client.get("/api/v1/news/documents/").json()["results"]
    assert [row["file"] for row in listed] == [f"http://testserver{url}"]


def test_cover_of_a_draft_article_is_404_to_visitors(client, secretariat):
    article = ArticleFactory(draft=True)
    article.cover_image.save("cover.html", ContentFile(png_bytes()), save=True)

    assert re.fullmatch(rf"news/covers/{TOKEN}\.png", article.cover_image.name)
    url = article.cover_image.url
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    assert_served_safely(client.get(url), content_type="image/png", body=png_bytes())


# --- Logos: public, under /media/logos/ only ----------------------------------------------


def test_logo_is_stored_with_its_content_extension_and_served_as_an_image(
    client, organization, member
):
    from innobridge.organizations.tests.test_views import edit_url, valid_edit_data

    client.force_login(member)
    logo = SimpleUploadedFile("logo.gif", png_bytes())  # the form refuses non-image names

    assert client.post(edit_url(organization), valid_edit_data(logo=logo)).status_code == 302

    organization.refresh_from_db()
    assert organization.logo.name == "logos/VN/hanoi_university_of_.png"
    client.logout()
    response = client.get(organization.logo.url)
    assert_served_safely(response, content_type="image/png", body=png_bytes())


def test_media_url_serves_nothing_but_logos(client, organization, member, settings):
    listing = ListingFactory(owner=organization)
    client.force_login(member)
    upload_attachment(client, listing, "spec.pdf", HOSTILE_PDF)
    name = Attachment.objects.get().file.name
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "secret.txt").write_text("secret")

    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/logos/../secret.txt").status_code == 404
    assert client.get("/media/logos/%2e%2e/secret.txt").status_code == 404
    assert client.get("/media/logos/missing.png").status_code == 404


# --- The serving view itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/files/accounts.user/1/password/",  # not a file field
        "/files/marketplace.attachment/1/listing/",  # not a file field either
        "/files/organizations.organization/1/logo/",  # a public file: served under /media/
        "/files/nosuch.model/1/file/",
        "/files/marketplace.attachment/99999999999999999999/file/",
    ],
)
def test_file_view_answers_404_for_anything_but_a_protected_file(client, secretariat, url):
    client.force_login(secretariat)
    assert client.get(url).status_code == 404


def test_file_view_hands_the_bytes_to_nginx_when_configured(client, organization, member, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/internal-media/"
    listing = ListingFactory(owner=organization)
    client.force_login(member)
    upload_attachment(client, listing, "brochure.html", HOSTILE_PDF)
    attachment = Attachment.objects.get()

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{attachment.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="brochure.pdf"'
    assert response.content == b""


def test_a_file_stored_under_the_old_scheme_is_served_as_its_content_and_renamed(
    client, organization, member
):
    listing = ListingFactory(owner=organization)
    old_name = f"listings/{listing.pk}/pdf-20261201.html"
    attachment = Attachment.objects.create(
        listing=listing, file=old_name, kind="pdf", original_name="brochure.html", size=10
    )
    attachment.file.storage.save(old_name, ContentFile(HOSTILE_PDF))
    client.force_login(member)

    assert_served_safely(
        client.get(attachment.file.url), content_type="application/pdf", body=HOSTILE_PDF
    )
    moved = move_to_unguessable_names(Attachment, "file", lambda a: f"listings/{a.listing_id}")

    attachment.refresh_from_db()
    assert moved == 1
    assert re.fullmatch(rf"listings/{listing.pk}/{TOKEN}\.pdf", attachment.file.name)
    assert not attachment.file.storage.exists(old_name)
    assert attachment.file.read() == HOSTILE_PDF
    assert move_to_unguessable_names(Attachment, "file", lambda a: "x") == 0
