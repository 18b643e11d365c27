"""Background work of co-publication: sounds and videos converted for the web."""

from django.tasks import task

from utilite.core.logs import logged

from . import services
from .models import Media


@task()
@logged
def convert_media(media_id: int) -> None:
    services.convert(Media.objects.select_related("contribution").get(pk=media_id))
