"""Ages, school years and dates of birth in words, and who holds the right they point to."""

from __future__ import annotations

from datetime import date

import pytest

from bot.mias.reading.ages import age_in_passing, read_age
from bot.mias.rights import Holder, end_of_compulsory_school_age, holder_of_the_right

TODAY = date(2026, 12, 3)  # a Thursday in the autumn term


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("9", Holder.PARENT),
        ("my son is 15", Holder.PARENT),
        ("Under 16", Holder.PARENT),
        ("she's 16 and in year 11", Holder.PARENT),
        ("16", Holder.NEEDS_SCHOOL_YEAR),
        ("she is sixteen", Holder.NEEDS_SCHOOL_YEAR),
        ("he's in year 12", Holder.YOUNG_PERSON),
        ("at college", Holder.YOUNG_PERSON),
        ("sixth form", Holder.YOUNG_PERSON),
        ("my daughter is 16, shes at college now", Holder.YOUNG_PERSON),
        ("17", Holder.YOUNG_PERSON),
        ("23", Holder.YOUNG_PERSON),
        ("24", Holder.YOUNG_PERSON),
        ("25", Holder.RIGHTS_ENDED),
        ("25 or over", Holder.RIGHTS_ENDED),
        ("year 11", Holder.PARENT),
        ("y9", Holder.PARENT),
        ("Jordan is nine", Holder.PARENT),
        ("born 3/4/2010", Holder.YOUNG_PERSON),  # turned 16 in April; Year 11 ended in June 2026
        ("born 3/9/2010", Holder.PARENT),  # turns 16 in September 2026: in Year 11 until June 2027
        ("dob 12.05.2001", Holder.RIGHTS_ENDED),
    ],
)
def test_who_holds_the_right(text: str, holder: Holder) -> None:
    assert holder_of_the_right(read_age(text, TODAY), TODAY) is holder


def test_nothing_about_age_settles_nothing() -> None:
    for text in ["Precious Adeyemi", "yes", "Birmingham"]:
        assert holder_of_the_right(read_age(text, TODAY), TODAY) is None


def test_year_11_ends_on_the_last_friday_in_june() -> None:
    assert (
        holder_of_the_right(read_age("year 11", date(2026, 6, 26)), date(2026, 6, 26))
        is Holder.PARENT
    )
    assert (
        holder_of_the_right(read_age("year 11", date(2026, 6, 27)), date(2026, 6, 27))
        is Holder.YOUNG_PERSON
    )


def test_compulsory_school_age_ends_in_the_school_year_they_turn_16() -> None:
    assert end_of_compulsory_school_age(date(2010, 8, 31)) == date(2026, 6, 26)
    assert end_of_compulsory_school_age(date(2009, 9, 1)) == date(2026, 6, 26)
    assert end_of_compulsory_school_age(date(2010, 9, 1)) == date(2027, 6, 25)


@pytest.mark.parametrize(
    ("text", "about_self", "age", "school_year"),
    [
        ("its about my own plan, im 19", True, 19, None),
        ("I am the young person and i am 19", True, 19, None),
        ("im the young person, 17", True, 17, None),
        ("I'm the young person aged 20", True, 20, None),
        ("im his mum, hes 15 and in year 10", False, 15, 10),
        ("dad here, ds is in yr 9", False, None, 9),
        ("my son is sixteen", False, 16, None),
    ],
)
def test_an_age_said_in_passing(text, about_self, age, school_year) -> None:
    answer = age_in_passing(text, TODAY, about_self)
    assert answer is not None and (answer.age, answer.school_year) == (age, school_year)


@pytest.mark.parametrize(
    ("text", "about_self"),
    [
        ("im his mum, im 42", False),
        ("mum of 2", False),
        ("hes nearly 16", False),
        ("hes 5 years behind at school", False),
        ("i am 2 weeks late with this", True),
        ("I am the young person", True),
    ],
)
def test_no_age_in_passing(text, about_self) -> None:
    assert age_in_passing(text, TODAY, about_self) is None
