"""A wiki page its space made public, under its Creative Commons licence."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import reads
from ..models import Page
from .pages import _serve


def _public_page(slug: str, space: str, page: str) -> Page:
    return get_object_or_404(
        Page.objects.select_related("space__network"),
        space__network__slug=slug,
        space__slug=space,
        slug=page,
        public=True,
    )


@login_not_required
def page(request: HttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    found = _public_page(slug, space, page)
    context = {
        "page": found,
        "html": reads.page_html(found, public=True),
        "attachments": list(found.attachments.all()),
    }
    return render(request, "wiki/public_page.html", context)


@login_not_required
def attachment(request: HttpRequest, slug: str, space: str, page: str, pk: int) -> FileResponse:
    return _serve(get_object_or_404(_public_page(slug, space, page).attachments, pk=pk))
