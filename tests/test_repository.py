"""What the repository may hold: no secret and no local data, while the package's own data
files stay; and where the local secret key is made (issue 12, defect 5)."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path, PurePosixPath

import pytest

from innobridge import settings as project_settings

CHECKOUT = Path(__file__).resolve().parent.parent
# Data the package ships and needs at run time.
PACKAGE_DATA = [
    "innobridge/core/data/taxonomies.json",
    "innobridge/core/data/spam_terms.txt",
    "innobridge/search/data/e5_language_means.npz",
    "innobridge/organizations/demo/organizations.json",
]


def git() -> str:
    executable = shutil.which("git")
    if not (CHECKOUT / ".git").exists() or executable is None:
        pytest.skip("not a git checkout: nothing to inspect")
    return executable


def tracked_files() -> list[str]:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [git(), "ls-files", "-z"], cwd=CHECKOUT, capture_output=True, check=True
    )
    return [name for name in result.stdout.decode().split("\0") if name]


def is_secret_or_local_data(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        path.name == "secret_key"
        or path.suffix in {".sqlite3", ".sqlite", ".db"}
        or ".sqlite3-" in path.name
        or path.parts[0] == "data"
        or path.parts[:2] == ("innobridge", "data")
    )


def test_repository_holds_no_secret_and_no_local_data():
    tracked = tracked_files()
    assert [name for name in tracked if is_secret_or_local_data(name)] == []
    assert [name for name in PACKAGE_DATA if name not in tracked] == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("innobridge/data/secret_key", True),
        ("data/innobridge.sqlite3", True),
        ("data/search/manifest.json", True),
        ("somewhere/else/secret_key", True),
        ("data/test-innobridge.sqlite3-wal", True),
        ("innobridge/core/data/taxonomies.json", False),
        ("bench/data/matching.json", False),
    ],
)
def test_secret_and_local_data_are_recognized(name, expected):
    assert is_secret_or_local_data(name) is expected


def test_git_ignores_local_data_but_not_package_data():
    ignored = subprocess.run(  # noqa: S603 (fixed arguments)
        [git(), "check-ignore", "--no-index", "--stdin"],
        cwd=CHECKOUT,
        input="\n".join(
            [
                "data/secret_key",
                "innobridge/data/secret_key",
                "data/innobridge.sqlite3",
                "innobridge/core/data/taxonomies.json",
                "innobridge/search/data/e5_language_means.npz",
            ]
        ),
        capture_output=True,
        text=True,
    ).stdout.split()
    assert ignored == ["data/secret_key", "innobridge/data/secret_key", "data/innobridge.sqlite3"]


def test_local_secret_key_is_readable_by_its_owner_only(tmp_path):
    key = project_settings._local_secret_key(tmp_path)

    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key) >= 50
    assert project_settings._local_secret_key(tmp_path) == key  # made once, then kept
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]  # no draft left


def test_local_secret_key_is_never_made_inside_the_package():
    from django.core.exceptions import ImproperlyConfigured

    inside = project_settings.BASE_DIR / "data"
    with pytest.raises(ImproperlyConfigured):
        project_settings._local_secret_key(inside)
    assert not (inside / "secret_key").exists()


def test_default_data_folder_of_a_checkout_is_its_own_whatever_the_working_folder(monkeypatch):
    monkeypatch.chdir(project_settings.BASE_DIR)  # where `make messages` runs

    assert project_settings._default_data_dir() == CHECKOUT / "data"
