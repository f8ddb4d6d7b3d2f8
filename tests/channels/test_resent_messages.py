"""A message sent again is answered with the replies it had.

Against the running servers: tests/e2e/test_socketio.py (the widget's resend) and
tests/e2e/scale/test_faults.py (a retry to the other Rasa server after one died).
"""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot.channels.resent_messages import replies_to

EVENTS = [
    UserUttered("hello", metadata={"message_id": "m-1"}),
    ActionExecuted("utter_privacy_notice"),
    BotUttered(
        "We keep what you tell us.", data={"buttons": [{"title": "Yes", "payload": "/affirm"}]}
    ),
    ActionExecuted("action_listen"),
    UserUttered("yes", metadata={"message_id": "m-2"}),
    SlotSet("consent", True),
    BotUttered("Who am I talking to?"),
    BotUttered("A parent, or the young person?"),
    ActionExecuted("action_listen"),
    UserUttered("a parent", metadata={"message_id": "m-3"}),
    ActionExecuted("action_listen"),
]


def test_the_replies_that_followed_the_message_are_found_in_order() -> None:
    assert [r["text"] for r in replies_to(EVENTS, "m-2") or []] == [
        "Who am I talking to?",
        "A parent, or the young person?",
    ]


def test_buttons_come_back_with_their_reply() -> None:
    (reply,) = replies_to(EVENTS, "m-1") or []
    assert reply["buttons"] == [{"title": "Yes", "payload": "/affirm"}]


def test_a_saved_message_with_no_reply_is_told_apart_from_one_never_saved() -> None:
    assert replies_to(EVENTS, "m-3") == []
    assert replies_to(EVENTS, "m-4") is None
    assert replies_to([], "m-1") is None
