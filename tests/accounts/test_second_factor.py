"""Second factor: optional for everyone, required for coordinators and facilitators when the
network turns it on; recovery codes work once."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from utilite.organisations.enums import MembershipRole
from utilite.organisations.models import Membership

pytestmark = pytest.mark.django_db


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def turn_on(client, user):
    page = client.get(reverse("accounts:second_factor"))
    assert "<svg" in page.content.decode()  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor"), {"code": code_for(device)})
    assert "Le second facteur est activé" in response.content.decode()
    return device, re.findall(r"<li><code>([0-9a-z]+)</code></li>", response.content.decode())


def test_anyone_may_turn_it_on_then_every_page_asks_for_the_code(client, world):
    sign_in(client, world.admin_b)
    device, codes = turn_on(client, world.admin_b)
    assert len(codes) == 10
    client.post(reverse("accounts:logout"))
    sign_in(client, world.admin_b)
    organisation = reverse("organisations:detail", kwargs={"slug": world.org_b.slug})
    response = client.get(organisation)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))
    wrong = client.post(reverse("accounts:verify"), {"code": "000000", "next": organisation})
    assert "pas le bon" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1  # the code of set-up was used in this same 30 s step: a real person waits for the next
    device.save()
    response = client.post(reverse("accounts:verify"), {"code": code_for(device), "next": organisation})
    assert response.url == organisation
    assert client.get(organisation).status_code == 200


def test_a_recovery_code_works_once(client, world):
    sign_in(client, world.admin_b)
    _device, codes = turn_on(client, world.admin_b)
    for attempt in range(2):
        client.post(reverse("accounts:logout"))
        sign_in(client, world.admin_b)
        response = client.post(reverse("accounts:verify"), {"code": codes[0]})
        if attempt == 0:
            assert response.url == reverse("home:home")
        else:
            assert response.status_code == 200
            assert "déjà été utilisé" in response.content.decode()
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(reverse("accounts:verify"), {"code": codes[1].upper()}).status_code == 302  # any case


def test_a_network_requires_it_from_coordinators_and_facilitators_only(client, world):
    facilitator = Membership.objects.create(
        organisation=world.org_a, user=world.employee_b, role=MembershipRole.FACILITATOR
    ).user
    coordinator_client = client
    sign_in(coordinator_client, world.coordinator)
    response = coordinator_client.post(
        reverse("organisations:network_security", kwargs={"slug": world.network.slug}),
        {"second_factor_required": "on"},
    )
    world.network.refresh_from_db()
    assert world.network.second_factor_required
    network_page = reverse("organisations:network", kwargs={"slug": world.network.slug})
    response = coordinator_client.get(network_page)
    assert response.url == reverse("accounts:second_factor")
    page = coordinator_client.get(response.url).content.decode()
    assert "Votre réseau demande un second facteur" in page
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    coordinator_client.post(reverse("accounts:second_factor"), {"code": code_for(device)})
    assert coordinator_client.get(network_page).status_code == 200
    # It cannot be turned off while required.
    on = coordinator_client.get(reverse("accounts:second_factor")).content.decode()
    assert reverse("accounts:second_factor_off") not in on

    from django.test import Client

    other = Client()
    sign_in(other, facilitator)
    assert other.get(network_page)["Location"] == reverse("accounts:second_factor")
    volunteer = Client()
    sign_in(volunteer, world.member_a)
    assert volunteer.get(network_page).status_code == 200  # not required of a structure's team
    assert volunteer.get("/accessibilite/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones_then_it_can_be_turned_off(client, world):
    sign_in(client, world.admin_b)
    _device, first = turn_on(client, world.admin_b)
    assert client.get(reverse("accounts:second_factor_renew")).status_code == 405
    response = client.post(reverse("accounts:second_factor_renew"))
    fresh = re.findall(r"<li><code>([0-9a-z]+)</code></li>", response.content.decode())
    assert len(fresh) == 10
    assert not set(fresh) & set(first)
    response = client.post(reverse("accounts:second_factor_off"))
    assert response["Location"] == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=world.admin_b).exists()
