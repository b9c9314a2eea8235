"""A fingerprint of the migration history, for databases that are reused between runs (the
tests' --reuse-db, the bench's seeded data): a changed history needs a new database, since
one migrated along another history cannot be migrated along this one."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIGRATING_APPS = ("goodwork/core", "jobs", "employers", "residents")


def migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for app in MIGRATING_APPS:
        for path in sorted((ROOT / app / "migrations").glob("0*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]
