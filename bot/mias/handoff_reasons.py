"""Why a conversation goes to a caseworker: one reason code for each trigger."""

from __future__ import annotations

from dataclasses import dataclass

# A text that carried a certificate did not reach the person's phone (Twilio's delivery report).
CERTIFICATE_UNDELIVERED = "certificate_undelivered"

ROUTE_REASONS = {
    "late": "window_passed",
    "not_covered": "not_covered",
    "not_england": "not_covered",
    "not_appealable": "unusual_case",
    "over_25": "unusual_case",
    "young_person_declined": "young_person_consent",
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
