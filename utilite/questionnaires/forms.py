from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.activities.forms import ImportForm
from utilite.core.ids import ModelForm
from utilite.measures.enums import Granularity
from utilite.measures.periods import parse as parse_period
from utilite.organisations.models import Action, Organisation

from .enums import QuestionKind, QuoteScope, Skip, Statistic
from .models import Campaign, Question, Questionnaire, Section
from .modules import Module
from .services import Given


class QuestionnaireForm(ModelForm[Questionnaire]):
    class Meta:
        model = Questionnaire
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title of the section"), max_length=200)


class ModuleForm(forms.Form):
    module = forms.ChoiceField(label=_("Validated scale"), choices=Module.choices)


class QuestionForm(ModelForm[Question]):
    choice_lines = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For “one choice” and “several choices” only."),
    )

    class Meta:
        model = Question
        fields = ["wording", "help_text", "kind", "allow_skip"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            self.initial["choice_lines"] = "\n".join(choice["label"] for choice in self.instance.choices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        lines = [line.strip() for line in cleaned.get("choice_lines", "").splitlines() if line.strip()]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if len(lines) < 2:
                self.add_error("choice_lines", _("Give at least two choices."))
            cleaned["choices"] = choices_from_labels(lines)
        elif kind == QuestionKind.SCALE:
            previous = self.instance.choices if self.instance.pk and self.instance.kind == QuestionKind.SCALE else []
            cleaned["choices"] = previous
        else:
            cleaned["choices"] = []
        return cleaned


def choices_from_labels(labels: list[str]) -> list[dict[str, str]]:
    names: list[str] = []
    for label in labels:
        base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40] or "choix"
        name, counter = base, 2
        while name in names:
            name, counter = f"{base}_{counter}", counter + 1
        names.append(name)
    return [{"name": name, "label": label} for name, label in zip(names, labels, strict=True)]


class IndicatorLinkForm(forms.Form):
    """Which indicator of the validated référentiel a question or a scale's score feeds, and with
    which statistic."""

    indicator = forms.ChoiceField(label=_("Feeds the indicator"), required=False)
    statistic = forms.ChoiceField(label=_("With"), choices=[("", "—"), *Statistic.choices], required=False)

    def __init__(self, data: Any, *, target: Question | Section, organisation: Organisation, **kwargs: Any) -> None:
        referentiel = organisation.referentiels.latest_validated()
        self.has_referentiel = referentiel is not None
        initial = {"indicator": str(target.indicator_uid or ""), "statistic": target.statistic}
        super().__init__(data, initial=initial, **kwargs)
        field = cast(forms.ChoiceField, self.fields["indicator"])
        indicators = referentiel.indicators_in_order() if referentiel else []
        field.choices = [("", _("No indicator")), *[(str(i.uid), i.title) for i in indicators]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("indicator") and not cleaned.get("statistic"):
            self.add_error("statistic", _("Choose what the indicator receives."))
        return cleaned

    def link(self) -> dict[str, Any]:
        """The fields to save on the question or section."""
        indicator = self.cleaned_data["indicator"] or None
        return {"indicator_uid": indicator, "statistic": self.cleaned_data["statistic"] if indicator else ""}


class CampaignForm(ModelForm[Campaign]):
    period = forms.CharField(
        label=_("Period of the results"),
        max_length=10,
        help_text=_("The period whose indicators receive the results: 2026-11, 2026-T4 or 2026."),
    )

    class Meta:
        model = Campaign
        fields = ["moment", "action", "granularity", "opens_on", "closes_on", "compared_with", "expected"]
        widgets = {
            "moment": forms.RadioSelect,
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ModelChoiceField, self.fields["action"])
        action.queryset = Action.objects.for_organisation(questionnaire.organisation).order_by("title")
        action.empty_label = _("The whole structure")
        compared = cast(forms.ModelChoiceField, self.fields["compared_with"])
        compared.queryset = Campaign.objects.filter(questionnaire=questionnaire).exclude(pk=self.instance.pk)
        compared.empty_label = _("None")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        granularity = cleaned.get("granularity") or Granularity.QUARTER
        start = parse_period(cleaned.get("period", ""), granularity)
        if start is None and "period" in cleaned:
            self.add_error("period", _("Write the period as 2026-11, 2026-T4 or 2026, as chosen above."))
        cleaned["period_start"] = start
        return cleaned


class StartForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code (optional)"),
        required=False,
        max_length=30,
        help_text=_(
            "A word or number only you know, or the one on your card. Give the same code next time: "
            "we can then see what changed for you, without knowing who you are."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, warn_personal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warn_personal = warn_personal
        self.warned = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("code", "")
        if self.warn_personal and code and looks_personal(code) and not cleaned.get("confirmed"):
            self.warned = True
            self.add_error(
                "code",
                _(
                    "This code looks like a name or a date of birth. To stay anonymous, choose a word or a "
                    "number that says nothing about you. To keep this code anyway, press Start again."
                ),
            )
        return cleaned


YEAR = re.compile(r"(19|20)[0-9]{2}")
DATE = re.compile(r"[0-9]{1,2}[ /.-][0-9]{1,2}([ /.-][0-9]{2,4})?|[0-3][0-9][01][0-9]([0-9]{2}){1,2}")


def looks_personal(code: str) -> bool:
    """A code that could be a birth date or a name with a year ("MARTIN1952", "12/03/1950")."""
    text = code.strip()
    digits = re.sub(r"[^0-9]", "", text)
    if DATE.fullmatch(text) or (len(digits) in (6, 8) and DATE.fullmatch(digits)):
        return True
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", text)
    return bool(YEAR.fullmatch(digits)) or (bool(YEAR.search(text)) and len(letters) >= 3)


SKIP_CHOICES = list(Skip.choices)


class AnswerForm(forms.Form):
    """The answer to one question. Every answer is optional."""

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        kind = question.kind
        skips = SKIP_CHOICES if question.allow_skip else []
        label = question.wording
        self.radio_kind = kind in (QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE)
        if kind == QuestionKind.SCALE:
            choices = [(str(i), text) for i, text in enumerate(question.scale_labels, start=1)]
            self.fields["answer"] = forms.ChoiceField(
                label=label, choices=[*choices, *skips], required=False, widget=forms.RadioSelect
            )
        elif kind == QuestionKind.YES_NO:
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                choices=[("1", _("Yes")), ("0", _("No")), *skips],
                required=False,
                widget=forms.RadioSelect,
            )
        elif kind == QuestionKind.SINGLE:
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                choices=[*[(c["name"], c["label"]) for c in question.choices], *skips],
                required=False,
                widget=forms.RadioSelect,
            )
        elif kind == QuestionKind.MULTIPLE:
            self.fields["answer"] = forms.MultipleChoiceField(
                label=label,
                choices=[(c["name"], c["label"]) for c in question.choices],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif kind == QuestionKind.NUMBER:
            self.fields["answer"] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=12,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
            )
        else:
            self.fields["answer"] = forms.CharField(
                label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields["quote"] = forms.ChoiceField(
                label=_("May we quote your words, without your name?"),
                choices=QuoteScope.choices,
                required=False,
                initial="",
                widget=forms.RadioSelect,
            )
        if question.help_text:
            self.fields["answer"].help_text = question.help_text
        if skips and not self.radio_kind:
            self.fields["skip"] = forms.ChoiceField(
                label=_("Or"), choices=skips, required=False, widget=forms.RadioSelect
            )

    def options(self) -> list[tuple[Any, int | None]]:
        """The radio buttons or checkboxes, each with its pictogram's mood on a scale (0: frown,
        4: smile; None: no pictogram)."""
        points = self.question.points if self.question.kind == QuestionKind.SCALE else 0
        result = []
        for option in self["answer"]:
            value = str(option.data["value"])
            mood = round((int(value) - 1) * 4 / (points - 1)) if points > 1 and value.isdigit() else None
            result.append((option, mood))
        return result

    def given(self) -> Given:
        raw = self.cleaned_data.get("answer")
        skip = self.cleaned_data.get("skip", "")
        if self.radio_kind and raw in Skip.values:
            return Given(skipped=raw)
        if skip and not raw:
            return Given(skipped=skip)
        kind = self.question.kind
        if kind in (QuestionKind.SCALE, QuestionKind.YES_NO) and raw:
            return Given(number=Decimal(raw))
        if kind == QuestionKind.SINGLE and raw:
            return Given(choices=(raw,))
        if kind == QuestionKind.MULTIPLE:
            return Given(choices=tuple(raw or ()))
        if kind == QuestionKind.NUMBER:
            return Given(number=raw)
        if kind == QuestionKind.TEXT and raw:
            return Given(text=raw.strip(), quote_scope=self.cleaned_data.get("quote", ""))
        return Given()

    @staticmethod
    def initial_from(question: Question, given: Given) -> dict[str, Any]:
        if given.skipped:
            return {"answer": given.skipped} if question.kind in _RADIO else {"skip": given.skipped}
        if question.kind == QuestionKind.MULTIPLE:
            return {"answer": list(given.choices)}
        if given.choices:
            return {"answer": given.choices[0]}
        if given.number is not None:
            return {"answer": str(int(given.number)) if question.kind in _RADIO else given.number}
        return {"answer": given.text, "quote": given.quote_scope}


_RADIO = {QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE}


class XLSFormImportForm(ImportForm):
    file = forms.FileField(
        label=_("XLSForm file"),
        help_text=_("An XLSX or ODS file with a sheet “survey” (KoboToolbox, ODK, Utilité)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.ods"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".ods")):
            raise forms.ValidationError(_("Send an .xlsx or .ods file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."))
        return upload
