"""Retention: the dry run lists exactly what is past its period; the real run removes it and
leaves figures (aggregates, values, published fiches) as they were."""

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from tests.factories import InvitationFactory, UserFactory
from utilite.accounts.models import User
from utilite.activities.models import MonthlyActivity
from utilite.activities.services import log_activity
from utilite.fiches import services as fiches
from utilite.fiches.models import PublishedVersion, ShareLink
from utilite.measures.models import IndicatorValue
from utilite.organisations.models import Invitation, Membership
from utilite.questionnaires import services as questionnaires
from utilite.questionnaires.models import Response
from utilite.testimonies.models import Testimony
from utilite.testimonies.services import record_testimony, revoke_consent
from utilite.workshops import services as workshops
from utilite.workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=3 * 365)
RECENTLY = timezone.now() - datetime.timedelta(days=200)


@pytest.fixture
def seeded(world):
    """For each rule, one item past its period and one still within it."""
    gone_user = UserFactory(email="partie@exemple.test", last_login=LONG_AGO)
    never_user = UserFactory(email="jamais@exemple.test")
    User.objects.filter(pk=never_user.pk).update(date_joined=LONG_AGO)
    UserFactory(email="active@exemple.test", last_login=RECENTLY)
    Membership.objects.create(organisation=world.org_b, user=gone_user, role="volunteer")

    expired_invitation = InvitationFactory(organisation=world.org_b, email="expiree@exemple.test", expired=True)
    old_accepted = InvitationFactory(organisation=world.org_b, email="vieille@exemple.test", accepted=True)
    Invitation.objects.filter(pk=old_accepted.pk).update(closed_at=LONG_AGO)
    InvitationFactory(organisation=world.org_b, email="recente@exemple.test", accepted=True)

    log_activity(organisation=world.org_b, user=world.admin_b, participants=12, date=datetime.date(2026, 2, 3))
    IndicatorValue.objects.create(
        organisation=world.org_b,
        indicator_uid=world.indicator_b.uid,
        granularity="month",
        period_start=datetime.date(2026, 2, 1),
        value=12,
    )
    kept, withdrawn = (_testimony(world, text) for text in ("Je garde ce lien.", "Je retire ces mots."))
    fiche = fiches.create_fiche(
        organisation=world.org_b,
        user=world.admin_b,
        title="Bilan",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    version = fiches.publish(fiche, world.admin_b)
    revoke_consent(withdrawn)
    revoked_link = fiches.create_share_link(version, label="Ancien lien", user=world.admin_b, expires_on=None)
    fiches.revoke_share_link(revoked_link)
    fiches.create_share_link(version, label="Lien valide", user=world.admin_b, expires_on=None)

    old_campaign = world.campaign_b
    old_response = questionnaires.submit_response(old_campaign, {}, code="LUNE7")
    old_campaign.opens_on = (LONG_AGO - datetime.timedelta(days=60)).date()
    old_campaign.closes_on = (LONG_AGO - datetime.timedelta(days=1)).date()
    old_campaign.save()
    current = questionnaires.create_campaign(
        questionnaire=world.questionnaire_b, user=world.admin_b, period_start=datetime.date(2026, 11, 1)
    )
    current_response = questionnaires.submit_response(current, {}, code="LUNE7")

    old_workshop = workshops.create_workshop(organisation=world.org_b, user=world.admin_b, title="Atelier 2023")
    old_participant = workshops.join(old_workshop, group="public", pseudonym="Mamie Jo")
    Workshop.objects.filter(pk=old_workshop.pk).update(status="closed", updated_at=LONG_AGO)
    Participant.objects.filter(pk=old_participant.pk).update(joined_at=LONG_AGO)
    new_workshop = workshops.create_workshop(organisation=world.org_b, user=world.admin_b, title="Atelier 2026")
    workshops.join(new_workshop, group="public", pseudonym="Papy Lou")

    stale = SessionStore()
    stale["x"] = 1
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=LONG_AGO)
    return {
        "users": [gone_user, never_user],
        "invitations": [expired_invitation, old_accepted],
        "link": revoked_link,
        "kept": kept,
        "withdrawn": withdrawn,
        "version": version,
        "old_response": old_response,
        "current_response": current_response,
        "old_participant": old_participant,
        "stale_session": stale.session_key,
    }


