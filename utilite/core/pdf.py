"""PDFs from our own templates with WeasyPrint: tagged (PDF/UA), with title and language, and
fetching nothing from the network — only `data:` URIs embedded in the HTML are read.

Long documents are rendered in a child process with a time and a memory limit, so that a
runaway document cannot take the worker down with it."""

from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


class RenderingFailed(Exception):
    pass


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=1, allow_redirects=False)
    document = HTML(string=html, url_fetcher=fetcher, base_url=None).render(pdf_variant="pdf/ua-1")
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string(template, context))[0]


def _address_space() -> int:
    """Bytes of address space this process uses now (a fork starts with its parent's)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _child(html: str, memory: int, sender: Connection) -> None:
    limit = _address_space() + memory  # the budget comes on top of what the fork inherited
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        sender.send(html_to_pdf(html))
    except MemoryError:
        sender.send(RenderingFailed("memory"))
    except Exception as error:
        sender.send(RenderingFailed(type(error).__name__))
    finally:
        sender.close()


def html_to_pdf_isolated(html: str, *, seconds: int = 120, memory_mb: int = 1024) -> tuple[bytes, int]:
    """`html_to_pdf` in a child process limited to `seconds` and to `memory_mb` of address space
    beyond what it inherits from its parent."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(html, memory_mb * 1024 * 1024, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RenderingFailed("time")
        result = receiver.recv()
    except EOFError as error:
        raise RenderingFailed("crashed") from error
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if isinstance(result, RenderingFailed):
        raise result
    return result
