"""Enforcing the second factor: once a person has one, no page opens before the code; a
network may require one from its coordinators and facilitators, who then set it up first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from utilite.accounts.models import User

from .permissions import access_for

# Pages reachable before the code: giving it, setting it up, signing out.
OPEN = {"accounts:verify", "accounts:second_factor", "accounts:logout"}


def state(user: User) -> tuple[bool, bool]:
    """(has a confirmed app, a network requires one for this person): read from the user row and
    the roles every page loads anyway (`access_for`), without a query of its own."""
    return bool(user.second_factor_on), access_for(user).second_factor_required


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if user.is_verified():  # type: ignore[attr-defined]
            # Read only by the pages that offer to turn it off (one query, when they ask).
            request.second_factor_required = SimpleLazyObject(lambda: state(user)[1])  # type: ignore[attr-defined]
            return None
        if getattr(view, "login_required", True) is False:  # public pages stay public
            return None
        has_app, required = state(user)
        request.second_factor_required = required  # type: ignore[attr-defined]
        match = request.resolver_match
        if match is not None and match.view_name in OPEN:
            return None
        query = "?" + urlencode({"next": request.get_full_path()})
        if has_app:
            return redirect(reverse("accounts:verify") + query)
        if required:
            return redirect(reverse("accounts:second_factor"))
        return None
