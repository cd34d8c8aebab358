"""`innobridge import-listings FILE.jsonl`: load, check, index; report rejected lines."""

import json

import pytest
from django.core.management import call_command

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import ranking

pytestmark = pytest.mark.django_db

SPAM = "无码国产精品一区二区免费16,性做久久久久久免费观看,国产亚洲精品美女久久久久"


@pytest.fixture
def jsonl(tmp_path):
    def write(*records) -> str:
        path = tmp_path / "listings.jsonl"
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    return write


def test_import_listings_loads_indexes_and_reports_rejected_lines(jsonl, capsys):
    UserFactory(role=Role.SECRETARIAT, is_staff=True)
    academy = OrganizationFactory(name="绵阳市农业科学研究院", country="CN")
    park = OrganizationFactory(name="Suzhou Industrial Park", country="CN")
    path = jsonl(
        {"kind": "offer", "lang": "zh-hans", "title": "耐盐碱水稻品种",
         "description": "适合湄公河三角洲。", "country": "VN", "sectors": ["agriculture"],
         "owner": "绵阳市农业科学研究院", "ref": "EXT-1"},
        {"kind": "need", "title": "Drone mapping", "description": "Orchards.", "owner": 99999},
        "not json",
        {"kind": "offer", "title": "Promotion", "description": SPAM, "ref": "SPAM-1"},
        {"kind": "unicorn", "title": "What?", "description": "?"},
    )  # fmt: skip
    call_command("import_listings", path, "--owner", str(park.pk))
    captured = capsys.readouterr()
    assert "1 published, 1 held for moderation, 0 drafts, 3 lines rejected." in captured.out
    assert "line 2, owner: No organization “99999” in the directory." in captured.err
    assert "line 3: not valid JSON" in captured.err
    assert "line 5, kind:" in captured.err
    offer = Listing.objects.get(ref="EXT-1")
    assert (offer.owner, offer.status, offer.language) == (
        academy,
        ListingStatus.PUBLISHED,
        "zh-hans",
    )
    assert list(offer.target_countries.values_list("country", flat=True)) == ["VN"]
    spam = Listing.objects.get(ref="SPAM-1")
    assert (spam.owner, spam.status) == (park, ListingStatus.SUBMITTED)
    assert spam.moderation_flags[0]["kind"] == "spam"
    # searchable as soon as the command returns
    assert [h.listing_id for h in ranking.search("盐碱 水稻", limit=3).hits] == [offer.pk]


def test_import_listings_as_drafts_publishes_nothing(jsonl, capsys):
    UserFactory(role=Role.SECRETARIAT, is_staff=True)
    OrganizationFactory(name="Owner", country="VN")
    path = jsonl(
        {
            "kind": "offer",
            "title": "Giống lúa",
            "description": "Giống lúa chịu mặn.",
            "owner": "Owner",
        }
    )
    call_command("import_listings", path, "--draft")
    assert (
        "0 published, 0 held for moderation, 1 drafts, 0 lines rejected." in capsys.readouterr().out
    )
    assert Listing.objects.get().status == ListingStatus.DRAFT
    assert ranking.search("giống lúa", limit=3).hits == []


def test_cli_accepts_the_hyphenated_command_name():
    from innobridge.cli import command_arguments

    assert command_arguments(["import-listings", "x.jsonl", "--draft"]) == [
        "import_listings",
        "x.jsonl",
        "--draft",
    ]
    assert command_arguments(["--version"]) == ["--version"]
