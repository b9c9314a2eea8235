import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LOAD_SETTINGS = "import django; django.setup(); print('loaded')"


def _load(env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "goodwork.settings"
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-c", LOAD_SETTINGS], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_refuses_production_without_secret_key():
    result = _load(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": None, "DJANGO_ALLOWED_HOSTS": "x.example"}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_refuses_production_with_weak_secret_key():
    result = _load(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "x.example"}
    )
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_refuses_production_without_allowed_hosts():
    result = _load(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
            "DJANGO_ALLOWED_HOSTS": None,
        }
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_refuses_to_run_without_database_url():
    result = _load({"DJANGO_DEBUG": "true", "DATABASE_URL": None})
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_refuses_sqlite():
    result = _load({"DJANGO_DEBUG": "true", "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_debug_allows_missing_secret_key():
    result = _load({"DJANGO_DEBUG": "true", "DJANGO_SECRET_KEY": None})
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout


def test_production_settings_are_safe(settings):
    result = _load(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
            "DJANGO_ALLOWED_HOSTS": "x.example",
        }
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "setting, expected",
    [("SESSION_COOKIE_HTTPONLY", True), ("CSRF_COOKIE_HTTPONLY", True), ("X_FRAME_OPTIONS", "DENY"),
     ("SECURE_CONTENT_TYPE_NOSNIFF", True)],
)
def test_security_defaults(settings, setting, expected):
    assert getattr(settings, setting) == expected


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "goodwork.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "pS7#vQ2!xR9@mL4$wT6%zB1^nC8&dF3*gH5(jK0)-aZ3eY7uI1oP5sD9fG2hJ",
            "DJANGO_ALLOWED_HOSTS": "goodwork.camden.gov.uk",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_connections_run_without_jit_compilation():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
