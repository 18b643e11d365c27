"""The synthesis and its open data cost the same number of queries for 8 and 3,000 structures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.territory import grow
from tests.conftest import client_for
from utilite.commons import snapshots
from utilite.core.privacy import rounded

pytestmark = pytest.mark.django_db


def test_synthesis_pages_at_8_and_3000_structures(
    territory, sql_snapshot, django_capture_on_commit_callbacks, settings
):
    settings.SYNTHESIS_MIN_INTERVAL = 0
    world = territory.world
    client = client_for(world.coordinator)
    pages = [
        reverse("commons:synthesis", kwargs={"slug": world.network.slug}) + "?start=2026-01-01&end=2026-12-31",
        reverse("commons:data_package", kwargs={"slug": world.network.slug}) + "?start=2026-01-01&end=2026-12-31",
        reverse("commons:evaluation", kwargs={"slug": world.network.slug}),
        reverse("commons:compare", kwargs={"slug": world.network.slug}) + "?q=Lien",
    ]

    def counts():
        result = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            result.append(len(queries))
        return result, response

    grow(world.network, 5, territory.lien, territory.people)  # 8 structures with the fixture's three
    for url in pages:  # the first look at a synthesis computes it (at once: a small network)
        client.get(url)
    small, _response = counts()
    synthesis = client.get(pages[0]).content.decode()
    assert "<strong>" + str(rounded(5 * sum(5 + m for m in range(1, 13)))) + "</strong>" in synthesis
    grow(world.network, 2992, territory.lien, territory.people, start=5)
    assert snapshots.mark_all_stale() == 2  # a bulk load is followed by `rebuild_aggregates`
    client.get(pages[0])  # the snapshot knew 8 structures: computed at once, and now knows 2,997
    client.get(pages[1])
    snapshots.mark_all_stale()  # a write: from now on, in the background
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stale = client.get(pages[0]).content.decode()  # older figures, while the task computes
    assert len(callbacks) == 1
    assert "newer figures are being computed" in stale or "en cours de calcul" in stale
    with django_capture_on_commit_callbacks(execute=True):
        client.get(pages[1])  # the data package's own figures (public testimonies), also in the background
    large, _response = counts()
    assert large == small
    assert max(large) <= 23
    synthesis = client.get(pages[0]).content.decode()
    assert "<strong>" + str(rounded(2997 * sum(5 + m for m in range(1, 13)))) + "</strong>" in synthesis
    sql_snapshot(client, pages[0], "territory-synthesis")


def test_draft_public_and_structure_pages_at_two_sizes(territory):
    from tests.factories import CriterionFactory, IndicatorFactory, MembershipFactory
    from utilite.commons import services
    from utilite.commons.models import CommonCriterion
    from utilite.referentiels.models import Criterion

    world = territory.world
    lucioles = territory.shared[0]
    admin = MembershipFactory(organisation=lucioles, role="admin").user
    draft = services.start_new_version(world.network, world.coordinator)
    referentiel = Criterion.objects.filter(registre__referentiel__organisation=lucioles).first().registre.referentiel

    def grow(count):
        dimension = draft.dimensions.first()
        sources = list(Criterion.objects.all()[:3])
        for n in range(count):
            criterion = services.add_item("criterion", parent=dimension, user=world.coordinator, title=f"Critère {n}")
            assert isinstance(criterion, CommonCriterion)
            services.set_sources(criterion, sources)
            services.add_item("indicator", parent=criterion, user=world.coordinator, title=f"Indicateur {n}")
            services.add_comment(world.network, author=world.coordinator, body="Avis", item_uid=criterion.uid)
            own = CriterionFactory(registre__referentiel=referentiel, title=f"Le nôtre {n}")
            IndicatorFactory(criterion=own)

    pages = [
        (client_for(world.coordinator), reverse("commons:draft", kwargs={"slug": world.network.slug})),
        (client_for(admin), reverse("commons:structure", kwargs={"slug": lucioles.slug})),
        (client_for(admin), reverse("commons:panorama", kwargs={"slug": lucioles.slug})),
        (client_for(None), reverse("commons_public:version", kwargs={"slug": world.network.slug, "version": 1})),
    ]

    def counts():
        result = []
        for client, url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    grow(2)
    small = counts()
    grow(30)
    assert counts() == small
    assert max(small) <= 20
