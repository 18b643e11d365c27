"""The national tier on PostgreSQL, and the pages that must stay flat when a network grows from
Brest's size to the country's, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/utilite_national \\
        DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m benchmarks.national [--tier departement]

Builds two networks with the same shapes in the same database: « brest » (8 structures) and the
chosen tier (`national`: 3,000 structures, ~20,000 places, ~7,000 users, ~10 million sessions,
~9 million indicator values, ~1 million questionnaire answers, over three years; `departement`:
a tenth of it, for quick runs). A few structures are large and most small (sizes fall as
1/rank^0.8); each has several actions, a validated référentiel shared with the network (a
third have two versions), mapped to the common one, monthly values per action, and the
largest run questionnaires before and after their actions.

The bulk tables are filled by INSERT … SELECT over generate_series (no row goes through
Python); the small ones by bulk_create. The aggregates are then built by the same code as
`manage.py rebuild_aggregates`. It prints the counts and, for the territory synthesis, the
network's own indicators and the largest structure's dashboard, the queries (equal at both
tiers) and the median time at each tier, with their ratio (target ≤ 1.5). Results go to
benchmarks/results/national.txt.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
import django.utils.timezone

RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "bench-password-2026"  # noqa: S105  # nosec B105  (throw-away benchmark accounts)
START = datetime.date(2024, 1, 1)  # three years of history
MONTHS = 36
PER_CRITERION = 4  # indicators per criterion of a structure, two of them mapped to common ones


@dataclass(frozen=True)
class Tier:
    name: str
    structures: int
    places: int
    users: int
    sessions: int
    answers: int


TIERS = {
    "brest": Tier("brest", 8, 150, 30, 12_000, 4_000),
    "departement": Tier("departement", 300, 2_000, 700, 1_000_000, 100_000),
    "national": Tier("national", 3_000, 20_000, 7_000, 10_000_000, 1_000_000),
}


def weights(count: int) -> list[float]:
    """A few large structures and many small ones."""
    raw = [1 / (rank**0.8) for rank in range(1, count + 1)]
    total = sum(raw)
    return [value / total for value in raw]


def actions_for(rank: int) -> int:
    return max(3, round(25 / rank**0.25))


def insert_select(model: Any, columns: dict[str, str], source: str, params: list[Any] | None = None) -> int:
    """INSERT INTO model's table SELECT the given SQL expressions FROM `source`; every other
    column takes the field's default (or NULL, or '' for text)."""
    from django.db import connection, models

    now = django.utils.timezone.now()
    names, expressions, values = [], [], []
    value: Any
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        names.append(connection.ops.quote_name(field.column))
        key = field.attname if field.attname in columns else field.name
        if key in columns:
            expressions.append(columns[key].replace("%", "%%"))
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif isinstance(field, models.CharField | models.TextField):
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
        expressions.append("%s")
        values.append(field.get_db_prep_save(value, connection))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(names)}) "
        f"SELECT {', '.join(expressions)} FROM {source.replace('%', '%%')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values + (params or []))
        return cursor.rowcount


