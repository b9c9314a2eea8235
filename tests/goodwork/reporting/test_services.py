from decimal import Decimal

from django.utils import timezone

from goodwork.reporting.services import flexible_jobs_snapshot_take
from jobs.models import FlexibleJobsSnapshot
from tests.jobs.factories import LiveVacancyFactory


def test_snapshot_records_todays_counts_overall_and_by_group(index_vacancies):
    snapshot = flexible_jobs_snapshot_take()
    assert snapshot.taken_on == timezone.localdate()
    assert snapshot.live_vacancies == 8
    assert snapshot.living_wage_rate == Decimal("14.80")
    overall = snapshot.figures["overall"]
    assert (
        overall["total"],
        overall["any_flexible"],
        overall["happy_to_talk"],
        overall["pays_llw"],
    ) == (8, 5, 2, 6)
    assert overall["time_flexitime"] == 2
    assert overall["place_hybrid"] == 2
    assert {code: counts["total"] for code, counts in snapshot.figures["sector"].items()} == {
        "health_care": 3,
        "retail": 3,
        "digital": 2,
    }
    assert {
        code: counts["total"] for code, counts in snapshot.figures["contract_type"].items()
    } == {"permanent": 5, "fixed_term": 2, "casual": 1}
    assert {code: counts["total"] for code, counts in snapshot.figures["pay_band"].items()} == {
        "below": 2,
        "llw": 3,
        "above": 3,
    }


def test_taking_the_snapshot_again_the_same_day_replaces_it(index_vacancies):
    first = flexible_jobs_snapshot_take()
    LiveVacancyFactory(time_options=[], place="on_site", flexibility="no")
    second = flexible_jobs_snapshot_take()
    assert FlexibleJobsSnapshot.objects.count() == 1
    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.live_vacancies == 9
    assert second.figures["overall"]["any_flexible"] == 5
    assert second.taken_at >= first.taken_at
