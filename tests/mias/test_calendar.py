"""Working days and calendar months (domain.md 2.2)."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mias.calendar import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    next_working_day_on_or_after,
)

DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
PROPERTY = settings(max_examples=300, deadline=None)


def _d(text: str) -> date:
    return date.fromisoformat(text)


# domain.md 2.2, "Bank holidays" [BH-DATA]: the days off, substitute days included.
# fmt: off
BANK_HOLIDAYS = {
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
           "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
           "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
           "2027-12-27", "2027-12-28"],
    2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28",
           "2028-12-25", "2028-12-26"],
}
# fmt: on


@pytest.mark.parametrize("year", sorted(BANK_HOLIDAYS))
def test_bank_holidays_match_domain_list(year: int) -> None:
    assert bank_holidays(year) == frozenset(_d(day) for day in BANK_HOLIDAYS[year])


@pytest.mark.parametrize("year", sorted(BANK_HOLIDAYS))
def test_bank_holidays_are_not_working_days(year: int) -> None:
    assert not any(is_working_day(_d(day)) for day in BANK_HOLIDAYS[year])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-04-02", True),  # Thursday before Easter
        ("2026-04-03", False),  # Good Friday
        ("2026-04-06", False),  # Easter Monday
        ("2026-04-07", True),
        ("2025-12-25", False),  # Christmas Day
        ("2026-12-26", False),  # Boxing Day on a Saturday
        ("2026-12-28", False),  # its substitute Monday
        ("2026-05-02", False),  # Saturday
        ("2026-05-03", False),  # Sunday
        ("2026-05-04", False),  # Early May bank holiday
        ("2026-05-05", True),
    ],
)
def test_is_working_day(day: str, expected: bool) -> None:
    assert is_working_day(_d(day)) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-10", "2026-03-10"),  # already a working day
        ("2026-05-02", "2026-05-05"),  # Saturday, Sunday, Early May bank holiday
        ("2026-04-03", "2026-04-07"),  # Good Friday to Tuesday after Easter
        ("2025-12-25", "2025-12-29"),
        ("2028-01-01", "2028-01-04"),  # New Year's Day substitute on Monday 3 Jan
    ],
)
def test_next_working_day_on_or_after(day: str, expected: str) -> None:
    assert next_working_day_on_or_after(_d(day)) == _d(expected)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2026-03-10", 0, "2026-03-10"),
        ("2026-03-10", 1, "2026-03-11"),
        ("2026-03-10", 3, "2026-03-13"),
        ("2026-03-13", 1, "2026-03-16"),  # Friday to Monday
        ("2026-03-14", 1, "2026-03-16"),  # from a Saturday
        ("2026-04-02", 1, "2026-04-07"),  # over Easter
        ("2025-12-24", 3, "2025-12-31"),
        ("2027-12-31", 3, "2028-01-06"),
    ],
)
def test_add_working_days(day: str, n: int, expected: str) -> None:
    assert add_working_days(_d(day), n) == _d(expected)


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 10), -1)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2025-09-30", 4, "2026-01-30"),  # corresponding date, not month end
        ("2025-12-31", 2, "2026-02-28"),  # clamp, non-leap year
        ("2027-12-31", 2, "2028-02-29"),  # clamp, leap year
        ("2028-01-29", 1, "2028-02-29"),
        ("2026-01-29", 1, "2026-02-28"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-11-30", 2, "2027-01-30"),
        ("2026-03-02", 2, "2026-05-02"),
        ("2026-05-31", -1, "2026-04-30"),
    ],
)
def test_add_months(day: str, n: int, expected: str) -> None:
    assert add_months(_d(day), n) == _d(expected)


@PROPERTY
@given(DATES, st.integers(min_value=-24, max_value=24))
def test_add_months_corresponding_date_with_clamp(d: date, n: int) -> None:
    result = add_months(d, n)
    months = d.year * 12 + d.month - 1 + n
    assert (result.year, result.month) == (months // 12, months % 12 + 1)
    last_day = stdlib_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(d.day, last_day)


@PROPERTY
@given(DATES)
def test_next_working_day_on_or_after_is_the_first_one(d: date) -> None:
    result = next_working_day_on_or_after(d)
    assert is_working_day(result)
    assert result >= d
    assert not any(is_working_day(d + timedelta(days=i)) for i in range((result - d).days))


@PROPERTY
@given(DATES, st.integers(min_value=0, max_value=30))
def test_add_working_days_counts_working_days_only(d: date, n: int) -> None:
    result = add_working_days(d, n)
    between = [d + timedelta(days=i) for i in range(1, (result - d).days + 1)]
    assert sum(is_working_day(day) for day in between) == n
    assert n == 0 or is_working_day(result)


def test_weekend_holidays_are_left_out_of_the_days_off() -> None:
    assert all(day.weekday() < 5 for year in range(2020, 2036) for day in bank_holidays(year))


@pytest.mark.parametrize("year", range(2020, 2036))
def test_christmas_and_good_friday_are_never_working_days(year: int) -> None:
    good_friday = easter(year) - timedelta(days=2)
    assert good_friday in bank_holidays(year)
    assert not is_working_day(good_friday)
    assert not is_working_day(date(year, 12, 25))
