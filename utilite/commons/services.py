"""Write use cases of the common référentiel: start it, draft it together, publish a version,
start the next one; structures adopt common items or map their own to them."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.core import locking
from utilite.core.models import Job
from utilite.core.tasks import enqueue_on_commit
from utilite.networks.models import Network
from utilite.organisations.models import Organisation
from utilite.referentiels import models as structure
from utilite.referentiels import services as referentiels

from .enums import CommonReferentielStatus, Kind
from .models import (
    PATH_TO_REFERENTIEL,
    Comment,
    CommentKind,
    CommonCriterion,
    CommonIndicator,
    CommonReferentiel,
    Dimension,
    Mapping,
)

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from utilite.accounts.models import User

CommonItemType = Dimension | CommonCriterion | CommonIndicator
MODELS: dict[str, type[CommonItemType]] = {  # keyed by Kind values
    Kind.DIMENSION: Dimension,
    Kind.CRITERION: CommonCriterion,
    Kind.INDICATOR: CommonIndicator,
}
PARENT_FIELD: dict[str, str] = {
    Kind.DIMENSION: "referentiel",
    Kind.CRITERION: "dimension",
    Kind.INDICATOR: "criterion",
}
COMPARED: dict[str, list[str]] = {
    Kind.DIMENSION: ["title", "description"],
    Kind.CRITERION: ["title", "description"],
    Kind.INDICATOR: ["title", "description", "level", "indicator_kind", "unit", "definition", "aggregation"],
}


class Refused(Exception):
    """What was asked cannot be done in the current state; the message says why, in French."""


Conflict = locking.Conflict


def _starting_dimensions() -> list[tuple[str, str]]:
    """The four dimensions Brest's common référentiel found (domain guide §2), as a start."""
    return [
        (_("Personal emancipation"), _("Self-esteem, autonomy, skills, being able to do by oneself.")),
        (_("Living together"), _("Social ties, mixing of people and generations, fighting isolation.")),
        (_("Social inclusion"), _("Access to rights, to employment and training, to public services.")),
        (
            _("Social transformation"),
            _("Innovation, critical thinking, new practices of people and of the structures."),
        ),
    ]


@transaction.atomic
def start_common(network: Network, user: User) -> CommonReferentiel:
    if network.common_referentiels.exists():
        raise Refused(_("The network already has a common référentiel."))
    draft = CommonReferentiel.objects.create(
        network=network, title=_("Common référentiel of the social utility of digital mediation")
    )
    for position, (title, description) in enumerate(_starting_dimensions()):
        Dimension.objects.create(
            referentiel=draft, title=title, description=description, position=position, proposed_by=user
        )
    return draft


def _ensure_draft(referentiel: CommonReferentiel) -> None:
    if not referentiel.is_draft:
        raise Refused(_("This version is published: start a new version to change it."))


@transaction.atomic
def add_item(kind: str, *, parent: Any, user: User, **fields: Any) -> CommonItemType:
    model = MODELS[kind]
    item = model(**{PARENT_FIELD[kind]: parent}, proposed_by=user, **fields)
    referentiel = item.referentiel
    _ensure_draft(referentiel)
    top = model.objects.filter(**{PARENT_FIELD[kind]: parent}).aggregate(top=Max("position"))["top"]
    item.position = 0 if top is None else top + 1
    item.changed_in = referentiel.version
    item.save()
    return item


@transaction.atomic
def update_item(item: CommonItemType, *, revision: int | None = None, **fields: Any) -> CommonItemType:
    """Save the wording, unless someone saved since `revision` was read: then `Conflict`."""
    _ensure_draft(item.referentiel)
    return locking.save_if_unchanged(item, revision=revision, **fields)


@transaction.atomic
def delete_item(item: CommonItemType) -> None:
    _ensure_draft(item.referentiel)
    item.delete()


@transaction.atomic
def set_sources(item: CommonCriterion | CommonIndicator, sources: Iterable[Any]) -> None:
    _ensure_draft(item.referentiel)
    item.sources.set(sources)


def add_comment(
    network: Network, *, author: User, body: str, item_uid: Any = None, kind: str = CommentKind.COMMENT
) -> Comment:
    return Comment.objects.create(network=network, author=author, body=body.strip(), item_uid=item_uid, kind=kind)


