"""schema.org JobPosting for a job page, as Google for Jobs reads it.

https://developers.google.com/search/docs/appearance/structured-data/job-posting
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jobs.choices import ContractType, PayPeriod, Place
from jobs.models import Vacancy

UNIT_TEXT = {
    PayPeriod.HOUR: "HOUR",
    PayPeriod.WEEK: "WEEK",
    PayPeriod.MONTH: "MONTH",
    PayPeriod.YEAR: "YEAR",
}
CONTRACT_EMPLOYMENT_TYPE = {
    ContractType.FIXED_TERM: "TEMPORARY",
    ContractType.TEMPORARY: "TEMPORARY",
    ContractType.CASUAL: "PER_DIEM",
    ContractType.APPRENTICESHIP: "OTHER",
}
# Hours a week from which a job counts as full time, as the ONS's labour force survey uses.
FULL_TIME_HOURS = Decimal("30")
# Characters that must not appear raw inside <script>: a "</script>" or "<!--" in a job's text
# would otherwise end the element early.
_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def employment_types(vacancy: Vacancy) -> list[str]:
    types = []
    if vacancy.hours_min < FULL_TIME_HOURS:
        types.append("PART_TIME")
    if vacancy.hours_max >= FULL_TIME_HOURS:
        types.append("FULL_TIME")
    extra = CONTRACT_EMPLOYMENT_TYPE.get(vacancy.contract_type)
    if extra:
        types.append(extra)
    return types


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def flexible_working_summary(vacancy: Vacancy) -> str:
    options = list(vacancy.time_option_labels)
    if vacancy.place != Place.ON_SITE:
        options.append(vacancy.get_place_display())
    sentences = []
    if options:
        sentences.append("Flexible working: " + ", ".join(options) + ".")
    if vacancy.happy_to_talk:
        sentences.append("The employer is happy to talk about flexible working.")
    if vacancy.flexible_details:
        sentences.append(vacancy.flexible_details.strip())
    return " ".join(sentences)


def work_hours(vacancy: Vacancy) -> str:
    hours = f"{_hours(vacancy.hours_min)} hours a week"
    if vacancy.hours_max != vacancy.hours_min:
        hours = f"{_hours(vacancy.hours_min)} to {_hours(vacancy.hours_max)} hours a week"
    parts = [hours]
    if vacancy.work_pattern:
        parts.append(vacancy.work_pattern)
    flexible = flexible_working_summary(vacancy)
    if flexible:
        parts.append(flexible)
    return "; ".join(parts)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def description_html(vacancy: Vacancy) -> str:
    """Google accepts HTML in the description; every piece of the vacancy's text is escaped."""
    paragraphs = [vacancy.summary, *[p for p in vacancy.description.split("\n\n") if p.strip()]]
    flexible = flexible_working_summary(vacancy)
    if flexible:
        paragraphs.append(flexible)
    return "".join(f"<p>{escape(p.strip())}</p>" for p in paragraphs)


def job_posting(vacancy: Vacancy, *, url: str) -> dict:
    organisation = vacancy.organisation
    london = ZoneInfo(settings.TIME_ZONE)
    posting: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": description_html(vacancy),
        "identifier": {
            "@type": "PropertyValue",
            "name": settings.SERVICE_NAME,
            "value": str(vacancy.pk),
        },
        "url": url,
        "datePosted": vacancy.published_at.astimezone(london).date().isoformat(),
        "validThrough": datetime.datetime.combine(
            vacancy.closing_date, datetime.time(23, 59, 59), tzinfo=london
        ).isoformat(),
        "employmentType": employment_types(vacancy),
        "hiringOrganization": {"@type": "Organization", "name": organisation.name},
        "industry": vacancy.get_sector_display(),
        "workHours": work_hours(vacancy),
        "directApply": False,
    }
    if organisation.website:
        posting["hiringOrganization"]["sameAs"] = organisation.website
    address = {
        "@type": "PostalAddress",
        "addressLocality": "London",
        "addressRegion": vacancy.get_ward_display() or "London",
        "addressCountry": "GB",
    }
    if vacancy.address:
        address["streetAddress"] = vacancy.address
    if vacancy.postcode:
        address["postalCode"] = vacancy.postcode
    posting["jobLocation"] = {"@type": "Place", "address": address}
    if vacancy.place == Place.REMOTE:
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": "United Kingdom"}
    value: dict = {
        "@type": "QuantitativeValue",
        "unitText": UNIT_TEXT[PayPeriod(vacancy.pay_period)],
    }
    if vacancy.pay_max is not None and vacancy.pay_max != vacancy.pay_min:
        value["minValue"] = _number(vacancy.pay_min)
        value["maxValue"] = _number(vacancy.pay_max)
    else:
        value["value"] = _number(vacancy.pay_min)
    posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": "GBP", "value": value}
    if vacancy.start_date:
        posting["jobStartDate"] = vacancy.start_date.isoformat()
    return posting


def as_script_content(data: dict) -> SafeString:
    """JSON that is safe between <script type="application/ld+json"> and </script>."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the characters that could end the element are escaped
