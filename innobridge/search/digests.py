"""The e-mail digest of new partner suggestions, daily or weekly as each member chose."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.accounts.choices import DigestFrequency
from innobridge.marketplace.choices import ListingStatus
from innobridge.notifications.services import notify_each
from innobridge.search.models import MatchSuggestion, SuggestionStatus

PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
MAX_LINES = 20


def _due_users(now):
    users = get_user_model().objects.filter(
        is_active=True, organization__isnull=False, match_digest__in=list(PERIODS)
    )
    due = Q()
    for frequency, period in PERIODS.items():
        due |= Q(match_digest=frequency) & (
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - period)
        )
    return users.filter(due)


def _new_suggestions(user):
    return (
        MatchSuggestion.objects.filter(
            listing__owner_id=user.organization_id,
            listing__status=ListingStatus.PUBLISHED,
            status=SuggestionStatus.NEW,
            notified_at__isnull=True,
        )
        .select_related("listing", "candidate", "candidate__owner")
        .order_by("-score")
    )


def send_due_digests(now=None) -> int:
    """Send every due digest that has something new; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for user in _due_users(now):
        suggestions = list(_new_suggestions(user)[:MAX_LINES])
        with transaction.atomic():
            if suggestions:

                def message(suggestions=suggestions):
                    lines = [
                        _("{listing} → {candidate} ({organization})").format(
                            listing=s.listing.title,
                            candidate=s.candidate.title,
                            organization=s.candidate.owner,
                        )
                        for s in suggestions
                    ]
                    return (
                        _("New partner suggestions: {count}").format(count=len(suggestions)),
                        "\n".join(lines),
                    )

                notify_each(recipients=[user], message=message, url="")
                MatchSuggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
                    notified_at=now
                )
                sent += 1
            user.last_digest_at = now
            user.save(update_fields=["last_digest_at"])
    return sent
