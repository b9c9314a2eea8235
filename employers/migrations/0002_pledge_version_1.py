import datetime

from django.db import migrations

COMMITMENTS = """Every vacancy says which flexible working options it offers, or says we are happy to talk about flexible working.
At least the set share of our vacancies offer at least one concrete flexible working option.
Every vacancy pays at least the London Living Wage in force when it is published.
We do not use zero-hours contracts.
Shift-based roles publish rotas at least the set number of weeks ahead."""


def seed(apps, schema_editor):
    PledgeVersion = apps.get_model("employers", "PledgeVersion")
    PledgeVersion.objects.get_or_create(
        number=1,
        defaults={
            "published_on": datetime.date(2026, 4, 1),
            "commitments": COMMITMENTS,
            "min_flexible_share": 50,
            "at_risk_margin": 10,
            "min_rota_weeks": 4,
            "is_current": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
