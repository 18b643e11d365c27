"""Background work of the fiches app."""

from django.tasks import task

from utilite.core.logs import logged

from .models import Rendering
from .rendering import run


@task()
@logged
def render_fiche(rendering_id: int) -> None:
    run(
        Rendering.objects.select_related("fiche__organisation__network", "fiche__action", "version").get(
            pk=rendering_id
        )
    )
