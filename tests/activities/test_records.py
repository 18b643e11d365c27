import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import ActionFactory, MembershipFactory
from utilite.activities import services
from utilite.activities.models import ActivityRecord, MonthlyActivity, MonthlyTheme
from utilite.organisations.enums import MembershipRole

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"activities:{name}", kwargs={"slug": organisation.slug, **kwargs})


def _monthly(organisation):
    return {
        (row.action_key, row.month): (row.sessions, row.participants, row.minutes)
        for row in MonthlyActivity.objects.filter(organisation=organisation)
    }


def _themes(organisation):
    return {
        (row.month, row.code): (row.sessions, row.participants)
        for row in MonthlyTheme.objects.filter(organisation=organisation)
    }


def test_log_a_collective_session_with_anonymous_counts(world):
    action = ActionFactory(organisation=world.org_b)
    client = client_for(world.employee_b)
    response = client.post(
        url("create", world.org_b),
        {
            "date": "2026-11-17",
            "activity_type": "collective",
            "duration_choice": "90",
            "action": action.pk,
            "participants": 8,
            "themes": ["email", "security"],
            "place_type": "activity_place",
            "material": ["computer", "tablet"],
            "gender_female": 5,
            "gender_male": 2,
            "age_60_69": 3,
            "age_70_plus": 5,
            "status_retired": 8,
        },
    )
    assert response.status_code == 302
    record = ActivityRecord.objects.get(organisation=world.org_b, date=datetime.date(2026, 11, 17))
    assert record.created_by == world.employee_b
    assert record.not_communicated("gender") == 1
    assert record.material == ["computer", "tablet"]
    assert _monthly(world.org_b)[(action.pk, datetime.date(2026, 11, 1))] == (1, 8, 90)
    assert _themes(world.org_b)[(datetime.date(2026, 11, 1), "security")] == (1, 8)


def test_counts_beyond_the_total_and_inconsistent_individual_sessions_are_explained(world):
    client = client_for(world.employee_b)
    response = client.post(
        url("create", world.org_b),
        {
            "date": "2026-11-17",
            "activity_type": "individual",
            "duration_choice": "30",
            "participants": 3,
            "place_type": "home",
            "age_18_24": 2,
            "age_25_39": 2,
        },
    )
    content = response.content.decode()
    assert "Un accompagnement individuel concerne une seule personne." in content
    assert "Les effectifs par âge font 4, plus que le total de 3." in content
    assert ActivityRecord.objects.filter(organisation=world.org_b).count() == 1


def test_edit_and_delete_keep_the_aggregates_right(world):
    client = client_for(world.admin_b)
    record = world.record_b
    month = record.date.replace(day=1)
    client.post(
        url("update", world.org_b, pk=record.pk),
        {
            "date": record.date.isoformat(),
            "activity_type": "collective",
            "duration_choice": "120",
            "participants": 10,
            "place_type": "remote",
            "themes": ["ai"],
        },
    )
    assert _monthly(world.org_b)[(0, month)] == (1, 10, 120)
    assert _themes(world.org_b) == {(month, "email"): (0, 0), (month, "ai"): (1, 10)}
    incremental = (_monthly(world.org_b), {k: v for k, v in _themes(world.org_b).items() if v != (0, 0)})
    services.rebuild_aggregates(world.org_b)
    assert (_monthly(world.org_b), _themes(world.org_b)) == incremental
    client.post(url("delete", world.org_b, pk=record.pk))
    assert not ActivityRecord.objects.filter(pk=record.pk).exists()
    assert _monthly(world.org_b)[(0, month)] == (0, 0, 0)


def test_duplicate_prefills_today_with_the_same_session(world):
    page = client_for(world.employee_b).get(url("create", world.org_b), {"depuis": world.record_b.pk})
    form = page.context["form"]
    assert form.initial["participants"] == 7
    assert form.initial["themes"] == ["email"]
    assert form.initial["date"] == timezone.localdate()


def test_cannot_duplicate_or_scope_to_another_structure(world):
    other = services.log_activity(organisation=world.org_a, user=world.member_a, participants=2)
    client = client_for(world.employee_b)
    assert client.get(url("create", world.org_b), {"depuis": other.pk}).status_code == 404
    foreign_action = ActionFactory(organisation=world.org_a)
    response = client.post(
        url("create", world.org_b),
        {
            "date": "2026-11-17",
            "activity_type": "collective",
            "duration_choice": "60",
            "participants": 3,
            "place_type": "other",
            "action": foreign_action.pk,
        },
    )
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_partners_do_not_see_sessions(world):
    partner = MembershipFactory(organisation=world.org_b, role=MembershipRole.PARTNER).user
    assert client_for(partner).get(url("list", world.org_b)).status_code == 404


def test_list_runs_the_same_number_of_queries_with_10_and_200_records(world, sql_snapshot):
    client = client_for(world.admin_b)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("list", world.org_b)).status_code == 200
        return len(queries)

    for _ in range(9):
        services.log_activity(organisation=world.org_b, user=world.admin_b, participants=3, themes=["email", "health"])
    small = count()
    for day in range(190):
        services.log_activity(
            organisation=world.org_b,
            user=world.admin_b,
            participants=2,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=day),
        )
    assert small == count() <= 20
    page = client.get(url("list", world.org_b)).content.decode()
    assert "Page 1 sur 4" in page
    sql_snapshot(client, url("list", world.org_b), "sessions")
