"""Forms of the directory: a place's sheet, its opening hours as a week grid, the public
filters, an error report, an orientation sheet, an import."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilite.core.ids import BoundedIntegerField, IdChoiceField, ModelForm
from utilite.organisations.models import Organisation

from . import hours, schema
from .models import Place

LIST_SPLIT = re.compile(r"[\n,;|]+")
DAY_LABELS = {
    "Mo": pgettext_lazy("day", "Monday"),
    "Tu": pgettext_lazy("day", "Tuesday"),
    "We": pgettext_lazy("day", "Wednesday"),
    "Th": pgettext_lazy("day", "Thursday"),
    "Fr": pgettext_lazy("day", "Friday"),
    "Sa": pgettext_lazy("day", "Saturday"),
    "Su": pgettext_lazy("day", "Sunday"),
}
CHOICE_FIELDS = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_acces",
    "modalites_accompagnement",
    "itinerance",
    "dispositif_programmes_nationaux",
    "formations_labels",
)
FREE_LISTS = ("typologie", "courriels", "site_web", "autres_formations_labels")


def _choices(name: str) -> list[tuple[str, str]]:
    return [(value, value) for value in schema.choices(name)]


class ListField(forms.CharField):
    """Several values typed one per line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return [item.strip() for item in LIST_SPLIT.split(str(value or "")) if item.strip()]


