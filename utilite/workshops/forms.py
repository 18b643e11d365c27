from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import ModelForm
from utilite.core.uploads import clean_image

from .enums import Group
from .models import Workshop


class WorkshopForm(ModelForm[Workshop]):
    groups = forms.MultipleChoiceField(
        label=_("Who takes part"),
        choices=Group.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Group.EMPLOYEES, Group.VOLUNTEERS, Group.PUBLIC, Group.PARTNERS],
    )

    class Meta:
        model = Workshop
        fields = ["title", "questions", "groups", "hidden_until_revealed", "votes_per_person"]
        widgets = {"questions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("questions", _("What does this workshop change for you?"))


class JoinForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("A first name or a pseudonym"),
        max_length=40,
        required=False,
        help_text=_("You can leave it empty: your cards stay anonymous."),
    )
    group = forms.ChoiceField(label=_("You are"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = workshop.group_choices  # type: ignore[attr-defined]


class CardForm(forms.Form):
    text = forms.CharField(label=_("Your card"), max_length=280, widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.TypedChoiceField(label=_("Question"), coerce=int, required=False, empty_value=None)
    photo = forms.FileField(
        label=_("A photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, 8 MB at most. Location and camera data are removed."),
    )
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = workshop.question_list
        field = self.fields["question"]
        field.choices = list(enumerate(questions))  # type: ignore[attr-defined]
        if len(questions) <= 1:
            field.widget = forms.HiddenInput()
