"""The person's choice after MIAS: the dates that follow from it, and the names a certificate prints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.mias.deadlines import (
    appeal_deadline,
    certificate_due,
    mediation_arrangement_deadline,
)
from bot.mias.decisions import parse_decision_type

PERSON_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '’.-]){1,79}$")
QUESTION_WORDS = frozenset(
    [
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "is",
        "are",
        "can",
        "could",
        "do",
        "does",
        "did",
        "will",
        "would",
        "should",
        "may",
    ]
)


@dataclass(frozen=True)
class ChoiceOutcome:
    """What the person chose and every date they need, computed once."""

    choice: str
    today: date
    tribunal_form: str
    appeal_deadline: date
    certificate_due: date | None
    mediation_by: date | None


def outcome_of(choice: str, decision_type: str, decision_date: date, today: date) -> ChoiceOutcome:
    """Dates for a choice made today.

    Declining: the certificate is due 3 working days from today (T2) and the appeal deadline is
    counted from a certificate issued today, the earliest it can be, so the date we give is never
    later than the real one. Mediating: the council must arrange it within 30 days (T4); the
    appeal deadline shown is the 2-month one, which a later certificate can only extend.
    """
    decision = parse_decision_type(decision_type)
    if decision is None:
        raise ValueError(f"no appeal route for decision type {decision_type!r}")
    if choice == "decline":
        return ChoiceOutcome(
            choice,
            today,
            decision.tribunal_form,
            appeal_deadline=appeal_deadline(decision_date, certificate_date=today),
            certificate_due=certificate_due(today),
            mediation_by=None,
        )
    return ChoiceOutcome(
        choice,
        today,
        decision.tribunal_form,
        appeal_deadline=appeal_deadline(decision_date),
        certificate_due=None,
        mediation_by=mediation_arrangement_deadline(today),
    )


def names_needed(choice: str | None, role: str | None) -> list[str]:
    """Declining leads to a certificate, which prints the applicant and the child or young person."""
    if choice != "decline":
        return []
    return ["applicant_name"] if role == "young_person" else ["applicant_name", "child_name"]


def person_name(text: str) -> str | None:
    """A name as typed ("sam o'neill-jones"), tidied; None when it is not a plausible name."""
    name = " ".join(text.split())
    return name if PERSON_NAME.match(name) else None


def reads_as_question(text: str) -> bool:
    """True for a question ("is it free?", "how long does it take"), not a name: the model alone
    once took "Priyanka Oyelaran-Whitfield" for a question about who attends. A name such as "Will
    Smith" starts like a question, so callers ask this only when the model also read a question."""
    words = text.strip().lower().split()
    return bool(words) and (text.rstrip().endswith("?") or words[0] in QUESTION_WORDS)
