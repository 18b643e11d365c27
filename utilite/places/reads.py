"""Reads of the directory: the places a set of filters selects, the choices of the filters, what
a sheet shows. Every read runs a fixed number of queries, whatever the size of the directory."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from utilite.networks.models import Network

from . import hours, services
from .models import Place, PlaceQuerySet

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
    words = services.fold(filters.get("q") or "").split()
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


def communes_and_districts(network: Network) -> tuple[list[str], list[str]]:
    places = directory(network).order_by()
    communes = sorted(places.values_list("commune", flat=True).distinct())
    quartiers = sorted(value for value in places.exclude(quartier="").values_list("quartier", flat=True).distinct())
    return communes, quartiers


@dataclass(frozen=True)
class Listed:
    """A place as the list shows it, with whether it is open now."""

    place: Place
    status: hours.Status


def listed(places: list[Place], now: datetime.datetime) -> list[Listed]:
    return [Listed(place, hours.status(place.horaires, now)) for place in places]


def features(places: PlaceQuerySet, sheet_url: Any) -> dict[str, Any]:
    """GeoJSON (RFC 7946) of the located places, MAX_FEATURES at most; `total` says how many matched."""
    located = places.located()
    total = located.count()
    rows = located.order_by("nom", "pk").values_list(
        "pk", "nom", "adresse", "code_postal", "commune", "latitude", "longitude"
    )
    return {
        "type": "FeatureCollection",
        "total": total,
        "truncated": total > MAX_FEATURES,
        "features": [
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [float(longitude or 0), float(latitude or 0)]},
                "properties": {"nom": nom, "adresse": f"{adresse}, {code_postal} {commune}", "url": sheet_url(pk)},
            }
            for pk, nom, adresse, code_postal, commune, latitude, longitude in rows[:MAX_FEATURES]
        ],
    }


def freshness(network: Network, today: datetime.date) -> dict[str, int]:
    """For « Le réseau s'évalue »: places listed, up to date (checked in the last six months), completion."""
    from django.db.models import Avg, Count, Q

    figures = directory(network).aggregate(
        listed=Count("pk"),
        up_to_date=Count("pk", filter=Q(date_maj__gte=today - services.STALE_AFTER)),
        completion=Avg("completion"),
    )
    return {
        "listed": figures["listed"],
        "up_to_date": figures["up_to_date"],
        "completion": round(figures["completion"] or 0),
    }
