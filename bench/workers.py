"""The work the Celery workers do, timed against the least the database must do for it.

A registry of worker benchmarks. Each names the real service function ("module:function"),
the models it needs, a setup (not timed), an adapter that calls the service and returns the
rows it wrote, and an SQL floor. Everything runs in a transaction that is rolled back, so the
bench database is the same after every run. A service or model that does not exist on this
branch is reported as "not available" with the reason; its floor is still measured when the
floor's own tables exist.
"""

from __future__ import annotations

import datetime
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from bench.seed import Sizes


@dataclass
class WorkerContext:
    sizes: Sizes
    today: datetime.date = field(default_factory=timezone.localdate)
    now: datetime.datetime = field(default_factory=timezone.now)


State = dict[str, Any]


@dataclass(frozen=True)
class WorkerBenchmark:
    name: str
    label: str
    service: str
    call: Callable[[Callable[..., Any], WorkerContext, State], int]
    setup: Callable[[WorkerContext], State] = lambda ctx: {}
    floor: Callable[[WorkerContext, State, int | None], int] | None = None
    floor_label: str = ""
    models: tuple[str, ...] = ()
    floor_models: tuple[str, ...] = ()
    target_s: float | None = None
    target_label: str = ""


WORKER_BENCHMARKS: list[WorkerBenchmark] = []


def register(benchmark: WorkerBenchmark) -> WorkerBenchmark:
    WORKER_BENCHMARKS.append(benchmark)
    return benchmark


def resolve(dotted: str) -> tuple[Callable[..., Any] | None, str | None]:
    module_name, _, function_name = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None, f"not available: module {module_name} is not on this branch"
    function = getattr(module, function_name, None)
    if function is None:
        return None, f"not available: {module_name}.{function_name} is not on this branch"
    return function, None


def _missing(labels: tuple[str, ...]) -> list[str]:
    missing = []
    for label in labels:
        try:
            apps.get_model(label)
        except LookupError:
            missing.append(label)
    return missing


def _timed(setup: Callable[[], State], work: Callable[[State], int]) -> tuple[float, int]:
    """Run setup then work in one transaction, time only the work, and roll everything back."""
    with transaction.atomic():
        state = setup()
        started = time.perf_counter()
        rows = work(state)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, rows


def run_one(benchmark: WorkerBenchmark, ctx: WorkerContext) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": benchmark.name,
        "label": benchmark.label,
        "service": benchmark.service,
        "floor_label": benchmark.floor_label,
        "target_s": benchmark.target_s,
        "target_label": benchmark.target_label,
        "status": "measured",
        "reason": None,
        "service_s": None,
        "service_rows": None,
        "floor_s": None,
        "floor_rows": None,
        "ratio_to_floor": None,
    }
    function, reason = resolve(benchmark.service)
    missing = _missing(benchmark.models)
    if missing:
        reason = f"not available: {', '.join(missing)} not on this branch"
    if function is not None and reason is None:
        try:
            entry["service_s"], entry["service_rows"] = _timed(
                lambda: benchmark.setup(ctx), lambda state: benchmark.call(function, ctx, state)
            )
        except Exception as exc:  # one broken entry must not lose the rest of the run
            entry["status"], entry["reason"] = "failed", f"failed: {type(exc).__name__}: {exc}"
    else:
        entry["status"], entry["reason"] = "not available", reason
    floor_missing = _missing(benchmark.floor_models)
    if benchmark.floor is not None and not floor_missing:
        rows_hint = entry["service_rows"]
        try:
            entry["floor_s"], entry["floor_rows"] = _timed(
                lambda: benchmark.setup(ctx), lambda state: benchmark.floor(ctx, state, rows_hint)
            )
        except FloorNeedsRows:
            entry["floor_reason"] = "needs the service's row count"
        except Exception as exc:  # as above: report it and carry on
            entry["floor_reason"] = f"failed: {type(exc).__name__}: {exc}"
    elif floor_missing:
        entry["floor_reason"] = f"not available: {', '.join(floor_missing)} not on this branch"
    for key in ("service_s", "floor_s"):
        if entry[key] is not None:
            entry[key] = round(entry[key], 4)
    if entry["service_s"] is not None and entry["floor_s"]:
        # How many times the floor's time the real service takes: 1.0 is as fast as SQL can go.
        entry["ratio_to_floor"] = round(entry["service_s"] / entry["floor_s"], 2)
    return entry


class FloorNeedsRows(Exception):
    """A floor that writes as many rows as the service did cannot run without the service."""


def run_all(ctx: WorkerContext, only: list[str] | None = None) -> list[dict[str, Any]]:
    return [run_one(b, ctx) for b in WORKER_BENCHMARKS if not only or b.name in only]


