"""No lock-in: a page as ODT or Markdown at once; a page as PDF and a whole space as a zip made
in the background (`wiki.exports`), followed on a status page, then downloaded."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core import documents
from utilite.core.downloads import attachment
from utilite.core.htmx import render_page_or_partial

from .. import reads, services
from ..models import WikiExport
from ..permissions import get_page_or_404, get_space_or_404

TYPES = {"odt": "application/vnd.oasis.opendocument.text", "md": "text/markdown; charset=utf-8"}


def page_file(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, extension: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    if extension == "md":
        content = found.text.encode()
    elif extension == "odt":
        cover = [found_space.name, _("Revision %(number)s") % {"number": found.version}, found.get_licence_display()]
        blocks = documents.read_html(str(reads.page_html(found)))
        content = documents.to_odt(documents.Document(title=found.title, cover=cover, blocks=blocks))
    else:
        raise Http404
    response = attachment(content, f"{found.slug}.{extension}")
    response["Content-Type"] = TYPES[extension]
    return response


@require_POST
def page_pdf(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    job = services.request_export(found_space, page=found, user=request.user)
    return redirect("wiki:export_status", slug=slug, space=space, pk=job.pk)


@require_POST
def space_zip(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    found = get_space_or_404(request.user, slug, space)
    job = services.request_export(found, user=request.user)
    return redirect("wiki:export_status", slug=slug, space=space, pk=job.pk)


def export_status(request: AuthenticatedHttpRequest, slug: str, space: str, pk: int) -> HttpResponse:
    found = get_space_or_404(request.user, slug, space)
    job = get_object_or_404(WikiExport.objects.select_related("page"), space=found, pk=pk)
    return render_page_or_partial(request, "wiki/export_status.html", {"space": found, "job": job}, "progress")


def export_download(request: AuthenticatedHttpRequest, slug: str, space: str, pk: int) -> FileResponse:
    found = get_space_or_404(request.user, slug, space)
    job = get_object_or_404(WikiExport.objects.exclude(file=""), space=found, pk=pk)
    content_type = "application/pdf" if job.format == "pdf" else "application/zip"
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
