"""Pages of the member directory: directory, organization page, edit, change log, membership
application and the secretariat's application queue."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import PASSWORD, UserFactory
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.organizations import selectors, services
from innobridge.organizations.choices import (
    ApplicationStatus,
    MembershipStatus,
    OrganizationType,
)
from innobridge.organizations.models import ContactPerson, MembershipApplication, Organization
from innobridge.organizations.tests.factories import (
    ContactPersonFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY_URL = "/en/organizations/"
APPLY_URL = "/en/organizations/apply/"
APPLY_SENT_URL = "/en/organizations/apply/sent/"
APPLICATIONS_URL = "/en/organizations/applications/"
DUPLICATE_MESSAGE = "An organization with this name is already registered in this country."
User = get_user_model()


def detail_url(organization: Organization) -> str:
    return f"/en/organizations/{organization.pk}/"


def edit_url(organization: Organization) -> str:
    return f"/en/organizations/{organization.pk}/edit/"


def history_url(organization: Organization) -> str:
    return f"/en/organizations/{organization.pk}/history/"


def decide_url(application: MembershipApplication) -> str:
    return f"/en/organizations/applications/{application.pk}/decide/"


def listed_names(response) -> list[str]:
    return [organization.name for organization in response.context["page"].object_list]


def row(organization: Organization) -> dict:
    """The organization's whole database row and its sectors, to show nothing changed."""
    values = Organization.objects.values().get(pk=organization.pk)
    values["sectors"] = sorted(organization.sectors.values_list("code", flat=True))
    return values


def application_row(application: MembershipApplication) -> dict:
    return MembershipApplication.objects.values().get(pk=application.pk)


