"""The marketplace's writes: the listing workflow, content checks, kind rules, expiry and
expressions of interest, with the notifications and e-mails each step sends."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext, override

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.core.models import CooperationType, Sector
from innobridge.marketplace import selectors, services
from innobridge.marketplace.choices import (
    CallType,
    InterestStatus,
    ListingKind,
    ListingStatus,
    ProgrammeType,
    ResourceType,
)
from innobridge.marketplace.models import ExpressionOfInterest, Listing, ListingTransition
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.notifications.models import Notification
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import ContactPersonFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

# Line 1 of the shared news fixture (news/000_978f735f45030b14.txt): injected SEO spam.
SPAM_LINE = "无码国产精品一区二区免费16,性做久久久久久免费观看,国产亚洲精品美女久久久久"
# A run of GBK bytes read out of alignment, from the same page.
DAMAGED_RUN = "?;顒又校型獯砉餐吓_"


def offer_data(**overrides) -> dict:
    data = {
        "kind": ListingKind.OFFER,
        "language": "en",
        "title": "Solid-state battery test bench",
        "summary": "Our laboratory tests solid-state cells for safety and cycle life.",
        "description": "<p>Accredited to ISO 17025.</p>",
    }
    data.update(overrides)
    return data


def row(listing: Listing) -> dict:
    """The listing's whole database row and its relations, to show nothing changed."""
    values = Listing.objects.values().get(pk=listing.pk)
    values["sectors"] = sorted(listing.sectors.values_list("code", flat=True))
    values["cooperation_types"] = sorted(listing.cooperation_types.values_list("code", flat=True))
    values["target_countries"] = sorted(listing.target_countries.values_list("country", flat=True))
    values["transitions"] = transitions(listing)
    return values


def transitions(listing: Listing) -> list[tuple]:
    return list(
        ListingTransition.objects.filter(listing=listing).values_list(
            "from_status", "to_status", "actor_id", "reason"
        )
    )


def notifications() -> list[tuple]:
    return sorted(
        Notification.objects.values_list("recipient_id", "subject", "body", "url"),
        key=lambda values: (values[0], values[1]),
    )


def sent_mail(mailoutbox) -> list[tuple]:
    return sorted((mail.to, mail.subject, mail.body) for mail in mailoutbox)


def in_language(language: str, message: str, **params) -> str:
    with override(language):
        return gettext(message).format(**params)


def url_in(language: str, listing: Listing) -> str:
    with override(language):
        return listing.get_absolute_url()


@pytest.fixture
def trusted_organization(db):
    return OrganizationFactory(publishes_without_review=True)


@pytest.fixture
def trusted_member(trusted_organization):
    return UserFactory(organization=trusted_organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def other_member(other_organization):
    return UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def applicant_user(db):
    applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)
    return UserFactory(organization=applicant, role=Role.MEMBER_EDITOR)


# --- create ----------------------------------------------------------------------------------


def test_listing_create_saves_a_draft_with_its_relations(member, organization):
    sectors = list(Sector.objects.filter(code__in=["green-energy", "new-materials"]))
    licensing = CooperationType.objects.get(code="licensing")

    listing = services.listing_create(
        actor=member,
        owner=organization,
        data=offer_data(keywords=[" battery ", "", "solid-state"]),
        sectors=sectors,
        cooperation_types=[licensing],
        target_countries=["VN", "TH", "VN"],
    )

    saved = row(listing)
    assert (saved["status"], saved["owner_id"], saved["created_by_id"]) == (
        ListingStatus.DRAFT,
        organization.pk,
        member.pk,
    )
    assert saved["keywords"] == ["battery", "solid-state"]
    assert saved["published_at"] is None
    assert saved["sectors"] == ["green-energy", "new-materials"]
    assert saved["cooperation_types"] == ["licensing"]
    assert saved["target_countries"] == ["TH", "VN"]
    assert saved["transitions"] == []
    assert notifications() == []


def test_listing_create_for_another_organization_by_a_member_is_denied(member, other_organization):
    with pytest.raises(PermissionDenied):
        services.listing_create(actor=member, owner=other_organization, data=offer_data())

    assert Listing.objects.count() == 0


def test_listing_create_by_an_applicant_organization_user_is_denied(applicant_user):
    with pytest.raises(PermissionDenied):
        services.listing_create(
            actor=applicant_user, owner=applicant_user.organization, data=offer_data()
        )

    assert Listing.objects.count() == 0


