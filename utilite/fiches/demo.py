"""Demonstration fiche: the Foyer Laïque's account of the year, published and shown to the network,
so that the funder's login has something to read and a funding application to look at."""

import datetime

from django.db import transaction
from django.utils import timezone

from utilite.networks.models import Network

from . import services
from .models import Fiche

SLUG = "foyer-laique-saint-marc"

TEXTS = {
    "activities": (
        "Des ateliers d'initiation chaque semaine, en petit groupe, et un accès libre accompagné deux "
        "après-midi. Une animatrice salariée et six bénévoles, une salle de huit postes."
    ),
    "stakes": (
        "Montrer ce que les ateliers changent **au-delà des compétences** : la confiance en soi, "
        "le fait de sortir de chez soi, les liens qui se créent entre participants."
    ),
    "stakeholders": (
        "- l'équipe salariée et les bénévoles, en réunion ;\n"
        "- une vingtaine de participants, par questionnaire avant et après ;\n"
        "- le centre social voisin et la médiathèque, partenaires des ateliers."
    ),
    "uses": "Suivre chaque trimestre nos indicateurs, rendre compte à la ville et préparer la demande de subvention.",
    "lessons": (
        "Le questionnaire sur papier a mieux marché que le lien sur téléphone pour les plus âgés. "
        "Il faut prévoir du temps d'atelier pour répondre."
    ),
}


@transaction.atomic
def load_demo_fiches(network: Network) -> int:
    organisation = network.organisations.filter(slug=SLUG).first()
    if organisation is None or Fiche.objects.filter(organisation=organisation).exists():
        return 0
    membership = organisation.memberships.select_related("user").filter(role="admin").first()
    if membership is None:
        return 0
    year = timezone.localdate().year
    fiche = services.create_fiche(
        organisation=organisation,
        user=membership.user,
        title=f"Notre utilité sociale en {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        **TEXTS,
    )
    services.publish(fiche, membership.user)
    services.set_shared(fiche, True)
    return 1
