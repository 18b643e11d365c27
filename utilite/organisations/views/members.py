from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require

from .. import services
from ..forms import InvitationForm, RoleForm
from ..models import Invitation, Membership, Organisation
from ..permissions import can_manage_members, get_organisation_or_404, invitable_roles, organisation_abilities


def _managed_organisation(request: AuthenticatedHttpRequest, slug: str) -> Organisation:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_manage_members(request.user, organisation))
    return organisation


def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The team of a structure, its pending invitations, and the form to invite someone."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    abilities = organisation_abilities(request.user, organisation)
    roles = invitable_roles(request.user, organisation)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST":
        require(abilities["manage_members"])
        if form.is_valid():
            try:
                invitation, token = services.invite_member(
                    organisation=organisation, invited_by=request.user, **form.cleaned_data
                )
            except services.ActionRefused as refusal:
                form.add_error("email", str(refusal))
            else:
                link = request.build_absolute_uri(reverse("organisations:invitation", kwargs={"token": token}))
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s. You can also pass on this link: %(link)s")
                    % {"email": invitation.email, "link": link},
                )
                return redirect("organisations:members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "abilities": abilities,
        "memberships": Membership.objects.for_organisation(organisation),
        "invitations": organisation.invitations.pending().select_related("invited_by")
        if abilities["manage_members"]
        else Invitation.objects.none(),
        "form": form,
    }
    return render(request, "organisations/members.html", context)


def member_update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), organisation=organisation, pk=pk)
    roles = invitable_roles(request.user, organisation)
    form = RoleForm(request.POST or None, roles=roles, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"])
        except services.ActionRefused as refusal:
            form.add_error("role", str(refusal))
        else:
            messages.success(request, _("The role of %(name)s has been changed.") % {"name": membership.user})
            return redirect("organisations:members", slug=organisation.slug)
    context = {"organisation": organisation, "membership": membership, "form": form}
    return render(request, "organisations/member_form.html", context)


def member_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the person from the structure."""
    organisation = _managed_organisation(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), organisation=organisation, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.remove_member(membership)
        except services.ActionRefused as refusal:
            error = str(refusal)
        else:
            messages.success(
                request, _("%(name)s is no longer a member of the structure.") % {"name": membership.user}
            )
            return redirect("organisations:members", slug=organisation.slug)
    context = {"organisation": organisation, "membership": membership, "error": error}
    return render(request, "organisations/member_remove.html", context, status=400 if error else 200)


@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    try:
        services.revoke_invitation(invitation)
    except services.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The invitation to %(email)s has been cancelled.") % {"email": invitation.email})
    return redirect("organisations:members", slug=organisation.slug)
