"""The facilitator's pages: workshops of a structure, the live board and its actions, exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

import tablib
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import attachment, requested_format, spreadsheet
from utilite.core.htmx import render_page_or_partial
from utilite.core.permissions import require
from utilite.core.qr import qr_svg
from utilite.organisations.permissions import get_team_organisation_or_404

from .. import board, services
from ..enums import WorkshopStatus
from ..forms import WorkshopForm
from ..models import Card, Cluster, Workshop
from ..permissions import can_run_workshops, workshop_abilities


def _workshop(request: AuthenticatedHttpRequest, slug: str, pk: int, *, run: bool = False) -> Workshop:
    """The workshop if the user works on its structure (and, with `run`, may facilitate it)."""
    organisation = get_team_organisation_or_404(request.user, slug)
    require(not run or can_run_workshops(request.user, organisation))
    workshop = get_object_or_404(Workshop.objects.filter(organisation=organisation), pk=pk)
    workshop.organisation = organisation
    return workshop


def workshop_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    workshops = Workshop.objects.filter(organisation=organisation).select_related("organisation")
    context = {
        "organisation": organisation,
        "workshops": workshops,
        "abilities": workshop_abilities(request.user, organisation),
    }
    return render(request, "workshops/list.html", context)


def workshop_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    require(can_run_workshops(request.user, organisation))
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.create_workshop(organisation=organisation, user=request.user, **form.cleaned_data)
        messages.success(request, _("The workshop is ready: open it when people are there."))
        return redirect(workshop)
    return render(request, "workshops/form.html", {"organisation": organisation, "form": form})


def facilitator_board(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The live board: refreshed every two seconds with HTMX, by hand without JavaScript."""
    workshop = _workshop(request, slug, pk)
    current = board.stamp(workshop)
    if board.unchanged(request, current):
        return HttpResponse(status=204)  # nothing new: HTMX keeps the page as it is
    join_url = request.build_absolute_uri(reverse("workshops_public:join", kwargs={"code": workshop.code}))
    context = {
        "organisation": workshop.organisation,
        "workshop": workshop,
        "board": board.read(workshop, facilitator=True),
        "stamp": current,
        "groups": board.group_counts(workshop),
        "join_url": join_url,
        "qr": qr_svg(join_url, _("QR code to join the workshop")),
        "abilities": workshop_abilities(request.user, workshop.organisation),
    }
    return render_page_or_partial(request, "workshops/board.html", context, "live")


FacilitationView = Callable[[AuthenticatedHttpRequest, Workshop], HttpResponse | None]


def facilitation(view: FacilitationView) -> Callable[..., HttpResponse]:
    """One facilitator's action: a POST (405 otherwise) by someone who may run the workshop; a
    refusal is shown on the board, where the facilitator comes back."""

    @require_POST
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
        workshop = _workshop(request, slug, pk, run=True)
        try:
            response = view(request, workshop)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
            response = None
        services.touch(workshop)
        return response or redirect(f"{workshop.get_absolute_url()}#board")

    return wrapper


def _card(request: AuthenticatedHttpRequest, workshop: Workshop, name: str = "card") -> Card:
    value = request.POST.get(name, "")
    require(value.isdigit())
    return get_object_or_404(Card.objects.filter(workshop=workshop), pk=value)


def _cluster(request: AuthenticatedHttpRequest, workshop: Workshop, *, required: bool) -> Cluster | None:
    value = request.POST.get("cluster", "")
    require(value.isdigit() or not required)
    return get_object_or_404(Cluster.objects.filter(workshop=workshop), pk=value) if value.isdigit() else None


@facilitation
def open_workshop(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.change_status(workshop, WorkshopStatus.OPEN)


@facilitation
def close_workshop(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.change_status(workshop, WorkshopStatus.CLOSED)


@facilitation
def reveal(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.reveal(workshop)


@facilitation
def start_timer(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    minutes = request.POST.get("minutes", "")
    services.start_timer(workshop, int(minutes) if minutes.isdigit() else 5)


@facilitation
def stop_timer(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.stop_timer(workshop)


@facilitation
def add_cluster(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    """A new group, and the card it was asked from (if any) moved into it."""
    card = _card(request, workshop) if request.POST.get("card") else None
    services.add_cluster(workshop, request.POST.get("name", ""), card=card)


@facilitation
def rename_cluster(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    cluster = _cluster(request, workshop, required=True)
    require(bool(request.POST.get("name", "").strip()))
    services.rename_cluster(cluster, request.POST["name"])  # type: ignore[arg-type]


@facilitation
def delete_cluster(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.delete_cluster(_cluster(request, workshop, required=True))  # type: ignore[arg-type]


@facilitation
def place(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.place(_card(request, workshop), _cluster(request, workshop, required=False))


@facilitation
def hide_card(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.set_hidden(_card(request, workshop), True)


@facilitation
def show_card(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.set_hidden(_card(request, workshop), False)


@facilitation
def merge(request: AuthenticatedHttpRequest, workshop: Workshop) -> None:
    services.merge(_card(request, workshop), _card(request, workshop, "into"))


@facilitation
def convert(request: AuthenticatedHttpRequest, workshop: Workshop) -> HttpResponse:
    draft = services.to_referentiel(workshop, request.user)
    messages.success(
        request,
        _("The groups are now registres of version %(version)s of your référentiel (a draft).")
        % {"version": draft.version},
    )
    return redirect(draft)


def panorama(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """What the workshop said, group by group: on screen, printable, and as a PDF."""
    workshop = _workshop(request, slug, pk, run=request.method == "POST")
    if request.method == "POST":
        services.request_panorama(workshop)
        return redirect("workshops:panorama", slug=slug, pk=pk)
    context = {"organisation": workshop.organisation, **board.panorama_context(workshop)}
    return render_page_or_partial(request, "workshops/panorama.html", context, "pdf")


def panorama_pdf(request: AuthenticatedHttpRequest, slug: str, pk: int) -> FileResponse:
    workshop = _workshop(request, slug, pk)
    require(workshop.panorama_status == "done" and bool(workshop.panorama_pdf))
    name = (workshop.panorama_pdf.name or "panorama.pdf").rsplit("/", 1)[-1]
    return FileResponse(workshop.panorama_pdf.open("rb"), as_attachment=True, filename=name)


def export(request: AuthenticatedHttpRequest, slug: str, pk: int, file_format: str) -> HttpResponse:
    workshop = _workshop(request, slug, pk)
    rows = board.export_rows(workshop)
    name = f"atelier-{slugify(workshop.title) or workshop.pk}"
    if file_format == "json":
        document = {
            "atelier": workshop.title,
            "questions": workshop.question_list,
            "regroupements": [cluster.name for cluster in workshop.clusters.all()],
            "cartes": rows,
        }
        return attachment(json.dumps(document, ensure_ascii=False, indent=2), f"{name}.json")
    require(file_format == "csv")
    headers = list(rows[0]) if rows else ["carte", "texte"]
    dataset = tablib.Dataset(*[[row[key] for key in headers] for row in rows], headers=headers)
    return spreadsheet(dataset, name, requested_format(request, default="csv"))


def workshop_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = _workshop(request, slug, pk, run=True)
    if request.method == "POST":
        services.delete_workshop(workshop)
        messages.success(request, _("The workshop and all its cards are deleted."))
        return redirect("workshops:list", slug=slug)
    return render(request, "workshops/delete.html", {"organisation": workshop.organisation, "workshop": workshop})
