from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utilite.accounts.forms import AccountCreationForm
from utilite.accounts.models import User

from .. import services
from ..models import Invitation


@login_not_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Public: whoever holds the link may see who invites them, then join.

    - signed in with the invited address: a button accepts;
    - an account exists for that address: sign in first, then come back;
    - otherwise: create the account (name and password) and join in one step.
    """
    found = Invitation.objects.for_token(token).select_related("organisation", "invited_by").first()
    if found is None:
        raise Http404
    context: dict[str, object] = {"invitation": found}
    if not found.is_usable:
        return render(request, "organisations/invitation_closed.html", context, status=410)

    user = request.user
    if user.is_authenticated:
        if user.email.lower() != found.email.lower():
            return render(request, "organisations/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            try:
                services.accept_invitation(found, user)
            except services.ActionRefused:
                return render(request, "organisations/invitation_closed.html", context, status=410)
            messages.success(request, _("Welcome to %(name)s!") % {"name": found.organisation})
            return redirect(found.organisation)
        return render(request, "organisations/invitation_accept.html", context)

    if User.objects.filter(email__iexact=found.email).exists():
        return render(request, "organisations/invitation_sign_in.html", context)

    form = AccountCreationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        new_user = services.create_account_and_accept(
            found, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
        )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Welcome to %(name)s!") % {"name": found.organisation})
        return redirect(found.organisation)
    context["form"] = form
    return render(request, "organisations/invitation_sign_up.html", context)
