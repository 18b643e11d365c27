"""PDFs from our own templates with WeasyPrint: tagged (PDF/UA), with title and language, and
fetching nothing from the network — only `data:` URIs embedded in the HTML are read."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=1, allow_redirects=False)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
