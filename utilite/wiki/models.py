"""The network's working wiki: spaces (the network's, each structure's, working groups), pages
in Markdown with every save kept as a revision, attachments, the actions written in minutes,
and who follows what.

A page's text is its latest revision's, copied on the page (with a folded copy for search) so
that reading a page costs one row. Revisions are never changed nor deleted: restoring an old
one writes a new one."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilite.core.models import Job, JobStatus
from utilite.fiches.enums import Licence
from utilite.networks.models import Network
from utilite.organisations.models import Organisation

from .enums import GroupRole, PageKind, SpaceKind


class Space(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="wiki_spaces")
    kind = models.CharField(_("kind"), max_length=10, choices=SpaceKind.choices)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="wiki_space"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=60)
    description = models.TextField(_("what it is for"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["network", "slug"], name="wiki_space_unique")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A member of a working group, whatever their structure."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wiki_groups")
    role = models.CharField(max_length=12, choices=GroupRole.choices, default=GroupRole.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="wiki_member_unique")]

    def __str__(self) -> str:
        return f"{self.space_id} · {self.user_id}"


class Page(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="pages")
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=160)
    kind = models.CharField(_("kind"), max_length=15, choices=PageKind.choices, default=PageKind.PAGE)
    text = models.TextField(_("text"), blank=True)  # the latest revision's
    search_text = models.TextField(blank=True, editable=False)  # title and text, folded (no accents, lower case)
    version = models.PositiveIntegerField(default=0)  # the latest revision's number
    public = models.BooleanField(_("public, under a Creative Commons licence"), default=False)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA)
    validated_at = models.DateTimeField(null=True, blank=True)  # minutes marked validated
    validated_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["space", "slug"], name="wiki_page_unique")]
        indexes = [models.Index(fields=["space", "-updated_at"], name="wiki_page_recent_idx")]

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")  # for a space's changes
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=150)
    text = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)  # kept as written (an imported wiki's user)
    organisation = models.ForeignKey(  # the author's structure at the time, for the timeline
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(_("summary of the change"), max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_unique")]
        indexes = [models.Index(fields=["space", "-created_at"], name="wiki_revision_space_idx")]

    def __str__(self) -> str:
        return f"{self.page_id} · {self.number}"

    @property
    def who(self) -> str:
        return str(self.author) if self.author else self.author_name


def attachment_path(attachment: Attachment, filename: str) -> str:
    return f"wiki/{attachment.page.space_id}/{filename}"  # the name is chosen by the server


class Attachment(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(done=False)


class ActionItem(models.Model):
    """An action written in a page (`- [ ] Who: what (by 15/12/2026)`): read again from the text
    at every save, ticked off on the page itself (a new revision)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="actions")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="actions")
    line = models.PositiveIntegerField()  # where it is in the text
    who = models.CharField(max_length=150, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="wiki_actions"
    )
    what = models.CharField(max_length=500)
    due = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    opened_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["done", "due", "pk"]
        indexes = [
            models.Index(fields=["space", "done"], name="wiki_action_space_idx"),
            models.Index(fields=["assignee", "done"], name="wiki_action_assignee_idx"),
        ]

    def __str__(self) -> str:
        return self.what


class Watch(models.Model):
    """Someone follows a page or a whole space: a daily digest of the changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wiki_watches")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="watches")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, null=True, blank=True, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "space", "page"], name="wiki_watch_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.space_id} · {self.page_id}"


class WikiImport(Job):
    """A MediaWiki export, or a DOCX or ODT document, taken in by a space in the background."""

    KIND = "wiki.import"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {JobStatus.DONE: _("Imported"), JobStatus.FAILED: _("Refused")}

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="imports/%Y/")
    original_name = models.CharField(max_length=200)
    message = models.CharField(max_length=300, blank=True)  # what was imported, in French
    page = models.ForeignKey(Page, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("wiki import")
        verbose_name_plural = _("wiki imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.space_id} · {self.original_name} · {self.status}"


class FicheAnnex(models.Model):
    """The timeline of a space's work attached to an evaluation sheet (over the sheet's period)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="fiche_annexes")
    fiche = models.ForeignKey("fiches.Fiche", on_delete=models.CASCADE, related_name="+")
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "fiche"], name="wiki_fiche_annex_unique")]

    def __str__(self) -> str:
        return f"{self.space_id} → {self.fiche_id}"


def export_path(export: WikiExport, filename: str) -> str:
    return f"wiki/{export.space_id}/exports/{filename}"


class WikiExport(Job):
    """A page as PDF, or a whole space as a zip of Markdown with its attachments and history,
    made in the background and kept to be downloaded by the people of the space."""

    KIND = "wiki.export"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {JobStatus.DONE: _("Ready")}

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="exports")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    format = models.CharField(max_length=5, choices=[("pdf", "PDF"), ("zip", "Zip")])
    file = models.FileField(upload_to=export_path, blank=True)
    name = models.CharField(max_length=200, blank=True)  # what the download is called

    class Meta:
        verbose_name = _("wiki export")
        verbose_name_plural = _("wiki exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.space_id} · {self.format} · {self.status}"
