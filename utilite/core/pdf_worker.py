"""The process side of PDF rendering. It imports WeasyPrint only (no Django): the fork server
of `utilite.core.pdf` preloads it once, then forks one child per document, which caps its own
address space, renders, and sends back the number of pages then the PDF."""

from __future__ import annotations

import resource
from multiprocessing.connection import Connection

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


def render_in_child(html: str, memory: int, out: Connection) -> None:
    """Run in a forked child: `memory` bytes of address space beyond what it starts with."""
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        pdf, pages = html_to_pdf(html)
    except MemoryError:
        out.send_bytes(b"memory")
    except Exception:  # any other failure is told, not printed: the parent says the file failed
        out.send_bytes(b"error")
    else:
        out.send_bytes(pages.to_bytes(8, "big") + pdf)
    finally:
        out.close()