def test_listing_create_by_the_secretariat_for_any_organization_saves(secretariat, organization):
    listing = services.listing_create(actor=secretariat, owner=organization, data=offer_data())

    assert (listing.owner_id, listing.status) == (organization.pk, ListingStatus.DRAFT)


def test_listing_create_sanitizes_the_description_html(member, organization):
    description = (
        '<p onclick="steal()">Read <strong>this</strong>.</p>'
        "<script>alert(1)</script>"
        '<p><a href="https://example.org/spec">Spec</a> '
        '<a href="javascript:alert(1)">click</a></p>'
    )

    listing = services.listing_create(
        actor=member, owner=organization, data=offer_data(description=description)
    )

    assert Listing.objects.get(pk=listing.pk).description == (
        "<p>Read <strong>this</strong>.</p>"
        '<p><a href="https://example.org/spec" rel="noopener nofollow ugc">Spec</a> '
        '<a rel="noopener nofollow ugc">click</a></p>'
    )


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        (
            "Công nghệ xử lý nước thải",
            "Công nghệ xử lý nước thải cho các khu công nghiệp ở Việt Nam.",
            "vi",
        ),
        (
            "電池測試平台",
            "我們的實驗室提供先進的電池測試設備與技術服務。",
            "zh-hant",
        ),
        (
            "Очистка сточных вод",
            "Мы предлагаем технологию очистки сточных вод для промышленных парков.",
            "ru",
        ),
        (
            "معالجة المياه",
            "نقدم تقنية جديدة لمعالجة المياه في المناطق الصناعية.",
            "ar",
        ),
    ],
)
def test_listing_create_detects_the_language_when_blank(
    member, organization, title, summary, language
):
    listing = services.listing_create(
        actor=member,
        owner=organization,
        data=offer_data(language="", title=title, summary=summary, description=""),
    )

    assert Listing.objects.get(pk=listing.pk).language == language


# --- kind rules ------------------------------------------------------------------------------


def _other_organizations_contact(owner) -> dict:
    return {"contact_person": ContactPersonFactory()}


KIND_RULES = {
    "resource without resource type": (
        lambda owner: {"kind": ListingKind.RESOURCE},
        {"resource_type": ["Say what kind of resource this is."]},
    ),
    "talent without programme type": (
        lambda owner: {"kind": ListingKind.TALENT},
        {"programme_type": ["Say what kind of programme this is."]},
    ),
    "call without call type": (
        lambda owner: {"kind": ListingKind.CALL},
        {"call_type": ["Say what the call is for."]},
    ),
    "readiness level on a talent programme": (
        lambda owner: {
            "kind": ListingKind.TALENT,
            "programme_type": ProgrammeType.EXCHANGE,
            "trl": 4,
        },
        {"trl": ["A readiness level does not apply to this kind of listing."]},
    ),
    "readiness level 10": (
        lambda owner: {"trl": 10},
        {"trl": ["Ensure this value is less than or equal to 9."]},
    ),
    "budget upside down": (
        lambda owner: {
            "kind": ListingKind.NEED,
            "budget_min": Decimal("5000"),
            "budget_max": Decimal("1000"),
            "budget_currency": "USD",
        },
        {"__all__": ["The budget's lower bound exceeds its upper bound."]},
    ),
    "budget without currency": (
        lambda owner: {"kind": ListingKind.NEED, "budget_min": Decimal("1000")},
        {"budget_currency": ["Give the currency of the budget."]},
    ),
    "contact person of another organization": (
        _other_organizations_contact,
        {"contact_person": ["The contact person must belong to the owner organization."]},
    ),
}


@pytest.mark.parametrize("rule", KIND_RULES.keys())
def test_listing_create_breaking_a_kind_rule_is_refused_and_saves_nothing(
    member, organization, rule
):
    overrides, expected = KIND_RULES[rule]

    with pytest.raises(ValidationError) as caught:
        services.listing_create(
            actor=member, owner=organization, data=offer_data(**overrides(organization))
        )

    assert caught.value.message_dict == expected
    assert Listing.objects.count() == 0


