import io
import json
import shutil
import subprocess

import jsonschema
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory, CriterionFactory, IndicatorFactory, RegistreFactory
from utilite.referentiels import exchange
from utilite.referentiels.models import Indicator, Referentiel

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"referentiels:{name}", kwargs={"slug": organisation.slug, **kwargs})


@pytest.fixture
def rich(world):
    """Structure B's draft with every column filled, an empty criterion and an empty registre."""
    action = ActionFactory(organisation=world.org_b, title="Atelier du mardi")
    indicator = world.indicator_b
    for name in exchange.INDICATOR_TEXT_FIELDS:
        setattr(indicator, name, f"{name} : valeur « accentuée », ligne\\nsuite")
    indicator.level, indicator.kind, indicator.description = "impact", "percentage", "Décrit"
    indicator.save()
    indicator.stakeholder_links.create(code="territory")
    indicator.stakeholder_links.create(code="beneficiaries")
    indicator.actions.add(action)
    IndicatorFactory(criterion=world.criterion_b, title="Deuxième indicateur", kind="qualitative")
    CriterionFactory(registre=world.registre_b, title="Critère sans indicateur", position=99)
    RegistreFactory(referentiel=world.registre_b.referentiel, title="Registre vide", position=99)
    return world


def _xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content))[exchange.SHEET]
    return [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


def _download(client, organisation, version, file_format):
    response = client.get(url("export", organisation, version=version, file_format=file_format))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_json_export_follows_the_documented_schema(rich):
    content = _download(client_for(rich.admin_b), rich.org_b, 2, "json")
    document = json.loads(content)
    jsonschema.validate(document, exchange.schema())
    indicator = document["registres"][0]["criteria"][0]["indicators"][0]
    assert indicator["stakeholders"] == ["territory", "beneficiaries"]
    assert indicator["actions"] == ["Atelier du mardi"]


def test_xlsx_round_trip_is_lossless(rich):
    client = client_for(rich.admin_b)
    client.post(url("validate", rich.org_b, version=2))
    first = _download(client, rich.org_b, 2, "xlsx")
    response = client.post(url("import", rich.org_b), {"file": SimpleUploadedFile("r.xlsx", first)})
    imported = Referentiel.objects.get(organisation=rich.org_b, version=3)
    assert response["Location"] == imported.get_absolute_url()
    assert imported.is_draft
    second = _download(client, rich.org_b, 3, "xlsx")
    assert _xlsx_rows(first) == _xlsx_rows(second)
    rows = _xlsx_rows(first)
    assert rows[0] == exchange.HEADERS
    assert any(row[0] == "Registre vide" and row[2] == "" for row in rows)
    assert any(row[2] == "Critère sans indicateur" and row[4] == "" for row in rows)


def test_json_round_trip_is_lossless(rich):
    client = client_for(rich.admin_b)
    client.post(url("validate", rich.org_b, version=2))
    first = json.loads(_download(client, rich.org_b, 2, "json"))
    client.post(url("import", rich.org_b), {"file": SimpleUploadedFile("r.json", json.dumps(first).encode())})
    second = json.loads(_download(client, rich.org_b, 3, "json"))
    assert first["registres"] == second["registres"]


def test_csv_and_ods_exports(rich):
    client = client_for(rich.admin_b)
    csv = _download(client, rich.org_b, 2, "csv").decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Registre,Description du registre,Critère")
    assert "Nombre de participants" in csv
    ods = _download(client, rich.org_b, 2, "ods")
    assert ods[:2] == b"PK"


def test_xlsx_and_ods_open_in_libreoffice(rich, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run `make system-deps` (Debian package libreoffice-calc-nogui)"
    client = client_for(rich.admin_b)
    for file_format in ("xlsx", "ods"):
        source = tmp_path / f"referentiel.{file_format}"
        source.write_bytes(_download(client, rich.org_b, 2, file_format))
        result = subprocess.run(  # noqa: S603 — our own file, a fixed command
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "csv",
                "--outdir",
                str(tmp_path / file_format),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        converted = tmp_path / file_format / "referentiel.csv"
        assert result.returncode == 0, result.stderr
        assert "Nombre de participants" in converted.read_text(encoding="utf-8", errors="replace")


def _bad_workbook(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = exchange.SHEET
    sheet.append(exchange.HEADERS)
    for row in rows:
        sheet.append(row + [""] * (len(exchange.HEADERS) - len(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_bad_xlsx_changes_nothing_and_lists_every_problem(world):
    content = _bad_workbook(
        [
            ["", "", "", "", "Sans registre"],
            ["Lien social", "", "Isolement", "", "Participants", "", "Énorme", "Nombre"],
            ["Autre registre", "", "", "", "Orphelin", "", "Impact", "Nombre"],
            ["Lien social", "", "Isolement", "", "Visites", "", "Impact", "Fantaisie", "", "", "Voisins"],
        ]
    )
    client = client_for(world.admin_b)
    world.org_b.referentiels.filter(version=2).update(status="validated")
    response = client.post(url("import", world.org_b), {"file": SimpleUploadedFile("r.xlsx", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Le fichier comporte 5 problèmes ; rien n&#x27;a été importé." in page
        or "Le fichier comporte 5 problèmes ; rien n'a été importé." in page
    )
    assert "feuille « Référentiel », ligne 2, colonne « Registre »" in page
    assert "ligne 3, colonne « Niveau »" in page
    assert "ligne 4, colonne « Critère »" in page  # a new registre carries no criterion down
    assert "ligne 5, colonne « Type »" in page
    assert "ligne 5, colonne « Parties prenantes »" in page
    assert world.org_b.referentiels.count() == 2


def test_unknown_actions_and_missing_columns_are_reported(world):
    world.org_b.referentiels.filter(version=2).update(status="validated")
    client = client_for(world.admin_b)
    content = _bad_workbook(
        [["R", "", "C", "", "I", "", "Impact", "Nombre", "", "", "", "", "", "", "", "", "", "Inconnue"]]
    )
    page = client.post(url("import", world.org_b), {"file": SimpleUploadedFile("r.xlsx", content)}).content.decode()
    assert "ligne 2, colonne « Actions » : Action inconnue « Inconnue »." in page
    workbook = openpyxl.Workbook()
    workbook.active.title = exchange.SHEET
    workbook.active.append(["Registre"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = client.post(
        url("import", world.org_b), {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue())}
    ).content.decode()
    assert "colonne « Critère » : Cette colonne est absente." in page
    assert world.org_b.referentiels.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.json", b"{pas du json", "Ce fichier n&#x27;est pas un JSON valide."),
        ("r.json", b'{"format": "autre", "format_version": 1, "registres": []}', "utilite-referentiel"),
        ("r.xlsx", b"pas un tableur", "Ce fichier est illisible : envoyez un fichier CSV, XLSX ou ODS."),
        ("r.pdf", b"%PDF", "Envoyez un fichier .json, .xlsx, .ods ou .csv."),
    ],
)
def test_unreadable_files_are_refused_plainly(world, name, content, message):
    world.org_b.referentiels.filter(version=2).update(status="validated")
    response = client_for(world.admin_b).post(url("import", world.org_b), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert world.org_b.referentiels.count() == 2


def test_import_is_refused_while_a_draft_exists(world):
    content = exchange.export(world.org_b.referentiels.get(version=1), "json")
    response = client_for(world.admin_b).post(
        url("import", world.org_b), {"file": SimpleUploadedFile("r.json", content)}
    )
    assert "Une version en brouillon existe déjà" in response.content.decode()
    assert Indicator.objects.filter(criterion__registre__referentiel__organisation=world.org_b).count() == 2


def test_formulas_are_neutralised_in_spreadsheets_and_restored_on_import(world):
    world.indicator_b.title = '=HYPERLINK("http://exemple.test")'
    world.indicator_b.save()
    client = client_for(world.admin_b)
    content = _download(client, world.org_b, 2, "xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(content))[exchange.SHEET]["E2"]
    assert cell.data_type == "s"  # a text cell, as written: never run as a formula
    assert cell.value == world.indicator_b.title
    assert _download(client, world.org_b, 2, "csv").decode("utf-8-sig").count("'=HYPERLINK") == 1
    client.post(url("validate", world.org_b, version=2))
    client.post(url("import", world.org_b), {"file": SimpleUploadedFile("r.xlsx", content)})
    assert (
        Indicator.objects.get(
            criterion__registre__referentiel__version=3, criterion__registre__referentiel__organisation=world.org_b
        ).title
        == world.indicator_b.title
    )
