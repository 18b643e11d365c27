"""Background work of the wiki: imports of a whole MediaWiki, or of a document."""

from django.tasks import task

from utilite.core.logs import logged

from . import exports, imports
from .models import WikiExport, WikiImport


@task()
@logged
def import_wiki(job_id: int) -> None:
    imports.run(WikiImport.objects.select_related("space__network", "created_by").get(pk=job_id))


@task()
@logged
def export_wiki(job_id: int) -> None:
    exports.run(WikiExport.objects.select_related("space__network", "page__space__network").get(pk=job_id))