def png_bytes(size: tuple[int, int] = (16, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def error_codes(response, field: str) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


# --- directory ---------------------------------------------------------------------------


def test_directory_renders_every_listed_organization(client):
    OrganizationFactory(name="Zhongguancun", country="CN")
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN")

    response = client.get(DIRECTORY_URL)

    assert response.status_code == 200
    assert listed_names(response) == ["Hoa Lac Hi-Tech Park", "Zhongguancun"]
    assert "Hoa Lac Hi-Tech Park" in response.content.decode()


def test_directory_hides_applicants_from_visitors(client):
    OrganizationFactory(name="Listed Park")
    OrganizationFactory(name="Hopeful Park", membership_status=MembershipStatus.APPLICANT)

    response = client.get(DIRECTORY_URL)

    assert response.status_code == 200
    assert listed_names(response) == ["Listed Park"]
    assert "Listed Park" in response.content.decode()
    assert "Hopeful Park" not in response.content.decode()


def test_directory_filters_by_country(client):
    OrganizationFactory(name="Zhongguancun", country="CN")
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN")

    response = client.get(DIRECTORY_URL, {"country": "VN"})

    assert listed_names(response) == ["Hoa Lac Hi-Tech Park"]


def test_directory_filters_by_type(client):
    OrganizationFactory(name="Park", type=OrganizationType.SCIENCE_PARK)
    OrganizationFactory(name="University", type=OrganizationType.UNIVERSITY)

    response = client.get(DIRECTORY_URL, {"type": "university"})

    assert listed_names(response) == ["University"]


def test_directory_filters_by_sector(client):
    OrganizationFactory(name="AI Lab").sectors.set(
        Sector.objects.filter(code__in=["artificial-intelligence", "digital-economy"])
    )
    OrganizationFactory(name="Farm Institute").sectors.set([Sector.objects.get(code="agriculture")])

    response = client.get(DIRECTORY_URL, {"sector": "artificial-intelligence"})

    assert listed_names(response) == ["AI Lab"]


def test_directory_filters_by_status(client):
    OrganizationFactory(name="Full Member", membership_status=MembershipStatus.MEMBER)
    OrganizationFactory(name="Watcher", membership_status=MembershipStatus.OBSERVER)

    response = client.get(DIRECTORY_URL, {"status": "observer"})

    assert listed_names(response) == ["Watcher"]


def test_directory_search_with_traditional_chinese_finds_simplified_name(client):
    OrganizationFactory(name="绵阳科技城", name_language="zh-hans", country="CN")
    OrganizationFactory(name="Zhongguancun", country="CN")

    response = client.get(DIRECTORY_URL, {"q": "綿陽"})

    assert listed_names(response) == ["绵阳科技城"]


def test_directory_search_without_accents_finds_translated_name(client):
    OrganizationFactory(
        name="Khu Công nghệ cao Hòa Lạc",
        name_language="vi",
        translated_names={"en": "Hoa Lac Hi-Tech Park, Hà Nội"},
    )
    OrganizationFactory(name="Saigon Hi-Tech Park")

    response = client.get(DIRECTORY_URL, {"q": "ha noi"})

    assert listed_names(response) == ["Khu Công nghệ cao Hòa Lạc"]


def test_directory_sorts_by_name_case_insensitively(client):
    OrganizationFactory(name="beta Park")
    OrganizationFactory(name="Alpha Park")
    OrganizationFactory(name="Gamma Park")

    response = client.get(DIRECTORY_URL, {"sort": "name"})

    assert listed_names(response) == ["Alpha Park", "beta Park", "Gamma Park"]


def test_directory_sorts_by_newest_member_first(client):
    OrganizationFactory(name="Old", joined_on=datetime.date(2020, 1, 1))
    OrganizationFactory(name="New", joined_on=datetime.date(2025, 1, 1))
    OrganizationFactory(name="Middle", joined_on=datetime.date(2023, 1, 1))

    response = client.get(DIRECTORY_URL, {"sort": "newest"})

    assert listed_names(response) == ["New", "Middle", "Old"]


def test_directory_sorts_members_without_a_joining_date_last_among_newest(client):
    OrganizationFactory(name="Old", joined_on=datetime.date(2020, 1, 1))
    OrganizationFactory(name="Undated", joined_on=None, membership_status="observer")
    OrganizationFactory(name="New", joined_on=datetime.date(2025, 1, 1))

    response = client.get(DIRECTORY_URL, {"sort": "newest"})

    assert listed_names(response) == ["New", "Old", "Undated"]


def test_directory_sorts_by_country_then_name(client):
    OrganizationFactory(name="Zeta", country="CN")
    OrganizationFactory(name="Alpha", country="VN")
    OrganizationFactory(name="Beta", country="CN")

    response = client.get(DIRECTORY_URL, {"sort": "country"})

    assert listed_names(response) == ["Beta", "Zeta", "Alpha"]


def test_directory_sorts_by_country_with_a_sector_filter(client):
    aerospace = Sector.objects.get(code="aerospace")
    for name, country in [("Zeta", "CN"), ("Alpha", "VN"), ("Beta", "CN")]:
        OrganizationFactory(name=name, country=country).sectors.set([aerospace])

    response = client.get(DIRECTORY_URL, {"sort": "country", "sector": "aerospace"})

    assert listed_names(response) == ["Beta", "Zeta", "Alpha"]


def test_directory_paginates_24_a_page(client):
    for number in range(30):
        OrganizationFactory(name=f"Park {number:02d}")

    first = client.get(DIRECTORY_URL)
    second = client.get(DIRECTORY_URL, {"page": 2})

    assert listed_names(first) == [f"Park {number:02d}" for number in range(24)]
    assert listed_names(second) == [f"Park {number:02d}" for number in range(24, 30)]
    assert "Page 2 of 2" in second.content.decode()


def test_directory_pagination_links_keep_the_filters(client):
    for number in range(30):
        OrganizationFactory(name=f"Park {number:02d}", country="VN")

    response = client.get(DIRECTORY_URL, {"country": "VN", "page": 1})

    assert 'href="?country=VN&amp;page=2"' in response.content.decode()


def test_directory_with_an_invalid_country_shows_an_error_and_no_results(client):
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN")

    response = client.get(DIRECTORY_URL, {"country": "XX"})

    assert response.status_code == 400  # the page, with the form's message
    assert listed_names(response) == []
    assert [error.code for error in response.context["filterset"].errors["country"].as_data()] == [
        "invalid_choice"
    ]
    content = response.content.decode()
    assert '<p class="error">Select a valid choice. XX is not one of the available choices.' in (
        content
    )
    assert "Hoa Lac Hi-Tech Park" not in content


def test_directory_htmx_request_returns_only_the_results(client):
    OrganizationFactory(name="Hoa Lac Hi-Tech Park")

    response = client.get(DIRECTORY_URL, {"q": "hoa"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert '<p class="result-count">1 organization</p>' in content
    assert "Hoa Lac Hi-Tech Park" in content


def test_directory_full_page_contains_the_filter_form(client):
    response = client.get(DIRECTORY_URL)

    content = response.content.decode()
    assert "<html" in content
    assert '<form class="filters"' in content


def _create_listed(count: int) -> None:
    sectors = list(Sector.objects.order_by("sort_order")[:2])
    for _index in range(count):
        OrganizationFactory().sectors.set(sectors)


@pytest.mark.parametrize("who", ["visitor", "member", "secretariat"])
def test_directory_query_count_does_not_grow_with_rows(client, member, secretariat, who):
    if who != "visitor":
        client.force_login(member if who == "member" else secretariat)

    result = assert_list_queries_do_not_grow(
        lambda: client.get(DIRECTORY_URL),
        add_rows=_create_listed,
        shown=lambda response: len(listed_names(response)),
        few=3,
        many=30,
    )

    assert result.shown == (4, 24)  # and the member's organization, listed for everyone


def test_home_page_query_count_does_not_grow_with_newest_members(client):
    result = assert_list_queries_do_not_grow(
        lambda: client.get("/en/"),
        add_rows=_create_listed,
        shown=lambda response: len(response.context["newest"]),
    )

    assert result.shown == (2, 6)


def test_directory_query_count_is_bounded_for_members(
    client, member, django_assert_max_num_queries
):
    _create_listed(30)
    client.force_login(member)

    with django_assert_max_num_queries(10):
        response = client.get(DIRECTORY_URL, {"sector": "artificial-intelligence", "page": 2})

    assert len(listed_names(response)) == 6  # 30 match; the member's own has no sector


# --- organization page -------------------------------------------------------------------


def test_detail_hides_contact_emails_from_visitors(client, organization):
    ContactPersonFactory(organization=organization, email="desk@hoalac.example")

    response = client.get(detail_url(organization))

    assert response.status_code == 200
    content = response.content.decode()
    assert "desk@hoalac.example" not in content
    assert "as a member to see the contact people." in content
    assert response.context["contacts"] == []


def test_detail_shows_contact_emails_to_signed_in_members(client, member, other_organization):
    ContactPersonFactory(organization=other_organization, email="desk@hoalac.example")
    client.force_login(member)

    response = client.get(detail_url(other_organization))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="mailto:desk@hoalac.example"' in content
    assert "as a member to see the contact people." not in content


def test_detail_of_an_applicant_is_not_found_for_visitors(client):
    hopeful = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)

    response = client.get(detail_url(hopeful))

    assert response.status_code == 404


def test_detail_query_count_is_bounded(
    client, member, other_organization, django_assert_max_num_queries
):
    other_organization.sectors.set(Sector.objects.all())
    for _index in range(5):
        ContactPersonFactory(organization=other_organization)
    client.force_login(member)

    with django_assert_max_num_queries(10):
        response = client.get(detail_url(other_organization))

    assert len(response.context["contacts"]) == 5


def test_detail_query_count_does_not_grow_with_agreements_and_contacts(
    client, member, other_organization
):
    client.force_login(member)
    sectors = list(Sector.objects.order_by("sort_order")[:2])

    def add_rows(count: int) -> None:
        for _index in range(count):
            ContactPersonFactory(organization=other_organization, is_primary=False)
            AgreementFactory(
                parties=[other_organization, OrganizationFactory(), OrganizationFactory()],
                sectors=sectors,
            )

    def shown(response) -> tuple[int, int]:
        return (len(response.context["contacts"]), len(response.context["agreements"]))

    result = assert_list_queries_do_not_grow(
        lambda: client.get(detail_url(other_organization)),
        add_rows=add_rows,
        shown=lambda response: sum(shown(response)),
    )

    assert (shown(result.few), shown(result.many)) == ((2, 2), (6, 6))


# --- edit --------------------------------------------------------------------------------


def valid_edit_data(**overrides) -> dict:
    data = {
        "type": OrganizationType.UNIVERSITY,
        "name": "Hanoi University of Science and Technology",
        "name_language": "en",
        "country": "VN",
        "city": "Hanoi",
        "region": "",
        "short_name": "HUST",
        "website": "https://hust.example",
        "description": "Engineering and technology.",
        "sectors": [Sector.objects.get(code="advanced-manufacturing").pk],
        "name_vi": "Đại học Bách khoa Hà Nội",
    }
    data.update(overrides)
    return data


def test_edit_page_of_another_organization_is_forbidden_to_a_member_editor(
    client, member, other_organization
):
    client.force_login(member)

    response = client.get(edit_url(other_organization))

    assert response.status_code == 403


def test_edit_post_on_another_organization_is_forbidden_and_changes_nothing(
    client, member, other_organization
):
    before = row(other_organization)
    history_before = other_organization.history.count()
    client.force_login(member)

    response = client.post(edit_url(other_organization), valid_edit_data())

    assert response.status_code == 403
    assert row(other_organization) == before
    assert other_organization.history.count() == history_before


def test_edit_page_redirects_a_visitor_to_sign_in(client, organization):
    before = row(organization)

    get = client.get(edit_url(organization))
    post = client.post(edit_url(organization), valid_edit_data())

    expected = f"/en/accounts/login/?next=/en/organizations/{organization.pk}/edit/"
    assert (get.status_code, get.url) == (302, expected)
    assert (post.status_code, post.url) == (302, expected)
    assert row(organization) == before


def test_edit_page_of_own_organization_renders_for_a_member_editor(client, member, organization):
    client.force_login(member)

    response = client.get(edit_url(organization))

    assert response.status_code == 200
    assert sorted(response.context["form"].fields) == sorted(
        [
            "type", "name", "name_language", "short_name", "country", "region", "city",
            "latitude", "longitude", "sectors", "website", "description", "logo",
            "name_en", "name_zh_hans", "name_zh_hant", "name_vi", "name_ru", "name_ar",
        ]
    )  # fmt: skip


def test_edit_post_on_own_organization_saves_and_redirects(client, member, organization):
    client.force_login(member)

    response = client.post(edit_url(organization), valid_edit_data())

    assert (response.status_code, response.url) == (302, detail_url(organization))
    organization.refresh_from_db()
    assert (
        organization.type,
        organization.name,
        organization.short_name,
        organization.country,
        organization.city,
        organization.website,
        organization.description,
        organization.translated_names,
        list(organization.sectors.values_list("code", flat=True)),
        organization.membership_status,
    ) == (
        "university",
        "Hanoi University of Science and Technology",
        "HUST",
        "VN",
        "Hanoi",
        "https://hust.example",
        "Engineering and technology.",
        {"vi": "Đại học Bách khoa Hà Nội"},
        ["advanced-manufacturing"],
        "member",
    )
    assert organization.history.latest().history_user == member


def test_edit_post_by_a_member_editor_cannot_change_membership_status(client, member, organization):
    client.force_login(member)

    client.post(
        edit_url(organization),
        valid_edit_data(membership_status="suspended", roles=["founding_member"]),
    )

    organization.refresh_from_db()
    assert (organization.membership_status, organization.roles) == ("member", [])


def test_edit_post_by_the_secretariat_changes_membership_status(client, secretariat, organization):
    client.force_login(secretariat)

    response = client.post(
        edit_url(organization),
        valid_edit_data(membership_status="observer", joined_on="2024-02-03", roles=["partner"]),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.membership_status, organization.joined_on, organization.roles) == (
        "observer",
        datetime.date(2024, 2, 3),
        ["partner"],
    )


def test_edit_post_with_a_valid_png_logo_saves_it(client, member, organization):
    client.force_login(member)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")

    response = client.post(edit_url(organization), valid_edit_data(logo=logo))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name == "logos/VN/hanoi_university_of_.png"


def test_edit_post_without_changes_records_no_history(client, member, organization):
    client.force_login(member)
    client.post(edit_url(organization), valid_edit_data())
    history_before = organization.history.count()
    before = row(organization)

    response = client.post(edit_url(organization), valid_edit_data())

    assert response.status_code == 302
    assert organization.history.count() == history_before
    assert row(organization) == before


def _assert_rejected(response, organization, before, field, codes) -> None:
    assert response.status_code == 200
    assert error_codes(response, field) == codes
    assert row(organization) == before


def test_edit_post_with_invalid_country_is_rejected(client, member, organization):
    before = row(organization)
    client.force_login(member)

    response = client.post(edit_url(organization), valid_edit_data(country="XX"))

    _assert_rejected(response, organization, before, "country", ["invalid_choice"])


def test_edit_post_without_required_fields_is_rejected(client, member, organization):
    before = row(organization)
    client.force_login(member)

    response = client.post(edit_url(organization), {"city": "Hanoi"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["country", "name", "name_language", "type"]
    assert row(organization) == before


def test_edit_post_with_a_text_file_named_png_is_rejected(client, member, organization):
    before = row(organization)
    client.force_login(member)
    logo = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")

    response = client.post(edit_url(organization), valid_edit_data(logo=logo))

    _assert_rejected(response, organization, before, "logo", ["invalid_image"])


def test_edit_post_with_an_svg_logo_is_rejected(client, member, organization):
    before = row(organization)
    client.force_login(member)
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
    )
    logo = SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")

    response = client.post(edit_url(organization), valid_edit_data(logo=logo))

    _assert_rejected(response, organization, before, "logo", ["invalid_image"])


def test_edit_post_with_a_too_large_png_is_rejected(client, member, organization, settings):
    content = png_bytes((64, 64))
    settings.LOGO_MAX_BYTES = len(content) - 1
    before = row(organization)
    client.force_login(member)
    logo = SimpleUploadedFile("logo.png", content, content_type="image/png")

    response = client.post(edit_url(organization), valid_edit_data(logo=logo))

    _assert_rejected(response, organization, before, "logo", ["file_too_large"])


def test_edit_post_with_a_name_taken_in_the_country_is_rejected(client, member, organization):
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN")
    before = row(organization)
    client.force_login(member)

    response = client.post(
        edit_url(organization), valid_edit_data(name="hoa lac HI-TECH park", country="VN")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [DUPLICATE_MESSAGE]
    assert row(organization) == before


# --- change log --------------------------------------------------------------------------


def test_history_page_is_forbidden_to_a_member_editor(client, member, organization):
    client.force_login(member)

    response = client.get(history_url(organization))

    assert response.status_code == 403


def test_history_page_redirects_a_visitor_to_sign_in(client, organization):
    response = client.get(history_url(organization))

    assert response.status_code == 302
    assert response.url == f"/en/accounts/login/?next={history_url(organization)}"


def test_history_page_shows_the_secretariat_who_changed_what(
    client, secretariat, member, organization
):
    member.first_name, member.last_name = "Tran", "Minh Chau"
    member.save()
    services.organization_update(
        organization=organization, actor=member, data={"city": "Hai Phong"}
    )
    client.force_login(secretariat)

    response = client.get(history_url(organization))

    assert response.status_code == 200
    latest = response.context["page"].object_list[0]
    assert (latest.who, latest.kind, [(c.old, c.new) for c in latest.changes]) == (
        "Tran Minh Chau",
        "~",
        [("Hanoi", "Hai Phong")],
    )
    assert "Tran Minh Chau" in response.content.decode()


def test_history_page_names_the_sectors_changed_through_the_edit_form(
    client, secretariat, member, organization
):
    client.force_login(member)
    client.post(edit_url(organization), valid_edit_data())
    client.force_login(secretariat)

    response = client.get(history_url(organization))

    assert response.status_code == 200
    latest = response.context["page"].object_list[0]
    assert (latest.who, [change.field for change in latest.changes]) == (str(member), ["sectors"])
    # The secretariat reads sector names, not the rows of the M2M table.
    assert "Advanced manufacturing" in response.content.decode()
    assert "organization&#x27;:" not in response.content.decode()


def _record_changes(organization: Organization, actor, count: int) -> None:
    for number in range(count):
        services.organization_update(
            organization=organization, actor=actor, data={"city": f"City {number}"}
        )


def test_history_page_query_count_does_not_grow_with_entries(
    client, secretariat, member, organization
):
    client.force_login(secretariat)

    result = assert_list_queries_do_not_grow(
        lambda: client.get(history_url(organization)),
        add_rows=lambda count: _record_changes(organization, member, count),
        shown=lambda response: len(response.context["page"].object_list),
        few=3,
        many=23,
    )

    assert result.shown == (4, 24)  # created + 3 changes, created + 23 changes


# --- membership application --------------------------------------------------------------


def application_data(**overrides) -> dict:
    data = {
        "type": OrganizationType.SCIENCE_PARK,
        "name": "Mianyang Science City",
        "name_language": "en",
        "country": "CN",
        "region": "Sichuan",
        "city": "Mianyang",
        "website": "https://mianyang.example",
        "sectors": [Sector.objects.get(code="aerospace").pk],
        "description": "A science city in Sichuan.",
        "motivation": "We want to share our pilot base.",
        "contact_name": "Li Wei Ming",
        "contact_position": "Director of cooperation",
        "contact_phone": "+86 816 000 0000",
        "email": "li.wei@mianyang.example",
        "password": PASSWORD,
        "name_zh_hans": "绵阳科技城",
    }
    data.update(overrides)
    return data


def test_apply_page_renders_for_visitors(client):
    response = client.get(APPLY_URL)

    assert response.status_code == 200


def _confirmation_link(mail) -> str:
    return next(line for line in mail.body.splitlines() if "/apply/confirm/" in line).strip()


def test_apply_creates_an_applicant_with_user_contact_and_application(
    client, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, application_data())

    organization = Organization.objects.get(name="Mianyang Science City")
    assert (response.status_code, response.url) == (302, APPLY_SENT_URL)
    assert (
        organization.membership_status,
        organization.type,
        organization.country,
        organization.region,
        organization.city,
        organization.website,
        organization.translated_names,
        list(organization.sectors.values_list("code", flat=True)),
        organization.joined_on,
    ) == (
        "applicant",
        "science_park",
        "CN",
        "Sichuan",
        "Mianyang",
        "https://mianyang.example",
        {"zh-hans": "绵阳科技城"},
        ["aerospace"],
        None,
    )
    user = User.objects.get(email="li.wei@mianyang.example")
    assert (user.first_name, user.last_name, user.role, user.organization, user.is_active) == (
        "Li",
        "Wei Ming",
        Role.MEMBER_EDITOR,
        organization,
        False,  # until the address is confirmed
    )
    assert user.check_password(PASSWORD)
    assert list(
        ContactPerson.objects.filter(organization=organization).values(
            "name", "position", "email", "phone", "is_primary"
        )
    ) == [
        {
            "name": "Li Wei Ming",
            "position": "Director of cooperation",
            "email": "li.wei@mianyang.example",
            "phone": "+86 816 000 0000",
            "is_primary": True,
        }
    ]
    application = MembershipApplication.objects.get(organization=organization)
    assert (application.status, application.applicant, application.motivation) == (
        ApplicationStatus.PENDING,
        user,
        "We want to share our pilot base.",
    )
    assert application.email_confirmed_at is None
    assert "_auth_user_id" not in client.session
    # Only the applicant hears of it, with the link; the secretariat once it is confirmed.
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["li.wei@mianyang.example"], "Confirm your membership application")
    ]
    assert list(selectors.applications_pending()) == []


def test_the_link_opens_the_account_signs_in_and_tells_the_secretariat(
    client, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, application_data())
    link = _confirmation_link(mailoutbox[0])
    organization = Organization.objects.get(name="Mianyang Science City")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)
        again = client.get(link)

    user = User.objects.get(email="li.wei@mianyang.example")
    assert (response.status_code, response.url) == (302, detail_url(organization))
    assert again.status_code == 302  # a second click changes nothing
    assert user.is_active is True
    assert client.session["_auth_user_id"] == str(user.pk)
    assert [app.organization for app in selectors.applications_pending()] == [organization]
    assert [(mail.to, mail.subject) for mail in mailoutbox[1:]] == [
        ([secretariat.email], "New membership application: Mianyang Science City")
    ]
    assert mailoutbox[1].body == "Mianyang Science City (CN) applied to join the alliance."


def test_a_tampered_or_expired_link_is_refused_and_opens_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, application_data())
    link = _confirmation_link(mailoutbox[0])
    application = MembershipApplication.objects.get()
    with monkeypatch.context() as past:  # a link made four days ago
        four_days_ago = time.time() - 4 * 24 * 3600
        past.setattr("django.core.signing.time.time", lambda: four_days_ago)
        old_token = signing.dumps(application.pk, salt=services.APPLICATION_LINK_SALT)

    tampered = client.get(link.replace("/confirm/", "/confirm/x"))
    expired = client.get(f"/en/organizations/apply/confirm/{old_token}/")

    assert tampered.status_code == 400
    assert "This link is not valid." in tampered.content.decode()
    assert expired.status_code == 400
    assert "This link has expired" in expired.content.decode()
    assert User.objects.get(email="li.wei@mianyang.example").is_active is False


def test_a_late_or_repeated_application_gets_a_new_link_not_a_dead_end(
    client, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, application_data())
    application = MembershipApplication.objects.get()
    with monkeypatch.context() as past:
        four_days_ago = time.time() - 4 * 24 * 3600
        past.setattr("django.core.signing.time.time", lambda: four_days_ago)
        old_token = signing.dumps(application.pk, salt=services.APPLICATION_LINK_SALT)

    with django_capture_on_commit_callbacks(execute=True):
        expired = client.get(f"/en/organizations/apply/confirm/{old_token}/")
        again = client.post(APPLY_URL, application_data(name="Mianyang Science City 2"))

    assert "we sent a new one" in expired.content.decode()
    assert (again.status_code, again.url) == (302, APPLY_SENT_URL)
    assert [mail.subject for mail in mailoutbox] == ["Confirm your membership application"] * 3
    assert Organization.objects.filter(name="Mianyang Science City 2").exists() is False
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.get(_confirmation_link(mailoutbox[2]))
    assert confirmed.status_code == 302
    assert User.objects.get(email="li.wei@mianyang.example").is_active is True


def test_apply_by_a_signed_in_user_redirects_and_creates_nothing(client, member):
    client.force_login(member)
    organizations_before = Organization.objects.count()

    response = client.post(APPLY_URL, application_data())

    assert (response.status_code, response.url) == (302, DIRECTORY_URL)
    assert Organization.objects.count() == organizations_before
    assert MembershipApplication.objects.count() == 0


def _assert_nothing_created(users_before: int, organizations_before: int, mailoutbox) -> None:
    assert User.objects.count() == users_before
    assert Organization.objects.count() == organizations_before
    assert ContactPerson.objects.count() == 0
    assert MembershipApplication.objects.count() == 0
    assert mailoutbox == []


def test_apply_with_an_existing_email_answers_alike_and_tells_the_address_owner(
    client, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="li.wei@mianyang.example")
    users_before, organizations_before = User.objects.count(), Organization.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, application_data(email="Li.Wei@Mianyang.example"))

    # The visitor learns nothing: the same redirect as a new address.
    assert (response.status_code, response.url) == (302, APPLY_SENT_URL)
    assert User.objects.count() == users_before
    assert Organization.objects.count() == organizations_before
    assert MembershipApplication.objects.count() == 0
    assert "_auth_user_id" not in client.session
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["li.wei@mianyang.example"], "Membership application with your address")
    ]
    assert "already has an account" in mailoutbox[0].body