def test_listing_create_with_an_unknown_target_country_is_refused_and_saves_nothing(
    member, organization
):
    with pytest.raises(ValidationError) as caught:
        services.listing_create(
            actor=member, owner=organization, data=offer_data(), target_countries=["VN", "XX"]
        )

    assert caught.value.message_dict == {
        "target_countries": ["Not ISO 3166-1 alpha-2 country codes: XX."]
    }
    assert Listing.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"kind": ListingKind.RESOURCE, "resource_type": ResourceType.LABORATORY},
        {"kind": ListingKind.TALENT, "programme_type": ProgrammeType.EXCHANGE},
        {"kind": ListingKind.CALL, "call_type": CallType.JOINT_RND, "trl": 5},
        {
            "kind": ListingKind.NEED,
            "budget_min": Decimal("1000"),
            "budget_max": Decimal("5000"),
            "budget_currency": "USD",
        },
    ],
)
def test_listing_create_following_the_kind_rules_saves(member, organization, overrides):
    listing = services.listing_create(
        actor=member, owner=organization, data=offer_data(**overrides)
    )

    assert Listing.objects.filter(pk=listing.pk, kind=overrides["kind"]).exists()


# --- workflow --------------------------------------------------------------------------------


def test_listing_submit_sends_a_draft_to_moderation_and_tells_the_secretariat(
    member, organization, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=organization, draft=True, title="Battery bench")
    url = listing.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_submit(listing=listing, actor=member)

    listing.refresh_from_db()
    assert (listing.status, listing.published_at, listing.moderation_flags) == (
        ListingStatus.SUBMITTED,
        None,
        [],
    )
    assert transitions(listing) == [(ListingStatus.DRAFT, ListingStatus.SUBMITTED, member.pk, "")]
    body = f"{organization.name} submitted a listing for publication."
    assert notifications() == [(secretariat.pk, "Listing to moderate: Battery bench", body, url)]
    assert sent_mail(mailoutbox) == [
        (
            [secretariat.email],
            "Listing to moderate: Battery bench",
            f"{body}\n\n{settings.SITE_URL}{url}",
        )
    ]


def test_listing_submit_with_a_passed_validity_date_is_refused_and_changes_nothing(
    member, organization
):
    listing = ListingFactory(
        owner=organization, draft=True, valid_until=timezone.localdate() - timedelta(days=1)
    )
    before = row(listing)

    with pytest.raises(ValidationError) as caught:
        services.listing_submit(listing=listing, actor=member)

    assert caught.value.message_dict == {
        "valid_until": ["This date has passed: the listing would expire at once."]
    }
    assert row(listing) == before


def test_listing_submit_by_another_organization_is_denied_and_changes_nothing(
    organization, other_member
):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    with pytest.raises(PermissionDenied):
        services.listing_submit(listing=listing, actor=other_member)

    assert row(listing) == before
    assert notifications() == []


def test_listing_approve_publishes_and_tells_the_owner(
    member, organization, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=organization, submitted=True, title="Battery bench")
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_approve(listing=listing, actor=secretariat, note="Fine")

    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.published_at is not None
    assert listing.published_at >= before
    assert listing.published_at == listing.status_changed_at
    assert transitions(listing) == [
        (ListingStatus.SUBMITTED, ListingStatus.PUBLISHED, secretariat.pk, "Fine")
    ]
    assert notifications() == [
        (
            member.pk,
            "Published: Battery bench",
            "The secretariat published your listing.",
            listing.get_absolute_url(),
        )
    ]
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([member.email], "Published: Battery bench")
    ]


def test_listing_approve_by_a_member_is_denied_and_changes_nothing(member, organization):
    listing = ListingFactory(owner=organization, submitted=True)
    before = row(listing)

    with pytest.raises(PermissionDenied):
        services.listing_approve(listing=listing, actor=member)

    assert row(listing) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_listing_return_without_a_reason_is_refused_and_changes_nothing(
    organization, member, secretariat, reason
):
    listing = ListingFactory(owner=organization, submitted=True)
    before = row(listing)

    with pytest.raises(ValidationError) as caught:
        services.listing_return(listing=listing, actor=secretariat, reason=reason)

    assert caught.value.message_dict == {"reason": ["Tell the author what to change."]}
    assert row(listing) == before
    assert notifications() == []


