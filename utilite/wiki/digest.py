"""The daily e-mail of what changed in the pages and spaces someone follows (their own changes
left out): one message per person, nothing when nothing changed, nothing from a space they can
no longer read."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Revision, Watch
from .permissions import can_use

logger = logging.getLogger(__name__)


def send_digests(now: datetime.datetime | None = None, hours: int = 24) -> int:
    """Send the digests of the last `hours`; returns how many e-mails went."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=hours)
    watches = list(Watch.objects.select_related("user", "space__network", "page"))
    if not watches:
        return 0
    revisions = list(
        Revision.objects.filter(
            space__in={watch.space_id for watch in watches}, created_at__gte=since, created_at__lt=now
        )
        .select_related("page", "space__network", "author")
        .defer("text", "page__text", "page__search_text")
        .order_by("created_at", "pk")
    )
    by_user: dict[int, list[Watch]] = defaultdict(list)
    for watch in watches:
        by_user[watch.user_id].append(watch)
    sent = 0
    for user_watches in by_user.values():
        user = user_watches[0].user
        if not user.is_active:
            continue
        spaces = {watch.space_id for watch in user_watches if watch.page_id is None and can_use(user, watch.space)}
        pages = {watch.page_id for watch in user_watches if watch.page_id and can_use(user, watch.space)}
        changes = [
            revision
            for revision in revisions
            if (revision.space_id in spaces or revision.page_id in pages) and revision.author_id != user.pk
        ]
        if not changes:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "wiki/email/digest.txt", {"user": user, "changes": changes, "base": settings.SITE_URL.rstrip("/")}
            )
            send_mail(_("What changed in the wiki"), body, None, [user.email])
        sent += 1
    logger.info("wiki digests: %s sent for %s changes", sent, len(revisions))
    return sent
