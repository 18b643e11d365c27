from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import ModelForm
from utilite.core.uploads import clean_image

from .models import ConsentScope, Kind, Testimony


class TestimonyForm(ModelForm[Testimony]):
    criteria = forms.MultipleChoiceField(
        label=_("Criteria it illustrates"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Testimony
        fields = [
            "kind",
            "text",
            "photo",
            "caption",
            "speaker",
            "collected_on",
            "consent_scope",
            "consent_on",
            "criteria",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "consent_scope": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
            "collected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "consent_scope": _("Ask the person, in plain words, where their testimony may appear."),
            "photo": _("JPEG, PNG or WebP, 8 MB at most. Location and camera data are removed."),
        }

    def __init__(self, *args: Any, criteria: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = criteria  # type: ignore[attr-defined]
        self.fields["consent_scope"].initial = ConsentScope.INTERNAL
        if self.instance.pk:
            self.initial["criteria"] = [str(link.criterion_uid) for link in self.instance.criterion_links.all()]

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo is not self.instance.photo and hasattr(photo, "content_type"):
            return clean_image(photo)
        return photo

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Kind.PHOTO:
            if not cleaned.get("photo"):
                self.add_error("photo", _("Add the photo."))
            if not cleaned.get("caption"):
                self.add_error("caption", _("A photo needs a caption."))
        elif not cleaned.get("text"):
            self.add_error("text", _("Write the words or the story."))
        consent_on, collected_on = cleaned.get("consent_on"), cleaned.get("collected_on")
        if consent_on and collected_on and consent_on < collected_on:
            self.add_error("consent_on", _("Consent is given when or after the testimony is collected."))
        return cleaned
