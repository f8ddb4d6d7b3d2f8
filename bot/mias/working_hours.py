"""When a person (a caseworker) can reply: opening hours, bank holidays and extra closed days.

Pure rules: the time is passed in and nothing reads the clock. Opening hours are written the way a
notice on a door would say them, for example "Mon-Fri 09:00-17:00" or
"Mon-Thu 09:00-17:00; Fri 09:00-16:30". England & Wales bank holidays are always closed
(bot.mias.calendar), and so is any extra day listed in `closed_days` (for example between
Christmas and New Year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.mias.calendar import bank_holidays, date_in_words
from bot.mias.deadlines import Deadline

UK_TIME = ZoneInfo("Europe/London")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_OPENING_HOURS = "Mon-Fri 09:00-17:00"
_GROUP = re.compile(
    r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)\s+"
    r"(?P<opens>\d{1,2}:\d{2})-(?P<closes>\d{1,2}:\d{2})$"
)
_LOOK_AHEAD_DAYS = 60


@dataclass(frozen=True)
class OpeningHours:
    """Opening and closing time for each weekday that opens (0 = Monday), plus closed dates."""

    week: dict[int, tuple[time, time]]
    closed_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.week:
            raise ValueError("opening hours must open on at least one day")

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """Opening and closing time on `day`, or None when closed all day."""
        if day in self.closed_days or day in bank_holidays(day.year):
            return None
        return self.week.get(day.weekday())


def _days(spec: str) -> list[int]:
    days: list[int] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            raise ValueError(f"unknown day in opening hours: {part!r}")
        start, end = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        if end < start:
            raise ValueError(f"days must run forwards in the week: {part!r}")
        days.extend(range(start, end + 1))
    return days


def parse_opening_hours(text: str, closed_days: frozenset[date] = frozenset()) -> OpeningHours:
    """'Mon-Fri 09:00-17:00' or several groups separated by ';'. Mistakes raise ValueError."""
    week: dict[int, tuple[time, time]] = {}
    for group in filter(None, (g.strip().lower() for g in text.split(";"))):
        match = _GROUP.match(re.sub(r"\s+", " ", group))
        if match is None:
            raise ValueError(f"opening hours should look like 'Mon-Fri 09:00-17:00': {group!r}")
        opens, closes = (
            time.fromisoformat(match["opens"].zfill(5)),
            time.fromisoformat(match["closes"].zfill(5)),
        )
        if closes <= opens:
            raise ValueError(f"closing time must be after opening time: {group!r}")
        for day in _days(match["days"]):
            week[day] = (opens, closes)
    return OpeningHours(week, closed_days)


def parse_closed_days(text: str) -> frozenset[date]:
    """'2026-12-24, 2026-12-29' -> those dates (empty text -> none)."""
    return frozenset(date.fromisoformat(part.strip()) for part in text.split(",") if part.strip())


def is_open(hours: OpeningHours, moment: datetime) -> bool:
    """True when a caseworker is at work at `moment` (an aware datetime, any time zone)."""
    local = moment.astimezone(UK_TIME)
    today = hours.hours_on(local.date())
    return today is not None and today[0] <= local.time() < today[1]


def next_reply_time(hours: OpeningHours, now: datetime) -> datetime:
    """When a caseworker can next reply: `now` if open, else the next opening time (UK time).

    Raises ValueError if nothing opens in the next 60 days, which only a mistaken setting can do.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    local = now.astimezone(UK_TIME)
    if is_open(hours, local):
        return local
    for offset in range(_LOOK_AHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        today = hours.hours_on(day)
        if today is None:
            continue
        opening = datetime.combine(day, today[0], tzinfo=UK_TIME)
        if opening > local:
            return opening
    raise ValueError("the opening hours and closed days leave no opening in the next 60 days")


def time_in_words(moment: datetime) -> str:
    """'9am', '9:30am', '12 noon', '4:30pm'."""
    if moment.hour == 12 and moment.minute == 0:
        return "12 noon"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


@dataclass(frozen=True)
class ReplyEstimate:
    open_now: bool
    reply_at: datetime
    reply_words: str
    deadline: Deadline | None
    deadline_words: str | None
    too_late: bool


def reply_estimate(hours: OpeningHours, now: datetime, deadline: Deadline | None) -> ReplyEstimate:
    """When a person will reply, in words ('Monday 30 November 2026 at 9am'), and whether that
    is too late for `deadline`. A deadline already passed is not "too late" for a reply: the
    caseworker is there to help with that (a late appeal), so the person is not told to hurry."""
    reply_at = next_reply_time(hours, now)
    return ReplyEstimate(
        open_now=is_open(hours, now),
        reply_at=reply_at,
        reply_words=f"{date_in_words(reply_at.date())} at {time_in_words(reply_at)}",
        deadline=deadline,
        deadline_words=date_in_words(deadline.day) if deadline else None,
        too_late=deadline is not None and now.date() <= deadline.day <= reply_at.date(),
    )
