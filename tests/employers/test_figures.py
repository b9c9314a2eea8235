"""Employers' figures for the council dashboard: pledged organisations by their latest check."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from employers.figures import PledgedOrganisations, PledgeStatusCount, pledged_organisations
from employers.models import PledgeCheck
from jobs.choices import Ward
from tests.employers.factories import OrganisationFactory, PledgeFactory

ON = datetime.date(2026, 6, 30)
S = PledgeCheck.Status


def pledged(signed_on, checks=(), *, ward=Ward.CAMDEN_TOWN, withdrawn_at=None):
    pledge = PledgeFactory(
        organisation=OrganisationFactory(ward=ward), signed_on=signed_on, withdrawn_at=withdrawn_at
    )
    for run_on, status in checks:
        PledgeCheck.objects.create(
            organisation=pledge.organisation, pledge=pledge, run_on=run_on, status=status
        )
    return pledge


def by_status(figures: PledgedOrganisations) -> dict[str, int]:
    return {row.status: row.organisations for row in figures.statuses}


@pytest.mark.django_db
def test_each_pledged_organisation_counts_under_its_latest_check_on_or_before_the_day():
    pledged(
        datetime.date(2026, 1, 1),
        [
            (datetime.date(2026, 5, 1), S.MET),
            (datetime.date(2026, 6, 15), S.AT_RISK),
            (datetime.date(2026, 7, 1), S.NOT_MET),
        ],
    )
    pledged(datetime.date(2026, 2, 1), [(ON, S.MET)])
    pledged(datetime.date(2026, 6, 1))

    figures = pledged_organisations(on=ON)

    assert figures.total == 3
    assert by_status(figures) == {S.MET: 1, S.AT_RISK: 1, S.NOT_MET: 0}
    assert figures.unchecked == 1


@pytest.mark.django_db
def test_every_status_is_listed_in_order_with_its_label_even_when_empty():
    assert pledged_organisations(on=ON) == PledgedOrganisations(
        total=0,
        statuses=[PledgeStatusCount(status.value, status.label, 0) for status in S],
        unchecked=0,
    )


@pytest.mark.django_db
def test_pledges_signed_later_or_withdrawn_by_the_end_of_the_day_are_left_out():
    pledged(datetime.date(2026, 7, 1))
    pledged(
        datetime.date(2025, 6, 1),
        withdrawn_at=timezone.make_aware(datetime.datetime(2026, 6, 30, 23, 0)),
    )
    # Withdrawn the moment the next day began: still pledged at the end of this one.
    pledged(
        datetime.date(2025, 6, 1),
        withdrawn_at=timezone.make_aware(datetime.datetime(2026, 7, 1)),
    )

    assert pledged_organisations(on=ON).total == 1


@pytest.mark.django_db
def test_a_ward_narrows_to_organisations_in_it_in_one_query(django_assert_num_queries):
    pledged(datetime.date(2026, 1, 1), [(datetime.date(2026, 3, 1), S.NOT_MET)], ward=Ward.BELSIZE)
    pledged(datetime.date(2026, 1, 1), [(datetime.date(2026, 3, 1), S.MET)])

    with django_assert_num_queries(1):
        figures = pledged_organisations(on=ON, ward=Ward.BELSIZE)

    assert (figures.total, by_status(figures)[S.NOT_MET], by_status(figures)[S.MET]) == (1, 1, 0)