def test_apply_with_a_name_taken_in_the_country_is_rejected_and_creates_nothing(
    client, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    OrganizationFactory(name="Mianyang Science City", country="CN")
    users_before, organizations_before = User.objects.count(), Organization.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, application_data(name="MIANYANG science CITY"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [DUPLICATE_MESSAGE]
    _assert_nothing_created(users_before, organizations_before, mailoutbox)


def test_apply_with_an_invalid_country_is_rejected_and_creates_nothing(client, mailoutbox):
    users_before, organizations_before = User.objects.count(), Organization.objects.count()

    response = client.post(APPLY_URL, application_data(country="XX"))

    assert response.status_code == 200
    assert error_codes(response, "country") == ["invalid_choice"]
    _assert_nothing_created(users_before, organizations_before, mailoutbox)


def test_apply_with_an_svg_logo_is_rejected_and_creates_nothing(client, mailoutbox):
    users_before, organizations_before = User.objects.count(), Organization.objects.count()
    logo = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    response = client.post(APPLY_URL, application_data(logo=logo))

    assert response.status_code == 200
    assert error_codes(response, "logo") == ["invalid_image"]
    _assert_nothing_created(users_before, organizations_before, mailoutbox)


def test_apply_with_an_overlong_email_is_rejected_and_creates_nothing(client, mailoutbox):
    # Valid for Django's EmailValidator (up to 320 characters) but longer than the 254 that
    # the e-mail columns of users and contact people hold.
    overlong = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "example"
    users_before, organizations_before = User.objects.count(), Organization.objects.count()

    response = client.post(APPLY_URL, application_data(email=overlong))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Ensure this value has at most 254 characters (it has 264)."
    ]
    _assert_nothing_created(users_before, organizations_before, mailoutbox)


def test_apply_with_a_png_logo_saves_it(client, django_capture_on_commit_callbacks):
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, application_data(logo=logo))

    assert response.status_code == 302
    organization = Organization.objects.get(name="Mianyang Science City")
    assert organization.logo.name == "logos/CN/mianyang_science_cit.png"
    assert organization.logo.read() == logo.open().read()


