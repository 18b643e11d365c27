"""Background work: the one way to start a task from a write."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Run `task` once the current transaction has committed (at once outside one), so that a
    worker never reads rows that are not there yet, nor works for a write that was rolled back."""
    logger.info("task %s queued", task.name, extra={"task": task.name, "arguments": args})
    transaction.on_commit(partial(task.enqueue, *args))
