"""The national vocabulary of digital-mediation activities (ANCT's Coop, domain guide §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual support")
    COLLECTIVE = "collective", _("Collective workshop")


# Presets offered on the form; any duration in minutes is accepted (as in the Coop).
DURATION_PRESETS = (15, 30, 45, 60, 90, 120)
DURATIONS = [(minutes, _("%(minutes)s min") % {"minutes": minutes}) for minutes in DURATION_PRESETS]
MAX_MINUTES = 24 * 60


class PlaceType(models.TextChoices):
    ACTIVITY_PLACE = "activity_place", _("Place of activity")
    HOME = "home", _("At the person's home")
    REMOTE = "remote", _("Remotely")
    OTHER = "other", _("Other place")


class Material(models.TextChoices):
    COMPUTER = "computer", _("Computer")
    PHONE = "phone", _("Phone")
    TABLET = "tablet", _("Tablet")
    OTHER = "other", _("Other")
    NONE = "none", _("No material")


class Autonomy(models.TextChoices):
    FULLY_ASSISTED = "fully_assisted", _("With guidance")
    PARTIALLY_AUTONOMOUS = "partially_autonomous", _("Autonomous with guidance when needed")
    AUTONOMOUS = "autonomous", _("Autonomous")


class Theme(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Digital diagnosis")
    EQUIPMENT = "equipment", _("Getting to grips with equipment")
    MAINTENANCE = "maintenance", _("Equipment maintenance")
    CONTENT = "content", _("Managing one's digital content")
    BROWSING = "browsing", _("Browsing the internet")
    EMAIL = "email", _("E-mail")
    OFFICE = "office", _("Office software")
    SOCIAL_MEDIA = "social_media", _("Social media and communication")
    HEALTH = "health", _("Health")
    BANKING = "banking", _("Online banking and shopping")
    PROFESSIONAL = "professional", _("Supporting a professional")
    EMPLOYMENT = "employment", _("Finding work")
    SECURITY = "security", _("Preventing digital risks")
    PARENTING = "parenting", _("Parenting")
    SCHOOLING = "schooling", _("Schooling and digital tools")
    CREATING = "creating", _("Creating with digital tools")
    CULTURE = "culture", _("Digital culture")
    AI = "ai", _("Artificial intelligence (AI)")
    PROCEDURES = "procedures", _("Help with administrative procedures")
    # What the administrative procedure was about (the Coop's sub-themes)
    PAPERS = "papers", _("Papers - Elections - Citizenship")
    FAMILY = "family", _("Family - Schooling")
    SOCIAL_HEALTH = "social_health", _("Social - Health")
    WORK = "work", _("Work - Training - Business")
    HOUSING = "housing", _("Housing")
    TRANSPORT = "transport", _("Transport - Mobility")
    MONEY = "money", _("Money - Taxes")
    JUSTICE = "justice", _("Justice")
    FOREIGNERS = "foreigners", _("Foreigners - Europe")
    LEISURE = "leisure", _("Leisure - Sports - Culture")
    ASSOCIATIONS = "associations", _("Associations")


ADMINISTRATIVE_THEMES = [
    Theme.PAPERS,
    Theme.FAMILY,
    Theme.SOCIAL_HEALTH,
    Theme.WORK,
    Theme.HOUSING,
    Theme.TRANSPORT,
    Theme.MONEY,
    Theme.JUSTICE,
    Theme.FOREIGNERS,
    Theme.LEISURE,
    Theme.ASSOCIATIONS,
]
MAIN_THEMES = [theme for theme in Theme if theme not in ADMINISTRATIVE_THEMES]


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeBand(models.TextChoices):
    MINOR = "minor", _("Minor")
    FROM_18 = "18_24", _("18 - 24 years")
    FROM_25 = "25_39", _("25 - 39 years")
    FROM_40 = "40_59", _("40 - 59 years")
    FROM_60 = "60_69", _("60 - 69 years")
    FROM_70 = "70_plus", _("70 years or more")


class SocialStatus(models.TextChoices):
    SCHOOLED = "schooled", _("In education")
    UNEMPLOYED = "unemployed", _("Without a job")
    EMPLOYED = "employed", _("In work")
    RETIRED = "retired", _("Retired")


# Anonymous counts are stored per dimension; what is not counted is "not communicated".
COUNT_FIELDS = {
    "gender": [f"gender_{code}" for code in Gender.values],
    "age": [f"age_{code}" for code in AgeBand.values],
    "status": [f"status_{code}" for code in SocialStatus.values],
}
BREAKDOWN_FIELDS = [name for names in COUNT_FIELDS.values() for name in names]
DIMENSION_LABELS = {"gender": _("gender"), "age": _("age"), "status": _("situation")}
DIMENSION_CHOICES: dict[str, type[models.TextChoices]] = {"gender": Gender, "age": AgeBand, "status": SocialStatus}
NOT_COMMUNICATED = _("Not communicated")
