"""The nightly file of live vacancies for DWP Find a job's bulk upload.

Find a job keeps a vacancy for 30 days from the day it was posted there, so a vacancy still
live after that is sent again as a new advert, under a new reference ("<id>-1", "<id>-2"...),
every 31 days, as Teaching Vacancies does; each advert expires on its own closing date or at
the end of its 30 days, whichever is sooner. Find a job knows only full and part time, so the
flexible options are written into the description.

The shape is checked against findajob.xsd beside this file.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree import ElementTree as ET  # noqa: S405 - writing XML only, never parsing it

from django.conf import settings
from django.utils import timezone

from goodwork.core.siteurl import absolute_url
from jobs.exports.targets import export_target
from jobs.jsonld import FULL_TIME_HOURS, flexible_working_summary
from jobs.models import Vacancy

SCHEMA = Path(__file__).with_name("findajob.xsd")
DAYS_BETWEEN_REPOSTS = 31
MAX_LIVE_DAYS = 30
STATUS_FULL_TIME, STATUS_PART_TIME = 1, 2
TYPE_PERMANENT, TYPE_CONTRACT = 1, 2
APPLY_VIA_EXTERNAL_URL = 2
PAY_FREQUENCY = {"hour": "hourly", "week": "weekly", "month": "monthly", "year": "yearly"}
# Vacancies read per query: the whole borough's live jobs are never held in memory at once.
CHUNK = 2000
# Characters XML 1.0 does not allow, whatever the escaping: control characters but tab, LF, CR.
_NOT_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _text(value: str) -> str:
    return value.translate(_NOT_XML)


def repost_version(vacancy: Vacancy, today: datetime.date) -> int:
    posted = timezone.localdate(vacancy.published_at)
    return max(0, (today - posted).days) // DAYS_BETWEEN_REPOSTS


def reference(vacancy: Vacancy, today: datetime.date) -> str:
    version = repost_version(vacancy, today)
    return str(vacancy.pk) if version == 0 else f"{vacancy.pk}-{version}"


def expiry(vacancy: Vacancy, today: datetime.date) -> datetime.date:
    # A live vacancy always has a closing date (the vacancy_complete_unless_draft constraint).
    assert vacancy.closing_date is not None
    posted = timezone.localdate(vacancy.published_at)
    reposts = repost_version(vacancy, today)
    advert_start = posted + datetime.timedelta(days=reposts * DAYS_BETWEEN_REPOSTS)
    return min(vacancy.closing_date, advert_start + datetime.timedelta(days=MAX_LIVE_DAYS))


def description(vacancy: Vacancy) -> str:
    # A live vacancy always has its hours (the vacancy_complete_unless_draft constraint).
    assert vacancy.hours_min is not None and vacancy.hours_max is not None
    paragraphs = [vacancy.summary.strip(), vacancy.description.strip()]
    hours = f"{vacancy.hours_min.normalize():f} to {vacancy.hours_max.normalize():f} hours a week"
    if vacancy.hours_min == vacancy.hours_max:
        hours = f"{vacancy.hours_min.normalize():f} hours a week"
    if vacancy.work_pattern:
        hours = f"{hours}, {vacancy.work_pattern}"
    paragraphs.append(f"Hours: {hours}.")
    flexible = flexible_working_summary(vacancy)
    if flexible:
        paragraphs.append(flexible)
    return _text("\n\n".join(p for p in paragraphs if p))


def _element(
    parent: ET.Element, tag: str, text: str | None = None, **attributes: str
) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = _text(text)
    return element


def vacancy_element(vacancy: Vacancy, today: datetime.date) -> ET.Element:
    element = ET.Element("Vacancy", {"vacancyRefCode": reference(vacancy, today)})
    _element(element, "Title", vacancy.title)
    _element(element, "Description", description(vacancy))
    location = _element(element, "Location")
    if vacancy.address:
        _element(location, "StreetAddress", vacancy.address)
    _element(location, "City", "London")
    _element(location, "PostalCode", vacancy.postcode or vacancy.organisation.postcode)
    salary = _element(element, "Salary", currency="GBP")
    _element(salary, "MinValue", f"{vacancy.pay_min:.2f}")
    if vacancy.pay_max is not None:
        _element(salary, "MaxValue", f"{vacancy.pay_max:.2f}")
    _element(salary, "PayFrequency", PAY_FREQUENCY[vacancy.pay_period])
    _element(element, "VacancyExpiry", expiry(vacancy, today).isoformat())
    contract = TYPE_PERMANENT if vacancy.contract_type == "permanent" else TYPE_CONTRACT
    _element(element, "VacancyType", id=str(contract))
    full_time = vacancy.hours_max is not None and vacancy.hours_max >= FULL_TIME_HOURS
    _element(element, "VacancyStatus", id=str(STATUS_FULL_TIME if full_time else STATUS_PART_TIME))
    _element(element, "ApplyMethod", id=str(APPLY_VIA_EXTERNAL_URL))
    _element(element, "ApplyUrl", absolute_url(vacancy.get_absolute_url()))
    return element


def exportable(vacancies: Iterable[Vacancy]) -> Iterator[Vacancy]:
    # A postcode is required by Find a job: the workplace's, or else the organisation's.
    for vacancy in vacancies:
        if vacancy.postcode or vacancy.organisation.postcode:
            yield vacancy


def findajob_xml(*, today: datetime.date | None = None) -> tuple[bytes, int]:
    """The file for today, and how many vacancies it holds."""
    today = today or timezone.localdate()
    root = ET.Element("Vacancies")
    count = 0
    queryset = Vacancy.objects.live().select_related("organisation").order_by("pk")
    for vacancy in exportable(queryset.iterator(chunk_size=CHUNK)):
        root.append(vacancy_element(vacancy, today))
        count += 1
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue(), count


def findajob_export_send(*, today: datetime.date | None = None) -> str:
    """Write tonight's file and hand it to the configured target; where it went."""
    today = today or timezone.localdate()
    content, _count = findajob_xml(today=today)
    target = export_target(settings.FINDAJOB_EXPORT_TARGET)
    return target.send(name=f"goodwork-camden-{today.isoformat()}.xml", content=content)
