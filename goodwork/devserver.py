"""`make run`: the portal with demo data, a Celery worker and Celery beat, in one command.

Ctrl-C stops all three (and leaves the local database and Redis running for next time;
`make stop` stops those too).

The worker and beat log warnings and errors only, and mail the portal sends goes to
`.local/outbox/` (goodwork/devmail.py), so the terminal stays readable: the demo log-ins are
printed last, once the web server answers and the worker replies to a ping.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from goodwork import localservices

PYTHON = sys.executable
BASE_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60.0
WORKER_NAME = f"worker@{socket.gethostname()}"


def _run(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run([PYTHON, *args], env=env, text=True, capture_output=capture)
    if result.returncode:
        if capture:
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
        raise SystemExit(f"`{' '.join(args)}` failed with exit status {result.returncode}.")
    return result.stdout if capture else ""


def _celery(*args: str) -> list[str]:
    # --quiet: no start-up banners; WARNING: no line per task received and finished.
    return [PYTHON, "-m", "celery", "--quiet", "-A", "goodwork", *args, "--loglevel", "WARNING"]


def _exited(processes: dict[str, subprocess.Popen]) -> tuple[str, subprocess.Popen] | None:
    for name, process in processes.items():
        if process.poll() is not None:
            return name, process
    return None


def _wait_until_ready(processes: dict[str, subprocess.Popen], host: str, port: int,
                      env: dict[str, str]) -> bool:
    """True once the web server accepts connections and the worker answers a ping."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if _exited(processes):
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    while time.monotonic() < deadline:
        if _exited(processes):
            return False
        ping = subprocess.run(
            [PYTHON, "-m", "celery", "-A", "goodwork", "inspect", "ping",
             "--destination", WORKER_NAME, "--timeout", "1"],
            env=env, capture_output=True, text=True,
        )
        if ping.returncode == 0:
            return True
        time.sleep(0.5)
    return False


def _mail_destination(env: dict[str, str]) -> str:
    backend = env.get("EMAIL_BACKEND")
    if backend and backend != "goodwork.devmail.OutboxEmailBackend":
        return f"Mail the portal sends goes through EMAIL_BACKEND={backend}."
    outbox = Path(env.get("EMAIL_FILE_PATH") or BASE_DIR / ".local" / "outbox").resolve()
    try:
        shown = outbox.relative_to(Path.cwd())
    except ValueError:
        shown = outbox
    return (
        f"Mail the portal sends is not printed here: each message is one .eml file in {shown}/\n"
        f"  (newest last: ls -tr {shown} | tail; open one in a mail client or text editor)."
    )


def _welcome(url: str, demo: str, env: dict[str, str], ready: bool) -> str:
    lines = ["", "=" * 78, f"Good Work Camden is running at {url}  (Ctrl-C stops it)"]
    if not ready:
        lines.append("(The Celery worker has not answered yet: background jobs may lag.)")
    lines += ["", demo.strip(), "", _mail_destination(env),
              "The current one-time code for the coaches and the council admin: make demo-code",
              "=" * 78, ""]
    return "\n".join(lines)


def main() -> int:
    env = {**os.environ, **localservices.environment()}
    env.setdefault("DJANGO_DEBUG", "true")
    env.setdefault("DJANGO_SETTINGS_MODULE", "goodwork.settings")
    env.setdefault("ACCOUNT_EMAIL_VERIFICATION", "optional")
    host = env.get("GOODWORK_HOST", "127.0.0.1")
    port = env.get("GOODWORK_PORT", "8000")

    _run("manage.py", "migrate", "--noinput", env=env)
    print("Loading demo data...", flush=True)
    # Kept until everything has started, so the log-ins are the last thing on the screen.
    demo = _run("manage.py", "seed_demo", env=env, capture=True)

    processes = {
        "web": subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"{host}:{port}", "--noreload"], env=env
        ),
        "worker": subprocess.Popen(
            _celery("worker", "--concurrency", "2", "--hostname", WORKER_NAME), env=env
        ),
        "beat": subprocess.Popen(_celery("beat"), env=env),
    }

    def stop(*_args) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()

    def terminate(*_args) -> None:
        stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, terminate)
    try:
        ready = _wait_until_ready(processes, host, int(port), env)
        if not _exited(processes):
            print(_welcome(f"http://{host}:{port}/", demo, env, ready), flush=True)
        while True:
            exited = _exited(processes)
            if exited:
                name, process = exited
                print(f"{name} exited with {process.returncode}; stopping the others.", flush=True)
                stop()
                return process.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping the portal, worker and beat...", flush=True)
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