class PlaceForm(ModelForm[Place]):
    revision = BoundedIntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Place
        fields = [
            "organisation",
            "nom",
            "pivot",
            "adresse",
            "complement_adresse",
            "code_postal",
            "commune",
            "code_insee",
            "quartier",
            "latitude",
            "longitude",
            "telephone",
            "courriels",
            "site_web",
            "prise_rdv",
            "presentation_resume",
            "presentation_detail",
            *CHOICE_FIELDS,
            "typologie",
            "autres_formations_labels",
            "fiche_acces_libre",
            "structure_parente",
            "source",
            "contact_professionnel",
            "orientation",
        ]
        labels = {"organisation": _("Structure that keeps this sheet up to date")}
        help_texts = {
            "pivot": _("The SIRET (14 digits) of the structure, or its RNA number (W followed by 9 digits)."),
            "latitude": _("Filled in from the address when possible; you may also place the pin by hand."),
            "telephone": _("For instance 02 98 00 00 00."),
            "courriels": _("One address per line."),
            "site_web": _("One address per line (website, social networks)."),
            "presentation_resume": _("280 characters at most."),
            "typologie": _("Kinds of structure of the national vocabulary (ASSO, CCAS, BIB…), one per line."),
            "fiche_acces_libre": _(
                "The address of the place on acceslibre.beta.gouv.fr, which describes its accessibility."
            ),
        }
        widgets = {
            "presentation_resume": forms.Textarea(attrs={"rows": 2, "maxlength": 280}),
            "presentation_detail": forms.Textarea(attrs={"rows": 4}),
            "contact_professionnel": forms.Textarea(attrs={"rows": 2}),
            "orientation": forms.Textarea(attrs={"rows": 3}),
            "code_postal": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "latitude": forms.TextInput(attrs={"inputmode": "decimal"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[organisation.pk for organisation in organisations]
        ).order_by("name")
        self.fields["organisation"].required = len(organisations) == 1 or not self.instance.pk
        for name in CHOICE_FIELDS:
            label = self.fields[name].label
            self.fields[name] = forms.MultipleChoiceField(
                label=label, choices=_choices(name), required=False, widget=forms.CheckboxSelectMultiple
            )
        self.fields["services"].required = True
        for name in FREE_LISTS:
            self.fields[name] = ListField(
                label=self.fields[name].label, required=False, help_text=self.fields[name].help_text
            )

    def _check(self, name: str, value: str) -> str:
        regex = schema.pattern(name)
        if value and regex and not re.fullmatch(regex, value):
            raise forms.ValidationError(_("This does not have the form the national schema asks for."))
        return value

    def clean_pivot(self) -> str:
        return self._check("pivot", self.cleaned_data["pivot"].replace(" ", ""))

    def clean_code_postal(self) -> str:
        value = self.cleaned_data["code_postal"].replace(" ", "")
        if not re.fullmatch(r"\d{5}", value):
            raise forms.ValidationError(_("A postal code has 5 digits, such as 29200."))
        return value

    def clean_code_insee(self) -> str:
        return self._check("code_insee", self.cleaned_data["code_insee"].strip().upper())

    def clean_telephone(self) -> str:
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["telephone"])
        if re.fullmatch(r"0\d{9}", value):
            value = "+33" + value[1:]
        if value and not re.fullmatch(schema.pattern("telephone"), value):
            raise forms.ValidationError(_("Write a French number, such as 02 98 00 00 00."))
        return value

    def clean_courriels(self) -> list[str]:
        values = self.cleaned_data["courriels"]
        for value in values:
            forms.EmailField().clean(value)
        return values

    def clean_site_web(self) -> list[str]:
        values = self.cleaned_data["site_web"]
        return [forms.URLField(assume_scheme="https").clean(value) for value in values]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        code_postal, code_insee = cleaned.get("code_postal", ""), cleaned.get("code_insee", "")
        if code_postal and code_insee and not _same_department(code_postal, code_insee):
            self.add_error("code_insee", _("This INSEE code is not in the département of the postal code."))
        return cleaned


def _same_department(code_postal: str, code_insee: str) -> bool:
    """Offline check: the first two digits agree (Corsica: 20 for 2A and 2B; overseas: three digits)."""
    if code_insee[:2] in {"2A", "2B"}:
        return code_postal.startswith("20")
    if code_postal.startswith("97") or code_insee.startswith("97"):
        return code_postal[:3] == code_insee[:3]
    return code_postal[:2] == code_insee[:2]


# --- Opening hours ------------------------------------------------------------------------

MODE_GRID, MODE_OSM = "grid", "osm"
SLOTS = 2
CLOSURES = 3


class HoursForm(forms.Form):
    """A week grid: two slots a day (morning, afternoon), optional July-August hours, closed on
    public holidays, up to three closures. Experts may type the OpenStreetMap syntax instead."""

    mode = forms.ChoiceField(
        label=_("How to enter the hours"),
        choices=[(MODE_GRID, _("With the week grid")), (MODE_OSM, _("In the OpenStreetMap syntax (for experts)"))],
        initial=MODE_GRID,
        widget=forms.RadioSelect,
    )
    holidays_off = forms.BooleanField(label=_("Closed on public holidays"), required=False, initial=True)
    summer = forms.BooleanField(label=_("Different hours in July and August"), required=False)
    expression = forms.CharField(
        label=_("Opening hours in the OpenStreetMap syntax"),
        required=False,
        help_text=_("For instance « Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off »."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    revision = BoundedIntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prefix in ("", "summer_"):
            for day in hours.DAYS:
                for slot in range(SLOTS):
                    for end in ("opens", "closes"):
                        self.fields[f"{prefix}{day}_{slot}_{end}"] = forms.TimeField(
                            required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                        )
        for index in range(CLOSURES):
            for end in ("from", "to"):
                self.fields[f"closure_{index}_{end}"] = forms.DateField(
                    required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                )

    @classmethod
    def initial_for(cls, expression: str, revision: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"expression": expression, "revision": revision, "mode": MODE_GRID}
        if not expression:
            return initial
        try:
            week = hours.Week.read(expression)
        except ValueError:
            return {**initial, "mode": MODE_OSM}
        if week.expression() != expression:
            initial["mode"] = MODE_OSM  # closures or rules the grid cannot show
        initial["holidays_off"] = week.holidays_off
        initial["summer"] = bool(week.summer)
        for prefix, days in (("", week.days), ("summer_", week.summer)):
            for day, slots in days.items():
                for slot, (opens, closes) in enumerate(slots[:SLOTS]):
                    initial[f"{prefix}{day}_{slot}_opens"] = opens
                    initial[f"{prefix}{day}_{slot}_closes"] = closes
        return initial

    def rows(self, prefix: str = "") -> list[dict[str, Any]]:
        """The grid, one row per day, for the template."""
        return [
            {
                "day": day,
                "label": DAY_LABELS[day],
                "slots": [
                    (self[f"{prefix}{day}_{slot}_opens"], self[f"{prefix}{day}_{slot}_closes"])
                    for slot in range(SLOTS)
                ],
            }
            for day in hours.DAYS
        ]

    def summer_rows(self) -> list[dict[str, Any]]:
        return self.rows("summer_")

    def closure_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"closure_{index}_from"], self[f"closure_{index}_to"]) for index in range(CLOSURES)]

    def _days(self, cleaned: dict[str, Any], prefix: str) -> dict[str, list[hours.Slot]]:
        days: dict[str, list[hours.Slot]] = {}
        for day in hours.DAYS:
            for slot in range(SLOTS):
                opens, closes = cleaned.get(f"{prefix}{day}_{slot}_opens"), cleaned.get(f"{prefix}{day}_{slot}_closes")
                if opens is None and closes is None:
                    continue
                if opens is None or closes is None or closes <= opens:
                    self.add_error(
                        f"{prefix}{day}_{slot}_opens",
                        _("%(day)s: give an opening time and a later closing time.") % {"day": DAY_LABELS[day]},
                    )
                    continue
                days.setdefault(day, []).append((opens, closes))
        return days

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("mode") == MODE_OSM:
            try:
                cleaned["result"] = hours.check(cleaned.get("expression", ""))
            except ValueError as error:
                self.add_error("expression", str(error))
            return cleaned
        closures: list[tuple[datetime.date, datetime.date]] = []
        for index in range(CLOSURES):
            start, end = cleaned.get(f"closure_{index}_from"), cleaned.get(f"closure_{index}_to")
            if start is None and end is None:
                continue
            if start is None or end is None or end < start:
                self.add_error(f"closure_{index}_from", _("Give the first and the last day of the closure."))
                continue
            closures.append((start, end))
        week = hours.Week(
            days=self._days(cleaned, ""),
            summer=self._days(cleaned, "summer_") if cleaned.get("summer") else {},
            holidays_off=bool(cleaned.get("holidays_off")),
            closures=closures,
        )
        if not self.errors:
            cleaned["result"] = week.expression()
        return cleaned


