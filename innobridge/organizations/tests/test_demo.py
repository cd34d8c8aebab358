import pytest
from django.core.management import call_command

from innobridge.accounts.models import User
from innobridge.core.text import fold_for_search
from innobridge.organizations.choices import MembershipRole
from innobridge.organizations.demo import (
    DEMO_SECRETARIAT_EMAIL,
    DEMO_SECRETARIAT_PASSWORD,
    demo_load,
    demo_login_hint,
    load_demo_records,
)
from innobridge.organizations.models import Organization

pytestmark = pytest.mark.django_db

# Every organization the news article names, as the article (Traditional Chinese) writes it.
ARTICLE_NAMES = [
    "火炬高技術產業開發中心",
    "四川省科學技術廳",
    "綿陽市人民政府",
    "IASP",
    "蘇州工業園區",
    "西安高新",
    "中國（綿陽）科技城",
    "綿陽科技城管理委員會",
    "綿陽市農業科學研究院",
    "越南河川種業公司",
    "重慶高新技術產業開發區",
    "四川天府新區",
]


def test_demo_file_is_a_realistic_alliance():
    records = load_demo_records()
    member_records = [r for r in records if r["membership_status"] != "applicant"]
    assert len(records) >= 71
    assert len({r["country"] for r in records}) >= 15
    assert all(r["translated_names"].get("en") for r in records)
    assert len({r["name_language"] for r in records}) >= 10
    assert len(member_records) >= 60


def test_demo_load_creates_article_organizations():
    summary = demo_load()
    assert summary.created == len(load_demo_records())
    for name in ARTICLE_NAMES:
        found = Organization.objects.filter(search_text__contains=fold_for_search(name))
        assert found.count() == 1, name
    secretariat = User.objects.get(email=DEMO_SECRETARIAT_EMAIL)
    assert secretariat.is_secretariat
    assert MembershipRole.SECRETARIAT in secretariat.organization.roles
    assert Organization.objects.filter(is_demo=False).count() == 0


def test_demo_load_is_idempotent():
    demo_load()
    counts = (Organization.objects.count(), User.objects.count())
    history = Organization.history.count()
    second = demo_load()
    assert second.created == 0
    assert second.updated == 0
    assert (Organization.objects.count(), User.objects.count()) == counts
    assert Organization.history.count() == history


def test_demo_command_prints_login(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "created" in out
    assert DEMO_SECRETARIAT_EMAIL in out


def test_demo_login_hint_names_the_demo_secretariat_only_while_its_password_is_published():
    assert demo_login_hint() == ""  # no demo in this database

    demo_load()

    assert demo_login_hint() == (
        f"Demo secretariat login: {DEMO_SECRETARIAT_EMAIL} / {DEMO_SECRETARIAT_PASSWORD}"
    )
    secretariat = User.objects.get(email=DEMO_SECRETARIAT_EMAIL)
    secretariat.set_password("a-private-password-now")
    secretariat.save()
    assert demo_login_hint() == ""
