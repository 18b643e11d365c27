"""Dashboard time with 100 and with 100,000 activity records, as a ratio (target ≤ 1.5).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m benchmarks.dashboard

Runs on a throw-away SQLite database under var/; writes benchmarks/results/dashboard.txt.
"""

import datetime
import os
import statistics
import time
from pathlib import Path

import django

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///var/benchmark-dashboard.sqlite3")
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    db = Path("var/benchmark-dashboard.sqlite3")
    db.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)

    from utilite.accounts.models import User
    from utilite.activities.models import ActivityRecord
    from utilite.activities.services import log_activity, rebuild_aggregates
    from utilite.measures.models import CollectionPlan
    from utilite.networks.models import Network
    from utilite.organisations.models import Membership, Organisation
    from utilite.referentiels.models import Criterion, Indicator, Referentiel, Registre

    network = Network.objects.create(name="Bench", slug="bench")
    organisation = Organisation.objects.create(network=network, name="Bench", slug="bench", kind="association")
    user = User.objects.create_user("bench@exemple.test", "bench-password-2026", full_name="Bench")
    Membership.objects.create(organisation=organisation, user=user, role="admin")
    referentiel = Referentiel.objects.create(organisation=organisation, status="validated")
    for r in range(5):
        registre = Registre.objects.create(referentiel=referentiel, title=f"Registre {r}", position=r)
        for c in range(2):
            criterion = Criterion.objects.create(registre=registre, title=f"Critère {c}", position=c)
            for i in range(3):
                indicator = Indicator.objects.create(criterion=criterion, title=f"Indicateur {i}", position=i)
                if i == 0:
                    CollectionPlan.objects.create(
                        organisation=organisation, indicator_uid=indicator.uid, computed_from="participants"
                    )
    client = Client()
    client.force_login(user)

    def measure(runs: int = 15) -> float:
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            assert client.get("/structures/bench/tableau-de-bord/").status_code == 200
            timings.append(time.perf_counter() - started)
        return statistics.median(timings)

    for day in range(100):
        log_activity(
            organisation=organisation,
            user=user,
            participants=3,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day % 300),
        )
    small = measure()
    start = datetime.date(2024, 1, 1)
    ActivityRecord.objects.bulk_create(
        (
            ActivityRecord(
                organisation=organisation, date=start + datetime.timedelta(days=n % 1000), participants=1 + n % 9
            )
            for n in range(99_900)
        ),
        batch_size=5000,
    )
    rebuild_aggregates(organisation)
    large = measure()
    ratio = large / small
    RESULTS.mkdir(exist_ok=True)
    report = (
        f"dashboard median with {ActivityRecord.objects.count() - 99_900} records: {small * 1000:.1f} ms\n"
        f"dashboard median with {ActivityRecord.objects.count()} records: {large * 1000:.1f} ms\n"
        f"ratio: {ratio:.2f} (target <= 1.5)\n"
    )
    (RESULTS / "dashboard.txt").write_text(report, encoding="utf-8")
    print(report, end="")
    db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
