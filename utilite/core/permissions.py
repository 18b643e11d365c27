"""Plumbing shared by every app's permission rules.

Rules themselves are small predicates in each app's ``permissions.py``; views fetch objects
through helpers that raise 404 whenever the user may not see the object, so that another
structure's private data is never revealed, not even its existence.
"""

from django.http import Http404


def require(allowed: bool) -> None:
    """Stop with a 404 (not a 403) when a rule says no."""
    if not allowed:
        raise Http404
