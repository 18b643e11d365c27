from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopStatus(models.TextChoices):
    """Life cycle of a workshop: prepared, open to cards, closed (the board stays readable)."""

    PREPARED = "prepared", _("Prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Group(models.TextChoices):
    """Who speaks: the stakeholder groups of the method."""

    EMPLOYEES = "employees", _("Employees")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PUBLIC = "public", _("People who come")
    PARTNERS = "partners", _("Partners")
    FUNDERS = "funders", _("Funders")
