"""Dates as people say them, and dates as we say them back."""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser
from dateparser.search import search_dates
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta, weekday

WEEKDAYS: dict[str, weekday] = {
    "monday": MO,
    "tuesday": TU,
    "wednesday": WE,
    "thursday": TH,
    "friday": FR,
    "saturday": SA,
    "sunday": SU,
    "mon": MO,
    "tue": TU,
    "tues": TU,
    "wed": WE,
    "thu": TH,
    "thur": TH,
    "thurs": TH,
    "fri": FR,
    "sat": SA,
    "sun": SU,
}
WEEKDAY_PHRASE = re.compile(
    r"\b(?P<last>last|this past|past)?\s*(?P<day>" + "|".join(WEEKDAYS) + r")\b"
)
FILLER = re.compile(r"\b(just gone|this year|i think|roughly|about)\b")


def _settings(today: date) -> dict[str, object]:
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12),
        "REQUIRE_PARTS": ["day"],
    }


def _weekday_date(text: str, today: date) -> date | None:
    """'last Friday' or 'on Monday': the most recent such day before today (dateparser skips these)."""
    match = WEEKDAY_PHRASE.search(text)
    if not match or re.search(r"\d", text):
        return None
    day = WEEKDAYS[match.group("day")]
    yesterday = today - relativedelta(days=1)
    most_recent: date = yesterday + relativedelta(weekday=day(-1))
    return most_recent


def parse_spoken_date(text: str, today: date) -> date | None:
    """The date a person means by '3rd March', '12/02/2026', 'last Friday' (day first, past preferred)."""
    cleaned = FILLER.sub(" ", text.lower()).strip(" .!?")
    if not cleaned:
        return None
    by_weekday = _weekday_date(cleaned, today)
    if by_weekday:
        return by_weekday
    settings = _settings(today)
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        found = search_dates(cleaned, languages=["en"], settings=settings) or []
        parsed = found[0][1] if found else None
    return parsed.date() if parsed else None
