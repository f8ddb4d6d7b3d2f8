"""Intake: consent, who is talking, their age, the decision, its date and the council.

Each question reads the whole reply as its own kind of answer (bot.actions.answers); the route
follows from the answers through one table (bot.mias.routes).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.context import conversation, settings, slot_date
from bot.actions.council import CouncilQuestions
from bot.actions.decision_question import DecisionQuestions
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.actions.routes import facts_of, route_words
from bot.mias.calendar import date_in_words
from bot.mias.deadlines import mias_contact_deadline
from bot.mias.intake import Asked, questions
from bot.mias.reading.ages import AgeAnswer, age_in_passing, read_age
from bot.mias.reading.roles import read_agreement, read_role
from bot.mias.reading.yes_no import read_yes_no
from bot.mias.rights import Holder, holder_of_the_right
from bot.mias.routes import decide_route
from bot.mias.spoken_dates import parse_spoken_date
from bot.services.cases import record_facts, utc_now

Slots = dict[str, Any]
BUTTON_YES, BUTTON_NO = "affirm", "deny"
SCHOOL_ONLY_WORDS = ("only the school", "only the college", "just the school", "just the college")


def _yes_no(reply: Reply) -> bool | None:
    """A yes/no button, or yes or no in words."""
    if reply.button_intent in (BUTTON_YES, BUTTON_NO):
        return reply.button_intent == BUTTON_YES
    return read_yes_no(reply.text)


class ValidateIntakeForm(CouncilQuestions, DecisionQuestions, KindFormValidationAction):
    """Reads each reply as the answer to the question asked, stores it, asks only what is needed."""

    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The questions this case needs; once the route is settled, only those answered.

        rasa-sdk validates only the slots listed here, so the answer that settled the route must
        stay in the list to be validated and stored.
        """
        facts = facts_of(tracker)
        asked = questions(
            facts,
            Asked(
                school_year_answered=tracker.get_slot("school_year") is not None,
                decision_candidates=bool(tracker.get_slot("decision_candidates")),
                council_from_postcode=tracker.get_slot("postcode_coverage") is not None,
            ),
        )
        if decide_route(facts, settings().today()) is None:
            return asked
        return [slot for slot in asked if tracker.get_slot(slot) is not None]

    def _store(self, tracker: Tracker, **facts: Any) -> None:
        record_facts(settings().database_url, conversation(tracker), **facts)

    def validate_privacy_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "privacy_consent"):
            return {"privacy_consent": value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"privacy_consent": None}
        consent = _yes_no(reply)
        if consent is None:
            return not_read("privacy_consent", "utter_consent_unclear", reply, dispatcher, tracker)
        if consent:
            self._store(tracker, privacy_consent_at=utc_now())
        return read("privacy_consent", consent)

    def validate_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "role"):
            return {"role": value}
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"role": None}
        role = reply.entity("role") or read_role(reply.text)
        if role is None:
            return not_read("role", "utter_role_not_understood", reply, dispatcher, tracker)
        self._store(tracker, role=role)
        return {
            **read("role", role),
            **self._age_in_passing(reply, role, dispatcher, tracker),
            **self._decision_in_passing(reply, tracker),
        }

    def _age_in_passing(
        self, reply: Reply, role: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        """An age said with who they are ("its about my own plan, im 19") is kept, so the age
        question is not asked."""
        if tracker.get_slot("age") is not None:
            return {}
        today = settings().today()
        answer = age_in_passing(reply.text, today, about_self=role == "young_person")
        holder = holder_of_the_right(answer, today) if answer is not None else None
        if answer is None or holder is None:
            return {}
        return self._age_answered(answer, holder, role, dispatcher, tracker)

    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "age"):
            return {"age": value}
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"age": None}
        today = settings().today()
        answer = read_age(reply.entity("age") or reply.text, today)
        holder = holder_of_the_right(answer, today)
        if holder is None:
            return not_read("age", "utter_age_not_understood", reply, dispatcher, tracker)
        return {
            **self._age_answered(answer, holder, tracker.get_slot("role"), dispatcher, tracker),
            **self._decision_in_passing(reply, tracker),
        }

    def _age_answered(
        self,
        answer: AgeAnswer,
        holder: Holder,
        role: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> Slots:
        self._store(
            tracker,
            age_group=_age_group(answer.age, answer.under_16),
            rights_holder=_stored(holder),
        )
        if holder is Holder.YOUNG_PERSON and role == "young_person":
            dispatcher.utter_message(response="utter_young_person_holds_rights")
        return {
            **read("age", str(answer.age) if answer.age is not None else "stated"),
            "rights_holder": holder.value,
        }

    def validate_school_year(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "school_year"):
            return {"school_year": value}
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"school_year": None}
        today = settings().today()
        answer = read_age(reply.text, today)
        holder = holder_of_the_right(_year_11_or_below(answer, reply), today)
        holder = holder or Holder.NEEDS_SCHOOL_YEAR
        if holder is Holder.NEEDS_SCHOOL_YEAR:
            return not_read(
                "school_year", "utter_school_year_not_understood", reply, dispatcher, tracker
            )
        self._store(tracker, rights_holder=_stored(holder), school_year=answer.school_year)
        if holder is Holder.YOUNG_PERSON and tracker.get_slot("role") == "young_person":
            dispatcher.utter_message(response="utter_young_person_holds_rights")
        return {
            **read("school_year", answer.school_year or holder.value),
            "rights_holder": holder.value,
        }

    def validate_agreement(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "agreement"):
            return {"agreement": value}
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"agreement": None}
        button = {BUTTON_YES: "agrees", BUTTON_NO: "not_agreed"}.get(reply.button_intent or "")
        agreement = reply.entity("agreement") or button or read_agreement(reply.text)
        if agreement is None:
            return not_read(
                "agreement", "utter_agreement_not_understood", reply, dispatcher, tracker
            )
        self._store(tracker, agreement=agreement)
        return read("agreement", agreement)

    def validate_school_only(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "school_only"):
            return {"school_only": value}
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"school_only": None}
        only = _yes_no(reply)
        if only is None and any(words in reply.text.lower() for words in SCHOOL_ONLY_WORDS):
            only = True
        if only is None:
            return not_read(
                "school_only", "utter_school_only_not_understood", reply, dispatcher, tracker
            )
        self._store(tracker, school_only=only)
        return read("school_only", only)

    def validate_decision_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "decision_date"):
            return {"decision_date": value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"decision_date": None}
        return self._date_said(reply, dispatcher, tracker)

    def _date_said(self, reply: Reply, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        today = settings().today()
        decision_date = parse_spoken_date(reply.text, today)
        if decision_date is None:
            return not_read(
                "decision_date", "utter_date_not_understood", reply, dispatcher, tracker
            )
        if decision_date > today:
            dispatcher.utter_message(response="utter_date_in_future")
            return {"decision_date": None}
        return {
            **read("decision_date", decision_date.isoformat()),
            "decision_date_words": date_in_words(decision_date),
            "decision_date_confirmed": None,
        }

    def validate_decision_date_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        decision_date = slot_date(tracker, "decision_date")
        if not self._asked(tracker, "decision_date_confirmed") and decision_date is not None:
            return {"decision_date_confirmed": value}
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"decision_date_confirmed": None}
        confirmed = _yes_no(reply)
        if not confirmed and parse_spoken_date(reply.text, settings().today()) is not None:
            return self._date_said(reply, dispatcher, tracker)  # "no, it was the 4th"
        if confirmed is None or decision_date is None:
            return not_read(
                "decision_date_confirmed",
                "utter_date_confirm_not_understood",
                reply,
                dispatcher,
                tracker,
            )
        if not confirmed:
            return {
                **read("decision_date_confirmed", None),
                "decision_date": None,
                "decision_date_words": None,
            }
        deadline = mias_contact_deadline(decision_date)
        self._store(tracker, decision_date=decision_date, mias_contact_deadline=deadline)
        return {
            **read("decision_date_confirmed", True),
            "mias_deadline_words": date_in_words(deadline),
        }


