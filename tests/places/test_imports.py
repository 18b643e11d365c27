"""Imports in the national format, against files shaped like those really published: the demo
directory round trip (frictionless-valid, unchanged on re-import), a file of 50 rows with 7
broken ones, a v1.0.0 file with `;` and older spellings, hours that are not OSM, a big file as a
task with its progress."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from utilite.places import demo, exchange, imports, schema
from utilite.places.models import Place, PlaceImport

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "places"


def _validate(tmp_path, content: bytes):
    from frictionless import Resource, Schema, validate

    (tmp_path / "lieux.csv").write_bytes(content)
    return validate(Resource(path="lieux.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema.schema())))


def test_the_demo_directory_exports_valid_and_reimports_unchanged(world, tmp_path):
    assert demo.load_demo_places(world.network) == 100
    assert Place.objects.filter(network=world.network).count() == 100
    content = exchange.to_csv(Place.objects.filter(network=world.network).order_by("nom", "pk"))
    report = _validate(tmp_path, content)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows, problems = imports.read("lieux.csv", content)
    assert problems == []
    outcome = imports.save(world.network, rows, user=world.coordinator)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 100)


def _fifty_rows_with_seven_broken() -> bytes:
    rows = list(csv.DictReader(io.StringIO(demo.directory_file(50).decode())))
    broken = {
        4: ("code_postal", "2920"),
        9: ("services", "Cuisine"),
        15: ("date_maj", "hier"),
        22: ("latitude", "95"),
        30: ("pivot", "12"),
        41: ("nom", ""),
        47: ("frais_a_charge", "Gratos"),
    }
    for index, (column, value) in broken.items():
        rows[index][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schema.field_names(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_fifty_rows_of_which_seven_are_broken_import_nothing_and_name_the_seven(world):
    rows, problems = imports.read("lieux.csv", _fifty_rows_with_seven_broken())
    assert len(rows) == 50
    assert sorted((problem.row, problem.column) for problem in problems) == [
        (6, "code_postal"),
        (11, "services"),
        (17, "date_maj"),
        (24, "latitude"),
        (32, "pivot"),
        (43, "nom"),
        (49, "frais_a_charge"),
    ]


def test_the_import_page_runs_a_task_that_refuses_a_broken_file_whole(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    url = reverse("places:import", args=[world.network.slug])
    upload = SimpleUploadedFile("lieux.csv", _fifty_rows_with_seven_broken(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    job = PlaceImport.objects.get()
    assert response.url == reverse("places:import_status", args=[world.network.slug, job.pk])
    assert job.status == "failed"
    assert job.error_count == 7
    assert not Place.objects.exists()
    page = client.get(response.url).text
    assert "7 problèmes : rien n&#x27;a été importé." in page or "7 problèmes : rien n'a été importé." in page
    assert "Ligne 6, colonne « code_postal »" in page


def test_a_good_file_is_imported_by_the_task_with_its_counts(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("lieux.csv", demo.directory_file(300), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("places:import", args=[world.network.slug]), {"file": upload})
    job = PlaceImport.objects.get()
    assert (job.status, job.created_count, job.progress) == ("done", 300, 100)
    assert (
        "300 créés, 0 mis à jour, 0 inchangés."
        in client.get(reverse("places:import_status", args=[world.network.slug, job.pk])).text
    )


def test_a_member_of_a_structure_cannot_import(client, world):
    client.force_login(world.admin_b)
    assert client.get(reverse("places:import", args=[world.network.slug])).status_code == 404


V100 = (
    "id,pivot,nom,commune,code_postal,adresse,date_maj,services,modalites_accompagnement,horaires,telephone\n"
    "old-1,43493312300029,Espace numérique,Brest,29200,3 rue de Siam,2023-04-02,"
    "Comprehension du monde numérique;aide aux démarches administratives,en autonomie,"
    "Mo-Fr 09:00-12:00,02.98.00.00.00\n"
    "old-2,W291000123,Cyber-espace,Brest,29200,4 rue de Lyon,02/04/2023,Accès internet et matériel informatique,,"
    "du lundi au vendredi 9h-12h,\n"
)


def test_a_v1_0_0_file_with_semicolons_older_spellings_and_hours_not_in_osm(world):
    warnings: list = []
    rows, problems = imports.read("lieux-v1.0.0.csv", V100.encode(), warnings)
    assert problems == []
    assert [(warning.row, warning.column) for warning in warnings] == [(3, "horaires")]
    imports.save(world.network, rows, user=world.coordinator)
    first, second = Place.objects.order_by("id_lieu")
    assert first.services == ["Compréhension du monde numérique", "Aide aux démarches administratives"]
    assert first.modalites_accompagnement == ["En autonomie"]
    assert first.telephone == "+33298000000"
    assert second.horaires == ""
    assert second.nom == "Cyber-espace"


def test_an_import_is_kept_in_each_place_history(world):
    rows, _problems = imports.read("lieux.csv", demo.directory_file(3))
    imports.save(world.network, rows, user=world.coordinator)
    place = Place.objects.order_by("id_lieu")[0]
    assert place.changes.get().origin == "import"
    place.nom = "Nom changé"
    content = exchange.to_csv([place])
    rows, _problems = imports.read("lieux.csv", content)
    assert imports.save(world.network, rows, user=world.coordinator).updated == 1
    assert place.changes.order_by("-pk").first().fields["nom"][1] == "Nom changé"
    assert Place.objects.matching(["change"]).get() == place
