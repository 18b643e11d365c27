"""Reads of co-publication for other pages: what a place's sheet shows of it, and the figures
of the structure's réalisation indicators (`measures.sources`)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django.db.models import Count, DateField, F, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from utilite.places.models import Place

from .enums import Status
from .models import Contribution

ON_A_SHEET = 6


def place_section(place: Place) -> dict[str, Any] | None:
    """The latest public contributions made about a place (one query, two with their photos)."""
    found = list(
        Contribution.objects.public()
        .filter(place=place)
        .prefetch_related("photos")
        .order_by("-published_at", "-pk")[: ON_A_SHEET + 1]
    )
    if not found:
        return None
    return {"contributions": found[:ON_A_SHEET], "more": len(found) > ON_A_SHEET}


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def monthly_figures(
    organisation_ids: Collection[int], since: datetime.date, until: datetime.date | None, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Contributions written (proposed at least once), the people who wrote them (each counted
    once per row) and publications, by the month they were written or published: two queries."""
    columns = {"action_key": Coalesce(F("action_id"), 0)}

    def grouped(date: str, condition: Q) -> Any:
        rows = Contribution.objects.filter(
            condition, organisation__in=organisation_ids, **{f"{date}__gte": _moment(since)}
        )
        if until is not None:
            rows = rows.filter(**{f"{date}__lt": _moment(until)})
        wanted = {"month": TruncMonth(date, output_field=DateField()), **columns}
        return rows.annotate(**{key: wanted[key] for key in keys if key in wanted}).values(*keys)

    written = grouped("created_at", ~Q(status=Status.DRAFT)).annotate(
        contributions=Count("pk"), contributors=Count("contributor", distinct=True)
    )
    published = grouped("published_at", Q(published_at__isnull=False)).annotate(publications=Count("pk"))
    return [*written, *published]
