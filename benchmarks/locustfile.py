"""The journeys of the load benchmark (`benchmarks/load.py` runs Locust headless with them).

Each role does what it does in a week, with pauses: the coordinator reads the territory
synthesis and the network's indicators; the association's staff read their dashboard and value
grid and log sessions; people answer a questionnaire on their phones, many at once; anyone
consults the public directory of places. Every role also opens a trivial signed-in page (the
profile), the reference the other pages are compared with. Accounts, structure and campaigns
come from the environment (`load.py` sets them)."""

from __future__ import annotations

import os
import random
from html.parser import HTMLParser

from locust import HttpUser, between, task

NETWORK = os.environ.get("BENCH_NETWORK", "national")
STRUCTURE = os.environ.get("BENCH_STRUCTURE", "national-1")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
CAMPAIGNS = [token for token in os.environ.get("BENCH_CAMPAIGNS", "").split(",") if token]
YEAR = os.environ.get("BENCH_YEAR", "2026")
TRIVIAL = "/profil/"


class Form(HTMLParser):
    """The fields of the first form posting to `action` (or of the first form), as a browser sends them."""

    def __init__(self, action: str | None = None) -> None:
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and not self.done and a.get("method", "").lower() == "post":
            self.inside = self.action is None or a.get("action", "") in ("", self.action)
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif kind != "submit":
                self.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.first_option is None and value:
                self.first_option = value
            if "selected" in a:
                self.fields[self.select] = value
        elif tag == "textarea" and name:
            self.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            self.fields.setdefault(self.select, self.first_option or "")
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_of(html: str, action: str | None = None) -> dict[str, str]:
    parser = Form(action)
    parser.feed(html)
    return parser.fields


class SignedIn(HttpUser):
    abstract = True
    email = ""

    def on_start(self) -> None:
        page = self.client.get("/connexion/", name="sign-in page")
        fields = form_of(page.text)
        fields.update({"username": self.email, "password": PASSWORD})
        with self.client.post("/connexion/", data=fields, name="sign in", catch_response=True) as response:
            if "/connexion/" in response.url:
                response.failure(f"not signed in as {self.email}")

    @task(2)
    def trivial(self) -> None:
        self.client.get(TRIVIAL, name="trivial: profile")


class Coordinator(SignedIn):
    weight = 2
    wait_time = between(1, 3)
    email = f"coordination@{NETWORK}.bench"

    @task(4)
    def synthesis(self) -> None:
        self.client.get(
            f"/reseaux/{NETWORK}/synthese/?start={YEAR}-01-01&end={YEAR}-12-31",
            name="coordinator: territory synthesis",
        )

    @task(2)
    def indicators(self) -> None:
        self.client.get(f"/reseaux/{NETWORK}/auto-evaluation/", name="coordinator: network indicators")


class Association(SignedIn):
    weight = 4
    wait_time = between(1, 3)
    email = f"structure@{NETWORK}.bench"

    @task(3)
    def dashboard(self) -> None:
        self.client.get(f"/structures/{STRUCTURE}/tableau-de-bord/", name="association: dashboard")

    @task(2)
    def grid(self) -> None:
        self.client.get(f"/structures/{STRUCTURE}/collecte/valeurs/", name="association: value grid")

    @task(3)
    def log_session(self) -> None:
        url = f"/structures/{STRUCTURE}/seances/nouvelle/"
        page = self.client.get(url, name="association: session form")
        fields = form_of(page.text, action=url)
        if random.random() < 0.6:  # most sessions are one person helped; the others, workshops
            fields.update({"activity_type": "individual", "participants": "1"})
        else:
            fields.update({"activity_type": "collective", "participants": str(random.randint(2, 10))})
        with self.client.post(url, data=fields, name="association: log a session", catch_response=True) as response:
            if "/seances/nouvelle/" in response.url and "errorlist" in response.text:
                response.failure("the session was refused")


class Phone(HttpUser):
    """A person answering on their phone, in a workshop where many do at once."""

    weight = 6
    wait_time = between(0.5, 2)

    @task
    def answer(self) -> None:
        if not CAMPAIGNS:
            return
        self.client.cookies.clear()  # a new person each time
        base = f"/r/{random.choice(CAMPAIGNS)}/"
        page = self.client.get(base, name="phone: questionnaire start")
        response = self.client.post(base, data=form_of(page.text), name="phone: start")
        number = 1
        while f"{base}{number}/" in response.url and number < 20:
            fields = form_of(response.text)
            fields["answer"] = str(random.randint(1, 5))
            response = self.client.post(f"{base}{number}/", data=fields, name="phone: answer a question")
            number += 1
        if response.url.endswith("/envoi/"):
            self.client.post(f"{base}envoi/", data=form_of(response.text), name="phone: send")


class Visitor(HttpUser):
    weight = 3
    wait_time = between(1, 4)

    @task(3)
    def directory(self) -> None:
        self.client.get(f"/lieux/{NETWORK}/", name="public: directory")

    @task(2)
    def search(self) -> None:
        word = random.choice(["mediatheque", "centre", "espace", "maison"])
        self.client.get(f"/lieux/{NETWORK}/?q={word}", name="public: directory search")
