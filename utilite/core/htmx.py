"""One view serves a whole page, or only one of its fragments when HTMX asks for it."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest, template_name: str, context: dict[str, Any], partial: str
) -> HttpResponse:
    """Render `template_name`, or only its `{% partialdef partial %}` for an HTMX request.

    History restoration requests get the whole page, as HTMX expects.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template_name = f"{template_name}#{partial}"
    return render(request, template_name, context)
