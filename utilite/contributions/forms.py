from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Audience, ImageRights, Kind


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the workshop"),
        max_length=150,
        help_text=_("For instance « Our neighbourhood in pictures »."),
    )


class JoinForm(forms.Form):
    signature = forms.CharField(
        label=_("How do you want to sign?"),
        max_length=60,
        help_text=_("A pseudonym, your first name or your group. Not your full name."),
    )


class WriteForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to share?"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("A title"), max_length=120)
    text = forms.CharField(
        label=_("Your words"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.FileField(
        label=_("A photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    alt = forms.CharField(label=_("What the photo shows"), required=False, max_length=200)

    def clean_photo(self) -> Any:
        from utilite.core.uploads import clean_image

        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("text") and not cleaned.get("photo") and not self.errors:
            raise forms.ValidationError(_("Write a few words or add a photo."))
        return cleaned


class ConsentForm(forms.Form):
    audience = forms.ChoiceField(label=_("The author agreed to show it"), choices=Audience.choices, required=False)
    consent_on = forms.DateField(
        label=_("Consent given on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    image_rights = forms.ChoiceField(label=_("Image rights"), choices=ImageRights.choices, required=False)
    image_rights_on = forms.DateField(
        label=_("Image rights recorded on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, photos: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.photos = photos
        for photo in photos:
            self.fields[f"alt_{photo.pk}"] = forms.CharField(
                label=_("What this picture shows"), max_length=200, required=False, initial=photo.alt
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("audience") and not cleaned.get("consent_on"):
            self.add_error("consent_on", _("Give the date the author agreed."))
        if cleaned.get("image_rights") and not cleaned.get("image_rights_on"):
            self.add_error("image_rights_on", _("Give the date the image rights were recorded."))
        return cleaned

    def alts(self) -> dict[int, str]:
        return {photo.pk: self.cleaned_data.get(f"alt_{photo.pk}", "") for photo in self.photos}


class RefuseForm(forms.Form):
    message = forms.CharField(
        label=_("A kind word to the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, and what could be changed so that it can be published."),
    )
