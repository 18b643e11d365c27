"""Write use cases of the référentiel builder. Each is atomic and records who acted."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.core import locking
from utilite.organisations.models import Action, Organisation
from utilite.organisations.services import ActionRefused

from .enums import ReferentielStatus
from .library import load_library
from .models import AnyItem, Comment, Criterion, Indicator, IndicatorStakeholder, Referentiel, Registre

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from utilite.accounts.models import User

ItemModel = type[Registre] | type[Criterion] | type[Indicator]


Conflict = locking.Conflict


def parent_filter(item: AnyItem) -> dict[str, Any]:
    """The siblings of an item share this parent."""
    if isinstance(item, Registre):
        return {"referentiel_id": item.referentiel_id}
    if isinstance(item, Criterion):
        return {"registre_id": item.registre_id}
    if isinstance(item, Indicator):
        return {"criterion_id": item.criterion_id}
    raise TypeError(item)


def _ensure_draft(referentiel: Referentiel) -> None:
    if not referentiel.is_draft:
        raise ActionRefused(_("This version is validated and frozen. Start a new version to change it."))


@transaction.atomic
def start_referentiel(organisation: Organisation, user: User) -> Referentiel:
    if organisation.referentiels.exists():
        raise ActionRefused(_("This structure already has a référentiel."))
    return Referentiel.objects.create(organisation=organisation, created_by=user)


def _next_position(model: ItemModel, **parent: Any) -> int:
    current = model.objects.filter(**parent).aggregate(top=Max("position"))["top"]
    return 0 if current is None else current + 1


@transaction.atomic
def add_item(
    model: ItemModel,
    *,
    parent: Referentiel | Registre | Criterion,
    user: User,
    stakeholders: Iterable[str] = (),
    actions: Iterable[Action] = (),
    **fields: Any,
) -> AnyItem:
    parent_field = {Registre: "referentiel", Criterion: "registre", Indicator: "criterion"}[model]
    item = model(**{parent_field: parent}, proposed_by=user, updated_by=user, **fields)
    _ensure_draft(item.referentiel)
    item.position = _next_position(model, **parent_filter(item))
    item.save()
    if isinstance(item, Indicator):
        _set_indicator_links(item, stakeholders, actions)
    return item


def _set_indicator_links(indicator: Indicator, stakeholders: Iterable[str], actions: Iterable[Action]) -> None:
    indicator.stakeholder_links.all().delete()
    IndicatorStakeholder.objects.bulk_create(
        IndicatorStakeholder(indicator=indicator, code=code) for code in stakeholders
    )
    indicator.actions.set(actions)


@transaction.atomic
def update_item(
    item: AnyItem,
    *,
    revision: int,
    user: User,
    stakeholders: Iterable[str] | None = None,
    actions: Iterable[Action] | None = None,
    **fields: Any,
) -> AnyItem:
    """Save only if nobody saved since `revision` was read; otherwise raise `Conflict`."""
    _ensure_draft(item.referentiel)
    locking.save_if_unchanged(item, revision=revision, updated_by=user, **fields)
    if isinstance(item, Indicator) and stakeholders is not None and actions is not None:
        _set_indicator_links(item, stakeholders, actions)
    return item


@transaction.atomic
def move_item(item: AnyItem, direction: str) -> None:
    """Swap with the previous ("up") or next ("down") sibling; at an end, nothing moves."""
    _ensure_draft(item.referentiel)
    manager = type(item)._default_manager
    siblings = list(manager.filter(**parent_filter(item)).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            manager.filter(pk=sibling.pk).update(position=position)


@transaction.atomic
def delete_item(item: AnyItem) -> None:
    _ensure_draft(item.referentiel)
    item.delete()


@transaction.atomic
def validate_referentiel(referentiel: Referentiel, user: User) -> Referentiel:
    """draft → validated: frozen from now on; who and when are recorded."""
    referentiel = Referentiel.objects.select_for_update(of=("self",)).get(pk=referentiel.pk)
    _ensure_draft(referentiel)
    if not Indicator.objects.filter(criterion__registre__referentiel=referentiel).exists():
        raise ActionRefused(_("Add at least one indicator before validating."))
    referentiel.status = ReferentielStatus.VALIDATED
    referentiel.validated_by = user
    referentiel.validated_at = timezone.now()
    referentiel.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    return referentiel


@transaction.atomic
def start_new_version(referentiel: Referentiel, user: User) -> Referentiel:
    """A new draft, copied from a validated version, item by item."""
    if referentiel.is_draft:
        raise ActionRefused(_("This version is still a draft: edit it directly."))
    if referentiel.organisation.referentiels.drafts().exists():
        raise ActionRefused(_("A draft version already exists."))
    top = referentiel.organisation.referentiels.aggregate(top=Max("version"))["top"] or 0
    draft = Referentiel.objects.create(
        organisation=referentiel.organisation,
        version=top + 1,
        sharing=referentiel.sharing,
        previous=referentiel,
        created_by=user,
    )
    copy_items(referentiel, draft)
    return draft


@transaction.atomic
def draft_for(organisation: Organisation, user: User) -> Referentiel:
    """The structure's draft référentiel, started from its latest validated version (or
    blank) when it has none: where suggestions from elsewhere are added."""
    draft = organisation.referentiels.drafts().first()
    if draft is not None:
        return draft
    latest = organisation.referentiels.latest_validated()
    if latest is None:
        return start_referentiel(organisation, user)
    return start_new_version(latest, user)


def _copy(instance: models.Model, **changes: Any) -> Any:
    data = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.attname not in {"created_at", "updated_at"}
    }
    return type(instance)._default_manager.create(**(data | changes))


def copy_items(source: Referentiel, target: Referentiel, *, same_structure: bool = True) -> None:
    """Copy every item. Within a structure items keep their uid (versions can be compared) and
    their actions; into another structure they become new items, without the source's actions."""

    def fresh(**changes: Any) -> dict[str, Any]:
        return changes if same_structure else {**changes, "uid": uuid.uuid4()}

    for registre in source.registres_with_items():
        new_registre = _copy(registre, **fresh(referentiel_id=target.pk, revision=1))
        for criterion in registre.criteria.all():
            new_criterion = _copy(criterion, **fresh(registre_id=new_registre.pk, revision=1))
            for indicator in criterion.indicators.all():
                new_indicator = _copy(indicator, **fresh(criterion_id=new_criterion.pk, revision=1))
                actions = indicator.actions.all() if same_structure else []
                _set_indicator_links(new_indicator, indicator.stakeholders, actions)


