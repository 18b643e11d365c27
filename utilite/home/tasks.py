"""Recurring work across apps: the retention job (schedule it daily, see README)."""

from django.tasks import task

from utilite.core.logs import logged

from . import retention


@task()
@logged
def apply_retention() -> None:
    retention.apply()
