"""The reply to a question, as the form validations read it: a button's payload, or the words typed.

Every question of a form takes the whole reply as its answer (slot mappings `from_text`), so the
question asked decides how the reply is read. Before the words are read as the answer, a real
question (bot.mias.reading.interruptions.is_real_question) that the model matched to one of our
questions and answers is answered, and the form asks its own question again. A reply that is
neither an answer nor a question gets the question's own kind "sorry" and the question again;
after two in a row, the person is reminded they can talk to a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.mias.reading.interruptions import is_real_question

MISREAD_SLOT = "answers_not_read"
MISREADS_BEFORE_OFFER = 2
SMALL_TALK = frozenset({"greet", "thank"})
SMALL_TALK_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Reply:
    """The latest message: its words, a button's intent and entities, and what the model read."""

    text: str
    intent: str | None
    confidence: float
    entities: tuple[dict[str, Any], ...]
    faq_response: str | None
    is_button: bool

    @classmethod
    def of(cls, tracker: Tracker) -> Reply:
        latest = tracker.latest_message or {}
        intent = latest.get("intent") or {}
        text = str(latest.get("text") or "")
        return cls(
            text=text,
            intent=intent.get("name"),
            confidence=float(intent.get("confidence") or 0.0),
            entities=tuple(latest.get("entities") or ()),
            faq_response=_faq_response(latest),
            is_button=text.startswith("/"),
        )

    def entity(self, name: str) -> str | None:
        """The value of entity `name` (a button's payload carries its own)."""
        return next((str(e["value"]) for e in self.entities if e.get("entity") == name), None)

    @property
    def button_intent(self) -> str | None:
        return self.intent if self.is_button else None

    @property
    def small_talk(self) -> bool:
        """'hi' or 'thanks' where an answer was expected: ask again without a "sorry"."""
        return self.intent in SMALL_TALK and self.confidence >= SMALL_TALK_CONFIDENCE


def _faq_response(latest: dict[str, Any]) -> str | None:
    """The FAQ answer the response selector chose, when the model read the message as a question."""
    if (latest.get("intent") or {}).get("name") != "faq":
        return None
    chosen = ((latest.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    name = chosen.get("utter_action")
    return str(name) if name else None


def answered_a_question(reply: Reply, dispatcher: CollectingDispatcher) -> bool:
    """When the reply is a real question we have an answer to, give it; the caller asks again."""
    if reply.is_button or reply.faq_response is None or not is_real_question(reply.text):
        return False
    dispatcher.utter_message(response=reply.faq_response)
    dispatcher.utter_message(response="utter_faq_back_to_steps")
    return True


def not_read(
    slot: str, sorry: str, reply: Reply, dispatcher: CollectingDispatcher, tracker: Tracker
) -> dict[str, Any]:
    """The reply did not answer the question: say so kindly, then the form asks it again."""
    if reply.small_talk:
        return {slot: None}
    misread = int(tracker.get_slot(MISREAD_SLOT) or 0) + 1
    dispatcher.utter_message(response=sorry)
    if misread >= MISREADS_BEFORE_OFFER:
        dispatcher.utter_message(response="utter_person_is_there")
    return {slot: None, MISREAD_SLOT: float(misread)}


def read(slot: str, value: Any) -> dict[str, Any]:
    """The answer was read: store it, and start counting misreadings afresh."""
    return {slot: value, MISREAD_SLOT: None}
