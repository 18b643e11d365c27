"""`{% download_links url %}`: one link per table format (see `core.downloads.FORMATS`)."""

from typing import Any

from django import template

from utilite.core.downloads import FORMATS

register = template.Library()


@register.inclusion_tag("components/download_links.html")
def download_links(url: str, label: str = "") -> dict[str, Any]:
    joiner = "" if url.endswith(("?", "&")) else "&" if "?" in url else "?"
    links = [(f"{url}{joiner}format={key}", title) for key, (title, _extension) in FORMATS.items()]
    return {"links": links, "label": label}
