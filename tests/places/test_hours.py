"""Opening hours: the OpenStreetMap syntax evaluated by opening-hours-py (French public holidays
included), the week grid written to it and read back, « open now » in plain French."""

import datetime

import pytest

from utilite.places import hours

PARIS = hours.PARIS


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PARIS)


WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:00; PH off"
# (expression, instant, open?) — 2026-12-03 is a Thursday; 2026-12-25 (Christmas) a Friday.
TABLE = [
    (WEEKDAYS, "2026-12-03 10:00", True),
    (WEEKDAYS, "2026-12-03 12:00", False),  # closes at noon sharp
    (WEEKDAYS, "2026-12-03 13:59", False),
    (WEEKDAYS, "2026-12-03 14:00", True),
    (WEEKDAYS, "2026-12-05 10:00", False),  # Saturday
    (WEEKDAYS, "2026-12-25 10:00", False),  # Christmas
    (WEEKDAYS, "2027-05-01 10:00", False),  # 1 May 2027 is a Saturday anyway
    (WEEKDAYS, "2026-11-11 10:00", False),  # Armistice, a Wednesday
    (WEEKDAYS, "2026-07-14 10:00", False),  # Bastille Day, a Tuesday
    (WEEKDAYS, "2027-05-06 10:00", False),  # Ascension Thursday 2027
    (WEEKDAYS, "2027-05-17 10:00", False),  # Whit Monday 2027
    ("Mo-Fr 09:00-12:00,14:00-18:00", "2026-12-25 10:00", True),  # holidays not excluded
    ("24/7", "2026-12-25 03:00", True),
    ("Mo-Su 00:00-24:00", "2026-12-06 23:59", True),
    ("Fr 20:00-02:00", "2026-12-05 01:00", True),  # past midnight, Friday night
    ("Fr 20:00-02:00", "2026-12-05 02:00", False),
    ("Tu,Th 14:00-17:00", "2026-12-03 16:59", True),
    ("Tu,Th 14:00-17:00", "2026-12-02 15:00", False),  # Wednesday
    ("Mo-Sa 10:00-18:00; Jul-Aug off", "2026-08-04 11:00", False),  # summer closure
    ("Mo-Sa 10:00-18:00; Jul-Aug off", "2026-09-01 11:00", True),
    ("Mo-Fr 09:00-17:00; 2026 Dec 21-2027 Jan 03 off", "2026-12-22 10:00", False),  # closure
    ("Mo-Fr 09:00-17:00; 2026 Dec 21-2027 Jan 03 off", "2027-01-04 10:00", True),
    ("off", "2026-12-03 10:00", False),
    ("Sa 09:30-12:30", "2026-12-05 09:30", True),
]


@pytest.mark.parametrize(("expression", "instant", "expected"), TABLE)
def test_open_now_on_a_table_of_hours_and_instants(expression, instant, expected):
    assert hours.status(expression, at(instant)).is_open is expected


def test_what_the_sheet_says_in_plain_french(settings):
    from django.utils import translation

    with translation.override("fr"):
        now = at("2026-12-03 10:00")
        assert hours.status(WEEKDAYS, now).text == "Ouvert en ce moment · ferme à 12h00"
        evening = at("2026-12-03 19:00")
        assert hours.status(WEEKDAYS, evening).text == "Fermé en ce moment · ouvre demain à 9h00"
        assert hours.when(at("2026-12-07 09:00"), now=at("2026-12-04 19:00")) == "lundi à 9h00"
        assert hours.when(at("2026-12-28 09:00"), now=at("2026-12-24 19:00")) == "lundi à 9h00"
        assert hours.when(at("2027-01-11 09:00"), now=at("2026-12-24 19:00")) == "le 11 janvier à 9h00"
        assert hours.status("", now).text == "Horaires non renseignés"
        assert hours.status("lundi 9h-12h", now).text == "Horaires non renseignés"


def test_an_expression_that_is_not_osm_is_refused_with_a_reason_in_french():
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ValueError, match="syntaxe OpenStreetMap"):
        hours.check("du lundi au vendredi de 9h à 12h")
    assert hours.check("  Mo-Fr   09:00-12:00 ") == "Mo-Fr 09:00-12:00"


def test_the_week_grid_writes_the_syntax_and_reads_it_back():
    t = datetime.time
    week = hours.Week(
        days={
            **{day: [(t(9), t(12)), (t(14), t(18))] for day in ("Mo", "Tu", "We", "Th", "Fr")},
            "Sa": [(t(10), t(12))],
        },
        summer={"Tu": [(t(10), t(13))]},
        holidays_off=True,
        closures=[(datetime.date(2026, 12, 24), datetime.date(2027, 1, 2))],
    )
    expression = week.expression()
    assert expression == (
        "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; Jul-Aug off; Jul-Aug Tu 10:00-13:00; PH off; "
        "2026 Dec 24-2027 Jan 02 off"
    )
    read = hours.Week.read(expression)
    assert read.days == week.days
    assert read.summer == week.summer
    assert read.holidays_off is True
    assert hours.status(expression, at("2026-12-28 10:00")).is_open is False  # the closure
    assert hours.status(expression, at("2027-07-13 11:00")).is_open is True  # summer Tuesday
    assert hours.status(expression, at("2027-07-12 10:00")).is_open is False  # summer Monday
    # Open all the time, or past midnight: every day covered gets its slot.
    always = hours.Week.read("24/7")
    assert always.days == {day: [(t(0), datetime.time(23, 59))] for day in hours.DAYS}
    late = hours.Week.read("Fr 20:00-02:00")
    assert late.days == {"Fr": [(t(20), datetime.time(23, 59))], "Sa": [(t(0), t(2))]}
    two_days = hours.Week(days={"Tu": [(t(14), t(17))], "Th": [(t(14), t(17))]}, holidays_off=False)
    assert two_days.expression() == "Tu 14:00-17:00; Th 14:00-17:00"
    assert hours.Week(days={"Mo": [(t(9), t(12))], "Tu": [(t(9), t(12))]}).expression() == "Mo,Tu 09:00-12:00; PH off"
