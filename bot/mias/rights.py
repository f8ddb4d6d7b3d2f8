"""Who holds the right of appeal: the parent of a child, or the young person (domain.md section 5).

A young person is someone over compulsory school age and under 25 (CFA 2014 s.83(2)). Compulsory
school age ends on the last Friday in June of the school year in which they turn 16 (Education
Act 1996 s.8 and the School Leaving Date Order 1997), so age alone is not enough at 16: a
16-year-old still in Year 11 is a child in law and the parent holds the right. From the end of
Year 11 until their 25th birthday the young person holds it (CFA 2014 s.51(1); the "parent or
young person" of s.51(2)). Capacity is never judged here.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from bot.mias.reading.ages import AgeAnswer

FRIDAY = 4
SCHOOL_YEAR_STARTS_IN = 9  # September
RIGHTS_END_AGE = 25


class Holder(str, Enum):
    """Who may appeal and ask for the certificate, or what is still needed to tell."""

    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    NEEDS_SCHOOL_YEAR = "needs_school_year"
    RIGHTS_ENDED = "rights_ended"


def last_friday_in_june(year: int) -> date:
    day = date(year, 6, 30)
    return day - timedelta(days=(day.weekday() - FRIDAY) % 7)


def school_year_end(today: date) -> int:
    """The calendar year in which the current school year ends (its June)."""
    return today.year + 1 if today.month >= SCHOOL_YEAR_STARTS_IN else today.year


def end_of_compulsory_school_age(birth_date: date) -> date:
    """The last Friday in June of the school year (September to August) in which they turn 16."""
    sixteenth = date(birth_date.year + 16, birth_date.month, 1)
    return last_friday_in_june(school_year_end(sixteenth))


def holder_of_the_right(answer: AgeAnswer, today: date) -> Holder | None:
    """The rights-holder the answer settles, or None when it says nothing about age or school.

    A date of birth settles it. Otherwise the school setting wins over the age, since the law
    follows the end of Year 11: "year 12" or "college" means the young person, "year 11" the
    parent until the last Friday in June. An age of 16 alone is not enough.
    """
    if answer.birth_date is not None:
        return _by_birth_date(answer.birth_date, today)
    if answer.age is not None and answer.age >= RIGHTS_END_AGE:
        return Holder.RIGHTS_ENDED
    if answer.post_16:
        return Holder.YOUNG_PERSON
    if answer.school_year is not None:
        return _by_school_year(answer.school_year, today)
    if answer.under_16 or (answer.age is not None and answer.age < 16):
        return Holder.PARENT
    if answer.age == 16:
        return Holder.NEEDS_SCHOOL_YEAR
    if answer.age is not None:
        return Holder.YOUNG_PERSON
    return None


def _by_birth_date(birth_date: date, today: date) -> Holder:
    if _age(birth_date, today) >= RIGHTS_END_AGE:
        return Holder.RIGHTS_ENDED
    if today > end_of_compulsory_school_age(birth_date):
        return Holder.YOUNG_PERSON
    return Holder.PARENT


def _by_school_year(school_year: int, today: date) -> Holder:
    if school_year >= 12:
        return Holder.YOUNG_PERSON
    if school_year == 11 and today > last_friday_in_june(school_year_end(today)):
        return Holder.YOUNG_PERSON
    return Holder.PARENT


def _age(birth_date: date, today: date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
