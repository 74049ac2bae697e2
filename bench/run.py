"""`make bench`: time the hot API paths in-process and report each as a ratio to a baseline.

The baseline is `GET /api/health/` (routing, middleware and one trivial query); every other
endpoint is reported as how many times slower it is, which stays comparable across machines.
Lists are timed at two page sizes: a ratio near the size ratio means per-row work grew linearly,
and the query counts printed beside them must not grow at all.

Runs on a throw-away test database (SQLite in memory unless DATABASE_URL is set).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simplycrm.test_settings")
os.environ["RATELIMIT_ENABLE"] = "0"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench import scenarios  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def measure(client: APIClient, url: str, rounds: int = ROUNDS) -> tuple[float, int]:
    """Median milliseconds per request and the queries one request makes."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries.captured_queries)  # read now: the log is a bounded ring
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), query_count


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        client, cases = scenarios.build()
        baseline, _ = measure(APIClient(), "/api/health/")
        print(f"{'endpoint':<58} {'ms':>8} {'x health':>9} {'queries':>8}")
        print(f"{'GET /api/health/ (baseline)':<58} {baseline:>8.2f} {1.0:>9.2f} {'':>8}")
        for label, url in cases:
            ms, queries = measure(client, url)
            print(f"{label:<58} {ms:>8.2f} {ms / baseline:>9.2f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
