"""Decisions, certificates, routes and rights-holders (domain.md sections 1 and 5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
