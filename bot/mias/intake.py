"""The intake questions: which to ask, one at a time and in order, given the answers so far.

Where the answers lead is the route table's job (bot.mias.routes); this says what is still to be
asked. A question stays in the list once it has an answer, so the form keeps checking (and
storing) the answer that settled it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.mias.decisions import Role
from bot.mias.reading.decisions import PLAN_CONTENTS
from bot.mias.rights import Holder
from bot.mias.routes import Facts

ROLES = tuple(role.value for role in Role)


@dataclass(frozen=True)
class Asked:
    """What the answers so far say about the questions that depend on them."""

    school_year_answered: bool = False
    decision_candidates: bool = False
    council_from_postcode: bool = False


def questions(facts: Facts, asked: Asked) -> list[str]:
    """The intake slots to ask, in order, given the answers so far."""
    slots = ["privacy_consent", "role", "age"]
    if facts.holder is Holder.NEEDS_SCHOOL_YEAR or asked.school_year_answered:
        slots.append("school_year")
    if facts.agreement_needed or facts.agreement is not None:
        slots.append("agreement")
    if asked.decision_candidates:
        slots.append("decision_between")
    slots.append("decision_type")
    if facts.decision == PLAN_CONTENTS:
        slots.append("school_only")
    slots += ["decision_date", "decision_date_confirmed", "local_authority"]
    if asked.council_from_postcode:
        slots.append("council_confirmed")
    return slots
