"""Retention: personal data is not kept for ever (CNIL: two years without contact by default).

`expired()` lists what the rules reach today; `apply()` anonymises or deletes it in one
transaction. What goes:

- accounts not used for `RETENTION_MONTHS` (never signed in: since they were created) are
  anonymised — name and e-mail replaced, password unusable, roles removed; what they wrote stays,
  signed "anonymised account";
- invitations whose validity has ended without being accepted, and accepted or cancelled ones
  closed for longer than the period (they hold an e-mail address);
- fiche share links revoked or past their end date;
- testimonies whose consent was withdrawn: the row (text, caption, speaker) and every copy in
  published fiche versions;
- pairing digests of questionnaire answers in campaigns closed for longer than the period;
- pseudonyms of workshop participants, in workshops closed for longer than the period;
- expired browser sessions and sign-in failures older than the period.

Figures stay: counts of sessions, indicator values, monthly aggregates and the figures of
published fiches are not personal data and are never touched."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from utilite.accounts import second_factor
from utilite.accounts.models import User
from utilite.fiches.models import PublishedVersion, ShareLink
from utilite.networks.models import NetworkMembership
from utilite.organisations.enums import InvitationStatus
from utilite.organisations.models import Invitation, Membership
from utilite.questionnaires.enums import CampaignStatus
from utilite.questionnaires.models import Response
from utilite.testimonies.models import Testimony
from utilite.workshops.enums import WorkshopStatus
from utilite.workshops.models import Participant

logger = logging.getLogger(__name__)

ANONYMOUS_DOMAIN = "anonymise.invalid"


def months() -> int:
    return int(getattr(settings, "RETENTION_MONTHS", 24))


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    year, month = divmod(now.year * 12 + now.month - 1 - months(), 12)
    day = min(now.day, 28)
    return now.replace(year=year, month=month + 1, day=day)


@dataclass
class Rule:
    key: str
    label: str
    items: list[str] = field(default_factory=list)  # one line per item, for the dry run

    @property
    def count(self) -> int:
        return len(self.items)


def _accounts(limit: datetime.datetime) -> QuerySet[User]:
    return (
        User.objects.filter(Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit))
        .exclude(is_superuser=True)
        .exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}")
    )


def _invitations(now: datetime.datetime, limit: datetime.datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(Q(status=InvitationStatus.PENDING, expires_at__lt=now) | Q(closed_at__lt=limit))


def _share_links(today: datetime.date) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(Q(revoked_at__isnull=False) | Q(expires_on__lt=today))


def _withdrawn() -> QuerySet[Testimony]:
    return Testimony.objects.filter(revoked_at__isnull=False)


def _pairing(limit: datetime.datetime) -> QuerySet[Response]:
    day = limit.date()
    closed = Q(campaign__closes_on__lt=day) | Q(campaign__status=CampaignStatus.CLOSED, campaign__updated_at__lt=limit)
    return Response.objects.filter(closed).exclude(code_digest="")


def _pseudonyms(limit: datetime.datetime) -> QuerySet[Participant]:
    return Participant.objects.filter(
        workshop__status=WorkshopStatus.CLOSED, workshop__updated_at__lt=limit, joined_at__lt=limit
    ).exclude(pseudonym="")


def expired(now: datetime.datetime | None = None) -> list[Rule]:
    """What the rules reach at `now`, item by item."""
    now = now or timezone.now()
    limit = cutoff(now)
    accounts = Rule("accounts", "Accounts unused since " + limit.date().isoformat())
    for user in _accounts(limit).order_by("pk"):
        seen = (user.last_login or user.date_joined).date().isoformat()
        accounts.items.append(f"account #{user.pk} {user.email} (last seen {seen})")
    invitations = Rule("invitations", "Invitations expired, or closed before " + limit.date().isoformat())
    for invitation in _invitations(now, limit).order_by("pk"):
        invitations.items.append(f"invitation #{invitation.pk} {invitation.email} ({invitation.status})")
    links = Rule("share_links", "Fiche share links revoked or past their end")
    links.items = [f"share link #{link.pk} {link.label}" for link in _share_links(now.date()).order_by("pk")]
    withdrawn = Rule("testimonies", "Testimonies whose consent was withdrawn")
    withdrawn.items = [
        f"testimony #{t.pk} (withdrawn {t.revoked_at:%Y-%m-%d})"
        for t in _withdrawn().order_by("pk")
        if t.revoked_at is not None
    ]
    pairing = Rule("pairing", "Pairing digests of answers to campaigns closed before " + limit.date().isoformat())
    pairing.items = [
        f"answer #{pk} (campaign #{campaign})" for pk, campaign in _pairing(limit).values_list("pk", "campaign")
    ]
    pseudonyms = Rule("pseudonyms", "Pseudonyms of workshops closed before " + limit.date().isoformat())
    pseudonyms.items = [
        f"participant #{pk} (workshop #{workshop})"
        for pk, workshop in _pseudonyms(limit).values_list("pk", "workshop")
    ]
    sessions = Rule("sessions", "Expired browser sessions")
    sessions.items = [
        f"session {key[:6]}…"
        for key in Session.objects.filter(expire_date__lt=now).values_list("session_key", flat=True)
    ]
    failures = Rule("sign_in_failures", "Sign-in failures older than " + limit.date().isoformat())
    failures.items = [
        f"sign-in failure #{pk}"
        for pk in AccessAttempt.objects.filter(attempt_time__lt=limit).values_list("pk", flat=True)
    ]
    return [accounts, invitations, links, withdrawn, pairing, pseudonyms, sessions, failures]


@transaction.atomic
def apply(now: datetime.datetime | None = None) -> list[Rule]:
    """Anonymise or delete everything `expired()` lists; the same list is returned."""
    now = now or timezone.now()
    limit = cutoff(now)
    rules = expired(now)
    for user in _accounts(limit).select_for_update(of=("self",)):
        user.email = f"compte-{user.pk}@{ANONYMOUS_DOMAIN}"
        user.full_name = "Compte anonymisé"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "full_name", "is_active", "password"])
        Membership.objects.filter(user=user).delete()
        NetworkMembership.objects.filter(user=user).delete()
        second_factor.turn_off(user)
    _invitations(now, limit).delete()
    _share_links(now.date()).delete()
    withdrawn = list(_withdrawn().values_list("pk", flat=True))
    if withdrawn:
        _scrub_snapshots(set(withdrawn))
        for testimony in Testimony.objects.filter(pk__in=withdrawn).exclude(photo=""):
            transaction.on_commit(partial(testimony.photo.storage.delete, str(testimony.photo.name)))
        Testimony.objects.filter(pk__in=withdrawn).delete()
    _pairing(limit).update(code_digest="")
    _pseudonyms(limit).update(pseudonym="")
    Session.objects.filter(expire_date__lt=now).delete()
    AccessAttempt.objects.filter(attempt_time__lt=limit).delete()
    logger.info("retention applied: %s", ", ".join(f"{rule.key}={rule.count}" for rule in rules))
    return rules


def _scrub_snapshots(withdrawn: set[int]) -> None:
    """Published fiche versions keep their figures, not the withdrawn testimonies' words."""
    for version in PublishedVersion.objects.filter(snapshot__has_key="testimonies").only("pk", "snapshot"):
        testimonies = version.snapshot.get("testimonies") or []
        kept = [t for t in testimonies if t.get("id") not in withdrawn]
        if len(kept) != len(testimonies):
            version.snapshot = {**version.snapshot, "testimonies": kept}
            version.save(update_fields=["snapshot"])
