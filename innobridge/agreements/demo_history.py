"""Demo: the marketplace history behind the demo agreements, so that the funnel (listing →
interest → agreement) and the cooperation network have something true to show.

For each demo agreement of a kind that starts from a technology or a resource (transfer,
joint R&D, trial, resource sharing), a published listing of one party is taken as its
origin: the other party expressed interest in it some months before the signing, the owner
accepted, and the agreement cites both. Besides those, members expressed interest in other
listings across 2021-2026; some were accepted, some declined, some are still pending.

Seeded and idempotent: an agreement that already cites an interest, or an interest that
exists (one per listing and organization), is left alone. Runs after the agreements' demo
(settings.DEMO_LOADERS).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from innobridge.agreements.choices import AgreementType
from innobridge.agreements.models import Agreement
from innobridge.marketplace.choices import InterestStatus, ListingKind, ListingStatus
from innobridge.marketplace.models import ExpressionOfInterest, Listing
from innobridge.organizations.models import Organization

SEED = 20210101
ORIGIN_TYPES = (
    AgreementType.TECHNOLOGY_TRANSFER,
    AgreementType.JOINT_RD,
    AgreementType.TRIAL_DEMONSTRATION,
    AgreementType.RESOURCE_SHARING,
)
# Listings an interest can lead from: what one party offers (or the resource it shares),
# or what the other party needs.
OFFERED_KINDS = (ListingKind.OFFER, ListingKind.RESOURCE)
OTHER_INTERESTS = 90
FIRST_DAY, LAST_DAY = date(2021, 1, 15), date(2026, 10, 31)

MESSAGES = {
    "zh-hans": "我们对这项成果很感兴趣，希望了解试点合作的条件。",
    "zh-hant": "我們對這項成果很感興趣，希望了解試點合作的條件。",
    "vi": "Chúng tôi quan tâm đến giải pháp này và muốn tìm hiểu điều kiện hợp tác thí điểm.",
    "ru": "Нас интересует эта разработка; хотели бы обсудить условия пилотного проекта.",
    "ar": "نحن مهتمون بهذه التقنية ونود مناقشة شروط مشروع تجريبي.",
    "th": "เราสนใจเทคโนโลยีนี้และต้องการหารือเงื่อนไขความร่วมมือนำร่อง",
    "en": "We are interested in this and would like to discuss the terms of a pilot.",
}


@dataclass
class HistorySummary:
    linked_agreements: int = 0
    interests: int = 0

    def __str__(self) -> str:
        return (
            f"{self.interests} expressions of interest, "
            f"{self.linked_agreements} agreements linked to the listings they came from"
        )


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


def _message(organization) -> str:
    return MESSAGES.get(organization.name_language, MESSAGES["en"])


def _interest(
    listing: Listing, organization, *, status: str, sent: date, answered: date | None
) -> ExpressionOfInterest | None:
    """An interest sent and answered on the given days (None if one exists already)."""
    if ExpressionOfInterest.objects.filter(listing=listing, organization=organization).exists():
        return None
    interest = ExpressionOfInterest.objects.create(
        listing=listing,
        organization=organization,
        message=_message(organization),
        status=status,
        decided_at=_moment(answered) if answered else None,
    )
    # created_at is set on insert; the history has its own dates.
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(created_at=_moment(sent))
    _published_before(listing, sent)
    return interest


def _published_before(listing: Listing, day: date) -> None:
    """A listing that drew interest was published before it (the demo listings were all
    loaded today, so the history moves their publication back)."""
    published = _moment(day - timedelta(days=45))
    if listing.published_at is None or listing.published_at > published:
        Listing.objects.filter(pk=listing.pk).update(published_at=published, created_at=published)
        listing.published_at = published


def _origin_listing(rng: random.Random, agreement: Agreement, published: list[Listing]):
    """A listing of one party that the other could have answered: (listing, interested)."""
    parties = [party.organization for party in agreement.parties.all()]
    for owner in rng.sample(parties, len(parties)):
        others = [party for party in parties if party.pk != owner.pk]
        candidates = [
            listing
            for listing in published
            if listing.owner_id == owner.pk and listing.kind in OFFERED_KINDS
        ]
        if candidates and others:
            return rng.choice(candidates), rng.choice(others)
    return None


@transaction.atomic
def demo_load() -> HistorySummary:
    summary = HistorySummary()
    published = list(
        Listing.objects.filter(status=ListingStatus.PUBLISHED)
        .select_related("owner")
        .order_by("pk")
    )
    agreements = (
        Agreement.objects.filter(
            is_demo=True, agreement_type__in=ORIGIN_TYPES, signed_on__isnull=False
        )
        .prefetch_related("parties__organization")
        .order_by("signed_on", "pk")
    )
    for agreement in agreements:
        if agreement.origin_interests.exists():
            continue
        # One generator per agreement and one for the rest, so that a second run, which
        # skips what exists, draws the same choices for what does not.
        # Demo data drawn reproducibly, not a secret.
        rng = random.Random(f"{SEED}:{agreement.title}")  # nosec B311
        found = _origin_listing(rng, agreement, published)
        if found is None:
            continue
        listing, interested = found
        sent = agreement.signed_on - timedelta(days=rng.randint(60, 240))
        interest = _interest(
            listing,
            interested,
            status=InterestStatus.ACCEPTED,
            sent=sent,
            answered=sent + timedelta(days=rng.randint(3, 21)),
        )
        if interest is None:
            continue
        agreement.origin_listings.add(listing)
        agreement.origin_interests.add(interest)
        summary.linked_agreements += 1
        summary.interests += 1
    rng = random.Random(SEED)  # demo data drawn reproducibly  # nosec B311
    summary.interests += _other_interests(rng, published)
    return summary


def _other_interests(rng: random.Random, published: list[Listing]) -> int:
    """Interests that have not (yet) led to an agreement, across the years."""
    organizations = list(Organization.objects.filter(is_demo=True).order_by("pk"))
    created = 0
    span = (LAST_DAY - FIRST_DAY).days
    for _ in range(OTHER_INTERESTS):
        listing = rng.choice(published)
        interested = rng.choice(organizations)
        if interested.pk == listing.owner_id:
            continue
        sent = FIRST_DAY + timedelta(days=rng.randint(0, span))
        status = rng.choices(
            [InterestStatus.ACCEPTED, InterestStatus.DECLINED, InterestStatus.PENDING],
            weights=[5, 3, 2],
        )[0]
        answered = (
            None if status == InterestStatus.PENDING else sent + timedelta(days=rng.randint(2, 30))
        )
        if _interest(listing, interested, status=status, sent=sent, answered=answered):
            created += 1
    return created
