"""A long conversation handed to Rasa as its recent turns, with everything before them folded up.

Why: Rasa 3.6 reads the whole conversation session from the database on every turn, rebuilds
the dialogue state after every action in it for each policy at each prediction, and sends every
event to the action server on each call. Turn 200 took x6.8 the time of turn 10 (`bench.service`).
The policies themselves look back only a few turns: MemoizationPolicy and TEDPolicy read the
last 5 states (config.yml) and our longest rule has 4 steps.

So a conversation's tracker is its latest `keep_turns` to `2 * keep_turns` messages from the
person, in full, after a *head*: a few events (slots, the active form, a pause) that put a fresh
tracker in the state the conversation had just before those messages. Nothing changes in the
database: it keeps every event, and transcripts, export, erasure and `retrieve_full_tracker`
see the whole conversation.

Every dialogue state the policies read is then the same as with the whole session, except
the first state of the window, which has no previous action or message: far older than any
rule or `max_history` reaches with `keep_turns` of 8. One difference is by design: TEDPolicy
and MemoizationPolicy skip turns that only rules predicted, and Rasa then shows them the last
action they predicted themselves, however far back; here that reaches back no further than the
window. It matters only when no rule applies after a long run of turns that rules alone
answered (questions, say), and then TEDPolicy decides from the recent turns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    ConversationPaused,
    Event,
    LoopInterrupted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

KEEP_TURNS = 8


@dataclass(frozen=True)
class Head:
    """The state of a conversation up to and including the stored event `last_event_id`."""

    last_event_id: int
    events: list[Event]


def head_events(tracker: DialogueStateTracker) -> list[Event]:
    """Events that bring a fresh tracker to `tracker`'s slots, active form and pause."""
    events: list[Event] = [
        SlotSet(name, slot.value)
        for name, slot in tracker.slots.items()
        if slot.value != slot.initial_value
    ]
    loop = tracker.active_loop
    if loop is not None and loop.name:
        events.append(ActiveLoop(loop.name))
        if loop.is_interrupted:
            events.append(LoopInterrupted(True))
        if loop.rejected:
            events.append(ActionExecutionRejected(loop.name))
    if tracker.is_paused():
        events.append(ConversationPaused())
    return events


def _is_listen(event: Event) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def fold(
    sender_id: str, events: Sequence[Event], slots: Iterable[Slot], keep_turns: int, after: int = 0
) -> tuple[int, list[Event]] | None:
    """Where the recent turns of `events` start, and the head that stands for the events before.

    None while `events[after:]` holds no more than twice `keep_turns` messages from the person.
    The window starts at the latest listen before the last `keep_turns` messages whose message
    stays in Rasa's applied history. Rasa rewrites that history as it goes: the turns of a form
    answered in order fold away back to the form's previous run, and a message taken back
    (fallback) goes with the listen before it. A window starting at a message that stays is
    rewritten exactly as the whole conversation is, because none of those rewrites reaches
    behind a message that stays (tests/store/test_recent_turns.py checks it on random
    conversations).
    """
    users = [i for i, event in enumerate(events) if i >= after and isinstance(event, UserUttered)]
    if len(users) <= 2 * keep_turns:
        return None
    whole = DialogueStateTracker.from_events(sender_id, list(events), slots)
    stays = {id(event) for event in whole.applied_events()}
    tracker = DialogueStateTracker(sender_id, slots)
    found: tuple[int, list[Event]] | None = None
    for i, event in enumerate(events[: users[-keep_turns]]):
        if (
            i > after
            and _is_listen(event)
            and isinstance(events[i + 1], UserUttered)
            and id(events[i + 1]) in stays
        ):
            found = (i, head_events(tracker))
        tracker.update(event)
    return found
