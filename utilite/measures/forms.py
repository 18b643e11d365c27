from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.activities.enums import BREAKDOWN_FIELDS
from utilite.activities.forms import CountsMixin, ImportForm, count_fields
from utilite.core.ids import BoundedIntegerField, IdChoiceField, ModelForm
from utilite.organisations.models import Action
from utilite.referentiels.enums import IndicatorKind, Level

from . import figures
from .enums import Granularity, Scenario
from .models import CollectionPlan, IndicatorValue


class PlanForm(ModelForm[CollectionPlan]):
    class Meta:
        model = CollectionPlan
        fields = ["period_type", "instrument", "responsible", "computed_from"]

    def __init__(self, *args: Any, indicator: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.level != Level.REALISATION or indicator.kind != IndicatorKind.COUNT:
            del self.fields["computed_from"]
        else:
            self.fields["computed_from"].help_text = _("Leave empty to enter the value yourself.")


class ScenarioForm(forms.Form):
    scenarios = forms.MultipleChoiceField(
        label=_("What the evaluation will be used for"),
        choices=Scenario.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PeriodForm(forms.Form):
    periode = forms.ChoiceField(label=_("Periods of"), choices=Granularity.choices, required=False)
    p = forms.CharField(
        label=_("Period"), required=False, max_length=10, help_text=_("For example 2026-11, 2026-Q4 or 2026.")
    )


class ValueForm(CountsMixin, forms.Form):
    value = forms.DecimalField(
        label=_("Value"),
        required=False,
        max_digits=14,
        decimal_places=2,
        localize=True,  # « 12,5 » as people write it (« 12.5 » too)
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    text = forms.CharField(label=_("Observation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)
    source = forms.CharField(label=_("Source"), required=False, max_length=200)
    revision = BoundedIntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, indicator: Any, value: IndicatorValue | None = None, **kwargs: Any) -> None:
        if value is not None:
            kwargs["initial"] = {
                "revision": value.revision,
                "value": None if value.value is None else figures.plain(value.value),
                "text": value.text,
                "comment": value.comment,
                "source": value.source,
                **value.breakdown,
            }
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.has_breakdown = indicator.kind == IndicatorKind.COUNT
        if indicator.kind == IndicatorKind.QUALITATIVE:
            del self.fields["value"]
            return
        del self.fields["text"]
        if indicator.kind == IndicatorKind.YES_NO:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Value"),
                required=False,
                coerce=Decimal,
                empty_value=None,
                choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
            )
        if self.has_breakdown:
            self.fields.update(count_fields())

    def clean_value(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("value")
        if value is not None and self.indicator.kind == IndicatorKind.PERCENTAGE and not 0 <= value <= 100:
            raise forms.ValidationError(_("A percentage is between 0 and 100."))
        if value is not None and self.indicator.kind == IndicatorKind.COUNT and value != value.to_integral_value():
            raise forms.ValidationError(_("A count is a whole number."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_breakdown:
            total = cleaned.get("value")
            if total is None and any(cleaned.get(name) for name in BREAKDOWN_FIELDS):
                self.add_error("value", _("Enter the total before the details."))
            self.clean_counts(cleaned, int(total or 0))
            cleaned["breakdown"] = {name: cleaned.pop(name) for name in BREAKDOWN_FIELDS if name in cleaned}
        return cleaned

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("value", "text", "comment", "source") if name in self.fields]

    def has_details(self) -> bool:
        """Whether the optional details were entered (they are then shown open)."""
        return self.has_breakdown and any(self[name].value() not in (None, "", 0, "0") for name in BREAKDOWN_FIELDS)


class DashboardFilterForm(forms.Form):
    mois = forms.TypedChoiceField(
        label=_("Over"),
        required=False,
        coerce=int,
        choices=[(6, _("6 months")), (12, _("12 months")), (24, _("24 months"))],
        initial=12,
    )
    action = IdChoiceField(
        label=_("Action"), required=False, queryset=Action.objects.none(), empty_label=_("All actions")
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        field.queryset = Action.objects.for_organisation(organisation).order_by("title")  # type: ignore[attr-defined]
        field.help_text = _(
            "Shows the indicators of this action and of the whole structure; those filled from the sessions "
            "count only its sessions."
        )


class ValuesImportForm(ImportForm):
    file = forms.FileField(
        label=_("File of values"),
        help_text=_("CSV (UTF-8, comma or semicolon) or XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
