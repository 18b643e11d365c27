"""Project-wide test setup: strict by default (see pyproject: warnings are errors, undefined
template variables fail). The `world` fixture builds two structures of one network, a stranger
network, and the personas every permission test uses."""

import datetime
import io
import sys
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Random
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from PIL import Image

from utilite.accounts.models import User
from utilite.activities.models import ActivityRecord, ImportJob
from utilite.activities.services import log_activity
from utilite.networks.enums import NetworkRole
from utilite.networks.models import Network
from utilite.organisations import vocabularies
from utilite.organisations.enums import MembershipRole
from utilite.organisations.models import Action, Invitation, Membership, Organisation, Sector
from utilite.questionnaires import services as questionnaires
from utilite.questionnaires.models import Campaign, Question, Questionnaire
from utilite.referentiels.models import Criterion, Indicator, Referentiel, Registre
from utilite.referentiels.services import start_new_version
from utilite.testimonies.models import Testimony
from utilite.testimonies.services import record_testimony

from .factories import (
    ActionFactory,
    IndicatorFactory,
    InvitationFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
)
from .sql import page_sql


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Request threads of the browser tests' live server may outlive it with a connection
    open; PostgreSQL would then refuse to drop the test database."""
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connection.close()


@pytest.fixture(scope="session", autouse=True)
def _unordered_querysets_come_back_shuffled():
    """A query without an order gives its rows in a random order, as PostgreSQL may: a page
    that relies on insertion order fails here, not in production (as in les-emplois)."""
    original = SQLCompiler.get_order_by

    def get_order_by(self):
        ordering = original(self)
        query = self.query
        if ordering or query.distinct or query.combinator or query.subquery:
            return ordering
        return [(OrderBy(Random()), (*self.compile(OrderBy(Random())), False))]

    SQLCompiler.get_order_by = get_order_by  # type: ignore[method-assign]
    yield
    SQLCompiler.get_order_by = original  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def _select_for_update_names_what_it_locks():
    """`select_for_update()` without `of=` also locks every joined table: always say which."""
    original = QuerySet.select_for_update

    def select_for_update(self, nowait=False, skip_locked=False, of=(), no_key=False):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if not of and caller.startswith(("utilite.", "tests.")):  # libraries lock what they know
            raise AssertionError("select_for_update() locks joined rows too: pass of=('self', …)")
        return original(self, nowait=nowait, skip_locked=skip_locked, of=of, no_key=no_key)

    QuerySet.select_for_update = select_for_update  # type: ignore[method-assign]
    yield
    QuerySet.select_for_update = original  # type: ignore[method-assign]


@pytest.fixture
def sql_snapshot(snapshot):
    """Check the SQL a page runs against its snapshot (one per database; values blanked), so a
    change in the queries of a pinned page shows in review: `pytest --snapshot-update` rewrites it."""

    def check(client, url: str, name: str) -> None:
        assert page_sql(client, url) == snapshot(name=f"{name}-{connection.vendor}")

    return check


@pytest.fixture(autouse=True)
def _french(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture(autouse=True)
def _reference_lists(request):
    """Sectors and publics come from a data migration; a transactional test flushes them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    transactional = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Sector.objects.exists():
        vocabularies.load(django_apps)


@dataclass
class World:
    network: Network
    # Structure B holds the data under test; A is another structure of the same network.
    org_a: Organisation
    org_b: Organisation
    admin_b: User
    employee_b: User
    member_a: User
    coordinator: User
    outsider: User  # a member of a structure in another network
    membership_b: Membership
    private_action_b: Action
    shared_action_b: Action
    invitation_b: Invitation
    invitation_token: str
    referentiel_b: Referentiel
    registre_b: Registre
    criterion_b: Criterion
    indicator_b: Indicator
    shared_referentiel_c: Referentiel  # a third structure shared its référentiel with the network
    record_b: ActivityRecord
    testimony_b: Testimony
    import_b: ImportJob
    questionnaire_b: Questionnaire
    question_b: Question
    campaign_b: Campaign


