"""The certificate a mediation case leads to: one click for a caseworker, or a family changing
their mind in the chat. When each is owed is `bot.mias.mediation` (see its docstring for the law
of a change of mind); issuing is `bot.services.certificates.issue_for_case`, once per route.

A caseworker's click issues at once ("auto"), naming them as the mediation adviser: they are the
person who checked the case, so review mode's second look adds nothing. A change of mind in the
chat is the assistant's, so CERTIFICATE_MODE decides, as for a family declining at the choice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.deadlines import appeal_deadline, certificate_due
from bot.mias.mediation import ChangeOfMind, change_of_mind
from bot.services.cases import Conversation, request_handoff
from bot.services.certificates import (
    CertificateConfig,
    CertificateView,
    find_certificate,
    issue_for_case,
)
from bot.services.mediation.cases import (
    ASSISTANT,
    MediationError,
    MediationView,
    moment_on,
    require_row,
    row_for_conversation,
    view_of,
)
from bot.services.mediation.telling import Told, tell_family
from bot.services.rasa_api import RasaClient
from bot.services.reminders import move_reminders
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.queries import audit, case_for, utc_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issued:
    """What a caseworker's click did: the certificate (new, or the one already there), or the
    refusal code that stopped it; and how the family was told of a new one."""

    certificate: CertificateView | None
    refusal: str | None = None
    created: bool = False
    told: Told | None = None


def issue_certificate(
    settings: Settings,
    rasa: RasaClient,
    mediation_id: int,
    route: CertificateRoute,
    *,
    actor: str,
    adviser: str,
    today: date,
) -> Issued:
    """Issue the certificate of `route` if the case owes it today, then tell the family.

    MediationError("not_owed") when the case does not owe it (yet); a refusal from the
    certificate's own rules (names missing, a late contact...) comes back in `refusal`.
    """
    with transaction(settings.database_url) as session:
        view = view_of(require_row(session, mediation_id), today)
    trigger = view.owed.get(route)
    if trigger is None:
        raise MediationError("not_owed")
    outcome = issue_for_case(
        settings.database_url,
        view.conversation_id,
        route,
        today=today,
        mode="auto",
        config=CertificateConfig.from_settings(settings),
        adviser=adviser,
        actor=actor,
        trigger_date=None if route is CertificateRoute.DECLINED else trigger,
    )
    if outcome.certificate is None:
        return Issued(None, refusal=outcome.refusal)
    if not outcome.created:
        return Issued(outcome.certificate)
    _keep_new_dates(settings.database_url, outcome.certificate)
    told = tell_family(settings, rasa, outcome.certificate, actor=actor)
    return Issued(outcome.certificate, created=True, told=told)


def tell_again(
    settings: Settings,
    rasa: RasaClient,
    mediation_id: int,
    number: str,
    *,
    actor: str,
    today: date,
) -> Told:
    """Send one of the case's valid certificates to the family again (the first try did not
    reach them)."""
    with transaction(settings.database_url) as session:
        view = view_of(require_row(session, mediation_id), today)
    certificate = find_certificate(settings.database_url, number)
    ours = number in {line.number for line in view.live_certificates}
    if not ours or certificate is None or certificate.status != "valid":
        raise MediationError("not_found")
    return tell_family(settings, rasa, certificate, actor=actor)


def _keep_new_dates(database_url: str, certificate: CertificateView) -> None:
    """The case now shows the certificate's dates (the console and the chat read them there):
    the appeal date counted from it, and when it was due; the family's reminders move with it."""
    if certificate.conversation_id is None or certificate.appeal_deadline is None:
        return
    with transaction(database_url) as session:
        case = case_for(session, certificate.conversation_id)
        if case is not None:
            case.appeal_deadline = certificate.appeal_deadline
            case.certificate_due = certificate.due_date
            case.updated_at = utc_now()
            move_reminders(session, case.id)


