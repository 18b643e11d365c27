"""The territory synthesis with 8 and with 3,000 structures, in one run: the time to compute its
snapshot, then the page that reads it (SQL queries, must be equal; median time, with their ratio).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m benchmarks.territory

`grow` adds structures in bulk (each with a validated référentiel shared with the network, its
criterion and indicator mapped to the common ones, and a year of monthly values); the tests use
it too. Runs on a throw-away SQLite database under var/; writes benchmarks/results/territory.txt.
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import django

RESULTS = Path(__file__).resolve().parent / "results"


def grow(network: Any, count: int, common_criterion: Any, common_indicator: Any, *, start: int = 0) -> None:
    """`count` more structures taking part, in a few bulk inserts."""
    from utilite.activities.models import MonthlyActivity
    from utilite.commons.models import Mapping
    from utilite.measures.models import IndicatorValue
    from utilite.organisations.models import Organisation
    from utilite.referentiels.models import Criterion, Indicator, Referentiel, Registre

    organisations = Organisation.objects.bulk_create(
        Organisation(network=network, name=f"Structure {n}", slug=f"synthetique-{n}", kind="association")
        for n in range(start, start + count)
    )
    referentiels = Referentiel.objects.bulk_create(
        Referentiel(organisation=o, status="validated", sharing="network") for o in organisations
    )
    registres = Registre.objects.bulk_create(Registre(referentiel=r, title="Vivre ensemble") for r in referentiels)
    criteria = Criterion.objects.bulk_create(
        Criterion(registre=r, title="Lien social", uid=uuid.uuid4()) for r in registres
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(criterion=c, title="Personnes venues", kind="count", unit="personnes", uid=uuid.uuid4())
        for c in criteria
    )
    mappings = []
    for organisation, criterion, indicator in zip(organisations, criteria, indicators, strict=True):
        mappings.append(
            Mapping(
                organisation=organisation,
                kind="criterion",
                item_uid=criterion.uid,
                common_uid=common_criterion.uid,
                common_criterion_uid=common_criterion.uid,
            )
        )
        mappings.append(
            Mapping(
                organisation=organisation,
                kind="indicator",
                item_uid=indicator.uid,
                common_uid=common_indicator.uid,
                common_criterion_uid=common_criterion.uid,
                unit_matches=True,
            )
        )
    Mapping.objects.bulk_create(mappings, batch_size=2000)
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                organisation=organisation,
                indicator_uid=indicator.uid,
                granularity="month",
                period_start=datetime.date(2026, month, 1),
                value=Decimal(5 + month),
            )
            for organisation, indicator in zip(organisations, indicators, strict=True)
            for month in range(1, 13)
        ),
        batch_size=5000,
    )
    MonthlyActivity.objects.bulk_create(
        (
            MonthlyActivity(organisation=organisation, month=datetime.date(2026, month, 1), sessions=2, participants=9)
            for organisation in organisations
            for month in range(1, 13)
        ),
        batch_size=5000,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///var/benchmark-territory.sqlite3")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    db = Path("var/benchmark-territory.sqlite3")
    db.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)

    from utilite.accounts.models import User
    from utilite.commons import services
    from utilite.networks.models import Network, NetworkMembership

    network = Network.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user("bench@exemple.test", "bench-password-2026", full_name="Bench")
    NetworkMembership.objects.create(network=network, user=user, role="coordinator")
    draft = services.start_common(network, user)
    criterion = services.add_item("criterion", parent=draft.dimensions.first(), user=user, title="Lien social")
    indicator = services.add_item("indicator", parent=criterion, user=user, title="Personnes", unit="personnes")
    services.publish(draft, user)
    client = Client()
    client.force_login(user)
    url = "/reseaux/bench/synthese/?start=2026-01-01&end=2026-12-31"

    from utilite.commons import snapshots

    def measure(runs: int = 9) -> tuple[float, int, float]:
        executed: list[str] = []
        snapshots.mark_all_stale()  # as `rebuild_aggregates` does after a bulk load
        started = time.perf_counter()
        assert client.get(url).status_code == 200  # computes the snapshot (the size it knew is small)
        computed = time.perf_counter() - started

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
        return computed, len(executed), statistics.median(timings)

    client.get(url)  # the first request of a process loads templates and translations
    grow(network, 8, criterion, indicator)
    small_computed, small_queries, small = measure()
    grow(network, 2992, criterion, indicator, start=8)
    large_computed, large_queries, large = measure()
    report = (
        f"synthesis with 8 structures: computed in {small_computed:.2f} s, then read in {small_queries} queries, "
        f"median {small * 1000:.1f} ms\n"
        f"synthesis with 3000 structures: computed in {large_computed:.2f} s, then read in {large_queries} queries, "
        f"median {large * 1000:.1f} ms\n"
        f"query counts equal: {small_queries == large_queries}; time ratio: {large / small:.2f}\n"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "territory.txt").write_text(report, encoding="utf-8")
    print(report, end="")
    db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
