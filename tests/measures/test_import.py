"""Values imported from a spreadsheet: the file of a period, round trip, refusal by row and column."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory, CriterionFactory, IndicatorFactory, ReferentielFactory
from utilite.measures.models import CollectionPlan, IndicatorValue

pytestmark = pytest.mark.django_db
PERIOD = {"periode": "month", "p": "2026-11"}


@pytest.fixture
def setup(world):
    referentiel = ReferentielFactory(organisation=world.org_a, validated=True)
    criterion = CriterionFactory(registre__referentiel=referentiel)
    count = IndicatorFactory(criterion=criterion, title="Personnes accompagnées", kind="count")
    feeling = IndicatorFactory(criterion=criterion, title="Ce qui a changé", kind="qualitative")
    yes_no = IndicatorFactory(criterion=criterion, title="Partenariat signé", kind="yes_no")
    tuesday = ActionFactory(organisation=world.org_a, title="Atelier du mardi")
    per_action = IndicatorFactory(criterion=criterion, title="Venues seules", kind="count")
    per_action.actions.set([tuesday])
    computed = IndicatorFactory(criterion=criterion, title="Séances", kind="count")
    CollectionPlan.objects.create(organisation=world.org_a, indicator_uid=computed.uid, computed_from="sessions")
    return world, count, feeling, yes_no, per_action, tuesday


def url(organisation):
    return reverse("measures:import", kwargs={"slug": organisation.slug})


def send(client, organisation, name, content):
    return client.post(url(organisation) + "?periode=month&p=2026-11", {"file": SimpleUploadedFile(name, content)})


def csv_file(*rows):
    return "\n".join(";".join(row) for row in rows).encode()


def test_the_file_of_a_period_round_trips(setup):
    world, count, feeling, yes_no, per_action, _tuesday = setup
    client = client_for(world.member_a)
    response = client.get(url(world.org_a), {**PERIOD, "modele": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == (
        "identifiant",
        "indicateur",
        "action",
        "periode",
        "valeur",
        "observation",
        "commentaire",
        "source",
    )
    titles = [row[1] for row in rows[1:]]
    assert titles == [
        "Personnes accompagnées",
        "Ce qui a changé",
        "Partenariat signé",
        "Venues seules",
    ]  # not "Séances"
    assert rows[4][2] == "Atelier du mardi"
    assert all(row[3] == "2026-11" for row in rows[1:])
    # Fill it in as a spreadsheet user would.
    sheet["E2"], sheet["I2"], sheet["J2"] = "14,0", 9, 5
    sheet["F3"] = "Plus de confiance pour les démarches."
    sheet["E4"] = "oui"
    sheet["E5"] = 3
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    response = send(client, world.org_a, "valeurs.xlsx", buffer.getvalue())
    assert response.status_code == 302
    values = {value.indicator_uid: value for value in IndicatorValue.objects.all()}
    assert values[count.uid].value == Decimal(14)
    assert values[count.uid].breakdown == {"gender_female": 9, "gender_male": 5}
    assert values[feeling.uid].text == "Plus de confiance pour les démarches."
    assert values[yes_no.uid].value == Decimal(1)
    assert values[per_action.uid].action.title == "Atelier du mardi"
    # Downloaded again, the file shows what was entered.
    again = client.get(url(world.org_a), {**PERIOD, "modele": "csv"}).content.decode("utf-8-sig")
    assert "Plus de confiance pour les démarches." in again
    assert ",14,,," in again


def test_one_bad_row_refuses_the_file_and_names_rows_and_columns(setup):
    world, count, *_ = setup
    content = csv_file(
        ["identifiant", "indicateur", "action", "periode", "valeur", "observation", "femmes"],
        [str(count.uid), "", "", "2026-11", "12", "", ""],
        ["", "Ce qui a changé", "", "2026-11", "4", "", ""],
        ["", "Venues seules", "", "2026-11", "2", "", ""],
        ["", "Personnes accompagnées", "", "novembre", "3", "", ""],
        ["", "Inconnu", "", "2026-11", "3", "", ""],
        ["", "Séances", "", "2026-11", "3", "", ""],
        ["", "Personnes accompagnées", "", "2026-10", "3", "", "7"],
        [str(count.uid), "", "", "2026-11", "13", "", ""],
    )
    response = send(client_for(world.member_a), world.org_a, "valeurs.csv", content)
    assert response.status_code == 422
    page = response.content.decode()
    assert "7 problèmes : rien n" in page
    for expected in [
        "Ligne 3, colonne « valeur » : Cet indicateur attend une observation, pas un nombre.",
        "Ligne 4, colonne « action » : Indiquez l\u2019une des actions de cet indicateur : Atelier du mardi.",
        "Ligne 5, colonne « periode » : Écrivez la période sous la forme 2026-11 pour cet indicateur.",
        "Ligne 6, colonne « indicateur » : Indicateur inconnu dans le référentiel validé.",
        "Ligne 7, colonne « valeur » : Cet indicateur se remplit à partir des séances.",
        "Ligne 8, colonne « femmes » : Les effectifs par genre font 7, plus que le total de 3.",
        "Ligne 9, colonne « periode » : Cette valeur est déjà donnée ligne 2.",
    ]:
        assert expected in page
    assert not IndicatorValue.objects.exists()


def test_an_unreadable_or_empty_file_is_explained(setup):
    world, *_ = setup
    client = client_for(world.member_a)
    page = send(client, world.org_a, "valeurs.xlsx", b"not a spreadsheet").content.decode()
    assert "Ce fichier est illisible : envoyez un fichier CSV, XLSX ou ODS." in page
    page = send(client, world.org_a, "valeurs.csv", csv_file(["indicateur", "periode", "valeur"])).content.decode()
    assert "Le fichier ne contient aucune valeur à importer." in page


def test_only_the_team_imports(setup):
    world, *_ = setup
    response = send(client_for(world.admin_b), world.org_a, "valeurs.csv", csv_file(["periode"], ["2026-11"]))
    assert response.status_code == 404
