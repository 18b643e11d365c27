"""The demo network tells the capitalisation story: a common référentiel drawn from the seven
structures that shared theirs, two adopters whose values add up, a structure left specific."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import client_for
from utilite.commons.models import CommonCriterion, CommonReferentiel, Mapping
from utilite.networks.models import Network

pytestmark = pytest.mark.django_db


def test_the_demo_network_builds_publishes_adopts_and_sums_up():
    call_command("load_demo", stdout=io.StringIO())
    network = Network.objects.get(slug="brest-demo")
    common = CommonReferentiel.objects.get(network=network)
    assert (common.status, common.version, common.licence) == ("published", 1, "CC-BY-SA-4.0")
    assert [d.title for d in common.dimensions.all()] == [
        "Émancipation personnelle",
        "Vivre ensemble",
        "Inclusion sociale",
        "Transformation sociale",
    ]
    lien = CommonCriterion.objects.get(dimension__referentiel=common, title="Lien social et rupture de l'isolement")
    drawn_from = {criterion.registre.referentiel.organisation.slug for criterion in lien.sources.all()}
    assert len(drawn_from) >= 4  # drawn from several structures' own wording
    adopters = set(Mapping.objects.filter(adopted=True, kind="indicator").values_list("organisation__slug", flat=True))
    assert adopters == {"parlons-en", "vivre-la-rue"}

    coordinator = network.memberships.get(role="coordinator").user
    page = client_for(coordinator).get(reverse("commons:synthesis", kwargs={"slug": network.slug})).content.decode()
    assert "7 structures partagent leur référentiel avec le réseau" in page
    row = page[page.index("Personnes accompagnées régulièrement") :]
    assert "<td>2</td>" in row[:300]  # two structures' values added up
    ar_vag = network.organisations.get(slug="ar-vag-infini")
    panorama = client_for(coordinator).get(reverse("commons:panorama", kwargs={"slug": ar_vag.slug})).content.decode()
    assert "Régularité et engagement dans l" in panorama  # unmapped, shown as specific, not lost
    assert "Propres à la structure" in panorama