def test_applicant_organization_is_hidden_from_visitors_but_shown_to_its_applicant(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, application_data())
    client.get(_confirmation_link(mailoutbox[0]))  # signs the applicant in
    organization = Organization.objects.get(name="Mianyang Science City")

    as_applicant = client.get(detail_url(organization))
    client.logout()
    as_visitor = client.get(detail_url(organization))
    in_directory = client.get(DIRECTORY_URL)

    assert as_applicant.status_code == 200
    assert "Your membership application is waiting for the secretariat." in (
        as_applicant.content.decode()
    )
    assert as_visitor.status_code == 404
    assert listed_names(in_directory) == []


# --- application queue -------------------------------------------------------------------


@pytest.fixture
def application(db):
    hopeful = OrganizationFactory(
        name="Tashkent IT Park",
        country="UZ",
        membership_status=MembershipStatus.APPLICANT,
        joined_on=None,
    )
    applicant = UserFactory(organization=hopeful, email="applicant@itpark.example")
    return MembershipApplicationFactory(organization=hopeful, applicant=applicant)


def test_application_queue_is_forbidden_to_members(client, member, application):
    client.force_login(member)

    response = client.get(APPLICATIONS_URL)

    assert response.status_code == 403


def test_application_queue_lists_pending_applications_for_the_secretariat(
    client, secretariat, application
):
    MembershipApplicationFactory(status=ApplicationStatus.APPROVED)
    client.force_login(secretariat)

    response = client.get(APPLICATIONS_URL)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [application]
    assert "Tashkent IT Park" in response.content.decode()


