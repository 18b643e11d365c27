"""Reads of the directory: the places a set of filters selects, the choices of the filters, what
a sheet shows. Every read runs a fixed number of queries, whatever the size of the directory."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.utils import timezone

from utilite.networks.models import Network

from . import hours, services
from .models import Place, PlaceArea, PlaceQuerySet

PER_PAGE = 20
MAX_FEATURES = 300  # the map's feed: beyond, the visitor zooms in or filters
FILTER_KEYS = (
    "q",
    "services",
    "publics",
    "accompagnement",
    "prise_en_charge",
    "gratuit",
    "ouvert",
    "weekend",
    "acceslibre",
    "commune",
    "quartier",
)


def directory(network: Network) -> PlaceQuerySet:
    return Place.objects.filter(network=network)


def filtered(network: Network, filters: dict[str, Any], *, now: datetime.datetime | None = None) -> PlaceQuerySet:
    """The network's places matching the cleaned filters of `forms.FilterForm`."""
    from .forms import FilterForm

    places = directory(network)
    words = services.words(filters.get("q") or "")[:8]
    if words:
        places = places.matching(words)
    for name, field in FilterForm.FACETS.items():
        for value in filters.get(name) or ():
            places = places.offering(f"{field}:{value}")
    if filters.get("gratuit"):
        places = places.offering("frais_a_charge:Gratuit")
    if filters.get("weekend"):
        places = places.offering(services.WEEKEND)
    if filters.get("acceslibre"):
        places = places.offering(services.ACCESLIBRE)
    if filters.get("ouvert"):
        places = places.open_at(now or timezone.now())
    if filters.get("commune"):
        places = places.filter(commune=filters["commune"])
    if filters.get("quartier"):
        places = places.filter(quartier=filters["quartier"])
    return places


@dataclass(frozen=True)
class Areas:
    """The communes and districts of a directory (the filters' choices) and its number of places."""

    communes: list[str]
    quartiers: list[str]
    total: int


def areas(network: Network) -> Areas:
    """Precomputed by `services.refresh_areas`: one small query, whatever the size of the directory."""
    found: dict[str, list[str]] = {PlaceArea.Kind.COMMUNE: [], PlaceArea.Kind.QUARTIER: []}
    total = 0
    rows = PlaceArea.objects.filter(network=network, kind__in=found).order_by("kind", "name")
    for kind, name, count in rows.values_list("kind", "name", "places_count"):
        found[kind].append(name)
        total += count if kind == PlaceArea.Kind.COMMUNE else 0
    return Areas(found[PlaceArea.Kind.COMMUNE], found[PlaceArea.Kind.QUARTIER], total)


class CappedPaginator(Paginator):
    """Pages of a filtered list counted up to `CAP` places (« plus de 1 000 lieux »): counting
    every match of a broad filter would cost as much as the directory is big."""

    CAP = 200

    def __init__(self, *args: Any, total: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total = total

    @cached_property
    def count(self) -> int:
        if self.total is not None:
            return self.total
        places: PlaceQuerySet = self.object_list  # type: ignore[assignment]
        return places.order_by()[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.total is None and self.count > self.CAP


@dataclass(frozen=True)
class Listed:
    """A place as the list shows it, with whether it is open now."""

    place: Place
    status: hours.Status


def listed(places: list[Place], now: datetime.datetime) -> list[Listed]:
    return [Listed(place, hours.status(place.horaires, now)) for place in places]


def features(
    places: PlaceQuerySet, sheet_url: Any, *, bbox: tuple[float, float, float, float] | None = None
) -> dict[str, Any]:
    """GeoJSON (RFC 7946) of the located places, MAX_FEATURES at most (`truncated` says there are
    more: zoom in with `bbox`, west,south,east,north, or filter). `sheet_url` has `{pk}`."""
    located = places.located()
    if bbox:
        west, south, east, north = bbox
        located = located.filter(longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north)
    rows = list(
        located.order_by("nom", "pk").values_list(
            "pk", "nom", "adresse", "code_postal", "commune", "latitude", "longitude"
        )[: MAX_FEATURES + 1]
    )
    return {
        "type": "FeatureCollection",
        "truncated": len(rows) > MAX_FEATURES,
        "features": [
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [float(longitude or 0), float(latitude or 0)]},
                "properties": {
                    "nom": nom,
                    "adresse": f"{adresse}, {code_postal} {commune}",
                    "url": sheet_url.format(pk=pk),
                },
            }
            for pk, nom, adresse, code_postal, commune, latitude, longitude in rows[:MAX_FEATURES]
        ],
    }


