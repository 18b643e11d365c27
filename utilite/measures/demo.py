"""Demonstration collection plan: the regular-participants indicator fills itself from sessions."""

from utilite.networks.models import Network
from utilite.referentiels.models import Indicator

from .enums import ComputedFrom, PeriodType
from .models import CollectionPlan


def load_demo_plans(network: Network) -> int:
    created = 0
    for indicator in Indicator.objects.filter(
        criterion__registre__referentiel__organisation__network=network,
        criterion__registre__referentiel__status="validated",
        title="Nombre de participants réguliers",
    ).select_related("criterion__registre__referentiel"):
        _plan, was_created = CollectionPlan.objects.get_or_create(
            organisation_id=indicator.criterion.registre.referentiel.organisation_id,
            indicator_uid=indicator.uid,
            defaults={
                "period_type": PeriodType.MONTHLY,
                "computed_from": ComputedFrom.PARTICIPANTS,
                "instrument": "Fiches de séance",
            },
        )
        created += was_created
    return created
