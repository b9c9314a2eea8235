import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from jobs.models import FlexibleJobsSnapshot


def overall_counts(
    total: int, any_flexible: int = 0, happy_to_talk: int = 0, pays_llw: int = 0
) -> dict:
    return {
        "total": total,
        "any_flexible": any_flexible,
        "happy_to_talk": happy_to_talk,
        "pays_llw": pays_llw,
    }


class FlexibleJobsSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FlexibleJobsSnapshot

    taken_on = factory.LazyFunction(timezone.localdate)
    taken_at = factory.LazyFunction(timezone.now)
    live_vacancies = factory.LazyAttribute(lambda o: o.figures["overall"]["total"])
    figures = factory.LazyFunction(
        lambda: {"overall": overall_counts(0), "sector": {}, "contract_type": {}, "pay_band": {}}
    )


class EarlierFlexibleJobsSnapshotFactory(FlexibleJobsSnapshotFactory):
    """A night before today, with live jobs counted and the living wage then in force."""

    taken_on = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=1 + n))
    taken_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.taken_on, datetime.time(2, 0)))
    )
    living_wage_rate = Decimal("14.80")
    figures = factory.LazyFunction(
        lambda: {
            "overall": overall_counts(10, any_flexible=6, happy_to_talk=2, pays_llw=8),
            "sector": {
                "health_care": overall_counts(10, any_flexible=6, happy_to_talk=2, pays_llw=8)
            },
            "contract_type": {},
            "pay_band": {},
        }
    )
