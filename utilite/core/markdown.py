"""Markdown written by users, turned into safe HTML: CommonMark without raw HTML, then
sanitised with an allow-list (nh3), so that nothing but plain formatting reaches a page or PDF."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "h3", "h4", "a", "code"}


def render_markdown(text: str) -> SafeString:
    html = _PARSER.render(text or "")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"})
    return mark_safe(clean)  # noqa: S308 (sanitised just above)  # nosec B308 B703
