from utilite.core.privacy import Cell, protect, published


def test_a_group_under_five_people_is_not_broken_down():
    assert protect([("Femmes", 3), ("Hommes", 1)]) is None


def test_small_cells_are_hidden_and_large_ones_shown():
    cells = protect([("Femmes", 12), ("Hommes", 3), ("Non communiqué", 2)])
    assert cells == [Cell("Femmes", 10), Cell("Hommes", None), Cell("Non communiqué", None)]


def test_a_single_small_cell_hides_the_next_smallest_so_it_cannot_be_deduced_from_the_total():
    cells = protect([("Femmes", 20), ("Hommes", 8), ("Non communiqué", 2)])
    assert [cell.count for cell in cells] == [20, None, None]  # 8 hidden with the 2


def test_empty_cells_are_shown_as_zero():
    cells = protect([("Femmes", 9), ("Hommes", 0)])
    assert [cell.count for cell in cells] == [10, 0]
    assert not cells[1].hidden


def test_counts_of_people_are_rounded_to_base_5_and_hidden_under_5():
    assert [published(n) for n in (0, 1, 4, 5, 7, 8, 12, 13, 246, 247, 248, 249)] == [
        0,
        None,
        None,
        5,
        5,
        10,
        10,
        15,
        245,
        245,
        250,
        250,
    ]
    assert published(None) is None


def test_no_pair_of_rounded_figures_recovers_a_hidden_group():
    """Whatever the other months hold, the difference of two published figures around a month
    of 3 people is a multiple of 5 and never says 3."""
    for before in range(0, 400):
        with_month, without = published(before + 3), published(before)
        if with_month is not None and without is not None:
            assert (with_month - without) % 5 == 0
            assert with_month - without != 3
