"""Logs and error pages: a request id on every line and on the 500 page, one line per task."""

import logging

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import include, path

from tests.conftest import client_for
from tests.factories import UserFactory
from utilite.core.logs import logged, request_id

pytestmark = pytest.mark.django_db


@login_not_required
def broken(request):
    logging.getLogger("utilite.tests").warning("about to fail")
    raise RuntimeError("boom")


urlpatterns = [path("casse/", broken), path("", include("config.urls"))]
handler500 = "utilite.core.views.server_error"


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    first = client.get("/sante/")["X-Request-ID"]
    assert len(first) == 12
    assert client.get("/sante/")["X-Request-ID"] != first
    assert client.get("/sante/", headers={"X-Request-ID": "proxy-1234abcd"})["X-Request-ID"] == "proxy-1234abcd"
    assert client.get("/sante/", headers={"X-Request-ID": "<script>"})["X-Request-ID"] != "<script>"


@pytest.mark.urls("tests.core.test_logs")
def test_an_error_gives_a_french_page_with_a_reference_found_in_the_logs(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        response = client.get("/casse/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Le problème vient de chez nous" in page
    reference = response["X-Request-ID"]
    assert f"<strong>{reference}</strong>" in page
    assert 'href="/"' in page
    records = [record for record in caplog.records if getattr(record, "request_id", None) == reference]
    assert {record.getMessage() for record in records} >= {"about to fail"}
    assert any(record.exc_info for record in caplog.records if record.name == "django.request")


def test_not_found_page_is_french_with_a_way_back():
    response = client_for(UserFactory()).get("/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert "Retour à l" in page


def test_a_task_logs_its_end_and_its_failure_with_its_own_id(caplog):
    @logged
    def works(pk):
        logging.getLogger("utilite.tests").info("inside")
        return pk

    @logged
    def fails(pk):
        raise ValueError(pk)

    with caplog.at_level(logging.INFO):
        assert works(3) == 3
        with pytest.raises(ValueError, match="4"):
            fails(4)
    done = next(r for r in caplog.records if r.getMessage().startswith("task works done"))
    failed = next(r for r in caplog.records if r.getMessage() == "task fails failed")
    assert done.task_args == "3"
    assert failed.exc_info
    assert request_id.get() == "-"  # back to no request once the task ends
