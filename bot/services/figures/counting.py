"""The figures as things that happened: each is a council, a UK day and a measure (or, for the
medians, an amount of time). Counting them by council and by week is pure, so tests can check it
against the rows they seeded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# What is counted, in the order the page and the CSV show it. Handoffs come after, one measure
# per reason ("handoffs_<reason>"); then the two medians.
COUNTS = (
    "conversations_started",
    "web",
    "sms",
    "mias_completed",
    "mediation_chosen",
    "declined",
    "changed_mind",
    "certificates_declined",
    "certificates_mediation_concluded",
    "certificates_not_arranged",
    "late_arrivals",
    "reminders_sent",
    "reminders_delivered",
)
HANDOFFS = "handoffs_"
HOURS_TO_CERTIFICATE = "hours_to_certificate"
MINUTES_WAITED = "minutes_waited"
MEDIANS = (HOURS_TO_CERTIFICATE, MINUTES_WAITED)
# The measures the trend chart follows, week by week.
TREND = ("conversations_started", "certificates")
MAX_WEEKS = 26  # longer periods are charted by calendar month


@dataclass(frozen=True)
class Happened:
    council: str
    day: date
    measure: str


@dataclass(frozen=True)
class Took:
    council: str
    measure: str
    amount: float


def counts(happened: Iterable[Happened], council: str | None = None) -> Counter[str]:
    """How many of each measure, for one council or (None) for all."""
    return Counter(h.measure for h in happened if council in (None, h.council))


def amounts(took: Iterable[Took], council: str | None = None) -> dict[str, list[float]]:
    """The times behind each median, for one council or (None) for all."""
    found: dict[str, list[float]] = {measure: [] for measure in MEDIANS}
    for t in took:
        if council in (None, t.council):
            found[t.measure].append(t.amount)
    return found


def buckets(start: date, end: date) -> list[tuple[date, date]]:
    """The trend's periods, first and last day of each: weeks from Monday (cut to the period),
    or calendar months when the period is longer than `MAX_WEEKS` weeks."""
    found = []
    day = start
    long_period = (end - start).days > MAX_WEEKS * 7
    while day <= end:
        if long_period:
            following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        else:
            following = day + timedelta(days=7 - day.weekday())
        last = min(following - timedelta(days=1), end)
        found.append((day, last))
        day = last + timedelta(days=1)
    return found


def trend_counts(
    happened: Iterable[Happened], start: date, end: date, council: str | None = None
) -> list[tuple[date, date, dict[str, int]]]:
    """For each period of the trend, how many conversations started and certificates issued."""
    listed = [h for h in happened if council in (None, h.council)]
    found = []
    for first, last in buckets(start, end):
        inside = [h.measure for h in listed if first <= h.day <= last]
        found.append(
            (
                first,
                last,
                {
                    "conversations_started": inside.count("conversations_started"),
                    "certificates": sum(m.startswith("certificates_") for m in inside),
                },
            )
        )
    return found
