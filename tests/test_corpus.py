"""Files made elsewhere (tests/corpus, see build.py): the Coop's session exports, a French Excel
CSV, référentiels typed in LibreOffice with merged cells, XLSForms as Kobo and ODK write them.
Each imports through the page a user would use, with the expected counts and warnings."""

import datetime
import os
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from utilite.activities.models import ActivityRecord, ActivityTheme, ImportJob
from utilite.questionnaires.models import Question, Questionnaire
from utilite.referentiels.models import Indicator

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).parent / "corpus"


def _sessions(world, name, captured):
    client = client_for(world.employee_b)
    with captured(execute=True):
        response = client.post(
            reverse("activities:import", kwargs={"slug": world.org_b.slug}),
            {"file": SimpleUploadedFile(name, (CORPUS / "sessions" / name).read_bytes())},
        )
    job = ImportJob.objects.filter(organisation=world.org_b).latest("pk")
    return job, client.get(response["Location"]).content.decode()


def _records(world, since):
    return ActivityRecord.objects.filter(organisation=world.org_b, date__gte=since).order_by("date")


@pytest.mark.parametrize("name", ["coop-activites-2026.xlsx", "coop-activites-2026-libreoffice.ods"])
def test_the_coops_export_imports_as_it_is(world, name, django_capture_on_commit_callbacks):
    job, page = _sessions(world, name, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert "4 séances importées." in page
    records = list(_records(world, datetime.date(2026, 9, 1)))
    assert [(r.date, r.activity_type, r.participants, r.duration_minutes) for r in records] == [
        (datetime.date(2026, 9, 15), "individual", 1, 20),
        (datetime.date(2026, 9, 22), "collective", 4, 90),
        (datetime.date(2026, 10, 3), "individual", 1, 45),
        (datetime.date(2026, 11, 28), "collective", 6, 120),
    ]
    workshop = records[1]
    assert sorted(workshop.themes.values_list("code", flat=True)) == ["browsing", "culture", "equipment"]
    assert (workshop.gender_female, workshop.gender_male, workshop.not_communicated("gender")) == (2, 1, 1)
    assert (workshop.age_60_69, workshop.age_70_plus, workshop.status_retired) == (1, 2, 3)
    assert workshop.material == ["tablet"]
    procedure = records[2]
    assert sorted(procedure.themes.values_list("code", flat=True)) == ["housing", "money", "procedures"]
    assert (procedure.place_type, procedure.autonomy, procedure.orientation) == (
        "remote",
        "fully_assisted",
        "France services",
    )
    school = records[3]
    assert (school.age_minor, school.age_25_39, school.status_schooled, school.place_type) == (5, 1, 5, "other")
    assert sorted(school.themes.values_list("code", flat=True)) == ["ai", "parenting", "social_media"]
    # what names or places a person is never kept: the Coop's notes, names and towns are not read
    assert not ActivityRecord.objects.filter(orientation__icontains="semaine").exists()


def test_an_older_coop_export_with_its_older_labels(world, django_capture_on_commit_callbacks):
    job, _page = _sessions(world, "coop-activites-2024.xlsx", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    first, second, third = _records(world, datetime.date(2024, 1, 1)).filter(date__year=2024)
    assert (first.activity_type, first.duration_minutes, first.autonomy) == ("individual", 90, "fully_assisted")
    assert sorted(first.themes.values_list("code", flat=True)) == ["papers", "procedures"]
    assert sorted(second.themes.values_list("code", flat=True)) == ["equipment", "security"]
    assert (second.place_type, second.age_70_plus, second.autonomy) == ("home", 1, "partially_autonomous")
    assert (third.gender_male, third.age_25_39, third.material) == (2, 2, ["none"])


def test_a_french_excel_csv_in_windows_1252_with_semicolons(world, django_capture_on_commit_callbacks):
    job, _page = _sessions(world, "excel-fr-point-virgule.csv", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    records = list(_records(world, datetime.date(2026, 10, 1)).filter(date__lte=datetime.date(2026, 10, 31)))
    assert [(r.date.day, r.duration_minutes, r.participants) for r in records] == [(2, 90, 8), (9, 30, 1), (16, 45, 6)]
    assert set(ActivityTheme.objects.filter(record=records[0]).values_list("code", flat=True)) == {"health", "email"}
    assert (records[0].gender_female, records[0].gender_male) == (5, 2)


def test_broken_rows_refuse_the_file_and_name_each_row_and_column_as_written(
    world, django_capture_on_commit_callbacks
):
    before = ActivityRecord.objects.count()
    job, page = _sessions(world, "lignes-cassees.xlsx", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert ActivityRecord.objects.count() == before
    assert "Ligne 3, colonne « Date » : Écrivez la date sous la forme 17/11/2026 ou 2026-11-17." in page
    assert "Ligne 4, colonne « Thématiques » : Valeur inconnue « Astrologie »." in page
    assert "Ligne 5, colonne « Femmes » : Les effectifs par genre dépassent le nombre de participants." in page


# --- Référentiels ---------------------------------------------------------------------------


def _import_referentiel(world, path):
    world.org_b.referentiels.filter(status="draft").update(status="validated")
    client = client_for(world.admin_b)
    return client.post(
        reverse("referentiels:import", kwargs={"slug": world.org_b.slug}),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )


@pytest.mark.parametrize("name", ["saisi-a-la-main.xlsx", "saisi-a-la-main-libreoffice.ods", "excel-fr.csv"])
def test_a_referentiel_typed_by_hand_with_merged_cells_and_a_title_row(world, name):
    response = _import_referentiel(world, CORPUS / "referentiels" / name)
    assert response.status_code == 302, response.content.decode()[-3000:]
    referentiel = world.org_b.referentiels.latest("version")
    indicators = Indicator.objects.filter(criterion__registre__referentiel=referentiel).order_by(
        "criterion__registre__position", "criterion__position", "position"
    )
    assert [(i.criterion.registre.title, i.criterion.title, i.title, i.level) for i in indicators] == [
        ("Lien social", "Rompre l’isolement", "Nombre de participants aux ateliers", "realisation"),
        ("Lien social", "Rompre l’isolement", "Part des participants qui se sentent moins seuls", "result"),
        ("Lien social", "Créer des liens entre habitants", "Rencontres hors atelier", "impact"),
        ("Autonomie", "Faire seul ses démarches", "Démarches faites sans aide", "result"),
        ("Autonomie", "Faire seul ses démarches", "Personnes revenues aider les autres", "impact"),
    ]
    if name.endswith(("xlsx", "ods")):
        assert indicators[0].data_source == "Feuille d’émargement"


# --- XLSForms -------------------------------------------------------------------------------

# file → (sections, questions (name, kind), warnings expected in the page)
FORMS = {
    "kobo-bilingue.xlsx": (
        ["Vos usages", "Usages numériques"],
        [("ordinateur", "yes_no"), ("heures", "number"), ("remarque", "text")],
        ["4 champs automatiques (début, fin, appareil…) ne sont pas repris"],
    ),
    "odk-anglais-puis-francais.xlsx": (["À propos de vous"], [("distance", "number")], []),
    "sans-feuille-choices.xlsx": (["Fréquentation"], [("prenom_du_lieu", "text"), ("visites", "number")], []),
    "choix-ou-autre.xlsx": (["Questions"], [("appareil", "single"), ("appareil_other", "text")], []),
    "types-non-pris.xlsx": (
        ["Vos enfants", "Questions"],
        [("age_enfant", "number"), ("avis", "text")],
        [
            "Ligne 2, colonne « survey · type » : Un groupe répété est posé une seule fois ici.",
            "Ligne 5, colonne « survey · type » : Le type « geopoint » n’est pas pris en charge ici : ligne ignorée.",
            "Ligne 6, colonne « survey · type » : Le type « image »",
            "Ligne 7, colonne « survey · type » : Le type « date »",
            "Ligne 9, colonne « survey · type » : Le type « select_one_from_file communes.csv »",
            "1 champ automatique",
        ],
    ),
    "colonnes-odk.xlsx": (["Questions"], [("pays", "single"), ("ville", "single"), ("age", "number")], []),
    "echelle-likert.xlsx": (["Questions"], [("confiance", "scale"), ("revenir", "yes_no")], []),
    "ancien-list-name.xlsx": (["Questions"], [("sujets", "multiple")], []),
    "choix-abimes.xlsx": (
        ["Questions"],
        [("frequence", "single"), ("question_4", "text"), ("question_5", "text")],
        [
            "Ligne 3, colonne « choices · name » : « semaine » figure déjà dans la liste « frequence »",
            "Ligne 5, colonne « choices · list_name » : Cette cellule est vide : ligne ignorée.",
            "Ligne 3, colonne « survey · type » : La liste de choix « inexistante » n’est pas dans la feuille",
            "Ligne 4, colonne « survey · name » : Le nom « nom.avec.points » devient « question_4 ».",
        ],
    ),
    "range-et-note.xlsx": (["Questions"], [("aise", "number")], []),
}


def _import_form(world, name):
    return client_for(world.admin_b).post(
        reverse("questionnaires:xlsform_import", kwargs={"slug": world.org_b.slug}),
        {"file": SimpleUploadedFile(name, (CORPUS / "xlsforms" / name).read_bytes())},
    )


@pytest.mark.parametrize("name", FORMS)
def test_real_xlsforms_import_with_what_could_not_be_kept_listed(world, name):
    sections, questions, warnings = FORMS[name]
    response = _import_form(world, name)
    assert response.status_code in (200, 302)
    page = response.content.decode() if response.status_code == 200 else ""
    for warning in warnings:
        assert warning in page
    if not warnings:
        assert response.status_code == 302
    imported = Questionnaire.objects.exclude(pk=world.questionnaire_b.pk).get()
    assert list(imported.sections.order_by("position").values_list("title", flat=True)) == sections
    found = Question.objects.filter(section__questionnaire=imported).order_by("section__position", "position")
    assert list(found.values_list("name", "kind")) == questions


def test_xlsform_details_languages_notes_and_other(world):
    _import_form(world, "kobo-bilingue.xlsx")
    kobo = Questionnaire.objects.exclude(pk=world.questionnaire_b.pk).get()
    assert kobo.title == "Usages numériques"
    first = Question.objects.get(section__questionnaire=kobo, name="ordinateur")
    assert first.wording == "Avez-vous un ordinateur ?"  # French, not English
    assert first.help_text == "Merci de votre participation."  # the note is kept as text
    kobo.delete()
    _import_form(world, "choix-ou-autre.xlsx")
    question = Question.objects.get(name="appareil")
    assert [choice["label"] for choice in question.choices] == ["Téléphone", "Ordinateur", "Autre"]
    assert Question.objects.get(name="appareil_other").wording == "Si « Autre » : lequel ?"


def test_a_form_with_only_automatic_fields_is_refused(world):
    response = _import_form(world, "que-des-metadonnees.xlsx")
    assert response.status_code == 422
    assert "Le formulaire n’a aucune question qui puisse être reprise." in response.content.decode()
    assert Questionnaire.objects.count() == 1


# --- No import answers 500 ------------------------------------------------------------------

IMPORTS: list[tuple[str, str, dict[str, str]]] = [
    ("activities:import", "employee_b", {}),
    ("referentiels:import", "admin_b", {}),
    ("questionnaires:xlsform_import", "admin_b", {}),
    ("measures:import", "admin_b", {}),
]


def _random_files():
    rng = random.Random(14)
    yield "aleatoire.csv", bytes(rng.getrandbits(8) for _ in range(3000))
    yield "aleatoire.xlsx", bytes(rng.getrandbits(8) for _ in range(3000))
    yield "aleatoire.ods", b"PK\x03\x04" + os.urandom(2000)
    yield "vide.csv", b""
    yield "nul.csv", b"date;duree\x00\x00;type\n"


@pytest.mark.parametrize(("view", "who", "kwargs"), IMPORTS)
def test_no_import_answers_500_on_the_corpus_or_random_bytes(
    world, view, who, kwargs, django_capture_on_commit_callbacks
):
    from tests.factories import ReferentielFactory

    ReferentielFactory(organisation=world.org_b, validated=True, version=10)
    client = client_for(getattr(world, who))
    client.raise_request_exception = False
    target = reverse(view, kwargs={"slug": world.org_b.slug, **kwargs})
    files = [(path.name, path.read_bytes()) for path in sorted(CORPUS.rglob("*.*")) if path.suffix != ".py"]
    for name, content in [*files, *_random_files()]:
        world.org_b.referentiels.filter(status="draft").delete()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(target, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code < 500, (view, name)
        if response.status_code == 302 and "importer" in response["Location"]:
            assert client.get(response["Location"]).status_code == 200
