"""Background work of the common référentiel: its PDF, made once at publication."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils.translation import gettext as _

from utilite.core import jobs
from utilite.core.logs import logged
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from .models import CommonReferentiel
from .opendata import document_html, file_stem

logger = logging.getLogger(__name__)


@task()
@logged
def render_common_pdf(referentiel_id: int, url: str) -> None:
    """The PDF of a published version. If it fails, its page says so to the coordinators, who
    can ask for it again; the other formats are made on request and do not wait for it."""
    referentiel = CommonReferentiel.objects.select_related("network", "pdf_job").get(pk=referentiel_id)
    job = referentiel.pdf_job
    if job is None:  # always queued with its job (services.request_pdf)
        logger.error("PDF of common référentiel %s asked without a job", referentiel_id)
        return
    with jobs.running(job):
        try:
            content, _pages = html_to_pdf_isolated(document_html(referentiel, url))
        except RenderingFailed as failure:
            logger.error("PDF of common référentiel %s failed: %s", referentiel_id, failure)
            raise jobs.JobFailed(_("The PDF could not be made. Ask for it again.")) from failure
        referentiel.pdf.save(f"{file_stem(referentiel)}.pdf", ContentFile(content), save=False)
        CommonReferentiel.objects.filter(pk=referentiel.pk).update(pdf=referentiel.pdf.name)
        jobs.succeed(job)


@task()
@logged
def refresh_synthesis(snapshot_id: int) -> None:
    """Compute a territory synthesis again, for the page that showed older figures meanwhile."""
    from . import snapshots
    from .models import SynthesisSnapshot

    snapshot = SynthesisSnapshot.objects.select_related("network").filter(pk=snapshot_id).first()
    if snapshot is None:  # the network is gone
        return
    snapshots.compute(snapshot, snapshots.filters_of(snapshot), snapshot.filters["audience"])