def _execute(sql: str, params: list[Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# -- Expiring vacancies (jobs.services.vacancies_expire) -------------------------------------


def _expire_setup(ctx: WorkerContext) -> State:
    """A backlog of vacancies past their closing date: a tenth of the closed set, put back to
    'published' as if the nightly job had not run for a while (at full size, 20,000 rows)."""
    backlog = max(10, ctx.sizes.closed_vacancies // 10)
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE jobs_vacancy SET status = 'published', closed_at = NULL
               WHERE id IN (SELECT id FROM jobs_vacancy WHERE status = 'expired' ORDER BY id LIMIT %s)
               RETURNING id""",
            [backlog],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return {"ids": ids}


def _expire_floor(ctx: WorkerContext, state: State, rows_hint: int | None) -> int:
    # The same rows by primary key, one column: the least an UPDATE of them can cost.
    return _execute("UPDATE jobs_vacancy SET status = 'expired' WHERE id = ANY(%s)", [state["ids"]])


register(
    WorkerBenchmark(
        name="expire",
        label="Expire vacancies past their closing date",
        service="jobs.services:vacancies_expire",
        call=lambda service, ctx, state: service(today=ctx.today),
        setup=_expire_setup,
        floor=_expire_floor,
        floor_label="UPDATE ... SET status by primary key, same rows",
        models=("jobs.Vacancy",),
        floor_models=("jobs.Vacancy",),
    )
)


# -- Alert matching: 1,000 newly published vacancies against every saved search -------------

NEW_VACANCIES = 1_000


def _matching_setup(ctx: WorkerContext) -> State:
    """1,000 vacancies published just now and not yet matched: copies of live ones, made
    through the model so that columns added to it later are copied too."""
    from jobs.models import Vacancy

    fields = [
        f
        for f in Vacancy._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    copies = []
    for source in Vacancy.objects.live().order_by("id")[:NEW_VACANCIES]:
        copy = Vacancy(**{f.attname: getattr(source, f.attname) for f in fields})
        copy.status = Vacancy.Status.PUBLISHED
        copy.published_at = copy.submitted_at = ctx.now
        copy.closing_date = max(source.closing_date, ctx.today + datetime.timedelta(days=1))
        copy.alerts_matched_at = copy.closed_at = None
        copy.view_count = 0
        copies.append(copy)
    return {"vacancy_ids": [v.pk for v in Vacancy.objects.bulk_create(copies)]}


def _delivery_floor(ctx: WorkerContext, state: State, rows_hint: int | None) -> int:
    """Writing as many delivery-shaped rows (two ids, a time, unique on the pair) as the
    service wrote, with one INSERT ... SELECT: the cost of the writes without the matching."""
    if rows_hint is None:
        raise FloorNeedsRows
    _execute("""CREATE TEMP TABLE bench_delivery_floor (
                    saved_search_id bigint NOT NULL, vacancy_id bigint NOT NULL,
                    created_at timestamptz NOT NULL, UNIQUE (saved_search_id, vacancy_id)
                ) ON COMMIT DROP""")
    return _execute(
        """INSERT INTO bench_delivery_floor
           SELECT g, g %% 1000, now() FROM generate_series(1, %s) AS g""",
        [rows_hint],
    )


register(
    WorkerBenchmark(
        name="matching",
        label="Match 1,000 new vacancies against every saved search and write the deliveries",
        # Point these at the alert-matching service once it is merged; the adapter returns the
        # number of delivery rows written.
        service="residents.services.alerts:alerts_match_vacancies",
        call=lambda service, ctx, state: service(vacancy_ids=state["vacancy_ids"]),
        setup=_matching_setup,
        floor=_delivery_floor,
        floor_label="INSERT ... SELECT of the same number of delivery rows",
        models=("residents.SavedSearch", "residents.AlertDelivery"),
        target_s=10.0,
        target_label="1,000 vacancies x 100,000 saved searches in <= 10 s",
    )
)


# -- The nightly pledge check ----------------------------------------------------------------


def _pledge_floor(ctx: WorkerContext, state: State, rows_hint: int | None) -> int:
    """Every pledged employer's live vacancies, tallied against each commitment in one
    INSERT ... SELECT ... GROUP BY: what the check must read and write, with no per-employer
    round trips."""
    _execute("""CREATE TEMP TABLE bench_pledge_floor (
                    organisation_id bigint PRIMARY KEY, vacancies int, flexible int, below_llw int,
                    zero_hours int, short_rota int
                ) ON COMMIT DROP""")
    return _execute(
        """INSERT INTO bench_pledge_floor
           SELECT p.organisation_id, count(v.id),
                  count(v.id) FILTER (WHERE cardinality(v.time_options) > 0 OR v.place IN ('hybrid', 'remote')),
                  count(v.id) FILTER (WHERE NOT v.pays_living_wage),
                  count(v.id) FILTER (WHERE v.zero_hours),
                  count(v.id) FILTER (WHERE v.is_shift_based AND coalesce(v.rota_weeks_ahead, 0) < pv.min_rota_weeks)
           FROM employers_pledge p
           JOIN employers_pledgeversion pv ON pv.id = p.version_id
           LEFT JOIN jobs_vacancy v ON v.organisation_id = p.organisation_id
                AND v.status = 'published' AND v.closing_date >= %s
           WHERE p.withdrawn_at IS NULL
           GROUP BY p.organisation_id""",
        [ctx.today],
    )


register(
    WorkerBenchmark(
        name="pledge_checks",
        label="Nightly pledge check of every pledged employer",
        # Point this at the pledge-check service once it is merged; the adapter returns the number
        # of PledgeCheck rows written.
        service="employers.services:pledge_checks_run",
        call=lambda service, ctx, state: service(run_on=ctx.today),
        floor=_pledge_floor,
        floor_label="INSERT ... SELECT ... GROUP BY over pledged employers' live vacancies",
        models=("employers.Pledge", "employers.PledgeCheck"),
        floor_models=("employers.Pledge",),
        target_s=10.0,
        target_label="5,000 pledged employers in <= 10 s",
    )
)


# -- The daily alert digest ------------------------------------------------------------------

register(
    WorkerBenchmark(
        name="digest",
        label="Daily alert digest: gather each resident's undelivered matches into one email",
        # Point this at the digest service once it is merged; the adapter returns the number of
        # emails built. Add a floor (one SELECT ... GROUP BY over undelivered deliveries) then too.
        service="residents.services.alerts:alert_digests_send",
        call=lambda service, ctx, state: service(day=ctx.today),
        models=("residents.SavedSearch", "residents.AlertDelivery"),
    )
)
