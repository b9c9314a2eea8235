import datetime
from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    LivingWageRate = apps.get_model("jobs", "LivingWageRate")
    LivingWageRate.objects.get_or_create(
        effective_from=datetime.date(2025, 10, 22),
        defaults={
            "hourly_rate": Decimal("14.80"),
            "announced_on": datetime.date(2025, 10, 22),
            "note": "London Living Wage 2025/26, announced by the Living Wage Foundation",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
