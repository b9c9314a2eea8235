"""The quality figures printed at the end of a test run, summed across pytest-xdist workers.

Each process counts in memory (``add("hostile_inputs", 1)``); at the end of its session it
writes test-artifacts/quality/<worker>.json, and the process that prints the terminal summary
(the xdist controller, or the only process) adds the files up.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

FIGURES_DIR = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "quality"

# (key, label) in the order they are printed.
LABELS = [
    ("axe_pages", "pages audited with axe-core"),
    ("axe_violations", "accessibility violations"),
    ("vnu_pages", "pages checked by the Nu HTML Checker"),
    ("vnu_templates", "templates checked by the Nu HTML Checker"),
    ("vnu_errors", "HTML errors"),
    ("authz_checks", "URL x role x method checks in the authorisation matrix"),
    ("hostile_inputs", "hostile inputs tried"),
]

_counts: Counter[str] = Counter()


def add(key: str, amount: int = 1) -> None:
    _counts[key] += amount


def reset_files(config) -> None:
    """Called once by the controlling process, before any worker starts."""
    if hasattr(config, "workerinput"):
        return
    if FIGURES_DIR.exists():
        for stale in FIGURES_DIR.glob("*.json"):
            stale.unlink()


def write(config) -> None:
    counts = Counter(_counts)
    # The accessibility audits count in tests/browser/conftest.py; read them only if that
    # module was loaded (it imports Playwright).
    browser = sys.modules.get("tests.browser.conftest")
    if browser is not None:
        counts["axe_pages"] += browser.Audit.pages
        counts["axe_violations"] += browser.Audit.violations
    if not any(counts.values()):
        return
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    path = FIGURES_DIR / f"{worker}-{os.getpid()}.json"
    path.write_text(json.dumps(dict(counts), indent=2))


def total() -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(FIGURES_DIR.glob("*.json")) if FIGURES_DIR.exists() else []:
        counts.update(json.loads(path.read_text()))
    return counts


def report(terminalreporter, config) -> None:
    if hasattr(config, "workerinput"):
        return
    counts = total()
    if not counts:
        return
    terminalreporter.section("quality figures")
    width = max(len(label) for _, label in LABELS)
    for key, label in LABELS:
        terminalreporter.write_line(f"{label:<{width}}  {counts.get(key, 0):>7}")
