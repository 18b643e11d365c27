"""PDFs from our own templates with WeasyPrint: tagged (PDF/UA), with title and language, and
fetching nothing from the network — only `data:` URIs embedded in the HTML are read.

Documents are rendered in a child process with a time and a memory limit, so that a runaway
document cannot take the worker down with it. Children are forked from a fork server that has
imported WeasyPrint once (its import costs seconds; a fork costs milliseconds), so each document
still starts from a clean process that shares nothing with the web or task worker."""

from __future__ import annotations

import multiprocessing

from django.template.loader import render_to_string

from .pdf_worker import html_to_pdf

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["utilite.core.pdf_worker"])


class RenderingFailed(Exception):
    pass


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string(template, context))[0]


def html_to_pdf_isolated(html: str, *, seconds: float = 120, memory_mb: int = 1024) -> tuple[bytes, int]:
    """`html_to_pdf` in a child process, stopped after `seconds`, allowed `memory_mb` of address
    space beyond what it starts with. Returns the PDF and its number of pages."""
    from .pdf_worker import render_in_child

    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=render_in_child, args=(html, memory_mb * 1024 * 1024, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RenderingFailed("time")
        try:
            answer = receiver.recv_bytes()
        except EOFError as error:  # the child was killed: out of memory in native code, most often
            raise RenderingFailed("memory") from error
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
        child.close()
    if len(answer) < 8:
        raise RenderingFailed(answer.decode("ascii", "replace") or "error")
    return answer[8:], int.from_bytes(answer[:8], "big")
