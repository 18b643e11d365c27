from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import IdChoiceField
from utilite.fiches.enums import Licence

from .enums import PageKind

MAX_ATTACHMENT = 20 * 1024 * 1024
# What an attachment may be, read from its first bytes (never from its name).
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"PK\x03\x04": ("application/zip", "zip"),  # DOCX, XLSX, ODT, ODS…: told apart below
    b"\xd0\xcf\x11\xe0": ("application/msword", "doc"),
}
OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "class": "wiki-editor__text", "spellcheck": "true"}),
        help_text=_("**bold**, *italic*, ## a heading, - a list, [[Another page]], - [ ] Who: what (by 15/12/2026)."),
    )
    summary = forms.CharField(
        label=_("What you changed"), max_length=300, required=False, help_text=_("A few words for the history.")
    )
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NewPageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Start from"), choices=PageKind.choices, widget=forms.RadioSelect, initial=PageKind.PAGE
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the working group"), max_length=120)
    description = forms.CharField(
        label=_("What it works on"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of a person of the network"))
    coordinator = forms.BooleanField(label=_("Coordinates the group"), required=False)


class PublicForm(forms.Form):
    public = forms.BooleanField(label=_("Everyone can read this page"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY_SA)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("A photo, a PDF or an office document (20 MB at most)"))

    def clean_file(self) -> Upload:
        """The file as it will be stored: a picture re-encoded (no EXIF or GPS), a document
        recognised by its content, under a name the server chooses."""
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > MAX_ATTACHMENT:
            raise forms.ValidationError(_("The file is too large (20 MB at most)."))
        shown = Path(upload.name or "").name[:150] or "piece-jointe"
        head = upload.read(12)
        upload.seek(0)
        kind = next((found for signature, found in SIGNATURES.items() if head.startswith(signature)), None)
        if kind is None:
            from utilite.core.uploads import clean_image

            try:
                picture = clean_image(upload)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Send a photo, a PDF or an office document (Word, LibreOffice, Excel).")
                ) from None
            content_type = "image/png" if picture.name and picture.name.endswith(".png") else "image/jpeg"
            return Upload(picture, shown, content_type)
        if kind[1] == "zip":
            kind = _office_kind(upload)
        upload.name = f"{uuid.uuid4().hex}.{kind[1]}"
        return Upload(upload, shown, kind[0])


@dataclass(frozen=True)
class Upload:
    content: Any
    name: str  # as the person named it, shown on the page
    content_type: str


def _office_kind(upload: Any) -> tuple[str, str]:
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype in ODF:
                    return mimetype.decode(), ODF[mimetype]
            for prefix, found in OFFICE.items():
                if any(name.startswith(prefix) for name in names):
                    return found
    except zipfile.BadZipFile:
        pass
    finally:
        upload.seek(0)
    raise forms.ValidationError(_("Send a photo, a PDF or an office document (Word, LibreOffice, Excel)."))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("A MediaWiki export (XML), or minutes written in Word or LibreOffice (DOCX, ODT)"),
        help_text=_("From a MediaWiki: Special:Export, with every revision. 50 MB at most."),
    )


class AttachToFicheForm(forms.Form):
    fiche = IdChoiceField(label=_("Evaluation sheet"), queryset=None)

    def __init__(self, *args: Any, fiches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = fiches  # type: ignore[attr-defined]
