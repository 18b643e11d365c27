"""The public directory of places with 100 and with 20,000 places, in one run: the list, the
list with filters (search, a service, open now) and the map's GeoJSON feed — SQL queries (must
be equal) and median times, with their ratio (target ≤ 1.5).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m benchmarks.places

Places are written by the demo generator in the national format and saved by the importer (the
path a network takes in real life). Runs on a throw-away SQLite database under var/ (or on
DATABASE_URL, an empty PostgreSQL database for instance); writes benchmarks/results/places.txt
(places-postgresql.txt on PostgreSQL).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import django

RESULTS = Path(__file__).resolve().parent / "results"
PAGES = {
    "list": "/lieux/bench/",
    "filters": "/lieux/bench/?q=mediatheque&services=Acc%C3%A8s+internet+et+mat%C3%A9riel+informatique&ouvert=on",
    "geojson": "/lieux/bench/lieux.geojson",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///var/benchmark-places.sqlite3")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    db = Path("var/benchmark-places.sqlite3")
    db.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)

    from utilite.networks.models import Network
    from utilite.places import demo, imports

    network = Network.objects.create(name="Bench", slug="bench")
    client = Client()

    def grow(count: int) -> None:
        rows, problems = imports.read("lieux.csv", demo.directory_file(count))
        assert not problems, problems[:3]
        imports.save(network, rows, user=None)

    def measure(url: str, runs: int = 15) -> tuple[int, float]:
        executed: list[str] = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        return len(executed), statistics.median(timings)

    grow(100)
    small = {name: measure(url) for name, url in PAGES.items()}
    grow(20_000)
    large = {name: measure(url) for name, url in PAGES.items()}
    lines = []
    for name in PAGES:
        (small_queries, small_time), (large_queries, large_time) = small[name], large[name]
        lines.append(
            f"{name}: 100 places {small_queries} queries, median {small_time * 1000:.1f} ms; "
            f"20000 places {large_queries} queries, median {large_time * 1000:.1f} ms; "
            f"queries equal: {small_queries == large_queries}; ratio {large_time / small_time:.2f}"
        )
    report = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    name = "places.txt" if connection.vendor == "sqlite" else f"places-{connection.vendor}.txt"
    (RESULTS / name).write_text(report, encoding="utf-8")
    print(report, end="")
    if not os.environ.get("BENCHMARK_KEEP_DATABASE"):  # kept to read the queries' plans
        db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
