"""Files made from a fiche's snapshot. The PDF goes through our own template and WeasyPrint in
a limited child process; nothing typed by users reaches it but sanitised Markdown and escaped text."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from . import snapshot as snapshots
from .enums import Format, RenderingStatus
from .models import Rendering


def document_html(snapshot: dict[str, Any], *, for_print: bool) -> str:
    return render_to_string("fiches/document.html", {"s": snapshot, "for_print": for_print})


def _progress(rendering: Rendering, **fields: Any) -> None:
    Rendering.objects.filter(pk=rendering.pk).update(updated_at=timezone.now(), **fields)


def run(rendering: Rendering) -> Rendering:
    _progress(rendering, status=RenderingStatus.RUNNING, progress=10)
    data = rendering.version.snapshot if rendering.version else snapshots.build(rendering.fiche)
    data = snapshots.for_display(data)
    _progress(rendering, progress=30)
    name = f"{slugify(data['title']) or 'fiche'}-v{data['version']}.{rendering.format}"
    try:
        if rendering.format == Format.PDF:
            content, pages = html_to_pdf_isolated(document_html(data, for_print=True))
        else:
            raise RenderingFailed("format")
    except RenderingFailed as failure:
        _progress(rendering, status=RenderingStatus.FAILED, error=str(failure)[:300])
        rendering.refresh_from_db()
        return rendering
    rendering.file.save(name, ContentFile(content), save=False)
    _progress(rendering, status=RenderingStatus.DONE, progress=100, file=rendering.file.name, pages=pages)
    rendering.refresh_from_db()
    return rendering
