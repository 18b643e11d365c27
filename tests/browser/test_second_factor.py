"""A coordinator whose network requires a second factor reaches no network page before it;
recovery codes work once."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import PASSWORD, NetworkFactory, NetworkMembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()


def code_from_key(text):
    key = text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key)):06d}"


def test_required_second_factor_then_recovery_codes_once(page, browser, live_server, assert_accessible):
    network = NetworkFactory(name="Réseau brestois", slug="brest", second_factor_required=True)
    OrganisationFactory(network=network, name="Foyer Laïque de Saint-Marc")
    NetworkMembershipFactory(network=network, user__email="coordination@exemple.test", role="coordinator")
    network_page = f"{live_server.url}/reseaux/brest/"

    sign_in(page, live_server, "coordination@exemple.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer le second facteur")
    expect(page.get_by_text("Votre réseau demande un second facteur")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshot-second-factor.png", full_page=True)
    for blocked in (network_page, f"{live_server.url}/", f"{live_server.url}/reseaux/brest/synthese/"):
        page.goto(blocked)
        expect(page.get_by_role("heading", level=1)).to_have_text("Activer le second facteur")
    page.get_by_label("Code").fill(code_from_key(page.locator("code.secret-key").inner_text()))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    assert_accessible(page)
    page.screenshot(path="var/screenshot-recovery-codes.png", full_page=True)
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.goto(network_page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réseau brestois")
    page.get_by_role("link", name="Sécurité").click()
    expect(page.get_by_label("Exiger un second facteur des coordinateurs et des accompagnateurs")).to_be_checked()
    assert_accessible(page)

    other = browser.new_context(locale="fr-FR")
    phone = other.new_page()
    sign_in(phone, live_server, "coordination@exemple.test")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Saisissez votre code")
    assert_accessible(phone)
    phone.goto(network_page)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Saisissez votre code")
    phone.get_by_label("Code").fill(codes[0])
    phone.get_by_role("button", name="Continuer").click()
    expect(phone).to_have_url(re.compile(r"/reseaux/brest/$"))
    phone.get_by_role("button", name="Se déconnecter").first.click()

    sign_in(phone, live_server, "coordination@exemple.test")
    phone.get_by_label("Code").fill(codes[0])
    phone.get_by_role("button", name="Continuer").click()
    expect(phone.get_by_text("déjà été utilisé").first).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Saisissez votre code")
    other.close()


def test_a_funders_home_and_the_privacy_page(page, live_server, assert_accessible):
    network = NetworkFactory(name="Réseau brestois", slug="brest", synthesis_for_partners=True)
    OrganisationFactory(network=network, name="Foyer Laïque de Saint-Marc")
    NetworkMembershipFactory(network=network, user__email="financeur@exemple.test", role="partner")
    sign_in(page, live_server, "financeur@exemple.test")
    expect(page.get_by_role("heading", name="Vous suivez Réseau brestois en tant que partenaire")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshot-funder-home.png", full_page=True)
    page.get_by_role("link", name="La synthèse du territoire").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/accessibilite/")
    expect(
        page.get_by_role("heading", name="Données personnelles : ce que nous gardons, et combien de temps")
    ).to_be_visible()
    assert_accessible(page)
