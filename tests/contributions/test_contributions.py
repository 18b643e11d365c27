"""Co-publication: a participant joins a workshop by its code, without an account, writes and
proposes; the facilitator records the consents and publishes; the contribution reaches the
public site, its feed and the place's sheet — never without consent, and gone everywhere once
the consent is withdrawn."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import client_for
from tests.factories import IndicatorFactory, PlaceFactory, jpeg_with_gps
from utilite.contributions import services
from utilite.contributions.models import Contribution, Photo, Report, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(world):
    place = PlaceFactory(network=world.network, organisation=world.org_b, nom="Maison de quartier de Kérinou")
    session = services.open_session(organisation=world.org_b, user=world.admin_b, title="Notre quartier en images")
    session.place = place
    session.save()
    return session


def _propose(client, workshop, **fields):
    client.get(reverse("contributions_public:enter_code"), {"code": workshop.code.lower()})
    client.post(reverse("contributions_public:join", args=[workshop.code]), {"signature": "Mimi"})
    data = {"kind": "portrait", "title": "Le jardin partagé", "text": "On y plante des tomates le mercredi.", **fields}
    return client.post(reverse("contributions_public:write", args=[workshop.code]), data)


def _publishable(contribution, world):
    services.record_consents(
        contribution,
        user=world.admin_b,
        audience="public",
        consent_on=datetime.date(2026, 12, 1),
        image_rights="nobody",
        image_rights_on=datetime.date(2026, 12, 1),
        alts={photo.pk: "Des bacs de tomates" for photo in contribution.photos.all()},
    )
    return services.publish(contribution, user=world.admin_b)


def test_a_participant_proposes_and_the_facilitator_publishes_with_the_consents(client, world, workshop):
    upload = SimpleUploadedFile("jardin.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = _propose(client, workshop, photo=upload)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.status, contribution.signature, contribution.place.nom) == (
        "proposed",
        "Mimi",
        "Maison de quartier de Kérinou",
    )
    with contribution.photos.get().image.open("rb") as stored, Image.open(stored) as picture:
        assert not picture.getexif()  # no camera, no GPS
    page = client.get(reverse("contributions_public:write", args=[workshop.code])).text
    assert "Le jardin partagé · Proposé" in page

    team = client_for(world.admin_b)
    review = reverse("contributions:review", args=[world.org_b.slug, contribution.pk])
    assert "Le jardin partagé" in team.get(reverse("contributions:overview", args=[world.org_b.slug])).text
    refused = team.post(
        reverse("contributions:step", args=[world.org_b.slug, contribution.pk, "publier"]), follow=True
    )
    assert "Pas encore publié" in refused.text  # no consent yet
    assert Contribution.objects.get().status == "proposed"
    photo = contribution.photos.get()
    consents = {
        "audience": "public",
        "consent_on": "2026-12-01",
        "image_rights": "nobody",
        "image_rights_on": "2026-12-01",
        f"alt_{photo.pk}": "Des bacs de tomates",
    }
    assert team.post(review, consents).status_code == 302
    team.post(reverse("contributions:step", args=[world.org_b.slug, contribution.pk, "publier"]))
    assert Contribution.objects.get().status == "published"

    anonymous = client_for(None)
    site = anonymous.get(reverse("contributions_public:site", args=[world.network.slug])).text
    assert "Le jardin partagé" in site
    detail = anonymous.get(reverse("contributions_public:detail", args=[world.network.slug, contribution.pk])).text
    assert "On y plante des tomates le mercredi." in detail
    assert 'alt="Des bacs de tomates"' in detail
    feed = anonymous.get(reverse("contributions_public:feed", args=[world.network.slug]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Le jardin partagé" in feed.text
    sheet = anonymous.get(reverse("places_public:sheet", args=[world.network.slug, workshop.place.pk])).text
    assert "Ce que les personnes ont fait ici" in sheet
    assert "Le jardin partagé" in sheet
    steps = [event.status for event in Contribution.objects.get().events.all()]
    assert steps == ["draft", "proposed", "proposed", "published"]  # the consents are a step too
    other = client_for(None).get(
        reverse("contributions_public:site", args=[world.network.slug]), {"structure": "nulle-part"}
    )
    assert "Le jardin partagé" in other.text  # an unknown structure filters nothing out


def test_nothing_is_public_without_consent_for_the_public_and_image_rights(world, workshop):
    contribution = services.write(
        organisation=world.org_b,
        signature="L'atelier du jeudi",
        title="Mon chemin",
        kind="path",
        photo=SimpleUploadedFile("a.jpg", b"x"),
    )
    Photo.objects.filter(contribution=contribution).update(alt="Un chemin")
    services.propose(contribution)
    services.record_consents(
        contribution,
        user=world.admin_b,
        audience="network",
        consent_on=datetime.date(2026, 12, 1),
        image_rights="",
        image_rights_on=None,
    )
    missing = services.missing_for(contribution, "public")
    assert missing == ["le consentement de l'auteur pour ce public", "le droit à l'image des personnes sur les photos"]
    # Published for the network only: not on the public site.
    services.record_consents(
        contribution,
        user=world.admin_b,
        audience="network",
        consent_on=datetime.date(2026, 12, 1),
        image_rights="agreed",
        image_rights_on=datetime.date(2026, 12, 1),
    )
    services.publish(contribution, user=world.admin_b)
    assert not Contribution.objects.public().exists()


def test_a_refusal_needs_a_kind_word_that_the_author_reads(client, world, workshop):
    _propose(client, workshop)
    contribution = Contribution.objects.get()
    with pytest.raises(services.Refused):
        services.refuse(contribution, user=world.admin_b, message=" ")
    services.refuse(contribution, user=world.admin_b, message="Enlevons le nom de la voisine, puis on publie.")
    page = client.get(reverse("contributions_public:write", args=[workshop.code])).text
    assert "Enlevons le nom de la voisine" in page


def test_a_change_to_a_published_contribution_is_reviewed_again(world, workshop):
    contribution = services.write(
        organisation=world.org_b, signature="Mimi", title="Avis", text="Bien.", kind="opinion"
    )
    services.propose(contribution)
    _publishable(contribution, world)
    changed = services.change(contribution, user=world.admin_b, text="Très bien, et l'accueil est chaleureux.")
    assert changed.status == "proposed"
    assert not Contribution.objects.public().exists()


def test_the_cooling_off_delay_keeps_it_off_the_public_site(world, workshop, settings):
    settings.CONTRIBUTIONS_COOLING_OFF_HOURS = 24
    contribution = services.write(
        organisation=world.org_b, signature="Mimi", title="Avis", text="Bien.", kind="opinion"
    )
    services.propose(contribution)
    _publishable(contribution, world)
    assert not Contribution.objects.public().exists()
    Contribution.objects.update(public_after=timezone.now() - datetime.timedelta(minutes=1))
    assert Contribution.objects.public().count() == 1


def test_the_coordinators_choose_the_networks_delay_to_change_ones_mind(world, workshop, client):
    url = reverse("contributions:network", args=[world.network.slug])
    assert client_for(world.admin_b).post(url, {"hours": "168"}).status_code == 404  # a structure cannot
    coordinator = client_for(world.coordinator)
    assert 'value="0" selected' in coordinator.get(url).text  # none unless chosen
    assert coordinator.post(url, {"hours": "12"}).status_code == 200  # not one of the choices
    assert coordinator.post(url, {"hours": "48"}).status_code == 302
    assert services.cooling_off_hours(world.network.pk) == 48
    contribution = services.write(
        organisation=world.org_b, signature="Mimi", title="Avis", text="Bien.", kind="opinion"
    )
    services.propose(contribution)
    contribution = _publishable(contribution, world)
    assert datetime.timedelta(hours=47) < contribution.public_after - timezone.now() <= datetime.timedelta(hours=48)
    site = reverse("contributions_public:site", args=[world.network.slug])
    assert "Avis" not in client.get(site).text
    review = client_for(world.admin_b).get(reverse("contributions:review", args=[world.org_b.slug, contribution.pk]))
    assert "peut encore changer d'avis" in review.text
    services.withdraw(contribution, user=world.admin_b)  # the author changed their mind: nothing was ever public
    assert not Contribution.objects.exists()


def test_withdrawing_consent_removes_it_and_its_files_from_every_output(
    client, world, workshop, django_capture_on_commit_callbacks
):
    _propose(client, workshop, photo=SimpleUploadedFile("j.jpg", jpeg_with_gps(), content_type="image/jpeg"))
    contribution = Contribution.objects.get()
    contribution = _publishable(contribution, world)
    photo = contribution.photos.get()
    storage, name = photo.image.storage, photo.image.name
    anonymous = client_for(None)
    urls = {
        "site": reverse("contributions_public:site", args=[world.network.slug]),
        "feed": reverse("contributions_public:feed", args=[world.network.slug]),
        "sheet": reverse("places_public:sheet", args=[world.network.slug, workshop.place.pk]),
    }
    assert all("Le jardin partagé" in anonymous.get(url).text for url in urls.values())
    team = client_for(world.admin_b)
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the deletion is committed
        response = team.post(reverse("contributions:step", args=[world.org_b.slug, contribution.pk, "supprimer"]))
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    for url in urls.values():  # the list of outputs: the public site, its feed, the place's sheet
        assert "Le jardin partagé" not in anonymous.get(url).text
    assert (
        anonymous.get(reverse("contributions_public:detail", args=[world.network.slug, contribution.pk])).status_code
        == 404
    )
    photo_url = reverse("contributions_public:photo", args=[world.network.slug, contribution.pk, photo.pk])
    assert anonymous.get(photo_url).status_code == 404
    assert not storage.exists(name)


def test_another_structure_sees_no_draft_and_cannot_publish(client, world, workshop):
    _propose(client, workshop)
    contribution = Contribution.objects.get()
    other = client_for(world.member_a)
    assert other.get(reverse("contributions:review", args=[world.org_b.slug, contribution.pk])).status_code == 404
    assert (
        other.post(reverse("contributions:step", args=[world.org_b.slug, contribution.pk, "publier"])).status_code
        == 404
    )
    assert other.get(reverse("contributions:overview", args=[world.org_b.slug])).status_code == 404
    assert Contribution.objects.get().status == "proposed"
    assert (
        "Le jardin partagé"
        not in client_for(None).get(reverse("contributions_public:site", args=[world.network.slug])).text
    )


def test_the_public_site_and_the_moderation_run_the_same_queries_at_10_and_1000(world, workshop):
    def grow(count):
        for number in range(count):
            contribution = services.write(
                organisation=world.org_b, signature="Mimi", title=f"Avis {number}", text="Bien.", kind="opinion"
            )
            services.propose(contribution)
            if number % 2:
                _publishable(contribution, world)
                services.tag(contribution, ["Jardin", "Bellevue"] if number % 3 else ["Jardin"])

    def counts():
        result = []
        for client, url in (
            (client_for(None), reverse("contributions_public:site", args=[world.network.slug])),
            (client_for(None), reverse("contributions_public:site", args=[world.network.slug]) + "?mot=jardin"),
            (client_for(None), reverse("contributions_public:feed", args=[world.network.slug])),
            (client_for(None), reverse("contributions_public:feed", args=[world.network.slug]) + "?mot=jardin"),
            (client_for(world.admin_b), reverse("contributions:overview", args=[world.org_b.slug])),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    grow(10)
    small = counts()
    grow(10)
    # Then 980 more, written at once (published and proposed halves, some with a photo and a report).
    now = timezone.now()
    made = Contribution.objects.bulk_create(
        Contribution(
            organisation=world.org_b,
            place=workshop.place,
            signature=f"Personne {number}",
            title=f"Contribution {number}",
            kind="opinion",
            status="published" if number % 2 else "proposed",
            audience="public",
            published_at=now,
            public_after=now,
        )
        for number in range(980)
    )
    Photo.objects.bulk_create(Photo(contribution=item, image="p.jpg", alt="Vue") for item in made[::7])
    garden = Tag.objects.get(slug="jardin")
    Contribution.tags.through.objects.bulk_create(
        Contribution.tags.through(contribution=item, tag=garden) for item in made[::3]
    )
    Report.objects.bulk_create(Report(contribution=item, message="À revoir") for item in made[1::50])
    assert Contribution.objects.count() == 1000
    assert counts() == small


def test_a_report_reaches_the_structure_and_the_network_counts_its_contributions(client, world, workshop):
    contribution = services.write(
        organisation=world.org_b, signature="Mimi", title="Avis", text="Bien.", kind="opinion"
    )
    services.propose(contribution)
    _publishable(contribution, world)
    url = reverse("contributions_public:report", args=[world.network.slug, contribution.pk])
    assert client.post(url, {"message": "Il y a le nom de ma voisine."}).status_code == 302
    client.post(url, {"message": "Publicité", "website": "http://spam.example"})  # a robot: nothing kept
    assert contribution.reports.count() == 1
    overview = client_for(world.admin_b).get(reverse("contributions:overview", args=[world.org_b.slug])).text
    assert "Il y a le nom de ma voisine." in overview
    evaluation = client_for(world.coordinator).get(reverse("commons:evaluation", args=[world.network.slug])).text
    assert "contributions en ligne" in evaluation
    queue = client_for(world.coordinator).get(reverse("contributions:network", args=[world.network.slug])).text
    assert "Il y a le nom de ma voisine." in queue  # the coordinators see it for the whole network
    assert (
        client_for(world.admin_b).get(reverse("contributions:network", args=[world.network.slug])).status_code == 404
    )
    assert [event.message for event in contribution.events.all()][-2] == "Consentements enregistrés."


def test_a_contribution_becomes_a_testimony_once_and_leaves_it_on_withdrawal(world, workshop):
    from utilite.testimonies.models import Testimony

    contribution = services.write(
        organisation=world.org_b, signature="Mimi", title="Avis", text="Je revis.", kind="opinion"
    )
    services.propose(contribution)
    with pytest.raises(services.Refused):
        services.make_testimony(contribution, user=world.admin_b)  # no consent recorded yet
    contribution = _publishable(contribution, world)
    testimony = services.make_testimony(contribution, user=world.admin_b)
    assert services.make_testimony(Contribution.objects.get(), user=world.admin_b) == testimony  # linked, not copied
    assert (testimony.text, testimony.speaker, testimony.consent_scope) == ("Je revis.", "Mimi", "public")
    assert Testimony.objects.usable_for("public").filter(pk=testimony.pk).exists()
    services.withdraw(Contribution.objects.get(), user=world.admin_b)
    assert not Testimony.objects.usable_for("internal").filter(pk=testimony.pk).exists()


def test_a_large_photo_also_gets_a_small_copy_for_phones(client, world, workshop):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "navy").save(buffer, format="JPEG")
    _propose(client, workshop, photo=SimpleUploadedFile("grande.jpg", buffer.getvalue(), content_type="image/jpeg"))
    contribution = _publishable(Contribution.objects.get(), world)
    photo = contribution.photos.get()
    with photo.small.open("rb") as small, Image.open(small) as picture:
        assert picture.width == 640
    detail = (
        client_for(None).get(reverse("contributions_public:detail", args=[world.network.slug, contribution.pk])).text
    )
    assert "?taille=640 640w" in detail


def test_keywords_given_by_the_facilitator_sort_the_public_site_and_its_feed(client, world, workshop):
    garden, kitchen = (
        services.write(organisation=world.org_b, signature="Mimi", title=title, text="Bien.", kind="opinion")
        for title in ("Les tomates du jardin", "La soupe du jeudi")
    )
    for contribution in (garden, kitchen):
        services.propose(contribution)
        _publishable(contribution, world)
    team = client_for(world.admin_b)
    step = reverse("contributions:step", args=[world.org_b.slug, garden.pk, "mots-cles"])
    team.post(step, {"tags": " Jardin , jardin;  quartier   de Bellevue,, "})
    assert [tag.name for tag in garden.tags.all()] == ["Jardin", "quartier de Bellevue"]  # doubles and spaces gone
    services.tag(kitchen, services.keywords("JARDIN, Cuisine"))
    assert Tag.objects.count() == 3  # « JARDIN » is the network's « Jardin »
    review = team.get(reverse("contributions:review", args=[world.org_b.slug, kitchen.pk])).text
    assert 'value="Cuisine, Jardin"' in review
    assert "Déjà utilisés dans le réseau" in review

    site = reverse("contributions_public:site", args=[world.network.slug])
    listing = client.get(site, {"mot": "cuisine"}).text
    assert "La soupe du jeudi" in listing
    assert "Les tomates du jardin" not in listing
    assert "Mot-clé : Cuisine" in listing
    everything = client.get(site).text
    assert "Jardin (2)" in everything  # the filter says how many each keyword has
    assert "Les tomates du jardin" in client.get(site, {"mot": "inconnu"}).text  # an unknown keyword filters nothing
    detail = client.get(reverse("contributions_public:detail", args=[world.network.slug, garden.pk])).text
    assert f'href="{site}?mot=quartier-de-bellevue"' in detail
    feed = client.get(reverse("contributions_public:feed", args=[world.network.slug]), {"mot": "quartier-de-bellevue"})
    assert "Les tomates du jardin" in feed.text
    assert "La soupe du jeudi" not in feed.text

    services.unpublish(garden, user=world.admin_b)  # a keyword with nothing public left is not offered
    assert "quartier de Bellevue" not in client.get(site).text
    assert client_for(world.member_a).post(step, {"tags": "Pirate"}).status_code == 404
    assert not Tag.objects.filter(name="Pirate").exists()


def test_the_structures_realisation_indicators_count_its_contributions(world, client, workshop):
    from utilite.measures.models import CollectionPlan
    from utilite.referentiels.models import Indicator

    validated = Indicator.objects.get(
        criterion__registre__referentiel__organisation=world.org_b, criterion__registre__referentiel__version=1
    )
    indicators = {
        code: IndicatorFactory(criterion=validated.criterion, title=title, kind="count")
        for code, title in (
            ("contributions", "Contributions écrites"),
            ("contributors", "Personnes contributrices"),
            ("publications", "Contributions publiées"),
        )
    }
    for code, indicator in indicators.items():
        CollectionPlan.objects.create(
            organisation=world.org_b, indicator_uid=indicator.uid, period_type="monthly", computed_from=code
        )
    _propose(client, workshop)  # Mimi writes twice, someone else once; one stays a draft
    client.post(
        reverse("contributions_public:write", args=[workshop.code]),
        {"kind": "opinion", "title": "L'accueil", "text": "On nous offre le café."},
    )
    other = client_for(None)
    _propose(other, workshop)
    services.write(organisation=world.org_b, signature="Brouillon", title="Pas fini", kind="opinion")
    _publishable(Contribution.objects.get(title="L'accueil"), world)
    services.write(organisation=world.org_a, signature="Ailleurs", title="Autre structure", kind="opinion")

    month = {"periode": "month", "p": timezone.localdate().strftime("%Y-%m")}
    team = client_for(world.admin_b)
    grid = team.get(reverse("measures:grid", args=[world.org_b.slug]), month).text
    figures = re.findall(r'<strong class="figure">(\d+)</strong>', grid)
    assert figures == ["3", "2", "1"], figures  # written, by two people, one published
    dashboard = team.get(reverse("measures:dashboard", args=[world.org_b.slug])).text
    assert "Contributions écrites" in dashboard
    assert '<strong class="figure">3</strong>' in dashboard
    last_month = {
        "periode": "month",
        "p": (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m"),
    }
    assert (
        '<strong class="figure">3</strong>'
        not in team.get(reverse("measures:grid", args=[world.org_b.slug]), last_month).text
    )


def test_a_workshop_opened_about_a_place_and_an_action_links_what_people_write(world, client):
    from tests.factories import ActionFactory

    place = PlaceFactory(network=world.network, organisation=world.org_b, nom="Médiathèque de Bellevue")
    action = ActionFactory(organisation=world.org_b, title="Atelier photo")
    other_place = PlaceFactory(network=world.network, organisation=world.org_a, nom="Ailleurs")
    team = client_for(world.admin_b)
    overview = reverse("contributions:overview", args=[world.org_b.slug])
    page = team.get(overview).text
    assert "Médiathèque de Bellevue" in page
    assert "Ailleurs" not in page  # only the structure's own places
    refused = team.post(overview, {"title": "Notre quartier", "place": other_place.pk})
    assert refused.status_code == 200
    assert team.post(overview, {"title": "Notre quartier", "place": place.pk, "action": action.pk}).status_code == 302
    workshop = world.org_b.copublication_sessions.get()
    _propose(client, workshop)
    contribution = Contribution.objects.get()
    assert (contribution.place, contribution.action) == (place, action)
