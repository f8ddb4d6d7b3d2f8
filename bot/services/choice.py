"""The person's choice after MIAS: storing the reg 33 record, and the certificate on a decline."""

from __future__ import annotations

from datetime import date

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.choice import ChoiceOutcome
from bot.services.cases import Conversation, record_facts, request_handoff
from bot.services.certificates import (
    CertificateConfig,
    CertificateOutcome,
    issue_for_case,
    record_certificate_details,
)
from bot.settings import Settings
from bot.store.queries import utc_now


def record_choice(database_url: str, who: Conversation, outcome: ChoiceOutcome) -> None:
    """Store the reg 33 record: wish to appeal, wish to mediate, and when it was said."""
    record_facts(
        database_url,
        who,
        choice=outcome.choice,
        wants_mediation=outcome.choice == "mediate",
        wishes_to_appeal=True if outcome.choice == "decline" else None,
        choice_recorded_at=utc_now(),
        certificate_due=outcome.certificate_due,
        appeal_deadline=outcome.appeal_deadline,
    )


def certificate_on_decline(
    settings: Settings, who: Conversation, applicant_name: str, child_name: str | None, today: date
) -> CertificateOutcome:
    """Issue (auto) or draft (review) the certificate for a decline; a refusal goes to a caseworker."""
    record_certificate_details(
        settings.database_url,
        who,
        applicant_name=applicant_name,
        child_name=child_name,
        mias_completed_at=utc_now(),
    )
    outcome = issue_for_case(
        settings.database_url,
        who.conversation_id,
        CertificateRoute.DECLINED,
        today=today,
        mode=settings.certificate_mode,
        config=CertificateConfig.from_settings(settings),
    )
    if outcome.refusal is not None:
        request_handoff(settings.database_url, who, "certificate_review", urgent=False)
    return outcome
