"""The load benchmark: the application as it runs in production, under the journeys of every role
at once, on this machine's loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/utilite_national .venv/bin/python -m benchmarks.load

It uses the tier `benchmarks.national` left in that database (`national`, else `departement`;
it builds the `departement` one when there is none), then starts gunicorn (several workers,
DEBUG off, sessions and cache in Redis), one task worker, and Locust headless with
`benchmarks/locustfile.py` for a bounded time. It reports, for each page, the median and the
95th percentile, and their ratio to the trivial signed-in page of the same run (target ≤ 8),
the errors (target 0) and the throughput, in benchmarks/results/load.txt (and Locust's CSV files).
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django
import redis

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PORT = 8123
BIN = Path(sys.executable).parent


def prepare(network_slug: str | None) -> dict[str, str]:
    """The tier to load, and what the journeys need: accounts, the largest structure, open campaigns."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from axes.models import AccessAttempt
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.db import connection

    from benchmarks import national
    from utilite.accounts.models import User
    from utilite.networks.models import Network
    from utilite.questionnaires.models import Campaign

    assert connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    slugs = [network_slug] if network_slug else ["national", "departement"]
    network = Network.objects.filter(slug__in=slugs).order_by("-slug").first()
    if network is None:
        print("no tier in this database: building the departement tier (about 3 minutes)", flush=True)
        national.build(national.TIERS["departement"], print)
        network = Network.objects.get(slug="departement")
    # The generator ran with the tests' fast hasher; gunicorn runs with the production ones.
    hashed = PBKDF2PasswordHasher().encode(national.PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(email__in=[f"coordination@{network.slug}.bench", f"structure@{network.slug}.bench"]).update(
        password=hashed
    )
    AccessAttempt.objects.all().delete()  # failed sign-ins of an earlier run would lock the accounts
    tokens = list(
        Campaign.objects.filter(questionnaire__organisation__network=network)
        .order_by("pk")
        .values_list("token", flat=True)[:60]
    )
    return {
        "BENCH_NETWORK": network.slug,
        "BENCH_STRUCTURE": f"{network.slug}-1",
        "BENCH_PASSWORD": national.PASSWORD,
        "BENCH_CAMPAIGNS": ",".join(tokens),
        "BENCH_YEAR": str(django.utils.timezone.localdate().year),
    }


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # nosec B310  (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", help="the tier's network slug (national, departement)")
    parser.add_argument("--users", type=int, default=40, help="people at once")
    parser.add_argument("--duration", default="150s", help="how long the load lasts (Locust's --run-time)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    arguments = parser.parse_args()
    journeys = prepare(arguments.network)
    RESULTS.mkdir(exist_ok=True)
    cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
    redis.Redis.from_url(cache_url).flushdb()  # the benchmark's own database: rate limits of an earlier run
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",  # DEBUG off, database queue
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": cache_url,
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_LOG_FORMAT": "json",
        **journeys,
    }
    python = str(BIN / "python")
    subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603  # nosec B603
    logs = (RESULTS / "load-server.log").open("w")
    server = subprocess.Popen(  # noqa: S603  # nosec B603
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(arguments.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(M)sms",
        ],
        cwd=ROOT,
        env=env,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(  # noqa: S603  # nosec B603
        [python, "manage.py", "db_worker", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{PORT}/sante/pret/")
        warm(journeys)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603  # nosec B603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(arguments.users),
                "--spawn-rate",
                "10",
                "--run-time",
                arguments.duration,
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(RESULTS / "load"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        elapsed = time.perf_counter() - started
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            process.wait(timeout=30)
        logs.close()
    report(journeys, arguments, elapsed)


def warm(journeys: dict[str, str]) -> None:
    """Sign in as the coordinator and open the synthesis until its figures are computed by the
    worker (a large network's first look), so that the run measures the page people see."""
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    page = opener.open(f"{base}/connexion/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": f"coordination@{journeys['BENCH_NETWORK']}.bench",
            "password": journeys["BENCH_PASSWORD"],
        }
    ).encode()
    signed_in = opener.open(urllib.request.Request(f"{base}/connexion/", data=data))
    if "/connexion/" in signed_in.url:
        raise RuntimeError("the coordinator could not sign in")
    year = journeys["BENCH_YEAR"]
    url = f"{base}/reseaux/{journeys['BENCH_NETWORK']}/synthese/?start={year}-01-01&end={year}-12-31"
    for _ in range(120):
        if "synthesis-progress" not in opener.open(url).read().decode():
            return
        time.sleep(1)
    raise RuntimeError("the territory synthesis was not computed within two minutes")


def report(journeys: dict[str, str], arguments: argparse.Namespace, elapsed: float) -> None:
    with (RESULTS / "load_stats.csv").open(encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows.pop("Aggregated")
    trivial = rows["trivial: profile"]
    p50_ref, p95_ref = float(trivial["50%"]), float(trivial["95%"])
    lines = [
        f"load benchmark: network {journeys['BENCH_NETWORK']}, {arguments.users} people at once, "
        f"{arguments.workers} gunicorn workers + 1 task worker, PostgreSQL, Redis; {elapsed:.0f} s",
        f"requests {total['Request Count']}, errors {total['Failure Count']}, "
        f"throughput {float(total['Requests/s']):.1f} requests/s",
        f"trivial signed-in page (profile): p50 {p50_ref:.0f} ms, p95 {p95_ref:.0f} ms",
        "",
        f"{'page':<40} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p50 x':>6} {'p95 x':>6}",
    ]
    worst = 0.0
    for name, row in sorted(rows.items()):
        p50, p95 = float(row["50%"]), float(row["95%"])
        ratio50, ratio95 = p50 / max(p50_ref, 1), p95 / max(p95_ref, 1)
        if not name.startswith(("sign", "trivial")):
            worst = max(worst, ratio50, ratio95)
        lines.append(
            f"{name:<40} {row['Request Count']:>8} {row['Failure Count']:>6} {p50:>7.0f} {p95:>7.0f} "
            f"{ratio50:>6.1f} {ratio95:>6.1f}"
        )
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    started = time.perf_counter()
    PBKDF2PasswordHasher().encode("a password of some length", PBKDF2PasswordHasher().salt())
    hashing = (time.perf_counter() - started) * 1000
    lines += [
        "",
        f"highest ratio to the trivial page: {worst:.1f} (target ≤ 8); errors: {total['Failure Count']} (target 0)",
        f"left out of the ratio: signing in, once a person, all {arguments.users} in the first seconds; the "
        f"password is hashed slowly on purpose (PBKDF2: {hashing:.0f} ms for one on an idle core), so they queue",
    ]
    text = "\n".join(lines) + "\n"
    (RESULTS / "load.txt").write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
