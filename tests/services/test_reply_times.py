"""Opening hours, bank holidays, and the honest 'a person will reply on ...' with deadlines."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.mias.deadlines import Deadline
from bot.mias.working_hours import (
    is_open,
    next_reply_time,
    parse_closed_days,
    parse_opening_hours,
    reply_estimate,
    time_in_words,
)
from bot.services.cases import Conversation, record_facts
from bot.services.reply_times import reply_estimate_for
from bot.settings import Settings

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
HOURS = parse_opening_hours("Mon-Fri 09:00-17:00")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def test_friday_evening_waits_for_monday_morning() -> None:
    assert next_reply_time(HOURS, at(2026, 11, 27, 17, 30)) == at(2026, 11, 30, 9, 0)


def test_during_opening_hours_a_person_replies_now() -> None:
    now = at(2026, 11, 25, 10, 15)
    assert next_reply_time(HOURS, now) == now and is_open(HOURS, now)


def test_early_morning_waits_until_nine_the_same_day() -> None:
    assert next_reply_time(HOURS, at(2026, 11, 25, 7, 0)) == at(2026, 11, 25, 9, 0)


def test_bank_holidays_are_skipped() -> None:
    # Thursday 24 December 2026 after hours: Christmas Day (Fri) and Boxing Day substitute (Mon 28).
    assert next_reply_time(HOURS, at(2026, 12, 24, 18, 0)) == at(2026, 12, 29, 9, 0)
    # Thursday before Good Friday 2027 (26 March) and Easter Monday (29 March).
    assert next_reply_time(HOURS, at(2027, 3, 25, 17, 0)) == at(2027, 3, 30, 9, 0)


def test_utc_times_are_read_in_uk_time() -> None:
    # 08:30 UTC in British Summer Time is 09:30 in London: open.
    assert is_open(HOURS, datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    assert not is_open(HOURS, datetime(2026, 12, 1, 8, 30, tzinfo=UTC))


def test_several_groups_and_closed_days() -> None:
    hours = parse_opening_hours(
        "Mon-Thu 09:00-17:00; Fri 09:00-16:30; Sat 10:00-12:00",
        parse_closed_days("2026-11-28"),
    )
    assert hours.week[4] == (time(9), time(16, 30))
    assert next_reply_time(hours, at(2026, 11, 27, 16, 45)) == at(2026, 11, 30, 9, 0)
    assert next_reply_time(hours, at(2026, 12, 4, 16, 45)) == at(2026, 12, 5, 10, 0)


@pytest.mark.parametrize(
    "text", ["", "Mon-Fri", "Fri-Mon 09:00-17:00", "Mon-Fri 17:00-09:00", "Funday 09:00-17:00"]
)
def test_wrong_opening_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_opening_hours(text)


def test_a_wrong_opening_hours_setting_stops_the_process() -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"OPENING_HOURS": "weekdays nine to five"})
    assert Settings.from_env({}).opening_hours == "Mon-Fri 09:00-17:00"


def test_settings_read_opening_hours_and_closed_days() -> None:
    settings = Settings.from_env(
        {"OPENING_HOURS": "Mon-Fri 10:00-16:00", "CLOSED_DAYS": "2026-12-31"}
    )
    assert settings.hours().week[0] == (time(10), time(16))
    assert settings.hours().hours_on(date(2026, 12, 31)) is None
    friday_late = at(2026, 11, 27, 17, 30)
    assert next_reply_time(settings.hours(), friday_late) == at(2026, 11, 30, 10, 0)


def test_times_in_words() -> None:
    assert [
        time_in_words(at(2026, 1, 1, h, m)) for h, m in [(9, 0), (9, 30), (12, 0), (16, 5)]
    ] == ["9am", "9:30am", "12 noon", "4:05pm"]


def test_the_reply_time_is_checked_against_the_deadline() -> None:
    friday_late = at(2026, 11, 27, 17, 30)
    safe = reply_estimate(HOURS, friday_late, Deadline(date(2026, 12, 4), "appeal"))
    assert safe.reply_words == "Monday 30 November 2026 at 9am"
    assert not safe.open_now and not safe.too_late
    assert safe.deadline_words == "Friday 4 December 2026"
    on_the_day = reply_estimate(HOURS, friday_late, Deadline(date(2026, 11, 30), "appeal"))
    assert on_the_day.too_late
    assert not reply_estimate(HOURS, friday_late, None).too_late


def test_the_estimate_uses_the_persons_own_nearest_deadline(database_url: str) -> None:
    settings = Settings.from_env({"DATABASE_URL": database_url, "MIAS_TODAY": "2026-11-27"})
    record_facts(
        database_url,
        Conversation("c1", "sms"),
        mias_contact_deadline=date(2026, 11, 29),
        appeal_deadline=date(2027, 1, 29),
    )
    estimate = reply_estimate_for(settings, "c1", at(2026, 11, 27, 17, 30))
    assert estimate.deadline == Deadline(date(2026, 11, 29), "mias_contact")
    assert estimate.too_late
    assert reply_estimate_for(settings, "nobody", at(2026, 11, 27, 17, 30)).deadline is None
