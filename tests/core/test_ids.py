"""Ids out of the database's range: a French form error or a 404, never a 500."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from utilite.core.ids import ID_MAX, IdMultipleChoiceField, in_range
from utilite.organisations.models import Sector

pytestmark = pytest.mark.django_db

HUGE = str(ID_MAX + 1)  # 9223372036854775808


def test_in_range():
    assert in_range("12")
    assert in_range(str(ID_MAX))
    assert not in_range(HUGE)
    assert not in_range("-1")
    assert not in_range("1e5")
    assert not in_range(None)


def test_multiple_choice_refuses_an_id_beyond_64_bits_with_the_usual_message():
    field = IdMultipleChoiceField(queryset=Sector.objects.all())
    with pytest.raises(Exception, match="Sélectionnez un choix valide"):
        field.clean([HUGE])
    sector = Sector.objects.first()
    assert list(field.clean([str(sector.pk)])) == [sector]


def test_structure_form_answers_a_form_error_for_huge_sector_ids(world):
    client = client_for(world.admin_b)
    url = reverse("organisations:update", kwargs={"slug": world.org_b.slug})
    response = client.post(url, {"name": "Foyer", "sectors": [HUGE], "publics": ["-9223372036854775809"]})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.parametrize("number", [HUGE, "99999999999999999999999999"])
def test_huge_ids_in_urls_are_not_found(world, number):
    client = client_for(world.admin_b)
    response = client.get(f"/structures/{world.org_b.slug}/actions/{number}/")
    assert response.status_code == 404