def test_application_queue_query_count_does_not_grow_with_rows(client, secretariat):
    client.force_login(secretariat)

    def add_applications(count: int) -> None:
        for _index in range(count):
            hopeful = OrganizationFactory(
                membership_status=MembershipStatus.APPLICANT, joined_on=None
            )
            MembershipApplicationFactory(
                organization=hopeful, applicant=UserFactory(organization=hopeful)
            )

    result = assert_list_queries_do_not_grow(
        lambda: client.get(APPLICATIONS_URL),
        add_rows=add_applications,
        shown=lambda response: len(response.context["page"].object_list),
        few=3,
        many=15,
    )

    assert result.shown == (3, 15)


def test_decide_approve_makes_a_member_and_tells_the_applicant(
    client, secretariat, application, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(application), {"decision": "approve", "reason": ""})

    assert (response.status_code, response.url) == (302, APPLICATIONS_URL)
    application.refresh_from_db()
    organization = application.organization
    organization.refresh_from_db()
    assert (organization.membership_status, organization.joined_on) == (
        "member",
        timezone.localdate(),
    )
    assert (application.status, application.decided_by, application.decided_at is not None) == (
        ApplicationStatus.APPROVED,
        secretariat,
        True,
    )
    assert organization.history.latest().history_user == secretariat
    assert [(mail.to, mail.subject, mail.body) for mail in mailoutbox] == [
        (
            ["applicant@itpark.example"],
            "Welcome to the alliance",
            "The secretariat approved the membership of Tashkent IT Park.\n\n"
            f"http://127.0.0.1:8000/en/organizations/{organization.pk}/",
        )
    ]
    notification = application.applicant.notifications.get()
    assert (notification.subject, notification.url) == (
        "Welcome to the alliance",
        f"/en/organizations/{organization.pk}/",
    )


