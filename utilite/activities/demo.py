"""Demonstration sessions: a few months of plausible, anonymous workshops for two structures."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from utilite.networks.models import Network

from .models import ActivityRecord
from .services import log_activity

# Structure → (themes of its workshops, smallest and largest group).
DEMO_SESSIONS: dict[str, tuple[list[str], tuple[int, int]]] = {
    "foyer-laique-saint-marc": (["email", "content", "security", "browsing"], (6, 12)),
    "centre-social-keredern": (["procedures", "equipment", "employment", "health"], (3, 8)),
}


@transaction.atomic
def load_demo_sessions(network: Network, weeks: int = 26) -> int:
    """Weekly sessions over the last six months, unless the structure already has some."""
    rng = random.Random(2013)  # noqa: S311 (demo data, not security)  # nosec B311
    today = timezone.localdate()
    created = 0
    for slug, (themes, (low, high)) in DEMO_SESSIONS.items():
        organisation = network.organisations.filter(slug=slug).first()
        if organisation is None or ActivityRecord.objects.filter(organisation=organisation).exists():
            continue
        author = organisation.memberships.select_related("user").first()
        action = organisation.actions.order_by("pk").first()
        for week in range(weeks):
            participants = rng.randint(low, high)
            women = rng.randint(0, participants)
            seniors = rng.randint(0, participants) if slug == "foyer-laique-saint-marc" else 0
            log_activity(
                organisation=organisation,
                user=author.user if author else None,  # type: ignore[arg-type]
                date=today - datetime.timedelta(weeks=week, days=rng.randint(0, 4)),
                activity_type="collective",
                duration_minutes=rng.choice([90, 120]),
                action=action,
                participants=participants,
                gender_female=women,
                gender_male=participants - women - (1 if participants - women > 0 else 0),
                age_70_plus=seniors,
                themes=rng.sample(themes, 2),
            )
            created += 1
    return created