@transaction.atomic
def copy_referentiel(source: Referentiel, organisation: Organisation, user: User) -> Referentiel:
    """Start a structure's référentiel from one another structure shared with the network."""
    if organisation.referentiels.exists():
        raise ActionRefused(_("This structure already has a référentiel."))
    draft = Referentiel.objects.create(organisation=organisation, created_by=user, copied_from=source)
    copy_items(source, draft, same_structure=False)
    return draft


@transaction.atomic
def set_sharing(referentiel: Referentiel, sharing: str) -> Referentiel:
    referentiel.sharing = sharing
    referentiel.save(update_fields=["sharing", "updated_at"])
    return referentiel


@transaction.atomic
def add_from_library(referentiel: Referentiel, keys: Iterable[str], user: User) -> int:
    """Add the chosen suggestions (and the registres and criteria above them) to a draft.

    A registre or criterion already present with the same title is reused. Returns how many
    indicators were added.
    """
    _ensure_draft(referentiel)
    chosen = set(keys)
    added = 0
    for suggestion in load_library():
        criteria = [c for c in suggestion.children if c.key in chosen or any(i.key in chosen for i in c.children)]
        if suggestion.key not in chosen and not criteria:
            continue
        registre = referentiel.registres.filter(title=suggestion.title).first() or cast(
            Registre,
            add_item(
                Registre, parent=referentiel, user=user, title=suggestion.title, description=suggestion.description
            ),
        )
        for criterion_suggestion in criteria:
            criterion = registre.criteria.filter(title=criterion_suggestion.title).first() or cast(
                Criterion, add_item(Criterion, parent=registre, user=user, title=criterion_suggestion.title)
            )
            for indicator in criterion_suggestion.children:
                if indicator.key in chosen or criterion_suggestion.key in chosen:
                    add_item(
                        Indicator,
                        parent=criterion,
                        user=user,
                        stakeholders=indicator.stakeholders,
                        notes=_("Suggested by the library. Source: %(source)s") % {"source": indicator.provenance},
                        **indicator.fields,
                    )
                    added += 1
    return added


@transaction.atomic
def add_comment(referentiel: Referentiel, item: AnyItem, *, author: User, body: str) -> Comment:
    return Comment.objects.create(referentiel=referentiel, item_uid=item.uid, author=author, body=body)
