"""Background work of workshops: the panorama as a tagged PDF, in a limited child process."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.text import slugify

from utilite.core.logs import logged
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from . import board
from .models import Workshop

logger = logging.getLogger(__name__)


@task()
@logged
def render_panorama(workshop_id: int) -> None:
    workshop = Workshop.objects.select_related("organisation").get(pk=workshop_id)
    html = render_to_string("workshops/panorama_document.html", board.panorama_context(workshop))
    try:
        content, _pages = html_to_pdf_isolated(html)
    except RenderingFailed as failure:
        logger.error("panorama PDF of workshop %s failed: %s", workshop_id, failure)
        Workshop.objects.filter(pk=workshop.pk).update(panorama_status="failed")
        return
    workshop.panorama_pdf.save(
        f"panorama-{slugify(workshop.title) or workshop.pk}.pdf", ContentFile(content), save=False
    )
    Workshop.objects.filter(pk=workshop.pk).update(panorama_pdf=workshop.panorama_pdf.name, panorama_status="done")
