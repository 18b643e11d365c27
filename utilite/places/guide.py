"""The paper guide, *Repères dans la cité*, made again whenever it is asked for: the places of
the directory (or of one commune or district) in parts by district, or by commune where the
network has no districts, each part on a new page, with the hours of an ordinary week and a QR
code to the sheet that stays up to date. Rendered by WeasyPrint in a limited child process."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.core import jobs, qr
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from . import reads
from .models import Place, PlaceGuide

logger = logging.getLogger(__name__)

MAX_PLACES = 2000  # beyond, a guide is asked for one commune or district


@dataclass
class Part:
    title: str
    places: list[dict[str, Any]] = field(default_factory=list)


def places_of(guide: PlaceGuide) -> list[Place]:
    places = reads.directory(guide.network)
    if guide.area_kind in {"commune", "quartier"}:
        places = places.filter(**{guide.area_kind: guide.area_name})
    return list(places.order_by("commune", "quartier", "nom", "pk")[: MAX_PLACES + 1])


def parts(guide: PlaceGuide, places: list[Place]) -> list[Part]:
    """By district when the places have one (« Autres lieux de Brest » for those without), else by commune."""
    by_district = any(place.quartier for place in places)

    def title(place: Place) -> str:
        if not by_district:
            return place.commune
        return place.quartier or _("Other places in %(commune)s") % {"commune": place.commune}

    site = settings.SITE_URL.rstrip("/")
    grouped: list[Part] = []
    for name, members in groupby(sorted(places, key=lambda place: (title(place), place.nom, place.pk)), key=title):
        part = Part(name)
        for place in members:
            url = site + reverse("places_public:sheet", args=[guide.network.slug, place.pk])
            part.places.append(
                {"place": place, "week": reads.week_rows(place.horaires), "qr": qr.qr_svg(url, title=url)}
            )
        grouped.append(part)
    return grouped


def document_html(guide: PlaceGuide) -> str:
    places = places_of(guide)
    if len(places) > MAX_PLACES:
        raise jobs.JobFailed(
            _("The guide would hold more than %(count)s places: make one for a commune or a district.")
            % {"count": MAX_PLACES}
        )
    guide.places_count = len(places)
    context = {
        "guide": guide,
        "network": guide.network,
        "parts": parts(guide, places),
        "count": len(places),
        "today": timezone.localdate(),
    }
    return render_to_string("places/guide_document.html", context)


def run(guide: PlaceGuide) -> PlaceGuide:
    with jobs.running(guide):
        _make(guide)
    guide.refresh_from_db()
    return guide


def _make(guide: PlaceGuide) -> None:
    jobs.advance(guide, 10)
    html = document_html(guide)
    jobs.advance(guide, 40)
    try:
        content, pages = html_to_pdf_isolated(html)
    except RenderingFailed as failure:
        logger.error("guide %s of network %s failed: %s", guide.pk, guide.network_id, failure)
        raise jobs.JobFailed(
            _("The guide could not be made. Try again; if it fails again, make one for a commune or a district.")
        ) from failure
    stem = slugify(f"reperes {guide.network.slug} {guide.area_name}".strip())
    guide.file.save(f"{stem}-{timezone.localdate():%Y-%m-%d}.pdf", ContentFile(content), save=False)
    jobs.succeed(guide, file=guide.file.name, pages=pages, places_count=guide.places_count)
