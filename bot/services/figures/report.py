"""The provider's figures for a period: every measure for each council and for all of them, the
trend week by week, and nothing that could pick out a family (privacy.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from bot.services.figures.counting import (
    COUNTS,
    HANDOFFS,
    MEDIANS,
    Happened,
    amounts,
    counts,
    trend_counts,
)
from bot.services.figures.gathering import Gathered, gather
from bot.services.figures.privacy import Shown, hide_the_complement
from bot.store.db import transaction

Cells = dict[str, Shown]


@dataclass(frozen=True)
class TrendPoint:
    """One period of the trend: its first and last day, and its figures (hidden when small)."""

    first: date
    last: date
    started: Shown
    certificates: Shown


@dataclass(frozen=True)
class Report:
    """The figures of `start` to `end`. `measures` are in the order to show (the handoff reasons
    seen in the period among them); `by_council` holds every council with anything to count,
    `total` all of them together; `trend` follows `council` (None: all councils, also when the
    council asked for has nothing in the period)."""

    start: date
    end: date
    council: str | None
    measures: tuple[str, ...]
    by_council: dict[str, Cells]
    total: Cells
    trend: tuple[TrendPoint, ...]


def figures_report(database_url: str, start: date, end: date, council: str | None) -> Report:
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    with transaction(database_url) as session:
        gathered = gather(session, start, end)
    return report_of(gathered, start, end, council)


def report_of(gathered: Gathered, start: date, end: date, council: str | None) -> Report:
    """The report from what was gathered (pure, for tests)."""
    reasons = sorted({h.measure for h in gathered.happened if h.measure.startswith(HANDOFFS)})
    measures = (*COUNTS, *reasons, *MEDIANS)
    councils = sorted({h.council for h in gathered.happened} | set(gathered.reminders))
    raw = {name: _raw(gathered, name) for name in councils}
    by_council = {name: _cells(raw[name], gathered, name, measures) for name in councils}
    total = _cells(_raw(gathered, None), gathered, None, measures)
    for measure in (*COUNTS, *reasons):  # a lone hidden council could be worked out
        protected = hide_the_complement({name: by_council[name][measure] for name in councils})
        for name in councils:
            by_council[name][measure] = protected[name]
    council = council if council in by_council else None  # one with nothing: all of them
    return Report(
        start=start,
        end=end,
        council=council,
        measures=measures,
        by_council=by_council,
        total=total,
        trend=_trend(gathered.happened, start, end, council),
    )


def _raw(gathered: Gathered, council: str | None) -> Counter[str]:
    found = counts(gathered.happened, council)
    for name, sent in gathered.reminders.items():
        if council in (None, name):
            found["reminders_sent"] += sent.get("sent", 0)
            found["reminders_delivered"] += sent.get("delivered", 0)
    return found


def _cells(
    raw: Counter[str], gathered: Gathered, council: str | None, measures: tuple[str, ...]
) -> Cells:
    times = amounts(gathered.took, council)
    cells = {
        measure: Shown.median(times[measure]) if measure in times else Shown.count(raw[measure])
        for measure in measures
    }
    split = hide_the_complement({"web": cells["web"], "sms": cells["sms"]})
    return cells | split


def _trend(
    happened: list[Happened], start: date, end: date, council: str | None
) -> tuple[TrendPoint, ...]:
    return tuple(
        TrendPoint(
            first,
            last,
            Shown.count(found["conversations_started"]),
            Shown.count(found["certificates"]),
        )
        for first, last, found in trend_counts(happened, start, end, council)
    )