def test_decide_reject_without_reason_changes_nothing(
    client, secretariat, application, mailoutbox, django_capture_on_commit_callbacks
):
    before, organization_before = application_row(application), row(application.organization)
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(application), {"decision": "reject", "reason": "  "})

    assert (response.status_code, response.url) == (302, APPLICATIONS_URL)
    assert application_row(application) == before
    assert row(application.organization) == organization_before
    assert mailoutbox == []
    queue = client.get(APPLICATIONS_URL)
    assert "Give the applicant a reason." in queue.content.decode()


def test_decide_reject_with_reason_rejects_and_sends_the_reason(
    client, secretariat, application, mailoutbox, django_capture_on_commit_callbacks
):
    organization_before = row(application.organization)
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(application),
            {"decision": "reject", "reason": "The alliance covers science parks only."},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decided_by, application.decision_reason) == (
        ApplicationStatus.REJECTED,
        secretariat,
        "The alliance covers science parks only.",
    )
    assert row(application.organization) == organization_before
    assert [(mail.to, mail.subject, mail.body) for mail in mailoutbox] == [
        (
            ["applicant@itpark.example"],
            "Your membership application",
            "The secretariat could not approve the membership of Tashkent IT Park. "
            "Reason: The alliance covers science parks only.\n\n"
            f"http://127.0.0.1:8000/en/organizations/{application.organization.pk}/",
        )
    ]


