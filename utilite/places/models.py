"""Places of the network's directory (Repères dans la cité), stored in the national schema of
digital-mediation places v1.0.2: each field keeps the schema's name, so that the national format
goes in and out without a mapping table. Several values are lists (`|` in the files)."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from utilite.core.models import Job, JobStatus, TimeStampedModel
from utilite.networks.models import Network
from utilite.organisations.models import Organisation


def _list(label: Any) -> models.JSONField:
    return models.JSONField(label, default=list, blank=True)


class PlaceQuerySet(models.QuerySet["Place"]):
    def matching(self, folded_words: list[str]) -> PlaceQuerySet:
        """Places with a word starting with each of `folded_words` (already folded: no accents,
        lower case): « mediath » finds « Médiathèque ». Read from the indexed table of words."""
        queryset = self
        for word in folded_words:
            queryset = queryset.filter(pk__in=PlaceWord.objects.starting_with(word).values("place"))
        return queryset

    # The words are few to a place, so the search drives the query (`IN`); a facet or « open now »
    # often holds most places, so they are checked place by place through their index (`EXISTS`).
    def offering(self, key: str) -> PlaceQuerySet:
        """Places with one facet (`services:Accès internet et matériel informatique`, `horaires:week-end`)."""
        return self.filter(models.Exists(PlaceFacet.objects.filter(place=models.OuterRef("pk"), key=key)))

    def open_at(self, instant: datetime.datetime) -> PlaceQuerySet:
        openings = PlaceOpening.objects.filter(
            place=models.OuterRef("pk"), starts_at__lte=instant, ends_at__gt=instant
        )
        return self.filter(models.Exists(openings))

    def stale(self, today: datetime.date, after: datetime.timedelta) -> PlaceQuerySet:
        """Not updated for `after` (six months in the directory's pages)."""
        return self.filter(date_maj__lt=today - after)

    def located(self) -> PlaceQuerySet:
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Place(TimeStampedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="places")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="places"
    )  # the structure whose team keeps the sheet up to date
    # Identity (schema fields `id` and `pivot`: stable across imports and exports).
    id_lieu = models.CharField(_("identifier"), max_length=100, db_column="schema_id")
    pivot = models.CharField(_("SIRET or RNA"), max_length=14)
    nom = models.CharField(_("name"), max_length=250)
    # Address and position.
    commune = models.CharField(_("town"), max_length=150)
    code_postal = models.CharField(_("postal code"), max_length=5)
    code_insee = models.CharField(_("INSEE code"), max_length=5, blank=True)
    adresse = models.CharField(_("address"), max_length=250)
    complement_adresse = models.CharField(_("address details"), max_length=250, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Where the position comes from: a file, the address service, a pin placed by hand; why it is missing.
    position_source = models.CharField(max_length=10, blank=True)  # "", "import", "geocoder", "hand"
    position_note = models.CharField(max_length=300, blank=True)
    typologie = _list(_("kind of place"))
    # Contact.
    telephone = models.CharField(_("telephone"), max_length=20, blank=True)
    courriels = _list(_("e-mail addresses"))
    site_web = _list(_("websites"))
    # Opening hours, in OpenStreetMap's `opening_hours` syntax.
    horaires = models.TextField(_("opening hours"), blank=True)
    presentation_resume = models.CharField(_("short presentation"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("presentation"), blank=True)
    source = models.CharField(_("source of the data"), max_length=250, blank=True)
    itinerance = _list(_("mobile or fixed"))
    structure_parente = models.CharField(_("parent network or structure"), max_length=250, blank=True)
    date_maj = models.DateField(_("last updated"))
    # What is offered, to whom, how (enumerations of the schema, see `schema.choices`).
    services = _list(_("services"))
    publics_specifiquement_adresses = _list(_("publics specifically welcomed"))
    prise_en_charge_specifique = _list(_("specific support"))
    frais_a_charge = _list(_("fees"))
    dispositif_programmes_nationaux = _list(_("national programmes"))
    formations_labels = _list(_("trainings and labels"))
    autres_formations_labels = _list(_("other trainings and labels"))
    modalites_acces = _list(_("how to come"))
    modalites_accompagnement = _list(_("kinds of accompaniment"))
    fiche_acces_libre = models.URLField(_("Acceslibre page"), max_length=500, blank=True)
    prise_rdv = models.URLField(_("online appointments"), max_length=500, blank=True)
    # Local to the network, not in the national schema (never exported).
    quartier = models.CharField(_("district"), max_length=100, blank=True)
    contact_professionnel = models.TextField(
        _("contact for professionals"),
        blank=True,
        help_text=_("Who partners call or write to, shown only to the people of the network."),
    )
    orientation = models.TextField(
        _("how to refer someone"),
        blank=True,
        help_text=_("What a social worker should know before sending someone (documents to bring, who to ask for)."),
    )
    # What the structure chose to show of its social utility on the public sheet.
    public_fiche = models.ForeignKey(
        "fiches.PublishedVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluation sheet shown to everyone"),
    )
    show_common_criteria = models.BooleanField(_("show the common criteria the structure documents"), default=False)
    # Kept by `services.refresh` from the fields above (with the words, facets and openings).
    completion = models.PositiveSmallIntegerField(default=0, editable=False)
    # No lost work: `core.locking` saves only from the revision a form was opened with.
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "id_lieu"], name="places_place_id_unique"),
        ]
        indexes = [
            models.Index(fields=["network", "commune"], name="places_place_commune_idx"),
            models.Index(fields=["network", "date_maj"], name="places_place_date_maj_idx"),
            models.Index(fields=["network", "nom", "id"], name="places_place_nom_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.commune})"

    HOW_IT_WORKS = (
        "modalites_acces",
        "modalites_accompagnement",
        "frais_a_charge",
        "publics_specifiquement_adresses",
        "prise_en_charge_specifique",
        "itinerance",
        "dispositif_programmes_nationaux",
        "formations_labels",
        "autres_formations_labels",
    )

    @property
    def says_how_it_works(self) -> bool:
        return any(getattr(self, name) for name in self.HOW_IT_WORKS)

    @property
    def telephone_display(self) -> str:
        """« 02 98 00 00 00 » for a French number stored as the schema writes it (+33298000000)."""
        number = self.telephone
        if len(number) == 12 and number.startswith("+33") and number[1:].isdigit():
            national = "0" + number[3:]
            return " ".join(national[index : index + 2] for index in range(0, 10, 2))
        return number

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PlaceFacet(models.Model):
    """One value a place offers (a service, a public, `Gratuit`…), as `field:value`: filters read
    this indexed table instead of the lists of the place, the same way on SQLite and PostgreSQL."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="facets")
    key = models.CharField(max_length=250)

    class Meta:
        indexes = [models.Index(fields=["key", "place"], name="places_facet_key_idx")]
        constraints = [models.UniqueConstraint(fields=["place", "key"], name="places_facet_unique")]

    def __str__(self) -> str:
        return self.key


class PlaceWordQuerySet(models.QuerySet["PlaceWord"]):
    def starting_with(self, prefix: str) -> PlaceWordQuerySet:
        """Words starting with `prefix`, through an index: PostgreSQL reads `LIKE 'prefix%'` from
        the field's pattern index; SQLite compares bytes, so the prefix is a range there."""
        if connection.vendor == "postgresql":
            return self.filter(word__startswith=prefix)
        return self.filter(word__gte=prefix, word__lt=prefix + "\U0010ffff")


class PlaceWord(models.Model):
    """One folded word of a place's name, address, kind or services: the search reads this
    indexed table, so that it costs the same with a hundred places or twenty thousand."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="words")
    word = models.CharField(max_length=40, db_index=True)

    objects = PlaceWordQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "word"], name="places_word_unique")]

    def __str__(self) -> str:
        return self.word


class PlaceArea(models.Model):
    """The communes and districts of a network's directory, with their number of places: the
    filters' choices, kept by `services.refresh` instead of a DISTINCT over every place; and the
    places per day of last update, with the sum of their completion, for the directory's figures
    (how many are up to date) without reading every place."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("town")
        QUARTIER = "quartier", _("district")
        UPDATED = "updated", _("day of last update")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="place_areas")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=150)
    places_count = models.PositiveIntegerField(default=0)
    completion_total = models.PositiveIntegerField(default=0)  # updated: the sum of the places' completion

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "kind", "name"], name="places_area_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


