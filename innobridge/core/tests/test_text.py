import pytest

from innobridge.core.text import fold_for_search, strip_latin_accents


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("綿陽", "绵阳"), ("綿陽市農業科學研究院", "绵阳市农业科学研究院"), ("臺灣", "台湾")],
)
def test_fold_for_search_traditional_equals_simplified(traditional, simplified):
    assert fold_for_search(traditional) == fold_for_search(simplified)


def test_fold_for_search_latin_case_and_accents():
    assert (
        fold_for_search("Khu Công nghệ cao Hòa Lạc, Hà Nội") == "khu cong nghe cao hoa lac, ha noi"
    )
    assert fold_for_search("Đà Nẵng") == "da nang"
    assert fold_for_search("MÁLAGA") == "malaga"


def test_fold_for_search_nfkc_and_whitespace():
    assert fold_for_search("ＡＢＣ\u3000 park\n\tzone") == "abc park zone"


def test_strip_latin_accents_keeps_marks_of_other_scripts():
    thai = "อุทยานวิทยาศาสตร์"
    assert strip_latin_accents(thai) == thai
    arabic = "مُدينة"
    assert strip_latin_accents(arabic) == arabic


def test_fold_for_search_empty():
    assert fold_for_search("") == ""
    assert fold_for_search(None) == ""
