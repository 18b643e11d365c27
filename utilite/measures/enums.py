from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    PER_SESSION = "per_session", _("Each session")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    ENTRY_EXIT = "entry_exit", _("At entry and exit")
    PLUS_3_MONTHS = "plus_3_months", _("3 months later")
    PLUS_6_MONTHS = "plus_6_months", _("6 months later")


class Granularity(models.TextChoices):
    """The period a value is entered for."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


GRANULARITY_OF = {
    PeriodType.PER_SESSION: Granularity.MONTH,
    PeriodType.MONTHLY: Granularity.MONTH,
    PeriodType.ENTRY_EXIT: Granularity.MONTH,
    PeriodType.PLUS_3_MONTHS: Granularity.MONTH,
    PeriodType.PLUS_6_MONTHS: Granularity.MONTH,
    PeriodType.QUARTERLY: Granularity.QUARTER,
    PeriodType.YEARLY: Granularity.YEAR,
}


class ComputedFrom(models.TextChoices):
    """Réalisation indicators that fill themselves from activity records."""

    SESSIONS = "sessions", _("Number of sessions")
    PARTICIPANTS = "participants", _("Number of participations")
    HOURS = "hours", _("Hours of activity")
    # From co-publication (`contributions`, registered in `measures.sources`).
    CONTRIBUTIONS = "contributions", _("Contributions written in co-publication workshops")
    CONTRIBUTORS = "contributors", _("People who contributed (co-publication)")
    PUBLICATIONS = "publications", _("Contributions published (co-publication)")


class Scenario(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring our activity")
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation with the team")
    REPORTING = "reporting", _("Reporting to funders")
    ADVOCACY = "advocacy", _("Advocacy and communication")
    STEERING = "steering", _("Steering the project")
