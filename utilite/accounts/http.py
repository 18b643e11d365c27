from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a page behind login (LoginRequiredMiddleware guarantees a signed-in user)."""

    user: User
