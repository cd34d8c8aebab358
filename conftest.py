"""Fixtures shared by every test: users of each role and organizations, built by factories."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.organizations.tests.factories import OrganizationFactory


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploads and search index files go to a temporary folder, never the data folder;
    each test starts with no vector index in memory."""
    from innobridge.search.lexical import forget_statistics
    from innobridge.search.semantic import reset_indexes

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_CHECK_SECONDS = 0  # tests see the worker's changes at once
    settings.SEARCH_INDEX_AUDIT_SECONDS = 0
    settings.SEARCH_FILTER_CACHE_SECONDS = 0
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    reset_indexes()
    forget_statistics()
    yield
    reset_indexes()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /zh-hans/... leaves its
    language active in the thread, and the next test's reverse() or country names would
    follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the dashboards cache their figures)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background jobs run at once in tests; tests of the real worker override this."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_listing_change_tasks(settings):
    """Search indexing after listing changes is tested by the search app's own tests."""
    settings.LISTING_CHANGE_TASKS = []


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def other_organization(db):
    return OrganizationFactory()


@pytest.fixture
def member(organization):
    """A member editor of `organization`."""
    return UserFactory(organization=organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def secretariat(db):
    return UserFactory(role=Role.SECRETARIAT, is_staff=True)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def taxonomies(db):
    """The taxonomies the data migrations load, loaded again (both loaders are upserts).

    A transactional test cannot count on them: one before it flushes the database, and
    Django's serialized rollback restores nothing once a browser test has run (Playwright's
    greenlets give the ORM a fresh connection object, without the serialized copy)."""
    import importlib

    from django.apps import apps

    for module, function in (
        ("innobridge.core.migrations.0002_load_taxonomies", "load_taxonomies"),
        ("innobridge.core.migrations.0004_load_cooperation_types", "load"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)
