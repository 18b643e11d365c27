from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Agreement scale, with pictograms")
    YES_NO = "yes_no", _("Yes / no")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Short free text")


NUMERIC_KINDS = {QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.NUMBER}
CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


class Skip(models.TextChoices):
    """The two ways not to answer, offered when the question allows it."""

    DONT_KNOW = "dont_know", _("I don't know")
    RATHER_NOT = "rather_not", _("I prefer not to answer")


class Moment(models.TextChoices):
    BEFORE = "before", _("Before the action")
    AFTER = "after", _("After the action")
    FOLLOW_UP_3 = "follow_up_3", _("3 months later")
    FOLLOW_UP_6 = "follow_up_6", _("6 months later")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Mode(models.TextChoices):
    """How an answer was given: by the person, with a mediator, or copied from paper."""

    SELF = "self", _("By the person")
    MEDIATOR = "mediator", _("With a mediator")
    PAPER = "paper", _("From a paper form")


class Statistic(models.TextChoices):
    """What a question (or a scale's score) writes to its linked indicator."""

    MEAN = "mean", _("Mean")
    SHARE_AGREE = "share_agree", _("Share who agree (4 or 5), or answer yes (%)")
    SHARE_IMPROVED = "share_improved", _("Share who improved since the campaign compared (%)")
    RESPONSES = "responses", _("Number of responses")
    RESPONSE_RATE = "response_rate", _("Response rate (%)")


class QuoteScope(models.TextChoices):
    """What the person allowed for their own words, asked next to a free-text question."""

    NO = "", _("No, my words stay private")
    INTERNAL = "internal", _("Yes, within the structure")
    FUNDERS = "funders", _("Yes, also in reports to funders")
    PUBLIC = "public", _("Yes, also in public")
