"""The directory as its editors see it: their places, a sheet's form and hours, its history,
what visitors reported; for coordinators, the import, the yearly campaign."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.permissions import access_for

from .. import reads, services
from ..forms import HoursForm, ImportForm, PlaceForm
from ..models import Place, PlaceChange, PlaceImport
from ..permissions import (
    can_add_place,
    can_manage_directory,
    directory_abilities,
    editable_organisations,
    get_directory_network_or_404,
    get_editable_place_or_404,
)


def manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The places this person keeps up to date, the oldest first; coordinators see them all."""
    network = get_directory_network_or_404(request.user, slug)
    access = access_for(request.user)
    places = reads.directory(network).select_related("organisation")
    if not access.coordinates(network.pk):
        places = places.filter(organisation__in=access.team_organisation_ids)
    today = timezone.localdate()
    page = Paginator(places.order_by("date_maj", "nom", "pk"), 50).get_page(request.GET.get("page"))
    context = {
        "network": network,
        "page": page,
        "querystring": "",
        "stale_count": places.stale(today, services.STALE_AFTER).count(),
        "stale_before": today - services.STALE_AFTER,
        "freshness": reads.freshness(network, today),
        "abilities": directory_abilities(request.user, network),
        "imports": list(PlaceImport.objects.filter(network=network).order_by("-created_at")[:5])
        if can_manage_directory(request.user, network)
        else [],
        "campaign": network.place_campaigns.first(),
    }
    return render(request, "places/manage.html", context)


def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_directory_network_or_404(request.user, slug)
    require(can_add_place(request.user, network))
    organisations = editable_organisations(request.user, network)
    form = PlaceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        place = services.create_place(
            network=network, user=request.user, id_lieu=services.new_identifier(network), **values
        )
        messages.success(request, _("The place is in the directory. Now give its opening hours."))
        return redirect("places:hours", slug=slug, pk=place.pk)
    context = {"network": network, "form": form, "place": None, "conflict": None, **_map_settings()}
    return render(request, "places/place_form.html", context)


def update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    organisations = editable_organisations(request.user, place.network)
    if place.organisation and place.organisation not in organisations:
        organisations.append(place.organisation)
    form = PlaceForm(
        request.POST or None, instance=place, initial={"revision": place.revision}, organisations=organisations
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        try:
            services.update_place(place, user=request.user, revision=form.cleaned_data["revision"] or 0, **values)
        except services.Conflict as error:
            conflict = error.current
        else:
            messages.success(request, _("Saved."))
            return redirect("places_public:sheet", slug=slug, pk=pk)
    context = {"network": place.network, "form": form, "place": place, "conflict": conflict, **_map_settings()}
    return render(request, "places/place_form.html", context, status=409 if conflict else 200)


def _map_settings() -> dict[str, str]:
    return {"tile_url": settings.PLACES_TILE_URL, "tile_attribution": settings.PLACES_TILE_ATTRIBUTION}


def hours_view(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    form = HoursForm(request.POST or None, initial=HoursForm.initial_for(place.horaires, place.revision))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_place(
                place,
                user=request.user,
                revision=form.cleaned_data["revision"] or 0,
                horaires=form.cleaned_data["result"],
            )
        except services.Conflict as error:
            conflict = error.current
        else:
            messages.success(request, _("The opening hours are saved."))
            return redirect("places_public:sheet", slug=slug, pk=pk)
    context = {"network": place.network, "form": form, "place": place, "conflict": conflict}
    return render(request, "places/hours_form.html", context, status=409 if conflict else 200)


@require_POST
def confirm(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    services.confirm_up_to_date(place, user=request.user)
    messages.success(request, _("Thank you: the sheet is marked as checked today."))
    return redirect("places_public:sheet", slug=slug, pk=pk)


def history(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    changes = Paginator(place.changes.select_related("user").order_by("-created_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    context = {
        "network": place.network,
        "place": place,
        "page": changes,
        "querystring": "",
        "changes": [_described(change) for change in changes.object_list],
        "reports": list(place.reports.order_by("-created_at", "-pk")[:20]),
    }
    return render(request, "places/history.html", context)


def _text(value: Any) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else ("" if value is None else str(value))


def _described(change: PlaceChange) -> dict[str, Any]:
    """A change as the page shows it: each field's label, its value before and after."""
    labels = {field.name: str(field.verbose_name) for field in Place._meta.fields}
    rows = [(labels.get(name, name), _text(before), _text(after)) for name, (before, after) in change.fields.items()]
    return {"created_at": change.created_at, "user": change.user, "origin": change.origin, "rows": rows}


@require_POST
def report_handled(request: AuthenticatedHttpRequest, slug: str, pk: int, report_pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    services.mark_handled(get_object_or_404(place.reports.all(), pk=report_pk))
    messages.success(request, _("The report is marked as handled."))
    return redirect("places:history", slug=slug, pk=pk)


def import_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_directory_network_or_404(request.user, slug)
    require(can_manage_directory(request.user, network))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.start_import(network=network, user=request.user, upload=form.cleaned_data["file"])
        return redirect("places:import_status", slug=slug, pk=job.pk)
    return render(request, "places/import.html", {"network": network, "form": form})


def import_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_directory_network_or_404(request.user, slug)
    require(can_manage_directory(request.user, network))
    job = get_object_or_404(PlaceImport, network=network, pk=pk)
    template = "places/import_status.html#progress" if getattr(request, "htmx", False) else "places/import_status.html"
    return render(request, template, {"network": network, "job": job})


@require_POST
def campaign(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_directory_network_or_404(request.user, slug)
    require(can_manage_directory(request.user, network))
    services.start_update_campaign(network, user=request.user)
    messages.success(request, _("The reminders are being sent to the editors of places not checked for a month."))
    return redirect("places:manage", slug=slug)
