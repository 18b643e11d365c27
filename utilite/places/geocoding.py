"""Addresses to positions, with the national address API (Base Adresse Nationale) or any service
that answers the same way (GeoJSON features with a score), when `PLACES_GEOCODER_URL` is set.
Only the address of the place is sent; a match that is not sure enough is not kept."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

MIN_SCORE = 0.6  # below, the API guessed: the pin is left to be placed by hand
TIMEOUT = 10
transport: httpx.BaseTransport | None = None  # tests answer in place of the API


@dataclass(frozen=True)
class Found:
    latitude: Decimal
    longitude: Decimal
    code_insee: str
    label: str


class NotFound(Exception):
    """The address could not be placed; the message says why, in French, for the sheet's editors."""


def enabled() -> bool:
    return bool(settings.PLACES_GEOCODER_URL)


def locate(adresse: str, code_postal: str, commune: str) -> Found:
    from django.utils.translation import gettext as _

    params = {"q": f"{adresse} {code_postal} {commune}".strip(), "postcode": code_postal, "limit": "1"}
    try:
        with httpx.Client(timeout=TIMEOUT, transport=transport) as client:
            response = client.get(settings.PLACES_GEOCODER_URL, params=params)
            response.raise_for_status()
            features = response.json().get("features") or []
    except (httpx.HTTPError, ValueError) as error:
        logger.warning("geocoder unreachable or wrong answer: %s", error)
        raise NotFound(_("The address service did not answer: the pin can be placed by hand.")) from error
    if not features:
        raise NotFound(_("The address service does not know this address: check it, or place the pin by hand."))
    feature = features[0]
    properties = feature.get("properties") or {}
    if float(properties.get("score") or 0) < MIN_SCORE or properties.get("postcode", code_postal) != code_postal:
        raise NotFound(
            _("The address service is not sure of this address (it found “%(label)s”): place the pin by hand.")
            % {"label": properties.get("label", "?")}
        )
    longitude, latitude = feature["geometry"]["coordinates"][:2]
    return Found(
        latitude=Decimal(str(latitude)).quantize(Decimal("0.000001")),
        longitude=Decimal(str(longitude)).quantize(Decimal("0.000001")),
        code_insee=str(properties.get("citycode") or ""),
        label=str(properties.get("label") or ""),
    )
