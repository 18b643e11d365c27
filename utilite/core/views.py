from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from .health import ERROR, OK, readiness
from .logs import request_id


@login_not_required
@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in plain French, with the reference a person can give the team (`core.logs`)."""
    html = render_to_string("500.html", {"request_id": request_id.get()})
    return HttpResponseServerError(html)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """Public: the accessibility statement (RGAA asks every public service to publish one)."""
    return render(request, "core/accessibility.html", {"retention_months": settings.RETENTION_MONTHS})


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Public, liveness: the process answers and its database too. Says nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Public, readiness: database, shared cache and task queue, each "ok", "late" or "error";
    503 when one is in error, so the load balancer sends no one to this node."""
    checks = readiness()
    failed = ERROR in checks.values()
    return JsonResponse({"status": ERROR if failed else OK, "checks": checks}, status=503 if failed else 200)