@transaction.atomic
def publish(
    referentiel: CommonReferentiel,
    user: User,
    *,
    change_note: str = "",
    pdf_url: str = "",
    **fields: Any,
) -> CommonReferentiel:
    """draft → published, with the title, summary and licence given in `fields`: all of it or,
    when refused, nothing. Each item records whether its wording changed since the last version,
    so that structures which adopted it are told. With `pdf_url` (where the version will be
    read), its PDF is made in the background."""
    referentiel = CommonReferentiel.objects.select_for_update(of=("self",)).get(pk=referentiel.pk)
    _ensure_draft(referentiel)
    for name, value in fields.items():
        setattr(referentiel, name, value)
    if not CommonIndicator.objects.filter(criterion__dimension__referentiel=referentiel).exists():
        raise Refused(_("Add at least one common indicator before publishing."))
    previous = referentiel.previous
    for kind, model in MODELS.items():
        items = model.objects.filter(**{PATH_TO_REFERENTIEL[kind]: referentiel})
        before = {}
        if previous is not None:
            before = {old.uid: old for old in model.objects.filter(**{PATH_TO_REFERENTIEL[kind]: previous})}
        for item in items:
            old = before.get(item.uid)
            if old is not None and all(getattr(old, name) == getattr(item, name) for name in COMPARED[kind]):
                changed_in = old.changed_in
            else:
                changed_in = referentiel.version
            if item.changed_in != changed_in:
                model.objects.filter(pk=item.pk).update(changed_in=changed_in)
    referentiel.status = CommonReferentielStatus.PUBLISHED
    referentiel.published_at = timezone.now()
    referentiel.published_by = user
    referentiel.change_note = change_note.strip()
    referentiel.save()
    logger.info("common référentiel %s v%s published", referentiel.network_id, referentiel.version)
    if pdf_url:
        request_pdf(referentiel, pdf_url, user=user)
    return referentiel


@transaction.atomic
def request_pdf(referentiel: CommonReferentiel, url: str, *, user: User | None = None) -> Job:
    """Make (or make again) the PDF of a published version, in the background."""
    from .tasks import render_common_pdf

    job = Job.objects.create(kind="commons.pdf", created_by=user)
    CommonReferentiel.objects.filter(pk=referentiel.pk).update(pdf_job=job)
    referentiel.pdf_job = job
    enqueue_on_commit(render_common_pdf, referentiel.pk, url)
    return job


@transaction.atomic
def set_synthesis_for_partners(network: Network, allowed: bool) -> Network:
    """Let the network's partners read the territory synthesis, or stop it."""
    network.synthesis_for_partners = allowed
    network.save(update_fields=["synthesis_for_partners", "updated_at"])
    logger.info("network %s: synthesis for partners %s", network.pk, allowed)
    return network


@transaction.atomic
def start_new_version(network: Network, user: User) -> CommonReferentiel:
    """The next draft, copied from the latest published version item by item (same uids)."""
    if network.common_referentiels.filter(status=CommonReferentielStatus.DRAFT).exists():
        raise Refused(_("A draft version already exists."))
    latest = network.common_referentiels.published().first()
    if latest is None:
        raise Refused(_("Publish a first version before starting another one."))
    draft = CommonReferentiel.objects.create(
        network=network,
        version=latest.version + 1,
        title=latest.title,
        summary=latest.summary,
        licence=latest.licence,
        previous=latest,
    )
    for dimension in latest.dimensions.prefetch_related("criteria__indicators__sources", "criteria__sources"):
        new_dimension = _copy(dimension, referentiel=draft)
        for criterion in dimension.criteria.all():
            new_criterion = _copy(criterion, dimension=new_dimension)
            new_criterion.sources.set(criterion.sources.all())
            for indicator in criterion.indicators.all():
                _copy(indicator, criterion=new_criterion).sources.set(indicator.sources.all())
    return draft


def _copy(item: Any, **parent: Any) -> Any:
    data = {
        field.attname: getattr(item, field.attname)
        for field in item._meta.concrete_fields
        if not field.primary_key
        and field.attname not in {"created_at", "updated_at"}
        and not field.attname.endswith("_id")
    }
    data["proposed_by_id"] = item.proposed_by_id
    return type(item).objects.create(**data, **parent)


