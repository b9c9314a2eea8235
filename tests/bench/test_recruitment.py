"""The recruitment systems' bench, on a small batch: every figure is there and is a number.
BENCH_RECRUITMENT_VACANCIES sets the batch and BENCH_RECRUITMENT_LIVE the live vacancies
seeded for the export, for a measured run; the figures are printed."""

from __future__ import annotations

import os

import pytest

from bench.recruitment import api_import, findajob_export
from jobs.models import Vacancy
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db


def test_the_import_and_export_figures(capsys):
    vacancies = int(os.environ.get("BENCH_RECRUITMENT_VACANCIES", "5"))
    live = int(os.environ.get("BENCH_RECRUITMENT_LIVE", "3"))
    organisation = LiveVacancyFactory().organisation
    Vacancy.objects.bulk_create(
        [LiveVacancyFactory.build(organisation=organisation) for _ in range(live - 1)],
        batch_size=2000,
    )
    imported = api_import(vacancies=vacancies)
    exported = findajob_export()
    with capsys.disabled():
        print(f"\napi import: {imported}\nfindajob export: {exported}")
    assert imported["first_per_second"] > 0 and imported["again_per_second"] > 0
    assert exported["live_vacancies"] == live + vacancies
