"""Participatory workshops: joining without an account, cards stored once, facilitation,
votes within a budget, and the clusters turned into a draft référentiel."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from utilite.referentiels.models import Criterion, Registre
from utilite.workshops import services
from utilite.workshops.models import Card, Cluster, Participant, Vote, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(world):
    workshop = services.create_workshop(
        organisation=world.org_b,
        user=world.admin_b,
        title="Ce que l'atelier change",
        questions="Qu'est-ce que ça change pour vous ?\nEt pour le quartier ?",
        groups=["public", "volunteers"],
        votes_per_person=2,
    )
    services.change_status(workshop, "open")
    workshop.refresh_from_db()
    return workshop


def public(name, workshop, **kwargs):
    return reverse(f"workshops_public:{name}", kwargs={"code": workshop.code, **kwargs})


def facilitator(name, workshop, **kwargs):
    return reverse(f"workshops:{name}", kwargs={"slug": workshop.organisation.slug, "pk": workshop.pk, **kwargs})


def joined(workshop, pseudonym="Lune", group="public"):
    client = client_for(None)
    client.post(public("join", workshop), {"pseudonym": pseudonym, "group": group})
    return client


def test_people_join_with_the_code_and_no_account(workshop):
    anonymous = client_for(None)
    assert anonymous.get(reverse("workshops_public:enter"), {"code": workshop.code.lower()})["Location"] == public(
        "join", workshop
    )
    page = anonymous.get(public("join", workshop)).content.decode()
    assert "Bénévoles" in page
    assert "Salariés" not in page  # only the groups chosen for this workshop
    response = anonymous.post(public("join", workshop), {"pseudonym": "", "group": "public"})
    assert response["Location"] == public("board", workshop)
    participant = Participant.objects.get()
    assert (participant.pseudonym, participant.group) == ("", "public")
    fields = {field.name for model in (Participant, Card, Vote) for field in model._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user_agent", "address", "email", "name"}


def test_a_card_sent_twice_is_stored_once_and_closed_workshops_refuse_cards(workshop):
    client = joined(workshop)
    key = str(uuid.uuid4())
    for _ in range(2):
        client.post(public("card", workshop), {"text": "Je sors de chez moi", "question": 0, "client_key": key})
    assert Card.objects.count() == 1
    services.change_status(workshop, "closed")
    client.post(public("card", workshop), {"text": "Trop tard", "question": 1, "client_key": str(uuid.uuid4())})
    assert Card.objects.count() == 1
    assert client_for(None).get(public("join", workshop)).status_code == 410


def test_hidden_until_revealed(workshop):
    workshop.hidden_until_revealed = True
    workshop.save()
    first, second = joined(workshop, "A"), joined(workshop, "B")
    first.post(public("card", workshop), {"text": "Carte de A", "client_key": str(uuid.uuid4())})
    assert "Carte de A" in first.get(public("board", workshop)).content.decode()
    assert "Carte de A" not in second.get(public("board", workshop)).content.decode()
    client_for(workshop.created_by).post(facilitator("reveal", workshop), {})
    assert "Carte de A" in second.get(public("board", workshop)).content.decode()


def test_facilitation_groups_merges_hides_and_votes_count(workshop):
    participant = joined(workshop)
    for text in ("Moins seule", "Moins seul", "Insulte", "J'ose demander"):
        participant.post(public("card", workshop), {"text": text, "client_key": str(uuid.uuid4())})
    alone, duplicate, insult, ask = Card.objects.order_by("pk")
    team = client_for(workshop.created_by)
    team.post(facilitator("add_cluster", workshop), {"name": "Lien social", "card": alone.pk})
    cluster = Cluster.objects.get()
    team.post(facilitator("merge", workshop), {"card": duplicate.pk, "into": alone.pk})
    team.post(facilitator("hide_card", workshop), {"card": insult.pk})
    team.post(facilitator("add_cluster", workshop), {"name": "Confiance"})
    confidence = Cluster.objects.get(name="Confiance")
    team.post(facilitator("place", workshop), {"card": ask.pk, "cluster": confidence.pk})
    duplicate.refresh_from_db()
    assert (duplicate.merged_into, duplicate.cluster) == (alone, cluster)
    board = participant.get(public("board", workshop)).content.decode()
    assert "Insulte" not in board
    assert "Même idée : Moins seul" in board
    # Votes: two per person; a third is refused; pressing again takes one back.
    participant.post(public("vote", workshop, card_pk=alone.pk))
    participant.post(public("vote", workshop, card_pk=ask.pk))
    response = participant.post(public("vote", workshop, card_pk=duplicate.pk), follow=True)
    assert "utilisé tous vos votes" in response.content.decode()
    assert Vote.objects.count() == 2
    participant.post(public("vote", workshop, card_pk=ask.pk))
    assert Vote.objects.count() == 1
    assert participant.post(public("vote", workshop, card_pk=insult.pk)).status_code == 404


def test_the_clusters_become_registres_of_a_draft_referentiel(workshop):
    participant = joined(workshop)
    participant.post(public("card", workshop), {"text": "Je parle à mes voisins", "client_key": str(uuid.uuid4())})
    team = client_for(workshop.created_by)
    card = Card.objects.get()
    team.post(facilitator("add_cluster", workshop), {"name": "Vivre ensemble", "card": card.pk})
    response = team.post(facilitator("convert", workshop), {})
    registre = Registre.objects.get(title="Vivre ensemble", referentiel__status="draft")
    assert response["Location"] == registre.referentiel.get_absolute_url()
    assert "Je parle à mes voisins" in registre.description
    criterion = Criterion.objects.get(registre=registre)
    card.refresh_from_db()
    assert (criterion.title, card.criterion_uid) == ("Je parle à mes voisins", criterion.uid)
    assert Cluster.objects.get().registre_uid == registre.uid
    assert "Je parle à mes voisins" in team.get(registre.referentiel.get_absolute_url()).content.decode()


def test_exports_and_deletion(workshop):
    participant = joined(workshop, pseudonym="Lune")
    participant.post(public("card", workshop), {"text": "=SOMME(A1)", "client_key": str(uuid.uuid4())})
    team = client_for(workshop.created_by)
    csv = team.get(facilitator("export", workshop, file_format="csv")).content.decode("utf-8-sig")
    assert "'=SOMME(A1)" in csv  # never run as a formula
    data = json.loads(team.get(facilitator("export", workshop, file_format="json")).content)
    assert data["cartes"][0]["pseudonyme"] == "Lune"
    assert team.post(facilitator("delete", workshop)).status_code == 302
    assert not Workshop.objects.exists()
    assert not Card.objects.exists()
    assert not Participant.objects.exists()


def test_polling_says_nothing_new_until_something_changes(workshop):
    participant = joined(workshop)
    headers = {"HX-Request": "true"}
    page = participant.get(public("board", workshop)).content.decode()
    stamp = page.split("?since=")[1].split('"')[0]
    assert participant.get(public("board", workshop), {"since": stamp}, headers=headers).status_code == 204
    participant.post(public("card", workshop), {"text": "Nouvelle", "client_key": str(uuid.uuid4())})
    fresh = participant.get(public("board", workshop), {"since": stamp}, headers=headers)
    assert fresh.status_code == 200
    assert "Nouvelle" in fresh.content.decode()


def test_boards_cost_the_same_queries_at_5_and_200_cards(workshop, sql_snapshot):
    participant = joined(workshop)
    team = client_for(workshop.created_by)
    owner = Participant.objects.get()
    cluster = services.add_cluster(workshop, "Lien")

    def grow(count):
        for n in range(count):
            card = services.post_card(owner, text=f"Carte {n} {uuid.uuid4()}")
            services.place(card, cluster if n % 2 else None)

    def counts():
        result = []
        for client, url in ((team, facilitator("board", workshop)), (participant, public("board", workshop))):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    grow(5)
    small = counts()
    grow(195)
    assert counts() == small
    assert max(small) <= 20
    sql_snapshot(team, facilitator("board", workshop), "facilitator-board")
    sql_snapshot(participant, public("board", workshop), "participant-board")


def test_the_panorama_shows_each_group_by_stakeholder_and_comes_as_a_pdf(workshop, django_capture_on_commit_callbacks):
    import io

    import pypdf

    public_client = joined(workshop, group="public")
    volunteer = joined(workshop, group="volunteers")
    public_client.post(public("card", workshop), {"text": "Je sors de chez moi", "client_key": str(uuid.uuid4())})
    volunteer.post(public("card", workshop), {"text": "Je transmets ce que je sais", "client_key": str(uuid.uuid4())})
    team = client_for(workshop.created_by)
    cluster = services.add_cluster(workshop, "Lien social")
    for card in Card.objects.all():
        services.place(card, cluster)
    page = team.get(facilitator("panorama", workshop)).content.decode()
    assert "Lien social" in page
    assert page.index("<h3>Bénévoles") > page.index("Lien social</h2>")
    assert "2 cartes" in page
    with django_capture_on_commit_callbacks(execute=True):
        team.post(facilitator("panorama", workshop))
    workshop.refresh_from_db()
    assert workshop.panorama_status == "done"
    response = team.get(facilitator("panorama_pdf", workshop))
    pdf = pypdf.PdfReader(io.BytesIO(response.getvalue()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Je transmets ce que je sais" in text
    assert pdf.trailer["/Root"]["/Lang"] == "fr"


def _png_with_exif():
    import io

    from PIL import Image

    picture = Image.new("RGB", (40, 30), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Marque secrète"  # camera maker
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    buffer.name = "IMG_0001.jpg"
    buffer.seek(0)
    return buffer


def test_a_card_photo_is_cleaned_served_to_those_who_see_it_and_deleted_with_the_board(workshop):
    import io
    import os

    from PIL import Image

    participant = joined(workshop)
    participant.post(
        public("card", workshop),
        {"text": "Mon jardin partagé", "client_key": str(uuid.uuid4()), "photo": _png_with_exif()},
    )
    card = Card.objects.get()
    assert card.photo.name.startswith("ateliers/cartes/")
    assert "IMG_0001" not in str(card.photo.name)  # a name chosen by the server
    with Image.open(card.photo.path) as stored:
        assert not stored.getexif()  # location and camera data removed
    url = public("photo", workshop, card_pk=card.pk)
    response = participant.get(url)
    assert (response.status_code, response["X-Content-Type-Options"]) == (200, "nosniff")
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # read to the end: the file is closed
    assert client_for(None).get(url).status_code == 404  # not a participant
    team = client_for(workshop.created_by).get(url)
    assert team.status_code == 200
    team.getvalue()
    svg = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    svg.name = "dessin.svg"
    response = participant.post(
        public("card", workshop), {"text": "Dessin", "client_key": str(uuid.uuid4()), "photo": svg}, follow=True
    )
    assert "pas une image" in response.content.decode() or "JPEG, PNG ou WebP" in response.content.decode()
    assert Card.objects.count() == 1
    path = card.photo.path
    services.delete_workshop(workshop)
    assert not os.path.exists(path)


def test_employees_follow_the_board_but_only_admins_and_facilitators_run_it(workshop, world):
    employee = client_for(world.employee_b)
    assert employee.get(facilitator("board", workshop)).status_code == 200
    assert employee.post(facilitator("close", workshop), {}).status_code == 404
    assert employee.get(reverse("workshops:create", kwargs={"slug": world.org_b.slug})).status_code == 404
    workshop.refresh_from_db()
    assert workshop.status == "open"