def test_listing_return_with_a_reason_returns_it_and_tells_the_owner(
    organization, member, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=organization, submitted=True, title="Battery bench")

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_return(listing=listing, actor=secretariat, reason=" Add a price. ")

    listing.refresh_from_db()
    assert listing.status == ListingStatus.RETURNED
    assert transitions(listing) == [
        (ListingStatus.SUBMITTED, ListingStatus.RETURNED, secretariat.pk, "Add a price.")
    ]
    body = "The secretariat returned your listing. Reason: Add a price."
    assert notifications() == [
        (member.pk, "Returned for changes: Battery bench", body, listing.get_absolute_url())
    ]
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([member.email], "Returned for changes: Battery bench")
    ]


def test_listing_submit_after_return_goes_back_to_moderation(organization, member, secretariat):
    listing = ListingFactory(owner=organization, draft=True)
    services.listing_submit(listing=listing, actor=member)
    services.listing_return(listing=listing, actor=secretariat, reason="Add a price.")

    services.listing_submit(listing=listing, actor=member)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUBMITTED
    assert transitions(listing) == [
        (ListingStatus.DRAFT, ListingStatus.SUBMITTED, member.pk, ""),
        (ListingStatus.SUBMITTED, ListingStatus.RETURNED, secretariat.pk, "Add a price."),
        (ListingStatus.RETURNED, ListingStatus.SUBMITTED, member.pk, ""),
    ]


def test_listing_close_by_the_owner_closes_a_published_listing(organization, member):
    listing = ListingFactory(owner=organization)

    services.listing_close(listing=listing, actor=member)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.CLOSED
    assert transitions(listing) == [(ListingStatus.PUBLISHED, ListingStatus.CLOSED, member.pk, "")]


def test_listing_close_by_another_organization_is_denied_and_changes_nothing(
    organization, other_member
):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    with pytest.raises(PermissionDenied):
        services.listing_close(listing=listing, actor=other_member)

    assert row(listing) == before


NOT_ALLOWED = {
    "approve a draft": (
        ListingStatus.DRAFT,
        lambda listing, owner, secretariat: services.listing_approve(
            listing=listing, actor=secretariat
        ),
    ),
    "approve a returned listing": (
        ListingStatus.RETURNED,
        lambda listing, owner, secretariat: services.listing_approve(
            listing=listing, actor=secretariat
        ),
    ),
    "close a draft": (
        ListingStatus.DRAFT,
        lambda listing, owner, secretariat: services.listing_close(listing=listing, actor=owner),
    ),
    "return a published listing": (
        ListingStatus.PUBLISHED,
        lambda listing, owner, secretariat: services.listing_return(
            listing=listing, actor=secretariat, reason="Why"
        ),
    ),
    "approve a published listing": (
        ListingStatus.PUBLISHED,
        lambda listing, owner, secretariat: services.listing_approve(
            listing=listing, actor=secretariat
        ),
    ),
    "submit a published listing": (
        ListingStatus.PUBLISHED,
        lambda listing, owner, secretariat: services.listing_submit(listing=listing, actor=owner),
    ),
    "submit a submitted listing": (
        ListingStatus.SUBMITTED,
        lambda listing, owner, secretariat: services.listing_submit(listing=listing, actor=owner),
    ),
    "close a closed listing": (
        ListingStatus.CLOSED,
        lambda listing, owner, secretariat: services.listing_close(listing=listing, actor=owner),
    ),
    "approve an expired listing": (
        ListingStatus.EXPIRED,
        lambda listing, owner, secretariat: services.listing_approve(
            listing=listing, actor=secretariat
        ),
    ),
}


@pytest.mark.parametrize("case", NOT_ALLOWED.keys())
def test_listing_transition_not_allowed_is_refused_and_changes_nothing(
    organization, member, secretariat, case
):
    status, action = NOT_ALLOWED[case]
    listing = ListingFactory(owner=organization, status=status)
    before = row(listing)

    with pytest.raises(ValidationError):
        action(listing, member, secretariat)

    assert row(listing) == before
    assert notifications() == []


def test_listing_update_by_the_owner_of_a_published_listing_sends_it_back_to_moderation(
    organization, member, secretariat
):
    listing = ListingFactory(owner=organization, title="Battery bench")

    services.listing_update(listing=listing, actor=member, data={"summary": "Now with prices."})

    listing.refresh_from_db()
    assert (listing.status, listing.summary) == (ListingStatus.SUBMITTED, "Now with prices.")
    assert transitions(listing) == [
        (ListingStatus.PUBLISHED, ListingStatus.SUBMITTED, member.pk, "Edited after publication")
    ]
    assert [(n[0], n[1]) for n in notifications()] == [
        (secretariat.pk, "Listing to moderate: Battery bench")
    ]


