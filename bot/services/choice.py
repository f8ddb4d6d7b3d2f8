"""The person's choice after MIAS: the reg 33 record, the names to print, the certificate on a decline."""

from __future__ import annotations

from datetime import date, datetime

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.choice import ChoiceOutcome
from bot.services.cases import Conversation, record_facts, request_handoff
from bot.services.certificates import (
    CertificateConfig,
    CertificateOutcome,
    issue_for_case,
    record_certificate_details,
)
from bot.services.mediation import open_mediation_case
from bot.settings import Settings
from bot.store.queries import utc_now


def record_choice(
    database_url: str, who: Conversation, outcome: ChoiceOutcome, at: datetime | None = None
) -> None:
    """Store the reg 33 record: wish to appeal, wish to mediate, and when it was said (`at`, the
    service's own now, which MIAS_TODAY freezes; the clock's by default); a choice of mediation
    opens its case for the caseworkers (the 30-day clock, bot.services.mediation)."""
    record_facts(
        database_url,
        who,
        choice=outcome.choice,
        wants_mediation=outcome.choice == "mediate",
        wishes_to_appeal=True if outcome.choice == "decline" else None,
        choice_recorded_at=utc_now(at),
        certificate_due=outcome.certificate_due,
        appeal_deadline=outcome.appeal_deadline,
    )
    if outcome.choice == "mediate":
        open_mediation_case(database_url, who.conversation_id, outcome.today)


def record_names(
    database_url: str,
    who: Conversation,
    *,
    applicant_name: str | None,
    child_name: str | None,
    helper_name: str | None,
    at: datetime | None = None,
) -> None:
    """The names a certificate prints (asked after either choice), and the time the MIAS
    information was finished (`at`, as record_choice).

    `applicant_name` is the appellant (a parent, or the young person); `helper_name` whoever talks
    for a young person with their agreement."""
    record_certificate_details(
        database_url,
        who,
        applicant_name=applicant_name,
        child_name=child_name,
        helper_name=helper_name,
        mias_completed_at=utc_now(at),
    )


def certificate_on_decline(
    settings: Settings, who: Conversation, today: date
) -> CertificateOutcome:
    """Issue (auto) or draft (review) the certificate for a decline; a refusal goes to a caseworker."""
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
