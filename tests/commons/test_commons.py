"""The common référentiel: drafted from the structures' shared items, published, adopted and
mapped; the territory synthesis adds up what matches and keeps what is specific."""

import datetime
import io
import json
import zipfile

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import MembershipFactory, NetworkMembershipFactory
from utilite.commons import services
from utilite.commons.models import CommonCriterion, CommonIndicator, CommonReferentiel, Mapping
from utilite.referentiels.models import Criterion, Indicator

from .conftest import add_values, shared_structure

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


def net(name, world, **kwargs):
    return reverse(f"commons:{name}", kwargs={"slug": world.network.slug, **kwargs})


def org(name, organisation):
    return reverse(f"commons:{name}", kwargs={"slug": organisation.slug})


def test_the_coordinator_builds_publishes_structures_adopt_and_the_synthesis_adds_up(world):
    """The journey of the issue, through the pages."""
    lucioles = shared_structure(world, "Les Lucioles", "Lien social et isolement")
    passerelle = shared_structure(world, "La Passerelle", "Liens entre habitants")
    phare = shared_structure(world, "Le Phare", "Ouverture vers l'extérieur", indicator="Sorties", unit="sorties")
    coordinator = client_for(world.coordinator)

    # Side by side: the two close criteria are grouped; the third stands apart.
    page = coordinator.get(net("compare", world)).content.decode()
    assert page.index("Lien social et isolement") < page.index("Ouverture vers")
    assert "2 structures" in page

    coordinator.post(net("start", world))
    draft = CommonReferentiel.objects.get(network=world.network)
    vivre = draft.dimensions.get(position=1)
    assert vivre.title == "Vivre ensemble"
    coordinator.post(net("add", world, kind="criterion", parent_pk=vivre.pk), {"title": "Lien social"})
    lien = CommonCriterion.objects.get(title="Lien social")
    sources = Criterion.objects.filter(title__in=["Lien social et isolement", "Liens entre habitants"])
    coordinator.post(
        net("edit", world, kind="criterion", pk=lien.pk),
        {"title": "Lien social", "description": "", "sources": [c.pk for c in sources]},
    )
    assert set(lien.sources.all()) == set(sources)
    indicator_form = {
        "title": "Personnes accompagnées",
        "level": "realisation",
        "indicator_kind": "count",
        "unit": "personnes",
        "aggregation": "sum",
        "counts_people": "on",
    }
    coordinator.post(net("add", world, kind="indicator", parent_pk=lien.pk), indicator_form)
    coordinator.post(
        net("comment", world),
        {"kind": "proposal", "body": "Ajouter un critère sur la mixité", "item": str(lien.uid)},
    )
    assert "Ajouter un critère sur la mixité" in coordinator.get(net("draft", world)).content.decode()
    response = coordinator.post(
        net("publish", world), {"title": "Référentiel commun", "licence": "CC-BY-SA-4.0", "change_note": "Première"}
    )
    draft.refresh_from_db()
    assert (draft.status, response["Location"]) == ("published", draft.get_absolute_url())
    common = CommonIndicator.objects.get(title="Personnes accompagnées")

    # Two structures adopt the common indicator and enter values.
    for organisation, values in ((lucioles, [6, 7]), (passerelle, [10, 12])):
        admin = MembershipFactory(organisation=organisation, role="admin").user
        client_for(admin).post(org("adopt", organisation), {"kind": "indicator", "pk": common.pk})
        copy = Indicator.objects.get(criterion__registre__referentiel__organisation=organisation, title=common.title)
        mapping = Mapping.objects.get(organisation=organisation, item_uid=copy.uid)
        assert (mapping.adopted, mapping.adopted_version, mapping.unit_matches) == (True, 1, True)
        # The copy goes into a draft; validated, it is what the structure shares.
        from utilite.referentiels.services import validate_referentiel

        validate_referentiel(copy.criterion.registre.referentiel, admin)
        add_values(organisation, copy.uid, values)

    page = coordinator.get(net("synthesis", world), PERIOD).content.decode()
    assert "<strong>35</strong>" in page  # 6 + 7 + 10 + 12
    assert "4 structures partagent leur référentiel avec le réseau" in page  # with the world's structure C
    assert "Le Phare" in page  # in the coverage matrix, with its specific criterion
    panorama = coordinator.get(org("panorama", phare)).content.decode()
    assert "Ouverture vers l" in panorama
    assert "Propres à la structure" in panorama


def test_only_what_structures_share_appears(territory):
    world = territory.world
    add_values(territory.private, Indicator.objects.get(criterion__title="Lien social secret").uid, [50])
    services.map_item(
        territory.private,
        Indicator.objects.get(criterion__title="Lien social secret"),
        territory.people,
        user=world.coordinator,
    )
    client = client_for(world.coordinator)
    assert "Lien social secret" not in client.get(net("compare", world)).content.decode()
    synthesis = client.get(net("synthesis", world), PERIOD).content.decode()
    assert "La Cachée" not in synthesis
    assert "<strong>50</strong>" not in synthesis


