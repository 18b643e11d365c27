"""Reads of the wiki, each a bounded number of queries: a page's HTML with its links resolved,
a space's recent changes and open actions, search, and the timeline of the work."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import text as wikitext
from .enums import PageKind
from .models import ActionItem, Page, Revision, Space


def page_html(page: Page, *, public: bool = False) -> SafeString:
    """The page as HTML; a link to a missing page shows as such and creates it in one click (one query)."""
    space = page.space
    wanted = {wikitext.page_slug(title) for title in wikitext.links(page.text)}
    existing = (
        set(Page.objects.filter(space=space, slug__in=wanted).values_list("slug", flat=True)) if wanted else set()
    )

    def link(title: str, words: str) -> str:
        slug = wikitext.page_slug(title)
        if slug in existing:
            name = "wiki_public:page" if public else "wiki:page"
            return format_html(
                '<a href="{}">{}</a>', reverse(name, args=[space.network.slug, space.slug, slug]), words
            )
        if public:
            return format_html("<span>{}</span>", words)
        url = reverse("wiki:new_page", args=[space.network.slug, space.slug])
        return format_html(
            '<a class="wikilink--missing" href="{}?titre={}" title="{}">{}</a>',
            url,
            title,
            "Page à créer",
            words,
        )

    return wikitext.render(page.text, link)


def recent_changes(spaces: Iterable[int] | QuerySet[Space], limit: int = 50) -> list[Revision]:
    return list(
        Revision.objects.filter(space__in=spaces)
        .select_related("page", "author", "space__network")
        .defer("text", "page__text", "page__search_text")
        .order_by("-created_at", "-pk")[:limit]
    )


def open_actions(**where: Any) -> list[ActionItem]:
    return list(ActionItem.objects.open().filter(**where).select_related("page", "space__network", "assignee")[:200])


def search(spaces: Iterable[int] | QuerySet[Space], query: str, limit: int = 30) -> list[Page]:
    """Pages whose title or text hold every word of `query`, accents and case ignored: SQLite's
    FTS5, PostgreSQL's full-text search. A word also matches as the start of a longer one."""
    words = [word for word in wikitext.WORD.findall(wikitext.fold(query)) if word.strip() and word.isalnum()][:8]
    if not words:
        return []
    if connection.vendor == "sqlite":
        match = " ".join(f'"{word}"*' for word in words)
        found = RawSQL("SELECT rowid FROM wiki_page_fts WHERE wiki_page_fts MATCH %s", [match])  # nosec B611
    else:
        match = " & ".join(f"{word}:*" for word in words)
        found = RawSQL(  # nosec B611
            "SELECT id FROM wiki_page WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', %s)", [match]
        )
    pages = list(
        Page.objects.filter(space__in=spaces, pk__in=found)
        .select_related("space__network")
        .order_by("-updated_at", "-pk")[:limit]
    )
    for page in pages:
        page.excerpt = _excerpt(page.text, words)  # type: ignore[attr-defined]
    return pages


