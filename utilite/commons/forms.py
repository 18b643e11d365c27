from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import BoundedIntegerField, IdChoiceField, ModelForm
from utilite.fiches.enums import Licence
from utilite.organisations.models import PublicGroup, Sector

from .enums import CommentKind
from .models import CommonCriterion, CommonIndicator, CommonReferentiel, Dimension
from .synthesis import Filters


class Revisioned(ModelForm[Any]):
    """Carries the revision the form was opened with (see `services.update_item`)."""

    revision = BoundedIntegerField(widget=forms.HiddenInput, required=False)


class DimensionForm(Revisioned):
    class Meta:
        model = Dimension
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class CriterionForm(Revisioned):
    class Meta:
        model = CommonCriterion
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class IndicatorForm(Revisioned):
    class Meta:
        model = CommonIndicator
        fields = ["title", "level", "indicator_kind", "unit", "aggregation", "counts_people", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 2})}


FORMS: dict[str, type[ModelForm[Any]]] = {
    "dimension": DimensionForm,
    "criterion": CriterionForm,
    "indicator": IndicatorForm,
}


class CommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("It is"), choices=CommentKind.choices, initial=CommentKind.COMMENT, widget=forms.RadioSelect
    )
    body = forms.CharField(label=_("Your message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(ModelForm[CommonReferentiel]):
    class Meta:
        model = CommonReferentiel
        fields = ["title", "summary", "licence", "change_note"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "change_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["licence"].initial = Licence.CC_BY_SA


class SynthesisFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sector = IdChoiceField(
        label=_("Sector"), queryset=Sector.objects.order_by("position", "name"), required=False, empty_label=_("All")
    )
    public = IdChoiceField(
        label=_("Public"),
        queryset=PublicGroup.objects.order_by("position", "name"),
        required=False,
        empty_label=_("All"),
    )
    district = forms.CharField(label=_("District"), required=False, max_length=100)

    def filters(self, today: datetime.date) -> Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or today.replace(month=1, day=1)
        end = data.get("end") or today.replace(month=12, day=31)
        if end < start:
            start, end = end, start
        return Filters(
            start=start,
            end=end,
            sector=data.get("sector"),
            public=data.get("public"),
            district=data.get("district") or "",
        )
