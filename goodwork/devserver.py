"""`make run`: the portal with demo data, a Celery worker and Celery beat, in one command.

Ctrl-C stops all three (and leaves the local database and Redis running for next time;
`make stop` stops those too).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from goodwork import localservices

PYTHON = sys.executable


def _run(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, *args], check=True, env=env)


def main() -> int:
    env = {**os.environ, **localservices.environment()}
    env.setdefault("DJANGO_DEBUG", "true")
    env.setdefault("DJANGO_SETTINGS_MODULE", "goodwork.settings")
    env.setdefault("ACCOUNT_EMAIL_VERIFICATION", "optional")
    host = env.get("GOODWORK_HOST", "127.0.0.1")
    port = env.get("GOODWORK_PORT", "8000")

    _run("manage.py", "migrate", "--noinput", env=env)
    _run("manage.py", "seed_demo", env=env)

    processes = {
        "web": subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"{host}:{port}", "--noreload"], env=env
        ),
        "worker": subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "goodwork", "worker", "--loglevel", "INFO",
             "--concurrency", "2", "--hostname", "worker@%h"],
            env=env,
        ),
        "beat": subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "goodwork", "beat", "--loglevel", "INFO"], env=env
        ),
    }
    print(f"\nGood Work Camden is running at http://{host}:{port}/  (Ctrl-C stops it)\n", flush=True)

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

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
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
