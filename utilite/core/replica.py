"""Reads of read-only pages on a PostgreSQL replica, when one is configured (DATABASE_REPLICA_URL).

A view marked `reads_replica` runs its reads, for GET and HEAD, on the `replica` alias; writes,
and every other view, go to `default`. Sign-in and sessions are read by middleware before the
view runs, so they always come from the primary: a person never appears signed out because of
replication delay."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
on_replica: ContextVar[bool] = ContextVar("on_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if on_replica.get() and REPLICA in connections.settings:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


@contextmanager
def replica_reads() -> Iterator[None]:
    token = on_replica.set(True)
    try:
        yield
    finally:
        on_replica.reset(token)


def reads_replica[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        assert isinstance(request, HttpRequest)  # noqa: S101  # nosec B101
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper
