"""Every page the portal renders is valid HTML (the Nu HTML Checker) with no inline code.

Pages come from the authorisation matrix: each URL is rendered as the first role that gets a
200 for it, plus the error pages and the forms' error states. vnu runs once over the batch,
because the JVM takes seconds to start.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from goodwork.core import views
from tests.conftest import ROOT
from tests.quality import figures
from tests.quality.authz_expectations import entry_for
from tests.quality.hostile_forms import HOSTILE_FORMS, url_of
from tests.quality.test_security_headers import inline_code
from tests.quality.urlwalk import RoleClients, first_role_with, walked_urls

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Django's admin is Django's own markup, not the portal's: its validity is not ours to fix.
NOT_OURS = ("admin:",)


@dataclass
class Page:
    name: str
    html: str
    templates: set[str] = field(default_factory=set)


def _templates(response) -> set[str]:
    return {t.name for t in getattr(response, "templates", []) or [] if t.name}


def collect_pages(request) -> list[Page]:
    roles = RoleClients(request)
    roles.fixture("live_vacancy")  # so that lists and the home page show a job card
    pages = []
    for url_name in walked_urls():
        entry = entry_for(url_name)
        if url_name.startswith(NOT_OURS) or entry is None or "GET" not in entry.methods:
            continue
        role = first_role_with(entry, "GET", 200)
        if role is None:
            continue
        response = roles.send(roles.client(role), "GET", roles.url(url_name, entry), entry)
        assert response.status_code == 200, f"{url_name} as {role}: {response.status_code}"
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            pages.append(Page(f"{url_name} as {role}", html, _templates(response)))

    # Every registered form after an empty submit: error summaries and messages are markup too.
    for form in HOSTILE_FORMS:
        if form.method != "POST":
            continue
        response = roles.client(form.role).post(url_of(form, roles), {"action_add": ""})
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            pages.append(Page(f"{form.id} with errors", html, _templates(response)))

    # Pages reached from emails, with keys that work.
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    person = roles.fixture("resident").user
    reset = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)})
    response = roles.client("anonymous").get(reset, follow=True)
    assert b"Choose a new password" in response.content
    pages.append(Page("choose a new password", response.content.decode(), _templates(response)))
    unconfirmed = EmailAddress.objects.create(user=person, email="new@example.com", verified=False)
    confirm = reverse("account_confirm_email", args=[EmailConfirmationHMAC(unconfirmed).key])
    response = roles.client("anonymous").get(confirm)
    assert b"Confirm your email address" in response.content
    pages.append(Page("confirm an email address", response.content.decode(), _templates(response)))

    response = roles.client("anonymous").get("/no-such-page/")
    pages.append(Page("page not found", response.content.decode(), {"404.html"}))
    bare = RequestFactory().get("/")
    bare.user = AnonymousUser()
    forbidden = views.permission_denied(bare, PermissionDenied())
    pages.append(Page("forbidden", forbidden.content.decode(), {"403.html"}))
    pages.append(Page("server error", views.server_error(bare).content.decode(), {"500.html"}))
    limited = render_to_string("429.html", request=bare)
    pages.append(Page("too many attempts", limited, {"429.html"}))
    return pages


def run_vnu(pages: list[Page], folder: Path) -> dict[str, list[str]]:
    java = shutil.which("java")
    assert java, "The Nu HTML Checker needs Java (17 or later) on the PATH"
    assert VNU.exists(), f"{VNU} is missing: run `make install` (npm ci installs vnu-jar)"
    files = {}
    for number, page in enumerate(pages):
        path = folder / f"page-{number:03d}.html"
        path.write_text(page.html, encoding="utf-8")
        files[path.resolve().as_uri().replace("file:///", "file:/")] = page.name
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always",
         *[str(folder / f"page-{n:03d}.html") for n in range(len(pages))]],
        capture_output=True, text=True, timeout=240,
    )
    messages = json.loads(result.stdout)["messages"]
    errors: dict[str, list[str]] = {}
    for message in messages:
        if message["type"] not in ("error", "non-document-error"):
            continue  # warnings and notes are allowed
        page = files.get(message.get("url", ""), message.get("url", "?"))
        errors.setdefault(page, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:120]}]"
        )
    return errors


@pytest.mark.django_db
def test_every_page_is_valid_html(request, tmp_path):
    pages = collect_pages(request)
    errors = run_vnu(pages, tmp_path)
    templates = set().union(*(page.templates for page in pages))
    figures.add("vnu_pages", len(pages))
    figures.add("vnu_templates", len({t for t in templates if not t.startswith("django/")}))
    figures.add("vnu_errors", sum(map(len, errors.values())))
    assert len(pages) >= 10
    assert any("govuk-error-summary" in page.html for page in pages)
    assert not errors, "\n".join(
        f"{page}:\n  " + "\n  ".join(messages) for page, messages in sorted(errors.items())
    )


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script_or_style(request):
    found = {page.name: inline_code(page.html) for page in collect_pages(request)}
    found = {name: problems for name, problems in found.items() if problems}
    assert not found, json.dumps(found, indent=2)


def test_the_checker_reports_invalid_markup(tmp_path):
    broken = Page("broken", "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>")
    errors = run_vnu([broken], tmp_path)
    assert errors.get("broken"), "vnu should reject a stray end tag"
    assert re.search(r"end tag|Stray", " ".join(errors["broken"]))
