"""The demo network's directory: about a hundred plausible public internet access points of
Brest, written as a file in the national format and loaded through the importer, as a network
would load what the national map already holds."""

from __future__ import annotations

import csv
import datetime
import io
import logging
import random

from django.utils import timezone

from utilite.networks.models import Network
from utilite.organisations.models import Organisation

from . import imports, schema, services
from .models import Place

logger = logging.getLogger(__name__)

# The seven districts of Brest, a point near their middle, and neighbourhoods within them.
DISTRICTS = {
    "Brest-Centre": ((48.3895, -4.4860), ["Siam", "Recouvrance", "Saint-Martin", "Sanquer", "Kerigonan"]),
    "Bellevue": ((48.4045, -4.5030), ["Bellevue", "Kergoat", "Kerbernier", "Le Bouguen"]),
    "Europe": ((48.4140, -4.4690), ["Pontanézen", "Kérichen", "Kerhallet", "Kergaradec"]),
    "Lambézellec": ((48.4185, -4.4950), ["Lambézellec", "Kerinou", "Le Restic", "Kéranfurust", "Kérédern"]),
    "Quatre-Moulins": ((48.3850, -4.5190), ["Quatre-Moulins", "Kerangoff", "Le Pilier Rouge"]),
    "Saint-Marc": ((48.3960, -4.4500), ["Saint-Marc", "Le Guelmeur", "Kerangall", "Tréornou"]),
    "Saint-Pierre": ((48.3775, -4.5300), ["Saint-Pierre", "Kerourien", "Le Questel", "Kervallan"]),
}
KINDS = [
    ("Médiathèque", ["BIB"], ["Accès internet et matériel informatique", "Loisirs et créations numériques"]),
    (
        "Maison de quartier",
        ["ASSO"],
        ["Maîtrise des outils numériques du quotidien", "Accès internet et matériel informatique"],
    ),
    ("Centre social", ["CS"], ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"]),
    (
        "Mairie de quartier",
        ["MUNI"],
        ["Aide aux démarches administratives", "Accès internet et matériel informatique"],
    ),
    ("Point d'accès public à internet", ["ASSO"], ["Accès internet et matériel informatique"]),
    (
        "Résidence seniors",
        ["RS_FJT"],
        ["Maîtrise des outils numériques du quotidien", "Utilisation sécurisée du numérique"],
    ),
    ("Espace emploi", ["ASSO"], ["Insertion professionnelle via le numérique", "Aide aux démarches administratives"]),
    ("Patronage laïque", ["ASSO"], ["Loisirs et créations numériques", "Parentalité et éducation avec le numérique"]),
]
STREETS = [
    "rue Jean Jaurès",
    "rue de Siam",
    "place de la Liberté",
    "rue de Lyon",
    "rue Auguste Kervern",
    "rue de Maissin",
    "boulevard de l'Europe",
    "rue Saint-Exupéry",
    "rue du Docteur Floch",
    "rue Anatole France",
    "rue Victor Eusen",
    "rue de Kerbriant",
    "rue Robespierre",
    "rue Mirabeau",
    "rue de Quimper",
    "rue de Verdun",
    "rue de Paris",
    "rue Jules Lesven",
    "rue Émile Zola",
    "rue de Gouesnou",
    "rue Paul Dukas",
    "rue Camille Desmoulins",
]
HOURS = [
    "Mo-Fr 09:00-12:00,14:00-18:00; PH off",
    "Tu-Sa 10:00-12:00,14:00-18:00; PH off",
    "Mo,We,Fr 14:00-17:00; PH off",
    "Tu,Th 09:30-12:00; Sa 10:00-12:00; PH off",
    "Mo-Fr 08:30-12:30,13:30-17:00; Jul-Aug off; Jul-Aug Mo-Fr 09:00-12:00; PH off",
    "We 14:00-18:00; Sa 09:00-12:30; PH off",
    "Mo-Fr 09:00-17:00",
    "Tu-Fr 13:30-18:30; Sa 10:00-17:00; PH off",
    "Mo-Th 18:00-20:00; PH off",
    "",
]
ACCOMPANIMENT = ["En autonomie", "Accompagnement individuel", "Dans un atelier collectif", "À distance"]
ACCESS = ["Se présenter", "Téléphoner", "Contacter par mail", "Prendre un RDV en ligne"]
PUBLICS = ["Jeunes", "Seniors", "Familles et/ou enfants", "Femmes", "Étudiants"]
SUPPORT = ["Surdité", "Handicaps moteurs", "Illettrisme", "Langues étrangères (anglais)", "Déficience visuelle"]
# Demo structures that run some of the places (their team keeps the sheets up to date).
RUN_BY = {
    "foyer-laique-saint-marc": "Saint-Marc",
    "centre-social-keredern": "Lambézellec",
    "intergenerations": "Bellevue",
    "vivre-la-rue": "Brest-Centre",
}


def directory_file(count: int = 100, *, seed: int = 29200, today: datetime.date | None = None) -> bytes:
    """The demo directory as a CSV file of the national schema v1.0.2."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)  # nosec B311
    today = today or timezone.localdate()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schema.field_names(), lineterminator="\n")
    writer.writeheader()
    names: set[str] = set()
    for number in range(count):
        district = district_of(number)
        (latitude, longitude), neighbourhoods = DISTRICTS[district]
        kind, typology, services = KINDS[(number // len(DISTRICTS)) % len(KINDS)]
        name = _unique(names, kind, neighbourhoods, number // (len(DISTRICTS) * len(KINDS)))
        runner = next((slug for slug, where in RUN_BY.items() if where == district and number % 3 == 0), "brest")
        services = [*services, *rng.sample(schema.choices("services"), k=rng.randint(0, 2))]
        free = rng.random() < 0.8
        row = {
            "id": f"{runner}-lieu-{number + 1:03d}",
            "pivot": f"{21290019 + number:08d}{rng.randint(100000, 999999)}",
            "nom": name,
            "commune": "Brest",
            "code_postal": "29200",
            "code_insee": "29019",
            "adresse": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            "latitude": f"{latitude + rng.uniform(-0.006, 0.006):.6f}",
            "longitude": f"{longitude + rng.uniform(-0.008, 0.008):.6f}",
            "typologie": "|".join(typology),
            "telephone": f"+33298{rng.randint(100000, 999999)}",
            "courriels": f"contact-{number + 1:03d}@exemple.bzh" if rng.random() < 0.7 else "",
            "horaires": HOURS[(number * 7) % len(HOURS)],
            "presentation_resume": f"{kind} du quartier {district}: on vous aide à vous servir d'un ordinateur, "
            "d'un téléphone ou d'internet.",
            "source": "Ville de Brest",
            "itinerance": "Fixe",
            "structure_parente": "Ville de Brest" if typology[0] in {"BIB", "MUNI"} else "",
            "date_maj": (today - datetime.timedelta(days=rng.choice([3, 20, 45, 90, 160, 200, 260, 400]))).isoformat(),
            "services": "|".join(dict.fromkeys(services)),
            "publics_specifiquement_adresses": "|".join(rng.sample(PUBLICS, k=rng.choice([0, 0, 1, 2]))),
            "prise_en_charge_specifique": "|".join(rng.sample(SUPPORT, k=rng.choice([0, 0, 1, 2]))),
            "frais_a_charge": "Gratuit" if free else "Gratuit sous condition",
            "modalites_acces": "|".join(rng.sample(ACCESS, k=rng.randint(1, 3))),
            "modalites_accompagnement": "|".join(rng.sample(ACCOMPANIMENT, k=rng.randint(1, 3))),
            "fiche_acces_libre": f"https://acceslibre.beta.gouv.fr/app/29-brest/a/lieu/erp/lieu-{number + 1:03d}/"
            if rng.random() < 0.4
            else "",
        }
        writer.writerow({name: row.get(name, "") for name in schema.field_names()})
    return out.getvalue().encode("utf-8")


def district_of(number: int) -> str:
    return list(DISTRICTS)[number % len(DISTRICTS)]


def _unique(names: set[str], kind: str, neighbourhoods: list[str], start: int) -> str:
    """« Médiathèque de Kerinou »: another neighbourhood when the name is taken, then a number."""
    for shift in range(len(neighbourhoods)):
        name = f"{kind} {_of(neighbourhoods[(start + shift) % len(neighbourhoods)])}"
        if name not in names:
            break
    else:
        name = f"{name} ({sum(1 for taken in names if taken.startswith(name)) + 1})"
    names.add(name)
    return name


def _of(name: str) -> str:
    if name.startswith("Le "):
        return "du " + name[3:]
    return "de " + name if name[0].lower() not in "aeiouyéè" else "d'" + name


def load_demo_places(network: Network) -> int:
    """Import the demo directory (created, or unchanged when loaded again), then let the demo
    structures keep the places they run."""
    rows, problems = imports.read("lieux-brest-demo.csv", directory_file())
    if problems:  # the generator writes the national format; a problem here is a bug to see
        raise ValueError(f"demo directory refused: {problems[:3]}")
    outcome = imports.save(network, rows, user=None)
    # The district is the network's own field, not in the national file.
    for district in DISTRICTS:
        numbers = [number for number in range(len(rows)) if district_of(number) == district]
        ids = [row.values["id_lieu"] for row in rows if int(row.values["id_lieu"].rsplit("-", 1)[1]) - 1 in numbers]
        Place.objects.filter(network=network, id_lieu__in=ids).update(quartier=district)
    services.refresh(Place.objects.filter(network=network))
    for organisation in Organisation.objects.filter(network=network, slug__in=RUN_BY):
        Place.objects.filter(network=network, id_lieu__startswith=f"{organisation.slug}-lieu-").update(
            organisation=organisation
        )
    _demo_sessions_and_utility(network)
    logger.info("demo directory: %s created, %s unchanged", outcome.created, outcome.unchanged)
    return outcome.created + outcome.updated + outcome.unchanged


SESSIONS = (
    ("Se servir d'un smartphone", 2, 14, "Gratuit, sur inscription à l'accueil"),
    ("Faire ses démarches en ligne (CAF, impôts)", 5, 10, "Gratuit, venez avec vos identifiants si vous les avez"),
)


def _demo_sessions_and_utility(network: Network) -> None:
    """The places the demo structures run get two sessions in the coming days, and show the
    structure's published fiche and the common criteria it documents (loaded again: the same)."""
    from utilite.fiches.models import PublishedVersion

    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    for place in Place.objects.filter(network=network, organisation__isnull=False).select_related("organisation"):
        place.sessions.all().delete()
        for title, days, hour, registration in SESSIONS:
            starts = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour), zone)
            place.sessions.create(
                title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), registration=registration
            )
        version = (
            PublishedVersion.objects.filter(fiche__organisation=place.organisation_id)
            .order_by("-published_at")
            .first()
        )
        Place.objects.filter(pk=place.pk).update(public_fiche=version, show_common_criteria=True)
