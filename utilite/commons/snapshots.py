"""The territory synthesis read from a snapshot, not computed on each view.

A snapshot holds the synthesis for one network and one set of filters, as plain numbers and
texts. The page reads it in a fixed number of queries (the snapshot, then the common référentiel
to put names on it), whatever the number of structures. Writes that change what a synthesis
shows mark the network's snapshots stale (one UPDATE, `signals`); the next view then:

- in a network of up to `UTILITE_SYNTHESIS_SYNC_STRUCTURES` structures taking part, computes it
  at once (a few milliseconds): a coordinator sees the figure they just entered;
- above, shows the figures it has, with the time they were computed, and queues a task that
  computes them again (once, however many people are looking, and at most every
  `UTILITE_SYNTHESIS_MIN_INTERVAL` seconds however many writes follow).

A snapshot older than `UTILITE_SYNTHESIS_MAX_AGE` seconds is computed again too: a write that
no signal follows (a bulk load) shows within that delay."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from utilite.core.tasks import enqueue_on_commit
from utilite.networks.models import Network

from .models import CommonReferentiel, SynthesisSnapshot
from .synthesis import (
    DimensionSummary,
    Figure,
    Filters,
    Quote,
    Synthesis,
    dimensions_of,
    latest_published,
    taking_part,
)
from .synthesis import synthesis as compute_synthesis

logger = logging.getLogger(__name__)

REQUEST_AGAIN_AFTER = datetime.timedelta(minutes=10)  # a queued computation that never ran
FORGET_AFTER = datetime.timedelta(days=30)


def min_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SYNTHESIS_MIN_INTERVAL)


@dataclass(frozen=True)
class Reading:
    synthesis: Synthesis | None  # None: never computed yet, being computed
    computed_at: datetime.datetime | None
    refreshing: bool  # newer figures are being computed


def key_of(filters: Filters, audience: str) -> tuple[str, dict[str, Any]]:
    data = {
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        "sector": filters.sector.pk if filters.sector else None,
        "public": filters.public.pk if filters.public else None,
        "district": filters.district.strip().casefold(),
        "audience": audience,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest(), data


def read(network: Network, filters: Filters, *, audience: str) -> Reading:
    key, data = key_of(filters, audience)
    snapshot, _created = SynthesisSnapshot.objects.get_or_create(network=network, key=key, defaults={"filters": data})
    referentiel = latest_published(network)
    payload = snapshot.payload
    if payload is not None and _fresh(snapshot, referentiel):
        return Reading(decode(payload, referentiel), snapshot.computed_at, refreshing=False)
    # The size the snapshot knows (no query); after a bulk load, one computation at once tells the new one.
    structures = payload["structures"] if payload is not None else taking_part(network, filters).count()
    if structures <= settings.SYNTHESIS_SYNC_STRUCTURES:
        result = compute(snapshot, filters, audience)
        return Reading(result, snapshot.computed_at, refreshing=False)
    if payload is None:
        request_refresh(snapshot)
        return Reading(None, None, refreshing=True)
    if snapshot.computed_at and timezone.now() - snapshot.computed_at >= min_interval():
        request_refresh(snapshot)  # at most one computation every few minutes, however many writes
    return Reading(decode(payload, referentiel), snapshot.computed_at, refreshing=True)


def _fresh(snapshot: SynthesisSnapshot, referentiel: CommonReferentiel | None) -> bool:
    if snapshot.payload is None or snapshot.computed_at is None:
        return False
    if snapshot.stale or snapshot.payload["referentiel"] != (referentiel.pk if referentiel else None):
        return False
    return timezone.now() - snapshot.computed_at < datetime.timedelta(seconds=settings.SYNTHESIS_MAX_AGE)


def compute(snapshot: SynthesisSnapshot, filters: Filters, audience: str) -> Synthesis:
    """Compute and keep. The stale mark is lifted before computing: a write made meanwhile marks
    it again, and the next view computes once more."""
    started_at, started = timezone.now(), time.perf_counter()
    SynthesisSnapshot.objects.filter(pk=snapshot.pk).update(stale=False)
    result = compute_synthesis(snapshot.network, filters, audience=audience)
    snapshot.payload, snapshot.computed_at = encode(result), started_at
    snapshot.seconds, snapshot.requested_at = round(time.perf_counter() - started, 3), None
    SynthesisSnapshot.objects.filter(pk=snapshot.pk).update(
        payload=snapshot.payload, computed_at=started_at, seconds=snapshot.seconds, requested_at=None
    )
    logger.info("synthesis of network %s computed in %s s", snapshot.network_id, snapshot.seconds)
    # Filters nobody looked at for a month are forgotten (the page computes them again if asked).
    SynthesisSnapshot.objects.filter(
        network_id=snapshot.network_id, computed_at__lt=started_at - FORGET_AFTER
    ).delete()
    return result


def request_refresh(snapshot: SynthesisSnapshot) -> bool:
    """Queue one computation, unless one is already queued (and recent)."""
    now = timezone.now()
    waiting = Q(requested_at__isnull=False) & Q(requested_at__gt=now - REQUEST_AGAIN_AFTER)
    if not SynthesisSnapshot.objects.filter(pk=snapshot.pk).exclude(waiting).update(requested_at=now):
        return False
    from .tasks import refresh_synthesis

    enqueue_on_commit(refresh_synthesis, snapshot.pk)
    return True


def filters_of(snapshot: SynthesisSnapshot) -> Filters:
    from utilite.organisations.models import PublicGroup, Sector

    data = snapshot.filters
    return Filters(
        start=datetime.date.fromisoformat(data["start"]),
        end=datetime.date.fromisoformat(data["end"]),
        sector=Sector.objects.filter(pk=data["sector"]).first() if data["sector"] else None,
        public=PublicGroup.objects.filter(pk=data["public"]).first() if data["public"] else None,
        district=data["district"],
    )


def mark_stale(network_id: int) -> None:
    SynthesisSnapshot.objects.filter(network_id=network_id, stale=False).update(stale=True)


def mark_stale_for_organisation(organisation_id: int) -> None:
    from utilite.organisations.models import Organisation

    networks = Organisation.objects.filter(pk=organisation_id).values("network_id")
    SynthesisSnapshot.objects.filter(network_id__in=networks, stale=False).update(stale=True)


def mark_all_stale() -> int:
    return SynthesisSnapshot.objects.filter(stale=False).update(stale=True)


# The snapshot's payload: numbers as JSON numbers (integers) or strings (decimals).


def _number(value: Decimal | int | None) -> str | int | None:
    return str(value) if isinstance(value, Decimal) else value


def _read_number(value: str | int | None) -> Decimal | int | None:
    return Decimal(value) if isinstance(value, str) else value


def encode(result: Synthesis) -> dict[str, Any]:
    return {
        "referentiel": result.referentiel.pk if result.referentiel else None,
        "structures": result.structures,
        "people": result.people,
        "specific": result.specific_criteria,
        "dimensions": [
            {
                "id": summary.dimension.pk,
                "structures": summary.structures,
                "criteria_covered": summary.criteria_covered,
                "testimonies": summary.testimonies,
                "quotes": [[quote.text, quote.organisation] for quote in summary.quotes],
                "figures": [
                    {
                        "indicator": str(figure.indicator.uid),
                        "structures": figure.structures,
                        "small": figure.small,
                        **{name: _number(getattr(figure, name)) for name in ("value", "lowest", "median", "highest")},
                    }
                    for figure in summary.figures
                ],
            }
            for summary in result.dimensions
        ],
    }


def decode(payload: dict[str, Any], referentiel: CommonReferentiel | None) -> Synthesis:
    """The synthesis again, with the common référentiel's items (three queries)."""
    summaries = []
    if referentiel is not None:
        dimensions = {dimension.pk: dimension for dimension in dimensions_of(referentiel)}
        indicators = {
            str(indicator.uid): indicator
            for dimension in dimensions.values()
            for criterion in dimension.criteria.all()
            for indicator in criterion.indicators.all()
        }
        for item in payload["dimensions"]:
            summaries.append(
                DimensionSummary(
                    dimensions[item["id"]],
                    structures=item["structures"],
                    criteria_covered=item["criteria_covered"],
                    testimonies=item["testimonies"],
                    quotes=[Quote(text=text, organisation=name) for text, name in item["quotes"]],
                    figures=[
                        Figure(
                            indicators[figure["indicator"]],
                            structures=figure["structures"],
                            small=figure["small"],
                            value=_read_number(figure["value"]),  # type: ignore[arg-type]
                            lowest=_read_number(figure["lowest"]),
                            median=_read_number(figure["median"]),
                            highest=_read_number(figure["highest"]),
                        )
                        for figure in item["figures"]
                    ],
                )
            )
    return Synthesis(referentiel, payload["structures"], payload["people"], summaries, payload["specific"])
