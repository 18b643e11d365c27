# ruff: noqa: E501 (demo prose, written as people write it)
"""Demo wiki: the « Isolement social » working group of three structures, the minutes of two
meetings with their actions (the first validated), an action sheet and a project page written
over several revisions. Loaded again: the same."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone

from utilite.accounts.models import User
from utilite.networks.models import Network
from utilite.organisations.models import Organisation

from . import services
from .models import ActionItem, Page, Revision, Space

logger = logging.getLogger(__name__)

OCTOBER = """**Date :** 08/10/2026

**Présents :** Soizic Morvan (Foyer laïque de Saint-Marc), Erwan Guivarc'h (Centre social de Keredern), Yann Kerboul (Ar Vag Infini), Camille Le Bris (coordination)

**Excusés :** —

## Ordre du jour

1. Ce que chacun observe de l'isolement dans son quartier
2. Un repas partagé commun aux trois structures

## Décisions

- Le groupe se retrouve tous les deux mois, chaque fois dans une structure différente.
- On prépare ensemble une [[Fiche action : repas partagé du jeudi]].

## Actions

- [x] Erwan Guivarc'h : demander la salle du centre social (pour le 20/10/2026)
- [x] Soizic Morvan : recenser les personnes isolées suivies par le Foyer, sans les nommer (pour le 05/11/2026)
"""

NOVEMBER = """**Date :** 19/11/2026

**Présents :** Soizic Morvan, Erwan Guivarc'h, Yann Kerboul, Camille Le Bris

## Ordre du jour

1. Retour sur le premier repas partagé
2. Le [[Projet : un café numérique itinérant]]

## Décisions

- Le repas du jeudi continue, une fois par mois.
- Le café numérique itinérant est présenté au prochain comité de pilotage.

## Actions

- [ ] Yann Kerboul : chiffrer le matériel du café itinérant (pour le 15/12/2026)
- [ ] Soizic Morvan : écrire aux bénévoles pour le repas de décembre (pour le 10/12/2026)
- [ ] Erwan Guivarc'h : préparer le questionnaire « avant / après » avec les participants (pour le 31/01/2027)
- [ ] Camille Le Bris : inscrire le projet à l'ordre du jour du comité de pilotage
"""

SHEET = """## Pourquoi cette action

Des personnes seules le midi, qui ne viennent plus aux ateliers.

## Pour qui

Les habitants de Keredern et de Saint-Marc qui se sentent seuls, orientés par les trois structures.

## Ce que l'on fait

Un repas préparé ensemble le premier jeudi du mois, puis un temps d'aide aux démarches en ligne.

## Avec qui

Les bénévoles du Foyer, l'équipe du centre social, l'épicerie solidaire.

## Comment on sait que ça marche