def build(tier: Tier, log: Any) -> dict[str, Any]:
    from django.db import connection, transaction

    from utilite.accounts.models import User
    from utilite.activities.models import ActivityRecord, MonthlyActivity
    from utilite.activities.services import rebuild_network_activity
    from utilite.commons import services as commons
    from utilite.commons.models import Mapping
    from utilite.measures.models import IndicatorValue
    from utilite.networks.models import Network, NetworkMembership
    from utilite.organisations.models import Action, Membership, Organisation
    from utilite.places import demo as places_demo
    from utilite.places import imports as places_imports
    from utilite.questionnaires.models import Answer, Campaign, Question, Questionnaire, Response, Section
    from utilite.referentiels.models import Criterion, Indicator, Referentiel, Registre

    started = time.perf_counter()

    def step(message: str) -> None:
        log(f"  [{tier.name} {time.perf_counter() - started:6.1f} s] {message}")

    network = Network.objects.create(name=f"Réseau {tier.name}", slug=tier.name)
    coordinator = User.objects.create_user(f"coordination@{tier.name}.bench", PASSWORD, full_name="Coordination")
    NetworkMembership.objects.create(network=network, user=coordinator, role="coordinator")
    draft = commons.start_common(network, coordinator)
    common = []
    for dimension in draft.dimensions.order_by("position"):
        criterion = commons.add_item("criterion", parent=dimension, user=coordinator, title=f"Critère {dimension}")
        for n in (1, 2):
            indicator = commons.add_item(
                "indicator",
                parent=criterion,
                user=coordinator,
                title=f"Personnes {n} · {dimension}",
                indicator_kind="count",
                unit="personnes",
                aggregation="sum",
                counts_people=True,
            )
            common.append((criterion, indicator))
    commons.publish(draft, coordinator)

    shares = weights(tier.structures)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            network=network, name=f"Structure {tier.name} {rank}", slug=f"{tier.name}-{rank}", kind="association"
        )
        for rank in range(1, tier.structures + 1)
    )
    step(f"{len(organisations)} structures")
    users = User.objects.bulk_create(
        User(email=f"u{n}@{tier.name}.bench", full_name=f"Personne {n}", password="!")  # noqa: S106  # nosec B106  (unusable)
        for n in range(tier.users - 1)
    )
    admin = User.objects.create_user(f"structure@{tier.name}.bench", PASSWORD, full_name="Structure")
    Membership.objects.bulk_create(
        [Membership(organisation=organisations[0], user=admin, role="admin")]
        + [
            Membership(organisation=organisations[n % len(organisations)], user=user, role="employee")
            for n, user in enumerate(users)
        ],
        batch_size=5000,
    )
    actions = Action.objects.bulk_create(
        Action(organisation=organisation, title=f"Atelier {n}")
        for rank, organisation in enumerate(organisations, start=1)
        for n in range(actions_for(rank))
    )
    step(f"{len(users) + 1} users, {len(actions)} actions")

    referentiels = []
    for rank, organisation in enumerate(organisations, start=1):
        if rank % 3 == 0:  # an older version, validated then replaced
            referentiels.append(
                Referentiel(
                    organisation=organisation,
                    version=1,
                    status="validated",
                    sharing="network",
                    validated_at=django.utils.timezone.now() - datetime.timedelta(days=700),
                )
            )
        referentiels.append(
            Referentiel(
                organisation=organisation,
                version=2 if rank % 3 == 0 else 1,
                status="validated",
                sharing="network",
                validated_at=django.utils.timezone.now() - datetime.timedelta(days=300),
            )
        )
    referentiels = Referentiel.objects.bulk_create(referentiels, batch_size=5000)
    registres = Registre.objects.bulk_create(
        (Registre(referentiel=referentiel, title="Vivre ensemble") for referentiel in referentiels), batch_size=5000
    )
    criteria = Criterion.objects.bulk_create(
        (
            Criterion(registre=registre, title=f"Critère {n}", uid=uuid.uuid4())
            for registre in registres
            for n in range(4)
        ),
        batch_size=5000,
    )
    indicators = Indicator.objects.bulk_create(
        (
            Indicator(criterion=criterion, title=f"Personnes {n}", kind="count", unit="personnes", uid=uuid.uuid4())
            for criterion in criteria
            for n in range(PER_CRITERION)
        ),
        batch_size=5000,
    )
    latest = {referentiel.organisation_id: referentiel.pk for referentiel in referentiels}
    by_referentiel: dict[int, list[Indicator]] = {}
    criterion_of = {criterion.pk: criterion for criterion in criteria}
    registre_of = {registre.pk: registre.referentiel_id for registre in registres}
    for own_indicator in indicators:
        referentiel_id = registre_of[criterion_of[own_indicator.criterion_id].registre_id]
        by_referentiel.setdefault(referentiel_id, []).append(own_indicator)
    mappings = []
    for organisation in organisations:
        own = by_referentiel[latest[organisation.pk]]  # two per criterion mapped, the others its own
        shared = [item for position, item in enumerate(own) if position % PER_CRITERION < 2]
        for item, (common_criterion, common_indicator) in zip(shared, common, strict=True):
            mappings.append(
                Mapping(
                    organisation=organisation,
                    kind="indicator",
                    item_uid=item.uid,
                    common_uid=common_indicator.uid,
                    common_criterion_uid=common_criterion.uid,
                    unit_matches=True,
                )
            )
        for index in range(0, len(own), PER_CRITERION):
            common_criterion = common[index // PER_CRITERION * 2][0]
            mappings.append(
                Mapping(
                    organisation=organisation,
                    kind="criterion",
                    item_uid=criterion_of[own[index].criterion_id].uid,
                    common_uid=common_criterion.uid,
                    common_criterion_uid=common_criterion.uid,
                )
            )
    Mapping.objects.bulk_create(mappings, batch_size=5000)
    step(f"{len(referentiels)} référentiels, {len(indicators)} indicators, {len(mappings)} mappings")

    # The bulk tables, from a table of the structures' shapes.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_shape")
        cursor.execute(
            "CREATE TEMP TABLE bench_shape (organisation bigint, sessions int, actions bigint[], indicators uuid[])"
        )
        rows = []
        actions_of: dict[int, list[int]] = {}
        for action in actions:
            actions_of.setdefault(action.organisation_id, []).append(action.pk)
        for organisation, share in zip(organisations, shares, strict=True):
            uids = [str(item.uid) for item in by_referentiel[latest[organisation.pk]]]
            rows.append((organisation.pk, max(1, round(tier.sessions * share)), actions_of[organisation.pk], uids))
        cursor.executemany("INSERT INTO bench_shape VALUES (%s, %s, %s, %s::uuid[])", rows)
    with transaction.atomic():
        sessions = insert_select(
            ActivityRecord,
            {
                "organisation_id": "s.organisation",
                "action_id": "s.actions[1 + g % cardinality(s.actions)]",
                "date": f"DATE '{START.isoformat()}' + ((g::bigint * 7919) % {MONTHS * 365 // 12})::int",
                "duration_minutes": "60 + (g % 4) * 30",
                "participants": "1 + (g % 9)",
                "activity_type": "'individual'",
                "place_type": "'activity_place'",
            },
            "bench_shape s CROSS JOIN LATERAL generate_series(1, s.sessions) g",
        )
    step(f"{sessions} sessions")
    with transaction.atomic():
        months = ", ".join(
            f"DATE '{(START + datetime.timedelta(days=31 * m)).replace(day=1).isoformat()}'" for m in range(MONTHS)
        )
        values = insert_select(
            IndicatorValue,
            {
                "organisation_id": "s.organisation",
                "indicator_uid": "i.uid",
                "granularity": "'month'",
                "period_start": "m.month",
                "action_id": "a.action",
                "value": "(5 + (hashtext(i.uid::text || m.month::text || coalesce(a.action, 0)::text) & 63))::numeric",
            },
            "bench_shape s CROSS JOIN LATERAL unnest(s.indicators) AS i(uid) "
            f"CROSS JOIN unnest(ARRAY[{months}]) AS m(month) "
            "CROSS JOIN LATERAL (SELECT NULL::bigint AS action UNION ALL SELECT unnest(s.actions)) a",
        )
    step(f"{values} indicator values")
    breakdown = ("gender_", "age_", "status_")
    counted = [str(f.column) for f in MonthlyActivity._meta.concrete_fields if f.name.startswith(breakdown)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {MonthlyActivity._meta.db_table}
                (organisation_id, action_key, month, sessions, participants, minutes,
                 {", ".join(counted)})
            SELECT organisation_id, coalesce(action_id, 0), date_trunc('month', date)::date, count(*),
                sum(participants), sum(duration_minutes), {", ".join("0" for _column in counted)}
            FROM {ActivityRecord._meta.db_table} WHERE organisation_id IN (SELECT organisation FROM bench_shape)
            GROUP BY 1, 2, 3"""
        )
        step(f"{cursor.rowcount} structure months")
    rebuild_network_activity()

    # Questionnaires before and after, in the larger structures.
    answering = organisations[: max(1, len(organisations) // 6)]
    questionnaires = Questionnaire.objects.bulk_create(
        Questionnaire(organisation=organisation, title="Avant / après") for organisation in answering
    )
    sections = Section.objects.bulk_create(Section(questionnaire=q, title="Vous") for q in questionnaires)
    questions = Question.objects.bulk_create(
        Question(section=section, position=n, name=f"q{n}", wording=f"Question {n}", kind="scale")
        for section in sections
        for n in range(4)
    )
    campaigns = Campaign.objects.bulk_create(
        Campaign(questionnaire=q, moment=moment, period_start=datetime.date(2026, 1, 1))
        for q in questionnaires
        for moment in ("before", "after")
    )
    per_campaign = max(1, tier.answers // 4 // len(campaigns))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_campaign (campaign bigint, questions bigint[])")
        questions_of: dict[int, list[int]] = {}
        for question in questions:
            questions_of.setdefault(question.section.questionnaire_id, []).append(question.pk)
        cursor.executemany(
            "INSERT INTO bench_campaign VALUES (%s, %s)",
            [(campaign.pk, questions_of[campaign.questionnaire_id]) for campaign in campaigns],
        )
        responses = insert_select(
            Response,
            {"campaign_id": "c.campaign", "answered_on": "DATE '2026-02-01' + (g % 200)"},
            f"bench_campaign c CROSS JOIN generate_series(1, {per_campaign}) g",
        )
        answers = insert_select(
            Answer,
            {"response_id": "r.id", "question_id": "q.question", "number": "(1 + (r.id + q.question) % 5)::numeric"},
            f"{Response._meta.db_table} r JOIN bench_campaign c ON c.campaign = r.campaign_id "
            "CROSS JOIN LATERAL unnest(c.questions) AS q(question)",
        )
        cursor.execute("DROP TABLE bench_campaign")
        cursor.execute("DROP TABLE bench_shape")
    step(f"{responses} responses, {answers} answers")

    place_rows, problems = places_imports.read("lieux.csv", places_demo.directory_file(tier.places))
    assert not problems, problems[:3]  # nosec B101
    places_imports.save(network, place_rows, user=None)
    step(f"{len(place_rows)} places")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"network": network, "coordinator": coordinator, "admin": admin, "largest": organisations[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=["national", "departement"], default="national")
    parser.add_argument("--reuse", action="store_true", help="measure the tiers an earlier run left in the database")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    assert connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"  # nosec B101
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if not arguments.reuse:
        call_command("flush", interactive=False, verbosity=0)
    lines: list[str] = []

    def log(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    built = {}
    for name in ("brest", arguments.tier):
        if arguments.reuse:
            built[name] = existing(name)
            continue
        started = time.perf_counter()
        built[name] = build(TIERS[name], log)
        log(f"{name}: built in {time.perf_counter() - started:.0f} s")
    log(counts())

    from utilite.activities import services as activities
    from utilite.commons import snapshots
    from utilite.commons.models import SynthesisSnapshot
    from utilite.commons.synthesis import Filters
    from utilite.testimonies.models import ConsentScope

    today = django.utils.timezone.localdate()
    pages_of: dict[str, dict[str, tuple[Any, str]]] = {}
    for name, world in built.items():
        network = world["network"]
        filters = Filters(start=today.replace(month=1, day=1), end=today.replace(month=12, day=31))
        started = time.perf_counter()
        snapshots.read(network, filters, audience=ConsentScope.FUNDERS)  # computed once, as the task does
        elapsed = time.perf_counter() - started
        log(f"{name}: territory synthesis ready (computed, or an earlier run's) in {elapsed:.2f} s")
        started = time.perf_counter()
        for _ in range(20):
            activities.log_activity(organisation=world["largest"], user=world["admin"], participants=3)
        log(
            f"{name}: one session logged (structure and network months kept in step): "
            f"{(time.perf_counter() - started) / 20 * 1000:.1f} ms"
        )
        started = time.perf_counter()
        stale = snapshots.read(network, filters, audience=ConsentScope.FUNDERS)
        log(
            f"{name}: territory synthesis read after a write in {time.perf_counter() - started:.2f} s "
            f"({'older figures, a task computes them' if stale.refreshing else 'computed at once'})"
        )
        key, _data = snapshots.key_of(filters, ConsentScope.FUNDERS)
        started = time.perf_counter()
        snapshots.compute(SynthesisSnapshot.objects.get(network=network, key=key), filters, ConsentScope.FUNDERS)
        log(f"{name}: territory synthesis computed again (the task's work) in {time.perf_counter() - started:.2f} s")
        coordinator, admin = Client(), Client()
        coordinator.force_login(world["coordinator"])
        admin.force_login(world["admin"])
        pages_of[name] = {
            "territory synthesis": (coordinator, f"/reseaux/{network.slug}/synthese/"),
            "network indicators": (coordinator, f"/reseaux/{network.slug}/auto-evaluation/"),
            "structure dashboard": (admin, f"/structures/{world['largest'].slug}/tableau-de-bord/"),
            "coordinator home": (coordinator, "/"),
            "public directory": (Client(), f"/lieux/{network.slug}/"),
            "directory search": (Client(), f"/lieux/{network.slug}/?q=mediatheque"),
        }
    results: dict[str, dict[str, tuple[int, float]]] = {name: {} for name in built}
    for page in pages_of["brest"]:  # the two tiers in turn, so that the machine's noise falls on both
        measured = measure([pages_of[name][page] for name in built])
        for name, figures in zip(built, measured, strict=True):
            results[name][page] = figures
    small, large = results["brest"], results[arguments.tier]
    log("")
    worst = 0.0
    for page in small:
        (q1, t1), (q2, t2) = small[page], large[page]
        worst = max(worst, t2 / t1)
        log(
            f"{page}: brest {q1} queries, median {t1 * 1000:.1f} ms; {arguments.tier} {q2} queries, "
            f"median {t2 * 1000:.1f} ms; queries equal: {q1 == q2}; ratio {t2 / t1:.2f}"
        )
    log(f"worst ratio {worst:.2f} (target ≤ 1.5)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"national-{arguments.tier}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def existing(name: str) -> dict[str, Any]:
    from utilite.accounts.models import User
    from utilite.networks.models import Network
    from utilite.organisations.models import Organisation

    return {
        "network": Network.objects.get(slug=name),
        "coordinator": User.objects.get(email=f"coordination@{name}.bench"),
        "admin": User.objects.get(email=f"structure@{name}.bench"),
        "largest": Organisation.objects.get(slug=f"{name}-1"),
    }


def counts() -> str:
    from utilite.accounts.models import User
    from utilite.activities.models import ActivityRecord
    from utilite.measures.models import IndicatorValue
    from utilite.organisations.models import Organisation
    from utilite.places.models import Place
    from utilite.questionnaires.models import Answer

    return (
        f"in all: {Organisation.objects.count()} structures, {Place.objects.count()} places, "
        f"{User.objects.count()} users, {ActivityRecord.objects.count()} sessions, "
        f"{IndicatorValue.objects.count()} indicator values, {Answer.objects.count()} questionnaire answers"
    )


def measure(pages: list[tuple[Any, str]], runs: int = 21) -> list[tuple[int, float]]:
    """Queries of one request and median time of `runs`, for each page, the pages taken in turn."""
    from django.db import connection

    queries = []
    for client, url in pages:
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        assert client.get(url).status_code == 200  # nosec B101  (warm)
        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200  # nosec B101
        queries.append(len(executed))
    timings: list[list[float]] = [[] for _ in pages]
    for _ in range(runs):
        for index, (client, url) in enumerate(pages):
            started = time.perf_counter()
            client.get(url)
            timings[index].append(time.perf_counter() - started)
    return [(count, statistics.median(times)) for count, times in zip(queries, timings, strict=True)]


if __name__ == "__main__":
    main()
