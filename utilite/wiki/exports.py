"""No lock-in, made in the background: a page as PDF (WeasyPrint in a limited child process),
a space as a zip of Markdown files with its attachments and every revision of every page
(`historique/<page>/<n>.md`, with author, date and summary at the top). Written to a temporary
file, then to the storage: a space with many attachments never sits in memory whole."""

from __future__ import annotations

import logging
import tempfile
import zipfile
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.core import jobs
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from . import reads
from .models import Page, Revision, WikiExport

logger = logging.getLogger(__name__)


def run(job: WikiExport) -> WikiExport:
    with jobs.running(job):
        if job.format == "pdf" and job.page is not None:
            content = _pdf(job.page)
            job.file.save(f"{job.page.slug}.pdf", ContentFile(content), save=False)
            jobs.succeed(job, file=job.file.name, name=f"{job.page.slug}.pdf")
        else:
            with tempfile.TemporaryFile() as handle:
                _zip(job, handle)
                handle.seek(0)
                job.file.save(f"wiki-{job.space.slug}.zip", File(handle), save=False)
            jobs.succeed(job, file=job.file.name, name=f"wiki-{job.space.slug}.zip")
    return job


def _pdf(page: Page) -> bytes:
    context = {"page": page, "space": page.space, "html": reads.page_html(page), "printed_at": timezone.now()}
    try:
        content, _pages = html_to_pdf_isolated(render_to_string("wiki/page_document.html", context), seconds=120)
    except RenderingFailed as error:
        logger.error("wiki page %s: PDF failed (%s)", page.pk, error, extra={"page": page.pk})
        raise jobs.JobFailed(_("The PDF could not be made. Try the ODT file.")) from error
    return content


def _zip(job: WikiExport, handle: IO[bytes]) -> None:
    pages = {page.pk: page for page in Page.objects.filter(space=job.space).prefetch_related("attachments")}
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, page in enumerate(pages.values()):
            archive.writestr(f"{page.slug}.md", f"# {page.title}\n\n{page.text}")
            for item in page.attachments.all():
                with (
                    item.file.open("rb") as source,
                    archive.open(f"pieces-jointes/{page.slug}/{item.pk}-{item.name}", "w") as target,
                ):
                    for chunk in iter(lambda: source.read(1024 * 1024), b""):
                        target.write(chunk)
            if done % 20 == 0:
                jobs.advance(job, 50 * done // max(len(pages), 1))
        revisions = Revision.objects.filter(space=job.space).select_related("author").order_by("page", "number")
        for revision in revisions.iterator(chunk_size=500):
            head = (
                f"---\ntitle: {revision.title}\nauthor: {revision.who}\n"
                f"date: {revision.created_at.isoformat()}\nsummary: {revision.summary}\n---\n\n"
            )
            archive.writestr(
                f"historique/{pages[revision.page_id].slug}/{revision.number:04d}.md", head + revision.text
            )
    logger.info("wiki space %s exported (%s pages)", job.space_id, len(pages), extra={"space": job.space_id})