def test_values_add_up_only_where_units_match_and_small_counts_stay_hidden(territory):
    world = territory.world
    lucioles, _passerelle, phare = territory.shared
    for organisation, values in ((lucioles, [2]), (phare, [40])):
        own = Indicator.objects.get(criterion__registre__referentiel__organisation=organisation)
        services.map_item(organisation, own, territory.people, user=world.coordinator)
        add_values(organisation, own.uid, values)
    assert not Mapping.objects.get(organisation=phare).unit_matches  # sorties are not people
    page = client_for(world.coordinator).get(net("synthesis", world), PERIOD).content.decode()
    assert "moins de 5" in page  # 2 people: not shown
    assert "<strong>2</strong>" not in page
    assert "<strong>40</strong>" not in page


def test_a_structure_is_told_when_an_adopted_item_changes(territory):
    world = territory.world
    lucioles = territory.shared[0]
    admin = MembershipFactory(organisation=lucioles, role="admin").user
    client_for(admin).post(org("adopt", lucioles), {"kind": "criterion", "pk": territory.lien.pk})
    assert "ont changé" not in client_for(admin).get(org("structure", lucioles)).content.decode()
    draft = services.start_new_version(world.network, world.coordinator)
    people = CommonIndicator.objects.get(criterion__dimension__referentiel=draft)
    services.update_item(people, title="Personnes accompagnées au moins trois fois")
    services.publish(draft, world.coordinator)
    page = client_for(admin).get(org("structure", lucioles)).content.decode()
    assert "Des éléments communs que vous avez adoptés ont changé dans la version 2" in page
    assert "Personnes accompagnées au moins trois fois" in page
    # Unchanged items keep the version they last changed in.
    assert CommonCriterion.objects.get(dimension__referentiel=draft).changed_in == 1


def test_mapping_an_own_criterion_and_undoing_it(territory):
    lucioles = territory.shared[0]
    admin = MembershipFactory(organisation=lucioles, role="admin").user
    own = Criterion.objects.get(registre__referentiel__organisation=lucioles)
    client = client_for(admin)
    client.post(org("map", lucioles), {"item": f"criterion-{own.pk}", "common": territory.lien.pk})
    assert Mapping.objects.get(organisation=lucioles).common_uid == territory.lien.uid
    # Only items of the published common référentiel can be chosen.
    assert client.post(org("map", lucioles), {"item": f"criterion-{own.pk}", "common": 999}).status_code == 404
    with pytest.raises(services.Refused):  # a criterion cannot stand for a common indicator
        services.map_item(lucioles, own, territory.people, user=admin)
    client.post(org("map", lucioles), {"item": f"criterion-{own.pk}", "common": ""})
    assert not Mapping.objects.filter(organisation=lucioles).exists()
    other = Criterion.objects.get(registre__referentiel__organisation=territory.shared[1])
    assert (
        client.post(org("map", lucioles), {"item": f"criterion-{other.pk}", "common": territory.lien.pk}).status_code
        == 404
    )


