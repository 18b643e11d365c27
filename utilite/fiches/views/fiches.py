"""Pages of fiches: list, write, preview, publish, versions, sharing, files."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.htmx import render_page_or_partial
from utilite.core.permissions import require
from utilite.organisations.permissions import (
    access_for,
    get_organisation_or_404,
    get_team_organisation_or_404,
    organisation_abilities,
)

from .. import services, snapshot
from ..enums import NARRATIVE, FicheStatus, Format
from ..forms import FicheForm, ShareLinkForm
from ..models import Fiche, PublishedVersion, Rendering, ShareLink
from ..permissions import fiche_abilities, get_fiche_or_404

EDITABLE = [Format.ODT, Format.DOCX]  # a funding application is finished in a word processor


def fiche_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    fiches = Fiche.objects.for_organisation(organisation).select_related("organisation", "action")
    abilities = organisation_abilities(request.user, organisation)
    context = {"organisation": organisation, "fiches": fiches, "abilities": abilities}
    return render(request, "fiches/list.html", context)


def shared_with_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Fiches published to the networks this person takes part in (partners and funders first)."""
    fiches = (
        Fiche.objects.shared_with_network()
        .filter(organisation__network_id__in=access_for(request.user).network_ids)
        .select_related("organisation__network", "action")
        .order_by(F("published_on").desc(), "pk")
    )
    page = Paginator(fiches, 30).get_page(request.GET.get("page"))
    return render(request, "fiches/shared_list.html", {"page": page})


def fiche_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    today = timezone.localdate()
    initial = {"period_start": today.replace(month=1, day=1), "period_end": today.replace(month=12, day=31)}
    form = FicheForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        fiche = services.create_fiche(organisation=organisation, user=request.user, **fields)
        messages.success(request, _("The fiche has been created: its data sections fill themselves."))
        return redirect(fiche)
    return render(request, "fiches/form.html", {"organisation": organisation, "form": form})


def fiche_update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    if fiche.status != FicheStatus.DRAFT:
        messages.error(request, _("This version is published: start a new version to change it."))
        return redirect(fiche)
    form = FicheForm(request.POST or None, instance=fiche, organisation=organisation)
    conflict, conflict_parts = None, []
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        revision = fields.pop("revision") or 0
        try:
            services.update_fiche(fiche, revision=revision, **fields)
        except services.Conflict as error:
            # Keep what this person wrote; saving again deliberately replaces the other text.
            conflict = error.current
            conflict_parts = _changed_parts(conflict, form)
            data = request.POST.copy()
            data["revision"] = str(conflict.revision)
            form = FicheForm(data, instance=fiche, organisation=organisation)
        else:
            messages.success(request, _("The fiche has been saved."))
            return redirect(fiche)
    context = {
        "organisation": organisation,
        "form": form,
        "fiche": fiche,
        "conflict": conflict,
        "conflict_parts": conflict_parts,
    }
    return render(request, "fiches/form.html", context, status=409 if conflict else 200)


def _changed_parts(current: Fiche, form: FicheForm) -> list[dict[str, str]]:
    """The sections where the saved text differs from what this person is sending."""
    return [
        {"label": str(form.fields[name].label), "text": getattr(current, name)}
        for name in NARRATIVE
        if getattr(current, name) != form.cleaned_data.get(name)
    ]


