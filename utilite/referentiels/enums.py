from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferentielStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")


class Sharing(models.TextChoices):
    PRIVATE = "private", _("The structure only")
    NETWORK = "network", _("The whole network (viewable and copyable)")


class Level(models.TextChoices):
    """The three levels of an indicator (domain guide §2)."""

    REALISATION = "realisation", _("Output (réalisation)")
    RESULT = "result", _("Result")
    IMPACT = "impact", _("Impact")


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    SCALE = "scale", _("Scale score")
    ORDINAL = "ordinal", _("Ordinal level")
    YES_NO = "yes_no", _("Yes / no")
    QUALITATIVE = "qualitative", _("Qualitative (text)")


class Stakeholder(models.TextChoices):
    BENEFICIARIES = "beneficiaries", _("Beneficiaries")
    VOLUNTEERS = "volunteers", _("Volunteers")
    EMPLOYEES = "employees", _("Employees")
    PARTNERS = "partners", _("Partners")
    TERRITORY = "territory", _("Territory")
