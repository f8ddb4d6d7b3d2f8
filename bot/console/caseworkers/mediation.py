"""The mediation cases: every family who chose mediation, their 30-day clock, what the caseworker
records, and the certificate one click away when it is owed (bot.services.mediation)."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.caseworkers.pages import (
    back,
    form_of,
    int_param,
    rasa_of,
    refuse,
    render,
    settings_of,
)
from bot.console.security import flash, form_text
from bot.console.wording import say
from bot.mias.certificate_routes import CertificateRoute
from bot.mias.mediation import Outcome, appeal_date_after_certificate
from bot.services.accounts import Account
from bot.services.mediation import (
    Issued,
    MediationError,
    Told,
    issue_certificate,
    mediation_case,
    mediation_cases,
    record_names,
    record_progress,
    tell_again,
)
from bot.services.mediation.progress import DATES

# Why a change was not stored, by the service's code: the words to show (no values to fill).
PROBLEMS = {
    "in_the_future": "mediation.in_the_future",
    "before_the_choice": "mediation.before_the_choice",
    "before_council_told": "mediation.before_council_told",
    "outcome_without_meeting": "mediation.outcome_without_meeting",
    "not_owed": "mediation.not_owed",
    "not_found": "mediation.not_found",
    "date_missing": "mediation.date_missing",
    "outcome_missing": "mediation.outcome_missing",
}
# Why a certificate was refused, by bot.services.certificates' refusal code.
REFUSALS = {
    "incomplete": "mediation.refused_incomplete",
    "late": "mediation.refused_late",
    "flagged": "mediation.refused_flagged",
}


def _page(mediation_id: int) -> str:
    return f"/console/mediation/{mediation_id}"


async def list_page(request: Request, account: Account) -> Response:
    settings = settings_of(request)
    finished = request.query_params.get("finished") == "1"
    cases = await run_in_threadpool(
        mediation_cases, settings.database_url, settings.today(), finished=finished
    )
    return render(
        request,
        "console/mediation_list.html",
        cases=cases,
        finished=finished,
        today=settings.today(),
    )


async def case_page(request: Request, account: Account) -> Response:
    settings = settings_of(request)
    today = settings.today()
    view = await run_in_threadpool(
        mediation_case,
        settings.database_url,
        int_param(request, "mediation_id"),
        today,
        viewer=account.actor,
    )
    if view is None:
        return refuse(request, "not_found")
    appeal_if_today = (
        appeal_date_after_certificate(view.decision_date, today) if view.decision_date else None
    )
    return render(
        request,
        "console/mediation_case.html",
        view=view,
        today=today,
        appeal_if_today=appeal_if_today,
        routes=CertificateRoute,
    )


def _date(form: Any, name: str) -> date | None:
    try:
        return date.fromisoformat(form_text(form, name, 10))
    except ValueError:
        return None


def _changes(form: Any) -> dict[str, date | Outcome | None] | str:
    """The change a record form asks for, or the code of what is wrong with it."""
    what = form_text(form, "what", 32)
    if what not in DATES:
        return "not_found"
    if form.get("clear") == "yes":  # the day it was held and its outcome go together
        return {what: None, "outcome": None} if what == "held_on" else {what: None}
    day = _date(form, "day")
    if day is None:
        return "date_missing"
    if what != "held_on":
        return {what: day}
    try:
        return {what: day, "outcome": Outcome(form_text(form, "outcome", 32))}
    except ValueError:
        return "outcome_missing"


async def record(request: Request, account: Account) -> Response:
    settings = settings_of(request)
    mediation_id = int_param(request, "mediation_id")
    changes = _changes(await form_of(request))
    if isinstance(changes, str):
        flash(request, say(PROBLEMS[changes]))
        return back(_page(mediation_id))
    try:
        await run_in_threadpool(
            lambda: record_progress(
                settings.database_url,
                mediation_id,
                changes,
                actor=account.actor,
                today=settings.today(),
            )
        )
    except MediationError as error:
        flash(request, say(PROBLEMS[error.code]))
        return back(_page(mediation_id))
    flash(request, say("mediation.recorded"))
    return back(_page(mediation_id))


async def names(request: Request, account: Account) -> Response:
    settings = settings_of(request)
    mediation_id = int_param(request, "mediation_id")
    form = await form_of(request)
    applicant, child = form_text(form, "applicant_name", 120), form_text(form, "child_name", 120)
    if not (applicant or child):
        flash(request, say("mediation.names_missing"))
        return back(_page(mediation_id))
    try:
        await run_in_threadpool(
            lambda: record_names(
                settings.database_url,
                mediation_id,
                applicant_name=applicant or None,
                child_name=child or None,
                actor=account.actor,
            )
        )
    except MediationError as error:
        flash(request, say(PROBLEMS[error.code]))
        return back(_page(mediation_id))
    flash(request, say("mediation.names_saved"))
    return back(_page(mediation_id))


def _told_words(number: str, told: Told | None) -> str:
    if told is None:
        return say("mediation.already_issued", number=number)
    if told.chat and told.text:
        return say("mediation.issued_told_both", number=number)
    if told.chat:
        return say("mediation.issued_told_chat", number=number)
    if told.text:
        return say("mediation.issued_told_text", number=number)
    return say("mediation.issued_not_told", number=number)


def _issued_words(issued: Issued) -> str:
    if issued.certificate is None:
        code = issued.refusal or "incomplete"
        return say(REFUSALS.get(code, "mediation.refused_other"))
    return _told_words(issued.certificate.number, issued.told)


async def certificate(request: Request, account: Account) -> Response:
    """The one click: issue the certificate of the route asked for, and tell the family."""
    settings = settings_of(request)
    mediation_id = int_param(request, "mediation_id")
    try:
        route = CertificateRoute(form_text(await form_of(request), "route", 32))
    except ValueError:
        return refuse(request, "not_found")
    try:
        issued = await run_in_threadpool(
            lambda: issue_certificate(
                settings,
                rasa_of(request),
                mediation_id,
                route,
                actor=account.actor,
                adviser=account.display_name,
                today=settings.today(),
            )
        )
    except MediationError as error:
        flash(request, say(PROBLEMS[error.code]))
        return back(_page(mediation_id))
    flash(request, _issued_words(issued))
    return back(_page(mediation_id))


async def tell(request: Request, account: Account) -> Response:
    """Send a certificate's messages again when the family could not be told the first time."""
    settings = settings_of(request)
    mediation_id = int_param(request, "mediation_id")
    number = form_text(await form_of(request), "number", 32)
    try:
        told = await run_in_threadpool(
            lambda: tell_again(
                settings,
                rasa_of(request),
                mediation_id,
                number,
                actor=account.actor,
                today=settings.today(),
            )
        )
    except MediationError as error:
        flash(request, say(PROBLEMS[error.code]))
        return back(_page(mediation_id))
    words = "mediation.told_again" if told.anyhow else "mediation.still_not_told"
    flash(request, say(words))
    return back(_page(mediation_id))
