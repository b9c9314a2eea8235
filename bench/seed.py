"""A large, realistic data set, written with PostgreSQL COPY.

COPY streams rows in one statement per table instead of one INSERT per row (or per batch),
which is what makes 300,000 vacancies and 200,000 residents a matter of minutes. Rows are
built in Python so that text, options and dates vary like real ones; the database computes
the generated columns (search_vector, pay_hourly_min) as the rows arrive.

Seeding is a registry of steps. Each records itself in the ledger (bench.database), so a
later run reuses what is there and seeds only steps that are new or changed; a step whose
models do not exist on this branch is reported as skipped.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import psycopg
from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from psycopg import sql

from bench import corpus
from bench.database import ledger, ledger_record

logger = logging.getLogger("bench")

RANDOM_SEED = 20261123


@dataclass(frozen=True)
class Sizes:
    live_vacancies: int
    closed_vacancies: int
    organisations: int
    pledged_organisations: int
    residents: int
    providers: int
    coaches: int
    saved_searches: int
    caseloads: int
    new_vacancies: int
    digest_emails: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        def n(full: int, least: int) -> int:
            return max(least, round(full * scale))

        return cls(
            live_vacancies=n(100_000, 50),
            closed_vacancies=n(200_000, 50),
            organisations=n(20_000, 20),
            pledged_organisations=n(5_000, 5),
            residents=n(200_000, 50),
            providers=n(12, 2),
            coaches=n(150, 4),
            saved_searches=n(100_000, 50),
            # One resident in ten is on a work coach's caseload.
            caseloads=n(20_000, 20),
            # The workers' batches (bench.workers): vacancies matched in one run, and the
            # emails of one daily digest run.
            new_vacancies=n(1_000, 20),
            digest_emails=n(1_000, 10),
        )


@dataclass
class SeedContext:
    conn: psycopg.Connection
    sizes: Sizes
    scale: float
    today: datetime.date = field(default_factory=timezone.localdate)
    now: datetime.datetime = field(default_factory=timezone.now)

    def rng(self, step: str) -> random.Random:
        # One stream per step: adding a step never changes another step's rows.
        return random.Random(f"{RANDOM_SEED}:{step}")


@dataclass(frozen=True)
class SeedStep:
    name: str
    version: str
    models: tuple[str, ...]
    run: Callable[[SeedContext], int]
    optional: bool = False
    # A step no other step builds on is seeded again in place when its version changes: its
    # models' tables are emptied and it runs again, and the rest of the database is kept. Any
    # other step's change rebuilds the database (bench.__main__.prepare_database).
    replaceable: bool = False


SEED_STEPS: list[SeedStep] = []


def seed_step(
    name: str,
    *,
    version: str,
    models: tuple[str, ...] = (),
    optional: bool = False,
    replaceable: bool = False,
) -> Callable:
    """Register a seeding function. `models` are "app_label.ModelName" labels it writes to;
    an `optional` step that fails is reported and the bench carries on without it."""

    def register(func: Callable[[SeedContext], int]) -> Callable[[SeedContext], int]:
        SEED_STEPS.append(
            SeedStep(
                name=name,
                version=version,
                models=models,
                run=func,
                optional=optional,
                replaceable=replaceable,
            )
        )
        return func

    return register


def missing_models(step: SeedStep) -> list[str]:
    missing = []
    for label in step.models:
        try:
            apps.get_model(label)
        except LookupError:
            missing.append(label)
    return missing


# -- COPY ------------------------------------------------------------------------------------


def _copy_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]


def copy_rows(
    conn: psycopg.Connection, model: type[models.Model], rows: Iterable[dict[str, Any]]
) -> int:
    """COPY dicts keyed by column name into the model's table.

    Columns a row leaves out are filled with the field's Python default, so a column added to
    a model later (with a default) does not break the seed.
    """
    iterator: Iterator[dict[str, Any]] = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    provided = list(first)
    filler = {
        f.column: f.get_default()
        for f in _copy_fields(model)
        if f.column not in first and f.has_default()
    }
    columns = provided + list(filler)
    fill_values = list(filler.values())
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for row in _chain(first, iterator):
            copy.write_row([row[c] for c in provided] + fill_values)
            count += 1
    return count


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


class indexes_dropped:
    """Drop a table's secondary indexes for a bulk load and build them again afterwards.

    Building a GIN index once over 300,000 tsvectors is several times faster than keeping it
    up to date row by row during COPY; primary keys and unique constraints stay, because they
    are constraints, not just indexes.
    """

    def __init__(self, conn: psycopg.Connection, table: str):
        self.conn, self.table = conn, table
        self.definitions: list[tuple[str, str]] = []

    def __enter__(self) -> indexes_dropped:
        self.definitions = self.conn.execute(
            """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
               AND indexname NOT IN (
                   SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass
               )""",
            [self.table, self.table],
        ).fetchall()
        for name, _ in self.definitions:
            self.conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            return
        # Index builds sort in memory up to this much, instead of spilling to disk.
        self.conn.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in self.definitions:
            self.conn.execute(definition)


# -- Vocabulary ------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


SECTOR_WEIGHTS = {
    "health_care": 14,
    "hospitality": 12,
    "retail": 11,
    "education": 10,
    "public_sector": 6,
    "charity": 6,
    "construction": 6,
    "transport": 7,
    "facilities": 8,
    "digital": 5,
    "finance": 4,
    "creative": 4,
    "science": 3,
    "admin": 8,
}
# Options each kind of work tends to offer: frontline roles flex by shifts, desk roles by time.
SECTOR_OPTIONS = {
    "health_care": [
        "part_time",
        "self_rostering",
        "shift_swapping",
        "predictable_shifts",
        "job_share",
    ],
    "hospitality": ["part_time", "shift_swapping", "predictable_shifts", "annualised_hours"],
    "retail": ["part_time", "shift_swapping", "predictable_shifts", "job_share"],
    "education": ["term_time", "part_time", "job_share", "annualised_hours"],
    "public_sector": ["flexitime", "compressed_hours", "part_time", "job_share"],
    "charity": ["part_time", "flexitime", "compressed_hours", "job_share"],
    "construction": ["compressed_hours", "predictable_shifts", "annualised_hours"],
    "transport": ["predictable_shifts", "shift_swapping", "self_rostering", "part_time"],
    "facilities": ["part_time", "predictable_shifts", "shift_swapping", "self_rostering"],
    "digital": ["flexitime", "compressed_hours", "part_time", "job_share"],
    "finance": ["flexitime", "compressed_hours", "part_time", "job_share"],
    "creative": ["part_time", "flexitime", "annualised_hours", "job_share"],
    "science": ["flexitime", "compressed_hours", "part_time"],
    "admin": ["part_time", "flexitime", "job_share", "term_time"],
}
DESK_SECTORS = {"digital", "finance", "admin", "public_sector", "creative"}
SHIFT_SECTORS = {"health_care", "hospitality", "retail", "transport", "facilities"}
CONTRACT_WEIGHTS = {
    "permanent": 55,
    "fixed_term": 15,
    "temporary": 12,
    "casual": 10,
    "apprenticeship": 8,
}
PAY_PERIOD_WEIGHTS = {"hour": 45, "year": 40, "month": 10, "week": 5}
WEEKS_PER_YEAR = Decimal(52)


def _wards() -> tuple[list[str], dict[str, str]]:
    from jobs.choices import CAMDEN_WARDS, Ward

    return [w.value for w in CAMDEN_WARDS], {w.value: w.label for w in Ward}


def hourly_min(pay_min: Decimal, hours_max: Decimal, period: str) -> Decimal:
    """The same arithmetic as the generated column pay_hourly_min."""
    per_hour = {
        "hour": pay_min,
        "week": pay_min / hours_max,
        "month": pay_min * 12 / (WEEKS_PER_YEAR * hours_max),
        "year": pay_min / (WEEKS_PER_YEAR * hours_max),
    }[period]
    return per_hour.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- Steps -----------------------------------------------------------------------------------


@seed_step("organisations", version="1", models=("employers.Organisation", "goodwork.User"))
def seed_organisations(ctx: SeedContext) -> int:
    from employers.models import Membership, Organisation
    from goodwork.core.models import User

    rng = ctx.rng("organisations")
    camden_wards, _ = _wards()
    n = ctx.sizes.organisations
    sectors = _weighted(rng, SECTOR_WEIGHTS, n)
    now = ctx.now
    rows = []
    for i in range(n):
        name = corpus.organisation_name(rng, sectors[i], i + 1)
        rows.append(
            {
                "created_at": now - datetime.timedelta(days=rng.randint(30, 1500)),
                "updated_at": now,
                "name": name,
                "slug": f"{slugify(name)}-{i + 1}",
                "companies_house_number": f"{10_000_000 + i:08d}" if rng.random() < 0.7 else "",
                "sector": sectors[i],
                "size_band": rng.choices(["micro", "small", "medium", "large"], [40, 35, 18, 7])[0],
                "address": (
                    f"{rng.randint(1, 250)} {rng.choice(corpus.ORGANISATION_WORDS)} Road, London"
                ),
                "postcode": (
                    f"NW{rng.randint(1, 8)} {rng.randint(1, 9)}"
                    f"{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
                ),
                "ward": rng.choice(camden_wards) if rng.random() < 0.8 else "elsewhere_london",
                "website": f"https://www.example-{i + 1}.org.uk",
                "living_wage_accredited": rng.random() < 0.25,
                "disability_confident": rng.choices(
                    ["none", "committed", "employer", "leader"], [55, 25, 15, 5]
                )[0],
                "flexible_working_statement": "We support flexible working from day one."
                if rng.random() < 0.4
                else "",
                # The first organisations are the pledged ones (see seed_pledges); a few of the
                # rest are suspended, so live() has its join to do.
                "suspended_at": now
                if i >= ctx.sizes.pledged_organisations and rng.random() < 0.01
                else None,
                "suspension_reason": "",
            }
        )
    count = copy_rows(ctx.conn, Organisation, rows)
    users = copy_rows(
        ctx.conn,
        User,
        (
            {
                "email": f"owner{i + 1}@employer.example",
                "password": "!bench",
                "first_name": rng.choice(corpus.FIRST_NAMES),
                "last_name": rng.choice(corpus.LAST_NAMES),
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                "date_joined": now,
            }
            for i in range(n)
        ),
    )
    ctx.conn.execute(
        f"""INSERT INTO {Membership._meta.db_table}
                (organisation_id, user_id, role, created_at, updated_at)
            SELECT o.id, u.id, 'owner', now(), now()
            FROM (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM {Organisation._meta.db_table}
            ) o
            JOIN {User._meta.db_table} u ON u.email = 'owner' || o.n || '@employer.example'"""  # noqa: S608
    )
    return count + users


@seed_step("pledges", version="1", models=("employers.Pledge",))
def seed_pledges(ctx: SeedContext) -> int:
    from employers.models import Organisation, Pledge, PledgeVersion

    rng = ctx.rng("pledges")
    version_id = PledgeVersion.objects.get(is_current=True).id
    org_ids = [
        row[0]
        for row in ctx.conn.execute(
            f"SELECT id FROM {Organisation._meta.db_table} ORDER BY id LIMIT %s",  # noqa: S608
            [ctx.sizes.pledged_organisations],
        )
    ]
    return copy_rows(
        ctx.conn,
        Pledge,
        (
            {
                "created_at": ctx.now,
                "updated_at": ctx.now,
                "organisation_id": org_id,
                "version_id": version_id,
                "signatory_name": (
                    f"{rng.choice(corpus.FIRST_NAMES)} {rng.choice(corpus.LAST_NAMES)}"
                ),
                "signatory_role": rng.choice(
                    ["Chief executive", "Managing director", "Head of HR", "Owner"]
                ),
                "signed_on": ctx.today - datetime.timedelta(days=rng.randint(1, 365)),
                "withdrawn_at": None,
            }
            for org_id in org_ids
        ),
    )


@seed_step("vacancies", version="1", models=("jobs.Vacancy",))
def seed_vacancies(ctx: SeedContext) -> int:
    from employers.models import Organisation
    from jobs.models import LivingWageRate, Vacancy

    rng = ctx.rng("vacancies")
    rate = LivingWageRate.objects.in_force_on(ctx.today) or Decimal("0")
    organisations = ctx.conn.execute(
        f"SELECT id, sector, suspended_at IS NOT NULL FROM {Organisation._meta.db_table} "  # noqa: S608
        "ORDER BY id"
    ).fetchall()
    active = [(oid, sector) for oid, sector, suspended in organisations if not suspended]
    # A few large employers post most vacancies; pledged employers (the first ones) are larger.
    weights = [1.0 / (rank + 10) ** 0.8 for rank in range(len(active))]
    camden_wards, ward_labels = _wards()

    def build(count: int, live: bool) -> Iterator[dict[str, Any]]:
        employers = rng.choices(active, weights=weights, k=count)
        for org_id, org_sector in employers:
            yield _vacancy_row(ctx, rng, org_id, org_sector, live, rate, camden_wards, ward_labels)

    with indexes_dropped(ctx.conn, Vacancy._meta.db_table):
        count = copy_rows(ctx.conn, Vacancy, build(ctx.sizes.live_vacancies, live=True))
        count += copy_rows(ctx.conn, Vacancy, build(ctx.sizes.closed_vacancies, live=False))
    return count


def _vacancy_row(
    ctx: SeedContext,
    rng: random.Random,
    org_id: int,
    org_sector: str,
    live: bool,
    rate: Decimal,
    camden_wards: list[str],
    ward_labels: dict[str, str],
) -> dict[str, Any]:
    sector = org_sector if rng.random() < 0.8 else _weighted(rng, SECTOR_WEIGHTS, 1)[0]
    flexibility = rng.choices(["yes", "talk", "no"], [60, 30, 10])[0]
    desk = sector in DESK_SECTORS
    place = rng.choices(["on_site", "hybrid", "remote"], [35, 50, 15] if desk else [88, 10, 2])[0]
    options: list[str] = []
    if flexibility == "yes":
        options = rng.sample(SECTOR_OPTIONS[sector], k=rng.randint(1, 3))
    elif flexibility == "talk" and rng.random() < 0.3:
        options = [rng.choice(SECTOR_OPTIONS[sector])]
    hours_min = Decimal(rng.choice([8, 10, 12, 15, 16, 20, 22.5, 24, 25, 30, 35, 37.5]))
    hours_max = min(Decimal(60), hours_min + Decimal(rng.choice([0, 0, 0, 4, 8, 10, 15])))
    if hours_max >= 30 and "part_time" in options and hours_min >= 30:
        options.remove("part_time")
        options = options or ["flexitime"]
    period = _weighted(rng, PAY_PERIOD_WEIGHTS, 1)[0]
    hourly = Decimal(rng.triangular(12.21, 30.0, 13.5)).quantize(Decimal("0.01"))
    pay_min = {
        "hour": hourly,
        "week": hourly * hours_max,
        "month": hourly * hours_max * WEEKS_PER_YEAR / 12,
        "year": hourly * hours_max * WEEKS_PER_YEAR,
    }[period].quantize(Decimal("1") if period == "year" else Decimal("0.01"))
    pay_max = (
        (pay_min * Decimal(rng.choice(["1.05", "1.1", "1.2"]))).quantize(Decimal("0.01"))
        if rng.random() < 0.5
        else None
    )
    shift = sector in SHIFT_SECTORS and rng.random() < 0.7
    zero_hours = rng.random() < 0.05 and place == "on_site"
    ward = (
        ""
        if place == "remote"
        else (
            rng.choice(camden_wards)
            if rng.random() < 0.8
            else rng.choice(["elsewhere_london", "outside_london"])
        )
    )
    title, summary, description = corpus.vacancy_text(
        rng, sector, options, ward_labels[ward] if ward in camden_wards else "London"
    )
    if live:
        published = ctx.now - datetime.timedelta(minutes=rng.randint(5, 60 * 24 * 60))
        closing = ctx.today + datetime.timedelta(days=rng.randint(1, 60))
        status, closed_at = "published", None
    else:
        published = ctx.now - datetime.timedelta(
            days=rng.randint(75, 730), minutes=rng.randint(0, 1439)
        )
        closing = published.date() + datetime.timedelta(days=rng.randint(7, 60))
        status = "expired" if rng.random() < 0.85 else "closed"
        closed_at = (
            timezone.make_aware(datetime.datetime.combine(closing, datetime.time(0, 5)))
            if status == "expired"
            else published + datetime.timedelta(days=rng.randint(1, 6))
        )
    hourly_equivalent = hourly_min(pay_min, hours_max, period)
    return {
        "created_at": published - datetime.timedelta(hours=rng.randint(1, 72)),
        "updated_at": published,
        "title": title,
        "slug": slugify(title)[:120] or "job",
        "summary": summary,
        "description": description,
        "sector": sector,
        "contract_type": _weighted(rng, CONTRACT_WEIGHTS, 1)[0],
        "hours_min": hours_min,
        "hours_max": hours_max,
        "work_pattern": rng.choice(
            [
                "Monday to Friday, 9am to 3pm",
                "Early and late shifts",
                "Weekends and some evenings",
                "Flexible across the week",
                "",
            ]
        ),
        "guaranteed_hours": None if zero_hours else hours_min,
        "zero_hours": zero_hours,
        "is_shift_based": shift,
        "rota_weeks_ahead": rng.choice([2, 4, 6, 8]) if "predictable_shifts" in options else None,
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_period": period,
        "pays_living_wage": bool(rate) and hourly_equivalent >= rate,
        "flexibility": flexibility,
        "time_options": options,
        "place": place,
        "flexible_details": "Talk to us about the hours and days that suit you." if options else "",
        "address": "",
        "postcode": "",
        "ward": ward,
        "start_date": None,
        "closing_date": closing,
        "apply_url": "https://jobs.example.org.uk/apply",
        "apply_email": "",
        "status": status,
        "submitted_at": published,
        "published_at": published,
        "closed_at": closed_at,
        "moderation_note": "",
        "alerts_matched_at": published + datetime.timedelta(minutes=1),
        "view_count": rng.randint(0, 400),
        "copied_from_id": None,
        "reference": "",
        "source": "form",
        "created_by_id": None,
        "organisation_id": org_id,
    }


@seed_step("residents", version="1", models=("residents.Resident",))
def seed_residents(ctx: SeedContext) -> int:
    from goodwork.core.models import User
    from residents.models import Resident

    rng = ctx.rng("residents")
    camden_wards, _ = _wards()
    n = ctx.sizes.residents
    # Four in five residents have an account; the rest were added by a work coach.
    with_account = [rng.random() < 0.8 for _ in range(n)]
    copy_rows(
        ctx.conn,
        User,
        (
            {
                "email": f"resident{i + 1}@residents.example",
                "password": "!bench",
                "first_name": "",
                "last_name": "",
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                "date_joined": ctx.now,
            }
            for i in range(n)
            if with_account[i]
        ),
    )
    user_ids = dict(
        ctx.conn.execute(
            f"SELECT email, id FROM {User._meta.db_table} "  # noqa: S608
            "WHERE email LIKE 'resident%%@residents.example'"
        ).fetchall()
    )
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    options = list(SECTOR_OPTIONS["health_care"]) + ["flexitime", "term_time", "compressed_hours"]

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(n):
            hours_min = Decimal(rng.choice([8, 12, 16, 20, 25, 30]))
            completed = rng.random() < 0.6
            yield {
                "created_at": ctx.now,
                "updated_at": ctx.now,
                "user_id": user_ids.get(f"resident{i + 1}@residents.example"),
                "first_name": rng.choice(corpus.FIRST_NAMES),
                "last_name": rng.choice(corpus.LAST_NAMES),
                "email": f"resident{i + 1}@residents.example",
                "phone": "",
                "postcode": f"NW{rng.randint(1, 8)} {rng.randint(1, 9)}AB",
                "ward": rng.choice(camden_wards),
                "hours_min": hours_min if completed else None,
                "hours_max": hours_min + rng.choice([0, 5, 10]) if completed else None,
                "days_available": sorted(rng.sample(days, k=rng.randint(2, 7)))
                if completed
                else [],
                "times_available": rng.sample(
                    ["mornings", "afternoons", "evenings", "nights"], k=rng.randint(1, 3)
                )
                if completed
                else [],
                "time_options_needed": rng.sample(options, k=rng.randint(0, 2))
                if completed
                else [],
                "time_options_preferred": rng.sample(options, k=rng.randint(0, 2))
                if completed
                else [],
                "places_wanted": rng.sample(["on_site", "hybrid", "remote"], k=rng.randint(1, 3))
                if completed
                else [],
                "sectors": _weighted(rng, SECTOR_WEIGHTS, rng.randint(1, 3)) if completed else [],
                "pay_needed_hourly": Decimal(rng.choice([13, 14, 15, 16, 18]))
                if completed
                else None,
                "caring": rng.choice(["none", "children", "adult", "both", ""]),
                "health_consent_at": None,
                "health_condition": "",
                "profile_completed_at": ctx.now if completed else None,
                "created_by_id": None,
            }

    return copy_rows(ctx.conn, Resident, rows())


@seed_step("coaches", version="1", models=("residents.Provider", "residents.Coach"))
def seed_coaches(ctx: SeedContext) -> int:
    from goodwork.core.models import User
    from residents.coaching.models import Coach, Provider

    rng = ctx.rng("coaches")
    copy_rows(
        ctx.conn,
        Provider,
        (
            {
                "created_at": ctx.now,
                "updated_at": ctx.now,
                "name": f"{rng.choice(corpus.ORGANISATION_WORDS)} Works {i + 1}",
                "kind": rng.choice(["council", "charity", "college", "other"]),
                "email": "",
                "phone": "",
                "address": "",
                "description": "",
                "accepts_self_referrals": True,
            }
            for i in range(ctx.sizes.providers)
        ),
    )
    provider_ids = [
        r[0]
        for r in ctx.conn.execute(f"SELECT id FROM {Provider._meta.db_table} ORDER BY id")  # noqa: S608
    ]
    copy_rows(
        ctx.conn,
        User,
        (
            {
                "email": f"coach{i + 1}@providers.example",
                "password": "!bench",
                "first_name": rng.choice(corpus.FIRST_NAMES),
                "last_name": rng.choice(corpus.LAST_NAMES),
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                "date_joined": ctx.now,
            }
            for i in range(ctx.sizes.coaches)
        ),
    )
    user_ids = [
        r[0]
        for r in ctx.conn.execute(
            f"SELECT id FROM {User._meta.db_table} "  # noqa: S608
            "WHERE email LIKE 'coach%%@providers.example' ORDER BY id"
        )
    ]
    return copy_rows(
        ctx.conn,
        Coach,
        (
            {
                "created_at": ctx.now,
                "updated_at": ctx.now,
                "user_id": user_id,
                "provider_id": provider_ids[i % len(provider_ids)],
                "job_title": "Work coach",
                "is_manager": i < len(provider_ids),
                "active": True,
            }
            for i, user_id in enumerate(user_ids)
        ),
    )


# -- Running the steps -----------------------------------------------------------------------


def seed(conn: psycopg.Connection, scale: float) -> list[dict[str, Any]]:
    """Seed every registered step that is not in the ledger at this version and scale."""
    ctx = SeedContext(conn=conn, sizes=Sizes.at(scale), scale=scale)
    done = ledger(conn)
    report: list[dict[str, Any]] = []
    seeded_any = False
    for step in SEED_STEPS:
        missing = missing_models(step)
        if missing:
            report.append(
                {
                    "step": step.name,
                    "status": "skipped",
                    "reason": f"not available: {', '.join(missing)} not on this branch",
                }
            )
            logger.info("seed %s: skipped (%s missing)", step.name, ", ".join(missing))
            continue
        if done.get(step.name) == (step.version, scale):
            report.append({"step": step.name, "status": "reused"})
            continue
        started = time.perf_counter()
        try:
            with conn.transaction():
                # Django's foreign keys are deferred to commit; checking them as rows arrive
                # lets a step build indexes inside the same transaction (no pending triggers).
                conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if step.name in done and step.replaceable:
                    logger.info("seed %s: seeded at another version; seeding it again", step.name)
                    tables = [apps.get_model(label)._meta.db_table for label in step.models]
                    conn.execute(
                        sql.SQL("TRUNCATE {} CASCADE").format(
                            sql.SQL(", ").join(map(sql.Identifier, tables))
                        )
                    )
                rows = step.run(ctx)
                seconds = time.perf_counter() - started
                ledger_record(
                    conn,
                    step=step.name,
                    version=step.version,
                    scale=scale,
                    rows=rows,
                    seconds=seconds,
                )
        except Exception as exc:
            if not step.optional:
                raise
            # An optional step (a model still settling) is reported, and the bench goes on.
            report.append(
                {
                    "step": step.name,
                    "status": "failed",
                    "reason": f"failed: {type(exc).__name__}: {exc}",
                }
            )
            continue
        seeded_any = True
        logger.info("seed %s: %s rows in %.1f s", step.name, rows, seconds)
        report.append(
            {"step": step.name, "status": "seeded", "rows": rows, "seconds": round(seconds, 2)}
        )
    if seeded_any:
        # Fresh statistics for the planner, and a visibility map so index-only scans can skip
        # the heap: without this the first runs measure an unvacuumed table.
        conn.execute("VACUUM (ANALYZE)")
    return report


def counts(conn: psycopg.Connection) -> dict[str, int]:
    from employers.models import Organisation, Pledge
    from jobs.models import Vacancy
    from residents.models import Resident

    def one(query: str) -> int:
        return conn.execute(query).fetchone()[0]

    v, o = Vacancy._meta.db_table, Organisation._meta.db_table
    return {
        "live_vacancies": one(
            f"SELECT count(*) FROM {v} JOIN {o} ON {o}.id = {v}.organisation_id "  # noqa: S608
            "WHERE status = 'published' AND closing_date >= current_date "
            f"AND {o}.suspended_at IS NULL"
        ),
        "closed_vacancies": one(f"SELECT count(*) FROM {v} WHERE status IN ('closed', 'expired')"),  # noqa: S608
        "organisations": one(f"SELECT count(*) FROM {o}"),  # noqa: S608
        "pledged_organisations": one(
            f"SELECT count(DISTINCT organisation_id) FROM {Pledge._meta.db_table} "  # noqa: S608
            "WHERE withdrawn_at IS NULL"
        ),
        "residents": one(f"SELECT count(*) FROM {Resident._meta.db_table}"),  # noqa: S608
        **{
            name: one(f"SELECT count(*) FROM {apps.get_model(label)._meta.db_table}")  # noqa: S608
            for name, label in (
                ("saved_searches", "residents.SavedSearch"),
                ("caseload_entries", "residents.CaseloadEntry"),
                ("case_notes", "residents.CaseNote"),
            )
            if apps.all_models[label.split(".")[0]].get(label.split(".")[1].lower())
        },
    }


# -- Saved searches ----------------------------------------------------------------------------
#
# What residents ask to be emailed about, in the columns of residents.SavedSearch. Each search
# starts from one kind of work the person wants and narrows it the way people do on the search
# page: a sector or a job title, usually their ward, often hours, sometimes pay or flexible
# options. The mix decides how many vacancies each search matches: about 1 in 120 on average
# (measured at scale 0.05), so matching 1,000 new vacancies writes about 8 deliveries per
# active search.

FREQUENCY_WEIGHTS = {"immediate": 20, "daily": 55, "weekly": 25}
UNSUBSCRIBE_REASONS = ["not_relevant", "found_job", "circumstances", "other"]
KEYWORD_STOPWORDS = {"of", "and", "the", "for", "de", "to", "a"}


def _keyword(rng: random.Random, sector: str) -> str:
    """A job title as typed into the search box: the whole title, or its telling word."""
    title = rng.choice(corpus.TITLES[sector]).lower()
    words = [
        w
        for w in title.replace("(", " ").replace(")", " ").replace("-", " ").split()
        if w not in KEYWORD_STOPWORDS and len(w) > 2
    ]
    return title if rng.random() < 0.5 or not words else rng.choice(words)


def _saved_search_row(
    ctx: SeedContext,
    rng: random.Random,
    i: int,
    owner_id: int | None,
    email: str,
    camden_wards: list[str],
    sector_labels: dict[str, str],
) -> dict[str, Any]:
    from jobs.choices import ContractType
    from jobs.filters import AREA_REMOTE

    # What the search is about: a kind of work (half), a job title (45%), or only where and
    # when (one in twenty, always narrowed to an area).
    sector = _weighted(rng, SECTOR_WEIGHTS, 1)[0]
    focus = rng.choices(["sector", "keywords", "broad"], [50, 45, 5])[0]
    keywords = _keyword(rng, sector) if focus == "keywords" else ""
    sectors: list[str] = []
    if focus == "sector" or (focus == "keywords" and rng.random() < 0.2):
        sectors = (
            [sector]
            if rng.random() < 0.85
            else sorted({sector, _weighted(rng, SECTOR_WEIGHTS, 1)[0]})
        )
    time_options = (
        sorted(rng.sample(SECTOR_OPTIONS[sector], k=rng.randint(1, 2)))
        if rng.random() < 0.45
        else []
    )
    places = (
        rng.choice([["hybrid"], ["remote"], ["hybrid", "remote"]]) if rng.random() < 0.15 else []
    )
    contract_types = (
        sorted(rng.sample([c.value for c in ContractType], k=rng.randint(1, 2)))
        if rng.random() < 0.15
        else []
    )
    areas: list[str] = []
    if focus == "broad" or rng.random() < 0.8:
        # Near home: their ward, or two, sometimes with remote work or the rest of London.
        areas = rng.sample(camden_wards, k=1 if rng.random() < 0.7 else 2)
        if rng.random() < 0.15:
            areas.append(rng.choice([AREA_REMOTE, "elsewhere_london"]))
    hours_max = Decimal(rng.choice([16, 20, 25, 30])) if rng.random() < 0.35 else None
    hours_min = Decimal(rng.choice([8, 12, 16, 20])) if rng.random() < 0.2 else None
    if hours_min is not None and hours_max is not None and hours_min > hours_max:
        hours_min = hours_max
    created = ctx.now - datetime.timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1439))
    confirmed = rng.random() < 0.92 or created > ctx.now - datetime.timedelta(days=1)
    unsubscribed = confirmed and rng.random() < 0.06
    name = keywords.capitalize() if keywords else (sector_labels[sector] if sectors else "New jobs")
    return {
        "created_at": created,
        "updated_at": created,
        "owner_id": owner_id,
        "email": email,
        "name": name[:100],
        "frequency": _weighted(rng, FREQUENCY_WEIGHTS, 1)[0],
        "paused": confirmed and not unsubscribed and rng.random() < 0.04,
        "confirmed_at": created + datetime.timedelta(minutes=rng.randint(0, 120))
        if confirmed
        else None,
        "unsubscribed_at": ctx.now - datetime.timedelta(days=rng.randint(0, 30))
        if unsubscribed
        else None,
        "unsubscribe_reason": rng.choice(UNSUBSCRIBE_REASONS) if unsubscribed else "",
        "last_used_at": created + (ctx.now - created) * rng.random(),
        "keep_asked_at": None,
        "keywords": keywords,
        "time_options": time_options,
        "places": places,
        "contract_types": contract_types,
        "sectors": sectors,
        "areas": sorted(areas),
        "hours_min": hours_min,
        "hours_max": hours_max,
        "pay_min": Decimal(rng.choice([13, 14, 15, 16, 18])) if rng.random() < 0.3 else None,
        "llw": rng.random() < 0.3,
        "pledge_only": rng.random() < 0.08,
    }


@seed_step("saved_searches", version="3", models=("residents.SavedSearch",), replaceable=True)
def seed_saved_searches(ctx: SeedContext) -> int:
    """100,000 saved searches at full size: residents with an account own theirs, the others
    (added by a coach) have one by email only; 92% confirmed, 6% of those unsubscribed since."""
    from jobs.choices import Sector
    from residents.models import Resident, SavedSearch

    rng = ctx.rng("saved_searches")
    camden_wards, _ = _wards()
    sector_labels = {s.value: s.label for s in Sector}
    people = ctx.conn.execute(
        sql.SQL("SELECT user_id, email FROM {} ORDER BY id").format(
            sql.Identifier(Resident._meta.db_table)
        )
    ).fetchall()
    if not people:
        raise RuntimeError("cannot seed saved searches: no residents")

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(ctx.sizes.saved_searches):
            owner_id, email = rng.choice(people)
            yield _saved_search_row(ctx, rng, i, owner_id, email, camden_wards, sector_labels)

    return copy_rows(ctx.conn, SavedSearch, rows())


# -- Caseloads -----------------------------------------------------------------------------------
#
# One resident in ten (20,000 at full size) on a work coach's caseload, each with the consent
# that lets the coach see them and a history of case notes (one to ten, five and a half on
# average: about 110,000 at full size).

CASE_STATUS_WEIGHTS = {
    "looking": 50,
    "in_work_looking": 15,
    "in_work": 15,
    "paused": 8,
    "closed": 12,
}
CONTACT_WEIGHTS = {"in_person": 40, "phone": 30, "video": 10, "email": 12, "text": 8}
END_REASONS = [
    "Started work",
    "Moved out of the borough",
    "Asked to stop",
    "No contact for three months",
]
GOALS = [
    "Find part-time work that fits around school hours.",
    "Move from zero-hours work to a contract with guaranteed hours.",
    "Get back into care work after a break for health reasons.",
    "Build confidence with interviews and online applications.",
    "Find work paying at least the London Living Wage within walking distance.",
    "Gain a food hygiene certificate and apply for kitchen roles.",
    "Improve English for work and apply for customer-facing roles.",
    "Find evening or weekend work alongside caring for a parent.",
]
NOTE_PHRASES = [
    "Reviewed the action plan together.",
    "Talked through two vacancies from the portal; will apply for one this week.",
    "Updated the CV with recent volunteering.",
    "Practised interview questions for a care assistant role.",
    "Discussed childcare options for a 9 to 3 pattern.",
    "Referred to the council's digital skills course.",
    "Resident has an interview on Thursday and wants a follow-up call afterwards.",
    "Checked in by phone; no change this week.",
    "Looked at the flexible working request letter together.",
    "Resident started a trial shift and will report back.",
    "Agreed to look for roles offering predictable shifts only.",
    "Benefits question passed to the welfare rights team.",
]


@seed_step(
    "caseloads",
    version="2",
    models=("residents.CaseloadEntry", "residents.CaseNote", "residents.Consent"),
    replaceable=True,
)
def seed_caseloads(ctx: SeedContext) -> int:
    from residents.coaching.models import CaseloadEntry, CaseNote, Coach, Consent
    from residents.models import Resident

    rng = ctx.rng("caseloads")
    coaches = ctx.conn.execute(
        sql.SQL("SELECT id, provider_id FROM {} WHERE active ORDER BY id").format(
            sql.Identifier(Coach._meta.db_table)
        )
    ).fetchall()
    resident_ids = _id_pool(ctx.conn, Resident)
    if not coaches or not resident_ids:
        raise RuntimeError("cannot seed caseloads: no coaches or no residents")
    chosen = rng.sample(resident_ids, k=min(ctx.sizes.caseloads, len(resident_ids)))
    entries, notes, consents = [], [], []
    for resident_id in chosen:
        coach_id, provider_id = rng.choice(coaches)
        status = _weighted(rng, CASE_STATUS_WEIGHTS, 1)[0]
        started = ctx.now - datetime.timedelta(days=rng.randint(7, 700))
        ended = None
        if status == "closed":
            ended = started + (ctx.now - started) * rng.uniform(0.2, 1.0)
        entries.append(
            {
                "created_at": started,
                "updated_at": ended or started,
                "resident_id": resident_id,
                "coach_id": coach_id,
                "provider_id": provider_id,
                "status": status,
                "goals": " ".join(rng.sample(GOALS, k=rng.randint(1, 2))),
                "started_at": started,
                "ended_at": ended,
                "end_reason": rng.choice(END_REASONS) if ended else "",
            }
        )
        consents.append(
            {
                "created_at": started,
                "updated_at": started,
                "resident_id": resident_id,
                "provider_id": provider_id,
                "shares_profile": True,
                "shares_health": rng.random() < 0.3,
                "shares_plan": True,
                "given_at": started,
                "given_by_id": None,
                "method": "in_person",
                "withdrawn_at": None,
                "withdrawn_by_id": None,
            }
        )
        last_day = (ended or ctx.now).date()
        span = max(0, (last_day - started.date()).days)
        for _ in range(rng.randint(1, 10)):
            contact_on = started.date() + datetime.timedelta(days=rng.randint(0, span))
            written = timezone.make_aware(
                datetime.datetime.combine(contact_on, datetime.time(rng.randint(9, 17)))
            )
            notes.append(
                {
                    "created_at": written,
                    "updated_at": written,
                    "resident_id": resident_id,
                    "provider_id": provider_id,
                    "author_id": coach_id,
                    "contact_on": contact_on,
                    "contact_type": _weighted(rng, CONTACT_WEIGHTS, 1)[0],
                    "text": " ".join(rng.sample(NOTE_PHRASES, k=rng.randint(1, 3))),
                }
            )
    return (
        copy_rows(ctx.conn, CaseloadEntry, entries)
        + copy_rows(ctx.conn, Consent, consents)
        + copy_rows(ctx.conn, CaseNote, notes)
    )


def _id_pool(conn: psycopg.Connection, model: type[models.Model]) -> list[int]:
    return [
        row[0]
        for row in conn.execute(
            sql.SQL("SELECT id FROM {} ORDER BY id").format(sql.Identifier(model._meta.db_table))
        )
    ]