def test_listing_update_by_the_secretariat_keeps_a_published_listing_published(
    organization, secretariat
):
    listing = ListingFactory(owner=organization)

    services.listing_update(listing=listing, actor=secretariat, data={"summary": "Typo fixed."})

    listing.refresh_from_db()
    assert (listing.status, listing.summary) == (ListingStatus.PUBLISHED, "Typo fixed.")
    assert transitions(listing) == []


def test_listing_update_by_another_organization_is_denied_and_changes_nothing(
    organization, other_member
):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    with pytest.raises(PermissionDenied):
        services.listing_update(listing=listing, actor=other_member, data={"title": "Mine now"})

    assert row(listing) == before


def test_listing_update_cannot_change_owner_or_status(organization, other_organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    services.listing_update(
        listing=listing,
        actor=member,
        data={"owner": other_organization, "status": ListingStatus.PUBLISHED, "title": "New"},
    )

    listing.refresh_from_db()
    assert (listing.owner_id, listing.status, listing.title) == (
        organization.pk,
        ListingStatus.DRAFT,
        "New",
    )


# --- trusted publishers and content checks ---------------------------------------------------


def test_listing_submit_by_a_trusted_organization_with_clean_text_publishes_directly(
    trusted_organization, trusted_member, secretariat
):
    listing = services.listing_create(
        actor=trusted_member, owner=trusted_organization, data=offer_data()
    )

    services.listing_submit(listing=listing, actor=trusted_member)

    listing.refresh_from_db()
    assert (listing.status, listing.moderation_flags) == (ListingStatus.PUBLISHED, [])
    assert listing.published_at is not None
    assert transitions(listing) == [
        (ListingStatus.DRAFT, ListingStatus.PUBLISHED, trusted_member.pk, "Trusted publisher")
    ]
    assert notifications() == []


def test_listing_submit_by_a_trusted_organization_with_spam_waits_for_moderation(
    trusted_organization, trusted_member, secretariat
):
    listing = services.listing_create(
        actor=trusted_member, owner=trusted_organization, data=offer_data(summary=SPAM_LINE)
    )

    services.listing_submit(listing=listing, actor=trusted_member)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUBMITTED
    assert listing.moderation_flags == [
        {
            "field": "summary",
            "kind": "spam",
            "start": 0,
            "end": len(SPAM_LINE),
            "text": SPAM_LINE,
            "reason": "adult-content keywords",
        }
    ]
    assert transitions(listing) == [
        (ListingStatus.DRAFT, ListingStatus.SUBMITTED, trusted_member.pk, "")
    ]
    assert [n[:2] for n in notifications()] == [
        (secretariat.pk, f"Listing to moderate: {listing.title}")
    ]


def test_listing_submit_with_a_damaged_run_in_the_description_is_flagged(
    trusted_organization, trusted_member
):
    description = f"<p>中外代表共同上台，{DAMAGED_RUN}</p>"
    listing = services.listing_create(
        actor=trusted_member,
        owner=trusted_organization,
        data=offer_data(language="zh-hans", description=description),
    )

    services.listing_submit(listing=listing, actor=trusted_member)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUBMITTED
    assert [(flag["field"], flag["kind"]) for flag in listing.moderation_flags] == [
        ("description", "damaged")
    ]
    flag = listing.moderation_flags[0]
    text = f"中外代表共同上台，{DAMAGED_RUN}"
    assert text[flag["start"] : flag["end"]] == flag["text"]
    assert flag["text"] in DAMAGED_RUN


CLEAN_SENTENCES = {
    "zh-hans": (
        "电池测试平台",
        "我们的实验室为合作伙伴提供先进的电池测试设备和技术服务。",
    ),
    "zh-hant": (
        "電池測試平台",
        "我們的實驗室為合作夥伴提供先進的電池測試設備與技術服務。",
    ),
    "en": (
        "Battery testing platform",
        "Our laboratory offers partners advanced battery testing equipment and services.",
    ),
    "vi": (
        "Nền tảng thử nghiệm pin",
        "Phòng thí nghiệm của chúng tôi cung cấp thiết bị thử nghiệm pin cho các đối tác.",
    ),
    "ru": (
        "Платформа для испытаний аккумуляторов",
        "Наша лаборатория предлагает партнёрам современное оборудование для испытаний.",
    ),
    "ar": (
        "منصة اختبار البطاريات",
        "يقدم مختبرنا للشركاء معدات حديثة لاختبار البطاريات وخدمات تقنية.",
    ),
}


@pytest.mark.parametrize("language", CLEAN_SENTENCES.keys())
def test_listing_submit_with_clean_text_in_any_language_is_not_flagged(
    trusted_organization, trusted_member, language
):
    title, sentence = CLEAN_SENTENCES[language]
    listing = services.listing_create(
        actor=trusted_member,
        owner=trusted_organization,
        data=offer_data(
            language="",
            title=title,
            summary=sentence,
            description=f"<p>{sentence}</p>",
            keywords=[title],
        ),
    )

    services.listing_submit(listing=listing, actor=trusted_member)

    listing.refresh_from_db()
    assert (listing.language, listing.moderation_flags, listing.status) == (
        language,
        [],
        ListingStatus.PUBLISHED,
    )


# --- expiry ----------------------------------------------------------------------------------


def test_listings_expire_expires_only_published_listings_past_their_date(organization, member):
    yesterday = timezone.localdate() - timedelta(days=1)
    past = ListingFactory(owner=organization, valid_until=yesterday, title="Old offer")
    current = ListingFactory(owner=organization)
    today = ListingFactory(owner=organization, valid_until=timezone.localdate())
    draft = ListingFactory(owner=organization, draft=True, valid_until=yesterday)
    closed = ListingFactory(owner=organization, status=ListingStatus.CLOSED, valid_until=yesterday)

    assert services.listings_expire() == 1

    statuses = dict(
        Listing.objects.filter(
            pk__in=[past.pk, current.pk, today.pk, draft.pk, closed.pk]
        ).values_list("pk", "status")
    )
    assert statuses == {
        past.pk: ListingStatus.EXPIRED,
        current.pk: ListingStatus.PUBLISHED,
        today.pk: ListingStatus.PUBLISHED,
        draft.pk: ListingStatus.DRAFT,
        closed.pk: ListingStatus.CLOSED,
    }
    assert list(
        ListingTransition.objects.values_list(
            "listing_id", "from_status", "to_status", "actor_id", "reason"
        )
    ) == [(past.pk, ListingStatus.PUBLISHED, ListingStatus.EXPIRED, None, "Validity ended")]
    assert [n[:3] for n in notifications()] == [
        (
            member.pk,
            "Expired: Old offer",
            "Your listing reached its validity date and is no longer shown.",
        )
    ]


def test_listings_expire_twice_expires_nothing_more(organization):
    ListingFactory(owner=organization, valid_until=timezone.localdate() - timedelta(days=1))
    services.listings_expire()

    assert services.listings_expire() == 0
    assert ListingTransition.objects.count() == 1


# --- expressions of interest -----------------------------------------------------------------


def test_interest_express_in_own_organizations_listing_is_refused(organization, member):
    listing = ListingFactory(owner=organization)

    with pytest.raises(ValidationError) as caught:
        services.interest_express(listing=listing, actor=member, message="Us too")

    assert caught.value.messages == [
        "You cannot express interest in your own organization's listing."
    ]
    assert ExpressionOfInterest.objects.count() == 0


def test_interest_express_twice_is_refused_and_keeps_one_row(organization, other_member):
    listing = ListingFactory(owner=organization)
    services.interest_express(listing=listing, actor=other_member, message="First")

    with pytest.raises(ValidationError) as caught:
        services.interest_express(listing=listing, actor=other_member, message="Second")

    assert caught.value.messages == [
        "Your organization has already expressed interest in this listing."
    ]
    assert list(ExpressionOfInterest.objects.values_list("organization_id", "message")) == [
        (other_member.organization_id, "First")
    ]


@pytest.mark.parametrize(
    "status", [ListingStatus.DRAFT, ListingStatus.SUBMITTED, ListingStatus.CLOSED]
)
def test_interest_express_in_an_unpublished_listing_is_denied(organization, other_member, status):
    listing = ListingFactory(owner=organization, status=status)

    with pytest.raises(PermissionDenied):
        services.interest_express(listing=listing, actor=other_member, message="Hello")

    assert ExpressionOfInterest.objects.count() == 0


def test_interest_express_by_an_applicant_organizations_user_is_denied(
    organization, applicant_user
):
    listing = ListingFactory(owner=organization)

    with pytest.raises(PermissionDenied):
        services.interest_express(listing=listing, actor=applicant_user, message="Hello")

    assert ExpressionOfInterest.objects.count() == 0


def test_interest_express_tells_the_owners_editors(
    organization,
    member,
    other_member,
    other_organization,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    listing = ListingFactory(owner=organization, title="Battery bench")

    with django_capture_on_commit_callbacks(execute=True):
        interest = services.interest_express(
            listing=listing, actor=other_member, message="We need this."
        )

    assert (interest.status, interest.created_by_id, interest.organization_id) == (
        InterestStatus.PENDING,
        other_member.pk,
        other_organization.pk,
    )
    body = f"{other_organization.name} is interested: We need this."
    assert notifications() == [
        (member.pk, "New interest in: Battery bench", body, listing.get_absolute_url())
    ]
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([member.email], "New interest in: Battery bench")
    ]


@pytest.fixture
def interest_with_contacts(organization, member, other_organization, other_member):
    """A pending interest of other_member's organization in organization's listing; each
    organization has one contact person."""
    ContactPersonFactory(organization=organization, name="Owner Contact")
    ContactPersonFactory(organization=other_organization, name="Interested Contact")
    listing = ListingFactory(owner=organization, title="Battery bench")
    return ExpressionOfInterestFactory(
        listing=listing, organization=other_organization, created_by=other_member
    )


def test_contacts_are_not_shared_before_acceptance(interest_with_contacts, member, other_member):
    interest = interest_with_contacts

    assert selectors.contacts_shared_with(user=member, interest=interest) is None
    assert selectors.contacts_shared_with(user=other_member, interest=interest) is None


def test_interest_answer_accept_shares_both_sides_contacts(
    interest_with_contacts, organization, member, other_organization, other_member
):
    interest = services.interest_answer(interest=interest_with_contacts, actor=member, accept=True)

    interest.refresh_from_db()
    assert (interest.status, interest.decided_by_id) == (InterestStatus.ACCEPTED, member.pk)
    assert interest.decided_at is not None
    assert selectors.contacts_shared_with(user=member, interest=interest) == (
        selectors.SharedContacts(
            people=list(other_organization.contacts.all()), sender_email=other_member.email
        )
    )
    assert selectors.contacts_shared_with(user=other_member, interest=interest) == (
        selectors.SharedContacts(people=list(organization.contacts.all()), sender_email="")
    )
    assert [person.name for person in other_organization.contacts.all()] == ["Interested Contact"]
    assert [person.name for person in organization.contacts.all()] == ["Owner Contact"]


def test_interest_answer_accept_shares_the_listings_contact_person_only(
    organization, member, other_organization, other_member
):
    ContactPersonFactory(organization=organization, name="Someone else")
    chosen = ContactPersonFactory(organization=organization, name="Chosen", is_primary=False)
    listing = ListingFactory(owner=organization, contact_person=chosen)
    interest = ExpressionOfInterestFactory(
        listing=listing, organization=other_organization, created_by=other_member
    )

    services.interest_answer(interest=interest, actor=member, accept=True)

    assert selectors.contacts_shared_with(user=other_member, interest=interest) == (
        selectors.SharedContacts(people=[chosen], sender_email="")
    )


def test_interest_answer_accept_shares_nothing_with_a_third_organization(
    interest_with_contacts, member
):
    third = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)
    services.interest_answer(interest=interest_with_contacts, actor=member, accept=True)

    assert selectors.contacts_shared_with(user=third, interest=interest_with_contacts) is None


