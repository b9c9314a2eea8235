"""`make bench`: the portal measured the way its users feel it, against the floor of its stack.

    python -m bench [--scale 1.0] [--duration 20] [--warmup 5] [--clients 8]

Seeds (or reuses) a dedicated database, serves the portal with gunicorn under production
settings, drives it from a second process on loopback, counts queries, weighs the first page
load, times the workers' jobs, and writes bench-results/latest.json and latest.md.
"""

from goodwork.schema import migrations_fingerprint

# Seeded data is reused until the seed or the migration history changes.
SEED_VERSION = f"1-{migrations_fingerprint()}"