Le nombre de personnes qui reviennent, et ce qu'elles en disent (voir le [[Questionnaire lien social]]).
"""

PROJECT = [
    (
        "Yann Kerboul",
        "Première idée",
        "## Le projet en quelques mots\n\nUn café numérique qui se déplace dans les quartiers.\n",
    ),
    (
        "Soizic Morvan",
        "Objectifs",
        "## Le projet en quelques mots\n\nUn café numérique qui se déplace dans les quartiers, un jour par semaine.\n\n"
        "## Objectifs\n\n- Aller vers les personnes qui ne viennent pas\n- Créer du lien autour d'un café\n",
    ),
    (
        "Erwan Guivarc'h",
        "Partenaires et calendrier",
        "## Le projet en quelques mots\n\nUn café numérique qui se déplace dans les quartiers, un jour par semaine.\n\n"
        "## Objectifs\n\n- Aller vers les personnes qui ne viennent pas\n- Créer du lien autour d'un café\n\n"
        "## Partenaires\n\nLa ville, la médiathèque, Brest métropole habitat.\n\n## Calendrier\n\nUn essai au printemps 2027.\n",
    ),
    (
        "Camille Le Bris",
        "Évaluation",
        "## Le projet en quelques mots\n\nUn café numérique qui se déplace dans les quartiers, un jour par semaine.\n\n"
        "## Objectifs\n\n- Aller vers les personnes qui ne viennent pas\n- Créer du lien autour d'un café\n\n"
        "## Partenaires\n\nLa ville, la médiathèque, Brest métropole habitat.\n\n## Calendrier\n\nUn essai au printemps 2027.\n\n"
        "## Évaluation\n\nAvec le référentiel commun du réseau : registre « lien social », critère « rompre l'isolement ».\n",
    ),
]
# Who writes for which structure (Yann works in several: here for Ar Vag Infini).
WRITERS = {
    "Soizic Morvan": "foyer-laique-saint-marc",
    "Erwan Guivarc'h": "centre-social-keredern",
    "Yann Kerboul": "ar-vag-infini",
    "Camille Le Bris": None,
}


def _at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_demo_wiki(network: Network) -> int:
    Space.objects.filter(network=network).delete()
    people = {user.full_name: user for user in User.objects.filter(full_name__in=WRITERS)}
    if len(people) < len(WRITERS):
        return 0
    organisations = {
        item.slug: item.pk for item in Organisation.objects.filter(network=network, slug__in=WRITERS.values())
    }
    coordinator = people["Camille Le Bris"]
    group = services.create_group(
        network=network,
        name="Isolement social",
        description="Les structures qui accueillent des personnes isolées mettent en commun ce qu'elles observent et ce qu'elles font.",
        user=coordinator,
    )
    for name in ("Soizic Morvan", "Erwan Guivarc'h", "Yann Kerboul"):
        services.add_member(group, people[name])

    def written(page: Page, day: datetime.date) -> None:
        Page.objects.filter(pk=page.pk).update(created_at=_at(day), updated_at=_at(day))
        Revision.objects.filter(page=page).update(created_at=_at(day))
        ActionItem.objects.filter(page=page).update(opened_at=_at(day))
        ActionItem.objects.filter(page=page, done=True).update(done_at=_at(day + datetime.timedelta(days=14)))

    home = services.create_page(
        space=group,
        title="Accueil du groupe",
        user=coordinator,
        text="Le groupe « Isolement social » se réunit tous les deux mois.\n\n- [[Réunion du 8 octobre 2026]]\n"
        "- [[Réunion du 19 novembre 2026]]\n- [[Fiche action : repas partagé du jeudi]]\n"
        "- [[Projet : un café numérique itinérant]]\n- [[Charte du groupe]]\n",
    )
    written(home, datetime.date(2026, 10, 1))
    october = services.create_page(
        space=group, title="Réunion du 8 octobre 2026", kind="minutes", text=OCTOBER, user=people["Erwan Guivarc'h"]
    )
    written(october, datetime.date(2026, 10, 9))
    services.validate(october, user=coordinator)
    sheet = services.create_page(
        space=group,
        title="Fiche action : repas partagé du jeudi",
        kind="action_sheet",
        text=SHEET,
        user=people["Soizic Morvan"],
    )
    written(sheet, datetime.date(2026, 10, 22))
    project = None
    for number, (name, summary, text) in enumerate(PROJECT):
        day = datetime.date(2026, 10, 25) + datetime.timedelta(days=9 * number)
        if project is None:
            project = services.create_page(
                space=group, title="Projet : un café numérique itinérant", kind="project", text=text, user=people[name]
            )
            written(project, day)
        else:
            services.write_revision(
                project, title=project.title, text=text, user=people[name], summary=summary, at=_at(day)
            )
        project.refresh_from_db()
    november = services.create_page(
        space=group, title="Réunion du 19 novembre 2026", kind="minutes", text=NOVEMBER, user=people["Soizic Morvan"]
    )
    written(november, datetime.date(2026, 11, 20))
    for name, slug in WRITERS.items():
        Revision.objects.filter(space=group, author=people[name]).update(
            organisation_id=organisations.get(slug) if slug else None
        )
    logger.info("demo wiki: %s pages", group.pages.count())
    return group.pages.count()
