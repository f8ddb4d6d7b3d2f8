"""The provider's figures: a seeded month counted right for each council, small numbers hidden,
and the trend's periods and bars."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.figures import (
    COUNTS,
    FEWER_THAN_5,
    WITHHELD,
    Shown,
    TrendPoint,
    chart,
    figures_report,
    gathering,
)
from bot.services.figures.counting import buckets
from bot.services.figures.privacy import hide_the_complement
from tests.helpers.figures_month import (
    CROYDON,
    END,
    MONTH,
    START,
    SURREY,
    UNKNOWN,
    expected_counts,
    in_month,
    seed_month,
)

REMINDERS = {SURREY: {"sent": 7, "delivered": 6}}


@pytest.fixture
def month(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    seed_month(database_url)
    monkeypatch.setattr(gathering, "reminder_figures", lambda session, start, end: REMINDERS)
    return database_url


def _raw(council: str | None) -> dict[str, int]:
    found = dict(expected_counts(council))
    if council in (None, SURREY):
        found |= {"reminders_sent": 7, "reminders_delivered": 6}
    return found


def test_every_count_of_the_month_matches_the_rows_or_is_hidden(month: str) -> None:
    report = figures_report(month, START, END, None)
    assert set(report.by_council) == {SURREY, CROYDON, UNKNOWN}
    for council, cells in [(None, report.total), *report.by_council.items()]:
        raw = _raw(council)
        for measure in report.measures:
            if measure in ("hours_to_certificate", "minutes_waited"):
                continue
            shown, n = cells[measure], raw.get(measure, 0)
            if n < 5:
                assert shown.hidden == FEWER_THAN_5, (council, measure)
            else:
                assert shown.value == n or shown.hidden == WITHHELD, (council, measure)


def test_the_headline_figures_of_the_month(month: str) -> None:
    report = figures_report(month, START, END, None)
    total, surrey = report.total, report.by_council[SURREY]
    assert total["conversations_started"] == Shown(28.0)
    assert surrey["conversations_started"] == Shown(20.0)
    assert surrey["certificates_declined"] == Shown(6.0)
    assert surrey["mediation_chosen"] == Shown(6.0)
    assert surrey["handoffs_user_request"] == Shown(6.0)
    assert surrey["reminders_sent"] == Shown(7.0) and surrey["reminders_delivered"] == Shown(6.0)
    assert total["minutes_waited"] == Shown(30.0)  # 2, 10, 20, 30, 40, 45, 50
    assert total["hours_to_certificate"] == Shown(0.5)
    assert report.by_council[CROYDON]["minutes_waited"].hidden == FEWER_THAN_5
    assert report.measures[: len(COUNTS)] == COUNTS


def test_a_figure_that_would_give_a_small_one_away_is_withheld(month: str) -> None:
    report = figures_report(month, START, END, None)
    croydon = report.by_council[CROYDON]
    # No text conversations in Croydon: 6 web of 6 started would tell the SMS count.
    assert croydon["sms"].hidden == FEWER_THAN_5 and croydon["web"].hidden == WITHHELD
    # Only the unknown council is small among the started: the smallest shown beside it goes.
    assert report.by_council[UNKNOWN]["conversations_started"].hidden == FEWER_THAN_5
    assert croydon["conversations_started"].hidden == WITHHELD
    assert report.by_council[SURREY]["conversations_started"] == Shown(20.0)


def test_the_trend_follows_the_month_week_by_week(month: str) -> None:
    report = figures_report(month, START, END, None)
    weeks = [(p.first, p.last) for p in report.trend]
    assert weeks[0] == (date(2026, 11, 1), date(2026, 11, 1))  # a Sunday: the week is cut
    assert weeks[1] == (date(2026, 11, 2), date(2026, 11, 8))
    assert weeks[-1] == (date(2026, 11, 30), date(2026, 11, 30))
    for point in report.trend:
        started = sum(in_month(f) and point.first <= f.started <= point.last for f in MONTH)
        assert point.started == Shown.count(started)


def test_one_councils_trend(month: str) -> None:
    report = figures_report(month, START, END, CROYDON)
    started = [p.started for p in report.trend]
    assert started[3] == Shown(6.0)  # 16 to 21 Nov, all in the week of Mon 16 Nov
    assert started[2].hidden == FEWER_THAN_5 and started[4].hidden == FEWER_THAN_5


def test_a_period_ending_before_it_starts_is_refused(month: str) -> None:
    with pytest.raises(ValueError):
        figures_report(month, END, START, None)


@pytest.mark.parametrize(
    ("parts", "hidden"),
    [
        ({"a": Shown(9.0), "b": Shown(None, FEWER_THAN_5)}, {"a": WITHHELD, "b": FEWER_THAN_5}),
        (
            {"a": Shown(9.0), "b": Shown(6.0), "c": Shown(None, FEWER_THAN_5)},
            {"a": None, "b": WITHHELD, "c": FEWER_THAN_5},
        ),
        (
            {"a": Shown(9.0), "b": Shown(None, FEWER_THAN_5), "c": Shown(None, FEWER_THAN_5)},
            {"a": None, "b": FEWER_THAN_5, "c": FEWER_THAN_5},
        ),
        ({"a": Shown(9.0), "b": Shown(7.0)}, {"a": None, "b": None}),
        ({"a": Shown(None, FEWER_THAN_5)}, {"a": FEWER_THAN_5}),
    ],
)
def test_one_hidden_part_of_a_shown_whole_takes_the_smallest_other_with_it(
    parts: dict[str, Shown], hidden: dict[str, str | None]
) -> None:
    assert {k: v.hidden for k, v in hide_the_complement(parts).items()} == hidden


def test_counts_under_5_and_medians_of_fewer_than_5_are_hidden() -> None:
    assert [Shown.count(n).hidden for n in (0, 4, 5)] == [FEWER_THAN_5, FEWER_THAN_5, None]
    assert Shown.median([1.0, 2.0, 3.0, 4.0]).hidden == FEWER_THAN_5
    assert Shown.median([1.0, 2.0, 3.0, 4.0, 100.0]) == Shown(3.0)


def test_a_long_period_is_charted_by_month() -> None:
    months = buckets(date(2026, 1, 15), date(2026, 12, 31))
    assert months[0] == (date(2026, 1, 15), date(2026, 1, 31))
    assert months[1] == (date(2026, 2, 1), date(2026, 2, 28))
    assert len(months) == 12


def test_a_hidden_count_is_drawn_as_5_and_never_as_its_value() -> None:
    points = [
        TrendPoint(date(2026, 11, 2), date(2026, 11, 8), Shown(20.0), Shown(None, FEWER_THAN_5)),
        TrendPoint(date(2026, 11, 9), date(2026, 11, 15), Shown(8.0), Shown(6.0)),
    ]
    drawn = chart(points)
    heights = {(b.x, b.series): b.height for b in drawn.bars}
    assert len(drawn.bars) == 4
    started, hidden = drawn.bars[0], drawn.bars[1]
    assert hidden.shown.hidden == FEWER_THAN_5
    assert hidden.height == pytest.approx(started.height * 5 / 20)
    assert [t.value for t in drawn.ticks] == [0, 5, 10, 15, 20]
    assert all(h > 0 for h in heights.values())
