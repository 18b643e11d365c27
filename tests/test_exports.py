"""What we write, read back by other tools: XLSX cells typed (openpyxl), CSV for French Excel and
standard CSV, every export converted by LibreOffice headless, sessions in the Coop's layout."""

import csv
import datetime
import io
import shutil
import subprocess  # nosec B404
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory
from utilite.activities import services as activities
from utilite.activities.models import ActivityRecord
from utilite.core.downloads import table_file

pytestmark = pytest.mark.django_db


def _table():
    return tablib.Dataset(
        [datetime.date(2026, 11, 17), Decimal("7.50"), 12, "- J’ai appris à envoyer un courriel", "=1+1"],
        headers=["date", "valeur", "nombre", "texte", "formule"],
        title="Essai",
    )


def test_xlsx_cells_are_typed_and_texts_kept_as_written():
    sheet = openpyxl.load_workbook(io.BytesIO(table_file(_table(), "xlsx"))).active
    day, value, count, words, formula = (cell for cell in sheet[2])
    assert day.is_date
    assert (day.value.date(), day.number_format) == (datetime.date(2026, 11, 17), "DD/MM/YYYY")
    assert (value.data_type, value.value) == ("n", 7.5)
    assert (count.data_type, count.value) == ("n", 12)
    assert words.value == "- J’ai appris à envoyer un courriel"  # as written, no apostrophe
    assert (formula.data_type, formula.value) == ("s", "=1+1")  # a text, never run
    assert sheet.freeze_panes == "A2"


def test_csv_for_french_excel_and_standard_csv():
    excel = table_file(_table(), "csv-excel").decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(excel), delimiter=";")) == ["date", "valeur", "nombre", "texte", "formule"]
    assert excel.splitlines()[1] == "17/11/2026;7,5;12;'- J’ai appris à envoyer un courriel;'=1+1"
    standard = table_file(_table(), "csv").decode("utf-8-sig")
    assert standard.splitlines()[1] == "2026-11-17,7.5,12,'- J’ai appris à envoyer un courriel,'=1+1"


def _sessions(world):
    action = ActionFactory(organisation=world.org_b, title="Café numérique")
    for day, kind, people in ((3, "collective", 7), (10, "individual", 1)):
        activities.log_activity(
            organisation=world.org_b,
            user=world.employee_b,
            date=datetime.date(2026, 11, day),
            activity_type=kind,
            duration_minutes=75,
            action=action if kind == "collective" else None,
            participants=people,
            themes=["browsing", "housing", "procedures"],
            place_type="activity_place",
            material=["computer"],
            autonomy="partially_autonomous" if kind == "individual" else "",
            orientation="",
            gender_female=min(people, 4),
            gender_male=0,
            age_minor=0,
            age_18_24=0,
            age_25_39=0,
            age_40_59=0,
            age_60_69=0,
            age_70_plus=people,
            status_schooled=0,
            status_unemployed=0,
            status_employed=0,
            status_retired=0,
        )


