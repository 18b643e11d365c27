"""Reads of co-publication for other pages: what a place's sheet shows of it."""

from __future__ import annotations

from typing import Any

from utilite.places.models import Place

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
