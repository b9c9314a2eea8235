"""Targets, and the figures as JSON and as a Markdown table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The portal's performance targets. Each reads one figure from the results.
SEARCH_P95_MS = 50.0
SEARCH_FLOOR_SHARE = 0.40
JOB_FLOOR_SHARE = 0.60
SEARCH_MAX_QUERIES = 6
FIRST_LOAD_MAX_KB = 100.0


def _met(value: float | None, limit: float, *, at_most: bool) -> bool | None:
    if value is None:
        return None
    return value <= limit if at_most else value >= limit


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    http, queries = results["http"], results["queries"]
    clients = results["meta"]["clients"]
    rows = []
    # As served (page cache on), then with every request rendered in full.
    for suffix, how in (("", ""), ("_rendered", ", every request rendered")):
        search, job = http.get(f"search{suffix}"), http.get(f"job{suffix}")
        if search is None or job is None:
            continue
        rows += [
            {
                "target": f"Search p95 <= {SEARCH_P95_MS:g} ms at {clients} clients{how}",
                "value": search.get("p95_ms"),
                "unit": "ms",
                "met": _met(search.get("p95_ms"), SEARCH_P95_MS, at_most=True),
            },
            {
                "target": f"Search throughput >= {SEARCH_FLOOR_SHARE:.0%} of the floor's{how}",
                "value": search.get("ratio_to_floor"),
                "unit": "x floor",
                "met": _met(search.get("ratio_to_floor"), SEARCH_FLOOR_SHARE, at_most=False),
            },
            {
                "target": f"Job page throughput >= {JOB_FLOOR_SHARE:.0%} of the floor's{how}",
                "value": job.get("ratio_to_floor"),
                "unit": "x floor",
                "met": _met(job.get("ratio_to_floor"), JOB_FLOOR_SHARE, at_most=False),
            },
        ]
    for name in ("search", "job", "home"):
        counts = queries.get(name)
        if counts is None:
            continue
        limit = f" and <= {SEARCH_MAX_QUERIES}" if name == "search" else ""
        met = counts["fixed"] and (
            counts["max"] <= SEARCH_MAX_QUERIES if name == "search" else True
        )
        rows.append(
            {
                "target": f"Queries per {name} page fixed{limit}",
                "value": counts["max"] if counts["fixed"] else f"{counts['min']}-{counts['max']}",
                "unit": "queries",
                "met": met,
            }
        )
    weight = results.get("page_weight") or {}
    rows.append(
        {
            "target": f"First search page load <= {FIRST_LOAD_MAX_KB:g} KB compressed",
            "value": weight.get("total_kb"),
            "unit": "KB",
            "met": _met(weight.get("total_kb"), FIRST_LOAD_MAX_KB, at_most=True),
        }
    )
    full_size = results["meta"]["scale"] == 1
    for worker in results["workers"]:
        if worker.get("target_s") is None:
            continue
        # The workers' targets name full-size volumes; a smaller run shows its time only.
        rows.append(
            {
                "target": worker["target_label"] + ("" if full_size else " (judged at full size)"),
                "value": worker["service_s"],
                "unit": "s",
                "met": _met(worker["service_s"], worker["target_s"], at_most=True)
                if full_size
                else None,
            }
        )
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return str(value)


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        f"# Bench results, {meta['finished_at']}",
        "",
        f"Scale {meta['scale']:g}: {meta['counts']['live_vacancies']:,} live and "
        f"{meta['counts']['closed_vacancies']:,} closed vacancies, "
        f"{meta['counts']['organisations']:,} employers "
        f"({meta['counts']['pledged_organisations']:,} pledged), "
        f"{meta['counts']['residents']:,} residents. "
        f"gunicorn {meta['gunicorn_workers']} sync workers on {meta['cpu_count']} cores; "
        f"{meta['clients']} clients, {meta['warmup_s']:g} s warm-up then "
        f"{meta['duration_s']:g} s per scenario; "
        f"PostgreSQL {meta['postgres']}; commit {meta['git_commit']}.",
        "",
        "## Pages",
        "",
        (
            "| page | req/s | p50 ms | p95 ms | p99 ms | share of floor | errors | queries "
            "| alone ms (SQL ms) |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, figures in results["http"].items():
        counts = results["queries"].get(name.removesuffix("_rendered"))
        query_cell = (
            "–"
            if counts is None
            else (str(counts["max"]) if counts["fixed"] else f"{counts['min']}-{counts['max']}")
        )
        ratio = figures.get("ratio_to_floor")
        alone = "–" if counts is None else f"{counts['median_ms']} ({counts['median_sql_ms']})"
        share = "1 (floor)" if name == "floor" else (f"{ratio:.0%}" if ratio is not None else "–")
        lines.append(
            f"| {figures['label']} | {_cell(figures['rps'])} | {_cell(figures['p50_ms'])} | "
            f"{_cell(figures['p95_ms'])} | {_cell(figures['p99_ms'])} | "
            f"{share} | "
            f"{figures['errors']} | {query_cell} | "
            f"{alone} |"
        )
    lines += [
        "",
        "*alone*: the median time of one request in-process (no network, no other clients), "
        "and how much of it was SQL; the rest is Python (view, template, middleware). "
        "*queries* and *alone* are for a page rendered in full (page cache and search-count "
        "cache off); a page served from the page cache runs no query. Rows marked *every "
        "request rendered* come from a second server with both caches off.",
    ]
    busiest = max(
        (f.get("driver_cpu_s") or 0) / (meta["warmup_s"] + meta["duration_s"])
        for f in [*results["http"].values(), *results["http"].get("floor", {}).get("runs", [])]
    )
    lines += [
        "",
        f"The load driver used at most {busiest:.0%} of one core during a scenario "
        "(near 100% would mean it, not the server, set the pace).",
    ]
    floor_runs = results["http"].get("floor", {}).get("runs", [])
    if len(floor_runs) > 1:
        lines += [
            "",
            "The floor ran before and after the pages ("
            + ", ".join(f"{r['rps']:,.0f}" for r in floor_runs)
            + " req/s); shares are of their mean.",
        ]
    weight = results.get("page_weight")
    if weight:
        lines += [
            "",
            "## First search page load",
            "",
            "| resource | encoding | bytes |",
            "| --- | --- | ---: |",
            (
                f"| HTML {weight['path']} | {weight['html']['encoding']} "
                f"| {weight['html']['bytes']:,} |"
            ),
        ]
        lines += [f"| {a['url']} | {a['encoding']} | {a['bytes']:,} |" for a in weight["assets"]]
        lines += [
            f"| **total** | | **{weight['total_kb']} KB** |",
            "",
            f"With the HTML gzipped by a front proxy: {weight['total_kb_html_gzipped']} KB.",
        ]
    lines += [
        "",
        "## Workers",
        "",
        "| job | service s | rows | floor s | floor rows | x floor | status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for w in results["workers"]:
        status = w["reason"] or w["status"]
        if w.get("detail"):
            status += f" ({w['detail']})"
        if w.get("floor_reason"):
            status += f"; floor: {w['floor_reason']}"
        lines.append(
            f"| {w['label']} | {_cell(w['service_s'])} | {_cell(w['service_rows'])} | "
            f"{_cell(w['floor_s'])} | {_cell(w['floor_rows'])} | "
            f"{_cell(w['ratio_to_floor'])} | {status} |"
        )
    lines += ["", "## Targets", "", "| target | measured | verdict |", "| --- | ---: | --- |"]
    for t in results["targets"]:
        value = t["value"]
        shown = (
            "–"
            if value is None
            else (f"{value:.0%}" if t["unit"] == "x floor" else f"{_cell(value)} {t['unit']}")
        )
        lines.append(f"| {t['target']} | {shown} | {_verdict(t['met'])} |")
    skipped = [s for s in results["seed"]["steps"] if s["status"] == "skipped"]
    if skipped:
        lines += [
            "",
            "Seeding skipped: " + "; ".join(f"{s['step']} ({s['reason']})" for s in skipped) + ".",
        ]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "latest.json", out_dir / "latest.md"
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return json_path, md_path


def explain_markdown(plans: dict[str, list[dict[str, str]]]) -> str:
    lines = ["# Query plans captured by the bench", ""]
    for page, entries in plans.items():
        lines += [f"## {page}", ""]
        for entry in entries:
            lines += ["```sql", entry["sql"], "```", "", "```", entry["plan"], "```", ""]
    return "\n".join(lines)


def worker_plans_markdown(workers: list[dict[str, Any]]) -> str:
    """The slowest statement of each worker benchmark, with its plan."""
    lines = ["# Workers: the slowest statement of each", ""]
    for w in workers:
        sql = w.get("sql")
        if not sql or not sql.get("slowest_sql"):
            continue
        text = sql["slowest_sql"]
        if len(text) > 3000:
            text = text[:3000] + " ... (cut)"
        lines += [
            f"## {w['label']}",
            "",
            f"{sql['statements']:,} statements, {sql['sql_s']:.2f} s of SQL in "
            f"{w['service_s']:.2f} s; "
            f"the slowest took {sql['slowest_ms']:,} ms:",
            "",
            "```sql",
            text,
            "```",
            "",
            "```",
            sql["plan"] or "",
            "```",
            "",
        ]
    return "\n".join(lines)
