"""Test data builders. Use traits for variants: `OrganisationFactory(with_admin=True)`."""

import datetime
from typing import TYPE_CHECKING, Any

import factory
from django.utils import timezone

from utilite.accounts.models import User
from utilite.networks.enums import NetworkRole
from utilite.networks.models import Network, NetworkMembership
from utilite.organisations.enums import InvitationStatus, MembershipRole, OrganisationKind, Visibility
from utilite.organisations.models import Action, Invitation, Membership, Organisation, hash_token
from utilite.places.models import Place
from utilite.referentiels.models import Criterion, Indicator, Referentiel, Registre

PASSWORD = "un-mot-de-passe-solide"


class ModelFactory[T](factory.django.DjangoModelFactory[T]):
    """A factory that mypy reads as giving its model: `IndicatorFactory()` is an `Indicator`."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, *args: Any, **kwargs: Any) -> T: ...  # type: ignore[misc]


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)


class NetworkFactory(ModelFactory[Network]):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Réseau {n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")
    territory = "Brest"


class NetworkMembershipFactory(ModelFactory[NetworkMembership]):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = NetworkRole.COORDINATOR


class OrganisationFactory(ModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Structure {n}")
    slug = factory.Sequence(lambda n: f"structure-{n}")
    kind = OrganisationKind.ASSOCIATION
    description = "Des ateliers numériques pour les habitants."
    city = "Brest"

    class Params:
        with_admin = factory.Trait(
            admin=factory.RelatedFactory(
                "tests.factories.MembershipFactory", factory_related_name="organisation", role=MembershipRole.ADMIN
            )
        )


class MembershipFactory(ModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.EMPLOYEE


class ActionFactory(ModelFactory[Action]):
    class Meta:
        model = Action

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    description = "Un atelier hebdomadaire."
    visibility = Visibility.PRIVATE

    class Params:
        shared = factory.Trait(visibility=Visibility.NETWORK)


class InvitationFactory(ModelFactory[Invitation]):
    """`InvitationFactory(token="abc")` stores the hash of that token, as the real flow does."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@exemple.test")
    role = MembershipRole.VOLUNTEER
    token = factory.Sequence(lambda n: f"token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    invited_by = factory.SubFactory(UserFactory)

    class Params:
        expired = factory.Trait(expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)))
        accepted = factory.Trait(status=InvitationStatus.ACCEPTED, closed_at=factory.LazyFunction(timezone.now))
        revoked = factory.Trait(status=InvitationStatus.REVOKED, closed_at=factory.LazyFunction(timezone.now))


class ReferentielFactory(ModelFactory[Referentiel]):
    class Meta:
        model = "referentiels.Referentiel"

    organisation = factory.SubFactory(OrganisationFactory)
    version = 1

    class Params:
        validated = factory.Trait(status="validated", validated_at=factory.LazyFunction(timezone.now))
        shared = factory.Trait(sharing="network")


class RegistreFactory(ModelFactory[Registre]):
    class Meta:
        model = "referentiels.Registre"

    referentiel = factory.SubFactory(ReferentielFactory)
    title = factory.Sequence(lambda n: f"Registre {n}")


class CriterionFactory(ModelFactory[Criterion]):
    class Meta:
        model = "referentiels.Criterion"

    registre = factory.SubFactory(RegistreFactory)
    title = factory.Sequence(lambda n: f"Critère {n}")


class IndicatorFactory(ModelFactory[Indicator]):
    class Meta:
        model = "referentiels.Indicator"

    criterion = factory.SubFactory(CriterionFactory)
    title = factory.Sequence(lambda n: f"Indicateur {n}")
    level = "realisation"
    kind = "count"


class PlaceFactory(ModelFactory[Place]):
    """A place of the directory; `PlaceFactory(open_weekdays=True)` opens Monday to Friday."""

    class Meta:
        model = "places.Place"
        skip_postgeneration_save = True

    class Params:
        open_weekdays = factory.Trait(horaires="Mo-Fr 09:00-12:00,14:00-18:00; PH off")

    network = factory.SubFactory(NetworkFactory)
    id_lieu = factory.Sequence(lambda n: f"lieu-{n}")
    pivot = "26290001900015"
    nom = factory.Sequence(lambda n: f"Lieu {n}")
    commune = "Brest"
    code_postal = "29200"
    adresse = factory.Sequence(lambda n: f"{n} rue de Siam")
    date_maj = factory.LazyFunction(timezone.localdate)
    services = factory.LazyFunction(lambda: ["Accès internet et matériel informatique"])

    @factory.post_generation
    def refreshed(obj: Place, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            from utilite.places import services

            services.refresh([obj])


def jpeg_with_gps(size: tuple[int, int] = (60, 40)) -> bytes:
    """A phone's JPEG: a camera make and a GPS position in its EXIF, which uploads must drop."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, "teal")
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # camera make
    exif[0x8825] = {1: "N", 2: (48.0, 23.0, 0.0)}  # GPS info
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()
