"""Writes that change what a territory synthesis shows mark the network's snapshots stale
(`snapshots`): one UPDATE, which touches nothing when they are stale already."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from utilite.activities.signals import network_activity_changed
from utilite.measures.models import CollectionPlan, IndicatorValue
from utilite.organisations.models import Organisation
from utilite.referentiels.models import Referentiel
from utilite.testimonies.models import Testimony, TestimonyCriterion

from . import snapshots
from .models import Mapping

BY_ORGANISATION = (IndicatorValue, CollectionPlan, Mapping, Referentiel, Testimony)


def _organisation_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    snapshots.mark_stale_for_organisation(instance.organisation_id)


def _testimony_linked(sender: Any, instance: TestimonyCriterion, **kwargs: Any) -> None:
    organisation_id = Testimony.objects.filter(pk=instance.testimony_id).values_list("organisation_id", flat=True)
    for found in organisation_id:
        snapshots.mark_stale_for_organisation(found)


def _structure_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    snapshots.mark_stale(instance.network_id)


def _publics_or_sectors_changed(
    sender: Any, instance: Any, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if not reverse:
        snapshots.mark_stale(instance.network_id)
        return
    for network_id in set(Organisation.objects.filter(pk__in=pk_set or ()).values_list("network_id", flat=True)):
        snapshots.mark_stale(network_id)


def _sessions_changed(sender: Any, network_id: int, **kwargs: Any) -> None:
    snapshots.mark_stale(network_id)


def connect() -> None:
    for model in BY_ORGANISATION:
        post_save.connect(_organisation_changed, sender=model, dispatch_uid=f"synthesis-{model.__name__}-save")
        post_delete.connect(_organisation_changed, sender=model, dispatch_uid=f"synthesis-{model.__name__}-delete")
    post_save.connect(_testimony_linked, sender=TestimonyCriterion, dispatch_uid="synthesis-link-save")
    post_delete.connect(_testimony_linked, sender=TestimonyCriterion, dispatch_uid="synthesis-link-delete")
    post_save.connect(_structure_changed, sender=Organisation, dispatch_uid="synthesis-structure")
    for through in (Organisation.sectors.through, Organisation.publics.through):
        m2m_changed.connect(_publics_or_sectors_changed, sender=through, dispatch_uid=f"synthesis-{through.__name__}")
    network_activity_changed.connect(_sessions_changed, dispatch_uid="synthesis-sessions")
