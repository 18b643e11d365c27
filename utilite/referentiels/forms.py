from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import BoundedIntegerField, ModelForm
from utilite.organisations.models import Action, Organisation

from .enums import Sharing, Stakeholder
from .models import Criterion, Indicator, Registre


class RevisionMixin(forms.Form):
    """The revision the person started from: a later save by someone else is a conflict."""

    revision = BoundedIntegerField(widget=forms.HiddenInput, required=False)


class RegistreForm(RevisionMixin, ModelForm[Registre]):
    class Meta:
        model = Registre
        fields = ["title", "description"]
        labels = {"title": _("Name of the registre")}
        help_texts = {"title": _("A family of effects the public understands, e.g. social cohesion, education.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CriterionForm(RevisionMixin, ModelForm[Criterion]):
    class Meta:
        model = Criterion
        fields = ["title", "description"]
        labels = {"title": _("Criterion")}
        help_texts = {"title": _("A quality you want to observe, e.g. social ties, development of autonomy.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(RevisionMixin, ModelForm[Indicator]):
    stakeholders = forms.MultipleChoiceField(
        label=_("Stakeholders concerned"),
        choices=Stakeholder.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = [
            "title",
            "level",
            "kind",
            "unit",
            "definition",
            "stakeholders",
            "data_source",
            "frequency",
            "responsible",
            "disaggregation",
            "baseline",
            "target",
            "actions",
            "notes",
        ]
        labels = {"title": _("Indicator")}
        help_texts = {
            "title": _("What you will observe or count, e.g. number and variety of tasks done without help."),
            "level": _("Output: what was done. Result: what it produced at the end. Impact: longer-term effects."),
            "actions": _("Leave empty if the indicator concerns the whole structure."),
        }
        widgets = {
            "level": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = cast(forms.ModelMultipleChoiceField, self.fields["actions"])
        actions.queryset = Action.objects.for_organisation(organisation).order_by("title")
        if self.instance.pk:
            self.initial["stakeholders"] = self.instance.stakeholders


FORMS = {"registre": RegistreForm, "critere": CriterionForm, "indicateur": IndicatorForm}


class SharingForm(forms.Form):
    sharing = forms.ChoiceField(label=_("Visible to"), choices=Sharing.choices, widget=forms.RadioSelect)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
