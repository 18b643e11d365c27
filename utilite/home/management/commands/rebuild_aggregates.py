"""Recompute every aggregate kept in step on write, from the records themselves: the structures'
months of activity, the networks' months, and the territory syntheses (marked to be computed
again). For a repair, or after loading data in bulk; the figures are the same as those kept
incrementally (a test checks it)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from utilite.activities.services import rebuild_aggregates, rebuild_network_activity
from utilite.commons.snapshots import mark_all_stale
from utilite.organisations.models import Organisation


class Command(BaseCommand):
    help = "Recompute the monthly aggregates from the records, and mark the syntheses to be computed again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--network", help="only the structures of this network (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        organisations = Organisation.objects.order_by("pk")
        if options["network"]:
            organisations = organisations.filter(network__slug=options["network"])
        count = 0
        for organisation in organisations.iterator(chunk_size=500):
            rebuild_aggregates(organisation)
            count += 1
        months = rebuild_network_activity()
        stale = mark_all_stale()
        self.stdout.write(
            f"{count} structures, {months} network months, {stale} syntheses to compute again "
            f"({time.perf_counter() - started:.1f} s)"
        )
