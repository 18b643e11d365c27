"""Background work of the wiki: imports of a whole MediaWiki, or of a document."""

from django.tasks import task

from utilite.core.logs import logged

from . import imports
from .models import WikiImport


@task()
@logged
def import_wiki(job_id: int) -> None:
    imports.run(WikiImport.objects.select_related("space__network", "created_by").get(pk=job_id))
