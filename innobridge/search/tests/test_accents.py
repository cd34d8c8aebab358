"""Vietnamese typed without its marks, written back from the listings that use its words."""

from __future__ import annotations

import pytest

from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.search import accents, ranking, services
from innobridge.search.accents import could_be_unmarked_vietnamese, restore


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tram sac xe dien", True),
        ("giong lua chiu man", True),
        ("Dang Ky Nhan Hieu", True),
        ("dairy", False),  # no Vietnamese syllable ends in "iry"
        ("salt tolerant rice", False),
        ("pcr enzymes", False),
        ("trạm sạc", False),  # already written with its marks
        ("5G", False),
        ("", False),
    ],
)
def test_only_queries_made_of_unmarked_syllables_could_be_vietnamese(query, expected):
    assert could_be_unmarked_vietnamese(query) is expected


def test_restore_takes_the_longest_runs_as_the_texts_write_them():
    texts = [
        "Trạm sạc xe điện nhanh cho đô thị. Chúng tôi lắp đặt trạm sạc.",
        "Dịch vụ đăng ký nhãn hiệu tại ASEAN; công ty đang tìm đối tác.",
    ]

    assert restore("tram sac xe dien", texts) == "trạm sạc xe điện"
    assert restore("dang ky nhan hieu", texts) == "đăng ký nhãn hiệu"
    assert restore("dang tim", texts) == "đang tìm"  # "dang" as this text writes it here
    assert restore("xe dien qua", texts) == "xe điện qua"  # a word no text has stays


def _published(title: str, summary: str, language: str):
    listing = ListingFactory(title=title, summary=summary, language=language)
    services.index_listings([listing.pk])
    return listing


@pytest.mark.django_db
def test_an_unmarked_vietnamese_query_is_searched_as_the_listings_write_it():
    charging = _published(
        "Trạm sạc xe điện nhanh cho bãi đỗ chung cư", "Lắp đặt trạm sạc xe điện 60 kW.", "vi"
    )
    _published("Dịch vụ đăng ký nhãn hiệu", "Tư vấn sở hữu trí tuệ tại ASEAN.", "vi")
    chargers = _published("Fast chargers for electric buses", "DC charging depots, 150 kW.", "en")

    results = ranking.search("tram sac xe dien", filtered=False)
    english = ranking.search("electric vehicle charging", filtered=False)

    assert results.language == "vi"
    assert {hit.listing_id for hit in results.hits[:2]} == {charging.pk, chargers.pk}
    assert accents.restored_query("electric", ["electric"], ranking.searchable()) is None
    assert english.language == "en"
