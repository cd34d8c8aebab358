"""Language tags (BCP 47) as the world writes them, everywhere a language enters.

Case does not matter, regions and scripts are read (`zh-TW` is Traditional Chinese), and
every way in stores one canonical code: the API, the imports, forms, the search and browse
filters and the browser's Accept-Language.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.core.languages import canonical_language, text_direction
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.models import Organization
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import services as search_services

ALIASES = [
    ("zh-Hans", "zh-hans"), ("zh-hans", "zh-hans"), ("ZH-HANS", "zh-hans"),
    ("zh_Hans", "zh-hans"), ("zh-Hans-CN", "zh-hans"), ("zh", "zh-hans"),
    ("zh-CN", "zh-hans"), ("zh-cn", "zh-hans"), ("zh-SG", "zh-hans"),
    ("zh-Hant", "zh-hant"), ("zh-TW", "zh-hant"), ("zh-HK", "zh-hant"), ("zh-MO", "zh-hant"),
    ("zh_Hant_TW", "zh-hant"),
    ("vi-VN", "vi"), ("VI", "vi"), ("pt-BR", "pt"), ("en-GB", "en"), ("ar-EG", "ar"),
    ("ru-RU", "ru"), (" ru ", "ru"), ("in", "id"), ("sr-Latn-RS", "sr"),
    ("en-US-u-ca-gregory", "en"),
]  # fmt: skip
UNSUPPORTED = ["", "xx", "x-klingon", "yue-HK", "123", "zh-", "--"]


@pytest.mark.parametrize(("tag", "code"), ALIASES)
def test_a_tag_as_people_write_it_has_one_canonical_code(tag, code):
    assert canonical_language(tag) == code


@pytest.mark.parametrize("tag", UNSUPPORTED)
def test_a_tag_we_do_not_keep_is_none(tag):
    assert canonical_language(tag) is None


def test_direction_follows_the_language():
    assert [text_direction(c) for c in ["ar", "ar-EG", "fa", "ur", "zh-hans", "ru", "", None]] == [
        "rtl", "rtl", "rtl", "rtl", "ltr", "ltr", "ltr", "ltr",
    ]  # fmt: skip


@pytest.fixture
def chinese_and_vietnamese(db):
    owner = OrganizationFactory(country="CN")
    listings = {
        "zh-hans": ListingFactory(owner=owner, language="zh-hans", title="耐盐碱水稻品种",
                                  summary="水稻品种示范。"),
        "zh-hant": ListingFactory(owner=owner, language="zh-hant", title="耐鹽鹼水稻品種",
                                  summary="水稻品種示範。"),
        "vi": ListingFactory(owner=owner, language="vi", title="Giống lúa chịu mặn",
                             summary="Giống lúa năng suất cao."),
    }  # fmt: skip
    search_services.index_listings([listing.pk for listing in listings.values()])
    return listings


def _search_languages(client: APIClient, lang: str) -> tuple[int, set[str]]:
    response = client.get("/api/v1/search/", {"q": "水稻 lúa", "lang": lang})
    if response.status_code != 200:
        return response.status_code, set()
    return 200, {hit["language"] for hit in response.json()["results"]}


@pytest.mark.django_db
def test_search_api_lang_filter_takes_any_tag_for_a_language(chinese_and_vietnamese):
    client = APIClient()
    assert _search_languages(client, "zh-hans") == (200, {"zh-hans"})
    for tag in ["zh-Hans", "ZH-HANS", "zh-CN", "zh-SG"]:
        assert _search_languages(client, tag) == (200, {"zh-hans"}), tag
    for tag in ["zh-Hant", "zh-TW", "zh-HK", "zh-MO"]:
        assert _search_languages(client, tag) == (200, {"zh-hant"}), tag
    assert _search_languages(client, "vi-VN") == (200, {"vi"})
    assert _search_languages(client, "klingon")[0] == 400


@pytest.mark.django_db
def test_browse_and_api_list_filters_take_any_tag(chinese_and_vietnamese):
    api = APIClient()
    response = api.get("/api/v1/listings/", {"language": "zh-TW"})
    assert response.status_code == 200
    assert {row["language"] for row in response.json()["results"]} == {"zh-hant"}
    page = Client().get("/en/marketplace/", {"language": "ZH-HANS"})
    assert page.status_code == 200
    assert chinese_and_vietnamese["zh-hans"].title in page.content.decode()
    assert chinese_and_vietnamese["vi"].title not in page.content.decode()


@pytest.mark.django_db
def test_api_stores_the_canonical_code():
    organization = OrganizationFactory()
    editor = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    client = APIClient()
    client.force_authenticate(editor)
    payload = {"kind": "offer", "title": "耐鹽鹼水稻品種", "summary": "適合沿海稻田。",
               "language": "zh-TW"}  # fmt: skip
    response = client.post("/api/v1/listings/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "zh-hant"
    assert Listing.objects.get(pk=response.json()["id"]).language == "zh-hant"

    bad = client.post("/api/v1/listings/", {**payload, "language": "klingon"}, format="json")
    assert bad.status_code == 400
    assert "klingon" in bad.json()["language"][0]
    assert Listing.objects.count() == 1


@pytest.mark.django_db
def test_api_canonicalizes_translated_name_keys():
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    client = APIClient()
    client.force_authenticate(secretariat)
    response = client.post(
        "/api/v1/organizations/",
        {"type": "science_park", "name": "新竹科學園區", "name_language": "zh-TW", "country": "CN",
         "translated_names": {"EN": "Hsinchu Science Park", "zh-CN": "新竹科学园区"}},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    organization = Organization.objects.get(pk=response.json()["id"])
    assert organization.name_language == "zh-hant"
    assert organization.translated_names == {
        "en": "Hsinchu Science Park",
        "zh-hans": "新竹科学园区",
    }


@pytest.mark.django_db
def test_import_listings_takes_zh_hans_and_the_listing_is_found_by_ref(tmp_path, capsys):
    UserFactory(role=Role.SECRETARIAT, is_staff=True)
    owner = OrganizationFactory(name="绵阳市农业科学研究院", country="CN")
    records = [
        {"kind": "offer", "lang": "zh-Hans", "title": "耐盐碱水稻品种", "ref": "TAG-1",
         "description": "适合湄公河三角洲的耐盐碱水稻。", "country": "VN"},
        {"kind": "offer", "lang": "zh-TW", "title": "耐鹽鹼水稻品種", "ref": "TAG-2",
         "description": "適合湄公河三角洲的耐鹽鹼水稻。", "country": "VN"},
        {"kind": "offer", "lang": "klingon", "title": "Rice", "ref": "TAG-3",
         "description": "Rice varieties.", "country": "VN"},
    ]  # fmt: skip
    path = tmp_path / "listings.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    call_command("import_listings", str(path), "--owner", str(owner.pk))
    captured = capsys.readouterr()
    assert "2 published" in captured.out
    assert "line 3, language:" in captured.err and "klingon" in captured.err
    first, second = Listing.objects.get(ref="TAG-1"), Listing.objects.get(ref="TAG-2")
    assert (first.status, first.language) == (ListingStatus.PUBLISHED, "zh-hans")
    assert second.language == "zh-hant"
    found = APIClient().get("/api/v1/listings/", {"ref": "TAG-1"}).json()["results"]
    assert [row["id"] for row in found] == [first.pk]


@pytest.mark.django_db
def test_csv_import_of_organizations_takes_any_tag(tmp_path):
    from innobridge.core.exchange import import_rows, registered_datasets
    from innobridge.core.tabular import read_table

    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    path = tmp_path / "organizations.csv"
    path.write_text(
        "type,name,name_language,country,name_en\n"
        "science_park,新竹科學園區,zh-TW,CN,Hsinchu Science Park\n"
        "science_park,Khu công nghệ cao Hòa Lạc,vi-VN,VN,Hoa Lac Hi-Tech Park\n",
        encoding="utf-8",
    )
    dataset = registered_datasets()["organizations"]
    with path.open("rb") as handle:
        rows = read_table(handle, name=path.name, required=dataset.required, known=dataset.columns)
    report = import_rows(dataset, rows=rows, actor=secretariat)
    assert not report.errors, report.errors
    assert dict(Organization.objects.values_list("name", "name_language")) == {
        "新竹科學園區": "zh-hant",
        "Khu công nghệ cao Hòa Lạc": "vi",
    }


@pytest.mark.parametrize(
    ("header", "language"),
    [("zh-CN,zh;q=0.9", "zh-hans"), ("zh-SG", "zh-hans"), ("zh-TW", "zh-hant"),
     ("zh-HK", "zh-hant"), ("zh-MO", "zh-hant"), ("ZH-HANS", "zh-hans"), ("zh-Hant", "zh-hant"),
     ("vi-VN,vi;q=0.9", "vi"), ("ru-RU", "ru"), ("ar-EG", "ar"), ("pt-BR,fr;q=0.5", "en")],
)  # fmt: skip
@pytest.mark.django_db
def test_accept_language_chooses_the_ui_language(header, language):
    response = Client().get("/", headers={"accept-language": header})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{language}/")


@pytest.mark.django_db
def test_forms_take_any_tag():
    from innobridge.events.forms import InterpreterForm, RegistrationForm
    from innobridge.events.tests.factories import EventFactory
    from innobridge.organizations.forms import OrganizationForm

    event = EventFactory()
    interpreter = InterpreterForm({"name": "Lê Thu Hà", "language_pairs": "zh-CN:vi-VN, EN:ru"},
                                  event=event)  # fmt: skip
    assert interpreter.is_valid(), interpreter.errors
    assert interpreter.cleaned_data["language_pairs"] == [["zh-hans", "vi"], ["en", "ru"]]

    registration = RegistrationForm(
        {"languages": ["zh-TW", "VI"]}, event=event, organization_id=None
    )
    registration.is_valid()
    assert "languages" not in registration.errors
    assert registration.cleaned_data["languages"] == ["zh-hant", "vi"]

    organization = OrganizationFactory()
    form = OrganizationForm(instance=organization)
    field = form.fields["name_language"]
    assert field.clean("zh-HK") == "zh-hant"
    with pytest.raises(Exception, match="klingon"):
        field.clean("klingon")
