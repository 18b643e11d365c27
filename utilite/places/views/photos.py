"""Pictures of a place's premises: added and removed by its editors, shown to everyone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import inline

from .. import services
from ..forms import PhotoForm
from ..models import PlacePhoto
from ..permissions import get_editable_place_or_404, get_public_place_or_404


def photos(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_photo(
                place, user=request.user, image=form.cleaned_data["image"], alt=form.cleaned_data["alt"]
            )
        except services.TooManyPhotos:
            form.add_error(
                None,
                _("A sheet holds %(count)s pictures at most: remove one first.") % {"count": PlacePhoto.MAX_PER_PLACE},
            )
        else:
            messages.success(request, _("The picture is on the sheet."))
            return redirect("places:photos", slug=slug, pk=pk)
    context = {"network": place.network, "place": place, "form": form, "photos": list(place.photos.all())}
    return render(request, "places/photos.html", context)


@require_POST
def photo_delete(request: AuthenticatedHttpRequest, slug: str, pk: int, photo_pk: int) -> HttpResponse:
    place = get_editable_place_or_404(request.user, slug, pk)
    services.remove_photo(get_object_or_404(place.photos, pk=photo_pk), user=request.user)
    messages.success(request, _("The picture has been removed."))
    return redirect("places:photos", slug=slug, pk=pk)


@login_not_required
def photo(request: HttpRequest, slug: str, pk: int, photo_pk: int) -> FileResponse:
    place = get_public_place_or_404(slug, pk)
    picture = get_object_or_404(place.photos, pk=photo_pk)
    return inline(picture.image, cache="public, max-age=86400")
