"""Deadline reminders by text: the offer at the conversation's end points, and consent.

`action_offer_reminders` runs where the conversation ends (a certificate, mediation chosen,
stopping part-way) or when the person asks; it decides whether there is anything to remind them
of (`reminders_offer`, which the rules read). `reminders_form` then asks one question a turn: yes
or no; on the web the mobile number, then the 6-digit code we text to it. On SMS a yes is
enough. Each reply is read as the answer to the question just asked (bot.actions.answers).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.context import conversation, settings
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.mias.reading.yes_no import read_yes_no
from bot.mias.reminders import APPEAL, asks_for_new_code, read_code
from bot.services.cases import utc_now
from bot.services.reminders import (
    check_code,
    confirm_by_sms,
    decline,
    offer_reminders,
    read_uk_mobile,
    resend_code,
    send_code,
)
from bot.services.sms import CHANNEL, contact_state, mask_number

Slots = dict[str, Any]
ASKED_FOR = "request_reminders"
OFFER, DEADLINE_WORDS = "reminders_offer", "reminders_deadline_words"
WANTED, MOBILE, CODE = "reminders_wanted", "reminders_mobile", "reminders_code"
# `reminders_wanted` once read: True, False, or NOT_SET_UP when we could not set them up (and
# said why); the form then ends.
NOT_SET_UP = "not_set_up"
OFFERS = {
    APPEAL: "utter_reminders_offer_appeal",
    "mias_contact": "utter_reminders_offer_mias_contact",
}
# What to say when a code could not be sent, by send_code's outcome.
CODE_NOT_SENT = {
    "too_many": "utter_reminders_no_more_codes",
    "stopped": "utter_reminders_number_stopped",
    "not_sent": "utter_reminders_not_sent",
}


def _by_text(tracker: Tracker) -> bool:
    return conversation(tracker).channel == CHANNEL


def _yes_no(reply: Reply) -> bool | None:
    """A yes/no button, or yes or no in words."""
    if reply.button_intent in ("affirm", "deny"):
        return reply.button_intent == "affirm"
    return read_yes_no(reply.text)


def _offer_unseen(tracker: Tracker) -> bool:
    """On SMS, the offer may sit in a part of a long answer the person has not asked for yet
    (MORE): a yes then would be to a question they have not read."""
    if not _by_text(tracker):
        return False
    state = contact_state(settings().database_url, tracker.sender_id)
    return state is not None and state.has_more


class ActionOfferReminders(Action):
    """Offers reminders when the family's dates give one; says so when they are already set up.

    At an end point a family that said no before is not asked again; asking for reminders
    ("text me reminders") always gets an answer.
    """

    def name(self) -> str:
        return "action_offer_reminders"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        asked = (tracker.latest_message.get("intent") or {}).get("name") == ASKED_FOR
        offer = offer_reminders(settings().database_url, tracker.sender_id, settings().today())
        if offer is None and asked:
            dispatcher.utter_message(response="utter_reminders_nothing_to_remind")
        if offer is not None and offer.confirmed:
            dispatcher.utter_message(
                response="utter_reminders_already",
                masked_number=offer.masked_number,
                deadline_words=offer.deadline_words,
            )
        # It ends any form (offered while leaving the steps part-way, "carry on" resumes it), and
        # says so every time, as its rules do, so the rules and the conversation agree.
        leave_form: Events = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if offer is None or offer.confirmed or (offer.declined and not asked):
            return [*leave_form, SlotSet(OFFER, "nothing")]
        return [
            *leave_form,
            SlotSet(OFFER, offer.about),
            SlotSet(DEADLINE_WORDS, offer.deadline_words),
        ]


class ActionAskRemindersFormRemindersWanted(Action):
    """The offer's question, worded for the deadline it is about."""

    def name(self) -> str:
        return "action_ask_reminders_form_reminders_wanted"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        dispatcher.utter_message(
            response=OFFERS.get(tracker.get_slot(OFFER), OFFERS[APPEAL]),
            deadline_words=tracker.get_slot(DEADLINE_WORDS),
        )
        return []


