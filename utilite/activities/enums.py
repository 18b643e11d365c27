"""The national vocabulary of digital-mediation activities (ANCT's Coop, domain guide §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual support")
    COLLECTIVE = "collective", _("Collective workshop")


DURATIONS = [(minutes, _("%(minutes)s min") % {"minutes": minutes}) for minutes in (15, 30, 45, 60, 90, 120)]


class PlaceType(models.TextChoices):
    ACTIVITY_PLACE = "activity_place", _("Place of activity")
    HOME = "home", _("At the person's home")
    REMOTE = "remote", _("Remotely")
    OTHER = "other", _("Other")


class Material(models.TextChoices):
    COMPUTER = "computer", _("Computer")
    PHONE = "phone", _("Phone")
    TABLET = "tablet", _("Tablet")
    OTHER = "other", _("Other")
    NONE = "none", _("None")


class Autonomy(models.TextChoices):
    FULLY_ASSISTED = "fully_assisted", _("Fully assisted")
    PARTIALLY_AUTONOMOUS = "partially_autonomous", _("Partially autonomous")
    AUTONOMOUS = "autonomous", _("Autonomous")


class Theme(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Digital diagnosis")
    EQUIPMENT = "equipment", _("Getting to grips with equipment")
    MAINTENANCE = "maintenance", _("Maintenance")
    CONTENT = "content", _("Managing one's content")
    BROWSING = "browsing", _("Browsing the internet")
    EMAIL = "email", _("E-mail")
    OFFICE = "office", _("Office software")
    SOCIAL_MEDIA = "social_media", _("Social media")
    HEALTH = "health", _("Health")
    BANKING = "banking", _("Online banking and shopping")
    PROFESSIONAL = "professional", _("Supporting a professional")
    EMPLOYMENT = "employment", _("Finding work")
    SECURITY = "security", _("Digital security")
    PARENTING = "parenting", _("Parenting")
    SCHOOLING = "schooling", _("Schooling")
    CREATING = "creating", _("Creating with digital tools")
    CULTURE = "culture", _("Digital culture")
    AI = "ai", _("Artificial intelligence")
    PROCEDURES = "procedures", _("Help with administrative procedures")


class Gender(models.TextChoices):
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")


class AgeBand(models.TextChoices):
    UNDER_12 = "under_12", _("Under 12")
    FROM_12 = "12_17", _("12 to 17")
    FROM_18 = "18_24", _("18 to 24")
    FROM_25 = "25_39", _("25 to 39")
    FROM_40 = "40_59", _("40 to 59")
    FROM_60 = "60_69", _("60 to 69")
    FROM_70 = "70_plus", _("70 and over")


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
