"""What lets the application run on several processes and machines: workers sharing one queue,
readiness of a node, reads on a replica, deployment checks."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from utilite.core import health
from utilite.core.replica import ReplicaRouter, reads_replica, replica_reads

from .worker_tasks import record

ROOT = Path(__file__).resolve().parents[2]
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE)
def test_two_workers_on_one_queue_run_each_of_1000_tasks_once(tmp_path):
    ledger = tmp_path / "ran.txt"
    for number in range(1000):
        record.enqueue(str(ledger), number)
    assert DBTaskResult.objects.ready().count() == 1000
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url(),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.05"]
    workers = [
        subprocess.Popen(  # noqa: S603  # nosec B603
            [*command, "--worker-id", name], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for name in ("worker-a", "worker-b")
    ]
    outputs = [worker.communicate(timeout=240)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    ran = Counter(int(line) for line in ledger.read_text().split())
    assert sorted(ran) == list(range(1000))  # none lost
    assert set(ran.values()) == {1}  # none run twice
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert {status for status, _ids in results} == {"SUCCESSFUL"}
    assert all(len(ids) == 1 for _status, ids in results)
    by_worker = Counter(ids[0] for _status, ids in results)
    assert set(by_worker) == {"worker-a", "worker-b"}, by_worker  # both took their share


@pytest.mark.django_db
def test_a_ready_node_says_so_for_each_part(client):
    response = client.get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "queue": "ok"}}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_a_node_whose_cache_fails_is_not_ready(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get(reverse("core:ready"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "queue": "ok"}
    assert "health check cache failed: ConnectionError" in caplog.text


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE, QUEUE_LATE_SECONDS=0)
def test_a_queue_whose_workers_are_behind_is_late_but_the_node_stays_ready(client, tmp_path):
    record.enqueue(str(tmp_path / "x"), 1)
    response = client.get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json()["checks"]["queue"] == "late"


def test_reads_go_to_the_replica_only_inside_marked_views(monkeypatch):
    router = ReplicaRouter()
    with replica_reads():  # no replica configured: the primary
        assert router.db_for_read(object) is None
    monkeypatch.setitem(connections.settings, "replica", dict(connections.settings["default"]))
    assert router.db_for_read(object) is None
    with replica_reads():
        assert router.db_for_read(object) == "replica"
        assert router.db_for_write(object) == "default"
    assert router.allow_migrate("replica", "places") is False
    assert router.allow_migrate("default", "places") is True


def test_a_marked_view_reads_the_replica_for_get_only(rf):
    seen = []

    @reads_replica
    def view(request):
        from utilite.core.replica import on_replica

        seen.append(on_replica.get())
        return None

    view(rf.get("/"))
    view(rf.post("/"))
    assert seen == [True, False]


def test_deploy_checks_ask_for_a_shared_cache_and_shared_media(settings):
    from utilite.core import checks

    settings.SHARED_CACHE = False
    assert [message.id for message in checks.shared_cache(None)] == ["utilite.W001"]
    settings.SHARED_CACHE = True
    assert checks.shared_cache(None) == []
    settings.MEDIA_ON_SHARED_DISK = False
    assert [message.id for message in checks.shared_media(None)] == ["utilite.W002"]
    settings.MEDIA_ON_SHARED_DISK = True
    assert checks.shared_media(None) == []


@pytest.mark.django_db
def test_the_public_directory_reads_on_the_replica_when_there_is_one(client, world, monkeypatch):
    from tests.factories import PlaceFactory
    from utilite.core.replica import on_replica

    PlaceFactory(network=world.network)
    seen = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        seen.append((model.__name__, on_replica.get()))
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    assert client.get(reverse("places_public:directory", args=[world.network.slug])).status_code == 200
    assert ("Place", True) in seen
    seen.clear()
    client.get(reverse("accounts:login"))  # not marked: the primary
    assert all(not marked for _model, marked in seen)
