"""The structures' criteria side by side, grouped when their wording is close: the raw material
from which the network drafts its common criteria."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, Subquery

from utilite.networks.models import Network
from utilite.referentiels.enums import Sharing
from utilite.referentiels.models import Criterion, Indicator, Referentiel

STOPWORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "l",
        "leur",
        "leurs",
        "ou",
        "par",
        "pour",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "un",
        "une",
        "dans",
        "est",
        "sont",
        "plus",
        "nombre",
        "part",
        "taux",
        "entre",
        "chaque",
    }
)
CLOSE = 0.5  # share of the shorter wording's significant words found in the other, to be grouped


def words(text: str) -> frozenset[str]:
    """Significant words, without accents, cut to their first six letters (a crude stem)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    found = (word.rstrip("sx") for word in re.findall(r"[a-z]+", plain) if word not in STOPWORDS)
    return frozenset(word[:6] for word in found if len(word) > 2)


@dataclass
class Group:
    words: set[str]
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def structures(self) -> int:
        return len({criterion.registre.referentiel.organisation_id for criterion in self.criteria})


def shared_criteria(network: Network, text: str = "") -> list[Criterion]:
    """Criteria (with their indicators) of each structure's latest validated référentiel shared
    with the network — three queries."""
    criteria = Criterion.objects.filter(
        registre__referentiel__organisation__network=network,
        registre__referentiel=Subquery(
            Referentiel.objects.latest_validated_pk_of("registre__referentiel__organisation")
        ),
        registre__referentiel__sharing=Sharing.NETWORK,
    )
    if text:
        criteria = criteria.filter(
            Q(title__icontains=text) | Q(indicators__title__icontains=text) | Q(registre__title__icontains=text)
        ).distinct()
    return list(
        criteria.select_related("registre__referentiel__organisation")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk")))
        .order_by("registre__referentiel__organisation__name", "registre__position", "position", "pk")
    )


def group(criteria: list[Criterion]) -> list[Group]:
    """Greedy grouping: each criterion joins the group it overlaps most (at least CLOSE of the
    shorter set of words), or starts its own. Groups with more structures come first."""
    groups: list[Group] = []
    for criterion in criteria:
        own = set(words(criterion.title))
        best, score = None, 0.0
        for candidate in groups:
            shorter = min(len(own), len(candidate.words))
            shared = len(own & candidate.words) / shorter if shorter else 0.0
            if shared > score:
                best, score = candidate, shared
        if best is not None and score >= CLOSE:
            best.criteria.append(criterion)
            best.words |= own
        else:
            groups.append(Group(words=own, criteria=[criterion]))
    return sorted(groups, key=lambda g: (-g.structures, -len(g.criteria), g.criteria[0].title.lower()))