@pytest.fixture
def world(db) -> World:
    network = NetworkFactory(name="Réseau brestois", slug="brest")
    org_a = OrganisationFactory(network=network, name="Structure A", slug="structure-a")
    org_b = OrganisationFactory(network=network, name="Structure B", slug="structure-b")
    admin_b = MembershipFactory(organisation=org_b, role=MembershipRole.ADMIN, user__full_name="Bérénice Admin").user
    membership_b = MembershipFactory(
        organisation=org_b, role=MembershipRole.EMPLOYEE, user__full_name="Basile Salarié"
    )
    member_a = MembershipFactory(organisation=org_a, role=MembershipRole.ADMIN, user__full_name="Anne Autre").user
    coordinator = NetworkMembershipFactory(network=network, role=NetworkRole.COORDINATOR).user
    outsider = MembershipFactory(organisation__network=NetworkFactory(), role=MembershipRole.ADMIN).user
    token = "jeton-secret-de-test"
    # Structure B has a validated version 1 and a draft version 2 copied from it.
    validated = IndicatorFactory(
        criterion__registre__referentiel__organisation=org_b,
        criterion__registre__referentiel__validated=True,
        criterion__registre__title="Cohésion sociale de B",
        criterion__title="Lien social",
        title="Nombre de participants",
    ).criterion.registre.referentiel
    draft = start_new_version(validated, admin_b)
    indicator_b = Indicator.objects.get(criterion__registre__referentiel=draft)
    questionnaire_b = questionnaires.create_questionnaire(
        organisation=org_b, user=admin_b, title="Questionnaire confidentiel de B"
    )
    question_b = questionnaires.add_question(
        questionnaire_b.sections.get(), wording="Vous sentez-vous plus à l'aise ?", kind="scale"
    )
    campaign_b = questionnaires.create_campaign(
        questionnaire=questionnaire_b, user=admin_b, period_start=datetime.date(2026, 10, 1)
    )
    return World(
        network=network,
        org_a=org_a,
        org_b=org_b,
        admin_b=admin_b,
        employee_b=membership_b.user,
        member_a=member_a,
        coordinator=coordinator,
        outsider=outsider,
        membership_b=membership_b,
        private_action_b=ActionFactory(organisation=org_b, title="Atelier confidentiel de B"),
        shared_action_b=ActionFactory(organisation=org_b, title="Atelier partagé de B", shared=True),
        invitation_b=InvitationFactory(organisation=org_b, token=token, invited_by=admin_b),
        invitation_token=token,
        referentiel_b=indicator_b.criterion.registre.referentiel,
        registre_b=indicator_b.criterion.registre,
        criterion_b=indicator_b.criterion,
        indicator_b=indicator_b,
        shared_referentiel_c=IndicatorFactory(
            title="Indicateur partagé par C",
            criterion__registre__referentiel__organisation__network=network,
            criterion__registre__referentiel__organisation__name="Structure C",
            criterion__registre__referentiel__shared=True,
            criterion__registre__referentiel__validated=True,
        ).criterion.registre.referentiel,
        testimony_b=record_testimony(
            organisation=org_b,
            user=admin_b,
            kind="photo",
            photo=ContentFile(_png(), name="photo.png"),
            caption="Témoignage confidentiel de B",
            collected_on=datetime.date(2026, 3, 2),
            consent_on=datetime.date(2026, 3, 2),
            consent_scope="internal",
        ),
        import_b=ImportJob.objects.create(
            organisation=org_b, file=ContentFile(b"date\n", name="vide.csv"), original_name="seances-de-b.csv"
        ),
        questionnaire_b=questionnaire_b,
        question_b=question_b,
        campaign_b=campaign_b,
        record_b=log_activity(
            organisation=org_b, user=admin_b, participants=7, themes=["email"], date=datetime.date(2026, 1, 15)
        ),
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def user_client():
    return client_for
