from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from utilite.core.ids import IdChoiceField, ModelForm

from .enums import MembershipRole, OrganisationKind
from .models import Action, Organisation, PublicGroup, Sector


class DirectoryFilterForm(forms.Form):
    """Filters of the network's list of structures (a GET form: works without JavaScript)."""

    q = forms.CharField(label=_("Name or keyword"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of structure"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    sector = IdChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        empty_label=_("All sectors"),
        to_field_name="slug",
    )
    public = IdChoiceField(
        label=_("Public"),
        required=False,
        queryset=PublicGroup.objects.all(),
        empty_label=_("All publics"),
        to_field_name="slug",
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"kind": data["kind"], "sector": data["sector"], "public": data["public"], "text": data["q"]}


class OrganisationForm(ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "description",
            "sectors",
            "publics",
            "street_address",
            "postal_code",
            "city",
            "district",
            "contact_email",
            "phone",
            "website",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "publics": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        help_texts = {
            "description": _("In a few sentences: what the structure does, for whom, where."),
            "website": _("Full address, starting with https://"),
        }


class ActionForm(ModelForm[Action]):
    class Meta:
        model = Action
        fields = ["title", "description", "publics", "start_date", "end_date", "rhythm", "place", "visibility"]
        widgets = {
            "publics": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "description": _("What happens, with whom, and what you hope it changes for people."),
            "visibility": _("Private by default. Shared actions can be read by the other structures and partners."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, roles: list[MembershipRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(role.value, role.label) for role in roles]
        if MembershipRole.EMPLOYEE in roles:
            self.fields["role"].initial = MembershipRole.EMPLOYEE


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[MembershipRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(role.value, role.label) for role in roles]