def test_interest_answer_accept_tells_both_sides(
    interest_with_contacts, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    other_organization = interest_with_contacts.organization
    owner = interest_with_contacts.listing.owner

    with django_capture_on_commit_callbacks(execute=True):
        services.interest_answer(interest=interest_with_contacts, actor=member, accept=True)

    url = interest_with_contacts.listing.get_absolute_url()
    assert notifications() == sorted(
        [
            (
                other_member.pk,
                "Interest accepted: Battery bench",
                f"{owner.name} accepted. You can now see each other's contacts.",
                url,
            ),
            (
                member.pk,
                "Contact shared: Battery bench",
                f"You accepted the interest of {other_organization.name}.",
                url,
            ),
        ]
    )
    assert sorted((mail.to, mail.subject) for mail in mailoutbox) == sorted(
        [
            ([other_member.email], "Interest accepted: Battery bench"),
            ([member.email], "Contact shared: Battery bench"),
        ]
    )


def test_interest_answer_decline_shares_nothing_and_tells_the_sender(
    interest_with_contacts, member, other_member
):
    owner = interest_with_contacts.listing.owner

    services.interest_answer(interest=interest_with_contacts, actor=member, accept=False)

    interest = ExpressionOfInterest.objects.get(pk=interest_with_contacts.pk)
    assert (interest.status, interest.decided_by_id) == (InterestStatus.DECLINED, member.pk)
    assert selectors.contacts_shared_with(user=member, interest=interest) is None
    assert selectors.contacts_shared_with(user=other_member, interest=interest) is None
    assert [n[:3] for n in notifications()] == [
        (
            other_member.pk,
            "Interest declined: Battery bench",
            f"{owner.name} declined your expression of interest.",
        )
    ]


def test_interest_answer_twice_is_refused_and_changes_nothing(interest_with_contacts, member):
    services.interest_answer(interest=interest_with_contacts, actor=member, accept=True)
    before = ExpressionOfInterest.objects.values().get(pk=interest_with_contacts.pk)
    notified = notifications()

    with pytest.raises(ValidationError) as caught:
        services.interest_answer(
            interest=ExpressionOfInterest.objects.get(pk=interest_with_contacts.pk),
            actor=member,
            accept=False,
        )

    assert caught.value.messages == ["This expression of interest has already been answered."]
    assert ExpressionOfInterest.objects.values().get(pk=interest_with_contacts.pk) == before
    assert notifications() == notified


def test_interest_answer_by_the_interested_side_is_denied_and_changes_nothing(
    interest_with_contacts, other_member
):
    before = ExpressionOfInterest.objects.values().get(pk=interest_with_contacts.pk)

    with pytest.raises(PermissionDenied):
        services.interest_answer(interest=interest_with_contacts, actor=other_member, accept=True)

    assert ExpressionOfInterest.objects.values().get(pk=interest_with_contacts.pk) == before


# --- language of notifications ---------------------------------------------------------------


def test_listing_submit_tells_each_secretariat_user_in_their_preferred_language(
    member, organization, mailoutbox, django_capture_on_commit_callbacks
):
    vietnamese = UserFactory(role=Role.SECRETARIAT, is_staff=True, preferred_language="vi")
    english = UserFactory(role=Role.SECRETARIAT, is_staff=True, preferred_language="")
    listing = ListingFactory(owner=organization, draft=True, title="Battery bench")

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_submit(listing=listing, actor=member)

    subject_vi = in_language("vi", "Listing to moderate: {title}", title="Battery bench")
    body_vi = in_language(
        "vi", "{organization} submitted a listing for publication.", organization=organization
    )
    assert notifications() == sorted(
        [
            (vietnamese.pk, subject_vi, body_vi, url_in("vi", listing)),
            (
                english.pk,
                "Listing to moderate: Battery bench",
                f"{organization.name} submitted a listing for publication.",
                url_in("en", listing),
            ),
        ]
    )
    assert subject_vi == "Tin đăng cần kiểm duyệt: Battery bench"
    assert url_in("vi", listing).startswith("/vi/")
    assert sorted((mail.to, mail.subject) for mail in mailoutbox) == sorted(
        [([vietnamese.email], subject_vi), ([english.email], "Listing to moderate: Battery bench")]
    )


def test_interest_answer_tells_the_sender_in_their_preferred_language(
    interest_with_contacts, member, other_member
):
    other_member.preferred_language = "vi"
    other_member.save()

    services.interest_answer(interest=interest_with_contacts, actor=member, accept=False)

    subject = Notification.objects.get(recipient=other_member).subject
    assert subject == in_language("vi", "Interest declined: {title}", title="Battery bench")
    assert subject == "Đã từ chối quan tâm: Battery bench"