class ValidateRemindersForm(KindFormValidationAction):
    """Yes or no; on the web the number and the code. Consent is stored as soon as it is given."""

    def name(self) -> str:
        return "validate_reminders_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot(WANTED) is True and not _by_text(tracker):
            return [WANTED, MOBILE, CODE]
        return [WANTED]

    def validate_reminders_wanted(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, WANTED):
            return {WANTED: value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if _offer_unseen(tracker):
            return {WANTED: None}  # the form asks it again, and now they see it
        answer = _yes_no(reply)
        if answer is None and reply.intent == ASKED_FOR:
            answer = True  # "text me reminders", in answer to the offer
        if answer is None:
            if answered_a_question(reply, dispatcher):
                return {WANTED: None}
            return not_read(WANTED, "utter_reminders_not_yes_no", reply, dispatcher, tracker)
        if not answer:
            decline(settings().database_url, conversation(tracker))
            return read(WANTED, False)
        if _by_text(tracker) and not confirm_by_sms(
            settings().database_url, tracker.sender_id, settings().today()
        ):
            dispatcher.utter_message(response="utter_reminders_not_sent")
            return read(WANTED, NOT_SET_UP)
        return read(WANTED, True)

    def validate_reminders_mobile(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, MOBILE):
            return {MOBILE: value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if _yes_no(reply) is False:
            decline(settings().database_url, conversation(tracker))
            return {**read(WANTED, False), MOBILE: None}
        number = read_uk_mobile(reply.text)
        if number is None:
            if answered_a_question(reply, dispatcher):
                return {MOBILE: None}
            return not_read(
                MOBILE, "utter_reminders_mobile_not_understood", reply, dispatcher, tracker
            )
        sent = send_code(settings(), conversation(tracker), number, utc_now())
        if sent != "sent":
            dispatcher.utter_message(response=CODE_NOT_SENT[sent])
            return {**read(WANTED, NOT_SET_UP), MOBILE: None}
        return read(MOBILE, mask_number(number))

    def validate_reminders_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, CODE):
            return {CODE: value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        typed = read_code(reply.text)
        if typed is None:
            return self._no_code(reply, dispatcher, tracker)
        checked = check_code(settings(), tracker.sender_id, typed, utc_now(), settings().today())
        if checked == "confirmed":
            return read(CODE, "confirmed")
        if checked == "wrong":
            dispatcher.utter_message(response="utter_reminders_code_wrong")
            return {CODE: None}
        if checked == "used_up":
            dispatcher.utter_message(response="utter_reminders_code_wrong")
        said = (
            "utter_reminders_code_expired" if checked == "expired" else "utter_reminders_new_code"
        )
        return self._new_code(said, dispatcher, tracker)

    def _no_code(self, reply: Reply, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        """Not a code: "no" gives up, "send it again" gets a new one, a question is answered."""
        if _yes_no(reply) is False:
            decline(settings().database_url, conversation(tracker))
            return {**read(WANTED, False), MOBILE: None, CODE: None}
        if asks_for_new_code(reply.text):
            return self._new_code("utter_reminders_new_code", dispatcher, tracker)
        if answered_a_question(reply, dispatcher):
            return {CODE: None}
        return not_read(CODE, "utter_reminders_code_not_understood", reply, dispatcher, tracker)

    def _new_code(self, said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        sent = resend_code(settings(), conversation(tracker), utc_now())
        if sent != "sent":
            dispatcher.utter_message(response=CODE_NOT_SENT[sent])
            return {**read(WANTED, NOT_SET_UP), MOBILE: None, CODE: None}
        dispatcher.utter_message(response=said)
        return {CODE: None}


class ActionFinishReminders(Action):
    """Says what was set up (or that nothing was), and clears the form for another time."""

    def name(self) -> str:
        return "action_finish_reminders"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        offer = offer_reminders(settings().database_url, tracker.sender_id, settings().today())
        if offer is not None and offer.confirmed:
            dispatcher.utter_message(
                response="utter_reminders_set", deadline_words=offer.deadline_words
            )
        elif tracker.get_slot(WANTED) is False:
            dispatcher.utter_message(response="utter_reminders_declined")
        return [SlotSet(WANTED, None), SlotSet(MOBILE, None), SlotSet(CODE, None)]
