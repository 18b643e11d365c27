from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from utilite.organisations.models import Organisation

from .models import Testimony, TestimonyCriterion

if TYPE_CHECKING:
    from utilite.accounts.models import User


def _set_criteria(testimony: Testimony, criterion_uids: Iterable[Any]) -> None:
    testimony.criterion_links.all().delete()
    TestimonyCriterion.objects.bulk_create(
        TestimonyCriterion(testimony=testimony, criterion_uid=uid) for uid in dict.fromkeys(criterion_uids)
    )


@transaction.atomic
def record_testimony(
    *, organisation: Organisation, user: User, criteria: Iterable[Any] = (), **fields: Any
) -> Testimony:
    testimony = Testimony.objects.create(organisation=organisation, created_by=user, **fields)
    _set_criteria(testimony, criteria)
    return testimony


@transaction.atomic
def update_testimony(testimony: Testimony, *, criteria: Iterable[Any], **fields: Any) -> Testimony:
    old_photo = testimony.photo.name if testimony.photo else ""
    for name, value in fields.items():
        setattr(testimony, name, value)
    testimony.save()
    if old_photo and testimony.photo.name != old_photo:
        testimony.photo.storage.delete(old_photo)
    _set_criteria(testimony, criteria)
    return testimony


@transaction.atomic
def revoke_consent(testimony: Testimony) -> Testimony:
    """Consent withdrawn: out of every future output, and the photo is deleted for good."""
    testimony.revoked_at = timezone.now()
    if testimony.photo:
        testimony.photo.delete(save=False)
    testimony.save(update_fields=["revoked_at", "photo", "updated_at"])
    return testimony
