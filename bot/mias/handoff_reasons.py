"""Why a conversation goes to a caseworker: one reason code for each trigger."""

from __future__ import annotations

from dataclasses import dataclass

# A text that carried a certificate did not reach the person's phone (Twilio's delivery report).
CERTIFICATE_UNDELIVERED = "certificate_undelivered"

ROUTE_REASONS = {
    "late": "window_passed",
    "school_only_late": "window_passed",
    "not_covered": "not_covered",
    "not_england": "not_covered",
    "not_appealable": "disagreement_resolution",
    "disability_discrimination": "disability_discrimination",
    "health_social_care_only": "mediation_request",
    "school_only": "mediation_request",
    "over_25": "unusual_case",
    "parent_holds_right": "young_person_consent",
    "young_person_declined": "young_person_consent",
    "representative": "representative",
}


@dataclass(frozen=True)
class HandoffReason:
    code: str
    urgent: bool


def handoff_reason(
    *, latest_intent: str | None, route: str | None, after_misunderstanding: bool
) -> HandoffReason:
    """Safeguarding first and urgent; then what the conversation had found; else a plain request."""
    if latest_intent == "safeguarding_concern":
        return HandoffReason("safeguarding", urgent=True)
    if after_misunderstanding:
        return HandoffReason("repeated_misunderstanding", urgent=False)
    if route in ROUTE_REASONS:
        return HandoffReason(ROUTE_REASONS[route], urgent=False)
    return HandoffReason("user_request", urgent=False)
