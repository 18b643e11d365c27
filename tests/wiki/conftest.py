import pytest
from django.urls import reverse

from utilite.wiki import services


@pytest.fixture
def group(world):
    """The « Isolement social » working group: Bérénice (structure B) coordinates it, Anne (A) is a member."""
    space = services.create_group(network=world.network, name="Isolement social", user=world.admin_b)
    services.add_member(space, world.member_a)
    return space


def url(name, space, *rest):
    return reverse(f"wiki:{name}", args=[space.network.slug, space.slug, *rest])
