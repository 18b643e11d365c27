"""Background work of the directory: imports, error reports, reminders, daily openings."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from utilite.core.logs import logged

from . import guide, imports, services
from .models import PlaceGuide, PlaceImport, PlaceReport

logger = logging.getLogger(__name__)


@task()
@logged
def import_places(job_id: int) -> None:
    imports.run(PlaceImport.objects.select_related("network", "created_by").get(pk=job_id))


@task()
@logged
def geocode_places(place_ids: list[int]) -> None:
    for place_id in place_ids:
        services.geocode(place_id)


@task()
@logged
def render_guide(guide_id: int) -> None:
    guide.run(PlaceGuide.objects.select_related("network").get(pk=guide_id))


@task()
@logged
def send_report(report_id: int) -> None:
    report = PlaceReport.objects.select_related("place__network", "place__organisation").get(pk=report_id)
    place = report.place
    recipients = services.editors_emails(place)
    if not recipients:
        logger.warning("nobody to tell of the report on place %s", place.pk, extra={"place": place.pk})
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "place": place,
            "link": settings.SITE_URL + reverse("places:update", kwargs={"slug": place.network.slug, "pk": place.pk}),
        }
        send_mail(
            subject=render_to_string("places/emails/report_subject.txt", context).strip(),
            message=render_to_string("places/emails/report.txt", context),
            from_email=None,
            recipient_list=recipients,
        )


@task()
@logged
def send_update_reminders(network_id: int) -> None:
    """The yearly campaign: each editor receives the list of their places to check."""
    services.send_update_reminders(network_id)
