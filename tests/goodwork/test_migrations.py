"""The migration history: one straight line per app, and the operations the data needs."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.sites.models import Site
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from employers.models import PledgeVersion
from goodwork.core.models import SiteSettings
from jobs.models import LivingWageRate

APPS = ["goodwork", "jobs", "employers", "residents"]


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


def _migrations(loader, app):
    return {
        name: migration
        for (label, name), migration in loader.disk_migrations.items()
        if label == app
    }


@pytest.mark.parametrize("app", APPS)
def test_each_app_has_one_initial_migration_and_a_straight_line(loader, app):
    migrations = _migrations(loader, app)
    assert [name for name, m in migrations.items() if m.initial] == ["0001_initial"]
    leaves = loader.graph.leaf_nodes(app)
    assert len(leaves) == 1, leaves
    for migration in migrations.values():
        same_app = [dep for dep in migration.dependencies if dep[0] == app]
        assert len(same_app) <= 1, f"{migration.name} merges {same_app}"


def test_the_cores_migrations_depend_on_no_app(loader):
    for migration in _migrations(loader, "goodwork").values():
        for label, _ in migration.dependencies:
            assert label in {"goodwork", "auth", "contenttypes", "sites", "__setting__"}, label


def _trigger_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [name])
        return cursor.fetchone() is not None


@pytest.mark.django_db
def test_the_audit_log_is_append_only_by_trigger():
    assert _trigger_exists("goodwork_auditevent_append_only")


@pytest.mark.django_db
def test_deleting_a_resident_clears_their_id_in_the_audit_log_by_trigger():
    assert _trigger_exists("residents_resident_forget_in_audit")


def _run_data_migration(module: str) -> None:
    importlib.import_module(module).seed(apps, None)


@pytest.mark.django_db
def test_the_london_living_wage_rate_is_seeded():
    LivingWageRate.objects.all().delete()
    _run_data_migration("jobs.migrations.0002_seed_london_living_wage")
    rate = LivingWageRate.objects.get()
    assert str(rate.hourly_rate) == "14.80" and rate.effective_from.isoformat() == "2025-10-22"


@pytest.mark.django_db
def test_pledge_version_1_is_seeded():
    PledgeVersion.objects.filter(pledges__isnull=True).delete()
    _run_data_migration("employers.migrations.0002_pledge_version_1")
    version = PledgeVersion.objects.get(number=1)
    assert version.is_current and version.min_flexible_share == 50
    assert "We do not use zero-hours contracts." in version.commitments


@pytest.mark.django_db
def test_the_portal_settings_row_and_site_are_seeded():
    SiteSettings.objects.all().delete()
    _run_data_migration("goodwork.core.migrations.0003_site_settings")
    assert SiteSettings.objects.filter(id=1).exists()
    assert Site.objects.get(id=1).name == "Good Work Camden"
