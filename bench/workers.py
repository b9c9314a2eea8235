"""The work the Celery workers do, timed against the least the database must do for it.

A registry of worker benchmarks. Each names the real service function ("module:function"),
the models it needs, a setup (not timed), an adapter that calls the service and returns the
rows it wrote, and an SQL floor. Everything runs in a transaction that is rolled back, so the
bench database is the same after every run. A service or model that does not exist on this
branch is reported as "not available" with the reason; its floor is still measured when the
floor's own tables exist.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
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
    # "module:function", or several to try in order (the first that exists is timed), for a
    # service that has moved between modules.
    service: str | tuple[str, ...]
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


def resolve(dotted: str | tuple[str, ...]) -> tuple[Callable[..., Any] | None, str | None]:
    if not isinstance(dotted, str):
        reasons = []
        for candidate in dotted:
            function, reason = resolve(candidate)
            if function is not None:
                return function, None
            reasons.append(reason.removeprefix("not available: "))
        return None, "not available: " + "; ".join(reasons)
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


def _timed(
    setup: Callable[[], State], work: Callable[[State], int], *, explain: bool = False
) -> tuple[float, int, State]:
    """Run setup then work in one transaction, time only the work, and roll everything back.
    An adapter may leave a short note for the table in state["detail"]. With `explain`, the
    work's statements are recorded, and the slowest is explained (ANALYZE, BUFFERS) before
    the rollback, in state["sql"]."""
    with transaction.atomic():
        state = setup()
        with CaptureQueriesContext(connection) if explain else contextlib.nullcontext() as captured:
            started = time.perf_counter()
            rows = work(state)
            elapsed = time.perf_counter() - started
        if captured is not None:
            state["sql"] = _explain_slowest(captured.captured_queries)
        transaction.set_rollback(True)
    return elapsed, rows, state


def _explain_slowest(queries: list[dict[str, str]]) -> dict[str, Any]:
    """How many statements the work ran and their time, and the slowest one's plan. The plan
    is taken after the work, so rows it wrote are there (an INSERT ... ON CONFLICT DO NOTHING
    then inserts nothing but does all of its reading)."""
    summary: dict[str, Any] = {
        "statements": len(queries),
        "sql_s": round(sum(float(q["time"]) for q in queries), 4),
        "slowest_ms": None,
        "slowest_sql": None,
        "plan": None,
    }
    explainable = [
        q
        for q in queries
        if q["sql"].lstrip()[:6].upper() in {"SELECT", "INSERT", "UPDATE", "WITH ", "DELETE"}
    ]
    if not explainable:
        return summary
    # The slowest statement that can be replayed: one that wrote a unique key (a run's row
    # for the day) fails the second time and is skipped for the next slowest.
    not_replayed = []
    for query in sorted(explainable, key=lambda q: float(q["time"]), reverse=True):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
        except Exception as exc:  # a statement that cannot be replayed is reported, not raised
            not_replayed.append(
                f"{round(float(query['time']) * 1000, 1)} ms: {type(exc).__name__}: {exc}"
            )
            continue
        summary["slowest_ms"] = round(float(query["time"]) * 1000, 1)
        summary["slowest_sql"] = query["sql"]
        summary["plan"] = plan
        break
    else:
        summary["plan"] = "(not explained: " + "; ".join(not_replayed) + ")"
    if not_replayed and summary["slowest_sql"]:
        summary["not_replayed"] = not_replayed
    return summary


def run_one(benchmark: WorkerBenchmark, ctx: WorkerContext) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": benchmark.name,
        "label": benchmark.label,
        "service": benchmark.service
        if isinstance(benchmark.service, str)
        else benchmark.service[0],
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
        "detail": None,
    }
    function, reason = resolve(benchmark.service)
    if function is not None:
        entry["service"] = f"{function.__module__}:{function.__name__}"
    missing = _missing(benchmark.models)
    if missing:
        reason = f"not available: {', '.join(missing)} not on this branch"
    if function is not None and reason is None:
        try:
            entry["service_s"], entry["service_rows"], state = _timed(
                lambda: benchmark.setup(ctx),
                lambda state: benchmark.call(function, ctx, state),
                explain=True,
            )
            entry["detail"] = state.get("detail")
            entry["sql"] = state.get("sql")
        except Exception as exc:  # one broken entry must not lose the rest of the run
            entry["status"], entry["reason"] = "failed", f"failed: {type(exc).__name__}: {exc}"
    else:
        entry["status"], entry["reason"] = "not available", reason
    floor_missing = _missing(benchmark.floor_models)
    if benchmark.floor is not None and not floor_missing:
        rows_hint = entry["service_rows"]
        try:
            entry["floor_s"], entry["floor_rows"], _ = _timed(
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
               WHERE id IN (
                   SELECT id FROM jobs_vacancy WHERE status = 'expired' ORDER BY id LIMIT %s
               )
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


# -- Alert matching: newly published vacancies against every saved search --------------------
#
# residents.services.alert_delivery.alerts_match: 1,000 vacancies at full size (Sizes.new_vacancies)
# against 100,000 saved searches, returning the AlertDelivery rows it wrote.


def _matching_setup(ctx: WorkerContext) -> State:
    """Vacancies published just now and not yet matched: copies of live ones, made through
    the model so that columns added to it later are copied too."""
    from jobs.models import Vacancy

    fields = [
        f
        for f in Vacancy._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    copies = []
    for source in Vacancy.objects.live().order_by("id")[: ctx.sizes.new_vacancies]:
        copy = Vacancy(**{f.attname: getattr(source, f.attname) for f in fields})
        copy.status = Vacancy.Status.PUBLISHED
        copy.published_at = copy.submitted_at = ctx.now
        copy.closing_date = max(source.closing_date, ctx.today + datetime.timedelta(days=1))
        copy.alerts_matched_at = copy.closed_at = None
        copy.view_count = 0
        copies.append(copy)
    return {"vacancy_ids": [v.pk for v in Vacancy.objects.bulk_create(copies)]}


def _matching_call(service: Callable[..., Any], ctx: WorkerContext, state: State) -> int:
    rows = service(vacancy_ids=state["vacancy_ids"])
    state["detail"] = f"{len(state['vacancy_ids']):,} vacancies"
    return rows


def _delivery_floor(ctx: WorkerContext, state: State, rows_hint: int | None) -> int:
    """As many delivery rows as the service wrote, into the same table (same unique and
    partial indexes), pairing the new vacancies with saved searches in one INSERT ... SELECT:
    the cost of the writes without the matching."""
    if rows_hint is None:
        raise FloorNeedsRows
    return _execute(
        """INSERT INTO residents_alertdelivery
               (saved_search_id, vacancy_id, created_at, sent_at, sent_by)
           SELECT s.id, v.id, now(), NULL, ''
           FROM unnest(%s::bigint[]) AS v(id) CROSS JOIN residents_savedsearch s
           LIMIT %s
           ON CONFLICT (saved_search_id, vacancy_id) DO NOTHING""",
        [state["vacancy_ids"], rows_hint],
    )


register(
    WorkerBenchmark(
        name="matching",
        label="Match new vacancies (1,000 at full size) against every saved search",
        service=(
            "residents.services.alert_delivery:alerts_match",
            "residents.services.alerts:alerts_match",
        ),
        call=_matching_call,
        setup=_matching_setup,
        floor=_delivery_floor,
        floor_label="INSERT ... SELECT of as many delivery rows into the same table",
        models=("residents.SavedSearch", "residents.AlertDelivery"),
        floor_models=("residents.SavedSearch", "residents.AlertDelivery"),
        target_s=10.0,
        target_label="Matching 1,000 vacancies x 100,000 saved searches in <= 10 s",
    )
)


# -- The nightly pledge check ----------------------------------------------------------------
#
# employers.services.pledge_checks.pledge_checks_run: every organisation with an active pledge
# (5,000 at full size), over its vacancies published in the last 12 months; one PledgeCheck
# row each.


def _pledge_call(service: Callable[..., Any], ctx: WorkerContext, state: State) -> int:
    # No status-change emails: the transaction is rolled back, and on_commit would never fire.
    return service(triggered_by="bench", on_commit=lambda func: None)


def _pledge_floor(ctx: WorkerContext, state: State, rows_hint: int | None) -> int:
    """The check's counts in one INSERT ... SELECT ... GROUP BY into the same table: every
    active pledge joined to its organisation's vacancies of the last 12 months, tallied
    against the five commitments, one row per organisation. It leaves out what the service
    adds on top: listing the vacancies that fall short and judging each commitment."""
    return _execute(
        """INSERT INTO employers_pledgecheck
               (organisation_id, pledge_id, run_on, status, vacancies_checked, results, checked_at)
           SELECT p.organisation_id, p.id, %(today)s,
                  CASE WHEN count(v.id) FILTER (WHERE NOT v.pays_living_wage OR v.zero_hours) > 0
                       THEN 'not_met' ELSE 'met' END,
                  count(v.id),
                  jsonb_build_array(
                      count(v.id) FILTER (WHERE cardinality(v.time_options) = 0
                          AND v.place NOT IN ('hybrid', 'remote') AND v.flexibility <> 'talk'),
                      count(v.id) FILTER (WHERE cardinality(v.time_options) > 0
                          OR v.place IN ('hybrid', 'remote')),
                      count(v.id) FILTER (WHERE NOT v.pays_living_wage),
                      count(v.id) FILTER (WHERE v.zero_hours),
                      count(v.id) FILTER (WHERE v.is_shift_based),
                      count(v.id) FILTER (WHERE v.is_shift_based AND (v.rota_weeks_ahead IS NULL
                          OR v.rota_weeks_ahead < pv.min_rota_weeks))),
                  now()
           FROM employers_pledge p
           JOIN employers_pledgeversion pv ON pv.id = p.version_id
           LEFT JOIN jobs_vacancy v ON v.organisation_id = p.organisation_id
                AND v.published_at >= %(since)s AND v.status IN ('published', 'closed', 'expired')
           WHERE p.withdrawn_at IS NULL
           GROUP BY p.id, p.organisation_id
           ON CONFLICT (organisation_id, run_on) DO UPDATE SET
               pledge_id = EXCLUDED.pledge_id, status = EXCLUDED.status,
               vacancies_checked = EXCLUDED.vacancies_checked, results = EXCLUDED.results,
               checked_at = EXCLUDED.checked_at""",
        {"today": ctx.today, "since": ctx.now - datetime.timedelta(days=365)},
    )


register(
    WorkerBenchmark(
        name="pledge_checks",
        label="Nightly pledge check of every pledged employer",
        service="employers.services.pledge_checks:pledge_checks_run",
        call=_pledge_call,
        floor=_pledge_floor,
        floor_label="INSERT ... SELECT ... GROUP BY of the same counts into the same table",
        models=("employers.Pledge", "employers.PledgeCheck"),
        floor_models=("employers.Pledge", "employers.PledgeCheck"),
        target_s=10.0,
        target_label="Pledge checks for 5,000 employers in <= 10 s",
    )
)


# -- The daily alert digest ------------------------------------------------------------------
#
# residents.services.alert_delivery.alerts_send_daily: one email per daily saved search with pending
# deliveries, then those deliveries marked sent. The setup gives Sizes.digest_emails active
# daily searches (1,000 at full size) one to nine pending jobs each, as a day of matching
# would; emails go to Django's in-memory backend, so each message is built in full and none
# leaves the machine.


def _digest_setup(ctx: WorkerContext) -> State:
    import random

    from jobs.models import Vacancy
    from residents.models import SavedSearch

    searches = list(
        SavedSearch.objects.receiving([SavedSearch.Frequency.DAILY])
        .order_by("id")
        .values_list("id", flat=True)[: ctx.sizes.digest_emails]
    )
    live = list(Vacancy.objects.live().order_by("id").values_list("id", flat=True))
    rng = random.Random(f"digest:{len(searches)}:{len(live)}")
    pairs = [
        (search_id, vacancy_id)
        for search_id in searches
        for vacancy_id in rng.sample(live, k=min(len(live), rng.randint(1, 9)))
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO residents_alertdelivery
               (saved_search_id, vacancy_id, created_at, sent_at, sent_by)
               SELECT s, v, now(), NULL, '' FROM unnest(%s::bigint[], %s::bigint[]) AS d(s, v)
               RETURNING id""",
            [[p[0] for p in pairs], [p[1] for p in pairs]],
        )
        return {"delivery_ids": [row[0] for row in cursor.fetchall()], "searches": len(searches)}


