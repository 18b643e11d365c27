"""What a load balancer or an orchestrator asks a web node: is it alive (`/sante/`), and is it
ready to serve (`/sante/pret/`): the database, the shared cache and the task queue answer.

Each check says "ok" or "error"; the queue also says "late" when its oldest waiting task has
waited longer than `UTILITE_QUEUE_LATE_SECONDS` (the workers are behind or stopped): that is
worth an alert, not a reason to take web nodes out, so it does not fail readiness."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

OK, ERROR, LATE = "ok", "error", "late"


def database() -> str:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    return OK


def shared_cache() -> str:
    key, value = f"health:{secrets.token_hex(4)}", secrets.token_hex(4)
    cache.set(key, value, timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return OK if found == value else ERROR


def queue() -> str:
    """The database queue's oldest waiting task (one indexed query); other backends: nothing to ask."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return OK
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is not None and (timezone.now() - oldest).total_seconds() > settings.QUEUE_LATE_SECONDS:
        return LATE
    return OK


CHECKS: dict[str, Callable[[], str]] = {"database": database, "cache": shared_cache, "queue": queue}


def readiness() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except (DatabaseError, OSError, ConnectionError) as error:
            logger.error("health check %s failed: %s", name, error.__class__.__name__)
            results[name] = ERROR
        except Exception as error:  # a cache client's own errors (redis.ConnectionError...)
            logger.error("health check %s failed: %s", name, error.__class__.__name__)
            results[name] = ERROR
    return results
