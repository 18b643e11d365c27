"""Files made from a fiche's snapshot. The PDF goes through our own template and WeasyPrint in
a limited child process; ODT and DOCX are written from the same template's HTML. Nothing typed
by users reaches them but sanitised Markdown and escaped text."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.core import documents, jobs
from utilite.core.pdf import RenderingFailed, html_to_pdf_isolated

from . import funding
from . import snapshot as snapshots
from .enums import Format
from .models import Rendering

logger = logging.getLogger(__name__)


def document_html(snapshot: dict[str, Any], *, for_print: bool) -> str:
    return render_to_string("fiches/document.html", {"s": snapshot, "for_print": for_print})


def funding_html(snapshot: dict[str, Any], sections: list[dict[str, Any]]) -> str:
    context = {"s": snapshot, "sections": funding.application(snapshot, sections)}
    return render_to_string("fiches/funding.html", context)


def editable(snapshot: dict[str, Any], *, funding_sections: list[dict[str, Any]] | None = None) -> documents.Document:
    """The fiche (or, given the network's sections, its funding application) as an editable document."""
    version = _("Version %(number)s") % {"number": snapshot["version"]}
    licence = f"{version} · {snapshot['licence']['label']}"
    period = snapshot["period"]["label"] + (f" · {snapshot['action']['title']}" if snapshot.get("action") else "")
    if funding_sections is None:
        html = render_to_string("fiches/_body.html", {"s": snapshot})
        cover = [snapshot["organisation"]["name"], _("Evaluation of social utility"), period, licence]
        return documents.Document(title=snapshot["title"], cover=cover, blocks=documents.read_html(html))
    title = _("Funding application · %(name)s") % {"name": snapshot["organisation"]["name"]}
    cover = [
        snapshot["organisation"]["name"],
        period,
        _("Prepared from the evaluation sheet “%(title)s”, version %(number)s")
        % {"title": snapshot["title"], "number": snapshot["version"]},
    ]
    pack = funding_html(snapshot, funding_sections)
    return documents.Document(title=title, cover=cover, blocks=documents.read_html(pack))


def run(rendering: Rendering) -> Rendering:
    with jobs.running(rendering):
        _make(rendering)
    rendering.refresh_from_db()
    return rendering


def _make(rendering: Rendering) -> None:
    jobs.advance(rendering, 10)
    data = rendering.version.snapshot if rendering.version else snapshots.build(rendering.fiche)
    data = snapshots.for_display(data)
    jobs.advance(rendering, 30)
    stem = slugify(data["title"]) or "fiche"
    if rendering.funding_pack:
        prefix = slugify(_("funding application"))
        stem = f"{prefix}-{stem}"
    name = f"{stem}-v{data['version']}.{rendering.format}"
    pages = None
    try:
        if rendering.funding_pack:
            sections = funding.sections_of(rendering.fiche.organisation.network)
            document = editable(data, funding_sections=sections)
            content = documents.to_odt(document) if rendering.format == Format.ODT else documents.to_docx(document)
        elif rendering.format == Format.PDF:
            content, pages = html_to_pdf_isolated(document_html(data, for_print=True))
        elif rendering.format == Format.ODT:
            content = documents.to_odt(editable(data))
        else:
            content = documents.to_docx(editable(data))
    except RenderingFailed as failure:
        logger.error("rendering %s of fiche %s failed: %s", rendering.pk, rendering.fiche_id, failure)
        reason = _("it took too long") if str(failure) == "time" else _("the document is too large")
        if str(failure) not in {"time", "memory"}:
            reason = _("an error in the document")
        raise jobs.JobFailed(
            _("The file could not be made: %(reason)s. Try again; if it fails again, tell the network coordinator.")
            % {"reason": reason}
        ) from failure
    rendering.file.save(name, ContentFile(content), save=False)
    jobs.succeed(rendering, file=rendering.file.name, pages=pages)
