"""Background work of the common référentiel: its PDF, made once at publication."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task

from utilite.core.logs import logged
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from .models import CommonReferentiel
from .opendata import document_html, file_stem

logger = logging.getLogger(__name__)


@task()
@logged
def render_common_pdf(referentiel_id: int, url: str) -> None:
    referentiel = CommonReferentiel.objects.select_related("network").get(pk=referentiel_id)
    try:
        content, _pages = html_to_pdf_isolated(document_html(referentiel, url))
    except RenderingFailed as failure:
        logger.error("PDF of common référentiel %s failed: %s", referentiel_id, failure)
        return  # the page offers the other formats; publishing again is not needed to retry
    referentiel.pdf.save(f"{file_stem(referentiel)}.pdf", ContentFile(content), save=False)
    CommonReferentiel.objects.filter(pk=referentiel.pk).update(pdf=referentiel.pdf.name)
