"""Deadlines: the twelve worked cases of domain.md section 7, its checklist, and invariants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mias.calendar import add_months, is_working_day, next_working_day_on_or_after
from bot.mias.deadlines import (
    appeal_deadline,
    certificate_due,
    days_left,
    mediation_arrangement_deadline,
    mias_contact_deadline,
    within_mias_window,
)

DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
PROPERTY = settings(max_examples=300, deadline=None)


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _opt(text: str | None) -> date | None:
    return None if text is None else _d(text)


def _in_august_or_christmas(d: date) -> bool:
    return d.month == 8 or (d.month == 12 and d.day >= 25) or (d.month, d.day) == (1, 1)


@dataclass(frozen=True)
class Case:
    """One row of the domain.md section 7 table (None: "n/a" or "—")."""

    number: int
    decision: str
    contact_by: str  # T1
    trigger: str | None
    certificate_due: str | None
    certificate_issued: str | None
    raw_after_decision: str  # 2 months
    raw_after_certificate: str | None  # 1 month after issue
    appeal_by: str


# fmt: off
CASES = [
    Case(1, "2026-03-02", "2026-05-02", "2026-03-10", "2026-03-13", "2026-03-12",
         "2026-05-02", "2026-04-12", "2026-05-05"),
    Case(2, "2026-01-16", "2026-03-16", "2026-03-09", "2026-03-12", "2026-03-12",
         "2026-03-16", "2026-04-12", "2026-04-13"),
    Case(3, "2025-12-31", "2026-02-28", "2026-01-26", "2026-01-29", "2026-01-29",
         "2026-02-28", "2026-02-28", "2026-03-02"),
    Case(4, "2027-12-31", "2028-02-29", "2027-12-31", "2028-01-06", "2028-01-05",
         "2028-02-29", "2028-02-05", "2028-02-29"),
    Case(5, "2025-10-28", "2025-12-28", "2025-11-03", "2025-11-06", "2025-11-05",
         "2025-12-28", "2025-12-05", "2026-01-02"),
    Case(6, "2026-06-11", "2026-08-11", "2026-07-06", "2026-07-09", "2026-07-07",
         "2026-08-11", "2026-08-07", "2026-09-01"),
    Case(7, "2026-03-04", "2026-05-04", "2026-04-02", "2026-04-09", "2026-04-09",
         "2026-05-04", "2026-05-09", "2026-05-11"),
    Case(8, "2025-11-20", "2026-01-20", "2025-12-24", "2025-12-31", "2025-12-31",
         "2026-01-20", "2026-01-31", "2026-02-02"),
    Case(9, "2026-05-15", "2026-07-15", None, None, None,
         "2026-07-15", None, "2026-07-15"),
    Case(10, "2026-01-12", "2026-03-12", "2026-02-26", "2026-03-03", "2026-03-03",
         "2026-03-12", "2026-04-03", "2026-04-07"),
    Case(11, "2026-01-05", "2026-03-05", None, None, None,
         "2026-03-05", None, "2026-03-05"),
    Case(12, "2026-11-30", "2027-01-30", "2026-12-16", "2026-12-21", "2026-12-18",
         "2027-01-30", "2027-01-18", "2027-02-01"),
]
# fmt: on
CERTIFICATE_CASES = [case for case in CASES if case.trigger is not None]


def _ids(case: Case) -> str:
    return f"case{case.number}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_t1_contact_deadline(case: Case) -> None:
    assert mias_contact_deadline(_d(case.decision)) == _d(case.contact_by)


@pytest.mark.parametrize("case", CERTIFICATE_CASES, ids=_ids)
def test_certificate_due(case: Case) -> None:
    assert case.trigger is not None and case.certificate_due is not None
    assert certificate_due(_d(case.trigger)) == _d(case.certificate_due)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_raw_appeal_dates(case: Case) -> None:
    assert add_months(_d(case.decision), 2) == _d(case.raw_after_decision)
    if case.certificate_issued is not None:
        assert add_months(_d(case.certificate_issued), 1) == _opt(case.raw_after_certificate)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_appeal_deadline(case: Case) -> None:
    deadline = appeal_deadline(_d(case.decision), _opt(case.certificate_issued))
    assert deadline == _d(case.appeal_by)


def test_case_7_mediation_arranged_within_30_days() -> None:
    assert mediation_arrangement_deadline(date(2026, 3, 9)) == date(2026, 4, 8)


def test_case_8_la_misses_30_days_over_christmas() -> None:
    assert mediation_arrangement_deadline(date(2025, 11, 24)) == date(2025, 12, 24)


def test_case_9_appeal_deadline_without_certificate() -> None:
    assert appeal_deadline(date(2026, 5, 15)) == date(2026, 7, 15)


def test_case_11_outside_the_window() -> None:
    decision, mias_contact = date(2026, 1, 5), date(2026, 3, 9)
    assert not within_mias_window(decision, mias_contact)
    assert within_mias_window(decision, date(2026, 3, 5))
    assert days_left(appeal_deadline(decision), mias_contact) == -4


# "What the suite must check" (domain.md section 7).


@pytest.mark.parametrize(
    ("decision", "contact_by"),
    [
        ("2026-06-11", "2026-08-11"),  # case 6: in August, not moved to September
        ("2025-10-28", "2025-12-28"),  # case 5: a Sunday at Christmas, not moved
        ("2026-03-02", "2026-05-02"),  # case 1: a Saturday, not moved
    ],
)
def test_t1_has_no_august_christmas_or_weekend_roll(decision: str, contact_by: str) -> None:
    contact_by_date = _d(contact_by)
    assert mias_contact_deadline(_d(decision)) == contact_by_date
    # Each date is one that the appeal rules (r.12(2), r.12(3)(a)) would have moved.
    assert not is_working_day(contact_by_date) or _in_august_or_christmas(contact_by_date)


@pytest.mark.parametrize("number", [4, 7, 8])
def test_certificate_counts_working_days_not_calendar_days(number: int) -> None:
    case = CASES[number - 1]
    assert case.trigger is not None
    due = certificate_due(_d(case.trigger))
    assert due == _opt(case.certificate_due)
    assert due > _d(case.trigger) + timedelta(days=3)


@pytest.mark.parametrize("number", [2, 7, 8, 10])
def test_later_date_is_chosen_before_rolling(number: int) -> None:
    case = CASES[number - 1]
    decision, issued = _d(case.decision), _opt(case.certificate_issued)
    assert issued is not None
    raw = max(add_months(decision, 2), add_months(issued, 1))
    assert raw == _opt(case.raw_after_certificate)
    assert appeal_deadline(decision, issued) == next_working_day_on_or_after(raw)
    assert appeal_deadline(decision, issued) > appeal_deadline(decision)


def test_leap_year_29_february_exists_in_2028_not_2026() -> None:
    assert mias_contact_deadline(date(2025, 12, 31)) == date(2026, 2, 28)  # case 3
    assert mias_contact_deadline(date(2027, 12, 31)) == date(2028, 2, 29)  # case 4
    assert appeal_deadline(date(2027, 12, 31), date(2028, 1, 5)) == date(2028, 2, 29)


def test_late_certificate_actual_issue_date_drives_t8() -> None:
    decision, mias, issued = date(2026, 3, 2), date(2026, 3, 10), date(2026, 4, 20)
    assert issued > certificate_due(mias)  # a T2 breach the caseworker must be told about
    assert appeal_deadline(decision, issued) == date(2026, 5, 20)


# The August/Christmas rule looks at the raw date only (HESC r.12(3)(a) then r.12(2)).


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("2027-05-31", "2027-08-02"),  # raw Sat 31 Jul 2027 rolls into August
        ("2022-10-24", "2022-12-28"),  # raw Sat 24 Dec 2022 rolls past 25-27 Dec
        ("2027-06-01", "2027-09-01"),  # raw Sun 1 Aug 2027: August rule
        ("2025-11-01", "2026-01-02"),  # raw Thu 1 Jan 2026: first working day after 1 Jan
        ("2027-10-25", "2028-01-04"),  # raw Sat 25 Dec 2027: Mon 3 Jan 2028 is a bank holiday
    ],
)
def test_august_and_christmas_rule_applies_to_the_raw_date(decision: str, expected: str) -> None:
    assert appeal_deadline(_d(decision)) == _d(expected)


def test_within_mias_window_rejects_future_decision() -> None:
    with pytest.raises(ValueError):
        within_mias_window(date(2026, 3, 10), date(2026, 3, 9))


@pytest.mark.parametrize(
    ("deadline", "today", "expected"),
    [
        ("2026-05-05", "2026-05-01", 4),
        ("2026-05-05", "2026-05-05", 0),
        ("2026-05-05", "2026-05-06", -1),
    ],
)
def test_days_left(deadline: str, today: str, expected: int) -> None:
    assert days_left(_d(deadline), _d(today)) == expected


# Invariants.


@PROPERTY
@given(DATES, st.one_of(st.none(), DATES))
def test_appeal_deadline_invariants(decision: date, issued: date | None) -> None:
    deadline = appeal_deadline(decision, issued)
    raw = add_months(decision, 2)
    assert deadline >= raw
    if issued is not None:
        assert deadline >= add_months(issued, 1)
        raw = max(raw, add_months(issued, 1))
    assert is_working_day(deadline)
    if _in_august_or_christmas(deadline):
        # Only a non-working raw date just before the window rolls into it.
        assert not _in_august_or_christmas(raw)
        assert deadline == next_working_day_on_or_after(raw)


@PROPERTY
@given(DATES)
def test_appeal_deadline_never_in_august_or_christmas_when_raw_is_a_working_day(
    decision: date,
) -> None:
    if is_working_day(add_months(decision, 2)):
        assert not _in_august_or_christmas(appeal_deadline(decision))


@PROPERTY
@given(DATES, DATES, DATES)
def test_appeal_deadline_is_monotone_in_certificate_date(
    decision: date, first: date, second: date
) -> None:
    earlier, later = sorted((first, second))
    assert appeal_deadline(decision) <= appeal_deadline(decision, earlier)
    assert appeal_deadline(decision, earlier) <= appeal_deadline(decision, later)


@PROPERTY
@given(DATES)
def test_certificate_due_is_the_third_working_day_after(trigger: date) -> None:
    due = certificate_due(trigger)
    assert is_working_day(due)
    between = [trigger + timedelta(days=i) for i in range(1, (due - trigger).days + 1)]
    assert sum(is_working_day(day) for day in between) == 3


@PROPERTY
@given(DATES)
def test_mias_contact_deadline_is_never_rolled(decision: date) -> None:
    assert mias_contact_deadline(decision) == add_months(decision, 2)


@PROPERTY
@given(DATES)
def test_within_mias_window_up_to_and_including_the_deadline(decision: date) -> None:
    deadline = mias_contact_deadline(decision)
    assert within_mias_window(decision, decision)
    assert within_mias_window(decision, deadline)
    assert not within_mias_window(decision, deadline + timedelta(days=1))


@PROPERTY
@given(DATES)
def test_mediation_arrangement_deadline_is_30_calendar_days(told: date) -> None:
    assert (mediation_arrangement_deadline(told) - told).days == 30