def _year_11_or_below(answer: AgeAnswer, reply: Reply) -> AgeAnswer:
    """A yes or no to "Year 11 or below?" read as a school year. Yes is taken as Year 11 (a
    16-year-old is not lower), so the date still decides: after the last Friday in June of
    Year 11 they are a young person. No means Year 12 or beyond."""
    if answer.school_year is not None or answer.post_16:
        return answer
    still_at_school = _yes_no(reply)
    if still_at_school is None:
        return answer
    return AgeAnswer(school_year=11 if still_at_school else 12)


def _age_group(age: int | None, under_16: bool) -> str | None:
    """The age as the case stores it, for the caseworkers: 'under_16', '16', '17_to_24', '25_or_over'."""
    if under_16 or (age is not None and age < 16):
        return "under_16"
    if age is None:
        return None
    if age == 16:
        return "16"
    return "17_to_24" if age < 25 else "25_or_over"


def _stored(holder: Holder) -> str | None:
    return holder.value if holder in (Holder.PARENT, Holder.YOUNG_PERSON) else None


class ActionAssessCase(Action):
    """After intake: decide the route, store it, and tell the person what it means."""

    def name(self) -> str:
        return "action_assess_case"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        facts = facts_of(tracker)
        route = decide_route(facts, settings().today())
        if route is None:
            return []
        record_facts(settings().database_url, conversation(tracker), route=route.value)
        response, words = route_words(route, facts)
        dispatcher.utter_message(response=response, **words)
        return [SlotSet("route", route.value)]
