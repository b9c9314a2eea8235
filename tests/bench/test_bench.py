"""The bench machinery, end to end on a tiny data set, and its arithmetic on its own.

Speed is not asserted: the machine running the tests is shared. What is asserted is that
every figure is there, is a number where it should be, and that the ratios and verdicts are
computed from the measured numbers.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import QueryDict

from bench import load, report, scenarios

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory, worker_id) -> dict:
    """One tiny bench run for this module's tests, whichever xdist workers they land on.

    The run writes one database, so it must never run twice at once: the first worker to get
    here runs it under a lock in the directory all workers share, the others wait and read
    its output.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    out = shared / "bench-results-tiny"
    with (shared / "bench-results-tiny.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "run.json").exists():
            out.mkdir(exist_ok=True)
            completed = _run_tiny_bench(out)
            run = {k: getattr(completed, k) for k in ("returncode", "stdout", "stderr")}
            (out / "run.json").write_text(json.dumps(run))
    run = json.loads((out / "run.json").read_text())
    assert run["returncode"] == 0, run["stderr"][-4000:]
    results = json.loads((out / "latest.json").read_text())
    results["_markdown"] = (out / "latest.md").read_text()
    results["_explain"] = (out / "explain.md").read_text()
    results["_stdout"] = run["stdout"]
    return results


def _run_tiny_bench(out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ}
    # The bench picks its own settings; the test session's must not leak into its processes.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "0.002",
            "--duration",
            "1.5",
            "--warmup",
            "0.3",
            "--clients",
            "4",
            "--workers",
            "2",
            "--database",
            f"goodwork_bench_test_{CHECKOUT}",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.mark.timeout(300)
def test_tiny_run_reports_every_page_with_latency_and_throughput(tiny_results):
    http = tiny_results["http"]
    assert set(http) == {
        "floor", "search", "job", "home", "search_rendered", "job_rendered", "home_rendered"
    }
    for name, figures in http.items():
        assert figures["requests"] > 0, name
        assert figures["rps"] > 0, name
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"], name
        assert figures["errors"] == 0, (name, figures["statuses"])
    assert len(http["floor"]["runs"]) == 2


@pytest.mark.timeout(300)
def test_tiny_run_ratios_come_from_the_measured_throughput(tiny_results):
    http = tiny_results["http"]
    floor_rps = sum(run["rps"] for run in http["floor"]["runs"]) / len(http["floor"]["runs"])
    assert http["floor"]["rps"] == pytest.approx(floor_rps, abs=0.01)
    for name in ("search", "job", "home", "search_rendered", "job_rendered", "home_rendered"):
        assert http[name]["ratio_to_floor"] == pytest.approx(
            http[name]["rps"] / floor_rps, abs=0.001
        )


@pytest.mark.timeout(300)
def test_tiny_run_counts_queries_weighs_the_page_and_explains_the_plans(tiny_results):
    queries = tiny_results["queries"]
    for name in ("search", "job", "home"):
        assert queries[name]["max"] >= 1
        assert queries[name]["statuses"] == [200]
    assert queries["floor"]["max"] == 0
    weight = tiny_results["page_weight"]
    assert weight["html"]["bytes"] > 0
    assert {asset["kind"] for asset in weight["assets"]} == {"css", "js"}
    assert weight["total_kb"] == pytest.approx(
        (weight["html"]["bytes"] + sum(a["bytes"] for a in weight["assets"])) / 1024, abs=0.1
    )
    assert (
        "EXPLAIN" not in tiny_results["_explain"] and "Execution Time" in tiny_results["_explain"]
    )


WORKER_KEYS = {
    "name", "label", "service", "floor_label", "target_s", "target_label", "status", "reason",
    "service_s", "service_rows", "floor_s", "floor_rows", "ratio_to_floor", "detail", "sql",
}  # fmt: skip


@pytest.mark.timeout(300)
def test_tiny_run_times_every_worker_against_its_floor(tiny_results):
    workers = {w["name"]: w for w in tiny_results["workers"]}
    assert set(workers) == {"expire", "matching", "pledge_checks", "digest"}
    for name, w in workers.items():
        assert set(w) >= WORKER_KEYS, name
        # Every service is on this branch: each is measured, never "not available" or failed.
        assert w["status"] == "measured", (name, w["reason"])
        assert w["reason"] is None and "floor_reason" not in w, (name, w)
        assert isinstance(w["service_s"], float) and w["service_s"] >= 0, name
        assert isinstance(w["floor_s"], float) and w["floor_s"] > 0, name
        # Each floor writes exactly the rows the service wrote.
        assert isinstance(w["service_rows"], int) and w["service_rows"] == w["floor_rows"], name
        assert w["ratio_to_floor"] == pytest.approx(w["service_s"] / w["floor_s"], abs=0.01)
        # Each service's statements are counted and the slowest one explained.
        assert w["sql"]["statements"] >= 1 and w["sql"]["sql_s"] >= 0, name
        assert "Execution Time" in w["sql"]["plan"], (name, w["sql"]["plan"])
        assert w["label"] in tiny_results["_explain"], name
    assert workers["expire"]["service_rows"] > 0
    assert (
        workers["pledge_checks"]["service_rows"]
        == tiny_results["meta"]["counts"]["pledged_organisations"]
    )
    assert workers["digest"]["service_rows"] > 0
    assert workers["digest"]["detail"].endswith("searches")
    assert workers["matching"]["detail"] == "20 vacancies"


@pytest.mark.timeout(300)
def test_tiny_run_seeds_saved_searches_and_caseloads(tiny_results):
    steps = {s["step"]: s for s in tiny_results["seed"]["steps"]}
    assert steps["saved_searches"]["status"] in {"seeded", "reused"}
    assert steps["caseloads"]["status"] in {"seeded", "reused"}
    counts = tiny_results["meta"]["counts"]
    assert counts["saved_searches"] == 200
    assert counts["caseload_entries"] == 40
    assert counts["case_notes"] >= 40


@pytest.mark.timeout(300)
def test_tiny_run_marks_every_target_and_prints_the_table(tiny_results):
    verdicts = {t["target"]: t["met"] for t in tiny_results["targets"]}
    assert any(target.startswith("Search p95") for target in verdicts)
    assert any("fixed and <= 6" in target for target in verdicts)
    clients = tiny_results["meta"]["clients"]
    for name, how in (("search", ""), ("search_rendered", ", every request rendered")):
        p95 = tiny_results["http"][name]["p95_ms"]
        target = f"Search p95 <= {report.SEARCH_P95_MS:g} ms at {clients} clients{how}"
        assert verdicts[target] is (p95 <= report.SEARCH_P95_MS)
    assert "## Targets" in tiny_results["_markdown"]
    assert "## Targets" in tiny_results["_stdout"]


def test_percentiles_use_the_nearest_rank():
    values = [i / 1000 for i in range(1, 101)]
    assert load.percentile(values, 0.50) == 0.050
    assert load.percentile(values, 0.95) == 0.095
    assert load.percentile(values, 0.99) == 0.099
    summary = load.summarise(load.Tally(latencies=values, statuses={200: 100}), duration=2.0)
    assert summary["rps"] == 50.0
    assert summary["p95_ms"] == 95.0


def test_search_urls_are_fixed_and_valid_for_the_search_filters():
    from jobs.filters import VacancyFilter
    from jobs.models import Vacancy

    paths = scenarios.search_paths()
    assert paths == scenarios.search_paths()
    assert len(set(paths)) == len(paths) == scenarios.SEARCH_URL_COUNT
    assert sum("q=" in p for p in paths) > len(paths) // 2
    for path in paths:
        query = QueryDict(path.partition("?")[2])
        query = query.copy()
        query.pop("page", None)
        form = VacancyFilter(data=query, queryset=Vacancy.objects.none()).form
        assert form.is_valid(), (path, form.errors)


@pytest.mark.django_db
def test_saved_searches_and_caseloads_are_seeded_as_valid_rows():
    """The COPY-built rows pass the models' own validation: choices, bounds, constraints."""
    from django.db import connection

    from bench.seed import SeedContext, Sizes, seed_caseloads, seed_saved_searches
    from residents.coaching.models import CaseloadEntry, CaseNote, Consent
    from residents.models import SavedSearch
    from tests.residents.factories import CoachFactory, OfflineResidentFactory, ResidentFactory

    ResidentFactory.create_batch(4)
    OfflineResidentFactory.create_batch(2)
    CoachFactory.create_batch(2)
    connection.ensure_connection()
    ctx = SeedContext(conn=connection.connection, sizes=Sizes.at(0.001), scale=0.001)

    assert seed_saved_searches(ctx) == ctx.sizes.saved_searches == 100
    searches = list(SavedSearch.objects.all())
    for search in searches:
        search.full_clean()
    assert {s.frequency for s in searches} == {"immediate", "daily", "weekly"}
    assert sum(s.confirmed_at is not None for s in searches) > 80
    assert any(s.keywords for s in searches) and any(s.sectors for s in searches)
    assert any(s.owner_id is None for s in searches) and any(s.owner_id for s in searches)

    rows = seed_caseloads(ctx)
    entries = list(CaseloadEntry.objects.all())
    assert len(entries) == 6  # every resident, as there are fewer than Sizes.caseloads
    assert rows == len(entries) + Consent.objects.count() + CaseNote.objects.count()
    for row in [*entries, *Consent.objects.all(), *CaseNote.objects.all()]:
        row.full_clean()
    assert CaseloadEntry.objects.with_consent().count() == len(entries)
    assert CaseNote.objects.count() >= len(entries)


def test_seed_steps_for_missing_models_are_skipped():
    from bench.seed import SEED_STEPS, SeedStep, missing_models

    names = {step.name for step in SEED_STEPS}
    assert {
        "organisations",
        "pledges",
        "vacancies",
        "residents",
        "saved_searches",
        "caseloads",
    } <= names
    step = SeedStep(
        name="x", version="1", models=("residents.NoSuchModel", "jobs.Vacancy"), run=lambda ctx: 0
    )
    assert missing_models(step) == ["residents.NoSuchModel"]


@pytest.mark.django_db
def test_matching_setup_publishes_unmatched_copies_of_live_vacancies():
    from bench.seed import Sizes
    from bench.workers import WorkerContext, _matching_setup
    from jobs.models import Vacancy
    from tests.jobs.factories import LiveVacancyFactory

    LiveVacancyFactory.create_batch(3)
    state = _matching_setup(WorkerContext(sizes=Sizes.at(0.001)))
    copies = Vacancy.objects.filter(pk__in=state["vacancy_ids"])
    assert copies.count() == 3
    assert set(copies.values_list("alerts_matched_at", flat=True)) == {None}
    assert Vacancy.objects.live().filter(pk__in=state["vacancy_ids"]).count() == 3
    assert Vacancy.objects.unmatched().count() == 3


@pytest.mark.django_db
def test_a_broken_worker_benchmark_is_reported_not_raised():
    from bench import workers
    from bench.seed import Sizes

    def broken(ctx):
        raise RuntimeError("no such column")

    entry = workers.run_one(
        workers.WorkerBenchmark(
            name="broken",
            label="Broken",
            service="jobs.services:vacancies_expire",
            call=lambda service, ctx, state: 0,
            setup=broken,
        ),
        workers.WorkerContext(sizes=Sizes.at(0.001)),
    )
    assert entry["status"] == "failed"
    assert "no such column" in entry["reason"]


@pytest.mark.django_db
def test_a_missing_service_is_reported_not_available():
    from bench import workers
    from bench.seed import Sizes

    entry = workers.run_one(
        workers.WorkerBenchmark(
            name="gone",
            label="Gone",
            service="residents.services.alerts:no_such_service",
            call=lambda service, ctx, state: 0,
        ),
        workers.WorkerContext(sizes=Sizes.at(0.001)),
    )
    assert entry["status"] == "not available"
    assert entry["reason"].startswith("not available:")
    assert entry["service_s"] is None and entry["ratio_to_floor"] is None


def test_each_scale_has_its_own_default_database():
    from bench.database import default_database_name

    assert default_database_name(1.0) == "goodwork_bench_data"
    assert default_database_name(0.05) == "goodwork_bench_data_s0_05"
