"""The facilitator's pages: workshops of a structure, the live board and its actions, exports."""

from __future__ import annotations

import json

import tablib
from django.contrib import messages
from django.db import transaction
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
from ..enums import Status
from ..forms import WorkshopForm
from ..models import Card, Cluster, Workshop
from ..permissions import can_run_workshops
from ..tasks import render_panorama


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
        "may_run": can_run_workshops(request.user, organisation),
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
        "may_run": can_run_workshops(request.user, workshop.organisation),
    }
    return render_page_or_partial(request, "workshops/board.html", context, "live")


@require_POST
def facilitate(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every action of the facilitator, one form each (work by keyboard and without JavaScript)."""
    workshop = _workshop(request, slug, pk, run=True)
    action = request.POST.get("do", "")
    cards = Card.objects.filter(workshop=workshop)
    clusters = Cluster.objects.filter(workshop=workshop)

    def card(name: str = "card") -> Card:
        value = request.POST.get(name, "")
        require(value.isdigit())
        return get_object_or_404(cards, pk=value)

    def cluster_or_none() -> Cluster | None:
        value = request.POST.get("cluster", "")
        return get_object_or_404(clusters, pk=value) if value.isdigit() else None

    try:
        if action in {"open", "close"}:
            services.change_status(workshop, Status.OPEN if action == "open" else Status.CLOSED)
        elif action == "reveal":
            services.reveal(workshop)
        elif action == "timer":
            minutes = request.POST.get("minutes", "")
            services.start_timer(workshop, int(minutes) if minutes.isdigit() else 5)
        elif action == "stop_timer":
            services.stop_timer(workshop)
        elif action == "add_cluster":
            name = request.POST.get("name", "").strip()
            if not name:
                raise services.Refused(_("Give the group a name."))
            created = services.add_cluster(workshop, name)
            if request.POST.get("card", "").isdigit():
                services.place(card(), created)
        elif action == "rename_cluster":
            target = cluster_or_none()
            require(target is not None and bool(request.POST.get("name", "").strip()))
            services.rename_cluster(target, request.POST["name"])  # type: ignore[arg-type]
        elif action == "delete_cluster":
            target = cluster_or_none()
            require(target is not None)
            services.delete_cluster(target)  # type: ignore[arg-type]
        elif action == "place":
            services.place(card(), cluster_or_none())
        elif action in {"hide", "show"}:
            services.set_hidden(card(), action == "hide")
        elif action == "merge":
            services.merge(card(), card("into"))
        elif action == "convert":
            draft = services.to_referentiel(workshop, request.user)
            messages.success(
                request,
                _("The groups are now registres of version %(version)s of your référentiel (a draft).")
                % {"version": draft.version},
            )
            return redirect(draft)
        else:
            require(False)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    services.touch(workshop)
    return redirect(f"{workshop.get_absolute_url()}#board")


def panorama(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """What the workshop said, group by group: on screen, printable, and as a PDF."""
    workshop = _workshop(request, slug, pk, run=request.method == "POST")
    if request.method == "POST":
        Workshop.objects.filter(pk=workshop.pk).update(panorama_status="pending")
        transaction.on_commit(lambda: render_panorama.enqueue(workshop.pk))
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
