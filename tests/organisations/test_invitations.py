import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from utilite.organisations.enums import InvitationStatus, MembershipRole
from utilite.organisations.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def _invite(world, email="nouvelle@exemple.test", role="volunteer"):
    url = reverse("organisations:members", kwargs={"slug": world.org_b.slug})
    return client_for(world.admin_b).post(url, {"email": email, "role": role}, follow=True)


def test_admin_invites_by_email_with_a_single_use_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(world)
    assert response.status_code == 200
    assert "Une invitation a été envoyée à nouvelle@exemple.test" in response.content.decode()
    message = mail.outbox[-1]
    assert message.to == ["nouvelle@exemple.test"]
    assert "Structure B" in message.subject
    assert "Bénévole" in message.body
    path = re.search(r"https?://[^/\s]+(/invitations/\S+/)", str(message.body)).group(1)
    invitation = Invitation.objects.get(email="nouvelle@exemple.test")
    assert invitation.token_hash not in message.body  # only the hash is stored; the link holds the token

    # A newcomer creates the account and joins in one step.
    client = client_for(None)
    page = client.get(path)
    assert "Créez votre compte pour accepter" in page.content.decode()
    response = client.post(
        path, {"full_name": "Nadia Nouvelle", "password1": "motdepasse-robuste-1", "password2": "motdepasse-robuste-1"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nouvelle@exemple.test")
    assert membership.organisation == world.org_b
    assert membership.role == MembershipRole.VOLUNTEER
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED

    # Single use: the link no longer works, even for the same person.
    assert client_for(None).get(path).status_code == 410


def test_account_creation_errors_are_explained_and_change_nothing(world):
    path = reverse("organisations:invitation", kwargs={"token": world.invitation_token})
    response = client_for(None).post(path, {"full_name": "", "password1": "123", "password2": "456"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in content
    assert "Les deux mots de passe sont différents." in content
    assert not Membership.objects.filter(user__email=world.invitation_b.email).exists()


def test_existing_account_signs_in_then_accepts(world):
    user = UserFactory(email=world.invitation_b.email)
    path = reverse("organisations:invitation", kwargs={"token": world.invitation_token})
    assert "Vous avez déjà un compte" in client_for(None).get(path).content.decode()
    client = client_for(user)
    assert "Accepter l'invitation" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert Membership.objects.filter(user=user, organisation=world.org_b).exists()


def test_signed_in_with_another_account_is_refused(world):
    response = client_for(world.member_a).post(
        reverse("organisations:invitation", kwargs={"token": world.invitation_token})
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=world.member_a, organisation=world.org_b).exists()


@pytest.mark.parametrize("trait", ["expired", "accepted", "revoked"])
def test_closed_invitations_cannot_be_used(trait):
    InvitationFactory(token="ferme", **{trait: True})
    response = client_for(None).get(reverse("organisations:invitation", kwargs={"token": "ferme"}))
    assert response.status_code == 410
    assert "Cette invitation n'est plus valable" in response.content.decode()


def test_unknown_token_is_404(db):
    assert client_for(None).get(reverse("organisations:invitation", kwargs={"token": "inconnu"})).status_code == 404


def test_inviting_a_member_again_is_refused(world):
    response = _invite(world, email=world.employee_b.email)
    assert "Cette personne fait déjà partie de la structure." in response.content.decode()
    assert not Invitation.objects.filter(email=world.employee_b.email).exists()


def test_bad_input_is_explained_beside_the_field(world):
    response = _invite(world, email="pas-une-adresse", role="admin")
    content = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in content
    assert 'aria-invalid="true"' in content
    assert Invitation.objects.filter(organisation=world.org_b).count() == 1


def test_structure_admin_cannot_invite_a_facilitator_but_a_coordinator_can(world):
    response = _invite(world, email="facilitatrice@exemple.test", role="facilitator")
    assert "Sélectionnez un choix valide" in response.content.decode()
    url = reverse("organisations:members", kwargs={"slug": world.org_b.slug})
    response = client_for(world.coordinator).post(url, {"email": "facilitatrice@exemple.test", "role": "facilitator"})
    assert response.status_code == 302
    assert Invitation.objects.get(email="facilitatrice@exemple.test").role == MembershipRole.FACILITATOR


def test_team_members_see_the_team_but_cannot_invite(world):
    client = client_for(world.employee_b)
    url = reverse("organisations:members", kwargs={"slug": world.org_b.slug})
    page = client.get(url).content.decode()
    assert "Bérénice Admin" in page
    assert "Inviter une personne" not in page
    assert world.invitation_b.email not in page
    assert client.post(url, {"email": "x@exemple.test", "role": "volunteer"}).status_code == 404


def test_cancel_an_invitation(world):
    url = reverse("organisations:invitation_revoke", kwargs={"slug": world.org_b.slug, "pk": world.invitation_b.pk})
    assert client_for(world.admin_b).post(url).status_code == 302
    world.invitation_b.refresh_from_db()
    assert world.invitation_b.status == InvitationStatus.REVOKED


def test_change_role_and_remove_a_member_but_keep_one_admin(world):
    client = client_for(world.admin_b)
    admin_membership = Membership.objects.get(user=world.admin_b)
    url = reverse("organisations:member_update", kwargs={"slug": world.org_b.slug, "pk": admin_membership.pk})
    response = client.post(url, {"role": "employee"})
    assert "au moins une personne qui l&#x27;administre" in response.content.decode()
    url = reverse("organisations:member_remove", kwargs={"slug": world.org_b.slug, "pk": admin_membership.pk})
    assert client.post(url).status_code == 400
    admin_membership.refresh_from_db()
    assert admin_membership.role == MembershipRole.ADMIN

    url = reverse("organisations:member_update", kwargs={"slug": world.org_b.slug, "pk": world.membership_b.pk})
    assert client.post(url, {"role": "admin"}).status_code == 302
    url = reverse("organisations:member_remove", kwargs={"slug": world.org_b.slug, "pk": world.membership_b.pk})
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=world.membership_b.pk).exists()


def test_a_second_admin_can_step_down(world):
    second = MembershipFactory(organisation=world.org_b, role=MembershipRole.ADMIN)
    url = reverse("organisations:member_update", kwargs={"slug": world.org_b.slug, "pk": second.pk})
    assert client_for(world.admin_b).post(url, {"role": "volunteer"}).status_code == 302
