import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_then_land_on_home(client):
    UserFactory(email="claire@exemple.test")
    response = client.post(reverse("accounts:login"), {"username": "Claire@Exemple.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home:home")


def test_wrong_password_gives_a_french_message_and_no_session(client):
    UserFactory(email="claire@exemple.test")
    response = client.post(reverse("accounts:login"), {"username": "claire@exemple.test", "password": "faux"})
    assert response.status_code == 200
    assert "Cette adresse e-mail et ce mot de passe ne correspondent pas" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_rate_limited_after_five_failures(client):
    UserFactory(email="claire@exemple.test")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "claire@exemple.test", "password": "faux"})
    response = client.post(reverse("accounts:login"), {"username": "claire@exemple.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "bloqué pendant 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_counts_every_spelling_of_the_email_together(client):
    UserFactory(email="claire@exemple.test")
    url = reverse("accounts:login")
    for spelling in ["claire@exemple.test", "CLAIRE@exemple.test", " Claire@Exemple.Test ", "claire@EXEMPLE.TEST"]:
        client.post(url, {"username": spelling, "password": "faux"})
    client.post(url, {"username": "cLaIrE@exemple.test", "password": "faux"})  # the fifth failure
    for spelling in ["claire@exemple.test", "CLAIRE@EXEMPLE.TEST", "Claire@exemple.test", " claire@exemple.test"]:
        response = client.post(url, {"username": spelling, "password": PASSWORD})
        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_password_reset_by_email_link(client):
    user = UserFactory(email="claire@exemple.test")
    response = client.post(reverse("accounts:password_reset"), {"email": "claire@exemple.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Utilité : choisissez un nouveau mot de passe"
    link = re.search(r"http://testserver(/\S+)", str(mail.outbox[0].body)).group(1)
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "nouveau-mot-de-passe-2026", "new_password2": "nouveau-mot-de-passe-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nouveau-mot-de-passe-2026")


def test_password_reset_says_nothing_about_unknown_addresses(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@exemple.test"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []
    assert "Si un compte utilise cette adresse" in response.content.decode()


def test_profile_update_and_duplicate_email_refused():
    UserFactory(email="deja@exemple.test")
    user = UserFactory(email="moi@exemple.test", full_name="Moi")
    client = client_for(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Moi Même", "email": "DEJA@exemple.test"})
    assert response.status_code == 200
    assert "Un autre compte utilise déjà cette adresse e-mail." in response.content.decode()
    user.refresh_from_db()
    assert user.email == "moi@exemple.test"
    response = client.post(reverse("accounts:profile"), {"full_name": "Moi Même", "email": "moi@exemple.test"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Moi Même"


def test_logout_requires_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
