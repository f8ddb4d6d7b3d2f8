"""A long conversation read as its recent turns gives Rasa what the whole conversation would.

Random conversations on the real domain (forms starting, stopping, interrupted and rejected;
slots of every type; misunderstood messages taken back; pauses; a new session) are saved turn
by turn through the store, exactly as Rasa's processor reads and saves a turn. After every turn
the tracker the store hands out is compared with one built from every event: the slots, the
form, the pause, the latest message and action, and every dialogue state the policies read
(all but the window's first) must be the same, and the database must hold every event once,
in order.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    LoopInterrupted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

from bot.services.privacy import erase_conversation
from bot.settings import PROJECT_ROOT, Settings
from bot.store.recent_turns import fold
from bot.store.tracker_store import ErasureSafeSQLTrackerStore

DOMAIN = Domain.load(str(PROJECT_ROOT / "bot" / "domain"))
KEEP = 3  # small, so that the head moves on many times in each conversation


def slot_value(slot: Slot, rng: random.Random) -> Any:
    if slot.type_name == "categorical":
        return rng.choice([value for value in slot.values if value != "__other__"] or [None])
    if slot.type_name == "bool":
        return rng.choice([True, False, None])
    if slot.type_name == "float":
        return rng.choice([None, 0.0, 1.0, 2.5])
    if slot.type_name == "list":
        return rng.choice([None, [], ["a"], ["a", "b"]])
    return rng.choice([None, "Jane", "B1 1AA", "12 November 2026"])


def user_says(rng: random.Random, turn: int, intent: str | None = None) -> list[Event]:
    """A message, and the slots Rasa fills from it."""
    events: list[Event] = [
        ActionExecuted("action_listen"),
        UserUttered(
            f"message {turn}", {"name": intent or rng.choice(DOMAIN.intents), "confidence": 0.9}
        ),
    ]
    for _ in range(rng.randint(0, 2)):
        slot = rng.choice(DOMAIN.slots)
        events.append(SlotSet(slot.name, slot_value(slot, rng)))
    return events


def answer(rng: random.Random, turn: int) -> list[Event]:
    action = rng.choice(DOMAIN.user_actions)
    return [ActionExecuted(action), BotUttered(f"answer {turn}", metadata={"utter_action": action})]


def form_turn(rng: random.Random, turn: int, form: str) -> tuple[list[Event], bool]:
    """A turn while `form` is active, as Rasa stores it, and whether the form is still active."""
    events = user_says(rng, turn, "inform")
    roll = rng.random()
    if roll < 0.6:  # the happy path: the form takes the answer and asks its next question
        events += [
            ActionExecuted(form),
            SlotSet("requested_slot", "child_name"),
            BotUttered("Next?"),
        ]
        return events, True
    if roll < 0.8:  # a question instead: the form rejects, the answer, then the form again
        events += [
            ActionExecutionRejected(form),
            *answer(rng, turn),
            LoopInterrupted(True),
            ActionExecuted(form),
            SlotSet("requested_slot", "child_name"),
        ]
        return events, True
    events += [
        ActionExecuted(form),
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        *answer(rng, turn),
    ]
    return events, False


def free_turn(rng: random.Random, turn: int) -> tuple[list[Event], str | None]:
    """A turn with no form active, and the form it starts, if any."""
    events: list[Event] = []
    if turn and rng.random() < 0.04:
        events += [ActionExecuted("action_session_start"), SessionStarted()]
    events += user_says(rng, turn)
    roll = rng.random()
    if roll < 0.1:  # not understood: Rasa's fallback takes the message back
        return [*events, ActionExecuted("action_default_fallback"), UserUtteranceReverted()], None
    if roll < 0.25:
        form = rng.choice(DOMAIN.form_names)
        return [
            *events,
            ActionExecuted(form),
            ActiveLoop(form),
            SlotSet("requested_slot", "child_name"),
        ], form
    if roll < 0.28:
        events.append(ConversationPaused())
    elif roll < 0.31:
        events.append(ConversationResumed())
    return [*events, *answer(rng, turn)], None


def conversation(rng: random.Random, turns: int) -> Iterator[list[Event]]:
    """The events of each turn of a random conversation that goes in and out of forms."""
    form = None
    for turn in range(turns):
        if form is None:
            events, form = free_turn(rng, turn)
        else:
            events, active = form_turn(rng, turn, form)
            form = form if active else None
        yield events


def stored_count(database_url: str, sender: str) -> int:
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        return int(
            db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        )


def loop(tracker: DialogueStateTracker) -> tuple[str | None, bool, bool] | None:
    """The active form as the policies and forms read it (the message that started it is not)."""
    active = tracker.active_loop
    return None if active is None else (active.name, active.is_interrupted, active.rejected)


def assert_same_for_rasa(recent: DialogueStateTracker, whole: DialogueStateTracker) -> None:
    assert recent.current_slot_values() == whole.current_slot_values()
    assert loop(recent) == loop(whole)
    assert recent.is_paused() == whole.is_paused()
    assert recent.latest_message == whole.latest_message
    assert recent.latest_action == whole.latest_action
    assert recent.followup_action == whole.followup_action
    for flags in (
        {},
        {"omit_unset_slots": True},
        {"ignore_rule_only_turns": True, "rule_only_data": {}},
    ):
        recent_states = recent.past_states(DOMAIN, **flags)
        whole_states = whole.past_states(DOMAIN, **flags)
        read = len(recent_states) - 1
        assert recent_states[-read:] == whole_states[-read:], flags


@pytest.mark.parametrize("seed", range(4))
async def test_recent_turns_give_rasa_the_same_state_as_the_whole_conversation(
    database_url: str, seed: int
) -> None:
    rng = random.Random(seed)
    store = ErasureSafeSQLTrackerStore(host=database_url, domain=DOMAIN, keep_turns=KEEP)
    whole = DialogueStateTracker("c1", DOMAIN.slots)
    folded = 0
    for turn, events in enumerate(conversation(rng, 80)):
        tracker = await store.retrieve("c1") or DialogueStateTracker("c1", DOMAIN.slots)
        if turn:
            assert_same_for_rasa(tracker, whole)
        folded += len(tracker.events) < len(whole.events)
        for event in events:
            tracker.update(event)
            whole.update(event)
        await store.save(tracker)
        assert stored_count(database_url, "c1") == len(whole.events)
    stored = await store.retrieve_full_tracker("c1")
    assert stored is not None and list(stored.events) == list(whole.events)
    assert folded > 30  # most turns were read as recent turns after a head


async def test_a_new_store_reads_the_whole_conversation_once_then_recent_turns(
    database_url: str,
) -> None:
    rng = random.Random(7)
    first = ErasureSafeSQLTrackerStore(host=database_url, domain=DOMAIN, keep_turns=KEEP)
    whole = DialogueStateTracker("c1", DOMAIN.slots)
    for events in conversation(rng, 20):
        tracker = await first.retrieve("c1") or DialogueStateTracker("c1", DOMAIN.slots)
        for event in events:
            tracker.update(event)
            whole.update(event)
        await first.save(tracker)
    second = ErasureSafeSQLTrackerStore(host=database_url, domain=DOMAIN, keep_turns=KEEP)
    tracker = await second.retrieve("c1")  # another Rasa server, or this one after a restart
    assert tracker is not None and len(tracker.events) < len(whole.events)
    assert_same_for_rasa(tracker, whole)


async def test_an_erased_conversation_is_not_read_through_an_old_head(
    database_url: str, tmp_path: Any
) -> None:
    store = ErasureSafeSQLTrackerStore(host=database_url, domain=DOMAIN, keep_turns=KEEP)
    rng = random.Random(3)
    for events in conversation(rng, 12):
        tracker = await store.retrieve("c1") or DialogueStateTracker("c1", DOMAIN.slots)
        for event in [*events, SlotSet("applicant_name", "Jane")]:
            tracker.update(event)
        await store.save(tracker)
    settings = Settings.from_env({"DATABASE_URL": database_url, "CERTIFICATES_DIR": str(tmp_path)})
    erase_conversation(settings, "c1")
    assert await store.retrieve("c1") is None
    fresh = DialogueStateTracker("c1", DOMAIN.slots)
    fresh.update(ActionExecuted("action_listen"))
    fresh.update(UserUttered("hello", {"name": "greet"}))
    await store.save(fresh)
    again = await store.retrieve("c1")
    assert again is not None and again.get_slot("applicant_name") is None
    assert len(again.events) == 2


def test_a_short_conversation_is_read_whole() -> None:
    turn = [
        ActionExecuted("action_listen"),
        UserUttered("hi", {"name": "greet"}),
        BotUttered("Hello"),
    ]
    assert fold("c1", turn * 6, DOMAIN.slots, keep_turns=3) is None
    folded = fold("c1", turn * 7, DOMAIN.slots, keep_turns=3)
    assert folded is not None and folded[0] == 12


async def test_a_head_unused_for_an_hour_is_forgotten(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A head holds slot values (names): a Rasa server keeps it no longer than it helps."""
    clock = [1_000.0]
    monkeypatch.setattr("bot.store.tracker_store.monotonic", lambda: clock[0])
    store = ErasureSafeSQLTrackerStore(host=database_url, domain=DOMAIN, keep_turns=KEEP)
    for sender in ("c1", "c2"):
        for events in conversation(random.Random(5), 10):
            tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
            for event in events:
                tracker.update(event)
            await store.save(tracker)
        clock[0] += 2_000
    await store.retrieve("c2")
    assert list(store._heads) == ["c2"]  # c1's head was last used 4,000 s ago
