from django.db import models
from django.utils.translation import gettext_lazy as _


class CommonReferentielStatus(models.TextChoices):
    """Life cycle of a version of the common référentiel: drafted together, then published."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Aggregation(models.TextChoices):
    """How the structures' values of a common indicator add up across the territory."""

    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    DISTRIBUTION = "distribution", _("Distribution (lowest, median, highest)")


class Kind(models.TextChoices):
    DIMENSION = "dimension", _("Dimension")
    CRITERION = "criterion", _("Common criterion")
    INDICATOR = "indicator", _("Common indicator")


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PROPOSAL = "proposal", _("Proposal")
