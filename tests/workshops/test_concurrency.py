"""40 participants post 10 cards each at the same time on a running server (loopback only):
all 400 cards are stored exactly once and reach every board."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.factories import MembershipFactory
from utilite.workshops import services
from utilite.workshops.models import Card

pytestmark = pytest.mark.django_db(transaction=True)

PARTICIPANTS, CARDS = 40, 10


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a posted card answers with a redirect: stop there
        return None


class Phone:
    """A participant's browser: its own cookies, nothing else."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token = ""
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies, NoRedirect())

    def _open(self, request: Any) -> Any:
        """As a phone does: a connection the loaded server reset is tried again (a card sent twice
        is stored once, by its client key — which is what this test is about)."""
        for attempt in range(4):
            try:
                return self.opener.open(request, timeout=30)
            except (ConnectionResetError, urllib.error.URLError) as error:
                if isinstance(error, urllib.error.HTTPError) or attempt == 3:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def get(self, path: str) -> str:
        with self._open(self.base + path) as response:
            page = response.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.token = found.group(1) if found else self.token
        return page

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310
        try:
            with self._open(request) as response:
                return response.status
        except urllib.error.HTTPError as answer:  # the redirect after a post, not followed
            return answer.code


def test_forty_participants_post_ten_cards_each_at_the_same_time(live_server):
    admin = MembershipFactory(role="admin").user
    workshop = services.create_workshop(
        organisation=admin.memberships.get().organisation,
        user=admin,
        title="Charge",
        questions="Quoi ?",
        groups=["public"],
    )
    services.change_status(workshop, "open")
    code = workshop.code

    def participant(number: int) -> list[int]:
        phone = Phone(live_server.url)
        phone.get(f"/atelier/{code}/")
        statuses = [phone.post(f"/atelier/{code}/", {"pseudonym": f"P{number}", "group": "public"})]
        for card in range(CARDS):
            form = {"text": f"Carte {number}-{card}", "question": "0", "client_key": str(uuid.uuid4())}
            statuses.append(phone.post(f"/atelier/{code}/carte/", form))
            if card == 0:  # a phone that sends the same card twice (a double tap, a retry)
                statuses.append(phone.post(f"/atelier/{code}/carte/", form))
        return statuses

    with ThreadPoolExecutor(max_workers=PARTICIPANTS) as pool:
        statuses = [status for answers in pool.map(participant, range(PARTICIPANTS)) for status in answers]
    assert set(statuses) == {302}  # every post accepted, none failed (no 5xx, no "database is locked")

    texts = list(Card.objects.filter(workshop=workshop).values_list("text", flat=True))
    assert len(texts) == PARTICIPANTS * CARDS
    assert len(set(texts)) == PARTICIPANTS * CARDS
    # Every board shows every card.
    for number in (0, PARTICIPANTS - 1):
        phone = Phone(live_server.url)
        phone.get(f"/atelier/{code}/")
        phone.post(f"/atelier/{code}/", {"group": "public"})
        board = phone.get(f"/atelier/{code}/tableau/")
        assert board.count('class="workshop-card"') == PARTICIPANTS * CARDS
        assert f"Carte {number}-9" in board
