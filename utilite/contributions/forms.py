from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import IdChoiceField

from .enums import Audience, ImageRights, Kind
from .models import CoolingOff


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the workshop"),
        max_length=150,
        help_text=_("For instance « Our neighbourhood in pictures »."),
    )
    place = IdChoiceField(
        label=_("Place of the directory it is about"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("What people publish will show on the sheet of this place."),
    )
    action = IdChoiceField(label=_("Action of the structure"), queryset=None, required=False, empty_label=_("None"))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        from utilite.places.models import Place

        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(organisation=organisation).order_by("nom")  # type: ignore[attr-defined]
        self.fields["action"].queryset = organisation.actions.order_by("title")  # type: ignore[attr-defined]


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
    sound = forms.FileField(
        label=_("Your voice or a sound"),
        required=False,
        help_text=_("Record it below, or choose a file (10 minutes at most)."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*", "capture": "user", "data-recorder": ""}),
    )
    video = forms.FileField(
        label=_("A video"),
        required=False,
        help_text=_("5 minutes at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
    )

    def clean_sound(self) -> Any:
        return _probed(self.cleaned_data.get("sound"), "audio")

    def clean_video(self) -> Any:
        return _probed(self.cleaned_data.get("video"), "video")

    def clean_photo(self) -> Any:
        from utilite.core.uploads import clean_image

        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name) for name in ("text", "photo", "sound", "video")) and not self.errors:
            raise forms.ValidationError(_("Write a few words, or add a photo, a sound or a video."))
        return cleaned


def _probed(upload: Any, kind: str) -> Any:
    """The upload with its duration (`upload.duration`), or a French ValidationError."""
    import tempfile
    from pathlib import Path

    from utilite.core.media import MAX_BYTES, probe

    if not upload:
        return None
    if upload.size and upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The file is too large (100 MB at most)."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        upload.duration = probe(path, kind).duration
    upload.seek(0)
    return upload


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

    def __init__(self, *args: Any, photos: list[Any], media: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.photos, self.recordings = photos, list(media)
        for photo in photos:
            self.fields[f"alt_{photo.pk}"] = forms.CharField(
                label=_("What this picture shows"), max_length=200, required=False, initial=photo.alt
            )
        for item in self.recordings:
            if item.kind == "audio":
                self.fields[f"transcript_{item.pk}"] = forms.CharField(
                    label=_("Written transcript of the sound"),
                    required=False,
                    initial=item.transcript,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("What is said, for those who cannot hear it."),
                )
            else:
                self.fields[f"captions_{item.pk}"] = forms.CharField(
                    label=_("Captions of the video (WebVTT)"),
                    required=False,
                    initial=item.captions,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    help_text=_("Starting with WEBVTT, then each line with its times (00:00.000 --> 00:04.000)."),
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.recordings:
            captions = cleaned.get(f"captions_{item.pk}", "")
            if captions and not captions.lstrip().startswith("WEBVTT"):
                self.add_error(f"captions_{item.pk}", _("WebVTT captions start with the word WEBVTT."))
        return self._dates(cleaned)

    def texts(self) -> dict[int, dict[str, str]]:
        found: dict[int, dict[str, str]] = {}
        for item in self.recordings:
            name = "transcript" if item.kind == "audio" else "captions"
            found[item.pk] = {name: self.cleaned_data.get(f"{name}_{item.pk}", "")}
        return found

    def _dates(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        if cleaned.get("audience") and not cleaned.get("consent_on"):
            self.add_error("consent_on", _("Give the date the author agreed."))
        if cleaned.get("image_rights") and not cleaned.get("image_rights_on"):
            self.add_error("image_rights_on", _("Give the date the image rights were recorded."))
        return cleaned

    def alts(self) -> dict[int, str]:
        return {photo.pk: self.cleaned_data.get(f"alt_{photo.pk}", "") for photo in self.photos}


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas: garden, cooking, Bellevue. Visitors of the public site find it by them."),
    )

    def clean_tags(self) -> list[str]:
        from .services import keywords

        return keywords(self.cleaned_data["tags"])


class CoolingOffForm(forms.Form):
    hours = forms.TypedChoiceField(
        label=_("Delay before the public sees a publication"),
        choices=CoolingOff.choices,
        coerce=int,
        help_text=_("During this delay, the author can still change their mind: nothing is public yet."),
    )


class SiteFilterForm(forms.Form):
    """The filters of the public site: each lists only what has public contributions."""

    structure = forms.ChoiceField(label=_("Structure"), required=False)
    lieu = forms.ChoiceField(label=_("Place"), required=False)
    mot = forms.ChoiceField(label=_("Keyword"), required=False)

    def __init__(self, data: Any, *, structures: Any, places: Any, tags: Any) -> None:
        super().__init__(data)
        self.structures = {item.slug: item for item in structures}
        self.places = {str(item.pk): item for item in places}
        self.tags = {item.slug: item for item in tags}
        choices = {
            "structure": [(key, item.name) for key, item in self.structures.items()],
            "lieu": [(key, item.nom) for key, item in self.places.items()],
            "mot": [(key, f"{item.name} ({item.count})") for key, item in self.tags.items()],
        }
        for name, offered in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101  # nosec B101
            field.choices = [("", _("All")), *offered]

    def filter(self, contributions: Any) -> Any:
        """`contributions` with the chosen filters; a filter that lists nothing is left out."""
        if not self.is_valid():
            return contributions
        if chosen := self.structures.get(self.cleaned_data["structure"]):
            contributions = contributions.filter(organisation=chosen)
        if chosen := self.places.get(self.cleaned_data["lieu"]):
            contributions = contributions.filter(place=chosen)
        if chosen := self.tags.get(self.cleaned_data["mot"]):
            contributions = contributions.filter(tags=chosen)
        return contributions

    @property
    def chosen_tag(self) -> Any:
        return self.tags.get(self.cleaned_data.get("mot", "")) if self.is_valid() else None


class RefuseForm(forms.Form):
    message = forms.CharField(
        label=_("A kind word to the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, and what could be changed so that it can be published."),
    )


class ReportForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong with this contribution?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
