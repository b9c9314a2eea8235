"""python -m bench: see bench/__init__.py."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import SEED_VERSION, database
from bench.setup import bench_environment, configure_django

if TYPE_CHECKING:  # bench.scenarios needs Django set up first
    from bench.scenarios import Scenario

BASE_DIR = Path(__file__).resolve().parent.parent


# Settings for a server that renders every request: no page cache, no cached search counts.
RENDER_EVERY_REQUEST = {"PAGE_CACHE_SECONDS": "0", "SEARCH_COUNTS_CACHE_SECONDS": "0"}
RENDERED_SCENARIOS = ("search", "job", "home")
RENDERED_SUFFIX = "_rendered"


def log(message: str) -> None:
    print(
        f"[bench {datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}",
        file=sys.stderr,
        flush=True,
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmark the portal against its floor."
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="data set size; 1.0 is 100,000 live vacancies (default 1.0)",
    )
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds measured per scenario (20)"
    )
    parser.add_argument(
        "--warmup", type=float, default=5.0, help="seconds of warm-up per scenario (5)"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (2 x cores + 1)"
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE"),
        help="the bench's own database on DATABASE_URL's server (goodwork_bench_data at full "
        "size, goodwork_bench_data_s0_05 at --scale 0.05, and so on)",
    )
    parser.add_argument(
        "--reseed", action="store_true", help="drop the bench database and seed it again"
    )
    parser.add_argument("--out", type=Path, default=BASE_DIR / "bench-results")
    parser.add_argument(
        "--skip-workers", action="store_true", help="leave out the worker benchmarks"
    )
    args = parser.parse_args(argv)
    if not args.database:
        # One database per scale, so a quick run never drops the full-size data set.
        args.database = database.default_database_name(args.scale)
    return args


def prepare_database(base_url: str, name: str, scale: float, reseed: bool) -> None:
    """Create the bench database, or drop it when it was seeded at another scale or version."""
    import psycopg

    rebuild = reseed
    if not rebuild and database.database_exists(base_url, name):
        with psycopg.connect(database.database_url(base_url, name), autocommit=True) as conn:
            done = database.ledger(conn)
        from bench.seed import SEED_STEPS

        # A changed step that nothing else builds on is seeded again in place (bench.seed);
        # a change to any other step, or another scale, rebuilds the database.
        versions = {step.name: step.version for step in SEED_STEPS if not step.replaceable}
        rebuild = ("seed" in done and done["seed"] != (SEED_VERSION, scale)) or any(
            seeded_scale != scale or (step in versions and version != versions[step])
            for step, (version, seeded_scale) in done.items()
            if step != "seed"
        )
        if rebuild and done:
            log(f"database {name} was seeded differently; seeding it again")
    database.create_database(base_url, name, drop_first=rebuild)


def ensure_frontend_build() -> None:
    """Production's manifest storage stops on a stylesheet's reference to a missing file, so
    a front-end build from before the one that copies GOV.UK Frontend's assets is redone."""
    build = BASE_DIR / "static" / "build"
    if (build / "app.css").exists() and (build / "assets").is_dir():
        return
    log("static/build is missing or has no assets/: running scripts/build-frontend.mjs")
    try:
        subprocess.run(["node", "scripts/build-frontend.mjs"], cwd=BASE_DIR, check=True)  # noqa: S603,S607
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"the front-end build failed ({exc}); run `make frontend`, then the bench again")


WORKER_TABLES = ("jobs_vacancy", "residents_alertdelivery", "employers_pledgecheck")