def fiche_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The draft as it would be published (team), or the latest published version (network)."""
    organisation, fiche = get_fiche_or_404(request.user, slug, pk)
    abilities = fiche_abilities(request.user, fiche)
    team = abilities["edit"]
    versions = list(fiche.versions.all())
    if team and fiche.status == FicheStatus.DRAFT:
        data = snapshot.build(fiche)
    elif versions:
        data = versions[0].snapshot
    else:
        raise Http404
    context = {
        "organisation": organisation,
        "fiche": fiche,
        "s": snapshot.for_display(data),
        "versions": versions,
        "abilities": abilities,
        "links": ShareLink.objects.filter(version__fiche=fiche).select_related("version") if team else [],
        "share_form": ShareLinkForm(),
        "renderings": fiche.renderings.all()[:5] if team else [],
        "formats": Format.choices,
    }
    return render(request, "fiches/detail.html", context)


def fiche_version(request: AuthenticatedHttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    organisation, fiche = get_fiche_or_404(request.user, slug, pk)
    version = get_object_or_404(fiche.versions, number=number)
    context = {
        "organisation": organisation,
        "fiche": fiche,
        "version": version,
        "s": snapshot.for_display(version.snapshot),
    }
    return render(request, "fiches/version.html", context)


def fiche_action(view: Callable[[AuthenticatedHttpRequest, Fiche], str]) -> Callable[..., HttpResponse]:
    """A button of the fiche page: a POST by someone who edits it; what it says is shown there."""

    @require_POST
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
        _organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
        try:
            messages.success(request, view(request, fiche))
        except services.NotEditable:
            messages.error(request, _("This cannot be done in the current state of the fiche."))
        return redirect(fiche)

    return wrapper


@fiche_action
def fiche_publish(request: AuthenticatedHttpRequest, fiche: Fiche) -> str:
    version = services.publish(fiche, request.user)
    return _("Version %(number)s is published and frozen.") % {"number": version.number}


@fiche_action
def fiche_new_version(request: AuthenticatedHttpRequest, fiche: Fiche) -> str:
    fiche = services.start_new_version(fiche)
    return _("Version %(number)s is started.") % {"number": fiche.version}


@fiche_action
def fiche_show_to_network(request: AuthenticatedHttpRequest, fiche: Fiche) -> str:
    services.set_shared(fiche, True)
    return _("The fiche is published to the network.")


@fiche_action
def fiche_hide_from_network(request: AuthenticatedHttpRequest, fiche: Fiche) -> str:
    services.set_shared(fiche, False)
    return _("The fiche is no longer shown to the network.")


@require_POST
def share_link_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    _organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    version = fiche.versions.first()
    form = ShareLinkForm(request.POST)
    if version is None:
        messages.error(request, _("Publish the fiche before sharing it."))
    elif form.is_valid():
        services.create_share_link(version, user=request.user, **form.cleaned_data)
        messages.success(request, _("The share link has been created."))
    else:
        messages.error(request, _("Say for whom the link is."))
    return redirect(fiche)


@require_POST
def share_link_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int, link_pk: int) -> HttpResponse:
    _organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    link = get_object_or_404(ShareLink.objects.filter(version__fiche=fiche), pk=link_pk)
    services.revoke_share_link(link)
    messages.success(request, _("The link no longer opens the fiche."))
    return redirect(fiche)


@require_POST
def rendering_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    _organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    file_format = request.POST.get("format")
    funding_pack = request.POST.get("pack") == "funding"
    require(file_format in (EDITABLE if funding_pack else Format.values))
    version = fiche.versions.first() if fiche.status == FicheStatus.PUBLISHED else None
    rendering = services.request_rendering(
        fiche, file_format=str(file_format), user=request.user, version=version, funding_pack=funding_pack
    )
    return redirect("fiches:rendering", slug=slug, pk=pk, rendering_pk=rendering.pk)


def rendering_status(request: AuthenticatedHttpRequest, slug: str, pk: int, rendering_pk: int) -> HttpResponse:
    organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    rendering = get_object_or_404(Rendering.objects.filter(fiche=fiche), pk=rendering_pk)
    context = {"organisation": organisation, "fiche": fiche, "rendering": rendering}
    return render_page_or_partial(request, "fiches/rendering.html", context, "progress")


def rendering_download(request: AuthenticatedHttpRequest, slug: str, pk: int, rendering_pk: int) -> FileResponse:
    _organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    rendering = get_object_or_404(Rendering.objects.filter(fiche=fiche).exclude(file=""), pk=rendering_pk)
    name = (rendering.file.name or "fiche").rsplit("/", 1)[-1]
    return FileResponse(rendering.file.open("rb"), as_attachment=True, filename=name)


@login_not_required
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """A published version opened by a private link: 404 once revoked or expired."""
    link = get_object_or_404(ShareLink.objects.valid().select_related("version__fiche__organisation"), token=token)
    version: PublishedVersion = link.version
    context = {"version": version, "s": snapshot.for_display(version.snapshot), "link": link}
    response = render(request, "fiches/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
