"""The `import-article` command: one JSON object per page, folders with failures reported,
and the checks it makes before importing anything."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from innobridge.news.models import Article
from innobridge.news.tests.importing_data import FIXTURE, FIXTURE_ORGANIZATIONS, PAGES

pytestmark = pytest.mark.django_db


def test_command_prints_one_json_object_per_page(directory, secretariat, capsys, fixture_bytes):
    call_command("import_article", str(FIXTURE), "--json")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    article = Article.objects.get()
    assert result == {
        "id": article.pk,
        "file": str(FIXTURE),
        "title": "綿陽攜手國際伙伴共探科技合作新范式",
        "subtitle": "“一帶一路”科技園區合作創新發展對話在蓉舉行",
        "published_at": "2025-06-13T08:33:00+08:00",
        "time_zone": "Asia/Shanghai",
        "source": "綿陽日報",
        "author": "",
        "editor": "譚鵬",
        "language": "zh-hant",
        "body": article.body_text,
        "flags": [
            {"kind": "spam", "start": 0, "end": 39, "text": fixture_bytes.decode()[0:39]},
            {
                "kind": "damaged",
                "start": 628,
                "end": 642,
                "text": "?;顒又校\ue0f1型獯\ue300砉餐\ue0e4吓_",
            },
            {"kind": "damaged", "start": 1324, "end": 1331, "text": "?;顒又校\ue0d9d"},
            {"kind": "damaged", "start": 2051, "end": 2056, "text": "?。ㄓ浾?"},
        ],
        "organizations": [
            {"id": organization.pk, "name": organization.name}
            for organization in article.organizations.order_by("pk")
        ],
    }
    assert [entry["name"] for entry in result["organizations"]] == FIXTURE_ORGANIZATIONS


def test_command_imports_a_folder_and_reports_every_failure(
    directory, secretariat, tmp_path, capsys
):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("01_gbk_text_spam.txt", "15_cp1251_ru_html_spam.html"):
        (folder / name).write_bytes((PAGES / name).read_bytes())
    (folder / "empty.html").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n...")
    with pytest.raises(CommandError) as error:
        call_command("import_article", str(folder))
    assert str(error.value) == "2 of 4 files could not be imported."
    output = capsys.readouterr()
    assert output.out.splitlines() == ["2 imported as drafts (2 with flagged spans), 2 failed."]
    assert output.err.splitlines()[-2:] == [
        f"{folder / 'empty.html'}: The page is empty.",
        f"{folder / 'scan.pdf'}: The file is not an HTML page or a text file.",
    ]
    assert sorted(Article.objects.values_list("source_file", flat=True)) == [
        "01_gbk_text_spam.txt",
        "15_cp1251_ru_html_spam.html",
    ]


def test_command_needs_an_existing_path(secretariat, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_article", str(tmp_path / "missing.html"))
    assert str(error.value) == f"No such file or folder: {tmp_path / 'missing.html'}"


def test_command_needs_a_secretariat_account(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Title\n\nText of the article.", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_article", str(page))
    assert str(error.value) == (
        "No secretariat account to import as: create one with createsecretariat."
    )
