"""Background work of the questionnaires app."""

from django.tasks import task

from utilite.core.logs import logged

from .models import Campaign
from .results import write_indicators


@task()
@logged
def refresh_indicators(campaign_id: int) -> None:
    """After new answers: the linked indicators receive the campaign's computed values."""
    campaign = (
        Campaign.objects.select_related("questionnaire__organisation", "action", "compared_with")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is not None:
        write_indicators(campaign)
