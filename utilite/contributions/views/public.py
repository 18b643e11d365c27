"""The network's public site of co-publication: the latest contributions, by place, by
structure; each contribution; an Atom feed; the pictures of what is public."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from utilite.core.downloads import inline
from utilite.networks.models import Network
from utilite.places.models import Place

from .. import services
from ..forms import ReportForm, SiteFilterForm
from ..models import Contribution, Tag

PER_PAGE = 12


def _public(network: Network) -> Any:
    return Contribution.objects.public().filter(organisation__network=network)


@login_not_required
def site(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest contributions, by structure, by place and by keyword (a form that works without
    JavaScript); five queries whatever the number of contributions."""
    network = get_object_or_404(Network, slug=slug)
    public = _public(network)
    form = SiteFilterForm(
        request.GET,
        structures=network.organisations.filter(contributions__in=public).distinct().order_by("name"),
        places=Place.objects.filter(contributions__in=public).distinct().order_by("nom")[:300],
        tags=Tag.objects.filter(contributions__in=public)
        .annotate(count=Count("contributions", distinct=True))
        .order_by("-count", "name")[:50],
    )
    contributions = form.filter(public.for_listing().order_by("-published_at", "-pk"))
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"network": network, "page": page, "querystring": query.urlencode(), "form": form}
    return render(request, "contributions/site.html", context)


@login_not_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    contribution = get_object_or_404(_public(network).for_listing(), pk=pk)
    return render(request, "contributions/detail.html", {"network": network, "contribution": contribution})


@login_not_required
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    contribution = get_object_or_404(_public(network), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:  # a field robots fill in and people do not see
            services.report(contribution, message=form.cleaned_data["message"])
        messages.success(request, _("Thank you: the people who published it will look at it."))
        return redirect("contributions_public:detail", slug=slug, pk=pk)
    return render(
        request, "contributions/report.html", {"network": network, "contribution": contribution, "form": form}
    )


@login_not_required
def photo(request: HttpRequest, slug: str, pk: int, photo_pk: int) -> FileResponse:
    network = get_object_or_404(Network, slug=slug)
    contribution = get_object_or_404(_public(network), pk=pk)
    picture = get_object_or_404(contribution.photos, pk=photo_pk)
    small = request.GET.get("taille") == "640" and picture.small
    return inline(picture.small if small else picture.image, cache="public, max-age=3600")


@login_not_required
def media_file(request: HttpRequest, slug: str, pk: int, media_pk: int, part: str) -> HttpResponseBase:
    from .moderation import serve_media

    network = get_object_or_404(Network, slug=slug)
    contribution = get_object_or_404(_public(network), pk=pk)
    item = get_object_or_404(contribution.media.exclude(file=""), pk=media_pk)
    return serve_media(request, item, part, cache="public, max-age=3600")


@login_not_required
def captions(request: HttpRequest, slug: str, pk: int, media_pk: int) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    contribution = get_object_or_404(_public(network), pk=pk)
    item = get_object_or_404(contribution.media, pk=media_pk, kind="video")
    response = HttpResponse(item.captions, content_type="text/vtt; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class FeedScope:
    network: Network
    tag: Tag | None


class LatestFeed(Feed):
    """Atom feed of the network's latest public contributions, or of those with one keyword (`?mot=`)."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        network = get_object_or_404(Network, slug=slug)
        tag = Tag.objects.filter(network=network, slug=request.GET.get("mot", "")[:50]).first()
        return FeedScope(network, tag)

    def title(self, scope: FeedScope) -> str:
        title = _("What people share · %(network)s") % {"network": scope.network.name}
        return f"{title} · {scope.tag.name}" if scope.tag else title

    def link(self, scope: FeedScope) -> str:
        link = reverse("contributions_public:site", args=[scope.network.slug])
        return f"{link}?mot={scope.tag.slug}" if scope.tag else link

    def items(self, scope: FeedScope) -> list[Contribution]:
        contributions = _public(scope.network)
        if scope.tag is not None:
            contributions = contributions.filter(tags=scope.tag)
        return list(contributions.select_related("organisation__network").order_by("-published_at", "-pk")[:30])

    def item_title(self, item: Contribution) -> str:
        return item.title

    def item_description(self, item: Contribution) -> str:
        return item.text

    def item_author_name(self, item: Contribution) -> str:
        return item.signature

    def item_pubdate(self, item: Contribution) -> Any:
        return item.published_at

    def item_link(self, item: Contribution) -> str:
        return reverse("contributions_public:detail", args=[item.organisation.network.slug, item.pk])


feed = login_not_required(LatestFeed())
