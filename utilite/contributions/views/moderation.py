"""The structure's side: co-publication workshops to open, what participants proposed, the
consents to record, then publish or refuse with a kind word; the history of each step."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import inline
from utilite.core.permissions import require
from utilite.core.qr import qr_svg
from utilite.core.ranges import ranged_response

from .. import services
from ..enums import Status
from ..forms import ConsentForm, CoolingOffForm, RefuseForm, SessionForm, TagsForm
from ..models import Contribution, Media, Report, Tag
from ..permissions import get_contribution_or_404, get_moderated_organisation_or_404, get_session_or_404


def overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_moderated_organisation_or_404(request.user, slug)
    form = SessionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        session = services.open_session(organisation=organisation, user=request.user, **form.cleaned_data)
        return redirect("contributions:session", slug=slug, pk=session.pk)
    contributions = Contribution.objects.filter(organisation=organisation).select_related("place")
    context = {
        "organisation": organisation,
        "form": form,
        "sessions": list(organisation.copublication_sessions.all()[:10]),
        "proposed": list(contributions.filter(status=Status.PROPOSED).order_by("created_at", "pk")[:50]),
        "others": list(contributions.exclude(status=Status.PROPOSED).order_by("-updated_at", "-pk")[:50]),
        "reports": list(
            Report.objects.filter(contribution__organisation=organisation).select_related("contribution")[:50]
        ),
    }
    return render(request, "contributions/overview.html", context)


def session_view(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, session = get_session_or_404(request.user, slug, pk)
    url = request.build_absolute_uri(reverse("contributions_public:join", args=[session.code]))
    context = {
        "organisation": organisation,
        "session": session,
        "join_url": url,
        "qr": qr_svg(url, _("QR code to join the workshop")),
        "contributions": list(session.contributions.order_by("-created_at", "-pk")[:100]),
    }
    return render(request, "contributions/session.html", context)


@require_POST
def session_close(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    _organisation, session = get_session_or_404(request.user, slug, pk)
    services.close_session(session)
    messages.success(request, _("The workshop is closed: nobody can join it any more."))
    return redirect("contributions:session", slug=slug, pk=pk)


def review(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, contribution = get_contribution_or_404(request.user, slug, pk)
    photos = list(contribution.photos.all())
    media = list(contribution.media.all())
    initial = {
        "audience": contribution.audience,
        "consent_on": contribution.consent_on,
        "image_rights": contribution.image_rights,
        "image_rights_on": contribution.image_rights_on,
    }
    form = ConsentForm(request.POST or None, photos=photos, media=media, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_consents(
            contribution,
            user=request.user,
            audience=form.cleaned_data["audience"],
            consent_on=form.cleaned_data["consent_on"],
            image_rights=form.cleaned_data["image_rights"],
            image_rights_on=form.cleaned_data["image_rights_on"],
            alts=form.alts(),
            texts=form.texts(),
        )
        messages.success(request, _("The consents are recorded."))
        return redirect("contributions:review", slug=slug, pk=pk)
    context = {
        "organisation": organisation,
        "contribution": contribution,
        "photos": photos,
        "media": media,
        "form": form,
        "refuse_form": RefuseForm(),
        "tags_form": TagsForm(initial={"tags": ", ".join(item.name for item in contribution.tags.all())}),
        "network_tags": list(
            Tag.objects.filter(network_id=organisation.network_id).values_list("name", flat=True)[:30]
        ),
        "missing": services.missing_for(contribution, contribution.audience or "public"),
        "events": list(contribution.events.select_related("user")),
        "now": timezone.now(),
    }
    return render(request, "contributions/review.html", context)


@require_POST
def step(request: AuthenticatedHttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Publish, refuse (with a message), unpublish, or withdraw (the author's consent)."""
    _organisation, contribution = get_contribution_or_404(request.user, slug, pk)
    try:
        if action == "publier":
            services.publish(contribution, user=request.user)
            messages.success(request, _("Published."))
        elif action == "refuser":
            form = RefuseForm(request.POST)
            services.refuse(contribution, user=request.user, message=form.data.get("message", ""))
            messages.success(request, _("Refused: the author will read your word."))
        elif action == "retirer":
            services.unpublish(contribution, user=request.user)
            messages.success(request, _("Unpublished."))
        elif action == "mots-cles":
            tags = TagsForm(request.POST)
            if tags.is_valid():
                services.tag(contribution, tags.cleaned_data["tags"])
                messages.success(request, _("The keywords are recorded."))
            else:
                messages.error(request, _("The keywords are too long: 500 characters at most."))
        elif action == "temoignage":
            services.make_testimony(contribution, user=request.user)
            messages.success(request, _("It is now a testimony of your evaluation."))
        elif action == "supprimer":
            services.withdraw(contribution, user=request.user)
            messages.success(request, _("The contribution and its files are deleted."))
            return redirect("contributions:overview", slug=slug)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect("contributions:review", slug=slug, pk=pk)


def photo(request: AuthenticatedHttpRequest, slug: str, pk: int, photo_pk: int) -> FileResponse:
    """A picture of a contribution for its team, whatever its status (never by a public address)."""
    _organisation, contribution = get_contribution_or_404(request.user, slug, pk)
    picture = get_object_or_404(contribution.photos, pk=photo_pk)
    return inline(picture.image, cache="private, max-age=600")


def media_status(request: AuthenticatedHttpRequest, slug: str, pk: int, media_pk: int) -> HttpResponse:
    """A sound or a video as the review page shows it: polled while it is being prepared."""
    organisation, contribution = get_contribution_or_404(request.user, slug, pk)
    item = get_object_or_404(contribution.media, pk=media_pk)
    context = {"item": item, "public": False, "organisation": organisation, "contribution": contribution}
    return render(request, "contributions/_media.html", context)


def media_file(request: AuthenticatedHttpRequest, slug: str, pk: int, media_pk: int, part: str) -> HttpResponseBase:
    """A sound, a video or its poster for the team, with range requests (the player seeks)."""
    _organisation, contribution = get_contribution_or_404(request.user, slug, pk)
    item = get_object_or_404(contribution.media.exclude(file=""), pk=media_pk)
    return serve_media(request, item, part, cache="private, max-age=600")


def serve_media(request: HttpRequest, item: Media, part: str, *, cache: str) -> HttpResponseBase:
    if part == "affiche" and item.poster:
        return ranged_response(request, item.poster, "image/jpeg", cache=cache)
    if part != "fichier":
        raise Http404
    return ranged_response(request, item.file, "video/mp4" if item.kind == "video" else "audio/mp4", cache=cache)


def network_queue(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """For the network's coordinators: what every structure has to read, and what visitors reported."""
    from utilite.networks.models import Network
    from utilite.organisations.permissions import access_for

    network = get_object_or_404(Network, slug=slug)
    require(access_for(request.user).coordinates(network.pk))
    form = CoolingOffForm(request.POST or None, initial={"hours": services.cooling_off_hours(network.pk)})
    if request.method == "POST" and form.is_valid():
        services.set_cooling_off(network, hours=form.cleaned_data["hours"], user=request.user)
        messages.success(request, _("Recorded: it applies to what is published from now on."))
        return redirect("contributions:network", slug=slug)
    contributions = Contribution.objects.filter(organisation__network=network).select_related("organisation", "place")
    context = {
        "network": network,
        "form": form,
        "proposed": list(contributions.filter(status=Status.PROPOSED).order_by("created_at", "pk")[:100]),
        "reports": list(
            Report.objects.filter(contribution__organisation__network=network).select_related(
                "contribution__organisation"
            )[:100]
        ),
    }
    return render(request, "contributions/network.html", context)