def bounding_box(value: str) -> tuple[float, float, float, float] | None:
    """`west,south,east,north` in degrees (as Leaflet's `toBBoxString` writes it), or None."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


def freshness(network: Network, today: datetime.date) -> dict[str, int]:
    """For « Le réseau s'évalue »: places listed, up to date (checked in the last six months),
    completion. Read from the places per day of last update (`services.refresh_areas`): one
    small query, whatever the size of the directory."""
    from django.db.models import Q, Sum

    since = (today - services.STALE_AFTER).isoformat()
    figures = PlaceArea.objects.filter(network=network, kind=PlaceArea.Kind.UPDATED).aggregate(
        listed=Sum("places_count"),
        up_to_date=Sum("places_count", filter=Q(name__gte=since)),
        completion=Sum("completion_total"),
    )
    listed = figures["listed"] or 0
    return {
        "listed": listed,
        "up_to_date": figures["up_to_date"] or 0,
        "completion": round((figures["completion"] or 0) / listed) if listed else 0,
    }


def week_rows(expression: str) -> list[dict[str, Any]]:
    """A table of hours, one row per day with its slots in words (« 9h00-12h00, 14h00-18h00 »
    with an en dash, « toute la journée »), or nothing when the grid cannot show the hours."""
    from django.utils.translation import gettext

    from .forms import DAY_LABELS

    if not expression:
        return []
    try:
        week = hours.Week.read(expression)
    except ValueError:
        return []

    def slot(opens: datetime.time, closes: datetime.time) -> str:
        if opens == datetime.time(0) and closes == datetime.time(23, 59):
            return gettext("all day")
        end = gettext("midnight") if closes == datetime.time(23, 59) else f"{closes.hour}h{closes.minute:02d}"
        return f"{opens.hour}h{opens.minute:02d}\N{EN DASH}{end}"

    return [
        {"label": DAY_LABELS[day], "text": ", ".join(slot(*pair) for pair in sorted(week.days.get(day, [])))}
        for day in hours.DAYS
    ]


@dataclass(frozen=True)
class SocialUtility:
    """What a structure chose to show of its social utility on a place's sheet."""

    fiche: Any  # a fiches.PublishedVersion, or None
    criteria: list[tuple[str, list[str]]]  # (dimension, common criteria documented by the structure)


def social_utility(place: Place) -> SocialUtility | None:
    """The published fiche and the common criteria the structure's référentiel stands for (three queries)."""
    from utilite.commons.models import CommonCriterion, Mapping
    from utilite.commons.synthesis import latest_published

    criteria: list[tuple[str, list[str]]] = []
    if place.show_common_criteria and place.organisation_id is not None:
        common = latest_published(place.network)
        if common is not None:
            uids = Mapping.objects.filter(organisation=place.organisation_id).values("common_criterion_uid")
            found = (
                CommonCriterion.objects.filter(dimension__referentiel=common, uid__in=uids)
                .select_related("dimension")
                .order_by("dimension__position", "dimension__pk", "position", "pk")
            )
            for criterion in found:
                if not criteria or criteria[-1][0] != criterion.dimension.title:
                    criteria.append((criterion.dimension.title, []))
                criteria[-1][1].append(criterion.title)
    if place.public_fiche is None and not criteria:
        return None
    return SocialUtility(fiche=place.public_fiche, criteria=criteria)
