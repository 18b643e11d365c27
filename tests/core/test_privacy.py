from utilite.core.privacy import Cell, protect


def test_a_group_under_five_people_is_not_broken_down():
    assert protect([("Femmes", 3), ("Hommes", 1)]) is None


def test_small_cells_are_hidden_and_large_ones_shown():
    cells = protect([("Femmes", 12), ("Hommes", 3), ("Non communiqué", 2)])
    assert cells == [Cell("Femmes", 12), Cell("Hommes", None), Cell("Non communiqué", None)]


def test_a_single_small_cell_hides_the_next_smallest_so_it_cannot_be_deduced_from_the_total():
    cells = protect([("Femmes", 20), ("Hommes", 8), ("Non communiqué", 2)])
    assert [cell.count for cell in cells] == [20, None, None]


def test_empty_cells_are_shown_as_zero():
    cells = protect([("Femmes", 9), ("Hommes", 0)])
    assert [cell.count for cell in cells] == [9, 0]
    assert not cells[1].hidden
