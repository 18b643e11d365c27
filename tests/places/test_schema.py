"""Places are stored in the national schema v1.0.2 and come out in it: every field, its
enumerations, and an export that `frictionless` validates against the official schema."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest

from utilite.places import exchange, schema
from utilite.places.models import Place

pytestmark = pytest.mark.django_db
OFFICIAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def test_the_vendored_schema_is_the_official_one():
    official = OFFICIAL / "lieux-mediation-numerique.schema.json"
    if official.exists():  # the shared folder sits beside the repository on the team's machines
        assert official.read_bytes() == schema.SCHEMA_PATH.read_bytes()
    assert schema.schema()["version"] == "v1.0.2"


def test_every_field_of_the_schema_is_kept_with_its_name():
    model_fields = {field.name for field in Place._meta.get_fields()}
    for name in schema.field_names():
        assert exchange.ATTRIBUTE.get(name, name) in model_fields, name
    assert schema.required() == {"id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"}


def test_enumerations_are_read_from_the_schema_with_their_accents_and_parentheses():
    assert schema.choices("frais_a_charge") == ("Gratuit", "Gratuit sous condition", "Payant")
    assert "Langues étrangères (anglais)" in schema.choices("prise_en_charge_specifique")
    assert "Formé à « DUPLEX » (illettrisme)" in schema.choices("formations_labels")
    assert len(schema.choices("services")) == 9
    assert schema.choices("horaires") == ()
    assert {"services", "courriels", "typologie", "modalites_accompagnement"} <= schema.multi_valued()
    assert "horaires" not in schema.multi_valued()


def test_the_export_passes_frictionless_with_the_official_schema(world, tmp_path):
    from frictionless import Resource, Schema, validate

    common = {
        "network": world.network,
        "commune": "Brest",
        "code_postal": "29200",
        "code_insee": "29019",
        "date_maj": datetime.date(2026, 11, 30),
    }
    Place.objects.create(
        id_lieu="brest-bellevue-1",
        pivot="26290001900015",
        nom="Médiathèque de Bellevue",
        adresse="1 place Napoléon III",
        latitude=Decimal("48.400000"),
        longitude=Decimal("-4.500000"),
        typologie=["BIB"],
        telephone="+33298000000",
        courriels=["mediatheque@exemple.fr", "accueil@exemple.fr"],
        horaires="Tu-Sa 10:00-12:00,14:00-18:00",
        services=["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"],
        frais_a_charge=["Gratuit"],
        modalites_accompagnement=["En autonomie", "Accompagnement individuel"],
        prise_en_charge_specifique=["Langues étrangères (anglais)"],
        **common,
    )
    Place.objects.create(
        id_lieu="brest-keredern-2", pivot="W291000123", nom="Maison de quartier", adresse="2 rue Kerbriant", **common
    )
    content = exchange.to_csv(Place.objects.order_by("id_lieu"))
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert list(rows[0]) == schema.field_names()
    assert rows[0]["id"] == "brest-bellevue-1"
    assert rows[0]["courriels"] == "mediatheque@exemple.fr|accueil@exemple.fr"
    assert rows[0]["latitude"] == "48.4"
    path = tmp_path / "lieux.csv"
    path.write_bytes(content)
    official = Schema.from_descriptor(schema.schema())
    report = validate(Resource(path="lieux.csv", basepath=str(tmp_path), schema=official))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_refuses_a_value_outside_the_schema(world, tmp_path):
    from frictionless import Resource, Schema, validate

    Place.objects.create(
        network=world.network,
        id_lieu="x",
        pivot="26290001900015",
        nom="Lieu",
        commune="Brest",
        code_postal="29200",
        adresse="1 rue",
        date_maj=datetime.date(2026, 1, 1),
        frais_a_charge=["Gratos"],
    )
    (tmp_path / "lieux.csv").write_bytes(exchange.to_csv(Place.objects.all()))
    report = validate(
        Resource(path="lieux.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema.schema()))
    )
    assert not report.valid
    assert [error[0] for error in report.flatten(["fieldName"])] == ["frais_a_charge"]


# The valid example published with the schema (Licence Ouverte), kept in the corpus.
EXAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "places" / "exemple-officiel-v1.0.2.csv"
HEADER = "id,pivot,nom,commune,code_postal,adresse,date_maj,services,frais_a_charge,telephone,latitude"


def test_the_official_example_imports_then_reimports_unchanged(world):
    from utilite.places import imports

    rows, problems = imports.read(EXAMPLE.name, EXAMPLE.read_bytes())
    assert problems == []
    assert imports.save(world.network, rows, user=world.coordinator).created == 1
    place = Place.objects.get()
    assert (place.id_lieu, place.nom, place.commune) == ("structure-1", "Anonymal", "Reims")
    assert place.typologie == ["TIERS_LIEUX", "ASSO"]
    again, _problems = imports.read("lieux.csv", exchange.to_csv(Place.objects.all()))
    assert imports.save(world.network, again, user=world.coordinator).unchanged == 1


def test_french_habits_are_read_and_broken_rows_are_named_by_row_and_column(world):
    from utilite.places import imports

    good = "a-1,26290001900015,Médiathèque,Brest,29200,1 rue,30/11/2026,Aide aux démarches administratives ; "
    good += 'Maîtrise des outils numériques du quotidien,Gratuit,02 98 00 00 00,"48,39"'
    broken = "a-2,123,Lieu,Brest,2920,1 rue,hier,Cuisine,Gratos,,95"
    rows, problems = imports.read("lieux.csv", f"{HEADER}\n{good}\n{broken}\n".encode())
    assert [(problem.row, problem.column) for problem in problems] == [
        (3, "pivot"),
        (3, "code_postal"),
        (3, "latitude"),
        (3, "date_maj"),
        (3, "services"),
        (3, "frais_a_charge"),
    ]
    assert "Cuisine" in problems[4].message
    values = rows[0].values
    assert values["services"] == ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"]
    assert values["telephone"] == "+33298000000"
    assert values["date_maj"] == datetime.date(2026, 11, 30)
    assert values["latitude"] == Decimal("48.39")
    assert not Place.objects.exists()  # nothing is saved from a refused file


def test_a_file_without_the_required_columns_is_refused_at_once():
    from utilite.places import imports

    _rows, problems = imports.read("lieux.csv", b"nom,commune\nLieu,Brest\n")
    assert len(problems) == 1
    assert "« adresse »" in problems[0].message
