"""The network's wiki: its spaces, each with its pages, recent changes, actions in progress,
timeline, members (working groups), search, imports and export."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.htmx import render_page_or_partial
from utilite.core.ids import in_range
from utilite.core.permissions import require
from utilite.networks.models import Network
from utilite.organisations.permissions import access_for, can_view_network

from .. import reads, services
from ..enums import SpaceKind
from ..forms import AttachToFicheForm, GroupForm, ImportForm, MemberForm
from ..models import GroupMember, Page, Watch, WikiImport
from ..permissions import can_run_group, get_space_or_404, readable_spaces


def index(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The spaces someone works in, what changed lately in them, and a new working group."""
    network = get_object_or_404(Network, slug=slug)
    require(can_view_network(request.user, network))
    access = access_for(request.user)
    if access.coordinates(network.pk) or access.works_in(network.pk):
        services.network_space(network)
    for organisation in network.organisations.filter(pk__in=access.team_organisation_ids):
        services.structure_space(organisation)
    spaces = readable_spaces(request.user, network).annotate(page_count=Count("pages", distinct=True))
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        require(access.coordinates(network.pk) or access.works_in(network.pk))
        try:
            group = services.create_group(network=network, user=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            form.add_error("name", str(refusal))
        else:
            return redirect("wiki:space", slug=slug, space=group.slug)
    query = request.GET.get("q", "")[:100]
    readable = readable_spaces(request.user, network)
    context = {
        "network": network,
        "spaces": list(spaces),
        "form": form,
        "query": query,
        "results": reads.search(readable, query) if query else None,
        "changes": reads.recent_changes(readable, limit=15),
        "can_create": access.coordinates(network.pk) or access.works_in(network.pk),
    }
    return render(request, "wiki/index.html", context)


def space_view(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    found = get_space_or_404(request.user, slug, space)
    query = request.GET.get("q", "")[:100]
    context = {
        "space": found,
        "pages": list(
            Page.objects.filter(space=found).defer("text", "search_text").order_by("-updated_at", "-pk")[:200]
        ),
        "changes": reads.recent_changes([found.pk], limit=10),
        "actions": reads.open_actions(space=found)[:10],
        "query": query,
        "results": reads.search([found.pk], query) if query else None,
        "watched": Watch.objects.filter(user=request.user, space=found, page=None).exists(),
    }
    return render(request, "wiki/space.html", context)


def changes(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    found = get_space_or_404(request.user, slug, space)
    return render(
        request, "wiki/changes.html", {"space": found, "changes": reads.recent_changes([found.pk], limit=200)}
    )


def actions(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    """« Actions en cours »: what the minutes of the space asked, and who does it."""
    found = get_space_or_404(request.user, slug, space)
    return render(request, "wiki/actions.html", {"space": found, "actions": reads.open_actions(space=found)})


def timeline(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    """Month by month, what the space did; it can become an annex of one of the user's fiches."""
    from utilite.fiches.models import Fiche

    found = get_space_or_404(request.user, slug, space)
    fiches = Fiche.objects.filter(
        organisation__in=access_for(request.user).team_organisation_ids, organisation__network=found.network
    ).select_related("organisation")
    form = AttachToFicheForm(request.POST or None, fiches=fiches)
    if request.method == "POST" and form.is_valid():
        fiche = form.cleaned_data["fiche"]
        services.attach_to_fiche(found, fiche, user=request.user)
        messages.success(request, _("The timeline is attached to « %(title)s ».") % {"title": fiche.title})
        return redirect(fiche.get_absolute_url())
    context = {"space": found, "months": reads.timeline(found), "form": form, "has_fiches": fiches.exists()}
    return render(request, "wiki/timeline.html", context)


def members(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    from utilite.accounts.models import User

    found = get_space_or_404(request.user, slug, space)
    require(found.kind == SpaceKind.GROUP)
    runs = can_run_group(request.user, found)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        require(runs)
        if "retirer" in request.POST:
            require(in_range(request.POST["retirer"]))
            leaving = get_object_or_404(GroupMember, space=found, pk=int(request.POST["retirer"]))
            try:
                services.remove_member(found, leaving.user)
                messages.success(request, _("%(name)s is no longer a member.") % {"name": leaving.user})
            except services.Refused as refusal:
                messages.error(request, str(refusal))
            return redirect("wiki:members", slug=slug, space=space)
        if form.is_valid():
            person = User.objects.filter(
                email__iexact=form.cleaned_data["email"], memberships__organisation__network=found.network
            ).first()
            if person is None:
                form.add_error(
                    "email", _("Nobody of the network has this address: invite them to their structure first.")
                )
            else:
                role = "coordinator" if form.cleaned_data["coordinator"] else "member"
                services.add_member(found, person, role=role)
                messages.success(request, _("%(name)s is a member of the group.") % {"name": person})
                return redirect("wiki:members", slug=slug, space=space)
    people = list(found.members.select_related("user").order_by("user__full_name"))
    return render(request, "wiki/members.html", {"space": found, "members": people, "form": form, "runs": runs})


@require_POST
def follow(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    found = get_space_or_404(request.user, slug, space)
    followed = services.watch(request.user, found)
    messages.success(
        request, _("You will get a daily e-mail of its changes.") if followed else _("You no longer follow it.")
    )
    return redirect("wiki:space", slug=slug, space=space)


def import_view(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    """A MediaWiki export (every page with its revisions), or minutes in DOCX or ODT as a page,
    taken in by a background task whose progress the next page shows."""
    found = get_space_or_404(request.user, slug, space)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.start_import(found, upload=form.cleaned_data["file"], user=request.user)
        return redirect("wiki:import_status", slug=slug, space=space, pk=job.pk)
    return render(request, "wiki/import.html", {"space": found, "form": form})


def import_status(request: AuthenticatedHttpRequest, slug: str, space: str, pk: int) -> HttpResponse:
    found = get_space_or_404(request.user, slug, space)
    job = get_object_or_404(WikiImport.objects.select_related("page"), space=found, pk=pk)
    return render_page_or_partial(request, "wiki/import_status.html", {"space": found, "job": job}, "progress")
