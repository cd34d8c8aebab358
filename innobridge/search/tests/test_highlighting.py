"""Folded search terms are shown as they were written (issue 17): `giống`, never `giong`."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.search import services
from innobridge.search.highlighting import aligned_fold, as_written


def test_the_fold_keeps_every_position():
    text = "Giống lúa NĂNG suất cao · 耐鹽鹼水稻品種"
    assert len(aligned_fold(text)) == len(text)
    assert aligned_fold(text).startswith("giong lua nang suat cao")


def test_vietnamese_terms_keep_their_accents():
    query = "giống lúa năng suất cao"
    assert as_written(["giong", "lua", "nang", "cao"], query) == ["giống", "lúa", "năng", "cao"]


def test_a_term_absent_from_the_query_is_taken_from_the_listing():
    assert as_written(["品种", "lora"], "水稻", "耐盐碱 LoRa 品種") == ["品種", "LoRa"]


def test_a_latin_term_is_found_as_a_whole_word():
    assert as_written(["lua"], "Luật về lúa") == ["lúa"]


def test_a_term_found_nowhere_is_shown_as_it_is():
    assert as_written(["xyz", "xyz"], "abc") == ["xyz"]


@pytest.mark.django_db
@pytest.mark.parametrize("ui", ["en", "vi", "ar"])
def test_the_why_line_shows_the_words_of_the_query(ui):
    listing = ListingFactory(
        language="vi",
        title="Giống lúa năng suất cao cho đồng bằng sông Cửu Long",
        summary="Giống lúa chịu mặn, năng suất cao, đã thử nghiệm tại Sóc Trăng.",
    )
    services.index_listings([listing.pk])
    response = Client().get(f"/{ui}/search/", {"q": "giống lúa năng suất cao"})
    assert response.status_code == 200
    why = re.search(r'<p class="why">(.*?)</p>', response.content.decode(), re.S).group(1)
    assert "giống" in why and "lúa" in why
    assert not re.search(r"\b(giong|lua|nang)\b", why)


def test_highlight_marks_runs_and_escapes_everything():
    from innobridge.search.templatetags.search import highlight

    html = highlight("Giống lúa <b>&</b> LÚA", ["lua", "giong"])
    assert html == "<mark>Giống</mark> <mark>lúa</mark> &lt;b&gt;&amp;&lt;/b&gt; <mark>LÚA</mark>"
    assert highlight("", ["x"]) == "" and highlight("a<b", []) == "a&lt;b"
