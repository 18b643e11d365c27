"""No lost work: the one optimistic lock of référentiel items, indicator values, fiches and
common items. A form carries the `revision` it was opened with; the save is a single
`UPDATE … WHERE revision = <that one>`, so two people saving at once never overwrite each other:
the second gets `Conflict` with what the first saved, and the page (HTTP 409) shows both."""

from __future__ import annotations

import logging
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


class Conflict(Exception):
    """Someone saved since the form was opened; `current` is what is saved now."""

    def __init__(self, current: Any) -> None:
        super().__init__("conflict")
        self.current = current


def save_if_unchanged[M: models.Model](instance: M, *, revision: int | None, **fields: Any) -> M:
    """Write `fields` and move to the next revision, only if the row is still at `revision`
    (`None`: whatever it is now, for writes that do not come from a form)."""
    manager = type(instance)._default_manager
    rows = manager.filter(pk=instance.pk)
    if revision is not None:
        rows = rows.filter(revision=revision)
    stamp = {"updated_at": timezone.now()} if any(f.name == "updated_at" for f in instance._meta.fields) else {}
    if not rows.update(**fields, **stamp, revision=F("revision") + 1):
        current = manager.get(pk=instance.pk)
        logger.info(
            "conflict on %s %s: revision %s, now %s",
            type(instance).__name__,
            instance.pk,
            revision,
            getattr(current, "revision", None),
            extra={"model": type(instance).__name__, "pk": instance.pk},
        )
        raise Conflict(current)
    instance.refresh_from_db()
    return instance
