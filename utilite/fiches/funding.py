"""Funding applications: what a call for projects asks, gathered from a fiche into an editable
file. The network coordinator adjusts the sections (title, guidance, what fills them) once for
the whole network; each structure then gets its application in a minute and finishes it in
LibreOffice or Word."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from .enums import NARRATIVE, FundingContent
from .models import FundingTemplate, default_funding_sections

if TYPE_CHECKING:
    from utilite.accounts.models import User
    from utilite.networks.models import Network


def sections_of(network: Network) -> list[dict[str, Any]]:
    """The network's sections, or the default ones while the coordinator has not changed them."""
    template = FundingTemplate.objects.filter(network=network).first()
    return template.sections if template and template.sections else default_funding_sections()


@transaction.atomic
def save_sections(network: Network, sections: list[dict[str, Any]], *, user: User) -> FundingTemplate:
    cleaned = [
        {
            "title": section["title"].strip(),
            "guidance": section.get("guidance", "").strip(),
            "content": section["content"],
        }
        for section in sections
        if section["content"] in FundingContent.values and section["title"].strip()
    ]
    template, _created = FundingTemplate.objects.select_for_update(of=("self",)).get_or_create(network=network)
    template.sections = cleaned
    template.updated_by = user
    template.save()
    return template


def reset_sections(network: Network) -> None:
    FundingTemplate.objects.filter(network=network).delete()


def application(snapshot: dict[str, Any], sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sections of one structure's application: each with what fills it from the fiche."""
    narrative = {part["key"]: part for part in snapshot.get("narrative", [])}
    result = []
    for section in sections:
        content = section["content"]
        if content == FundingContent.ACTION and not snapshot.get("action"):
            content = FundingContent.ACTIVITIES  # no action chosen: the structure's activities say it
        result.append(
            {**section, "content": content, "part": narrative.get(content) if content in NARRATIVE else None}
        )
    return result