# --- Public pages -------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The directory's filters, all in the address (shareable, and working without JavaScript)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=_choices("services"), required=False, widget=forms.CheckboxSelectMultiple
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics specifically welcomed"),
        choices=_choices("publics_specifiquement_adresses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accompagnement = forms.MultipleChoiceField(
        label=_("Kinds of accompaniment"),
        choices=_choices("modalites_accompagnement"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prise_en_charge = forms.MultipleChoiceField(
        label=_("Accessibility and specific support"),
        choices=_choices("prise_en_charge_specifique"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gratuit = forms.BooleanField(label=_("Free of charge"), required=False)
    ouvert = forms.BooleanField(label=_("Open now"), required=False)
    weekend = forms.BooleanField(label=_("Open at weekends"), required=False)
    acceslibre = forms.BooleanField(label=_("Accessibility described on Acceslibre"), required=False)
    commune = forms.ChoiceField(label=_("Town"), required=False)
    quartier = forms.ChoiceField(label=_("District"), required=False)

    FACETS = {
        "services": "services",
        "publics": "publics_specifiquement_adresses",
        "accompagnement": "modalites_accompagnement",
        "prise_en_charge": "prise_en_charge_specifique",
    }

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FACETS]

    def __init__(self, *args: Any, communes: list[str], quartiers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("All towns")), *((c, c) for c in communes)]  # type: ignore[attr-defined]
        self.fields["quartier"].choices = [("", _("All districts")), *((q, q) for q in quartiers)]  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong on this sheet?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For instance: new opening hours, a telephone number that no longer works. "
            "Do not write anything about yourself."
        ),
    )
    # Left empty by people; filled by robots that fill every field.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class OrientationForm(forms.Form):
    note = forms.CharField(
        label=_("A short note for the person (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the sheet and never saved."),
    )
    email = forms.EmailField(
        label=_("Send the sheet to this e-mail address (optional)"),
        required=False,
        help_text=_("With the person's agreement. The address is used once to send the sheet, and never saved."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Picture of the premises"),
        help_text=_("JPEG, PNG or WebP, 8 MB at most. No recognisable person without their agreement."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt = forms.CharField(
        label=_("What the picture shows"),
        max_length=200,
        help_text=_("For people who cannot see it, for instance « The reception desk, with two computers »."),
    )

    def clean_image(self) -> Any:
        from utilite.core.uploads import clean_image

        return clean_image(self.cleaned_data["image"])


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150, help_text=_("For instance « Using a smartphone »."))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=pgettext_lazy("time", "From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=pgettext_lazy("time", "To"), widget=forms.TimeInput(attrs={"type": "time"}))
    description = forms.CharField(
        label=_("What happens there"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    registration = forms.CharField(
        label=_("How to sign up"),
        required=False,
        max_length=200,
        help_text=_("For instance « Free, on registration at 02 98 00 00 00 »"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The session ends after it starts."))
        if day and day < timezone.localdate():
            self.add_error("day", _("This day is past: the sheet shows the sessions to come."))
        return cleaned

    def instants(self) -> tuple[datetime.datetime, datetime.datetime]:
        day = self.cleaned_data["day"]
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(day, self.cleaned_data["starts"], zone),
            datetime.datetime.combine(day, self.cleaned_data["ends"], zone),
        )


class UtilityForm(forms.Form):
    public_fiche = IdChoiceField(
        label=_("Evaluation sheet to show on the place's sheet"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_(
            "A published version: everyone will be able to read it from the place's sheet, with only the "
            "testimonies consented for the public."
        ),
    )
    show_common_criteria = forms.BooleanField(
        label=_("Show the common criteria of the network our référentiel documents"), required=False
    )

    def __init__(self, *args: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["public_fiche"]
        field.queryset = versions
        field.label_from_instance = self.version_label

    @staticmethod
    def version_label(version: Any) -> str:
        return _("%(title)s, version %(number)s") % {"title": version.fiche.title, "number": version.number}


class GuideForm(forms.Form):
    area = forms.ChoiceField(label=_("Places of"), required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [  # type: ignore[attr-defined]
            ("", _("The whole directory")),
            *((f"commune:{name}", name) for name in areas.communes),
            *((f"quartier:{name}", _("District: %(name)s") % {"name": name}) for name in areas.quartiers),
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of places in the national format"),
        help_text=_("CSV (schema of digital-mediation places, v1.0.0 to v1.0.2), XLSX or ODS, 20 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.ods"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Send a .csv, .xlsx or .ods file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (20 MB at most)."))
        return upload