def vacuum_worker_tables(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in WORKER_TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")


def git_commit() -> str:
    try:
        return subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def drive_scenario(
    port: int, scenario: Scenario, args: argparse.Namespace, env: dict[str, str], *, how: str
) -> dict[str, Any]:
    log(
        f"driving {scenario.name}{how}: {args.clients} clients, {args.warmup:g} s warm-up, "
        f"{args.duration:g} s measured"
    )
    figures = drive(port, scenario.paths, args, env)
    log(f"  {figures['rps']} req/s, p95 {figures['p95_ms']} ms, {figures['errors']} errors")
    return figures


def drive(
    port: int, paths: list[str], args: argparse.Namespace, env: dict[str, str]
) -> dict[str, Any]:
    """Run the load driver in its own process, so its work does not share this one's GIL."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths))
    try:
        completed = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "bench.load",
                "--port",
                str(port),
                "--paths-file",
                handle.name,
                "--clients",
                str(args.clients),
                "--warmup",
                str(args.warmup),
                "--duration",
                str(args.duration),
            ],
            cwd=BASE_DIR,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    return json.loads(completed.stdout)


def run(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        sys.exit("DATABASE_URL is not set: run `make bench`, or point it at a PostgreSQL server.")
    started = time.perf_counter()
    prepare_database(base_url, args.database, args.scale, args.reseed)
    env = bench_environment(base_url, args.database)
    configure_django(env)

    import psycopg
    from django.core.management import call_command

    from bench import inprocess, report, scenarios, seed, server, workers

    log(f"migrating {args.database}")
    call_command("migrate", verbosity=0, interactive=False)
    ensure_frontend_build()
    log("collecting static files (whitenoise compresses them)")
    call_command("collectstatic", verbosity=0, interactive=False)

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        seed_started = time.perf_counter()
        log(f"seeding at scale {args.scale:g} (reusing what the ledger says is there)")
        steps = seed.seed(conn, args.scale)
        database.ledger_record(
            conn,
            step="seed",
            version=SEED_VERSION,
            scale=args.scale,
            rows=0,
            seconds=time.perf_counter() - seed_started,
        )
        for step in steps:
            log(
                f"  {step['step']}: {step['status']}"
                + (
                    f" ({step.get('rows')} rows, {step.get('seconds')} s)"
                    if step["status"] == "seeded"
                    else ""
                )
            )
        counts = seed.counts(conn)
        postgres_version = conn.execute("SHOW server_version").fetchone()[0]
    seed_seconds = time.perf_counter() - seed_started

    all_scenarios = scenarios.scenarios()
    log("counting queries per page")
    queries = inprocess.query_counts({s.name: s.paths for s in all_scenarios})
    log("capturing query plans")
    job_path = next(s for s in all_scenarios if s.name == "job").paths[0]
    plans = {
        f"Search with keywords and filters: {scenarios.EXPLAIN_SEARCH_PATH}": inprocess.explain(
            scenarios.EXPLAIN_SEARCH_PATH
        ),
        f"Job page: {job_path}": inprocess.explain(job_path),
        "Home page (live count and latest)": inprocess.explain("/"),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "explain.md").write_text(report.explain_markdown(plans), encoding="utf-8")

    gunicorn_workers = args.workers or server.gunicorn_workers()
    http: dict[str, Any] = {}
    floor_runs: list[dict[str, Any]] = []
    by_name = {s.name: s for s in all_scenarios}
    with server.Gunicorn(env, gunicorn_workers, args.out / "gunicorn.log") as gunicorn:
        log(f"gunicorn: {gunicorn_workers} sync workers on {gunicorn.base_url}")
        page_weight = server.first_page_load(gunicorn.base_url, scenarios.SEARCH_PATH)
        # The floor runs first and last, so drift in a shared machine's load shows up in it.
        order = ["floor", *[s.name for s in all_scenarios if s.name != "floor"], "floor"]
        for name in order:
            scenario = by_name[name]
            figures = drive_scenario(gunicorn.port, scenario, args, env, how="")
            if name == "floor":
                floor_runs.append(figures)
            else:
                http[name] = {"label": scenario.label, "urls": len(scenario.paths), **figures}
    # The same pages again on a server with the page cache and the search-count cache off:
    # what every request costs when it is rendered in full (a visitor who is signed in, or
    # the first to ask for a page).
    rendered_env = {**env, **RENDER_EVERY_REQUEST}
    with server.Gunicorn(rendered_env, gunicorn_workers, args.out / "gunicorn.log") as gunicorn:
        for name in RENDERED_SCENARIOS:
            scenario = by_name[name]
            how = ", every request rendered"
            figures = drive_scenario(gunicorn.port, scenario, args, rendered_env, how=how)
            http[f"{name}{RENDERED_SUFFIX}"] = {
                "label": f"{scenario.label}{how}",
                "urls": len(scenario.paths),
                **figures,
            }
    floor_rps = statistics.mean(r["rps"] for r in floor_runs)
    floor = {
        "label": by_name["floor"].label,
        "urls": 1,
        **floor_runs[0],
        "runs": floor_runs,
        "rps": round(floor_rps, 2),
    }
    if len(floor_runs) > 1:
        # Latency of the floor across both runs: the worse of each percentile.
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            floor[key] = max(r[key] for r in floor_runs if r[key] is not None)
        floor["requests"] = sum(r["requests"] for r in floor_runs)
        floor["errors"] = sum(r["errors"] for r in floor_runs)
    for figures in http.values():
        figures["ratio_to_floor"] = round(figures["rps"] / floor_rps, 3) if floor_rps else None
    http = {"floor": floor, **http}

    worker_results: list[dict[str, Any]] = []
    if not args.skip_workers:
        log("timing the workers' jobs")
        # The worker benchmarks roll back their writes, but the rows they wrote stay as dead
        # tuples (and clear the visibility map) until a vacuum; a server without autovacuum, or
        # one that has not got round to it, would slow the next run's writes and index-only
        # scans. Vacuumed before and after, so each run starts from the same state.
        vacuum_worker_tables(env["DATABASE_URL"])
        worker_results = workers.run_all(workers.WorkerContext(sizes=seed.Sizes.at(args.scale)))
        vacuum_worker_tables(env["DATABASE_URL"])
        for w in worker_results:
            log(f"  {w['name']}: " + (w["reason"] or f"{w['service_s']} s, floor {w['floor_s']} s"))
        with (args.out / "explain.md").open("a", encoding="utf-8") as handle:
            handle.write("\n" + report.worker_plans_markdown(worker_results))

    import django

    results: dict[str, Any] = {
        "meta": {
            "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "git_commit": git_commit(),
            "scale": args.scale,
            "counts": counts,
            "clients": args.clients,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "gunicorn_workers": gunicorn_workers,
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "postgres": postgres_version,
            "database": args.database,
            "total_s": None,
        },
        "seed": {"seconds": round(seed_seconds, 1), "steps": steps},
        "http": http,
        "queries": queries,
        "page_weight": page_weight,
        "workers": worker_results,
        "explain_file": str(args.out / "explain.md"),
    }
    results["targets"] = report.targets(results)
    results["meta"]["total_s"] = round(time.perf_counter() - started, 1)
    json_path, md_path = report.write(results, args.out)
    print(report.markdown(results))
    log(f"wrote {json_path} and {md_path}")
    return results


if __name__ == "__main__":
    run()
