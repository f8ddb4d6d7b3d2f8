"""The end of a route the assistant cannot take further: one question, then a person if wanted.

After most routes the family is asked one yes/no question, in words that follow the route:
help from one of the team (or help to ask for mediation). On the late route they are first asked
whether the letter told them about their right to appeal and about mediation, because if it did
not the Tribunal may give them more time; then a caseworker takes the case. A young person who
may not be able to decide goes to a caseworker at once: the assistant never judges capacity.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.context import conversation, settings
from bot.actions.handoff import hand_over
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.mias.handoff_reasons import ROUTE_REASONS
from bot.mias.reading.yes_no import read_yes_no
from bot.services.cases import record_facts

Slots = dict[str, Any]
NOT_SURE = "not_sure"


def _yes_no(reply: Reply) -> bool | None:
    if reply.button_intent in ("affirm", "deny"):
        return reply.button_intent == "affirm"
    return read_yes_no(reply.text)


class ValidateOfferForm(KindFormValidationAction):
    def name(self) -> str:
        return "validate_offer_form"

    def validate_accepts_help(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"accepts_help": None}
        accepts = _yes_no(reply)
        if accepts is None:
            return not_read(
                "accepts_help", "utter_offer_not_understood", reply, dispatcher, tracker
            )
        return read("accepts_help", accepts)


class ValidateLateForm(KindFormValidationAction):
    def name(self) -> str:
        return "validate_late_form"

    def validate_letter_told_rights(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"letter_told_rights": None}
        told = reply.entity("letter_told_rights") or _yes_no(reply)
        if told is None and "sure" in reply.text.lower():
            told = NOT_SURE
        if told is None:
            return not_read(
                "letter_told_rights",
                "utter_letter_told_rights_not_understood",
                reply,
                dispatcher,
                tracker,
            )
        record_facts(
            settings().database_url,
            conversation(tracker),
            letter_told_rights=told if isinstance(told, bool) else None,
        )
        return read("letter_told_rights", told)


class ActionAnswerOffer(Action):
    """Yes: a caseworker takes the case, with the route's reason. No: how to come back."""

    def name(self) -> str:
        return "action_answer_offer"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        if tracker.get_slot("accepts_help") is True:
            hand_over(
                dispatcher, tracker, ROUTE_REASONS.get(tracker.get_slot("route"), "user_request")
            )
        else:
            dispatcher.utter_message(response="utter_help_declined")
        return []


class ActionHandOverCase(Action):
    """A route that always needs a person (late; a young person who may not be able to decide)."""

    def name(self) -> str:
        return "action_hand_over_case"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        told = tracker.get_slot("letter_told_rights")
        if told is False:
            dispatcher.utter_message(response="utter_letter_lacked_rights")
        elif told == NOT_SURE:
            dispatcher.utter_message(response="utter_letter_check_it")
        hand_over(dispatcher, tracker, ROUTE_REASONS.get(tracker.get_slot("route"), "unusual_case"))
        return []
