"""What every app shares: timestamps, and the one model of background work (`Job`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every row says when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobQuerySet(models.QuerySet["Job"]):
    def unfinished(self) -> JobQuerySet:
        return self.filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING])

    def failed(self) -> JobQuerySet:
        return self.filter(status=JobStatus.FAILED)


class Job(models.Model):
    """Slow work done in the background: a file imported, a document made, a media processed.

    Life cycle: pending → running → done | failed (`core.jobs` moves it). A kind of work with
    its own data is a child model (`ImportJob`, `Rendering`); others point to a plain job. A
    failed job keeps the message shown to the person who asked for it."""

    KIND = "job"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {}  # a kind's own words: « Importé » rather than « Terminé »

    kind = models.CharField(_("kind"), max_length=40, default="job", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)  # in plain French, for the user
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "status"], name="core_job_kind_status_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="core_job_status_valid"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="core_job_progress_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} · {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind == "job":
            self.kind = self.KIND
        super().save(*args, **kwargs)

    def get_status_display(self) -> str:  # type: ignore[no-redef]  # a kind's own words first
        return str(self.STATUS_LABELS.get(self.status) or JobStatus(self.status).label)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def seconds(self) -> float | None:
        """How long the work took (or has taken so far)."""
        if self.started_at is None:
            return None
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()
