"""Stored partner suggestions, their refresh, their page and the e-mail digest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innobridge.accounts.choices import DigestFrequency, Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.marketplace import services as marketplace_services
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import digests, services
from innobridge.search.models import MatchSuggestion, SuggestionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(settings):
    settings.LISTING_CHANGE_TASKS = [
        "innobridge.search.tasks.index_listings",
        "innobridge.search.tasks.refresh_suggestions",
    ]
    vietnam, china = OrganizationFactory(country="VN"), OrganizationFactory(country="CN")
    owner = UserFactory(organization=vietnam, role=Role.MEMBER_EDITOR)
    need = ListingFactory(
        owner=vietnam, kind="need", language="vi", status="submitted",
        title="Cần giống lúa chất lượng cao để khảo nghiệm tại Việt Nam",
        summary="Giống lúa và rau mới, cùng nghiên cứu kỹ thuật canh tác.",
    )  # fmt: skip
    offer = ListingFactory(
        owner=china, language="zh-hans", status="submitted",
        title="绵阳优质水稻新品种赴越南试验示范", summary="联合研究栽培技术。",
    )  # fmt: skip
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    return {"need": need, "offer": offer, "owner": owner, "secretariat": secretariat}


def approve(listing, secretariat, capture):
    with capture(execute=True):
        marketplace_services.listing_approve(listing=listing, actor=secretariat)


def test_publishing_both_sides_creates_suggestions_both_ways(
    pair, django_capture_on_commit_callbacks
):
    approve(pair["need"], pair["secretariat"], django_capture_on_commit_callbacks)
    approve(pair["offer"], pair["secretariat"], django_capture_on_commit_callbacks)
    pairs = set(MatchSuggestion.objects.values_list("listing_id", "candidate_id", "status"))
    assert pairs == {
        (pair["need"].pk, pair["offer"].pk, SuggestionStatus.NEW),
        (pair["offer"].pk, pair["need"].pk, SuggestionStatus.NEW),
    }


def test_closing_a_listing_removes_its_suggestions(pair, django_capture_on_commit_callbacks):
    approve(pair["need"], pair["secretariat"], django_capture_on_commit_callbacks)
    approve(pair["offer"], pair["secretariat"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        marketplace_services.listing_close(listing=pair["offer"], actor=pair["secretariat"])
    assert MatchSuggestion.objects.count() == 0


def test_dismissed_suggestion_stays_dismissed_after_refresh(
    pair, django_capture_on_commit_callbacks, client
):
    approve(pair["need"], pair["secretariat"], django_capture_on_commit_callbacks)
    approve(pair["offer"], pair["secretariat"], django_capture_on_commit_callbacks)
    suggestion = MatchSuggestion.objects.get(listing=pair["need"])
    client.force_login(pair["owner"])
    page = client.get(f"/en/marketplace/{pair['need'].pk}/").content.decode()
    assert "Suggested partners" in page and pair["offer"].title in page
    response = client.post(f"/en/search/suggestions/{suggestion.pk}/", {"status": "dismissed"})
    assert response.status_code == 302
    services.suggestions_refresh([pair["need"].pk])
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED
    response = client.get(f"/en/marketplace/{pair['need'].pk}/")
    assert response.status_code == 200
    assert pair["need"].title in response.content.decode()
    assert pair["offer"].title not in response.content.decode()


def test_other_members_cannot_change_a_suggestion(pair, django_capture_on_commit_callbacks, client):
    approve(pair["need"], pair["secretariat"], django_capture_on_commit_callbacks)
    approve(pair["offer"], pair["secretariat"], django_capture_on_commit_callbacks)
    suggestion = MatchSuggestion.objects.get(listing=pair["need"])
    client.force_login(UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR))
    response = client.post(f"/en/search/suggestions/{suggestion.pk}/", {"status": "dismissed"})
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW


def test_digest_sent_once_per_period_and_only_when_due(
    pair, django_capture_on_commit_callbacks, mailoutbox
):
    approve(pair["need"], pair["secretariat"], django_capture_on_commit_callbacks)
    approve(pair["offer"], pair["secretariat"], django_capture_on_commit_callbacks)
    mailoutbox.clear()
    owner = pair["owner"]
    owner.match_digest = DigestFrequency.DAILY
    owner.save()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_due_digests(now) >= 1
    mine = [mail for mail in mailoutbox if mail.to == [owner.email]]
    assert len(mine) == 1
    assert pair["offer"].title in mine[0].body
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_due_digests(now + timedelta(hours=2))
    assert len([m for m in mailoutbox if m.to == [owner.email]]) == 1  # not due yet
    owner.refresh_from_db()
    owner.match_digest = DigestFrequency.NEVER
    owner.save()
    MatchSuggestion.objects.update(notified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_due_digests(now + timedelta(days=8))
    assert len([m for m in mailoutbox if m.to == [owner.email]]) == 1


def test_preferences_page_sets_the_digest_frequency(client, member):
    client.force_login(member)
    response = client.post(
        "/en/accounts/preferences/",
        {
            "first_name": "Li",
            "last_name": "Wei",
            "preferred_language": "vi",
            "match_digest": "daily",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.match_digest, member.preferred_language) == ("daily", "vi")
