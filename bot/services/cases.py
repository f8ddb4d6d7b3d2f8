"""Recording a family's case: every fact is stored before the bot replies."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.db import transaction
from bot.store.models import Case, Handoff, MiasStep
from bot.store.queries import case_for, utc_now

__all__ = [
    "CASE_FACTS",
    "CaseRecord",
    "Conversation",
    "load_case",
    "record_facts",
    "record_mias_step",
    "request_handoff",
    "utc_now",
]

logger = logging.getLogger(__name__)

CASE_FACTS = frozenset(
    {
        "role",
        "age_group",
        "decision_type",
        "school_only",
        "decision_date",
        "local_authority_code",
        "local_authority_name",
        "covered",
        "route",
        "mias_contact_deadline",
        "choice",
        "wishes_to_appeal",
        "wants_mediation",
        "choice_recorded_at",
        "certificate_due",
        "appeal_deadline",
        "privacy_consent_at",
        "rights_holder",
        "agreement",
        "helper_name",
        "school_year",
        "letter_told_rights",
    }
)


@dataclass(frozen=True)
class Conversation:
    """Who we are talking to: the Rasa sender id and the channel they use."""

    conversation_id: str
    channel: str


def _open_case(session: Session, who: Conversation, now: datetime) -> Case:
    case: Case | None = case_for(session, who.conversation_id)
    if case is None:
        case = Case(
            conversation_id=who.conversation_id,
            channel=who.channel,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        session.flush()
        logger.info("event=case_opened case_id=%s channel=%s", case.id, who.channel)
    return case


def record_facts(database_url: str, who: Conversation, **facts: Any) -> None:
    """Store what we have learnt about the case (unknown names are a programming error)."""
    unknown = set(facts) - CASE_FACTS
    if unknown:
        raise ValueError(f"not case facts: {sorted(unknown)}")
    now = utc_now()
    with transaction(database_url) as session:
        case = _open_case(session, who, now)
        for name, value in facts.items():
            setattr(case, name, value)
        case.channel = who.channel
        case.updated_at = now


def record_mias_step(database_url: str, who: Conversation, step: str) -> None:
    """Store that one MIAS item was given and acknowledged, once, with its time."""
    now = utc_now()
    with transaction(database_url) as session:
        case = _open_case(session, who, now)
        already = session.execute(
            select(MiasStep.id).where(MiasStep.case_id == case.id, MiasStep.step == step)
        ).first()
        if already is None:
            session.add(MiasStep(case_id=case.id, step=step, acknowledged_at=now))
        case.updated_at = now


def request_handoff(database_url: str, who: Conversation, reason: str, urgent: bool) -> int:
    """Mark the conversation for a caseworker; a waiting request is not raised twice."""
    now = utc_now()
    with transaction(database_url) as session:
        case = _open_case(session, who, now)
        waiting = session.execute(
            select(Handoff).where(Handoff.case_id == case.id, Handoff.status == "waiting")
        ).scalar_one_or_none()
        if waiting is not None:
            waiting.urgent = waiting.urgent or urgent
            if urgent:
                waiting.reason = reason
            handoff = waiting
        else:
            handoff = Handoff(
                case_id=case.id, reason=reason, urgent=urgent, status="waiting", created_at=now
            )
            session.add(handoff)
            session.flush()
        case.updated_at = now
        logger.info(
            "event=handoff_requested case_id=%s reason=%s urgent=%s", case.id, reason, urgent
        )
        return int(handoff.id)


@dataclass(frozen=True)
class CaseRecord:
    """A read-only copy of a case for the console, tests and summaries."""

    conversation_id: str
    channel: str
    facts: dict[str, Any]
    steps: tuple[str, ...]
    handoffs: tuple[tuple[str, bool, str], ...]


def load_case(database_url: str, conversation_id: str) -> CaseRecord | None:
    with transaction(database_url) as session:
        case = case_for(session, conversation_id)
        if case is None:
            return None
        return CaseRecord(
            conversation_id=case.conversation_id,
            channel=case.channel,
            facts={name: getattr(case, name) for name in sorted(CASE_FACTS)},
            steps=tuple(step.step for step in case.steps),
            handoffs=tuple((h.reason, h.urgent, h.status) for h in case.handoffs),
        )
