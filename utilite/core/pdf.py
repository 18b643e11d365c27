"""PDFs from our own templates with WeasyPrint: tagged (PDF/UA), with title and language, and
fetching nothing from the network — only `data:` URIs embedded in the HTML are read.

Long documents are rendered in a fresh process with a time and a memory limit, so that a
runaway document cannot take the worker down with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.template.loader import render_to_string

from .pdf_worker import html_to_pdf

ROOT = Path(__file__).resolve().parents[2]


class RenderingFailed(Exception):
    pass


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string(template, context))[0]


def html_to_pdf_isolated(html: str, *, seconds: float = 120, memory_mb: int = 1024) -> tuple[bytes, int]:
    """`html_to_pdf` in a fresh process, stopped after `seconds`, allowed `memory_mb` of address
    space beyond what starting it takes."""
    try:
        done = subprocess.run(  # noqa: S603 (our own module, no shell, no user input in the command)
            [sys.executable, "-m", "utilite.core.pdf_worker", str(memory_mb * 1024 * 1024)],
            input=html.encode("utf-8"),
            capture_output=True,
            timeout=seconds,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RenderingFailed("time") from error
    if done.returncode != 0 or len(done.stdout) < 8:
        reason = "memory" if b"MemoryError" in done.stderr or b"Resource temporarily" in done.stderr else "error"
        raise RenderingFailed(reason)
    return done.stdout[8:], int.from_bytes(done.stdout[:8], "big")
