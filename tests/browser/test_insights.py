import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.conftest import audit
from tests.goodwork.reporting.factories import FlexibleJobsSnapshotFactory, overall_counts
from tests.jobs.factories import LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_index_data():
    LiveVacancyFactory(time_options=["part_time"], sector="retail")
    LiveVacancyFactory(time_options=[], place="hybrid", contract_type="fixed_term")
    LiveVacancyFactory(time_options=[], flexibility="talk", pay_min=Decimal("12.00"), pay_max=None)
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    FlexibleJobsSnapshotFactory(
        taken_on=last_month, figures={"overall": overall_counts(4, 1, 1, 3)}
    )


def test_flexible_jobs_index_is_accessible_and_its_csv_downloads(page):
    make_index_data()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/insights/")
    assert page.locator("h1").inner_text() == "Flexible jobs index"
    assert (
        page.get_by_role(
            "img", name=re.compile("Share of live vacancies offering each flexible option")
        ).count()
        == 1
    )
    # Six charts, each an image with a name, each beside its table.
    assert page.locator("svg[role=img]").count() == 6
    assert page.locator("table.govuk-table").count() == 6
    assert page.locator(".gw-key-figure__value").first.inner_text() == "67%"
    with page.expect_download() as download:
        page.locator("#sectors").get_by_role(
            "link", name=re.compile("Download these figures")
        ).click()
    assert download.value.suggested_filename.startswith("camden-flexible-jobs-index-sectors-")
    assert not csp_errors
    audit(page, "insights-index")


def test_flexible_jobs_index_without_javascript_and_at_320_pixels(no_js_page, narrow_page):
    make_index_data()
    no_js_page.goto("/insights/")
    assert no_js_page.locator("svg[role=img]").count() == 6
    audit(no_js_page, "insights-index-no-js", javascript=False)
    narrow_page.goto("/insights/")
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 320
    audit(narrow_page, "insights-index-320")
