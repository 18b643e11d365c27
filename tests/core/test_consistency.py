"""Project-wide invariants."""

import ast
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import UserFactory
from utilite.networks.models import Network

ROOT = Path(__file__).resolve().parents[2]

# Apps may import only from apps on their left (see docs/architecture.md).
LAYERS = [
    "core",
    "accounts",
    "networks",
    "organisations",
    "referentiels",
    "activities",
    "measures",
    "testimonies",
    "questionnaires",
    "fiches",
    "commons",
    "places",
    "workshops",
    "contributions",
    "wiki",
    "home",
]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    apps = set()
    for node in ast.walk(tree):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        apps |= {name.split(".")[1] for name in names if name.startswith("utilite.") and name.count(".") >= 1}
    return apps


def test_dependency_direction():
    offences = []
    for app in LAYERS:
        allowed = set(LAYERS[: LAYERS.index(app) + 1])
        for path in (ROOT / "utilite" / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for imported in _imported_apps(path) - allowed:
                offences.append(f"{path.relative_to(ROOT)} imports utilite.{imported}")
    assert offences == []


def test_every_app_is_in_a_layer():
    apps = {path.name for path in (ROOT / "utilite").iterdir() if (path / "apps.py").exists()}
    assert apps == set(LAYERS)


def test_french_catalogue_is_complete_and_compiled():
    call_command("check_catalogue")


def test_deploy_checks_are_clean_with_production_settings():
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "utilite.example.org",
        "DATABASE_URL": "postgres://utilite@db.example.org:5432/utilite",
        "EMAIL_URL": "smtp+tls://utilite:secret@smtp.example.org:587",
        "CACHE_URL": "rediscache://cache.example.org:6379/1",
        "AWS_STORAGE_BUCKET_NAME": "utilite-media",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_demo_network_loads_twice_without_duplicates():
    call_command("load_demo", stdout=io.StringIO())
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert "coordination@demo.example" in output.getvalue()
    assert "demo-utilite-2026" in output.getvalue()

    network = Network.objects.get(slug="brest-demo")
    assert network.is_demo
    assert network.organisations.count() == 8
    coordinator = network.memberships.get(role="coordinator").user
    page = client_for(coordinator).get(reverse("organisations:network", kwargs={"slug": network.slug}))
    assert page.context["page"].paginator.count == 8
    assert "Données de démonstration" in page.content.decode()
    foyer = network.organisations.get(slug="foyer-laique-saint-marc").referentiels.get()
    assert (foyer.status, foyer.sharing) == ("validated", "network")
    assert network.organisations.get(slug="centre-social-keredern").referentiels.get().is_draft
    from utilite.activities.models import ActivityRecord

    assert ActivityRecord.objects.filter(organisation__network=network).count() == 52  # not doubled by the 2nd load
    dashboard = client_for(
        network.organisations.get(slug="foyer-laique-saint-marc").memberships.get(role="admin").user
    )
    html = dashboard.get(reverse("measures:dashboard", kwargs={"slug": "foyer-laique-saint-marc"})).content.decode()
    assert "remplis à partir des séances" in html or "rempli à partir des séances" in html


@pytest.mark.django_db
def test_health_check(client):
    assert client.get(reverse("core:health")).json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.ignore_template_errors  # Django's own admin templates use optional variables
def test_admin_is_for_staff_only(client):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    assert client_for(UserFactory()).get(url).status_code == 302
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert client_for(staff).get(url).status_code == 200
    assert client_for(staff).get(reverse("admin:organisations_organisation_changelist")).status_code == 200


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_form_and_url_takes_range_checked_ids():
    """Relations of forms go through `core.ids` (ids beyond 64 bits are a form error, not a 500),
    and URLs take `<id:…>`, never `<int:…>`."""
    offenders = []
    for path in (ROOT / "utilite").rglob("*.py"):
        if path.name == "ids.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("forms.ModelForm[", "forms.ModelChoiceField(", "forms.ModelMultipleChoiceField(", "<int:"):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


VIEW_FILES = sorted(
    {*ROOT.glob("utilite/*/views.py"), *ROOT.glob("utilite/*/views_*.py"), *ROOT.glob("utilite/*/views/*.py")}
)
# A view reads, checks and renders; every write is a named use case (atomic, with who and when),
# and a task is queued by the use case, after its transaction (core.tasks.enqueue_on_commit).
WRITES = re.compile(r"\.save\(|\.delete\(|\btransaction\b|\.enqueue\(|\.update\(|\.create\(|bulk_create|_or_create\(")


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_views_never_write(path):
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRITES.search(line) and not line.lstrip().startswith("#")
    ]
    assert not offending, "views must call a use case instead:\n" + "\n".join(offending)


def test_views_are_found():
    assert len(VIEW_FILES) > 30


def test_post_actions_answer_405_to_other_methods(world):
    """A view that only acts (`require_POST`) says so to a GET, instead of a 404."""
    client = client_for(world.admin_b)
    url = reverse("fiches:publish", kwargs={"slug": world.org_b.slug, "pk": 1})
    assert client.get(url).status_code == 405
    for path in VIEW_FILES:
        assert 'require(request.method == "POST"' not in path.read_text(encoding="utf-8"), path


def test_template_lines_are_at_most_160_characters():
    long = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.glob("utilite/**/templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > 160
    ]
    assert not long, "split these lines (blocktranslate trimmed, one attribute or branch a line):\n" + "\n".join(long)
