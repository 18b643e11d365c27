"""The published common référentiel: a stable public page with its citation, and open data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from utilite.core.downloads import attachment, spreadsheet
from utilite.core.permissions import require
from utilite.fiches.enums import LICENCE_URLS, Licence
from utilite.networks.models import Network

from .. import opendata
from ..models import CommonReferentiel
from ..synthesis import dimensions_of


def _published(slug: str, version: int) -> CommonReferentiel:
    return get_object_or_404(
        CommonReferentiel.objects.published().select_related("network"), network__slug=slug, version=version
    )


@login_not_required
def latest(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest published version: a stable address to cite."""
    network = get_object_or_404(Network, slug=slug)
    referentiel = get_object_or_404(network.common_referentiels.published()[:1])
    return redirect("commons_public:version", slug=slug, version=referentiel.version)


@login_not_required
def version(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    referentiel = _published(slug, version)
    url = request.build_absolute_uri()
    versions = list(referentiel.network.common_referentiels.published().values_list("version", flat=True))
    context = {
        "referentiel": referentiel,
        "dimensions": dimensions_of(referentiel),
        "licence_url": LICENCE_URLS.get(Licence(referentiel.licence), ""),
        "citation": opendata.citation(referentiel, url),
        "versions": versions,
        "is_latest": versions and versions[0] == referentiel.version,
    }
    return render(request, "commons/public.html", context)


@login_not_required
def export(request: HttpRequest, slug: str, version: int, file_format: str) -> HttpResponse | FileResponse:
    referentiel = _published(slug, version)
    stem = opendata.file_stem(referentiel)
    if file_format == "json":
        return attachment(opendata.as_json(referentiel), f"{stem}.json")
    if file_format in {"csv", "xlsx"}:
        return spreadsheet(opendata.as_dataset(referentiel), stem, file_format)
    require(file_format == "pdf" and bool(referentiel.pdf))
    return FileResponse(referentiel.pdf.open("rb"), as_attachment=True, filename=f"{stem}.pdf")
