"""The process that turns HTML into a PDF: started fresh (`python -m utilite.core.pdf_worker`),
it imports WeasyPrint only, caps its own address space, reads HTML on stdin and writes the
number of pages then the PDF on stdout."""

from __future__ import annotations

import resource
import sys

from weasyprint import HTML
from weasyprint.urls import URLFetcher


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages; only `data:` URIs may be read."""
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=1, allow_redirects=False)
    document = HTML(string=html, url_fetcher=fetcher, base_url=None).render(pdf_variant="pdf/ua-1")
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def main() -> None:
    memory = int(sys.argv[1])
    html = sys.stdin.buffer.read().decode("utf-8")
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    pdf, pages = html_to_pdf(html)
    sys.stdout.buffer.write(pages.to_bytes(8, "big") + pdf)


if __name__ == "__main__":
    main()
