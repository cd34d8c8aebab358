import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from innobridge.core.countries import country_choices, country_name, validate_country_code


@pytest.mark.parametrize("code", ["VN", "CN", "KZ", "AE"])
def test_validate_country_code_accepts_assigned_codes(code):
    validate_country_code(code)


@pytest.mark.parametrize("code", ["XX", "vn", "VNM", "", "E1"])
def test_validate_country_code_rejects_others(code):
    with pytest.raises(ValidationError) as error:
        validate_country_code(code)
    assert error.value.code == "invalid_country"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Vietnam"), ("zh-hans", "越南"), ("zh-hant", "越南"), ("vi", "Việt Nam")],
)
def test_country_name_in_ui_language(language, expected):
    assert country_name("VN", language) == expected


def test_country_name_follows_active_language():
    with translation.override("zh-hant"):
        assert country_name("TH") == "泰國"


def test_country_choices_sorted_by_localized_name():
    with translation.override("en"):
        assert country_choices(["VN", "CN", "KZ"]) == [
            ("CN", "China"),
            ("KZ", "Kazakhstan"),
            ("VN", "Vietnam"),
        ]
