"""The one mapping table of session files (activities/vocabulary.py): every label it lists is read
as its code, and our French labels are the Coop's current ones (the first of each list)."""

import pytest
from django.utils import translation

from utilite.activities.vocabulary import CHOICES, COLUMNS, COOP_LABELS, NOT_COMMUNICATED, code_of
from utilite.core.tabular import key

LABELS = [
    (column, code, label)
    for column, codes in COOP_LABELS.items()
    for code, labels in codes.items()
    for label in labels
]


@pytest.mark.parametrize(("column", "code", "label"), LABELS, ids=[f"{c}:{label}" for c, _code, label in LABELS])
def test_each_label_of_the_coop_is_read_as_its_code(column, code, label):
    assert code_of(column, label) == code
    assert code_of(column, label.upper()) == code  # case and accents do not matter


@pytest.mark.parametrize("column", list(COOP_LABELS))
def test_our_french_labels_are_the_coops_current_ones(column):
    with translation.override("fr"):
        ours = {code: str(label) for code, label in CHOICES[column].choices}
    for code, labels in COOP_LABELS[column].items():
        if code != NOT_COMMUNICATED:
            assert ours[code] == labels[0]


def test_every_column_of_the_coops_export_that_we_read_is_known():
    for header in [
        "Date",
        "Type",
        "Nombre de participants",
        "Canaux d’accompagnement",  # noqa: RUF001 (as the Coop writes it)
        "Durée (min)",
        "Matériel numérique utilisé",
        "Thématique(s) d’accompagnement",  # noqa: RUF001
        "Niveau d’autonomie du bénéficiaire",  # noqa: RUF001
        "Structure de redirection",
        "Genre du bénéficiaire",
        "Tranche d’âge du bénéficiaire",  # noqa: RUF001
        "Statut du bénéficiaire",
    ]:
        assert key(header) in COLUMNS, header
