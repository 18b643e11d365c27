"""A second factor at sign-in: a six-digit code from an authentication app (TOTP, django-otp),
and single-use recovery codes for the day the phone is lost."""

from __future__ import annotations

import base64
import logging

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

logger = logging.getLogger(__name__)

RECOVERY_CODES = 10


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up (not confirmed yet): the same key until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="application", confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The key as authentication apps ask for it when typed by hand (base32, in groups of 4)."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def clean_code(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code; returns fresh recovery codes (shown once), or None."""
    if not device.verify_token(clean_code(code)):
        logger.info("second factor: a wrong code while setting up the app of user %s", device.user_id)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    User.objects.filter(pk=device.user_id).update(second_factor_on=True)
    device.user.second_factor_on = True
    django_otp.login(request, device)
    logger.info("second factor turned on for user %s", device.user_id)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request: HttpRequest, user: User, code: str) -> bool:
    """A code from the app, or a recovery code (then used up): the session is verified."""
    token = clean_code(code)
    with transaction.atomic():
        for device in django_otp.devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                django_otp.login(request, device)
                return True
    logger.warning("second factor: a wrong code for user %s", user.pk)
    return False


@transaction.atomic
def turn_off(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(second_factor_on=False)
    user.second_factor_on = False
    logger.info("second factor turned off for user %s", user.pk)
