"""What a board shows, in three queries whatever the number of cards: clusters, the cards with
their votes (a duplicate's votes count with the card it repeats), and the counts per group."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest

from .enums import Group
from .models import Card, Cluster, Participant, Workshop


@dataclass
class Column:
    cluster: Cluster | None
    cards: list[Card] = field(default_factory=list)

    @property
    def key(self) -> str:
        """For the page: the cluster's id, or "" for the cards not sorted yet."""
        return str(self.cluster.pk) if self.cluster else ""

    @property
    def votes(self) -> int:
        return sum(card.total_votes for card in self.cards)  # type: ignore[attr-defined]

    def by_group(self) -> list[tuple[str, int]]:
        counts = Counter(card.group for card in self.cards)
        return [(str(Group(value).label), counts[value]) for value in Group.values if counts[value]]


@dataclass
class Board:
    workshop: Workshop
    columns: list[Column]  # the unsorted cards first, then each cluster
    cards: int
    participants: int
    my_votes: set[int]

    @property
    def unsorted(self) -> Column:
        return self.columns[0]

    @property
    def clusters(self) -> list[Column]:
        return self.columns[1:]


def stamp(workshop: Workshop) -> str:
    """Changes whenever the board does (a new card, any facilitation, a vote, a running timer):
    a poll that sends the same stamp back gets "nothing new" (one query)."""
    last = workshop.cards.aggregate(last=Max("pk"))["last"] or 0
    ticking = workshop.seconds_left or 0
    return f"{last}.{workshop.updated_at.timestamp():.6f}.{ticking}"


def unchanged(request: HttpRequest, current: str) -> bool:
    """An HTMX poll that already shows the board as it is now."""
    return bool(getattr(request, "htmx", False)) and request.GET.get("since") == current


def read(workshop: Workshop, *, participant: Participant | None = None, facilitator: bool = False) -> Board:
    cards = (
        workshop.cards.select_related("participant").annotate(own_votes=Count("votes", distinct=True)).order_by("pk")
    )
    if not facilitator:
        cards = cards.filter(hidden=False)
        if not workshop.cards_visible_to_all:
            cards = cards.filter(participant=participant) if participant else cards.none()
    clusters = list(workshop.clusters.all())
    columns = {None: Column(None)} | {cluster.pk: Column(cluster) for cluster in clusters}
    duplicates: dict[int, list[Card]] = defaultdict(list)
    listed = list(cards)
    for card in listed:
        if card.merged_into_id:
            duplicates[card.merged_into_id].append(card)
    for card in listed:
        if card.merged_into_id:
            continue
        card.duplicates_shown = duplicates.get(card.pk, [])  # type: ignore[attr-defined]
        card.total_votes = card.own_votes + sum(d.own_votes for d in card.duplicates_shown)  # type: ignore[attr-defined]
        columns.get(card.cluster_id, columns[None]).cards.append(card)
    my_votes: set[int] = set()
    if participant is not None:
        my_votes = set(participant.votes.values_list("card_id", flat=True))
    return Board(
        workshop=workshop,
        columns=list(columns.values()),
        cards=len([card for card in listed if not card.merged_into_id]),
        participants=workshop.participants.count(),
        my_votes=my_votes,
    )


def export_rows(workshop: Workshop) -> list[dict[str, Any]]:
    """Every card (hidden ones marked), for CSV or JSON: no participant is named but by pseudonym."""
    rows = []
    cards = (
        workshop.cards.select_related("cluster", "participant")
        .annotate(votes_count=Count("votes", distinct=True))
        .order_by("pk")
    )
    questions = workshop.question_list
    for card in cards:
        rows.append(
            {
                "carte": card.pk,
                "texte": card.text,
                "question": questions[card.question] if card.question < len(questions) else "",
                "groupe": str(Group(card.group).label),
                "pseudonyme": card.participant.pseudonym if card.participant else "",
                "regroupement": card.cluster.name if card.cluster else "",
                "votes": card.votes_count,
                "doublon_de": card.merged_into_id or "",
                "masquee": "oui" if card.hidden else "non",
            }
        )
    return rows


def group_counts(workshop: Workshop) -> list[tuple[str, int]]:
    counts = dict(workshop.participants.values("group").annotate(n=Count("pk")).values_list("group", "n"))
    return [(str(Group(value).label), counts.get(value, 0)) for value in workshop.groups if value in Group.values]


def panorama_context(workshop: Workshop) -> dict[str, Any]:
    """The panorama of social utility the workshop drew: each group of cards with, per
    stakeholder group, its cards, their number and their votes."""
    read_board = read(workshop, facilitator=True)
    sections = []
    for column in read_board.columns:
        shown = [card for card in column.cards if not card.hidden]
        by_group = []
        for value in Group.values:
            cards = [card for card in shown if card.group == value]
            if cards:
                by_group.append({"label": str(Group(value).label), "cards": cards})
        if shown:
            votes = sum(card.total_votes for card in shown)  # type: ignore[attr-defined]
            sections.append({"cluster": column.cluster, "groups": by_group, "count": len(shown), "votes": votes})
    return {"workshop": workshop, "sections": sections, "groups": group_counts(workshop), "board": read_board}
