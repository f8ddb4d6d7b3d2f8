"""The route's facts from the conversation's slots, and the reply that tells the family its route."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.actions.context import slot_date
from bot.mias.calendar import date_in_words
from bot.mias.deadlines import appeal_deadline, mias_contact_deadline
from bot.mias.intake import ROLES
from bot.mias.reading.decisions import LABELS
from bot.mias.rights import Holder
from bot.mias.routes import Agreement, Facts, Route

ROUTE_RESPONSES = {
    Route.MIAS: "utter_council_covered",
    Route.LATE: "utter_window_passed",
    Route.NOT_COVERED: "utter_council_not_covered",
    Route.NOT_ENGLAND: "utter_council_not_england",
    Route.NOT_APPEALABLE: "utter_decision_not_appealable",
    Route.DISABILITY_DISCRIMINATION: "utter_disability_discrimination",
    Route.HEALTH_SOCIAL_CARE_ONLY: "utter_health_social_care_only",
    Route.SCHOOL_ONLY: "utter_no_certificate_school_only",
    Route.SCHOOL_ONLY_LATE: "utter_school_only_late",
    Route.NO_CONSENT: "utter_privacy_declined",
    Route.YOUNG_PERSON_DECLINED: "utter_young_person_not_agreed",
    Route.REPRESENTATIVE: "utter_representative",
    Route.PARENT_HOLDS_RIGHT: "utter_parent_holds_right",
    Route.RIGHTS_ENDED: "utter_over_25",
}


def _holder(value: object) -> Holder | None:
    return next((holder for holder in Holder if holder.value == value), None)


def _agreement(value: object) -> Agreement | None:
    return next((agreement for agreement in Agreement if agreement.value == value), None)


def facts_of(tracker: Tracker) -> Facts:
    """The facts the route table reads; a slot holding words not yet read counts as unanswered."""
    consent, school_only = tracker.get_slot("privacy_consent"), tracker.get_slot("school_only")
    role, decision = tracker.get_slot("role"), tracker.get_slot("decision_type")
    return Facts(
        consent=consent if isinstance(consent, bool) else None,
        speaker=role if role in ROLES else None,
        holder=_holder(tracker.get_slot("rights_holder")),
        agreement=_agreement(tracker.get_slot("agreement")),
        decision=decision if decision in LABELS else None,
        school_only=school_only if isinstance(school_only, bool) else None,
        decision_date=slot_date(tracker, "decision_date"),
        date_confirmed=tracker.get_slot("decision_date_confirmed") is True,
        coverage=tracker.get_slot("council_coverage"),
    )


def route_words(route: Route, facts: Facts) -> tuple[str, dict[str, str]]:
    """The response that tells the family its route, with the dates it names in words."""
    words: dict[str, str] = {}
    if facts.decision_date is not None:
        words["decision_date_words"] = date_in_words(facts.decision_date)
        words["mias_deadline_words"] = date_in_words(mias_contact_deadline(facts.decision_date))
        words["appeal_deadline_words"] = date_in_words(appeal_deadline(facts.decision_date))
    return ROUTE_RESPONSES[route], words
