"""Decisions, certificates, routes and rights-holders (domain.md sections 1 and 5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal


class DecisionType(str, Enum):
    """The LA decisions that can be appealed under CFA s.51(2) (domain.md 1.1)."""

    REFUSE_ASSESSMENT = "refuse_assessment"
    REFUSE_PLAN = "refuse_plan"
    PLAN_CONTENTS = "plan_contents"
    REFUSE_REASSESSMENT = "refuse_reassessment"
    REFUSE_AMEND = "refuse_amend"
    CEASE_PLAN = "cease_plan"

    @property
    def section_51_letter(self) -> str:
        """The paragraph of CFA s.51(2), "a" to "f"."""
        return _SECTION_51_LETTERS[self]

    @property
    def tribunal_form(self) -> str:
        """SEND35a for a refused assessment, SEND35 for every other appeal."""
        return "SEND35a" if self is DecisionType.REFUSE_ASSESSMENT else "SEND35"


_SECTION_51_LETTERS = {
    DecisionType.REFUSE_ASSESSMENT: "a",
    DecisionType.REFUSE_PLAN: "b",
    DecisionType.PLAN_CONTENTS: "c",
    DecisionType.REFUSE_REASSESSMENT: "d",
    DecisionType.REFUSE_AMEND: "e",
    DecisionType.CEASE_PLAN: "f",
}


def parse_decision_type(value: str) -> DecisionType | None:
    """The decision type named by an entity or slot value, or None if it names none."""
    normalised = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return DecisionType(normalised)
    except ValueError:
        return None


class Role(str, Enum):
    """Who is talking to the bot."""

    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    PROFESSIONAL = "professional"


@dataclass(frozen=True)
class CertificateRequirement:
    """Whether an appeal needs a mediation certificate (domain.md 1.2 and 1.3).

    `reason` is one of "appealable_decision", "school_only", "disability_discrimination",
    "health_social_care_only" or "not_appealable".
    """

    needed: bool
    reason: str
    mediation_available: bool


def certificate_requirement(
    decision_type: DecisionType | None,
    *,
    school_only: bool = False,
    disability_discrimination: bool = False,
    health_social_care_only: bool = False,
) -> CertificateRequirement:
    """Apply the table of domain.md 1.3.

    - Disability discrimination claim: no certificate and no right to mediation.
    - Health or social care elements only: no certificate, no stand-alone appeal; mediation is
      still available.
    - `decision_type` None ("something else"): not appealable; disagreement resolution instead.
    - Section I only (school or type named, or none): no certificate; mediation still available.
      `school_only` counts for plan contents only; Section I with B and/or F needs a certificate.
    - Any other s.51(2) decision: a certificate is needed.
    """
    if disability_discrimination:
        return CertificateRequirement(False, "disability_discrimination", False)
    if health_social_care_only:
        return CertificateRequirement(False, "health_social_care_only", True)
    if decision_type is None:
        return CertificateRequirement(False, "not_appealable", False)
    if school_only and decision_type is DecisionType.PLAN_CONTENTS:
        return CertificateRequirement(False, "school_only", True)
    return CertificateRequirement(True, "appealable_decision", True)


class Route(str, Enum):
    """Where the conversation goes next."""

    MIAS = "mias"
    DISAGREEMENT_RESOLUTION = "disagreement_resolution"
    CASEWORKER = "caseworker"


def route_for(
    decision_type: DecisionType | None,
    *,
    within_window: bool,
    disability_discrimination: bool = False,
) -> Route:
    """Choose the route (domain.md 1.3, 1.5 and case 11 of section 7).

    - Disability discrimination: a caseworker (time limit UNCONFIRMED, domain.md 1.3).
    - Not an appealable decision: disagreement resolution, available at any time.
    - Appealable but outside the 2-month window: a caseworker (case 11; DR may be all that is left).
    - Appealable and inside the window: MIAS.
    """
    if disability_discrimination:
        return Route.CASEWORKER
    if decision_type is None:
        return Route.DISAGREEMENT_RESOLUTION
    if not within_window:
        return Route.CASEWORKER
    return Route.MIAS


YOUNG_PERSON_MIN_AGE = 16
YOUNG_PERSON_MAX_AGE = 24


@dataclass(frozen=True)
class RightsHolder:
    """Who holds the Part 3 rights in a case (domain.md section 5).

    - `holder`: "parent" for a child, "young_person" from 16.
    - `needs_young_person_agreement`: someone else (a parent or professional) is acting for a young
      person, so the young person's consent or the representative's authority must be recorded.
    - `unknown_age`: no age was given; `holder` follows the role and the bot must ask.
    - `rights_ended`: 25 or over, no longer a young person; hand to a caseworker.
    """

    holder: Literal["parent", "young_person"]
    needs_young_person_agreement: bool
    unknown_age: bool = False
    rights_ended: bool = False


def who_holds_the_rights(role: Role, age: int | None) -> RightsHolder:
    """Decide who holds the rights from the user's role and the child's or young person's age.

    A young person is taken to be aged 16 to 24. The law says "over compulsory school age" (the last
    Friday in June of the school year they turn 16) and under 25; 16 is an approximation, so a
    16-year-old still in year 11 is treated as a young person.
    Capacity is never assessed here (domain.md section 5).
    """
    acting_for_someone = role is not Role.YOUNG_PERSON
    if age is None:
        holder: Literal["parent", "young_person"] = (
            "parent" if acting_for_someone else "young_person"
        )
        return RightsHolder(holder, needs_young_person_agreement=False, unknown_age=True)
    if age < 0:
        raise ValueError(f"age must not be negative, got {age}")
    if age < YOUNG_PERSON_MIN_AGE:
        return RightsHolder("parent", needs_young_person_agreement=False)
    return RightsHolder(
        "young_person",
        needs_young_person_agreement=acting_for_someone,
        rights_ended=age > YOUNG_PERSON_MAX_AGE,
    )
