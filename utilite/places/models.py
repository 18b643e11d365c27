"""Places of the network's directory (Repères dans la cité), stored in the national schema of
digital-mediation places v1.0.2: each field keeps the schema's name, so that the national format
goes in and out without a mapping table. Several values are lists (`|` in the files)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.networks.models import Network
from utilite.organisations.models import Organisation


def _list(label: Any) -> models.JSONField:
    return models.JSONField(label, default=list, blank=True)


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
    # No lost work: `core.locking` saves only from the revision a form was opened with.
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "id_lieu"], name="places_place_id_unique"),
        ]
        indexes = [models.Index(fields=["network", "commune"], name="places_place_commune_idx")]

    def __str__(self) -> str:
        return f"{self.nom} ({self.commune})"
