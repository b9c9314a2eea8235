"""Tasks that services send by name, run in the test's own process as a worker would run them."""

from __future__ import annotations

from typing import Any

import pytest

import employers.tasks  # noqa: F401  (registers the tasks the services send by name)
import goodwork.core.tasks
from goodwork.celery import app


class TasksHere:
    """Stands in for the Celery app that goodwork.core.tasks sends through: the employers app's
    tasks run here and now, with their arguments as JSON carries them; others are only noted."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any]]] = []

    def send_task(self, name: str, args: list[Any] | None = None, **kwargs: Any) -> None:
        self.sent.append((name, list(args or [])))
        if name.startswith("employers."):
            app.tasks[name].apply(args=args, throw=True)

    def names(self) -> list[str]:
        return [name for name, _ in self.sent]


@pytest.fixture
def tasks_here(monkeypatch) -> TasksHere:
    here = TasksHere()
    monkeypatch.setattr(goodwork.core.tasks, "current_app", here)
    return here

