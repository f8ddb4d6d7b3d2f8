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


def names_needed(choice: str | None, speaker: str | None, holder: str | None) -> list[str]:
    """The names a certificate prints, asked once the choice is made.

    Declining leads to a certificate now; choosing mediation may lead to one later (not arranged
    in time, or not everything agreed), so the names are asked then too and the caseworker can
    issue it with one click. The appellant is who holds the right of appeal: a parent for a
    child (with the child's name), the young person otherwise; when someone else helps a young
    person, the young person's name is the appellant's and the helper's own name is asked too.
    """
    if choice not in ("mediate", "decline"):
        return []
    if speaker == "young_person":
        return ["applicant_name"]
    if holder == "young_person":
        return ["applicant_name", "helper_name"]
    return ["applicant_name", "child_name"]


NAME_OPENINGS = re.compile(
    r"^(?:(?:my|his|her|their|the) (?:full )?name(?: is|s)?|(?:i am|im|i'm|it is|its|it's|"
    r"(?:he|she|they) (?:is|are) called|(?:he|she|they)(?:'s|s) called|called|this is)\b)[\s:,-]*",
    re.IGNORECASE,
)


def person_name(text: str) -> str | None:
    """A name as typed ("sam o'neill-jones", "my name is Grace Delete"), tidied; None when it is
    not a plausible name."""
    name = NAME_OPENINGS.sub("", " ".join(text.split())).strip(" .")
    return name if PERSON_NAME.match(name) else None


MEDIATE_WORDS = re.compile(
    r"\b(?:try mediation|mediation please|want mediation|go to mediation|do mediation|"
    r"have mediation|like mediation|mediation first|yes (?:to )?mediation|mediate|try it)\b"
)
DECLINE_WORDS = re.compile(
    r"\b(?:no mediation|not mediation|dont want mediation|do not want mediation|no to mediation|"
    r"skip mediation|without mediation|not interested in mediation|straight to (?:the )?(?:appeal|tribunal)|"
    r"appeal|certificate|tribunal|decline|declining|no thanks|no thank you)\b"
)


def read_choice(text: str) -> str | None:
    """'mediate' or 'decline' from the person's words; None when they don't say which."""
    said = " ".join(re.sub(r"[^\w\s]", "", text.lower().replace("’", "")).split())
    declines = bool(DECLINE_WORDS.search(said))
    mediates = bool(MEDIATE_WORDS.search(said)) and not re.search(
        r"\b(?:no|not|dont) (?:\w+ )?mediat", said
    )
    if said in ("mediation", "mediation please"):
        return "mediate"
    if mediates == declines:
        return None
    return "mediate" if mediates else "decline"
