"""What a place's sheet shows beyond its hours: the collective sessions to come, and the social
utility its structure chose to make public. Kept by the place's editors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.fiches import snapshot
from utilite.fiches.models import PublishedVersion

from .. import services
from ..forms import SessionForm, UtilityForm
from ..permissions import get_editable_place_or_404, get_public_place_or_404


def sessions(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.instants()
        services.add_session(
            place,
            user=request.user,
            title=form.cleaned_data["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            description=form.cleaned_data["description"],
            registration=form.cleaned_data["registration"],
        )
        messages.success(request, _("The session is on the sheet until it is over."))
        return redirect("places:sessions", slug=slug, pk=pk)
    upcoming = list(place.sessions.upcoming(timezone.now())[:50])
    return render(
        request, "places/sessions.html", {"network": place.network, "place": place, "form": form, "sessions": upcoming}
    )


@require_POST
def session_delete(request: AuthenticatedHttpRequest, slug: str, pk: int, session_pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    services.remove_session(get_object_or_404(place.sessions, pk=session_pk))
    messages.success(request, _("The session has been removed."))
    return redirect("places:sessions", slug=slug, pk=pk)


def utility(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    versions = PublishedVersion.objects.filter(fiche__organisation=place.organisation_id).select_related("fiche")
    form = UtilityForm(
        request.POST or None,
        versions=versions.order_by("-published_at", "-pk"),
        initial={"public_fiche": place.public_fiche_id, "show_common_criteria": place.show_common_criteria},
    )
    if request.method == "POST" and form.is_valid():
        services.show_social_utility(place, user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("places_public:sheet", slug=slug, pk=pk)
    return render(request, "places/utility.html", {"network": place.network, "place": place, "form": form})


@login_not_required
def public_fiche(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The evaluation sheet a structure shows on its place's sheet, for everyone."""
    place = get_public_place_or_404(slug, pk)
    version = get_object_or_404(PublishedVersion.objects.select_related("fiche"), pk=place.public_fiche_id or 0)
    context = {
        "network": place.network,
        "place": place,
        "version": version,
        "s": snapshot.for_public(version.snapshot),
    }
    return render(request, "places/public_fiche.html", context)
