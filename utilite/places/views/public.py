"""The public directory (no account): the list with its filters, the map's feed, a sheet, an
error report, an orientation sheet to print, the national file, a version to embed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from utilite.core.downloads import attachment
from utilite.core.replica import reads_replica
from utilite.networks.models import Network

from .. import exchange, extensions, hours, reads, services
from ..forms import FilterForm, OrientationForm, ReportForm
from ..models import Place
from ..permissions import directory_abilities, get_public_place_or_404, place_abilities


def _filters(request: HttpRequest, network: Network, areas: reads.Areas | None = None) -> FilterForm:
    areas = areas or reads.areas(network)
    form = FilterForm(request.GET, communes=areas.communes, quartiers=areas.quartiers)
    form.is_valid()  # a wrong value is ignored, the others still filter
    return form


def _cleaned(form: FilterForm) -> dict[str, Any]:
    return {name: value for name, value in getattr(form, "cleaned_data", {}).items() if value}


def _list_context(request: HttpRequest, network: Network) -> dict[str, Any]:
    areas = reads.areas(network)
    form = _filters(request, network, areas)
    now = timezone.now()
    filters = _cleaned(form)
    places = reads.filtered(network, filters, now=now).order_by("nom", "pk")
    paginator = reads.CappedPaginator(places, reads.PER_PAGE, total=None if filters else areas.total)
    page = paginator.get_page(request.GET.get("page"))
    offset = (page.number - 1) * reads.PER_PAGE
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "network": network,
        "form": form,
        "page": page,
        # Read as its own slice, even when the count says nothing matches: the page then runs the
        # same queries whatever the directory holds (an empty page would otherwise skip one).
        "listed": reads.listed(list(places[offset : offset + reads.PER_PAGE]), now),
        "querystring": query.urlencode(),
        "filtered": bool(filters),
        "abilities": directory_abilities(request.user, network),
        "tile_url": settings.PLACES_TILE_URL,
        "tile_attribution": settings.PLACES_TILE_ATTRIBUTION,
    }


@login_not_required
@reads_replica
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    context = _list_context(request, network)
    template = "places/directory.html#results" if getattr(request, "htmx", False) else "places/directory.html"
    return render(request, template, context)


@login_not_required
@xframe_options_exempt
@reads_replica
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The list for partner sites (in an iframe): the same filters, without the site's frame."""
    network = get_object_or_404(Network, slug=slug)
    return render(request, "places/embed.html", _list_context(request, network))


@login_not_required
@reads_replica
def geojson(request: HttpRequest, slug: str) -> JsonResponse:
    network = get_object_or_404(Network, slug=slug)
    places = reads.filtered(network, _cleaned(_filters(request, network)))
    if picked := _picked(request.GET.getlist("lieu")):  # the places of an orientation sheet
        places = places.filter(pk__in=picked)
    bbox = reads.bounding_box(request.GET.get("bbox", ""))
    sheet_url = reverse("places_public:sheet", args=[slug, 0]).replace("/0/", "/{pk}/")
    feed = reads.features(places, sheet_url, bbox=bbox)
    return JsonResponse(feed, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


@login_not_required
@reads_replica
def national_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole directory in the national format (CSV v1.0.2), for the national map."""
    network = get_object_or_404(Network, slug=slug)
    content = exchange.to_csv(reads.directory(network).order_by("nom", "pk").iterator(chunk_size=1000))
    return attachment(content, f"lieux-mediation-numerique-{network.slug}.csv")


@login_not_required
def sheet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_public_place_or_404(slug, pk)
    abilities = place_abilities(request.user, place)
    now = timezone.now()
    context = {
        "place": place,
        "network": place.network,
        "status": hours.status(place.horaires, now),
        "week": reads.week_rows(place.horaires),
        "abilities": abilities,
        "actions": _actions(place) if abilities["professional"] else [],
        "photos": list(place.photos.all()),
        "sessions": list(place.sessions.upcoming(now)[:10]),
        "utility": reads.social_utility(place),
        "sections": extensions.sheet_sections(place),
        "stale": place.date_maj < timezone.localdate() - services.STALE_AFTER,
        "report_form": ReportForm(),
    }
    return render(request, "places/sheet.html", context)


def _actions(place: Place) -> list[Any]:
    from utilite.organisations.enums import Visibility
    from utilite.organisations.models import Action

    if place.organisation_id is None:
        return []
    actions = Action.objects.filter(organisation=place.organisation_id, visibility=Visibility.NETWORK)
    return list(actions.order_by("title", "pk")[:20])


@login_not_required
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_public_place_or_404(slug, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:
            services.report_error(place, message=form.cleaned_data["message"])
        messages.success(request, _("Thank you: the people who keep this sheet have been told."))
        return redirect("places_public:sheet", slug=slug, pk=pk)
    return render(request, "places/report.html", {"place": place, "network": place.network, "form": form})


@login_not_required
def orientation(request: HttpRequest, slug: str) -> HttpResponse:
    """A sheet for a person: the chosen places, their hours, a note, a map; the people of the
    network may also e-mail it to the person. Nothing of it is saved."""
    network = get_object_or_404(Network, slug=slug)
    data = request.POST if request.method == "POST" else request.GET
    ids = _picked(data.getlist("lieu"))
    places = list(reads.directory(network).filter(pk__in=ids).order_by("nom", "pk"))
    # The note travels in the body of a POST, never in an address that logs would keep.
    form = OrientationForm(request.POST if request.method == "POST" else None)
    can_send = directory_abilities(request.user, network)["professional"]
    if not can_send:
        del form.fields["email"]
    note = form.cleaned_data["note"] if form.is_valid() else ""
    now = timezone.now()
    items = [
        {"place": place, "status": hours.status(place.horaires, now), "week": reads.week_rows(place.horaires)}
        for place in places
    ]
    if can_send and form.is_valid() and form.cleaned_data.get("email") and items:
        services.send_orientation(
            network=network,
            places=items,
            note=note,
            email=form.cleaned_data["email"],
            sender=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("The sheet has been sent. The address has not been kept."))
    context = {
        "network": network,
        "places": items,
        "form": form,
        "note": note,
        "today": timezone.localdate(),
        "can_send": can_send,
        "feed_query": "&".join(f"lieu={place.pk}" for place in places if place.has_position),
        "tile_url": settings.PLACES_TILE_URL,
        "tile_attribution": settings.PLACES_TILE_ATTRIBUTION,
    }
    return render(request, "places/orientation.html", context)


def _picked(values: list[str]) -> list[int]:
    """The places ticked for an orientation sheet (ten at most)."""
    return [int(value) for value in values if value.isdigit() and len(value) < 10][:10]