def _excerpt(text: str, words: list[str], width: int = 160) -> str:
    folded = wikitext.fold(text)  # the same length as `text` for French letters
    at = min((index for index in (folded.find(word) for word in words) if index >= 0), default=0)
    start = max(at - width // 3, 0)
    part = text[start : start + width].replace("\n", " ")
    return ("…" if start else "") + part + ("…" if start + width < len(text) else "")


@dataclass
class Month:
    month: datetime.date
    pages: int = 0
    minutes: int = 0
    revisions: int = 0
    actions_opened: int = 0
    actions_done: int = 0
    by_structure: dict[str, int] = field(default_factory=dict)


def timeline(space: Space, since: datetime.date | None = None) -> list[Month]:
    """Month by month: pages created (minutes among them), revisions, actions opened and done,
    and who wrote, by structure (five queries)."""
    months: dict[datetime.date, Month] = {}

    def month(day: Any) -> Month:
        key = day.date() if isinstance(day, datetime.datetime) else day
        return months.setdefault(key, Month(key))

    window = Q(created_at__date__gte=since) if since else Q()
    page_rows: Any = (
        Page.objects.filter(window, space=space)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(pages=Count("pk"), minutes=Count("pk", filter=Q(kind=PageKind.MINUTES)))
    )
    for row in page_rows:
        month(row["month"]).pages, month(row["month"]).minutes = row["pages"], row["minutes"]
    by_structure: dict[Any, dict[str, int]] = defaultdict(dict)
    revision_rows: Any = (
        Revision.objects.filter(window, space=space)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "organisation__name")
        .annotate(count=Count("pk"))
    )
    for row in revision_rows:
        item = month(row["month"])
        item.revisions += row["count"]
        name = row["organisation__name"] or _("the network")
        by_structure[item.month][name] = by_structure[item.month].get(name, 0) + row["count"]
    for moment, done in (("opened_at", False), ("done_at", True)):
        rows: Any = (
            ActionItem.objects.filter(Q(**{f"{moment}__date__gte": since}) if since else Q(), space=space)
            .filter(Q(done=True) if done else Q())
            .annotate(month=TruncMonth(moment))
            .values("month")
            .annotate(count=Count("pk"))
        )
        for row in rows:
            if done:
                month(row["month"]).actions_done = row["count"]
            else:
                month(row["month"]).actions_opened = row["count"]
    for key, counts in by_structure.items():
        months[key].by_structure = dict(sorted(counts.items()))
    return sorted(months.values(), key=lambda item: item.month, reverse=True)


def network_figures(network: Any, today: datetime.date) -> dict[str, int]:
    """For « Le réseau s'évalue »: the wiki's work this year, all spaces of the network (three queries)."""
    year = Q(created_at__year=today.year)
    pages = Page.objects.filter(space__network=network).aggregate(
        pages=Count("pk"), minutes=Count("pk", filter=Q(kind=PageKind.MINUTES) & year)
    )
    revisions = Revision.objects.filter(year, space__network=network).aggregate(
        revisions=Count("pk"), authors=Count("author", distinct=True), structures=Count("organisation", distinct=True)
    )
    actions = ActionItem.objects.filter(space__network=network).aggregate(
        opened=Count("pk", filter=Q(opened_at__year=today.year)), done=Count("pk", filter=Q(done_at__year=today.year))
    )
    return {key: int(value or 0) for key, value in {**pages, **revisions, **actions}.items()}


def fiche_annexes(fiche: Any) -> list[dict[str, Any]]:
    """For `fiches.annexes`: the timeline of each space attached to the fiche, over its period."""
    from django.utils.formats import date_format

    from .models import FicheAnnex

    sections = []
    for annex in FicheAnnex.objects.filter(fiche=fiche).select_related("space").order_by("pk"):
        months = [
            month
            for month in timeline(annex.space, since=fiche.period_start.replace(day=1))
            if month.month <= fiche.period_end
        ]
        sections.append(
            {
                "title": _("Timeline of the work · %(space)s") % {"space": annex.space.name},
                "note": _("From the network's wiki: what the space wrote and did, month by month."),
                "headers": [
                    str(_("Month")),
                    str(_("Pages created")),
                    str(_("Minutes")),
                    str(_("Changes")),
                    str(_("Actions opened")),
                    str(_("Actions done")),
                    str(_("Who wrote, by structure")),
                ],
                "rows": [
                    [
                        date_format(month.month, "F Y"),
                        str(month.pages),
                        str(month.minutes),
                        str(month.revisions),
                        str(month.actions_opened),
                        str(month.actions_done),
                        ", ".join(f"{name} ({count})" for name, count in month.by_structure.items()),
                    ]
                    for month in sorted(months, key=lambda item: item.month)
                ],
            }
        )
    return sections