# --- Structures: adoption and mapping ---------------------------------------------------------


def _normalised_unit(unit: str) -> str:
    return " ".join(unit.lower().split()).rstrip("s")


def _unit_matches(own: structure.Indicator, common: CommonIndicator) -> bool:
    return own.kind == common.indicator_kind and _normalised_unit(own.unit) == _normalised_unit(common.unit)


@transaction.atomic
def map_item(
    organisation: Organisation,
    own: structure.Criterion | structure.Indicator,
    common: CommonCriterion | CommonIndicator,
    *,
    user: User,
    adopted_version: int | None = None,
) -> Mapping:
    """Say that one of the structure's items stands for a common one (replacing an earlier say)."""
    if isinstance(common, CommonIndicator) and isinstance(own, structure.Indicator):
        kind, criterion_uid, unit_matches = Kind.INDICATOR, common.criterion.uid, _unit_matches(own, common)
    elif isinstance(common, CommonCriterion) and isinstance(own, structure.Criterion):
        kind, criterion_uid, unit_matches = Kind.CRITERION, common.uid, False
    else:
        raise Refused(_("A criterion corresponds to a common criterion, an indicator to a common indicator."))
    mapping, _created = Mapping.objects.update_or_create(
        organisation=organisation,
        item_uid=own.uid,
        defaults={
            "kind": kind,
            "common_uid": common.uid,
            "common_criterion_uid": criterion_uid,
            "unit_matches": unit_matches,
            "adopted": adopted_version is not None,
            "adopted_version": adopted_version,
            "created_by": user,
        },
    )
    return mapping


def unmap_item(organisation: Organisation, item_uid: Any) -> None:
    Mapping.objects.filter(organisation=organisation, item_uid=item_uid).delete()


@transaction.atomic
def adopt(
    organisation: Organisation, common: CommonCriterion | CommonIndicator, *, user: User
) -> structure.Referentiel:
    """Copy a common criterion (with its indicators) or a common indicator into the structure's
    draft référentiel. The copies remember their origin (a mapping marked adopted)."""
    published = common.referentiel
    if published.is_draft:
        raise Refused(_("Only published common items can be adopted."))
    criterion_common = common if isinstance(common, CommonCriterion) else common.criterion
    indicators = list(criterion_common.indicators.all()) if isinstance(common, CommonCriterion) else [common]
    present = set(
        Mapping.objects.filter(organisation=organisation, kind=Kind.INDICATOR).values_list("common_uid", flat=True)
    )
    indicators = [indicator for indicator in indicators if indicator.uid not in present]
    if not indicators:
        raise Refused(_("Your référentiel already holds it."))
    draft = referentiels.draft_for(organisation, user)
    own_criterion = _own_criterion_for(organisation, draft, criterion_common, user, published.version)
    for indicator in indicators:
        own = cast(
            structure.Indicator,
            referentiels.add_item(
                structure.Indicator,
                parent=own_criterion,
                user=user,
                title=indicator.title,
                description=indicator.description,
                level=indicator.level,
                kind=indicator.indicator_kind,
                unit=indicator.unit,
                definition=indicator.definition,
            ),
        )
        map_item(organisation, own, indicator, user=user, adopted_version=published.version)
    return draft


def _own_criterion_for(
    organisation: Organisation, draft: structure.Referentiel, common: CommonCriterion, user: User, version: int
) -> structure.Criterion:
    mapped = set(
        Mapping.objects.filter(organisation=organisation, kind=Kind.CRITERION, common_uid=common.uid).values_list(
            "item_uid", flat=True
        )
    )
    existing = structure.Criterion.objects.filter(registre__referentiel=draft, uid__in=mapped).first()
    if existing is not None:
        return existing
    dimension = common.dimension
    registre = draft.registres.filter(title=dimension.title).first() or cast(
        structure.Registre,
        referentiels.add_item(
            structure.Registre, parent=draft, user=user, title=dimension.title, description=dimension.description
        ),
    )
    criterion = cast(
        structure.Criterion,
        referentiels.add_item(
            structure.Criterion, parent=registre, user=user, title=common.title, description=common.description
        ),
    )
    map_item(organisation, criterion, common, user=user, adopted_version=version)
    return criterion
