"""The embedded servers `make run` and `make test` start when no URLs are given."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _localservices(command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "goodwork.localservices", command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def _urls(output: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in output.strip().splitlines())


@pytest.fixture
def local_env(tmp_path_factory):
    # A short path: PostgreSQL's socket path must fit in 107 bytes.
    local_dir = tmp_path_factory.mktemp("ls")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"GOODWORK_LOCAL_DIR": str(local_dir), "GOODWORK_VALKEY_PORT": str(_free_port())})
    yield env
    subprocess.run([sys.executable, "-m", "goodwork.localservices", "stop"], env=env, cwd=ROOT,
                   capture_output=True, timeout=120)


def test_local_servers_start_are_reused_and_keep_their_data(local_env):
    first = _urls(_localservices("start", local_env).stdout)
    assert first["DATABASE_URL"].startswith("postgresql://")
    assert first["REDIS_URL"] == f"redis://127.0.0.1:{local_env['GOODWORK_VALKEY_PORT']}/0"

    with psycopg.connect(first["DATABASE_URL"], autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        conn.execute("CREATE TABLE kept (value text)")
        conn.execute("INSERT INTO kept VALUES ('still here')")
    assert int(version.split(".")[0]) >= 15 and pid
    valkey = redis.Redis.from_url(first["REDIS_URL"])
    valkey.set("kept", "still here")
    server_pid = valkey.info("server")["process_id"]

    # A second run reuses the running servers.
    second = _urls(_localservices("start", local_env).stdout)
    assert second == first
    assert redis.Redis.from_url(second["REDIS_URL"]).info("server")["process_id"] == server_pid

    # Stopped and started again (a new `make run`), the data is still there.
    _localservices("stop", local_env)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(first["REDIS_URL"], socket_connect_timeout=1).ping()
    third = _urls(_localservices("start", local_env).stdout)
    with psycopg.connect(third["DATABASE_URL"]) as conn:
        assert conn.execute("SELECT value FROM kept").fetchone() == ("still here",)
    assert redis.Redis.from_url(third["REDIS_URL"]).get("kept") == b"still here"


def test_given_urls_are_used_as_they_are(local_env):
    env = {**local_env, "DATABASE_URL": "postgresql://given/db", "REDIS_URL": "redis://given:1/0"}
    urls = _urls(_localservices("start", env).stdout)
    assert urls == {"DATABASE_URL": "postgresql://given/db", "REDIS_URL": "redis://given:1/0"}
    assert not (Path(local_env["GOODWORK_LOCAL_DIR"]) / "postgres").exists()
