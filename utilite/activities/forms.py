from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import ModelForm
from utilite.organisations.models import Action, Organisation

from .enums import (
    ADMINISTRATIVE_THEMES,
    BREAKDOWN_FIELDS,
    COUNT_FIELDS,
    DIMENSION_LABELS,
    DURATION_PRESETS,
    DURATIONS,
    MAIN_THEMES,
    MAX_MINUTES,
    ActivityType,
    Autonomy,
    Material,
)
from .models import ActivityRecord

MAX_COUNT = 1_000_000  # people in one session: beyond is a typing error (and fits every database)


def count_fields() -> dict[str, forms.IntegerField]:
    """Optional fields for the anonymous counts, labelled as on a session."""
    return {
        name: forms.IntegerField(
            label=cast(models.Field, ActivityRecord._meta.get_field(name)).verbose_name,
            required=False,
            min_value=0,
            max_value=MAX_COUNT,
            widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        )
        for name in BREAKDOWN_FIELDS
    }


class CountsMixin:
    """Anonymous counts by gender, age band and situation, each within a total: validation and
    layout shared by the session form and the indicator value form."""

    def clean_counts(self, cleaned: dict[str, Any], total: int) -> None:
        form = cast(forms.BaseForm, self)
        for name in BREAKDOWN_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0  # left empty: not counted
        for dimension, names in COUNT_FIELDS.items():
            counted = sum(cleaned.get(name) or 0 for name in names)
            if counted > total:
                form.add_error(
                    names[0],
                    _("The counts by %(dimension)s add up to %(counted)s, more than the total of %(total)s.")
                    % {"dimension": DIMENSION_LABELS[dimension], "counted": counted, "total": total},
                )

    def breakdown_fields(self) -> list[tuple[Any, list[forms.BoundField]]]:
        form = cast(forms.BaseForm, self)
        return [
            (DIMENSION_LABELS[dimension], [form[name] for name in names]) for dimension, names in COUNT_FIELDS.items()
        ]


OTHER_DURATION = "other"


def theme_choices() -> list[Any]:
    """The main themes, then what an administrative procedure was about, as a group."""
    return [
        *[(theme.value, theme.label) for theme in MAIN_THEMES],
        (_("Administrative procedure about"), [(theme.value, theme.label) for theme in ADMINISTRATIVE_THEMES]),
    ]


class ActivityRecordForm(CountsMixin, ModelForm[ActivityRecord]):
    duration_choice = forms.ChoiceField(
        label=_("Duration"),
        choices=[*[(str(minutes), label) for minutes, label in DURATIONS], (OTHER_DURATION, _("Other duration"))],
        widget=forms.RadioSelect,
    )
    duration_other = forms.IntegerField(
        label=_("Other duration, in minutes"),
        required=False,
        min_value=1,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_MINUTES, "inputmode": "numeric"}),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=theme_choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    material = forms.MultipleChoiceField(
        label=_("Material used"), choices=Material.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ActivityRecord
        fields = [
            "date",
            "activity_type",
            "action",
            "participants",
            "themes",
            "place_type",
            "material",
            "autonomy",
            "orientation",
            *BREAKDOWN_FIELDS,
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "activity_type": forms.RadioSelect,
            "place_type": forms.RadioSelect,
            "autonomy": forms.RadioSelect,
            "participants": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            **{name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}) for name in BREAKDOWN_FIELDS},
        }
        help_texts = {
            "participants": _("Counted, never named."),
            "orientation": _("A service or structure the person was sent to, if any. No names of people."),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ModelChoiceField, self.fields["action"])
        action.queryset = Action.objects.for_organisation(organisation).order_by("title")
        action.empty_label = _("No particular action")
        cast(forms.ChoiceField, self.fields["autonomy"]).choices = [("", _("Not observed")), *Autonomy.choices]
        for name in BREAKDOWN_FIELDS:
            self.fields[name].required = False
        if self.instance.pk:
            self.initial["themes"] = list(self.instance.themes.values_list("code", flat=True))
        minutes = self.initial.get("duration_minutes", self.instance.duration_minutes)
        if minutes in DURATION_PRESETS:
            self.initial["duration_choice"] = str(minutes)
        else:
            self.initial.update(duration_choice=OTHER_DURATION, duration_other=minutes)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.pop("duration_choice", None)
        other = cleaned.pop("duration_other", None)
        if choice == OTHER_DURATION:
            if other is None:
                self.add_error("duration_other", _("Give the duration in minutes."))
            cleaned["duration_minutes"] = other
        elif choice:
            cleaned["duration_minutes"] = int(choice)
        participants = cleaned.get("participants") or 0
        if cleaned.get("activity_type") == ActivityType.INDIVIDUAL and participants != 1:
            self.add_error("participants", _("An individual support concerns one person."))
        self.clean_counts(cleaned, participants)
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of sessions"),
        help_text=_("XLSX, ODS or CSV (comma or semicolon), 50 MB at most. The Coop's export is read as it is."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.ods"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Send a .xlsx, .ods or .csv file."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (50 MB at most)."))
        return upload
