"""A parent who finished the MIAS steps and chose mediation, stored as the assistant stores it:
the intake facts, the names to print (unless `names` is None), then the choice."""

from __future__ import annotations

from datetime import date

from bot.mias.choice import outcome_of
from bot.services.cases import Conversation, record_facts
from bot.services.certificates import record_certificate_details
from bot.services.choice import record_choice

SURREY = ("Surrey County Council", "E10000030")


def a_family_that_chose_mediation(
    database_url: str,
    who: Conversation,
    *,
    decision: date,
    chosen_on: date,
    council: tuple[str, str] | None = SURREY,
    names: tuple[str, str] | None = ("Jane Smith", "Sam Smith"),
) -> Conversation:
    name, code = council if council is not None else (None, None)
    record_facts(
        database_url,
        who,
        role="parent",
        age_group="under_16",
        rights_holder="parent",
        decision_type="refuse_plan",
        decision_date=decision,
        local_authority_name=name,
        local_authority_code=code,
        covered=True,
        route="mias",
    )
    if names is not None:
        applicant, child = names
        record_certificate_details(database_url, who, applicant_name=applicant, child_name=child)
    record_choice(database_url, who, outcome_of("mediate", "refuse_plan", decision, chosen_on))
    return who
