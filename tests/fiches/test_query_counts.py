"""Lists of fiches cost a fixed number of queries, however many fiches and versions there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import NetworkMembershipFactory, OrganisationFactory
from utilite.fiches import services

pytestmark = pytest.mark.django_db


def _add_fiches(world, count):
    for index in range(count):
        organisation = OrganisationFactory(network=world.network)
        fiche = services.create_fiche(
            organisation=organisation,
            user=world.coordinator,
            title=f"Bilan {index}",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        )
        services.publish(fiche, world.coordinator)
        services.start_new_version(fiche)
        services.publish(fiche, world.coordinator)
        services.set_shared(fiche, True)
        services.create_fiche(  # a draft of the same structure, never listed
            organisation=organisation,
            user=world.coordinator,
            title=f"Brouillon {index}",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_fiches_of_the_network_and_of_a_structure_at_3_and_30_fiches(world, sql_snapshot):
    partner = client_for(NetworkMembershipFactory(network=world.network, role="partner").user)
    team = client_for(world.member_a)
    structure_list = reverse("fiches:list", kwargs={"slug": world.org_a.slug})

    def fiches_of_a(count):
        for _ in range(count):
            fiche = services.create_fiche(
                organisation=world.org_a,
                user=world.member_a,
                title="Fiche de A",
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 12, 31),
            )
            services.publish(fiche, world.member_a)

    fiches_of_a(3)
    _add_fiches(world, 3)
    small, page = _queries(partner, reverse("fiches:shared_with_me"))
    small_team, _page = _queries(team, structure_list)
    assert "3 fiches" in page
    _add_fiches(world, 27)
    fiches_of_a(27)
    large, page = _queries(partner, reverse("fiches:shared_with_me"))
    assert "30 fiches" in page
    assert "Brouillon" not in page
    assert "version 2 publiée" in page
    assert large == small <= 20
    assert _queries(team, structure_list)[0] == small_team <= 20
    sql_snapshot(partner, reverse("fiches:shared_with_me"), "fiches-shared-with-me")
    sql_snapshot(team, structure_list, "fiches-of-a-structure")
