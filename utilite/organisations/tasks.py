"""Background work of the structures app."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from utilite.core.logs import logged

from .models import Invitation


@task()
@logged
def send_invitation_email(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "link": settings.SITE_URL + reverse("organisations:invitation", kwargs={"token": token}),
        }
        send_mail(
            subject=render_to_string("organisations/emails/invitation_subject.txt", context).strip(),
            message=render_to_string("organisations/emails/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
