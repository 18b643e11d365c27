"""Co-publication in a browser: a participant on a 360 px phone joins by code, takes a photo and
writes a few words, proposes; the facilitator records the consents and publishes; the
contribution is on the public site, on the place's sheet and in the feed. axe on every page."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, PlaceFactory
from utilite.contributions import services

pytestmark = pytest.mark.django_db(transaction=True)


def _sound(path):
    import subprocess

    arguments = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "pcm_s16le"]
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", *arguments, str(path)], check=True)  # noqa: S603, S607
    return path


def _photo(path):
    Image.new("RGB", (120, 90), "teal").save(path, format="JPEG")
    return path


def test_a_participant_proposes_on_a_phone_and_the_facilitator_publishes(
    browser, live_server, assert_accessible, tmp_path
):
    network = NetworkFactory(slug="brest", name="Réseau brestois")
    structure = OrganisationFactory(network=network, name="Centre social de Kérinou", slug="kerinou")
    facilitator = MembershipFactory(organisation=structure, role="admin").user
    place = PlaceFactory(network=network, organisation=structure, nom="Centre social de Kérinou")
    session = services.open_session(organisation=structure, user=facilitator, title="Notre quartier en images")
    session.place = place
    session.save()

    phone = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/publier/")
    assert_accessible(page)
    page.get_by_label("Le code affiché par l'animateur").fill(session.code)
    page.get_by_role("button", name="Rejoindre").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notre quartier en images")
    assert_accessible(page)
    page.get_by_label("Comment voulez-vous signer ?").fill("Mimi")
    page.get_by_role("button", name="Participer").tap()
    page.get_by_label("Portrait d'un lieu").check()
    page.get_by_label("Un titre").fill("Le jardin partagé")
    page.get_by_label("Vos mots").fill("On y plante des tomates le mercredi.")
    page.get_by_label("Une photo").set_input_files(str(_photo(tmp_path / "jardin.jpg")))
    page.get_by_label("Ce que montre la photo").fill("Des bacs de tomates")
    page.get_by_label("Votre voix ou un son").set_input_files(str(_sound(tmp_path / "voix.wav")))
    assert_accessible(page)
    page.screenshot(path="var/screenshots/contributions-phone-write.png", full_page=True)
    page.get_by_role("button", name="Le proposer").tap()
    expect(page.get_by_role("status")).to_contain_text("Merci !")
    expect(page.get_by_text("Le jardin partagé · Proposé")).to_be_visible()
    phone.close()

    desk = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(desk, live_server, facilitator.email)
    desk.goto(f"{live_server.url}/structures/kerinou/copublication/")
    assert_accessible(desk)
    desk.get_by_role("link", name="Le jardin partagé").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Le jardin partagé")
    desk.get_by_label("L'auteur a accepté de le montrer").select_option("public")
    desk.get_by_label("Accord donné le").fill("2026-12-01")
    desk.locator("#id_image_rights").select_option("nobody")
    desk.get_by_label("Transcription écrite du son").fill("On plante des tomates, et on rit beaucoup.")
    desk.get_by_label("Droit à l'image recueilli le").fill("2026-12-01")
    desk.get_by_role("button", name="Enregistrer les consentements").click()
    expect(desk.get_by_role("status")).to_contain_text("Les consentements sont enregistrés.")
    assert_accessible(desk)
    desk.screenshot(path="var/screenshots/contributions-review.png", full_page=True)
    desk.get_by_role("button", name="Publier", exact=True).click()
    expect(desk.get_by_role("status")).to_contain_text("Publié.")

    public = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}).new_page()
    public.goto(f"{live_server.url}/paroles/brest/")
    expect(public.get_by_role("link", name="Le jardin partagé")).to_be_visible()
    assert_accessible(public)
    public.get_by_role("link", name="Le jardin partagé").click()
    expect(public.get_by_role("img", name="Des bacs de tomates")).to_be_visible()
    expect(public.locator("audio")).to_have_count(1)
    expect(public.get_by_text("On plante des tomates, et on rit beaucoup.")).to_be_visible()
    assert_accessible(public)
    public.screenshot(path="var/screenshots/contributions-detail.png", full_page=True)
    public.goto(f"{live_server.url}/lieux/brest/{place.pk}/")
    expect(public.get_by_role("heading", name="Ce que les personnes ont fait ici")).to_be_visible()
    assert_accessible(public)
    feed = public.request.get(f"{live_server.url}/paroles/brest/flux.xml")
    assert "Le jardin partagé" in feed.text()


def _video(path):
    import subprocess

    arguments = [
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2", "-f", "lavfi", "-i", "sine=duration=2",
        "-c:v", "libvpx", "-c:a", "libopus", "-shortest",
    ]  # fmt: skip
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", *arguments, str(path)], check=True)  # noqa: S603, S607
    return path


def test_a_video_gets_its_captions_and_keywords_then_plays_on_the_public_site(
    browser, live_server, assert_accessible, tmp_path
):
    from tests.factories import NetworkMembershipFactory

    network = NetworkFactory(slug="brest", name="Réseau brestois")
    structure = OrganisationFactory(network=network, name="Vivre la rue", slug="vivre-la-rue")
    facilitator = MembershipFactory(organisation=structure, role="admin").user
    coordinator = NetworkMembershipFactory(network=network, role="coordinator").user
    session = services.open_session(organisation=structure, user=facilitator, title="Nos chemins")

    phone = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/publier/{session.code}/")
    page.get_by_label("Comment voulez-vous signer ?").fill("L'atelier du jeudi")
    page.get_by_role("button", name="Participer").tap()
    page.get_by_label("Mon parcours").check()
    page.get_by_label("Un titre").fill("Notre rue")
    page.get_by_label("Une vidéo").set_input_files(str(_video(tmp_path / "rue.webm")))
    page.get_by_role("button", name="Le proposer").tap()
    expect(page.get_by_role("status")).to_contain_text("Merci !")
    phone.close()

    desk = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(desk, live_server, facilitator.email)
    desk.goto(f"{live_server.url}/structures/vivre-la-rue/copublication/")
    desk.get_by_role("link", name="Notre rue").click()
    expect(desk.locator("video")).to_have_count(1)  # converted in the background, then shown to the team
    desk.get_by_role("button", name="Publier", exact=True).click()
    expect(desk.get_by_role("status")).to_contain_text("sous-titres")  # no video goes public without captions
    desk.get_by_label("L'auteur a accepté de le montrer").select_option("public")
    desk.get_by_label("Accord donné le").fill("2026-12-01")
    desk.locator("#id_image_rights").select_option("agreed")
    desk.get_by_label("Droit à l'image recueilli le").fill("2026-12-01")
    desk.get_by_label("Sous-titres de la vidéo (WebVTT)").fill("WEBVTT\n\n00:00.000 --> 00:02.000\nC'est notre rue.\n")
    desk.get_by_role("button", name="Enregistrer les consentements").click()
    desk.get_by_role("textbox", name="Mots-clés").fill("Mon parcours, La rue")
    desk.get_by_role("button", name="Enregistrer les mots-clés").click()
    expect(desk.get_by_role("status")).to_contain_text("Les mots-clés sont enregistrés.")
    assert_accessible(desk)
    desk.get_by_role("button", name="Publier", exact=True).click()
    expect(desk.get_by_role("status")).to_contain_text("Publié.")

    network_desk = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(network_desk, live_server, coordinator.email)
    network_desk.goto(f"{live_server.url}/reseaux/brest/copublication/")
    network_desk.get_by_label("Délai avant que le public voie une publication").select_option("24")
    network_desk.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(network_desk.get_by_role("status")).to_contain_text("Enregistré")
    assert_accessible(network_desk)

    public = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}).new_page()
    public.goto(f"{live_server.url}/paroles/brest/")
    public.get_by_label("Mot-clé").select_option(label="La rue (1)")
    public.get_by_role("button", name="Afficher").click()
    expect(public.get_by_role("heading", name="Mot-clé : La rue")).to_be_visible()
    assert_accessible(public)
    public.screenshot(path="var/screenshots/contributions-site-keyword.png", full_page=True)
    public.get_by_role("link", name="Notre rue").click()
    video = public.locator("video")
    expect(video.locator("track[kind=captions]")).to_have_count(1)
    expect(video).to_have_attribute("poster", re.compile(r"/affiche/$"))
    for _attempt in range(50):  # the browser reads its metadata (wait_for_function is barred by the CSP)
        if public.evaluate("document.querySelector('video').readyState") >= 1:
            break
        public.wait_for_timeout(100)
    assert public.evaluate("document.querySelector('video').duration") > 1.5
    assert_accessible(public)
    public.screenshot(path="var/screenshots/contributions-video.png", full_page=True)
