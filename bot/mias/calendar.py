"""Working days and calendar months for the MIAS time limits (domain.md section 2.2).

A working day is Monday to Friday, excluding England & Wales bank holidays, Christmas Day and
Good Friday. The SEND Regulations do not define "working day" (UNCONFIRMED, domain.md 2.2); this
is the design assumption. The holiday dates come from the `holidays` package, so nothing here does
I/O and the set for each year is built on first use.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@lru_cache(maxsize=32)
def bank_holidays(year: int) -> frozenset[date]:
    """England & Wales bank holidays in `year` that are days off (Monday to Friday).

    Includes Christmas Day, Good Friday and substitute days; a holiday falling at a weekend is left
    out, since its substitute day is listed instead (as in the GOV.UK list).
    """
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.weekday() < _SATURDAY)


def is_working_day(d: date) -> bool:
    """True for Monday to Friday, unless it is an England & Wales bank holiday."""
    return d.weekday() < _SATURDAY and d not in bank_holidays(d.year)


def next_working_day_on_or_after(d: date) -> date:
    """`d` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def add_working_days(d: date, n: int) -> date:
    """The `n`th working day after `d`, not counting `d` itself (`d` for n == 0)."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    for _ in range(n):
        d = next_working_day_on_or_after(d + _ONE_DAY)
    return d


def add_months(d: date, n: int) -> date:
    """The corresponding date `n` calendar months after `d` (Dodds v Walker).

    If the later month has no corresponding date, the last day of that month:
    30 Sep + 4 months = 30 Jan, 31 Dec + 2 months = 28 (or 29) Feb.
    """
    result: date = d + relativedelta(months=n)
    return result


def date_in_words(day: date) -> str:
    """'Tuesday 3 March 2026': the one way every date is shown to a person."""
    return f"{day:%A} {day.day} {day:%B %Y}"
