"""The admin's forms, user and group pages and history pages, opened by a council officer
signed in with two factors, at 1280px and at 320px: axe-core finds nothing against WCAG 2.2
AA, nothing scrolls the page sideways, and nothing shifts as the page loads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import NARROW, WIDE, audit
from tests.browser.crawl import CLS_SCRIPT, WIDE_ELEMENTS
from tests.browser.test_admin_journey import sign_in_to_admin
from tests.conftest import _add_totp
from tests.employers.factories import MembershipFactory, PledgeFactory
from tests.goodwork.core.factories import CouncilAdminFactory, UserFactory
from tests.residents.factories import CoachFactory, ResidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_LAYOUT_SHIFT = 0.1


@pytest.fixture
def officer_pages(chromium, live_server) -> Iterator[dict[str, object]]:
    """One officer signed in once; the same session opens the pages at both widths."""
    officer = CouncilAdminFactory(email="officer@camden.example.gov.uk")
    secret = _add_totp(officer)
    wide = chromium.new_context(base_url=live_server.url, viewport=WIDE)
    page = wide.new_page()
    page.set_default_timeout(15_000)
    sign_in_to_admin(page, officer.email, secret)
    narrow = chromium.new_context(
        base_url=live_server.url, viewport=NARROW, storage_state=wide.storage_state()
    )
    narrow_page = narrow.new_page()
    narrow_page.set_default_timeout(15_000)
    yield {"officer": officer, "1280": page, "320": narrow_page}
    narrow.close()
    wide.close()


def history(obj, by) -> str:
    """A change recorded against the object, so its history page has a row to show."""
    LogEntry.objects.create(
        user=by,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Name", "Address", "Postcode", "Sector"]}}]',
    )
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/history/"


def check(page, url: str, name: str) -> None:
    page.goto(url, wait_until="load")
    expect(page.locator("#content")).to_be_visible()
    shift = page.evaluate(CLS_SCRIPT)
    assert shift <= MAX_LAYOUT_SHIFT, f"{url}: layout shift on load {shift:.3f}"
    scroll = page.evaluate("document.documentElement.scrollWidth")
    width = page.evaluate("window.innerWidth")
    assert scroll <= width, f"{url} scrolls sideways: {scroll}px, {page.evaluate(WIDE_ELEMENTS)}"
    audit(page, name, screenshot=False)


def test_admin_forms_and_history_pass_the_audit_at_both_widths(officer_pages):
    officer = officer_pages["officer"]
    pledge = PledgeFactory(withdrawn_at=timezone.now())
    organisation = pledge.organisation
    MembershipFactory(organisation=organisation)
    provider = CoachFactory().provider
    resident = ResidentFactory(health_consent_at=timezone.now())
    person = UserFactory(email="a.long.email.address.for.a.resident@example.net")
    group = Group.objects.create(name="Procurement officers")
    # Each kind of form the admin draws: dates with times, inlines, raw ids, the groups and
    # permissions of a user and a group, and a record's history.
    pages = {
        "pledge-add": "/admin/employers/pledge/add/",
        "pledge-change": f"/admin/employers/pledge/{pledge.pk}/change/",
        "organisation-change": (
            f"/admin/employers/organisation/{organisation.pk}/change/"
            "?_changelist_filters=o%3D-1"
        ),
        "provider-change": f"/admin/residents/provider/{provider.pk}/change/",
        "resident-change": f"/admin/residents/resident/{resident.pk}/change/",
        "user-add": "/admin/goodwork/user/add/",
        "user-change": f"/admin/goodwork/user/{person.pk}/change/",
        "group-add": "/admin/auth/group/add/",
        "group-change": f"/admin/auth/group/{group.pk}/change/",
        "organisation-history": history(organisation, officer),
        "user-history": history(person, officer),
    }
    failures = []
    for width in ("1280", "320"):
        page = officer_pages[width]
        for name, url in pages.items():
            try:
                check(page, url, f"admin-{name}-{width}")
            except AssertionError as error:
                failures.append(f"{width}px {name}: {error}")
    assert not failures, "\n".join(failures)

    # On a phone the history table is wider than the screen: it scrolls in its own box, which
    # the keyboard can reach, and the page does not.
    page = officer_pages["320"]
    page.goto(pages["organisation-history"])
    region = page.get_by_role("region", name="Changes to this organisation")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.locator("table")).to_be_visible()
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
