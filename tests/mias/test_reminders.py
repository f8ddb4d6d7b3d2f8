"""Which reminders a family's dates give, when each goes, and how a typed code is read."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mias.reminders import (
    KINDS,
    PlannedReminder,
    appeal_reminders,
    asks_for_new_code,
    first_reminder_day,
    in_sending_hours,
    mias_contact_reminders,
    read_code,
    reminders_for,
    verdict,
)

DEADLINE = date(2027, 3, 23)  # a Tuesday


def test_the_appeal_deadline_gets_a_text_14_7_and_2_days_ahead() -> None:
    assert appeal_reminders(DEADLINE, date(2027, 1, 1)) == [
        PlannedReminder(date(2027, 3, 9), "appeal_14", DEADLINE),
        PlannedReminder(date(2027, 3, 16), "appeal_7", DEADLINE),
        PlannedReminder(date(2027, 3, 21), "appeal_2", DEADLINE),
    ]


def test_reminders_already_past_when_asked_are_left_out() -> None:
    asked_on = date(2027, 3, 12)
    assert [r.kind for r in appeal_reminders(DEADLINE, first_reminder_day(asked_on))] == [
        "appeal_7",
        "appeal_2",
    ]
    assert appeal_reminders(DEADLINE, first_reminder_day(date(2027, 3, 21))) == []


def test_nothing_is_due_on_the_day_the_person_asks() -> None:
    asked_on = date(2027, 3, 9)  # the 14-day reminder's own day
    assert [r.due for r in appeal_reminders(DEADLINE, first_reminder_day(asked_on))] == [
        date(2027, 3, 16),
        date(2027, 3, 21),
    ]


@pytest.mark.parametrize(
    ("asked_on", "due"),
    [
        (date(2027, 3, 1), date(2027, 3, 16)),  # a week ahead
        (date(2027, 3, 18), date(2027, 3, 19)),  # stopped close to the date: the next day
        (date(2027, 3, 22), date(2027, 3, 23)),  # the day itself is still in time
    ],
)
def test_the_mias_contact_date_gets_one_text(asked_on: date, due: date) -> None:
    assert mias_contact_reminders(DEADLINE, first_reminder_day(asked_on)) == [
        PlannedReminder(due, "mias_contact", DEADLINE)
    ]


def test_no_mias_contact_text_once_the_date_is_here() -> None:
    assert mias_contact_reminders(DEADLINE, first_reminder_day(DEADLINE)) == []


def test_the_choice_decides_which_deadline_is_reminded() -> None:
    appeal, contact = date(2027, 5, 4), DEADLINE
    first_day = date(2027, 1, 1)
    before = reminders_for(
        choice_made=False,
        appeal_deadline=None,
        mias_contact_deadline=contact,
        first_day=first_day,
    )
    after = reminders_for(
        choice_made=True,
        appeal_deadline=appeal,
        mias_contact_deadline=contact,
        first_day=first_day,
    )
    assert [r.kind for r in before] == ["mias_contact"]
    assert [r.kind for r in after] == ["appeal_14", "appeal_7", "appeal_2"]
    assert {r.deadline for r in after} == {appeal}
    assert (
        reminders_for(
            choice_made=True, appeal_deadline=None, mias_contact_deadline=None, first_day=first_day
        )
        == []
    )


@pytest.mark.parametrize(
    ("kind", "due", "today", "outcome"),
    [
        ("appeal_14", date(2027, 3, 9), date(2027, 3, 8), "wait"),
        ("appeal_14", date(2027, 3, 9), date(2027, 3, 9), "send"),
        ("appeal_14", date(2027, 3, 9), date(2027, 3, 12), "send"),  # the command was not run
        ("appeal_14", date(2027, 3, 9), date(2027, 3, 16), "superseded"),  # the 7-day one is due
        ("appeal_7", date(2027, 3, 16), date(2027, 3, 21), "superseded"),
        ("appeal_2", date(2027, 3, 21), DEADLINE, "send"),  # the last day is still in time
        ("appeal_2", date(2027, 3, 21), date(2027, 3, 24), "too_late"),
        ("mias_contact", date(2027, 3, 16), date(2027, 3, 22), "send"),
        ("mias_contact", date(2027, 3, 16), date(2027, 3, 24), "too_late"),
    ],
)
def test_when_a_pending_reminder_goes(kind: str, due: date, today: date, outcome: str) -> None:
    assert verdict(kind, due, DEADLINE, today).outcome == outcome


@given(
    deadline=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    asked=st.integers(min_value=0, max_value=60),
    today=st.integers(min_value=-5, max_value=70),
)
def test_at_most_one_appeal_text_goes_on_any_day_and_none_after_the_deadline(
    deadline: date, asked: int, today: int
) -> None:
    """Whatever day the person asked and whatever day the command runs."""
    day = deadline - timedelta(days=60) + timedelta(days=today)
    planned = appeal_reminders(deadline, first_reminder_day(deadline - timedelta(days=asked)))
    sending = [r for r in planned if verdict(r.kind, r.due, r.deadline, day).outcome == "send"]
    assert len(sending) <= 1
    if day > deadline:
        assert sending == []


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2027, 3, 9, 8, 59), False),
        (datetime(2027, 3, 9, 9, 0), True),
        (datetime(2027, 3, 9, 13, 30), True),
        (datetime(2027, 3, 9, 18, 59), True),
        (datetime(2027, 3, 9, 19, 0), False),
        (datetime(2027, 3, 9, 23, 0), False),
    ],
)
def test_texts_go_from_9am_until_7pm(moment: datetime, open_: bool) -> None:
    assert in_sending_hours(moment) is open_


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("123456", "123456"),
        ("123 456", "123456"),
        ("it's 12-34-56", "123456"),
        ("My code is 004512.", "004512"),
        ("12345", None),
        ("1234567", None),
        ("yes", None),
        ("07400 123456", None),
    ],
)
def test_a_typed_code_is_its_six_digits(typed: str, code: str | None) -> None:
    assert read_code(typed) == code


@pytest.mark.parametrize(
    ("typed", "asks"),
    [
        ("send it again", True),
        ("I didn't get it", True),
        ("can I have a new code", True),
        ("no code has come", True),
        ("123456", False),
        ("yes", False),
    ],
)
def test_asking_for_a_new_code(typed: str, asks: bool) -> None:
    assert asks_for_new_code(typed) is asks


def test_every_kind_is_about_a_known_deadline() -> None:
    assert {about for about, _ in KINDS.values()} == {"appeal", "mias_contact"}
