"""Intake: consent, who is talking, the decision, its date and the council."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import conversation, settings, slot_date
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.mias.calendar import date_in_words
from bot.mias.deadlines import appeal_deadline, mias_contact_deadline, within_mias_window
from bot.mias.intake import (
    AGE_GROUP_AGES,
    IntakeFacts,
    age_group_from_text,
    consent_is_clear,
    decided_route,
    questions,
)
from bot.mias.spoken_dates import parse_spoken_date
from bot.services.cases import record_facts, utc_now
from bot.services.coverage import (
    CoverageResult,
    check_council,
    check_postcode,
    postcode_sources,
)

Slots = dict[str, Any]
ROLES = ("parent", "young_person", "professional")
DECISION_TYPES = (
    "refuse_assessment",
    "refuse_plan",
    "plan_contents",
    "refuse_reassessment",
    "refuse_amend",
    "cease_plan",
    "other",
)
POSTCODE_SUGGESTS_COUNCIL = frozenset({"covered", "covered_county_district", "not_covered"})
POSTCODE_PROBLEM_REPLIES = {
    "unknown": "utter_postcode_unknown",
    "outcode_ambiguous": "utter_postcode_need_full",
}
ROUTE_RESPONSES = {
    "mias": "utter_council_covered",
    "late": "utter_window_passed",
    "not_covered": "utter_council_not_covered",
    "not_england": "utter_council_not_england",
    "not_appealable": "utter_decision_not_appealable",
    "school_only": "utter_no_certificate_school_only",
    "no_consent": "utter_privacy_declined",
    "young_person_declined": "utter_young_person_not_agreed",
    "over_25": "utter_over_25",
}


def intake_facts(tracker: Tracker) -> IntakeFacts:
    return IntakeFacts(
        privacy_consent=tracker.get_slot("privacy_consent"),
        role=tracker.get_slot("role"),
        age_group=tracker.get_slot("age_group"),
        young_person_agrees=tracker.get_slot("young_person_agrees"),
        decision_type=tracker.get_slot("decision_type"),
        school_only=tracker.get_slot("school_only"),
        decision_date=slot_date(tracker, "decision_date"),
        decision_date_confirmed=tracker.get_slot("decision_date_confirmed"),
        council_coverage=tracker.get_slot("council_coverage"),
        council_from_postcode=tracker.get_slot("postcode_coverage") is not None,
    )


class ValidateIntakeForm(KindFormValidationAction):
    """Checks each answer, stores it, and asks only the questions this case needs."""

    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The questions this case needs; once the route is settled, only those already answered.

        rasa-sdk validates only the slots listed here, so the answer that settled the route must
        stay in the list to be validated and stored.
        """
        facts = intake_facts(tracker)
        asked = questions(facts)
        if decided_route(facts, settings().today()) is None:
            return asked
        return [slot for slot in asked if tracker.get_slot(slot) is not None]

    def _store(self, tracker: Tracker, **facts: Any) -> None:
        record_facts(settings().database_url, conversation(tracker), **facts)

    def validate_privacy_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if tracker.get_slot("requested_slot") != "privacy_consent":
            return {"privacy_consent": value}  # given earlier; the form is being resumed
        if value is True and not consent_is_clear(tracker.latest_message):
            dispatcher.utter_message(response="utter_consent_unclear")
            return {"privacy_consent": None}
        if value is True:
            self._store(tracker, privacy_consent_at=utc_now())
        return {"privacy_consent": value}

    def validate_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if value not in ROLES:
            return {"role": None}
        self._store(tracker, role=value)
        if value == "young_person" and tracker.get_slot("requested_slot") == "role":
            dispatcher.utter_message(response="utter_young_person_holds_rights")
        return {"role": value}

    def validate_age_group(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        group = value if value in AGE_GROUP_AGES else age_group_from_text(str(value))
        if group is None:
            dispatcher.utter_message(response="utter_age_not_understood")
            return {"age_group": None}
        self._store(tracker, age_group=group)
        return {"age_group": group}

    def validate_young_person_agrees(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return {"young_person_agrees": value}

    def validate_decision_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if value not in DECISION_TYPES:
            if tracker.get_slot("requested_slot") == "decision_type":
                dispatcher.utter_message(response="utter_decision_not_understood")
            return {"decision_type": None}
        self._store(tracker, decision_type=value)
        return {"decision_type": value}

    def validate_school_only(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        self._store(tracker, school_only=value)
        return {"school_only": value}

    def validate_decision_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        today = settings().today()
        said = value[0] if isinstance(value, list) else str(value)
        decision_date = parse_spoken_date(said, today)
        if decision_date is None:
            dispatcher.utter_message(response="utter_date_not_understood")
            return {"decision_date": None}
        if decision_date > today:
            dispatcher.utter_message(response="utter_date_in_future")
            return {"decision_date": None}
        return {
            "decision_date": decision_date.isoformat(),
            "decision_date_words": date_in_words(decision_date),
        }

    def validate_decision_date_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        decision_date = slot_date(tracker, "decision_date")
        if value is not True or decision_date is None:
            return {
                "decision_date": None,
                "decision_date_words": None,
                "decision_date_confirmed": None,
            }
        deadline = mias_contact_deadline(decision_date)
        self._store(tracker, decision_date=decision_date, mias_contact_deadline=deadline)
        words = date_in_words(deadline)
        if within_mias_window(decision_date, settings().today()):
            dispatcher.utter_message(response="utter_window_open", mias_deadline_words=words)
        return {"decision_date_confirmed": True, "mias_deadline_words": words}

    def validate_local_authority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """A council's name decides; a postcode only suggests the council, which the person confirms."""
        said = value[0] if isinstance(value, list) else str(value)
        by_name = check_council(said)
        if by_name.reason == "ambiguous":
            dispatcher.utter_message(
                response="utter_council_ambiguous",
                council_candidates=" or ".join(by_name.candidates),
            )
            return {"local_authority": None}
        if by_name.authority_name is not None:
            return self._council_found(tracker, by_name)
        sources = postcode_sources(settings())
        return self._postcode_given(dispatcher, check_postcode(said, sources=sources))

    def _council_found(self, tracker: Tracker, result: CoverageResult) -> Slots:
        self._store(
            tracker,
            local_authority_code=result.authority_code,
            local_authority_name=result.authority_name,
            covered=result.covered,
        )
        return {
            "local_authority": result.authority_name,
            "local_authority_code": result.authority_code,
            "council_coverage": result.reason,
        }

    def _postcode_given(self, dispatcher: CollectingDispatcher, result: CoverageResult) -> Slots:
        if result.reason == "not_england":
            return {"local_authority": result.nation, "council_coverage": "not_england"}
        if result.reason in POSTCODE_SUGGESTS_COUNCIL and result.authority_name:
            return {
                "local_authority": result.authority_name,
                "local_authority_code": result.authority_code,
                "postcode_words": result.postcode,
                "postcode_coverage": result.reason,
            }
        reply = POSTCODE_PROBLEM_REPLIES.get(result.reason, "utter_council_unknown")
        dispatcher.utter_message(response=reply, postcode_words=result.postcode or "")
        return {"local_authority": None}

    def validate_council_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if value is not True:
            dispatcher.utter_message(response="utter_council_by_name")
            return {
                "council_confirmed": None,
                "local_authority": None,
                "local_authority_code": None,
                "postcode_words": None,
                "postcode_coverage": None,
            }
        coverage = tracker.get_slot("postcode_coverage")
        self._store(
            tracker,
            local_authority_code=tracker.get_slot("local_authority_code"),
            local_authority_name=tracker.get_slot("local_authority"),
            covered=coverage != "not_covered",
        )
        return {"council_confirmed": True, "council_coverage": coverage}


class ActionAssessCase(Action):
    """After intake: decide the route, store it, and tell the person what it means."""

    def name(self) -> str:
        return "action_assess_case"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        facts = intake_facts(tracker)
        route = decided_route(facts, settings().today())
        if route is None:
            return []
        record_facts(settings().database_url, conversation(tracker), route=route)
        extra: dict[str, str] = {}
        if route == "school_only" and facts.decision_date:
            extra["appeal_deadline_words"] = date_in_words(appeal_deadline(facts.decision_date))
        dispatcher.utter_message(response=ROUTE_RESPONSES[route], **extra)
        return [SlotSet("route", route)]