# ----------------------------------------------------------------------------- a change of mind


@dataclass(frozen=True)
class ChangeResult:
    """What a family asking for the certificate instead of mediation gets.

    `allowed` is None when the conversation has no mediation case (nothing changes). `certificate`
    is the live one (`existing` when it was there before they asked). `due` is the day a
    certificate is due by when none could be issued now; `held_on` the day mediation ended.
    """

    allowed: ChangeOfMind | None
    certificate: CertificateView | None = None
    existing: bool = False
    due: date | None = None
    held_on: date | None = None


def change_to_certificate(settings: Settings, who: Conversation, today: date) -> ChangeResult:
    """The family chose mediation and now asks for the certificate: what the law allows now."""
    database_url = settings.database_url
    with transaction(database_url) as session:
        row = row_for_conversation(session, who.conversation_id)
        view = view_of(row, today) if row is not None else None
    if view is None:
        return ChangeResult(None)
    allowed = change_of_mind(view.facts)
    existing = _live_certificate(database_url, view)
    if existing is not None:
        return ChangeResult(allowed, certificate=existing, existing=True)
    _audit_change(database_url, view, allowed)
    if allowed is ChangeOfMind.DECLINE:
        return _decline(settings, who, view, today)
    if allowed is ChangeOfMind.CONCLUDED:  # owed already: in the caseworkers' queue (T7)
        held_on = view.facts.held_on
        assert held_on is not None  # concluded means held
        return ChangeResult(allowed, due=certificate_due(held_on), held_on=held_on)
    request_handoff(database_url, who, "mediation_change_of_mind", urgent=False)
    return ChangeResult(allowed, held_on=view.facts.held_on)


def _live_certificate(database_url: str, view: MediationView) -> CertificateView | None:
    lines = view.live_certificates
    return find_certificate(database_url, lines[-1].number) if lines else None


def _audit_change(database_url: str, view: MediationView, allowed: ChangeOfMind) -> None:
    with transaction(database_url) as session:
        audit(
            session,
            ASSISTANT,
            "mediation_change_of_mind",
            case_id=view.case_id,
            detail=f"allowed={allowed.value}",
        )


def _decline(
    settings: Settings, who: Conversation, view: MediationView, today: date
) -> ChangeResult:
    """Record that the family no longer wants mediation (the reg 33 record changes with it), then
    issue or draft the certificate for declining; a refusal goes to a caseworker."""
    _withdraw(settings.database_url, view.mediation_id, today)
    outcome = issue_for_case(
        settings.database_url,
        who.conversation_id,
        CertificateRoute.DECLINED,
        today=today,
        mode=settings.certificate_mode,
        config=CertificateConfig.from_settings(settings),
    )
    if outcome.certificate is None:
        request_handoff(settings.database_url, who, "certificate_review", urgent=False)
        return ChangeResult(ChangeOfMind.DECLINE, due=certificate_due(today))
    _keep_new_dates(settings.database_url, outcome.certificate)
    return ChangeResult(ChangeOfMind.DECLINE, certificate=outcome.certificate)


def _withdraw(database_url: str, mediation_id: int, today: date) -> None:
    with transaction(database_url) as session:
        row = require_row(session, mediation_id)
        case = row.case
        row.withdrawn_on = row.withdrawn_on or today
        case.mias_completed_at = case.mias_completed_at or row.chosen_at
        case.choice, case.wants_mediation, case.wishes_to_appeal = "decline", False, True
        case.choice_recorded_at = moment_on(today)
        case.certificate_due = certificate_due(today)
        if case.decision_date is not None:
            case.appeal_deadline = appeal_deadline(case.decision_date, certificate_date=today)
        row.updated_at = case.updated_at = utc_now()
        audit(session, ASSISTANT, "mediation_withdrawn", case_id=case.id)
        move_reminders(session, case.id)
    logger.info("event=mediation_withdrawn mediation_id=%s", mediation_id)
