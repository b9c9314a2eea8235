"""Reference rows the portal cannot run without. The data migrations create them; this puts
them back where a database was emptied (a test flush, a restored dump)."""

import datetime
from decimal import Decimal

from employers.models import PledgeVersion
from goodwork.core.models import SiteSettings
from jobs.models import NATIONAL_MINIMUM_WAGE_RATES, LivingWageRate, MinimumWageRate

COMMITMENTS_V1 = (
    "Every vacancy says which flexible working options it offers, "
    "or says we are happy to talk about flexible working.\n"
    "At least the set share of our vacancies offer at least one concrete flexible working option.\n"
    "Every vacancy pays at least the London Living Wage in force when it is published.\n"
    "We do not use zero-hours contracts.\n"
    "Shift-based roles publish rotas at least the set number of weeks ahead."
)


def ensure_reference_data() -> None:
    SiteSettings.objects.get_or_create(id=1)
    LivingWageRate.objects.get_or_create(
        effective_from=datetime.date(2025, 10, 22),
        defaults={"hourly_rate": Decimal("14.80"), "announced_on": datetime.date(2025, 10, 22),
                  "note": "London Living Wage 2025/26, announced by the Living Wage Foundation"},
    )
    for effective_from, announced_on, rates in NATIONAL_MINIMUM_WAGE_RATES:
        for band, rate in rates.items():
            MinimumWageRate.objects.get_or_create(
                band=band, effective_from=effective_from,
                defaults={"hourly_rate": rate, "announced_on": announced_on},
            )
    if not PledgeVersion.objects.filter(is_current=True).exists():
        PledgeVersion.objects.get_or_create(
            number=1,
            defaults={"published_on": datetime.date(2026, 4, 1), "commitments": COMMITMENTS_V1,
                      "min_flexible_share": 50, "at_risk_margin": 10, "min_rota_weeks": 4,
                      "is_current": True},
        )
