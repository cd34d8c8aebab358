import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from innobridge.core.languages import ui_language_codes
from innobridge.core.models import FocusArea, Sector, WorkArea

pytestmark = pytest.mark.django_db


def test_taxonomies_loaded_by_data_migration():
    assert Sector.objects.count() == 11
    assert list(WorkArea.objects.values_list("code", flat=True)) == [
        "flagship-events",
        "resource-sharing",
        "innovation-entrepreneurship",
        "technology-transfer",
        "talent-exchange",
        "industrial-cooperation",
        "network-platform",
    ]
    assert list(FocusArea.objects.values_list("code", flat=True)) == [
        "collaborative-innovation",
        "industrial-complementarity",
        "ecosystem-co-building",
    ]


@pytest.mark.parametrize("model", [Sector, WorkArea, FocusArea])
def test_every_taxonomy_entry_named_in_every_ui_language(model):
    for entry in model.objects.all():
        missing = [code for code in ui_language_codes() if not entry.names.get(code)]
        assert missing == [], entry.code


def test_taxonomy_label_follows_active_language():
    sector = Sector.objects.get(code="agriculture")
    with translation.override("zh-hant"):
        assert str(sector) == "現代農業與種業"
    assert sector.label("vi") == "Nông nghiệp hiện đại và ngành giống"


def test_taxonomy_names_must_cover_every_ui_language():
    sector = Sector(code="quantum", names={"en": "Quantum technology"})
    with pytest.raises(ValidationError) as error:
        sector.full_clean()
    assert "names" in error.value.message_dict
