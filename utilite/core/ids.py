"""Every id a form or a URL receives is checked against the database's integer range before it
reaches a query: a number beyond 64 bits gets a French form error or a 404, never a 500
(SQLite cannot even bind such a number)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import ForeignKey, ManyToManyField, Model
from django.forms.models import ModelFormMetaclass

ID_MAX = 2**63 - 1  # BigAutoField, the default primary key


def in_range(value: object) -> bool:
    """True when `value` reads as an integer that the database can hold."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return 0 <= number <= ID_MAX


class IdConverter:
    """The `<id:pk>` path converter: digits that fit a database id (otherwise the URL does not match)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class IdChoiceField(forms.ModelChoiceField):
    """A `ModelChoiceField` that refuses ids out of range with its usual "invalid choice" message."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and self.to_field_name is None and not in_range(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A `ModelMultipleChoiceField` whose ids are range-checked before the `IN (…)` query."""

    def _check_values(self, value: Iterable[Any]) -> Any:
        if self.to_field_name is None:
            for item in value:
                if not in_range(item):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)  # type: ignore[misc]


class BoundedIntegerField(forms.IntegerField):
    """An integer the database can store (revisions, counts): out of range is a form error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("min_value", -ID_MAX)
        super().__init__(*args, **kwargs)


def id_formfield(db_field: Any, **kwargs: Any) -> Any:
    """`formfield_callback` of model forms: relations use the range-checked fields."""
    if isinstance(db_field, ManyToManyField):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    elif isinstance(db_field, ForeignKey):
        kwargs.setdefault("form_class", IdChoiceField)
    return db_field.formfield(**kwargs)


class _RangeCheckedMetaclass(ModelFormMetaclass):
    """Gives every model form's `Meta` the callback above (Django reads it from `Meta` only)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(id_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm[M: Model](forms.ModelForm[M], metaclass=_RangeCheckedMetaclass):
    """The project's model form: every relation it takes is range-checked."""
