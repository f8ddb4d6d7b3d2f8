"""The limits every input channel applies before a message reaches the assistant.

Two rules, the same for the REST webhook, SMS and the chat widget:

- a message longer than `max_chars` characters is not read; the sender is asked, kindly, to send it in
  shorter parts (`utter_message_too_long`);
- one sender may send at most `rate.messages` messages in any `rate.seconds` seconds; past that a
  message is refused (`utter_slow_down`) until the oldest one leaves the window. Other senders are
  never touched: each sender has a window of their own.

Refused messages are not passed on, so they are not stored and a flood costs no model time. Time is
passed in (`now`, seconds from any fixed point such as `time.monotonic()`), so the rules are plain
functions of their inputs. Memory is bounded: only the most recently seen senders are remembered.
The counts live in one process; with several Rasa servers each keeps its own (see README).
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from dataclasses import dataclass

TOO_LONG_RESPONSE = "utter_message_too_long"
SLOW_DOWN_RESPONSE = "utter_slow_down"


@dataclass(frozen=True)
class RateLimit:
    """At most `messages` in any `seconds` seconds."""

    messages: int
    seconds: float

    def __post_init__(self) -> None:
        if self.messages < 1 or self.seconds <= 0:
            raise ValueError(f"a rate limit needs at least one message in a positive time: {self}")


class SlidingWindow:
    """The times of each key's recent events, forgetting those older than `window` seconds.

    Holds at most `max_keys` keys; the key seen least recently is forgotten first, so a flood of new
    keys cannot grow it without bound.
    """

    def __init__(self, limit: int, window: float, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def full(self, key: str, now: float) -> bool:
        """True when `key` already has `limit` events in the window."""
        return len(self._recent(key, now)) >= self.limit

    def record(self, key: str, now: float) -> None:
        events = self._recent(key, now)
        events.append(now)
        self._events[key] = events
        self._events.move_to_end(key)
        while len(self._events) > self.max_keys:
            self._events.popitem(last=False)

    def retry_after(self, key: str, now: float) -> int:
        """Whole seconds until `key` has room for one more event (at least 1)."""
        events = self._recent(key, now)
        return max(1, math.ceil(events[0] + self.window - now)) if events else 1

    def __len__(self) -> int:
        return len(self._events)


@dataclass(frozen=True)
class Verdict:
    """What to do with one incoming message.

    `response` names the domain response to answer with when the message is refused. `tell` is False
    for the second and later refusals of a flood within one window: a channel that pays per message
    (SMS) or pushes to a screen (socket.io) should stay quiet then; the REST webhook answers 429 with
    an empty list.
    """

    allowed: bool
    reason: str = ""
    response: str = ""
    retry_after: int = 0
    tell: bool = True


ALLOW = Verdict(allowed=True)


class MessageGuard:
    """Length and per-sender rate limits for one channel instance."""

    def __init__(self, max_chars: int, rate: RateLimit | None, max_senders: int = 10_000) -> None:
        self.max_chars = max_chars
        self.rate = rate
        self._window = (
            SlidingWindow(rate.messages, rate.seconds, max_senders) if rate is not None else None
        )
        self._told: OrderedDict[str, float] = OrderedDict()
        self._max_senders = max_senders

    def check(self, sender: str, text: str, now: float) -> Verdict:
        """Refuse a flood first (an oversized flood is still a flood), then an oversized message.

        Every message let through the rate check counts towards the sender's rate, oversized or not.
        """
        if self._window is not None:
            if self._window.full(sender, now):
                return self._too_fast(self._window, sender, now)
            self._window.record(sender, now)
        if too_long(text, self.max_chars):
            return Verdict(allowed=False, reason="too_long", response=TOO_LONG_RESPONSE)
        return ALLOW

    def _too_fast(self, window: SlidingWindow, sender: str, now: float) -> Verdict:
        told_at = self._told.get(sender)
        tell = told_at is None or told_at <= now - window.window
        if tell:
            self._told[sender] = now
            self._told.move_to_end(sender)
            while len(self._told) > self._max_senders:
                self._told.popitem(last=False)
        return Verdict(
            allowed=False,
            reason="too_fast",
            response=SLOW_DOWN_RESPONSE,
            retry_after=window.retry_after(sender, now),
            tell=tell,
        )


def too_long(text: str, max_chars: int) -> bool:
    """More characters than `max_chars` (code points, as a person would count them)."""
    return len(text) > max_chars


def chars_in_words(count: int) -> str:
    """'1,000': the limit as the responses print it."""
    return f"{count:,}"
