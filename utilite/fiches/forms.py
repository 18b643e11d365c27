from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.organisations.models import Action, Organisation

from .enums import NARRATIVE
from .models import Fiche, ShareLink

GUIDANCE = {
    "activities": _("What the structure does, for whom, with which people and means (staff, volunteers, places)."),
    "stakes": _("Why you evaluate: what you want to show, understand or improve."),
    "stakeholders": _("Who took part in the evaluation: employees, volunteers, people supported, partners."),
    "uses": _("What you will do with the evaluation: monitoring, reporting to funders, advocacy, steering."),
    "lessons": _("What was hard, what you learnt, what you would do differently."),
}


class FicheForm(forms.ModelForm[Fiche]):
    class Meta:
        model = Fiche
        fields = ["title", "action", "period_start", "period_end", "licence", *NARRATIVE]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 6}) for name in NARRATIVE},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ModelChoiceField, self.fields["action"])
        action.queryset = Action.objects.for_organisation(organisation).order_by("title")
        action.empty_label = _("The whole structure")
        for name in NARRATIVE:
            self.fields[name].help_text = (
                str(GUIDANCE[name]) + " " + str(_("Markdown: **bold**, *italics*, lists with -."))
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period comes after its start."))
        return cleaned


class ShareLinkForm(forms.ModelForm[ShareLink]):
    class Meta:
        model = ShareLink
        fields = ["label", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
