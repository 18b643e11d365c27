"""QR codes for links people open on a phone (answering, joining a workshop)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, title: str) -> SafeString:
    """An inline SVG; segno escapes the URL and title it puts in it."""
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#1d2429", title=title)
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703
