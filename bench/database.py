"""The bench's own database on the portal's PostgreSQL server, and its seed ledger."""

from __future__ import annotations

import urllib.parse

import psycopg
from psycopg import sql

DEFAULT_DATABASE_NAME = "goodwork_bench_data"


def default_database_name(scale: float) -> str:
    """goodwork_bench_data at full size; goodwork_bench_data_s0_05 at scale 0.05."""
    if scale == 1:
        return DEFAULT_DATABASE_NAME
    return f"{DEFAULT_DATABASE_NAME}_s{scale:g}".replace(".", "_").replace("-", "_")


def database_url(base_url: str, name: str) -> str:
    """The same server and credentials as base_url, another database."""
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _admin_connection(url: str) -> psycopg.Connection:
    return psycopg.connect(database_url(url, "postgres"), autocommit=True)


def database_exists(url: str, name: str) -> bool:
    with _admin_connection(url) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def create_database(url: str, name: str, *, drop_first: bool = False) -> None:
    with _admin_connection(url) as conn:
        if drop_first:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# The ledger is the bench's own table, not a Django model: the portal's schema stays untouched.
LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS bench_seed_ledger (
    step text PRIMARY KEY,
    version text NOT NULL,
    scale double precision NOT NULL,
    rows bigint NOT NULL,
    seconds double precision NOT NULL,
    seeded_at timestamptz NOT NULL DEFAULT now()
)
"""


def ledger(conn: psycopg.Connection) -> dict[str, tuple[str, float]]:
    """{step: (version, scale)} for every step already seeded; {} for a fresh database."""
    exists = conn.execute("SELECT to_regclass('bench_seed_ledger')").fetchone()[0]
    if exists is None:
        return {}
    return {
        step: (version, scale)
        for step, version, scale in conn.execute(
            "SELECT step, version, scale FROM bench_seed_ledger"
        ).fetchall()
    }


def ledger_record(
    conn: psycopg.Connection, *, step: str, version: str, scale: float, rows: int, seconds: float
) -> None:
    conn.execute(LEDGER_DDL)
    conn.execute(
        """INSERT INTO bench_seed_ledger (step, version, scale, rows, seconds)
           VALUES (%s, %s, %s, %s, %s)
           ON CONFLICT (step) DO UPDATE SET version = EXCLUDED.version, scale = EXCLUDED.scale,
               rows = EXCLUDED.rows, seconds = EXCLUDED.seconds, seeded_at = now()""",
        [step, version, scale, rows, seconds],
    )
