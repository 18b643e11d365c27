"""One model of background work: its life cycle, its failures shown to the user, its timings."""

import datetime
import html

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from utilite.activities.models import ImportJob
from utilite.core import jobs
from utilite.core.models import Job, JobStatus
from utilite.core.pdf import RenderingFailed

pytestmark = pytest.mark.django_db


def test_a_job_goes_from_pending_to_done_with_its_timings():
    job = Job.objects.create(kind="test.work")
    assert (job.status, job.progress, job.seconds) == ("pending", 0, None)
    with jobs.running(job):
        jobs.advance(job, 40)
        assert Job.objects.get(pk=job.pk).progress == 40
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.started_at <= job.finished_at
    assert job.seconds is not None
    assert job.seconds >= 0
    assert job.is_finished
    assert not job.failed


def test_a_refusal_keeps_its_message_and_a_crash_a_general_one(caplog):
    refused = Job.objects.create(kind="test.work")
    with jobs.running(refused):
        raise jobs.JobFailed("Le fichier est vide.")
    refused.refresh_from_db()
    assert (refused.status, refused.error) == ("failed", "Le fichier est vide.")
    crashed = Job.objects.create(kind="test.work")
    with jobs.running(crashed):
        raise ZeroDivisionError
    crashed.refresh_from_db()
    assert crashed.status == "failed"
    assert "équipe" in crashed.error  # plain French, no traceback
    assert "ZeroDivisionError" in caplog.text  # the traceback is in the logs


def test_only_the_life_cycle_moves_are_allowed():
    job = Job.objects.create(kind="test.work")
    with pytest.raises(jobs.WrongTransition):
        jobs.succeed(job)  # never started
    jobs.start(job)
    jobs.succeed(job)
    jobs.start(job)  # made again
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_every_kind_of_work_is_a_job(world):
    """Imports and renderings are jobs, listed together with their own words for their status."""
    world.import_b.refresh_from_db()
    assert Job.objects.filter(kind="activities.import").count() == 1
    assert world.import_b.get_status_display() == "En attente"
    jobs.start(world.import_b)
    jobs.fail(world.import_b, "Refusé")
    assert ImportJob.objects.get(pk=world.import_b.pk).get_status_display() == "Refusé"
    assert list(Job.objects.failed()) == [Job.objects.get(pk=world.import_b.pk)]
    assert not Job.objects.unfinished().filter(pk=world.import_b.pk).exists()


def test_a_failed_panorama_says_why_on_its_page(world, monkeypatch, django_capture_on_commit_callbacks):
    from utilite.workshops import services, tasks

    def broken(_html):
        raise RenderingFailed("time")

    monkeypatch.setattr(tasks, "html_to_pdf_isolated", broken)
    workshop = services.create_workshop(
        organisation=world.org_b, user=world.admin_b, title="Atelier", questions="Quoi ?", groups=["public"]
    )
    url = reverse("workshops:panorama", kwargs={"slug": world.org_b.slug, "pk": workshop.pk})
    client = client_for(world.admin_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    workshop.refresh_from_db()
    assert workshop.panorama_status == "failed"
    page = html.unescape(client.get(url).content.decode())
    assert "Le PDF n'a pas pu être fait. Réessayez." in page


def test_a_failed_pdf_of_the_common_referentiel_is_shown_and_can_be_asked_again(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.test_permissions_matrix import _common_draft
    from utilite.commons import services, tasks

    monkeypatch.setattr(tasks, "html_to_pdf_isolated", lambda _html: (_ for _ in ()).throw(RenderingFailed("memory")))
    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish(_common_draft(world), world.coordinator, pdf_url="https://exemple.test/v1/")
    published.refresh_from_db()
    assert published.pdf_job.failed
    assert not published.pdf
    client = client_for(world.coordinator)
    overview = reverse("commons:overview", kwargs={"slug": world.network.slug})
    page = html.unescape(client.get(overview).content.decode())
    assert published.pdf_job.error in page
    monkeypatch.setattr(tasks, "html_to_pdf_isolated", lambda _html: (b"%PDF-1.7 fake", 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("commons:make_pdf", kwargs={"slug": world.network.slug, "version": 1}))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.pdf_job.status == "done"
    assert published.pdf


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_imports_and_renderings_people_had(world):
    """Rows made before the jobs model are copied with their status, dates, files and counts."""
    executor = MigrationExecutor(connection)
    before = [("activities", "0004_coop_vocabulary"), ("fiches", "0002_funding_template_author")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    when = timezone.now() - datetime.timedelta(days=3)
    organisation = apps.get_model("organisations", "Organisation").objects.get(pk=world.org_b.pk)
    legacy = apps.get_model("activities", "ImportJob").objects.create(
        organisation=organisation,
        file="imports/2026/seances.csv",
        original_name="seances.csv",
        status="failed",
        total_rows=3,
        processed_rows=3,
        errors=[{"row": 2, "column": "date", "message": "Date illisible"}],
        error_count=1,
        finished_at=when,
    )
    apps.get_model("activities", "ImportJob").objects.filter(pk=legacy.pk).update(created_at=when)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    copied = ImportJob.objects.get(original_name="seances.csv")
    assert (copied.status, copied.kind, copied.error_count, copied.file.name) == (
        "failed",
        "activities.import",
        1,
        "imports/2026/seances.csv",
    )
    assert copied.created_at == when
    assert copied.finished_at == when
    assert copied.errors[0]["message"] == "Date illisible"
