"""What the bench asks for: a fixed, seeded list of URLs per page.

Search URLs mix what residents type (job titles, a quoted phrase, an exclusion) with the
filters they tick (flexible options, hours, pay, area, pledge, dates) and a second page.
The list is built from a fixed random seed so every run asks for the same things.
"""

from __future__ import annotations

import random
import urllib.parse
from dataclasses import dataclass

from bench import corpus
from bench.urls import FLOOR_PATH

SEARCH_PATH = "/jobs/"
SEARCH_URL_COUNT = 60
JOB_URL_COUNT = 500
SCENARIO_SEED = 7

# What residents type, most often a job title or part of one.
HAND_WRITTEN_SEARCHES: list[list[tuple[str, str]]] = [
    [("q", "care assistant")],
    [("q", "teaching assistant"), ("time", "term_time")],
    [
        ("q", "cleaner"),
        ("time", "part_time"),
        ("area", "kentish_town_south"),
        ("area", "camden_town"),
    ],
    [("q", "chef"), ("hours_max", "25")],
    [("q", "developer"), ("place", "remote"), ("place", "hybrid")],
    [("q", '"customer services"')],
    [("q", "admin -apprentice"), ("llw", "on")],
    [("time", "part_time"), ("llw", "on")],
    [("time", "job_share"), ("time", "compressed_hours"), ("pledge", "on")],
    [("sector", "health_care"), ("time", "predictable_shifts")],
    [("area", "camden_town"), ("area", "kings_cross"), ("posted", "7")],
    [("pay_min", "15"), ("hours_min", "16"), ("hours_max", "25")],
    [("closing", "7")],
    [],
    [("page", "2")],
    [("q", "receptionist"), ("contract", "permanent")],
    [("q", "driver"), ("time", "shift_swapping")],
    [("q", "support worker"), ("llw", "on"), ("pledge", "on"), ("time", "self_rostering")],
]
FILTER_CHOICES: dict[str, list[str]] = {
    "time": [
        "part_time",
        "job_share",
        "flexitime",
        "compressed_hours",
        "term_time",
        "self_rostering",
        "shift_swapping",
        "predictable_shifts",
        "annualised_hours",
    ],
    "place": ["hybrid", "remote"],
    "hours_min": ["8", "16", "20"],
    "hours_max": ["16", "20", "25", "30"],
    "pay_min": ["13", "15", "18"],
    "llw": ["on"],
    "contract": ["permanent", "fixed_term", "temporary"],
    "sector": ["health_care", "hospitality", "retail", "education", "facilities", "admin"],
    "area": [
        "camden_town",
        "kings_cross",
        "holborn_covent_garden",
        "kilburn",
        "remote",
        "elsewhere_london",
    ],
    "pledge": ["on"],
    "posted": ["3", "7", "14"],
    "closing": ["7", "14"],
}


def search_paths(count: int = SEARCH_URL_COUNT) -> list[str]:
    rng = random.Random(SCENARIO_SEED)
    words = sorted({title.lower() for titles in corpus.TITLES.values() for title in titles})
    searches = list(HAND_WRITTEN_SEARCHES)
    while len(searches) < count:
        params: list[tuple[str, str]] = []
        if rng.random() < 0.7:
            title = rng.choice(words).replace("(", "").replace(")", "")
            # Residents often type part of a title ("nurse", "assistant") rather than all of it.
            params.append(("q", title if rng.random() < 0.5 else rng.choice(title.split())))
        for name in rng.sample(sorted(FILTER_CHOICES), k=rng.randint(0 if params else 1, 3)):
            values = FILTER_CHOICES[name]
            chosen = rng.sample(
                values,
                k=1
                if name
                in {"hours_min", "hours_max", "pay_min", "llw", "pledge", "posted", "closing"}
                else rng.randint(1, 2),
            )
            params += [(name, value) for value in chosen]
        if rng.random() < 0.1:
            params.append(("page", "2"))
        searches.append(params)
    return [SEARCH_PATH + ("?" + urllib.parse.urlencode(p) if p else "") for p in searches[:count]]


def job_paths(count: int = JOB_URL_COUNT) -> list[str]:
    from jobs.models import Vacancy

    rows = list(Vacancy.objects.live().order_by("id").values_list("id", "slug"))
    rng = random.Random(SCENARIO_SEED)
    chosen = rng.sample(rows, k=min(count, len(rows)))
    return [Vacancy(pk=pk, slug=slug).get_absolute_url() for pk, slug in chosen]


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    paths: list[str]


def scenarios() -> list[Scenario]:
    return [
        Scenario("floor", "Floor: bare Django view, no database", ["/" + FLOOR_PATH]),
        Scenario("search", "Search page (keywords and filters)", search_paths()),
        Scenario("job", "Job page (random live vacancies)", job_paths()),
        Scenario("home", "Home page", ["/"]),
    ]


# A search that uses a keyword and several filters, for EXPLAIN ANALYZE.
EXPLAIN_SEARCH_PATH = (
    SEARCH_PATH
    + "?"
    + urllib.parse.urlencode(
        [
            ("q", "care assistant"),
            ("time", "part_time"),
            ("time", "predictable_shifts"),
            ("llw", "on"),
            ("hours_max", "30"),
        ]
    )
)
