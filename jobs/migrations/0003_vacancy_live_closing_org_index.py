"""An index-only path to counting live vacancies.

Every search page and the home page count live vacancies ("100,000 live jobs"). With only
vacancy_live_closing (closing_date, partial on status = 'published'), PostgreSQL must visit
the heap for each live row to read organisation_id for the join that hides suspended
employers: at 100,000 live vacancies that is ~20,000 heap pages and 300-420 ms per count on
the bench machine. Carrying organisation_id in the index (INCLUDE) lets the count run as an
index-only scan (~1,000 pages, ~50 ms measured by `make bench`; see docs/performance.md).

Raw SQL rather than Meta.indexes so this index can be added without touching the model
module; CONCURRENTLY so adding it does not block writes to a live table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("jobs", "0002_seed_london_living_wage")]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX CONCURRENTLY IF NOT EXISTS vacancy_live_closing_org "
                "ON jobs_vacancy (closing_date) INCLUDE (organisation_id) WHERE status = 'published'",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS vacancy_live_closing_org",
        ),
    ]
