import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory, CriterionFactory, IndicatorFactory, MembershipFactory, ReferentielFactory
from utilite.organisations.enums import MembershipRole
from utilite.referentiels.enums import ReferentielStatus
from utilite.referentiels.models import Criterion, Indicator, Referentiel, Registre

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"referentiels:{name}", kwargs={"slug": organisation.slug, **kwargs})


def test_guided_start_explains_levels_then_starts_a_blank_draft(world):
    client = client_for(world.member_a)
    page = client.get(url("home", world.org_a)).content.decode()
    assert "Trois niveaux d&#x27;indicateurs" in page or "Trois niveaux d'indicateurs" in page
    assert "Réalisation" in page
    assert "Impact" in page
    response = client.post(url("start", world.org_a))
    referentiel = Referentiel.objects.get(organisation=world.org_a)
    assert response["Location"] == referentiel.get_absolute_url()
    assert (referentiel.version, referentiel.status, referentiel.created_by) == (
        1,
        ReferentielStatus.DRAFT,
        world.member_a,
    )


def test_build_registres_criteria_and_indicators(world):
    client = client_for(world.employee_b)
    draft = world.referentiel_b.organisation.referentiels.get(version=2)
    response = client.post(url("item_add", world.org_b, parent_kind="referentiel", pk=draft.pk), {"title": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    client.post(url("item_add", world.org_b, parent_kind="referentiel", pk=draft.pk), {"title": "Éducation"})
    registre = Registre.objects.get(referentiel=draft, title="Éducation")
    assert registre.position > world.org_b.referentiels.get(version=2).registres.exclude(pk=registre.pk).get().position
    assert registre.proposed_by == world.employee_b
    client.post(url("item_add", world.org_b, parent_kind="registre", pk=registre.pk), {"title": "Autonomie"})
    criterion = Criterion.objects.get(registre=registre)
    action = ActionFactory(organisation=world.org_b)
    response = client.post(
        url("item_add", world.org_b, parent_kind="critere", pk=criterion.pk),
        {
            "title": "Tâches réalisées sans aide",
            "level": "result",
            "kind": "count",
            "unit": "tâches",
            "stakeholders": ["beneficiaries", "volunteers"],
            "actions": [action.pk],
            "frequency": "Entrée / sortie",
            "target": "5",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(criterion=criterion)
    assert indicator.stakeholders == ["beneficiaries", "volunteers"]
    assert list(indicator.actions.all()) == [action]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Tâches réalisées sans aide" in page
    assert "Résultat" in page


def test_indicator_actions_are_limited_to_the_structure(world):
    foreign = ActionFactory(organisation=world.org_a)
    response = client_for(world.admin_b).post(
        url("item_add", world.org_b, parent_kind="critere", pk=world.criterion_b.pk),
        {"title": "X", "level": "result", "kind": "count", "actions": [foreign.pk]},
    )
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_reorder_with_up_and_down_buttons(world):
    second = CriterionFactory(registre=world.registre_b, title="Deuxième", position=10)
    client = client_for(world.employee_b)
    client.post(url("item_move", world.org_b, kind="critere", pk=second.pk), {"direction": "up"})
    assert list(world.registre_b.criteria.order_by("position").values_list("title", flat=True)) == [
        "Deuxième",
        "Lien social",
    ]
    client.post(url("item_move", world.org_b, kind="critere", pk=second.pk), {"direction": "up"})  # already first
    client.post(url("item_move", world.org_b, kind="critere", pk=second.pk), {"direction": "down"})
    assert list(world.registre_b.criteria.order_by("position").values_list("title", flat=True)) == [
        "Lien social",
        "Deuxième",
    ]


def test_only_an_admin_validates_and_a_validated_version_is_frozen(world):
    draft = world.org_b.referentiels.get(version=2)
    assert client_for(world.employee_b).post(url("validate", world.org_b, version=2)).status_code == 404
    client_for(world.admin_b).post(url("validate", world.org_b, version=2))
    draft.refresh_from_db()
    assert draft.status == ReferentielStatus.VALIDATED
    assert draft.validated_by == world.admin_b
    assert draft.validated_at is not None
    edit = url("item_edit", world.org_b, kind="indicateur", pk=world.indicator_b.pk)
    assert (
        client_for(world.admin_b).post(edit, {"title": "Changé", "level": "result", "kind": "count"}).status_code
        == 404
    )
    world.indicator_b.refresh_from_db()
    assert world.indicator_b.title == "Nombre de participants"


def test_an_empty_version_cannot_be_validated(world):
    referentiel = ReferentielFactory(organisation=world.org_a)
    response = client_for(world.member_a).post(url("validate", world.org_a, version=1), follow=True)
    assert "Ajoutez au moins un indicateur avant de valider." in response.content.decode()
    referentiel.refresh_from_db()
    assert referentiel.is_draft


def test_a_new_version_copies_every_item(world):
    client = client_for(world.admin_b)
    client.post(url("validate", world.org_b, version=2))
    action = ActionFactory(organisation=world.org_b)
    world.indicator_b.actions.add(action)
    response = client.post(url("new_version", world.org_b, version=2))
    draft = world.org_b.referentiels.get(version=3)
    assert response["Location"] == draft.get_absolute_url()
    assert draft.previous.version == 2
    assert draft.is_draft
    copy = Indicator.objects.get(criterion__registre__referentiel=draft)
    assert (copy.title, copy.criterion.title, copy.criterion.registre.title) == (
        "Nombre de participants",
        "Lien social",
        "Cohésion sociale de B",
    )
    assert list(copy.actions.all()) == [action]
    assert copy.pk != world.indicator_b.pk


def test_second_save_of_the_same_item_is_a_conflict_and_the_first_stands(world):
    edit = url("item_edit", world.org_b, kind="indicateur", pk=world.indicator_b.pk)
    first, second = client_for(world.admin_b), client_for(world.employee_b)
    revision = world.indicator_b.revision
    data = {"level": "result", "kind": "count", "revision": revision}
    assert first.post(edit, {**data, "title": "Version de Bérénice"}).status_code == 302
    response = second.post(edit, {**data, "title": "Version de Basile"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Quelqu&#x27;un d&#x27;autre a enregistré" in content or "Quelqu'un d'autre a enregistré" in content
    assert "Version de Bérénice" in content
    world.indicator_b.refresh_from_db()
    assert world.indicator_b.title == "Version de Bérénice"
    assert world.indicator_b.updated_by == world.admin_b


@pytest.mark.parametrize("filters", [{}, {"level": "result", "stakeholder": "beneficiaries"}])
def test_synthetic_table_runs_the_same_number_of_queries_for_10_and_150_indicators(world, filters, sql_snapshot):
    organisation = world.org_a
    referentiel = ReferentielFactory(organisation=organisation)
    actions = [ActionFactory(organisation=organisation) for _ in range(3)]
    client = client_for(world.member_a)

    def grow(to):
        while Indicator.objects.filter(criterion__registre__referentiel=referentiel).count() < to:
            criterion = CriterionFactory(registre__referentiel=referentiel)
            for _ in range(5):
                indicator = IndicatorFactory(criterion=criterion, level="result")
                indicator.actions.set(actions[:2])
                indicator.stakeholder_links.create(code="beneficiaries")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("table", organisation, version=1), filters)
        assert response.status_code == 200
        return len(queries), response

    grow(10)
    small, _ = count()
    grow(150)
    large, response = count()
    assert small == large <= 20
    assert response.content.decode().count("<td>Indicateur") == 150
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    sql_snapshot(client, f"{url('table', organisation, version=1)}?{query}", f"synthetic-table-{len(filters)}-filters")


def test_synthetic_table_spans_and_filters(world):
    other = IndicatorFactory(criterion=world.criterion_b, title="Sentiment d'appartenance", level="impact")
    other.stakeholder_links.create(code="territory")
    client = client_for(world.admin_b)
    page = client.get(url("table", world.org_b, version=2)).content.decode()
    assert 'rowspan="2">Lien social' in page
    filtered = client.get(url("table", world.org_b, version=2), {"level": "impact"}).content.decode()
    assert "Sentiment d&#x27;appartenance" in filtered
    assert "Nombre de participants" not in filtered
    by_stakeholder = client.get(url("table", world.org_b, version=2), {"stakeholder": "territory"}).content.decode()
    assert "Nombre de participants" not in by_stakeholder


def test_shared_referentiel_is_readable_by_the_network_but_private_one_is_not(world):
    client = client_for(world.member_a)
    assert client.get(url("version", world.org_b, version=1)).status_code == 404
    world.org_b.referentiels.filter(version=1).update(sharing="network")
    page = client.get(url("version", world.org_b, version=1)).content.decode()
    assert "Nombre de participants" in page
    assert "Modifier" not in page


def test_facilitator_edits_but_partner_only_reads_shared(world):
    facilitator = MembershipFactory(organisation=world.org_b, role=MembershipRole.FACILITATOR).user
    edit = url("item_edit", world.org_b, kind="registre", pk=world.registre_b.pk)
    assert client_for(facilitator).get(edit).status_code == 200
    partner = MembershipFactory(organisation=world.org_b, role=MembershipRole.PARTNER).user
    assert client_for(partner).get(edit).status_code == 404


def test_compare_versions_lists_added_removed_and_modified_fields(world):
    client = client_for(world.admin_b)
    edit = url("item_edit", world.org_b, kind="indicateur", pk=world.indicator_b.pk)
    client.post(
        edit,
        {
            "title": "Nombre de participants réguliers",
            "level": "result",
            "kind": "count",
            "target": "40",
            "revision": 1,
        },
    )
    client.post(
        url("item_add", world.org_b, parent_kind="registre", pk=world.registre_b.pk), {"title": "Confiance en soi"}
    )
    client.post(url("item_delete", world.org_b, kind="critere", pk=world.criterion_b.pk))
    page = client.get(url("compare", world.org_b), {"old": 1, "new": 2}).content.decode()
    assert "Ajouté" in page
    assert "Confiance en soi" in page
    assert "Supprimé" in page
    assert "Lien social" in page


def test_compare_shows_each_modified_field(world):
    client = client_for(world.admin_b)
    edit = url("item_edit", world.org_b, kind="indicateur", pk=world.indicator_b.pk)
    client.post(
        edit, {"title": "Nombre de participants", "level": "result", "kind": "count", "target": "40", "revision": 1}
    )
    page = client.get(url("compare", world.org_b), {"old": 1, "new": 2}).content.decode()
    assert "Modifié" in page
    assert "<del>Réalisation</del>" in page
    assert "<ins>Résultat</ins>" in page
    assert "<ins>40</ins>" in page
    assert "Aucune différence" in client.get(url("compare", world.org_b), {"old": 2, "new": 2}).content.decode()


def test_edit_in_place_returns_the_form_fragment_for_htmx(world):
    client = client_for(world.admin_b)
    edit = url("item_edit", world.org_b, kind="registre", pk=world.registre_b.pk)
    response = client.get(edit, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="item-form"' in content
    assert 'hx-post="' in content
    assert response["HX-Retarget"] == f"#slot-registre-{world.registre_b.pk}"
    invalid = client.post(edit, {"title": "", "revision": 1}, headers={"HX-Request": "true"})
    assert invalid.status_code == 200
    assert "Ce champ est obligatoire." in invalid.content.decode()


def test_builder_page_runs_the_same_number_of_queries_for_10_and_150_indicators(world, sql_snapshot):
    referentiel = ReferentielFactory(organisation=world.org_a)
    client = client_for(world.member_a)
    action = ActionFactory(organisation=world.org_a)

    def grow(to):
        while Indicator.objects.filter(criterion__registre__referentiel=referentiel).count() < to:
            criterion = CriterionFactory(registre__referentiel=referentiel)
            for _ in range(5):
                IndicatorFactory(criterion=criterion).actions.add(action)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("version", world.org_a, version=1)).status_code == 200
        return len(queries)

    grow(10)
    small = count()
    grow(150)
    assert small == count() <= 20
    sql_snapshot(client, url("version", world.org_a, version=1), "builder")
