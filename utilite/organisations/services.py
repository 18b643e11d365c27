"""Write use cases for structures, their team and invitations. Each is atomic and names its actor."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.accounts import services as account_services
from utilite.core.tasks import enqueue_on_commit
from utilite.networks.models import Network

from .enums import InvitationStatus, MembershipRole
from .models import Action, Invitation, Membership, Organisation, PublicGroup, Sector, hash_token
from .permissions import forget_access

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from utilite.accounts.models import User


class ActionRefused(Exception):
    """A use case's precondition failed; the message is shown to the user as is."""


def unique_slug(name: str, model: type[Organisation] | type[Network] = Organisation) -> str:
    base = slugify(name)[:70] or "structure"
    slug, counter = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def create_organisation(
    *,
    network: Network,
    sectors: Iterable[Sector] = (),
    publics: Iterable[PublicGroup] = (),
    **fields: Any,
) -> Organisation:
    organisation = Organisation.objects.create(network=network, slug=unique_slug(fields["name"]), **fields)
    organisation.sectors.set(sectors)
    organisation.publics.set(publics)
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation,
    *,
    sectors: Iterable[Sector] | None = None,
    publics: Iterable[PublicGroup] | None = None,
    **fields: Any,
) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save()
    if sectors is not None:
        organisation.sectors.set(sectors)
    if publics is not None:
        organisation.publics.set(publics)
    return organisation


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, invited_by: User) -> tuple[Invitation, str]:
    """Create an invitation and queue its e-mail. Returns the invitation and its secret link token.

    Inviting the same address again cancels the previous pending invitation.
    """
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ActionRefused(_("This person is already a member of the structure."))
    organisation.invitations.filter(email__iexact=email, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.REVOKED, closed_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        expires_at=timezone.now() + settings.INVITATION_VALIDITY,
        invited_by=invited_by,
    )
    from .tasks import send_invitation_email

    enqueue_on_commit(send_invitation_email, invitation.pk, token)
    return invitation, token


@transaction.atomic
def revoke_invitation(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise ActionRefused(_("This invitation has already been used or cancelled."))
    invitation.status = InvitationStatus.REVOKED
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["status", "closed_at", "updated_at"])


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """pending → accepted: the user joins the structure with the invited role (single use)."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ActionRefused(_("This invitation has expired or has already been used."))
    if user.email.lower() != invitation.email.lower():
        raise ActionRefused(_("This invitation was sent to another e-mail address."))
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and membership.role != MembershipRole.ADMIN:
        membership.role = invitation.role
        membership.save(update_fields=["role", "updated_at"])
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "closed_at", "updated_at"])
    forget_access(user)
    return membership


@transaction.atomic
def create_account_and_accept(invitation: Invitation, *, full_name: str, password: str) -> User:
    user = account_services.create_account(email=invitation.email, full_name=full_name, password=password)
    accept_invitation(invitation, user)
    return user


# --- Team -------------------------------------------------------------------------------


def _ensure_an_admin_remains(membership: Membership) -> None:
    if membership.role == MembershipRole.ADMIN and not (
        Membership.objects.admins().filter(organisation=membership.organisation).exclude(pk=membership.pk).exists()
    ):
        raise ActionRefused(_("A structure needs at least one administrator. Name another one first."))


@transaction.atomic
def change_role(membership: Membership, role: str) -> Membership:
    if role != MembershipRole.ADMIN:
        _ensure_an_admin_remains(membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    forget_access(membership.user)
    return membership


@transaction.atomic
def remove_member(membership: Membership) -> None:
    _ensure_an_admin_remains(membership)
    membership.delete()


# --- Actions ----------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *, organisation: Organisation, created_by: User, publics: Iterable[PublicGroup] = (), **fields: Any
) -> Action:
    action = Action.objects.create(organisation=organisation, created_by=created_by, **fields)
    action.publics.set(publics)
    return action


@transaction.atomic
def update_action(action: Action, *, publics: Iterable[PublicGroup] | None = None, **fields: Any) -> Action:
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    if publics is not None:
        action.publics.set(publics)
    return action


@transaction.atomic
def delete_action(action: Action) -> None:
    action.delete()


@transaction.atomic
def set_second_factor_required(network: Network, *, required: bool, by: User) -> Network:
    """The network requires (or no longer requires) a second factor from its coordinators and facilitators."""
    network.second_factor_required = required
    network.save(update_fields=["second_factor_required", "updated_at"])
    logger.info("network %s: second factor required=%s (by user %s)", network.pk, required, by.pk)
    return network
