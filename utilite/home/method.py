"""Where a structure stands in the evaluation method, and what to do next.

The method's steps (domain guide §2): frame → identify social utility → criteria and indicators
→ plan and collect → analyse and write the sheet → share across the network. Each later capability
adds the checks of its own step here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from utilite.organisations.models import Organisation


class MethodStep(IntEnum):
    FRAME = 0
    IDENTIFY = 1
    CRITERIA = 2
    COLLECT = 3
    ANALYSE = 4
    CAPITALISE = 5

    @property
    def label(self) -> Promise:
        return STEP_LABELS[self]


STEP_LABELS = {
    MethodStep.FRAME: _("Frame the evaluation"),
    MethodStep.IDENTIFY: _("Identify your social utility"),
    MethodStep.CRITERIA: _("Build criteria and indicators"),
    MethodStep.COLLECT: _("Plan and collect"),
    MethodStep.ANALYSE: _("Analyse and write the evaluation sheet"),
    MethodStep.CAPITALISE: _("Share across the network"),
}


@dataclass(frozen=True)
class Progress:
    step: MethodStep
    next_label: Promise
    next_url: str | None

    @property
    def steps(self) -> list[tuple[MethodStep, str]]:
        """Each step with its state: done, current or to come."""
        return [
            (step, "done" if step < self.step else "current" if step == self.step else "todo") for step in MethodStep
        ]


def progress_for(
    organisation: Organisation,
    *,
    action_count: int,
    member_count: int,
    has_referentiel: bool = False,
    has_validated_referentiel: bool = False,
) -> Progress:
    """Framing is done once the structure has described itself, its actions and gathered a team;
    then it builds its référentiel, and collects once a version is validated."""
    if not organisation.description:
        return Progress(
            MethodStep.FRAME,
            _("Describe your structure in a few sentences"),
            reverse("organisations:update", kwargs={"slug": organisation.slug}),
        )
    if action_count == 0:
        return Progress(
            MethodStep.FRAME,
            _("Describe the actions you want to evaluate"),
            reverse("organisations:action_create", kwargs={"slug": organisation.slug}),
        )
    if member_count < 2:
        return Progress(
            MethodStep.FRAME,
            _("Invite the people who will evaluate with you"),
            reverse("organisations:members", kwargs={"slug": organisation.slug}),
        )
    referentiel_url = reverse("referentiels:home", kwargs={"slug": organisation.slug})
    if has_validated_referentiel:
        return Progress(MethodStep.COLLECT, _("Plan how and when each indicator will be collected"), referentiel_url)
    if has_referentiel:
        return Progress(MethodStep.CRITERIA, _("Complete your référentiel and have it validated"), referentiel_url)
    return Progress(
        MethodStep.IDENTIFY,
        _("Identify your social utility with your team, public and partners, then build your référentiel"),
        referentiel_url,
    )