class PlaceOpening(models.Model):
    """One open interval of the coming weeks, computed from the opening hours: « open now » is an
    indexed range query, whatever the number of places."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="openings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="places_opening_range_idx")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} → {self.ends_at:%H:%M}"


class PlaceChange(models.Model):
    """The history of a sheet: who changed what, when (old and new values of each field)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    origin = models.CharField(max_length=20, default="form")  # form, import
    fields = models.JSONField(default=dict)  # {name: [before, after]}

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.place_id} · {self.created_at:%Y-%m-%d %H:%M}"


class PlaceReport(models.Model):
    """« Signaler une erreur »: what a visitor saw wrong on a sheet, sent to its editors."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="reports")
    message = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message[:50]


class PlaceImport(Job):
    """A file in the national format being imported into a network's directory."""

    KIND = "places.import"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {JobStatus.DONE: _("Imported"), JobStatus.FAILED: _("Refused")}

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="place_imports")
    file = models.FileField(upload_to="imports/%Y/")
    original_name = models.CharField(max_length=200)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    # Fields left empty on rows that were imported (opening hours that cannot be read).
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("import of places")
        verbose_name_plural = _("imports of places")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"


class UpdateCampaign(models.Model):
    """A yearly call to check the directory: every editor received the list of their places."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="place_campaigns")
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    places_count = models.PositiveIntegerField(default=0)
    emails_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.network_id} · {self.started_at:%Y-%m-%d}"


def guide_path(guide: PlaceGuide, filename: str) -> str:
    return f"guides/{guide.network_id}/{filename}"


class PlaceGuide(Job):
    """The paper guide (Repères dans la cité) made on demand as a PDF: the places of the whole
    directory, of a commune or of a district, one part per district (or commune)."""

    KIND = "places.guide"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {JobStatus.DONE: _("Ready")}

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="place_guides")
    area_kind = models.CharField(max_length=10, blank=True)  # "", "commune" or "quartier"
    area_name = models.CharField(max_length=150, blank=True)
    file = models.FileField(upload_to=guide_path, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    places_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("printable guide")
        verbose_name_plural = _("printable guides")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.network_id} · {self.area_name or '*'} · {self.status}"


def photo_path(photo: PlacePhoto, filename: str) -> str:
    return f"places/{photo.place.network_id}/{filename}"  # the name is chosen by `core.uploads`


class PlacePhoto(models.Model):
    """A picture of the premises, shown on the public sheet: re-encoded on upload (no EXIF or
    GPS data), with a text alternative for those who cannot see it."""

    MAX_PER_PLACE = 6

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path)
    alt = models.CharField(
        _("what the picture shows"),
        max_length=200,
        help_text=_("For people who cannot see it, for instance « The reception desk, with two computers »."),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt


class PlaceSessionQuerySet(models.QuerySet["PlaceSession"]):
    def upcoming(self, now: datetime.datetime) -> PlaceSessionQuerySet:
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")


class PlaceSession(models.Model):
    """A collective session to come at a place (« Atelier smartphone, mardi 14h-16h »), shown on
    its sheet until it is over."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    description = models.TextField(_("what happens there"), blank=True, max_length=1000)
    registration = models.CharField(
        _("how to sign up"),
        max_length=200,
        blank=True,
        help_text=_("For instance « Free, on registration at 02 98 00 00 00 »"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = PlaceSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["place", "ends_at"], name="places_session_upcoming_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="places_session_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.starts_at:%Y-%m-%d %H:%M}"
