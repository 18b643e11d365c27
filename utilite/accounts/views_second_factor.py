"""Pages of the second factor: set it up from the profile, give a code after the password."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from utilite.core.qr import qr_svg

from . import second_factor
from .forms import CodeForm
from .http import AuthenticatedHttpRequest


@never_cache
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, then type a first code); once on, what can be done with it."""
    user = request.user
    required = bool(getattr(request, "second_factor_required", False))
    device = second_factor.app_device(user)
    if device is not None:
        if not user.is_verified():  # type: ignore[attr-defined]
            return redirect("accounts:verify")
        context: dict[str, object] = {"required": required, "remaining": second_factor.remaining_recovery_codes(user)}
        return render(request, "accounts/second_factor_on.html", context)
    pending = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm(request, pending, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/second_factor_codes.html", {"codes": codes, "first": True})
        form.add_error("code", _("This code is not the right one. Check the time of your phone, then try again."))
    context = {
        "form": form,
        "required": required,
        "qr": qr_svg(pending.config_url, str(_("QR code to scan with your authentication app"))),
        "key": second_factor.manual_key(pending),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@never_cache
@require_POST
def renew_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ten new recovery codes (the old ones stop working), shown once."""
    if second_factor.app_device(request.user) is None or not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:second_factor")
    fresh = second_factor.new_recovery_codes(request.user)
    return render(request, "accounts/second_factor_codes.html", {"codes": fresh, "first": False})


@never_cache
@require_POST
def turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn the second factor off, unless the network requires it for this person's role."""
    device = second_factor.app_device(request.user)
    required = bool(getattr(request, "second_factor_required", False))
    if device is None or required or not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:second_factor")
    second_factor.turn_off(request.user)
    messages.success(request, _("The second factor is turned off."))
    return redirect("accounts:profile")


@never_cache
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the password: the code of the app, or a recovery code."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if request.user.is_verified():  # type: ignore[attr-defined]
        return redirect(target or "home:home")
    if second_factor.app_device(request.user) is None:  # its app was removed (by an administrator)
        second_factor.turn_off(request.user)
        return redirect(target or "home:home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, request.user, form.cleaned_data["code"]):
            return redirect(target or "home:home")
        form.add_error("code", _("This code is not the right one, or it was already used. Type the new code."))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": target})
