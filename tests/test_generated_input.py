"""Generated input (Hypothesis): every form of every page of the permission matrix, and every
page's query string, fed values people and robots really send — huge and negative numbers,
ids beyond 64 bits, French decimals and dates, impossible dates, long and odd Unicode text,
markup — as the authorised user, with and without HTMX. Any HTTP 500 is a failure.
Imports get random bytes, truncated spreadsheets and a zip bomb."""

import io
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import client_for
from tests.test_permissions_matrix import CASES, IDS, _url

pytestmark = pytest.mark.django_db

EXAMPLES = 6  # per page: bounded, so that the whole run stays within a minute per database

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e9",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999999999",
        "7,50",
        "1 234,5",
        "NaN",
        "inf",
        "31/02/2026",
        "2026-13-01",
        "0000-00-00",
        "2026-T5",
        "2026-11",
        "<script>alert(1)</script>",
        "'; DROP TABLE accounts_user; --",
        "../../etc/passwd",
        "x" * 5000,
        "é" * 300,
        "🙂 Ça marche ?",
        "\u202e\u200b",
        "on",
        "true",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=60), st.integers(min_value=-(2**70), max_value=2**70).map(str))


class FormFields(HTMLParser):
    """The POST and GET forms of a page: their action and the names (and choices) they send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.current = {
                "method": (attributes.get("method") or "get").lower(),
                "action": attributes.get("action") or "",
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is not None and tag in {"input", "select", "textarea", "button"}:
            name = attributes.get("name")
            if not name or name == "csrfmiddlewaretoken" or attributes.get("type") == "file":
                return
            choices = self.current["fields"].setdefault(name, [])
            if attributes.get("value"):
                choices.append(attributes["value"])
        elif self.current is not None and tag == "option" and self.current["fields"]:
            last = list(self.current["fields"])[-1]
            if attributes.get("value"):
                self.current["fields"][last].append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def forms_of(html: str, url: str) -> list[dict]:
    parser = FormFields()
    parser.feed(html)
    for form in parser.forms:
        form["action"] = form["action"] if form["action"].startswith("/") else url
    return [form for form in parser.forms if form["fields"] or form["method"] == "post"]


def payload(data, fields: dict) -> dict:
    sent = {}
    for name, choices in fields.items():
        if data.draw(st.booleans(), label=f"send {name}"):
            strategy = st.one_of(st.sampled_from(choices), VALUE) if choices else VALUE
            sent[name] = data.draw(st.lists(strategy, min_size=1, max_size=3), label=name)
    return sent


def drain(response):
    """Read a file response to its end: the test client then closes its file (a plain close()
    would also end the test's database connection)."""
    if response.streaming:
        b"".join(response.streaming_content)


FUZZED = [case for case in CASES if case.name not in {"accounts:logout"}]


@pytest.mark.parametrize("case", FUZZED, ids=[case.name for case in FUZZED])
def test_generated_input_never_answers_500(world, case):
    user = case.authorised(world) if case.access in {"private", "coordinator"} else world.admin_b
    client = client_for(user)
    client.raise_request_exception = False
    url = _url(case, world)
    targets = [{"method": "post", "action": url, "fields": {}}]
    if not case.post_only:
        page = client.get(url)
        drain(page)
        assert page.status_code < 500
        if "text/html" in page.get("Content-Type", ""):
            targets += forms_of(page.content.decode(), url)
        targets.append({"method": "get", "action": url, "fields": {"page": [], "q": [], "periode": []}})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def send(data):
        target = data.draw(st.sampled_from(targets), label="form")
        sent = payload(data, target["fields"])
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        if target["method"] == "post":
            response = client.post(target["action"], sent, headers=headers)
        else:
            response = client.get(target["action"], sent, headers=headers)
        drain(response)
        assert response.status_code < 500, (target["action"], sent, response.content[:2000])

    send()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "participants", "titre"])
    for day in range(1, 60):
        sheet.append([f"2026-01-{day % 28 + 1:02d}", day, "Atelier"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """An .xlsx-looking zip whose one sheet inflates to 300 MB of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1024 * 1024)
            for _ in range(300):
                sheet.write(block)
    return out.getvalue()


IMPORTS = ["activities:import", "measures:import", "referentiels:import", "questionnaires:xlsform_import"]


def _import_url(name, world):
    return reverse(name, kwargs={"slug": world.org_b.slug})


@pytest.fixture(scope="module")
def bomb():
    return _zip_bomb()


@pytest.mark.parametrize("name", IMPORTS)
@pytest.mark.parametrize("kind", ["bytes", "truncated", "bomb", "empty"])
def test_imports_refuse_broken_files_cleanly(world, name, kind, bomb):
    client = client_for(world.admin_b)
    client.raise_request_exception = False
    content = {
        "bytes": bytes(range(256)) * 40,
        "truncated": _xlsx()[:1500],
        "bomb": bomb,
        "empty": b"",
    }[kind]
    assert len(bomb) < 2_000_000
    for extension in ("xlsx", "csv", "json"):
        upload = SimpleUploadedFile(f"fichier.{extension}", content)
        response = client.post(_import_url(name, world), {"file": upload})
        assert response.status_code < 500, (name, kind, extension)


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=3000), extension=st.sampled_from(["xlsx", "csv", "json", "ods"]))
def test_imports_take_random_bytes_without_500(world, content, extension):
    client = client_for(world.admin_b)
    client.raise_request_exception = False
    for name in IMPORTS:
        response = client.post(_import_url(name, world), {"file": SimpleUploadedFile(f"f.{extension}", content)})
        assert response.status_code < 500, (name, content[:100])


def test_a_zip_bomb_is_refused_before_it_is_inflated(bomb):
    from utilite.core import tabular

    with pytest.raises(tabular.TooLargeUnzipped):
        tabular.open_workbook(bomb)
    assert tabular.header_problems("bombe.xlsx", bomb, ["date"])[0].message.startswith("Ce fichier est illisible")


def test_every_page_of_the_matrix_is_fuzzed_but_sign_out():
    assert {case.name for case in FUZZED} == set(IDS) - {"accounts:logout"}
