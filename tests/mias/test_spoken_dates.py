from datetime import date

import pytest

from bot.mias.calendar import date_in_words
from bot.mias.spoken_dates import parse_spoken_date

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("3rd March", date(2026, 3, 3)),
        ("12/02/2026", date(2026, 2, 12)),
        ("03/03/26", date(2026, 3, 3)),
        ("12.02.2026", date(2026, 2, 12)),
        ("last Friday", date(2026, 11, 20)),
        ("on monday", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 24)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1 Oct", date(2026, 10, 1)),
        ("the letter was dated 12th october", date(2026, 10, 12)),
        ("it came on the 5th of january", date(2026, 1, 5)),
        ("3rd of march just gone", date(2026, 3, 3)),
        ("14 December", date(2025, 12, 14)),
    ],
)
def test_spoken_dates_are_read_day_first_and_in_the_past(said: str, meant: date) -> None:
    assert parse_spoken_date(said, TODAY) == meant


@pytest.mark.parametrize("said", ["hello", "March", "13/13/2026", "", "mediation please"])
def test_things_that_are_not_a_day_are_not_guessed(said: str) -> None:
    assert parse_spoken_date(said, TODAY) is None


def test_dates_are_said_in_words() -> None:
    assert date_in_words(date(2026, 3, 3)) == "Tuesday 3 March 2026"
    assert date_in_words(date(2027, 2, 1)) == "Monday 1 February 2027"
