"""The printable guide (Repères dans la cité), for the people of the network: asked for, made in
the background, downloaded."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from utilite.accounts.http import AuthenticatedHttpRequest

from .. import reads, services
from ..forms import GuideForm
from ..models import PlaceGuide
from ..permissions import get_directory_network_or_404


def guide_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_directory_network_or_404(request.user, slug)
    form = GuideForm(request.POST or None, areas=reads.areas(network))
    if request.method == "POST" and form.is_valid():
        guide = services.request_guide(network=network, user=request.user, area=form.cleaned_data["area"])
        return redirect("places:guide_status", slug=slug, pk=guide.pk)
    guides = PlaceGuide.objects.filter(network=network).order_by("-created_at")[:5]
    return render(request, "places/guide.html", {"network": network, "form": form, "guides": guides})


def guide_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_directory_network_or_404(request.user, slug)
    guide = get_object_or_404(PlaceGuide, network=network, pk=pk)
    template = "places/guide_status.html#progress" if getattr(request, "htmx", False) else "places/guide_status.html"
    return render(request, template, {"network": network, "guide": guide})


def guide_download(request: AuthenticatedHttpRequest, slug: str, pk: int) -> FileResponse:
    network = get_directory_network_or_404(request.user, slug)
    guide = get_object_or_404(PlaceGuide.objects.exclude(file=""), network=network, pk=pk)
    return FileResponse(
        guide.file.open("rb"), as_attachment=True, filename=(guide.file.name or "guide.pdf").rsplit("/", 1)[-1]
    )