def test_decide_on_a_decided_application_changes_nothing(
    client, secretariat, application, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(application), {"decision": "reject", "reason": "Out of scope."})
    before, organization_before = application_row(application), row(application.organization)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(application), {"decision": "approve"})

    assert response.status_code == 302
    assert application_row(application) == before
    assert row(application.organization) == organization_before
    assert mailoutbox == []


def test_decide_by_a_member_is_forbidden_and_changes_nothing(
    client, member, application, mailoutbox, django_capture_on_commit_callbacks
):
    before, organization_before = application_row(application), row(application.organization)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(application), {"decision": "approve"})

    assert response.status_code == 403
    assert application_row(application) == before
    assert row(application.organization) == organization_before
    assert mailoutbox == []


def test_decide_by_a_visitor_redirects_to_sign_in_and_changes_nothing(client, application):
    before = application_row(application)

    response = client.post(decide_url(application), {"decision": "approve"})

    assert response.status_code == 302
    assert response.url == f"/en/accounts/login/?next={decide_url(application)}"
    assert application_row(application) == before


def test_decide_by_get_is_not_allowed(client, secretariat, application):
    before = application_row(application)
    client.force_login(secretariat)

    response = client.get(decide_url(application))

    assert response.status_code == 405
    assert application_row(application) == before
