"""Background work of the activities app."""

from django.tasks import task

from utilite.core.logs import logged

from .imports import run
from .models import ImportJob


@task()
@logged
def import_activity_file(job_id: int) -> None:
    run(ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id))
