"""A private broker, Celery workers and a mailbox for the job alert integration tests.

Each test gets its own throwaway redis-server, so it can stop "the broker" without
disturbing anyone else, and no other test's worker can take its tasks.
"""

from __future__ import annotations

import email
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, ROOT, _test_database_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 60, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {message}")


class Broker:
    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> Broker:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, 20, "redis-server to start")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for(lambda: not self.answers(), 10, "redis-server to stop")


class Mailbox:
    """Reads what the filebased email backend wrote."""

    def __init__(self, path: Path):
        self.path = path

    def messages(self) -> list[Message]:
        found = []
        for file in sorted(self.path.glob("*.log")):
            for chunk in file.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.strip() + b"\n"))
        return found

    def recipients(self) -> list[str]:
        return sorted(message["To"] for message in self.messages())


class AlertWorker:
    """`celery worker` on the private broker, with the alert test settings and the test app
    (worker_app.py), which can hold a worker between claiming deliveries and sending them."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> AlertWorker:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.write_text("")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "tests.integration.alert_delivery.worker_app",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--pool",
                    "solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--queues",
                    self.env["CELERY_QUEUE"],
                    "--hostname",
                    f"alerts-{time.monotonic_ns()}@%h",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(
            lambda: self.process.poll() is not None or " ready." in self.log.read_text(),
            60,
            f"the worker to start (see {self.log})",
        )
        assert self.process.poll() is None, f"worker exited; see {self.log}"
        return self

    def finished(self, task_name: str) -> int:
        """How many runs of this task the worker has finished (from its log)."""
        return len(
            re.findall(rf"Task {re.escape(task_name)}\[[^\]]+\] succeeded", self.log.read_text())
        )

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def app_using_broker(url: str):
    """Point this process's Celery app (which vacancy_publish sends through) at `url`."""
    from goodwork.celery import app

    old = app.conf.broker_url

    def reset_pools():
        # kombu keeps connection and producer pools in process-wide registries keyed by
        # connection: clear those too, or the next lookup hands back the closed pool.
        from kombu import pools

        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        reset_pools()
        app.conf.broker_url = old


@pytest.fixture
def broker():
    server = Broker(free_port()).start()
    with app_using_broker(server.url):
        yield server
    server.stop()


@pytest.fixture
def mailbox(tmp_path) -> Mailbox:
    path = tmp_path / "mail"
    path.mkdir()
    return Mailbox(path)


@pytest.fixture
def pause_file(tmp_path) -> Path:
    return tmp_path / "pause"


@pytest.fixture
def start_worker(broker, mailbox, pause_file, request):
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.integration.alert_delivery.worker_settings",
        "TEST_EMAIL_FILE_PATH": str(mailbox.path),
        "TEST_BROKER_URL": broker.url,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "TEST_PAUSE_AFTER_CLAIM": str(pause_file),
    }
    workers: list[AlertWorker] = []

    def start() -> AlertWorker:
        name = f"{request.node.name}-{len(workers)}"
        worker = AlertWorker(env, ARTIFACTS / "celery" / f"alerts-{os.getpid()}-{name}.log")
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