def test_the_published_version_is_public_citable_and_open(territory, django_capture_on_commit_callbacks):
    world = territory.world
    anonymous = client_for(None)
    url = reverse("commons_public:version", kwargs={"slug": world.network.slug, "version": 1})
    assert anonymous.get(reverse("commons_public:latest", kwargs={"slug": world.network.slug}))["Location"] == url
    page = anonymous.get(url).content.decode()
    assert "Personnes accompagnées" in page
    assert "Pour le citer" in page
    assert "version 1" in page
    assert "CC BY-SA 4.0" in page

    def export(file_format):
        response = anonymous.get(
            reverse(
                "commons_public:export",
                kwargs={"slug": world.network.slug, "version": 1, "file_format": file_format},
            )
        )
        return response

    data = json.loads(export("json").content)
    assert data["licence"]["code"] == "CC-BY-SA-4.0"
    assert [d["title"] for d in data["dimensions"]][1] == "Vivre ensemble"
    assert data["dimensions"][1]["criteria"][0]["indicators"][0]["title"] == "Personnes accompagnées"
    assert "Personnes accompagnées" in export("csv").content.decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(export("xlsx").content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["dimension", "critere", "indicateur"]
    assert export("pdf").status_code == 404  # made in the background at publication
    with django_capture_on_commit_callbacks(execute=True):
        services.request_pdf(territory.common, "https://utilite.example.org/communs/")
    pdf = pypdf.PdfReader(io.BytesIO(b"".join(export("pdf").streaming_content)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Personnes accompagnées" in text
    assert "Vivre ensemble" in text
    # A draft is never public.
    services.start_new_version(world.network, world.coordinator)
    assert (
        anonymous.get(reverse("commons_public:version", kwargs={"slug": world.network.slug, "version": 2})).status_code
        == 404
    )


def test_the_data_package_passes_frictionless_and_has_no_cell_under_five(territory, tmp_path):
    from frictionless import validate

    world = territory.world
    lucioles, passerelle, _phare = territory.shared
    for organisation, values in ((lucioles, [3]), (passerelle, [30])):
        own = Indicator.objects.get(criterion__registre__referentiel__organisation=organisation)
        services.map_item(organisation, own, territory.people, user=world.coordinator)
        add_values(organisation, own.uid, values)
    response = client_for(world.coordinator).get(net("data_package", world), PERIOD)
    assert response["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    rows = (tmp_path / "indicateurs-communs.csv").read_text(encoding="utf-8").splitlines()
    people = next(row for row in rows if "Personnes accompagnées" in row).split(",")
    assert people[8:11] == ["2", "35", ""]  # two structures, 33 people rounded to 35; the lowest (3) not shown
    # Columns that count people are empty or at least 5.
    for row in rows[1:]:
        cells = row.split(",")
        assert all(cell == "" or float(cell) >= 5 for cell in cells[9:13]) or "Personnes" not in row
    reached = (tmp_path / "personnes-touchees.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    assert reached[3] == "" or int(reached[3]) == 0 or int(reached[3]) >= 5


def test_partners_read_the_synthesis_only_when_the_network_allows_it(territory):
    world = territory.world
    partner = client_for(NetworkMembershipFactory(network=world.network, role="partner").user)
    assert partner.get(net("synthesis", world)).status_code == 404
    assert partner.post(net("partners", world), {"allow": "yes"}).status_code == 404  # the coordinator decides
    client_for(world.coordinator).post(net("partners", world), {"allow": "yes"})
    page = partner.get(net("synthesis", world), {**PERIOD, "colonnes": "criteres"})
    assert page.status_code == 200
    assert "Couverture : structures par critère commun" in page.content.decode()
    assert partner.get(org("panorama", territory.shared[0])).status_code == 200
    assert partner.get(org("panorama", territory.private)).status_code == 404
    assert partner.get(net("draft", world)).status_code == 404


def test_the_network_evaluates_itself(territory):
    world = territory.world
    services.add_comment(world.network, author=world.coordinator, body="Bravo")
    page = client_for(world.coordinator).get(net("evaluation", world)).content.decode()
    year = timezone.localdate().year
    assert f'<th scope="col">{year}</th>' in page
    assert "Contributions au référentiel commun" in page
    assert "Structures participantes" in page


def test_publishing_needs_an_indicator_and_a_draft_only_once(world):
    draft = services.start_common(world.network, world.coordinator)
    with pytest.raises(services.Refused):
        services.publish(draft, world.coordinator)
    with pytest.raises(services.Refused):
        services.start_common(world.network, world.coordinator)


def test_a_refused_publication_changes_nothing(world):
    """Title, licence and note are saved with the publication or not at all."""
    draft = services.start_common(world.network, world.coordinator)
    before = (draft.title, draft.licence)
    response = client_for(world.coordinator).post(
        net("publish", world), {"title": "Titre changé", "licence": "CC-BY-4.0", "change_note": "Essai"}, follow=True
    )
    assert "Ajoutez au moins un indicateur commun" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.title, draft.licence, draft.change_note) == ("draft", *before, "")


def test_testimonies_appear_in_their_dimension_only_with_the_right_consent(territory):
    from utilite.testimonies.services import record_testimony

    world = territory.world
    lucioles = territory.shared[0]
    own = Criterion.objects.get(registre__referentiel__organisation=lucioles)
    services.map_item(lucioles, own, territory.lien, user=world.coordinator)
    member = MembershipFactory(organisation=lucioles, role="employee").user
    for text, scope in (("Je parle à mes voisins maintenant.", "funders"), ("Propos interne.", "internal")):
        testimony = record_testimony(
            organisation=lucioles,
            user=member,
            text=text,
            consent_scope=scope,
            consent_on=datetime.date(2026, 3, 1),
            collected_on=datetime.date(2026, 3, 1),
        )
        testimony.criterion_links.create(criterion_uid=own.uid)
    page = client_for(world.coordinator).get(net("synthesis", world), PERIOD).content.decode()
    assert "Je parle à mes voisins maintenant." in page
    assert "Propos interne." not in page


def test_two_drafters_changing_the_same_item_do_not_lose_each_others_work(territory):
    world = territory.world
    draft = services.start_new_version(world.network, world.coordinator)
    lien = CommonCriterion.objects.get(dimension__referentiel=draft)
    url = net("edit", world, kind="criterion", pk=lien.pk)
    client = client_for(world.coordinator)
    opened = {"revision": lien.revision, "description": ""}
    assert client.post(url, {**opened, "title": "Lien social et entraide"}).status_code == 302
    response = client.post(url, {**opened, "title": "Liens entre habitants"})  # read before the first save
    assert response.status_code == 409
    page = response.content.decode()
    assert "Lien social et entraide" in page  # what is saved now
    assert "Liens entre habitants" in page  # what this person wrote, kept
    lien.refresh_from_db()
    assert lien.title == "Lien social et entraide"
    assert (
        client.post(url, {"revision": lien.revision, "description": "", "title": "Liens entre habitants"}).status_code
        == 302
    )
    lien.refresh_from_db()
    assert lien.title == "Liens entre habitants"
