from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking out writes: the vacancy table is large and always in use.
    atomic = False

    dependencies = [
        ("jobs", "0005_vacancy_live_newest_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="vacancy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["closing_date"],
                include=(
                    "organisation", "id", "time_options", "place", "contract_type", "sector",
                    "ward", "pays_living_wage", "hours_min", "hours_max", "pay_hourly_min",
                    "published_at",
                ),
                name="vacancy_live_facets",
            ),
        ),
        # vacancy_live_facets has the same key and condition, so it serves all this one did.
        RemoveIndexConcurrently(model_name="vacancy", name="vacancy_live_closing"),
    ]