def test_sessions_export_in_both_layouts_and_reimport_identically(world, django_capture_on_commit_callbacks):
    _sessions(world)
    client = client_for(world.employee_b)
    export = reverse("activities:export", kwargs={"slug": world.org_b.slug})
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(export, {"format": "xlsx", "du": "01/11/2026"}).content)
    ).active
    assert [cell.value for cell in sheet[1]][:6] == ["date", "duree", "type", "participants", "action", "themes"]
    assert sheet["A2"].is_date
    assert (sheet["B2"].value, sheet["D2"].value) == (75, 7)
    assert sheet["F2"].value == "Navigation sur internet\nAide aux démarches administratives\nLogement"
    coop = openpyxl.load_workbook(
        io.BytesIO(client.get(export, {"format": "xlsx", "modele": "coop", "du": "2026-11-01"}).content)
    ).active
    headers = [cell.value for cell in coop[1]]
    assert headers[:5] == ["Date", "Type", "Nombre de participants", "Canaux d’accompagnement", "Durée (min)"]
    row = {header: cell.value for header, cell in zip(headers, coop[2], strict=True)}
    assert row["Type"] == "Atelier collectif"
    assert row["Genre du bénéficiaire"].split("\n") == ["Féminin"] * 4 + ["Non communiqué"] * 3
    assert row["Tranche d’âge du bénéficiaire"].split("\n") == ["70 ans ou plus"] * 7
    individual = {header: cell.value for header, cell in zip(headers, coop[3], strict=True)}
    assert individual["Niveau d’autonomie du bénéficiaire"] == "2/3"
    before = {
        (r.date, r.participants, r.gender_female, r.age_70_plus, tuple(sorted(t.code for t in r.themes.all())))
        for r in ActivityRecord.objects.filter(organisation=world.org_b)
    }
    for params in ({"format": "csv-excel"}, {"format": "ods", "modele": "coop"}, {"format": "csv"}):
        content = client.get(export, params).content
        ActivityRecord.objects.filter(organisation=world.org_b).delete()
        name = "export.ods" if params["format"] == "ods" else "export.csv"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("activities:import", kwargs={"slug": world.org_b.slug}),
                {"file": SimpleUploadedFile(name, content)},
            )
        after = {
            (r.date, r.participants, r.gender_female, r.age_70_plus, tuple(sorted(t.code for t in r.themes.all())))
            for r in ActivityRecord.objects.filter(organisation=world.org_b)
        }
        assert after == before, params


def test_the_export_of_another_structures_sessions_is_refused(world):
    url = reverse("activities:export", kwargs={"slug": world.org_b.slug})
    assert client_for(world.member_a).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_every_export_converts_with_libreoffice_headless(world, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run `make system-deps`"
    _sessions(world)
    client = client_for(world.admin_b)
    sources = []
    slug = world.org_b.slug
    downloads = [
        (reverse("activities:export", kwargs={"slug": slug}), {"format": "xlsx"}, "seances.xlsx"),
        (reverse("activities:export", kwargs={"slug": slug}), {"format": "ods", "modele": "coop"}, "coop.ods"),
        (reverse("activities:export", kwargs={"slug": slug}), {"format": "csv-excel"}, "seances.csv"),
        (reverse("referentiels:export", args=[slug, 2, "xlsx"]), {}, "referentiel.xlsx"),
        (reverse("referentiels:export", args=[slug, 2, "ods"]), {}, "referentiel.ods"),
        (reverse("referentiels:export", args=[slug, 2, "csv"]), {}, "referentiel.csv"),
        (reverse("testimonies:export", args=[slug]), {"format": "xlsx", "pour": "internal"}, "temoignages.xlsx"),
        (reverse("testimonies:export", args=[slug]), {"format": "ods", "pour": "internal"}, "temoignages.ods"),
        (reverse("questionnaires:answers_export", args=[slug, world.campaign_b.pk]), {"format": "xlsx"}, "rep.xlsx"),
        (
            reverse("questionnaires:answers_export", args=[slug, world.campaign_b.pk]),
            {"format": "csv-excel"},
            "rep.csv",
        ),
    ]
    for url, params, name in downloads:
        response = client.get(url, params)
        assert response.status_code == 200, url
        (tmp_path / name).write_bytes(response.content)
        sources.append(tmp_path / name)
    result = subprocess.run(  # noqa: S603  # nosec B603 — our own files, a fixed command
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for source in sources:
        assert (tmp_path / "out" / f"{source.stem}.pdf").stat().st_size > 1000, source.name


def test_a_testimony_starting_with_a_dash_is_exported_as_written(world):
    world.testimony_b.text = "- Avant, je n’osais pas demander."
    world.testimony_b.save()
    url = reverse("testimonies:export", args=[world.org_b.slug])
    scope = world.testimony_b.consent_scope
    sheet = openpyxl.load_workbook(
        io.BytesIO(client_for(world.admin_b).get(url, {"format": "xlsx", "pour": scope}).content)
    ).active
    cells = list(sheet[2])
    assert cells[2].value == "- Avant, je n’osais pas demander."
    assert cells[2].data_type == "s"
    assert cells[0].is_date
