"""Logs that say what failed and for whom: a request id on every line written while a request
(or a task) runs, one line per background task, JSON in production.

The id comes from the `X-Request-ID` header of a proxy when it looks like one, otherwise it is
drawn at random; it is sent back in the response header and printed on the error page, so a
person can quote it to the team. No IP address, user agent or e-mail goes in the logs."""

from __future__ import annotations

import functools
import logging
import re
import secrets
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

request_id: ContextVar[str] = ContextVar("request_id", default="-")
HEADER = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a handler's filter, so library loggers get it too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def new_id() -> str:
    return secrets.token_hex(6)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        token = request_id.set(given if HEADER.fullmatch(given) else new_id())
        try:
            request.request_id = request_id.get()  # type: ignore[attr-defined]
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            return response
        finally:
            request_id.reset(token)


def logged[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """For a background task: its own id in the logs, a line when it ends, the traceback when it fails."""

    task_logger = logging.getLogger(function.__module__)

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = request_id.set(f"task-{new_id()}")
        started = time.perf_counter()
        name = function.__name__
        try:
            result = function(*args, **kwargs)
        except Exception:
            task_logger.exception("task %s failed", name, extra={"task": name, "task_args": _brief(args)})
            raise
        else:
            elapsed = round(time.perf_counter() - started, 3)
            task_logger.info(
                "task %s done in %s s",
                name,
                elapsed,
                extra={"task": name, "task_args": _brief(args), "seconds": elapsed},
            )
            return result
        finally:
            request_id.reset(token)

    return wrapper


def _brief(args: tuple[Any, ...]) -> str:
    """Task arguments are ids (never personal data): shown as they are, shortened."""
    return ", ".join(str(arg)[:40] for arg in args)