def _digest_call(service: Callable[..., Any], ctx: WorkerContext, state: State) -> int:
    from django.core import mail
    from django.test.utils import override_settings

    from residents.models import AlertDelivery

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        emails = service()
        mail.outbox = []
    state["detail"] = f"{emails:,} emails to {state['searches']:,} searches"
    return AlertDelivery.objects.filter(id__in=state["delivery_ids"], sent_at__isnull=False).count()


def _digest_floor(ctx: WorkerContext, state: State, rows_hint: int | None) -> int:
    """The digest's writes alone: the same pending deliveries marked sent in one UPDATE."""
    return _execute(
        "UPDATE residents_alertdelivery SET sent_at = now(), sent_by = 'bench' WHERE id = ANY(%s)",
        [state["delivery_ids"]],
    )


register(
    WorkerBenchmark(
        name="digest",
        label="Daily alert digest (1,000 emails at full size)",
        service=(
            "residents.services.alert_delivery:alerts_send_daily",
            "residents.services.alerts:alerts_send_daily",
        ),
        call=_digest_call,
        setup=_digest_setup,
        floor=_digest_floor,
        floor_label="UPDATE ... SET sent_at of the same delivery rows",
        models=("residents.SavedSearch", "residents.AlertDelivery"),
        floor_models=("residents.SavedSearch", "residents.AlertDelivery"),
    )
)
