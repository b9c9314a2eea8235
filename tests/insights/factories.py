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
