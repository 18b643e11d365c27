"""Background work of workshops: the panorama as a tagged PDF, in a limited child process."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.core import jobs
from utilite.core.logs import logged
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from . import board
from .models import Workshop

logger = logging.getLogger(__name__)


@task()
@logged
def render_panorama(workshop_id: int) -> None:
    workshop = Workshop.objects.select_related("organisation", "panorama_job").get(pk=workshop_id)
    job = workshop.panorama_job
    if job is None:  # always queued with its job (services.request_panorama)
        logger.error("panorama of workshop %s asked without a job", workshop_id)
        return
    with jobs.running(job):
        html = render_to_string("workshops/panorama_document.html", board.panorama_context(workshop))
        jobs.advance(job, 30)
        try:
            content, _pages = html_to_pdf_isolated(html)
        except RenderingFailed as failure:
            logger.error("panorama PDF of workshop %s failed: %s", workshop_id, failure)
            raise jobs.JobFailed(_("The PDF could not be made. Try again.")) from failure
        workshop.panorama_pdf.save(
            f"panorama-{slugify(workshop.title) or workshop.pk}.pdf", ContentFile(content), save=False
        )
        Workshop.objects.filter(pk=workshop.pk).update(panorama_pdf=workshop.panorama_pdf.name)
        jobs.succeed(job)
