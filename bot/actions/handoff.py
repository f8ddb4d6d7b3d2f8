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

OFFERS_AFTER_MISUNDERSTANDING = frozenset({"utter_offer_person", "utter_person_is_there"})
# Where the person can still go on with the assistant while they wait for a caseworker.
ROUTES_THAT_GO_ON = frozenset({None, "mias"})


def offered_after_misunderstanding(tracker: Tracker) -> bool:
    """True when the bot's last turn offered a person because it had not understood them."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif (
            event.get("event") == "bot"
            and users_seen == 1
            and event.get("metadata", {}).get("utter_action") in OFFERS_AFTER_MISUNDERSTANDING
        ):
            return True
    return False


def can_carry_on(tracker: Tracker) -> bool:
    """Whether the person can go on with the assistant (and towards a certificate) meanwhile."""
    return (
        tracker.get_slot("route") in ROUTES_THAT_GO_ON and tracker.get_slot("next_step") != "done"
    )


def now() -> datetime:
    """The clock, in one place so tests can set it."""
    return datetime.now(timezone.utc)


# When a person will reply: (with "carry on", without it). The "only" replies promise nothing but
# the caseworker's reply: the route ended here, so there is nothing to carry on with.
HANDOFF_REPLIES = {
    "too_late": ("utter_handoff_too_late", "utter_handoff_too_late_only"),
    "out_of_hours": ("utter_handoff_out_of_hours", "utter_handoff_out_of_hours_only"),
    "open": ("utter_handoff_requested", "utter_handoff_requested_only"),
}


def handoff_reply(estimate: ReplyEstimate, *, carry_on: bool) -> tuple[str, dict[str, str]]:
    """Which reply tells the truth about when a person will answer, checked against the deadline,
    and offers to carry on with the assistant only when that can still lead somewhere."""
    choose = 0 if carry_on else 1
    if estimate.too_late:
        return HANDOFF_REPLIES["too_late"][choose], {
            "reply_words": estimate.reply_words,
            "deadline_words": estimate.deadline_words or "",
        }
    if not estimate.open_now:
        return HANDOFF_REPLIES["out_of_hours"][choose], {"reply_words": estimate.reply_words}
    return HANDOFF_REPLIES["open"][choose], {}


def hand_over(
    dispatcher: CollectingDispatcher, tracker: Tracker, code: str, *, urgent: bool = False
) -> None:
    """Ask a caseworker to take the conversation, and tell the person honestly when they will."""
    request_handoff(settings().database_url, conversation(tracker), code, urgent)
    if urgent:
        dispatcher.utter_message(response="utter_safeguarding")
        return
    estimate = reply_estimate_for(settings(), tracker.sender_id, now())
    response, words = handoff_reply(estimate, carry_on=can_carry_on(tracker))
    dispatcher.utter_message(response=response, **words)


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
        hand_over(dispatcher, tracker, reason.code, urgent=reason.urgent)
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
