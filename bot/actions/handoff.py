"""Handing a conversation to a caseworker, with the reason it was raised and an honest reply time."""

from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, ConversationPaused, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import conversation, settings
from bot.actions.kind_errors import Events, kind_on_error
from bot.mias.handoff_reasons import handoff_reason
from bot.mias.working_hours import ReplyEstimate
from bot.services.cases import request_handoff
from bot.services.casework import is_with_caseworker
from bot.services.reply_times import reply_estimate_for


def offered_after_misunderstanding(tracker: Tracker) -> bool:
    """True when the person is answering our 'would you like a person?' offer."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return event.get("metadata", {}).get("utter_action") == "utter_offer_person"
    return False


def now() -> datetime:
    """The clock, in one place so tests can set it."""
    return datetime.now(timezone.utc)


def handoff_reply(estimate: ReplyEstimate) -> tuple[str, dict[str, str]]:
    """Which reply tells the truth about when a person will answer, checked against the deadline."""
    if estimate.too_late:
        return "utter_handoff_too_late", {
            "reply_words": estimate.reply_words,
            "deadline_words": estimate.deadline_words or "",
        }
    if not estimate.open_now:
        return "utter_handoff_out_of_hours", {"reply_words": estimate.reply_words}
    return "utter_handoff_requested", {}


class ActionRequestHandoff(Action):
    """Marks the case for a caseworker and pauses any form; 'carry on' resumes it."""

    def name(self) -> str:
        return "action_request_handoff"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        reason = handoff_reason(
            latest_intent=tracker.latest_message.get("intent", {}).get("name"),
            route=tracker.get_slot("route"),
            after_misunderstanding=offered_after_misunderstanding(tracker),
        )
        request_handoff(settings().database_url, conversation(tracker), reason.code, reason.urgent)
        if reason.urgent:
            dispatcher.utter_message(response="utter_safeguarding")
        else:
            response, words = handoff_reply(
                reply_estimate_for(settings(), tracker.sender_id, now())
            )
            dispatcher.utter_message(response=response, **words)
        if tracker.active_loop_name:
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        return []


class ActionSessionStart(Action):
    """Rasa's session start, but a conversation a caseworker holds stays with them (paused).

    Every session, the first one too (Rasa runs this before it handles a conversation's first
    message), sets the provider's name, phone and e-mail from the settings, so every response can
    say `{provider_name}`, `{provider_phone}` and `{provider_email}`.
    """

    def name(self) -> str:
        return "action_session_start"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        provider = settings().provider_values()
        carried = [
            SlotSet(name, value)
            for name, value in tracker.current_slot_values().items()
            if value is not None and name != "requested_slot" and name not in provider
        ]
        provider_slots = [SlotSet(name, value) for name, value in provider.items()]
        events: Events = [SessionStarted(), *carried, *provider_slots]
        if is_with_caseworker(settings().database_url, tracker.sender_id):
            events.append(ConversationPaused())
        return [*events, ActionExecuted("action_listen")]
