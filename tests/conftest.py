"""Shared fixtures: people in every role, and a real Celery worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.employers.factories import MembershipFactory, OrganisationFactory, OwnerMembershipFactory
from tests.formclient import FormClient
from tests.goodwork.core.factories import CouncilAdminFactory, UserFactory
from tests.residents.factories import CoachFactory, ProviderFactory, ResidentFactory

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests empty every table; put back the rows the portal relies on."""
    if {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames) or \
            request.node.get_closest_marker("django_db"):
        from goodwork.reference import ensure_reference_data

        request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
        ensure_reference_data()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )


@pytest.fixture
def empty_cache(settings):
    """Forget rate-limit counters left by earlier tests or runs.

    Only this checkout's and this xdist worker's keys: the Redis database is shared with the
    other workers (and their Celery queues), so cache.clear(), a FLUSHDB, is not an option.
    """
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
    return cache


# -- The browser's side --------------------------------------------------------------------

@pytest.fixture
def client() -> FormClient:
    """Every view test's client enforces CSRF and posts each form with the token of the page it
    is on, as a browser does (tests/formclient.py)."""
    return FormClient()


# -- People ---------------------------------------------------------------------------------

@pytest.fixture
def resident(db):
    return ResidentFactory()


@pytest.fixture
def other_resident(db):
    return ResidentFactory()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def employer_member(db, organisation):
    return OwnerMembershipFactory(organisation=organisation).user


@pytest.fixture
def other_employer_member(db):
    return MembershipFactory(organisation=OrganisationFactory()).user


@pytest.fixture
def provider(db):
    return ProviderFactory()


@pytest.fixture
def coach(db, provider):
    return CoachFactory(provider=provider).user


@pytest.fixture
def other_provider_coach(db):
    return CoachFactory(provider=ProviderFactory()).user


@pytest.fixture
def council_admin(db):
    return CouncilAdminFactory()


@pytest.fixture
def user(db):
    """Signed up, with no role yet."""
    return UserFactory()


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def resident_client(client, resident):
    return _client_for(client, resident.user)


@pytest.fixture
def employer_client(client, employer_member):
    return _client_for(client, employer_member)


@pytest.fixture
def coach_client(client, coach):
    return _client_for(client, coach)


@pytest.fixture
def admin_client_(client, council_admin, mfa_login):
    """A council admin signed in with a second factor, as the admin site requires."""
    return mfa_login(client, council_admin)


# -- A real Celery worker --------------------------------------------------------------------

def _test_database_url() -> str:
    from django.db import connection

    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


class WorkerProcess:
    """`celery worker` in its own process, on this test session's own queue and database."""

    def __init__(self, env: dict[str, str], name: str, log: Path):
        self.env, self.name, self.log = env, name, log
        self.process: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> WorkerProcess:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "goodwork", "worker", "--loglevel", "INFO",
                 "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
                 "--queues", settings.CELERY_TASK_DEFAULT_QUEUE, "--hostname", f"{self.name}@%h"],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        from goodwork.celery import ping_task

        deadline = time.monotonic() + timeout
        result = ping_task.delay("ready")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early; see {self.log}")
            if result.ready():
                result.get()
                return
            time.sleep(0.1)
        raise RuntimeError(f"Celery worker did not answer within {timeout}s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL: what a crash or an OOM kill looks like to the broker."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def worker_factory(
    django_db_setup, django_db_blocker, worker_id
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start real worker processes against the test database; all are stopped at the end."""
    from goodwork.celery import app

    with django_db_blocker.unblock():
        env = {**os.environ, "DATABASE_URL": _test_database_url(),
               "DJANGO_SETTINGS_MODULE": "goodwork.settings_test"}
    app.control.purge()
    started: list[WorkerProcess] = []

    def start(wait: bool = True) -> WorkerProcess:
        worker = WorkerProcess(env, f"test-{worker_id}-{len(started)}",
                               ARTIFACTS / "celery" / f"worker-{worker_id}-{len(started)}.log")
        started.append(worker)
        return worker.start(wait=wait)

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture(scope="session")
def live_worker(worker_factory) -> WorkerProcess:
    return worker_factory()


# -- Two-factor sessions ------------------------------------------------------------------------

def _add_totp(user) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        from allauth.mfa.adapter import get_adapter

        return get_adapter().decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def mfa_login():
    """Sign a test client in as allauth does after a password and a one-time code."""
    import time as _time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    def login(client, user, *, with_mfa: bool = True, with_authenticator: bool = True):
        if with_authenticator:
            _add_totp(user)
        client.force_login(user)
        session = client.session
        records = [{"method": "password", "at": _time.time(), "email": user.email}]
        if with_mfa:
            records.append({"method": "mfa", "at": _time.time(), "type": "totp"})
        session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
        return client

    return login


# -- Quality figures (tests/quality/figures.py), summed across xdist workers ------------------

def pytest_configure(config):
    from tests.quality import figures

    figures.reset_files(config)


def pytest_sessionfinish(session):
    from tests.quality import figures

    figures.write(session.config)


def pytest_terminal_summary(terminalreporter, config):
    from tests.quality import figures

    figures.report(terminalreporter, config)


# -- One Chromium for every browser test in a worker ------------------------------------------
# Playwright's sync API allows one instance per process, so the browser is one session fixture
# here, shared by tests/browser/ and the page-level browser tests elsewhere.


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    if not _chromium_path().exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {_chromium_path()}: "
            "run `apt-get install -y chromium` "
            "(CI's .ci/run installs it).", pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(_chromium_path()), args=_chromium_args(), headless=True
        )
        yield browser
        browser.close()


def _chromium_path():
    from tests.browser.conftest import CHROMIUM

    return CHROMIUM


def _chromium_args() -> list[str]:
    from tests.browser.conftest import CHROMIUM_ARGS

    return CHROMIUM_ARGS
