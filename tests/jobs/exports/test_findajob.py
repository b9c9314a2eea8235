"""The nightly Find a job file, checked against its schema and read back with a parser."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import etree

from jobs.exports import findajob
from jobs.exports.targets import SftpTarget, export_target
from jobs.tasks import findajob_export_task
from tests.jobs.factories import DraftVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(findajob.SCHEMA)))


def _parsed(content: bytes):
    document = etree.fromstring(content)
    SCHEMA.assertValid(document)
    return document


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_every_live_vacancy_is_in_the_file_in_find_a_jobs_shape():
    part_time = LiveVacancyFactory(
        hours_min=Decimal("16"), hours_max=Decimal("20"), time_options=["job_share"],
        place="hybrid", pay_period="hour", published_at=_days_ago(2),
    )
    full_time = LiveVacancyFactory(
        hours_min=Decimal("35"), hours_max=Decimal("37.5"), contract_type="fixed_term",
        pay_min=Decimal("30000"), pay_max=None, pay_period="year", time_options=[],
        flexibility="talk", published_at=_days_ago(1),
    )
    DraftVacancyFactory()
    content, count = findajob.findajob_xml()
    document = _parsed(content)
    assert count == 2
    adverts = {v.get("vacancyRefCode"): v for v in document.findall("Vacancy")}
    assert set(adverts) == {str(part_time.pk), str(full_time.pk)}
    first = adverts[str(part_time.pk)]
    assert first.findtext("Title") == part_time.title
    text = first.findtext("Description")
    assert "Job share" in text and "Hybrid" in text
    assert first.find("VacancyStatus").get("id") == "2"
    assert first.find("VacancyType").get("id") == "1"
    assert first.findtext("Location/PostalCode") == "NW1 7JE"
    assert first.findtext("Salary/PayFrequency") == "hourly"
    assert first.findtext("ApplyUrl").endswith(part_time.get_absolute_url())
    second = adverts[str(full_time.pk)]
    assert second.find("VacancyStatus").get("id") == "1"
    assert second.find("VacancyType").get("id") == "2"
    assert second.findtext("Salary/MinValue") == "30000.00"
    assert second.find("Salary/MaxValue") is None
    assert "happy to talk about flexible working" in second.findtext("Description")


def test_a_vacancy_live_beyond_30_days_is_posted_again_under_a_new_reference():
    today = timezone.localdate()
    vacancy = LiveVacancyFactory(
        published_at=_days_ago(40), closing_date=today + datetime.timedelta(days=60)
    )
    document = _parsed(findajob.findajob_xml(today=today)[0])
    advert = document.find("Vacancy")
    assert advert.get("vacancyRefCode") == f"{vacancy.pk}-1"
    posted = timezone.localdate(vacancy.published_at)
    assert advert.findtext("VacancyExpiry") == (
        posted + datetime.timedelta(days=31 + 30)
    ).isoformat()
    later = _parsed(findajob.findajob_xml(today=today + datetime.timedelta(days=31))[0])
    assert later.find("Vacancy").get("vacancyRefCode") == f"{vacancy.pk}-2"


def test_an_advert_expires_on_the_closing_date_when_that_is_sooner():
    vacancy = LiveVacancyFactory(
        published_at=_days_ago(1), closing_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    advert = _parsed(findajob.findajob_xml()[0]).find("Vacancy")
    assert advert.findtext("VacancyExpiry") == vacancy.closing_date.isoformat()


def test_text_that_xml_cannot_hold_is_dropped_and_markup_is_escaped():
    LiveVacancyFactory(title="Chef <b>&</b> \x0b cook", published_at=_days_ago(1))
    advert = _parsed(findajob.findajob_xml()[0]).find("Vacancy")
    assert advert.findtext("Title") == "Chef <b>&</b>  cook"


def test_the_task_writes_the_file_to_the_configured_folder(tmp_path, settings):
    settings.FINDAJOB_EXPORT_TARGET = f"folder:{tmp_path}"
    LiveVacancyFactory(published_at=_days_ago(1))
    written = findajob_export_task.apply().get()
    files = list(tmp_path.iterdir())
    assert [str(f) for f in files] == [written]
    assert len(_parsed(files[0].read_bytes()).findall("Vacancy")) == 1


def test_the_sftp_target_runs_sftp_in_batch_mode():
    target = export_target("sftp://goodwork@sftp.example.org:2222/upload")
    assert isinstance(target, SftpTarget)
    assert target.command() == [
        "sftp", "-b", "-", "-P", "2222", "-o", "BatchMode=yes", "goodwork@sftp.example.org"
    ]
    with pytest.raises(ValueError):
        export_target("ftp://example.org/")
