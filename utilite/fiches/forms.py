from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import BoundedIntegerField, ModelForm
from utilite.organisations.models import Action, Organisation

from .enums import NARRATIVE, FundingContent
from .models import Fiche, ShareLink

GUIDANCE = {
    "activities": _("What the structure does, for whom, with which people and means (staff, volunteers, places)."),
    "stakes": _("Why you evaluate: what you want to show, understand or improve."),
    "stakeholders": _("Who took part in the evaluation: employees, volunteers, people supported, partners."),
    "uses": _("What you will do with the evaluation: monitoring, reporting to funders, advocacy, steering."),
    "lessons": _("What was hard, what you learnt, what you would do differently."),
}


class FicheForm(ModelForm[Fiche]):
    # The revision the writer started from: a save on top of someone else's is refused (409).
    revision = BoundedIntegerField(widget=forms.HiddenInput, required=False)

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
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision
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


class ShareLinkForm(ModelForm[ShareLink]):
    class Meta:
        model = ShareLink
        fields = ["label", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class FundingSectionForm(forms.Form):
    title = forms.CharField(label=_("Title of the section"), max_length=150)
    guidance = forms.CharField(
        label=_("Guidance for the structures"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the call for projects expects here. Shown in the file, to be replaced."),
    )
    content = forms.ChoiceField(label=_("Filled with"), choices=[("", "—"), *FundingContent.choices])


FundingSectionFormSet = forms.formset_factory(
    FundingSectionForm, extra=1, can_order=True, can_delete=True, max_num=30, validate_max=True
)
