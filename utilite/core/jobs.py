"""The life of a background job: pending → running → done | failed, and nothing else.

Tasks change a job only through these functions. Each writes with an `UPDATE` of its own, so
that the page polling the job sees its progress even while the work runs inside a transaction
of its own (a long import keeps its row count in the cache, decision 0005)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

TRANSITIONS = {
    JobStatus.PENDING: {JobStatus.RUNNING, JobStatus.FAILED},
    JobStatus.RUNNING: {JobStatus.RUNNING, JobStatus.DONE, JobStatus.FAILED},
    JobStatus.DONE: {JobStatus.RUNNING},  # made again (a panorama, a PDF)
    JobStatus.FAILED: {JobStatus.RUNNING},  # tried again
}
UNEXPECTED = gettext_lazy("The work could not be done. The team has been told; try again later.")


class JobFailed(Exception):
    """The work cannot be done, for a reason the user is told (in plain French)."""


class WrongTransition(Exception):
    pass


def _move(job: Job, status: str, **fields: Any) -> Job:
    if status not in TRANSITIONS[JobStatus(job.status)]:
        raise WrongTransition(f"{job.kind} {job.pk}: {job.status} → {status}")
    fields = {"status": status, "updated_at": timezone.now(), **fields}
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
    return job


def start(job: Job) -> Job:
    return _move(job, JobStatus.RUNNING, progress=0, error="", started_at=timezone.now(), finished_at=None)


def advance(job: Job, percent: int) -> Job:
    return _move(job, JobStatus.RUNNING, progress=max(0, min(int(percent), 99)))


def succeed(job: Job, **fields: Any) -> Job:
    """Done; `fields` of the job's own model (a file, counts) are saved with it."""
    if fields:
        type(job)._default_manager.filter(pk=job.pk).update(**fields)
        for name, value in fields.items():
            setattr(job, name, value)
    _move(job, JobStatus.DONE, progress=100, finished_at=timezone.now())
    logger.info(
        "job %s %s done in %.3f s",
        job.kind,
        job.pk,
        job.seconds or 0,
        extra={"job": job.pk, "kind": job.kind, "seconds": job.seconds},
    )
    return job


def fail(job: Job, message: str, **fields: Any) -> Job:
    """Failed, with the reason shown to the user; `fields` of the job's own model saved with it."""
    if fields:
        type(job)._default_manager.filter(pk=job.pk).update(**fields)
        for name, value in fields.items():
            setattr(job, name, value)
    _move(job, JobStatus.FAILED, error=str(message)[:500], finished_at=timezone.now())
    logger.warning("job %s %s failed: %s", job.kind, job.pk, message, extra={"job": job.pk, "kind": job.kind})
    return job


@contextmanager
def running(job: Job) -> Iterator[Job]:
    """Run the block as the job's work: running when it starts, failed with its message when it
    raises `JobFailed`, failed with a general message (and the traceback logged) when it raises
    anything else. The block marks the job done itself (`succeed`), with what it made."""
    start(job)
    try:
        yield job
    except JobFailed as failure:
        fail(job, str(failure))
    except Exception:
        logger.exception("job %s %s crashed", job.kind, job.pk, extra={"job": job.pk, "kind": job.kind})
        fail(job, str(UNEXPECTED))
    else:
        if job.status == JobStatus.RUNNING:
            succeed(job)
