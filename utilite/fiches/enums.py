from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)")
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", _("Creative Commons Attribution-NonCommercial-ShareAlike (CC BY-NC-SA 4.0)")
    CC0 = "CC0-1.0", _("Public domain dedication (CC0 1.0)")
    RESERVED = "reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.fr",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
}


class FicheStatus(models.TextChoices):
    """Life cycle of a fiche: written as a draft, then published (frozen) — and again."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    ODT = "odt", "ODT (LibreOffice)"
    DOCX = "docx", "DOCX (Word)"


# The narrative sections of a fiche (domain guide §2), each written in Markdown.
NARRATIVE = ["activities", "stakes", "stakeholders", "uses", "lessons"]


class FundingContent(models.TextChoices):
    """What a section of a funding application is filled with, taken from the fiche."""

    IDENTITY = "identity", _("The structure (identity)")
    ACTION = "action", _("The action evaluated")
    ACTIVITIES = "activities", _("Activities and resources (written)")
    STAKES = "stakes", _("Stakes and objectives (written)")
    STAKEHOLDERS = "stakeholders", _("Stakeholders consulted (written)")
    INDICATORS = "indicators", _("Indicators with their targets")
    RESULTS = "results", _("Latest results")
    PUBLIC = "public", _("People reached")
    TESTIMONIES = "testimonies", _("Testimonies for funders")
    USES = "uses", _("Planned uses (written)")
    LESSONS = "lessons", _("Difficulties and lessons (written)")
    FREE = "free", _("Nothing: to be written in the file")
