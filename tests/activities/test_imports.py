import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory
from utilite.activities import imports
from utilite.activities.models import ActivityRecord, ImportJob, MonthlyActivity, MonthlyTheme

pytestmark = pytest.mark.django_db
HEADER = "date,duree,type,participants,action,themes,femmes,hommes,70_plus\n"


def _upload(world, name, content, django_capture_on_commit_callbacks):
    client = client_for(world.employee_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("activities:import", kwargs={"slug": world.org_b.slug}),
            {"file": SimpleUploadedFile(name, content)},
        )
    job = ImportJob.objects.filter(organisation=world.org_b).exclude(pk=world.import_b.pk).get()
    assert response["Location"] == reverse("activities:import_status", kwargs={"slug": world.org_b.slug, "pk": job.pk})
    return job, client.get(response["Location"]).content.decode()


def test_import_a_csv_of_sessions(world, django_capture_on_commit_callbacks):
    ActionFactory(organisation=world.org_b, title="Web café")
    content = (
        HEADER + "2026-10-02,90,collectif,8,Web café,email|Santé,5,2,3\n" + "2026-10-09,30,individuel,1,,,1,,\n"
    ).encode()
    job, page = _upload(world, "seances.csv", content, django_capture_on_commit_callbacks)
    assert job.status == "done"
    assert job.imported_rows == 2
    assert "2 séances importées." in page
    october = datetime.date(2026, 10, 1)
    assert MonthlyActivity.objects.filter(organisation=world.org_b, month=october).count() == 2
    assert (
        sum(row.participants for row in MonthlyActivity.objects.filter(organisation=world.org_b, month=october)) == 9
    )
    assert MonthlyTheme.objects.get(organisation=world.org_b, month=october, code="health").participants == 8


def test_one_bad_row_imports_nothing_and_names_row_and_column(world, django_capture_on_commit_callbacks):
    good = "2026-10-02,60,collectif,4,,,,,\n" * 1000
    content = (HEADER + good + "2026-13-40,60,collectif,4,,,,,\n" + "2026-10-02,45,réunion,4,,,5,,\n").encode()
    before = ActivityRecord.objects.count()
    job, page = _upload(world, "seances.csv", content, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert ActivityRecord.objects.count() == before
    assert "3 problèmes : rien n&#x27;a été importé." in page or "3 problèmes : rien n'a été importé." in page
    assert "Ligne 1002, colonne « date »" in page
    assert "Ligne 1003, colonne « type »" in page
    assert "Ligne 1003, colonne « femmes »" in page


def test_missing_columns_and_unknown_actions(world, django_capture_on_commit_callbacks):
    job, page = _upload(world, "s.csv", b"date;participants\n2026-10-02;3\n", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert "colonne « duree » : Cette colonne est absente." in page
    job.delete()
    job, page = _upload(
        world,
        "s.csv",
        (HEADER + "2026-10-02,60,collectif,4,Inconnue,,,,\n").encode(),
        django_capture_on_commit_callbacks,
    )
    assert "Action inconnue « Inconnue »." in page


def test_import_an_xlsx(world, django_capture_on_commit_callbacks):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Duree", "Type", "Participants"])
    sheet.append([datetime.date(2026, 9, 3), 120, "collectif", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job, _page = _upload(world, "seances.xlsx", buffer.getvalue(), django_capture_on_commit_callbacks)
    assert job.status == "done"
    assert ActivityRecord.objects.get(organisation=world.org_b, date=datetime.date(2026, 9, 3)).participants == 12


def test_a_100000_row_file_completes_with_progress(world, django_capture_on_commit_callbacks, monkeypatch):
    reported = []  # the progress a person watching the status page would see, step by step
    real_progress = imports._progress

    def progress(job, **fields):
        reported.append(("checked", fields.get("processed_rows")))
        real_progress(job, **fields)

    class RecordingCache:
        def set(self, key, value, **kwargs):
            reported.append(("written", value))
            cache.set(key, value, **kwargs)

        def delete(self, key):
            cache.delete(key)

    monkeypatch.setattr(imports, "_progress", progress)
    monkeypatch.setattr(imports, "progress_cache", RecordingCache())
    rows = "".join(
        f"2025-{1 + n % 12:02d}-{1 + n % 28:02d},60,collectif,{1 + n % 9},,email,,,\n" for n in range(100_000)
    )
    job, page = _upload(world, "gros.csv", (HEADER + rows).encode(), django_capture_on_commit_callbacks)
    steps = [done for _phase, done in reported if done is not None]
    assert steps == sorted(steps)
    assert len(steps) >= 40  # every 5,000 rows, while checking then while writing
    assert ("written", 150_000) in reported  # half-way through writing: 75 %
    assert job.status == "done"
    assert (job.imported_rows, job.percent) == (100_000, 100)
    assert ActivityRecord.objects.filter(organisation=world.org_b).count() == 100_001
    assert "100000 séances importées." in page or "100 000 séances importées." in page


def test_status_page_polls_with_htmx_while_running(world):
    world.import_b.status = "running"
    world.import_b.total_rows, world.import_b.processed_rows = 200, 50
    world.import_b.save()
    client = client_for(world.admin_b)
    url = reverse("activities:import_status", kwargs={"slug": world.org_b.slug, "pk": world.import_b.pk})
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-progress"')
    assert 'hx-trigger="every 2s"' in fragment
    assert 'value="25"' in fragment
    cache.set(world.import_b.progress_key, 150)  # rows being written, not yet visible in the database
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="75"' in fragment
    assert "étape 150 sur 200" in fragment
