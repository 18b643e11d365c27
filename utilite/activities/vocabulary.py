"""What session files call things → our codes: the one mapping table of session imports.

It reads our own export, everyday spreadsheets and the activity export of the Coop de la
médiation numérique (ANCT), whose labels are written out below as the Coop shows them (and as
its older versions did). Labels are compared by `tabular.key` (case, accents, spaces and
punctuation do not matter); our own labels in French and English and our codes are accepted too.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.utils import translation

from utilite.core.tabular import key

from .enums import ActivityType, AgeBand, Autonomy, Gender, Material, PlaceType, SocialStatus, Theme

# The columns of our own files, in order (counts follow: COUNT_HEADERS).
OWN_COLUMNS = [
    "date",
    "duree",
    "type",
    "participants",
    "action",
    "themes",
    "lieu",
    "materiel",
    "autonomie",
    "orientation",
]
# Column header (any spelling) → our column. Our own columns map to themselves.
COLUMNS = {
    "date": "date",
    "date_de_l_activite": "date",
    "duree": "duree",
    "duree_min": "duree",
    "duree_minutes": "duree",
    "duree_en_minutes": "duree",
    "type": "type",
    "type_d_activite": "type",
    "type_de_seance": "type",
    "participants": "participants",
    "nombre_de_participants": "participants",
    "nb_participants": "participants",
    "action": "action",
    "themes": "themes",
    "thematiques": "themes",
    "thematique": "themes",
    "thematique_s_d_accompagnement": "themes",
    "lieu": "lieu",  # a kind of place, or (in the Coop's export) an address, which is not kept
    "type_de_lieu": "lieu",
    "canaux_d_accompagnement": "canal",
    "canal_d_accompagnement": "canal",
    "materiel": "materiel",
    "materiel_numerique_utilise": "materiel",
    "autonomie": "autonomie",
    "niveau_d_autonomie_du_beneficiaire": "autonomie",
    "orientation": "orientation",
    "structure_de_redirection": "orientation",
    "genre": "genre",
    "genre_du_beneficiaire": "genre",
    "tranche_d_age": "age",
    "tranche_d_age_du_beneficiaire": "age",
    "statut": "statut",
    "statut_social": "statut",
    "statut_du_beneficiaire": "statut",
    # counts, one column per band
    "femmes": "femmes",
    "feminin": "femmes",
    "hommes": "hommes",
    "masculin": "hommes",
    "mineurs": "mineurs",
    "moins_12": "moins_12",  # before the Coop's bands: added to minors
    "12_17": "12_17",
    "18_24": "18_24",
    "25_39": "25_39",
    "40_59": "40_59",
    "60_69": "60_69",
    "70_plus": "70_plus",
    "scolarises": "scolarises",
    "sans_emploi": "sans_emploi",
    "en_emploi": "en_emploi",
    "retraites": "retraites",
}
# Count column → model field (several columns may add up into one field).
COUNT_COLUMNS = {
    "femmes": "gender_female",
    "hommes": "gender_male",
    "mineurs": "age_minor",
    "moins_12": "age_minor",
    "12_17": "age_minor",
    "18_24": "age_18_24",
    "25_39": "age_25_39",
    "40_59": "age_40_59",
    "60_69": "age_60_69",
    "70_plus": "age_70_plus",
    "scolarises": "status_schooled",
    "sans_emploi": "status_unemployed",
    "en_emploi": "status_employed",
    "retraites": "status_retired",
}
LEGACY_COUNT_COLUMNS = {"moins_12", "12_17"}
# The count columns of our own files, and the model field → its column.
COUNT_HEADERS = [column for column in COUNT_COLUMNS if column not in LEGACY_COUNT_COLUMNS]
COUNT_COLUMN_OF = {COUNT_COLUMNS[column]: column for column in COUNT_HEADERS}
# Columns listing one label per person (the Coop's export) → dimension of the counts.
PER_PERSON_COLUMNS = {"genre": "gender", "age": "age", "statut": "status"}
NOT_COMMUNICATED = "not_communicated"

# The Coop's labels, current and older, and everyday synonyms → our codes.
COOP_LABELS: dict[str, dict[str, list[str]]] = {
    "type": {
        ActivityType.INDIVIDUAL: ["Accompagnement individuel", "Individuel", "Démarche administrative"],
        ActivityType.COLLECTIVE: ["Atelier collectif", "Collectif", "Atelier"],
    },
    "themes": {
        Theme.DIAGNOSIS: ["Diagnostic numérique"],
        Theme.EQUIPMENT: ["Prendre en main du matériel", "Prise en main du matériel"],
        Theme.MAINTENANCE: ["Maintenance de matériel", "Maintenance"],
        Theme.CONTENT: ["Gérer ses contenus numériques", "Gérer ses contenus"],
        Theme.BROWSING: ["Navigation sur internet", "Navigation internet"],
        Theme.EMAIL: ["E-mail", "Email", "Courriel"],
        Theme.OFFICE: ["Bureautique"],
        Theme.SOCIAL_MEDIA: ["Réseaux sociaux communication", "Réseaux sociaux"],
        Theme.HEALTH: ["Santé"],
        Theme.BANKING: ["Banque et achats en ligne"],
        Theme.PROFESSIONAL: ["Accompagner un professionnel", "Entrepreneuriat"],
        Theme.EMPLOYMENT: ["Insertion professionnelle"],
        Theme.SECURITY: ["Prévention en sécurité numérique", "Sécurité numérique"],
        Theme.PARENTING: ["Parentalité"],
        Theme.SCHOOLING: ["Scolarité et numérique", "Scolarité"],
        Theme.CREATING: ["Créer avec le numérique"],
        Theme.CULTURE: ["Culture numérique"],
        Theme.AI: ["Intelligence artificielle (IA)", "Intelligence artificielle", "IA"],
        Theme.PROCEDURES: ["Aide aux démarches administratives", "Démarches administratives"],
        Theme.PAPERS: ["Papiers - Élections - Citoyenneté"],
        Theme.FAMILY: ["Famille - Scolarité"],
        Theme.SOCIAL_HEALTH: ["Social - Santé"],
        Theme.WORK: ["Travail - Formation - Entreprise", "Travail - Formation"],
        Theme.HOUSING: ["Logement"],
        Theme.TRANSPORT: ["Transports - Mobilité"],
        Theme.MONEY: ["Argent - Impôts"],
        Theme.JUSTICE: ["Justice"],
        Theme.FOREIGNERS: ["Étrangers - Europe"],
        Theme.LEISURE: ["Loisirs - Sports - Culture"],
        Theme.ASSOCIATIONS: ["Associations"],
    },
    "canal": {
        PlaceType.ACTIVITY_PLACE: ["Lieu d\u2019activité", "Lieu d'activité", "Sur place"],
        PlaceType.HOME: ["À domicile", "Domicile"],
        PlaceType.REMOTE: ["À distance", "Distance", "Téléphone ou visio"],
        PlaceType.OTHER: ["Autre lieu", "Autre"],
    },
    "materiel": {
        Material.COMPUTER: ["Ordinateur"],
        Material.PHONE: ["Téléphone", "Smartphone"],
        Material.TABLET: ["Tablette"],
        Material.OTHER: ["Autre"],
        Material.NONE: ["Pas de matériel", "Aucun"],
    },
    "autonomie": {
        Autonomy.FULLY_ASSISTED: ["Avec guidage", "Entièrement accompagné", "1/3"],
        Autonomy.PARTIALLY_AUTONOMOUS: ["Autonome avec guidage en cas de besoin", "Partiellement autonome", "2/3"],
        Autonomy.AUTONOMOUS: ["Autonome", "3/3"],
    },
    "genre": {
        Gender.FEMALE: ["Féminin", "Femme", "F"],
        Gender.MALE: ["Masculin", "Homme", "H", "M"],
        NOT_COMMUNICATED: ["Non communiqué", "-", "Autre"],
    },
    "age": {
        AgeBand.MINOR: ["Mineur(e)", "Mineur", "Moins de 12 ans", "12 - 17 ans", "Moins de 18 ans"],
        AgeBand.FROM_18: ["18 - 24 ans"],
        AgeBand.FROM_25: ["25 - 39 ans"],
        AgeBand.FROM_40: ["40 - 59 ans"],
        AgeBand.FROM_60: ["60 - 69 ans"],
        AgeBand.FROM_70: ["70 ans ou plus", "70 ans et plus", "Plus de 70 ans"],
        NOT_COMMUNICATED: ["Non communiqué", "-"],
    },
    "statut": {
        SocialStatus.SCHOOLED: ["Scolarisé(e)", "Scolarisé", "Étudiant"],
        SocialStatus.UNEMPLOYED: ["Sans emploi", "Demandeur d\u2019emploi"],
        SocialStatus.EMPLOYED: ["En emploi", "Salarié"],
        SocialStatus.RETIRED: ["Retraité(e)", "Retraité"],
        NOT_COMMUNICATED: ["Non communiqué ou hétérogène", "Non communiqué", "-"],
    },
}
CHOICES: dict[str, type[models.TextChoices]] = {
    "type": ActivityType,
    "themes": Theme,
    "canal": PlaceType,
    "materiel": Material,
    "autonomie": Autonomy,
    "genre": Gender,
    "age": AgeBand,
    "statut": SocialStatus,
}


@cache
def lookup(column: str) -> dict[str, str]:
    """`key(label)` → code for a column: our codes, our labels in English and French, the Coop's."""
    table: dict[str, str] = {}
    for language in ("en", "fr"):
        with translation.override(language):
            table |= {key(label): code for code, label in CHOICES[column].choices}
    table |= {key(code): code for code in CHOICES[column].values}
    for code, labels in COOP_LABELS[column].items():
        table |= {key(label): code for label in labels}
    return table


def code_of(column: str, label: str) -> str | None:
    return lookup(column).get(key(label))
