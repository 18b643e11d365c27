"""No lock-in: a page as PDF, ODT or Markdown; a space as a zip of Markdown files with its
attachments and the whole history of every page."""

from __future__ import annotations

import io
import logging
import zipfile

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core import documents
from utilite.core.downloads import attachment
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from .. import reads
from ..models import Page, Revision
from ..permissions import get_page_or_404, get_space_or_404

logger = logging.getLogger(__name__)
TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}


def _file(content: bytes, name: str, extension: str) -> HttpResponse:
    response = attachment(content, f"{name}.{extension}")
    response["Content-Type"] = TYPES[extension]
    return response


def page_file(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, extension: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    if extension == "md":
        return _file(found.text.encode(), found.slug, "md")
    html = reads.page_html(found)
    cover = [found_space.name, _("Revision %(number)s") % {"number": found.version}, found.get_licence_display()]
    if extension == "odt":
        document = documents.Document(title=found.title, cover=cover, blocks=documents.read_html(str(html)))
        return _file(documents.to_odt(document), found.slug, "odt")
    if extension != "pdf":
        raise Http404
    context = {"page": found, "space": found_space, "html": html, "printed_at": timezone.now()}
    try:
        content, _pages = html_to_pdf_isolated(render_to_string("wiki/page_document.html", context), seconds=60)
    except RenderingFailed as error:
        logger.error("wiki page %s: PDF failed (%s)", found.pk, error, extra={"page": found.pk})
        return HttpResponse(
            _("The PDF could not be made. Try the ODT file."), status=503, content_type="text/plain; charset=utf-8"
        )
    return _file(content, found.slug, "pdf")


def space_zip(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    """`<page>.md` for each page, `pieces-jointes/<page>/…`, and `historique/<page>/<n>.md` for
    every revision, with its author, date and summary at the top."""
    found = get_space_or_404(request.user, slug, space)
    buffer = io.BytesIO()
    pages = {page.pk: page for page in Page.objects.filter(space=found).prefetch_related("attachments")}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in pages.values():
            archive.writestr(f"{page.slug}.md", f"# {page.title}\n\n{page.text}")
            for item in page.attachments.all():
                with item.file.open("rb") as handle:
                    archive.writestr(f"pieces-jointes/{page.slug}/{item.pk}-{item.name}", handle.read())
        for revision in (
            Revision.objects.filter(space=found).select_related("author").order_by("page", "number").iterator()
        ):
            head = (
                f"---\ntitle: {revision.title}\nauthor: {revision.who}\n"
                f"date: {revision.created_at.isoformat()}\nsummary: {revision.summary}\n---\n\n"
            )
            archive.writestr(
                f"historique/{pages[revision.page_id].slug}/{revision.number:04d}.md", head + revision.text
            )
    logger.info("wiki space %s exported (%s pages)", found.pk, len(pages), extra={"space": found.pk})
    return _file(buffer.getvalue(), f"wiki-{found.slug}", "zip")
