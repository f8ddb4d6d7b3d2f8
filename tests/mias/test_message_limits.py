"""The limits every channel applies at the door: length and per-sender rate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mias.message_limits import (
    SLOW_DOWN_RESPONSE,
    TOO_LONG_RESPONSE,
    MessageGuard,
    RateLimit,
    SlidingWindow,
    chars_in_words,
)
from bot.services.responses import render_response
from bot.settings import Settings


def test_a_message_at_the_limit_is_read_and_one_over_it_is_refused_kindly() -> None:
    guard = MessageGuard(max_chars=1000, rate=None)
    assert guard.check("a", "x" * 1000, now=0).allowed
    refused = guard.check("a", "x" * 1001, now=0)
    assert not refused.allowed and refused.response == TOO_LONG_RESPONSE
    values = {"max_chars": chars_in_words(1000)}
    text = render_response(refused.response, values, settings=Settings.from_env({}))
    assert "too long" in text and "1,000 characters" in text


def test_characters_are_counted_as_a_person_counts_them_not_as_bytes() -> None:
    guard = MessageGuard(max_chars=10, rate=None)
    assert guard.check("a", "😀" * 10, now=0).allowed  # 40 bytes of UTF-8, 10 characters


def test_a_flood_from_one_sender_is_stopped_without_touching_another() -> None:
    guard = MessageGuard(max_chars=1000, rate=RateLimit(messages=3, seconds=60))
    assert all(guard.check("flood", "hi", now=t).allowed for t in (0, 1, 2))
    refused = guard.check("flood", "hi", now=3)
    assert not refused.allowed and refused.response == SLOW_DOWN_RESPONSE
    assert refused.retry_after == 57  # the first message leaves the window at 60 s
    assert guard.check("someone else", "hi", now=3).allowed
    assert guard.check("flood", "hi", now=60).allowed  # room again once the oldest has gone


def test_the_sender_is_told_once_per_window_then_left_quiet() -> None:
    guard = MessageGuard(max_chars=1000, rate=RateLimit(messages=1, seconds=10))
    guard.check("flood", "hi", now=0)
    told = [guard.check("flood", "hi", now=t).tell for t in (1, 2, 3)]
    assert told == [True, False, False]
    guard.check("flood", "hi", now=11)  # the window has moved on: let through
    assert guard.check("flood", "hi", now=12).tell  # a new flood is told again


def test_an_oversized_flood_still_counts_as_a_flood() -> None:
    guard = MessageGuard(max_chars=5, rate=RateLimit(messages=2, seconds=60))
    reasons = [guard.check("flood", "x" * 50, now=t).reason for t in range(3)]
    assert reasons == ["too_long", "too_long", "too_fast"]


def test_turning_the_rate_limit_off_lets_any_number_through() -> None:
    guard = MessageGuard(max_chars=10, rate=None)
    assert all(guard.check("busy", "hi", now=0).allowed for _ in range(1000))


def test_memory_stays_bounded_however_many_senders_come() -> None:
    window = SlidingWindow(limit=2, window=60, max_keys=3)
    window.record("a", 0)
    window.record("a", 1)
    assert window.full("a", 2) and not window.full("a", 61)
    for key in ("b", "c", "d"):
        window.record(key, 5)
    assert len(window) == 3 and not window.full("a", 6)  # "a" was forgotten first


@given(
    times=st.lists(st.floats(min_value=0, max_value=1000, allow_nan=False), max_size=60),
    limit=st.integers(min_value=1, max_value=5),
)
def test_no_window_of_time_ever_lets_through_more_than_the_limit(
    times: list[float], limit: int
) -> None:
    guard = MessageGuard(max_chars=10, rate=RateLimit(messages=limit, seconds=30))
    allowed = [t for t in sorted(times) if guard.check("s", "hi", now=t).allowed]
    for start in allowed:
        assert len([t for t in allowed if start <= t < start + 30]) <= limit


def test_the_guard_takes_its_limits_from_the_settings() -> None:
    guard = Settings.from_env(
        {"MESSAGE_MAX_CHARS": "200", "SENDER_RATE_LIMIT": "5/10"}
    ).message_guard()
    assert guard.max_chars == 200 and guard.rate == RateLimit(5, 10)
    assert Settings.from_env({"SENDER_RATE_LIMIT": "off"}).message_guard().rate is None


@pytest.mark.parametrize("messages, seconds", [(0, 60), (5, 0)])
def test_a_rate_limit_that_would_refuse_everything_is_a_mistake(
    messages: int, seconds: int
) -> None:
    with pytest.raises(ValueError):
        RateLimit(messages, seconds)
