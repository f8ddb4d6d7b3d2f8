"""The intake questions: which to ask, and where the answers lead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.mias.deadlines import within_mias_window
from bot.mias.decisions import (
    Role,
    certificate_requirement,
    parse_decision_type,
    who_holds_the_rights,
)

# One age stands for each answer button; the rules only need which side of 16 and 25 it falls.
AGE_GROUP_AGES = {"under_16": 15, "16_to_25": 16, "25_or_over": 25}
ROLES = frozenset(role.value for role in Role)
COVERED_REASONS = frozenset({"covered", "covered_county_district"})
# Consent must be unmistakable: a "yes" the model is unsure of is asked again, never assumed.
CLEAR_CONSENT_CONFIDENCE = 0.9


@dataclass(frozen=True)
class IntakeFacts:
    """What the person has told us so far (None: not asked or not answered yet)."""

    privacy_consent: bool | None = None
    role: str | None = None
    age_group: str | None = None
    young_person_agrees: bool | None = None
    decision_type: str | None = None
    school_only: bool | None = None
    decision_date: date | None = None
    decision_date_confirmed: bool | None = None
    council_coverage: str | None = None
    council_from_postcode: bool = False


def consent_is_clear(latest_message: dict[str, Any]) -> bool:
    """A button press or a confidently understood yes; a guess at gibberish is not consent."""
    intent = latest_message.get("intent") or {}
    return (
        intent.get("name") == "affirm"
        and float(intent.get("confidence") or 0) >= CLEAR_CONSENT_CONFIDENCE
    )


def age_group_from_text(text: str) -> str | None:
    """'he's 17' -> '16_to_25'; the first number in the text is taken as the age."""
    match = re.search(r"\b(\d{1,2})\b", text)
    if not match:
        return None
    age = int(match.group(1))
    if age < 16:
        return "under_16"
    return "16_to_25" if age < 25 else "25_or_over"


def questions(facts: IntakeFacts) -> list[str]:
    """The intake slots to ask, in order, given the answers so far."""
    asked = ["privacy_consent", "role"]
    if facts.role != Role.YOUNG_PERSON.value:
        asked.append("age_group")
        if facts.age_group == "16_to_25":
            asked.append("young_person_agrees")
    asked.append("decision_type")
    if facts.decision_type == "plan_contents":
        asked.append("school_only")
    asked += ["decision_date", "decision_date_confirmed", "local_authority"]
    if facts.council_from_postcode:
        asked.append("council_confirmed")
    return asked


def window_closed(facts: IntakeFacts, today: date) -> bool:
    return bool(
        facts.decision_date
        and facts.decision_date_confirmed
        and not within_mias_window(facts.decision_date, today)
    )


def answered_before_council(facts: IntakeFacts) -> bool:
    """Every question asked before the council has a known answer. A covered council alone must
    not end the intake: people name their council early, before the decision and its date,
    which the certificate and every deadline need."""
    agreement_needed = facts.role != Role.YOUNG_PERSON.value and facts.age_group == "16_to_25"
    return (
        facts.privacy_consent is True
        and facts.role in ROLES
        and (facts.role == Role.YOUNG_PERSON.value or facts.age_group in AGE_GROUP_AGES)
        and (not agreement_needed or facts.young_person_agrees is True)
        and parse_decision_type(facts.decision_type or "") is not None
        and (facts.decision_type != "plan_contents" or facts.school_only is not None)
        and facts.decision_date is not None
        and facts.decision_date_confirmed is True
    )


def decided_route(facts: IntakeFacts, today: date) -> str | None:
    """The route once the answers settle it, or None while more answers are needed.

    Called before the latest answer is validated, so a slot may still hold raw text (a typed age,
    or an old button pressed again): only known values count.
    """
    if facts.privacy_consent is False:
        return "no_consent"
    age = AGE_GROUP_AGES.get(facts.age_group or "")
    if (
        age is not None
        and facts.role in ROLES
        and who_holds_the_rights(Role(facts.role), age).rights_ended
    ):
        return "over_25"
    if facts.young_person_agrees is False:
        return "young_person_declined"
    if facts.decision_type == "other":
        return "not_appealable"
    if window_closed(facts, today):
        return "late"
    decision = parse_decision_type(facts.decision_type or "")
    if facts.decision_date_confirmed and decision is not None:
        requirement = certificate_requirement(decision, school_only=bool(facts.school_only))
        if not requirement.needed:
            return "school_only"
    if facts.council_coverage in COVERED_REASONS and answered_before_council(facts):
        return "mias"
    if facts.council_coverage in {"not_covered", "not_england"}:
        return facts.council_coverage
    return None
