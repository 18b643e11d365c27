"""One spelling of an e-mail address for signing in, counting failures and locking out."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def normalise_email(value: object) -> str:
    """The address as accounts store it: trimmed, lower case (Unicode-aware)."""
    return str(value or "").strip().casefold()


def username_for_lockout(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """`AXES_USERNAME_CALLABLE`: failures of "Claire@X" and "claire@x" count together."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field):
        return normalise_email(credentials[field])
    data = getattr(request, "POST", None) or {}
    return normalise_email(data.get(field, ""))