def _testimony(world, text):
    day = datetime.date(2026, 2, 3)
    return record_testimony(
        organisation=world.org_b,
        user=world.admin_b,
        kind="verbatim",
        text=text,
        collected_on=day,
        consent_on=day,
        consent_scope="funders",
    )


def figures():
    return {
        "participants": MonthlyActivity.objects.aggregate(total=Sum("participants"))["total"],
        "values": list(IndicatorValue.objects.values_list("value", flat=True)),
        "fiche": {
            key: value for key, value in PublishedVersion.objects.get().snapshot.items() if key != "testimonies"
        },
    }


def dry_run():
    output = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=output)
    return output.getvalue()


def test_the_dry_run_lists_exactly_the_expired_items_and_changes_nothing(seeded):
    text = dry_run()
    listed = {line.strip()[2:].split(" (")[0] for line in text.splitlines() if line.startswith("  - ")}
    users = {f"account #{u.pk} {u.email}" for u in seeded["users"]}
    invitations = {f"invitation #{i.pk} {i.email}" for i in seeded["invitations"]}
    expected = (
        users
        | invitations
        | {
            f"share link #{seeded['link'].pk} Ancien lien",
            f"testimony #{seeded['withdrawn'].pk}",
            f"answer #{seeded['old_response'].pk}",
            f"participant #{seeded['old_participant'].pk}",
            f"session {seeded['stale_session'][:6]}…",
        }
    )
    assert listed == expected
    assert "Retention period: 24 months" in text
    assert User.objects.filter(email="partie@exemple.test").exists()  # nothing changed
    assert Testimony.objects.filter(pk=seeded["withdrawn"].pk).exists()


def test_the_real_run_removes_them_and_keeps_every_figure(seeded):
    before = figures()
    assert "Je retire ces mots." not in str(before)
    snapshot_texts = [t["text"] for t in PublishedVersion.objects.get().snapshot["testimonies"]]
    assert "Je retire ces mots." in snapshot_texts  # kept in the frozen version until retention runs
    call_command("apply_retention", stdout=io.StringIO())

    gone = User.objects.get(pk=seeded["users"][0].pk)
    assert gone.email.endswith("@anonymise.invalid")
    assert gone.full_name == "Compte anonymisé"
    assert not gone.is_active
    assert not gone.has_usable_password()
    assert not Membership.objects.filter(user=gone).exists()
    assert User.objects.filter(email="active@exemple.test", is_active=True).exists()
    assert set(Invitation.objects.values_list("email", flat=True)) == {"recente@exemple.test", world_invitee()}
    assert list(ShareLink.objects.values_list("label", flat=True)) == ["Lien valide"]
    assert not Testimony.objects.filter(pk=seeded["withdrawn"].pk).exists()
    assert Testimony.objects.filter(pk=seeded["kept"].pk).exists()
    snapshot_texts = [t["text"] for t in PublishedVersion.objects.get().snapshot["testimonies"]]
    assert snapshot_texts == ["Je garde ce lien."]
    assert Response.objects.get(pk=seeded["old_response"].pk).code_digest == ""
    assert Response.objects.get(pk=seeded["current_response"].pk).code_digest != ""
    assert sorted(Participant.objects.values_list("pseudonym", flat=True)) == ["", "Papy Lou"]
    assert not Session.objects.filter(session_key=seeded["stale_session"]).exists()
    assert figures() == before
    assert "0 would go" in dry_run().splitlines()[1]  # nothing left for the next run


def world_invitee():
    return Invitation.objects.exclude(email__in=["recente@exemple.test"]).get().email


def test_the_privacy_section_states_the_periods(client, settings):
    settings.RETENTION_MONTHS = 18
    page = client.get("/accessibilite/").content.decode()
    assert "Données personnelles" in page
    assert "inutilisés depuis 18 mois sont anonymisés" in page
