"""Measurements made inside this process through Django's test client: queries per page and
the query plans behind them."""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

QUERY_COUNT_SAMPLE = 40


def _client() -> Client:
    return Client(SERVER_NAME="127.0.0.1", HTTP_ACCEPT="text/html")


# In-process figures are for a page rendered in full: a page served from the page cache runs
# no query at all, and cached search counts would hide the dearest one.
RENDER_IN_FULL = override_settings(PAGE_CACHE_SECONDS=0, SEARCH_COUNTS_CACHE_SECONDS=0)


@RENDER_IN_FULL
def query_counts(paths_by_scenario: dict[str, list[str]]) -> dict[str, Any]:
    """How many queries each URL runs when rendered in full. A page is 'fixed' when every URL
    of its scenario runs the same number, whatever the filters, keywords or page."""
    client = _client()
    result: dict[str, Any] = {}
    for name, paths in paths_by_scenario.items():
        sample = paths[:QUERY_COUNT_SAMPLE]
        # Once first, so per-process caches (content types, site settings) are not counted.
        client.get(sample[0])
        per_url = []
        for path in sample:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            elapsed = time.perf_counter() - started
            sql_s = sum(float(q["time"]) for q in captured.captured_queries)
            per_url.append(
                {
                    "path": path,
                    "status": response.status_code,
                    "queries": len(captured),
                    "ms": round(elapsed * 1000, 2),
                    "sql_ms": round(sql_s * 1000, 2),
                }
            )
        counts = [u["queries"] for u in per_url]
        result[name] = {
            "min": min(counts),
            "max": max(counts),
            "fixed": min(counts) == max(counts),
            "urls": len(per_url),
            "statuses": sorted({u["status"] for u in per_url}),
            # One request at a time, no network: where a page's time goes, SQL or Python.
            "median_ms": round(statistics.median(u["ms"] for u in per_url), 2),
            "median_sql_ms": round(statistics.median(u["sql_ms"] for u in per_url), 2),
            "per_url": per_url,
        }
    return result


@RENDER_IN_FULL
def explain(path: str) -> list[dict[str, str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of every SELECT the page runs against jobs_vacancy."""
    client = _client()
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not re.match(r"\s*SELECT\b", sql, re.I) or "jobs_vacancy" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        plans.append({"sql": sql, "plan": plan})
    return plans
