from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """Public: the accessibility statement (RGAA asks every public service to publish one)."""
    return render(request, "core/accessibility.html")


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Public: for the load balancer; says only whether the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
