"""The caseworkers' pages under /console/: sign-in, queue, case card, reply, notes, hand back,
close, certificate review and (for admins) accounts.

Pages are rendered on the server and work without JavaScript; one small inline script per page
polls a JSON endpoint every few seconds and swaps in rows rendered by the same templates, so new
messages and queue changes appear without reloading. Database and Rasa calls run in worker threads.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.console.security import (
    CSRF_FIELD,
    Handler,
    csrf_ok,
    csrf_token,
    current_account,
    flash,
    form_text,
    guarded,
    nonce,
    security_headers,
    start_session,
    take_flash,
)
from bot.mias.calendar import date_in_words
from bot.mias.working_hours import UK_TIME
from bot.services import accounts, casework
from bot.services.accounts import Account, AccountError
from bot.services.cases import utc_now
from bot.services.casework import CaseworkError
from bot.services.certificates import (
    CertificateConfig,
    CertificateError,
    approve_draft,
    ready_to_notify,
    void_certificate,
)
from bot.services.certificates.notify import notify_certificate
from bot.services.privacy import erase_case
from bot.services.queue import certificate_drafts, handoff_queue
from bot.services.rasa_api import RasaClient, RasaError, TranscriptLine
from bot.services.sms import texted_stop
from bot.settings import Settings

logger = logging.getLogger(__name__)

POLL_SECONDS = 5
MAX_REPLY_LENGTH = 1500

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["in_words"] = date_in_words


def _uk_time(moment: datetime | None) -> str:
    """'14:05, Wednesday 25 November 2026' for a stored (naive UTC) or aware time."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    local = aware.astimezone(UK_TIME)
    return f"{local:%H:%M}, {date_in_words(local.date())}"


def _waited(item: Any) -> str:
    minutes = int(item.waiting.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h {minutes % 60} min" if hours < 48 else f"{hours // 24} days"


templates.env.filters["uk_time"] = _uk_time
templates.env.filters["waited"] = _waited


# ----------------------------------------------------------------------------- plumbing


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _rasa(request: Request) -> RasaClient:
    client: RasaClient = request.app.state.rasa
    return client


def _render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    settings = _settings(request)
    context = {
        "provider_name": settings.provider_name,
        "provider_phone": settings.provider_phone,
        "account": getattr(request.state, "account", None),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "nonce": nonce(request),
        "message": take_flash(request),
        "poll_seconds": POLL_SECONDS,
        **context,
    }
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=security_headers(request)
    )


def _back(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


def _refuse(request: Request, why: str) -> Response:
    if why == "signed_out":
        if request.url.path.endswith(".json"):
            return JSONResponse({"status": "signed_out"}, status_code=401)
        return _back("/console/sign-in")
    text = {
        "forbidden": "Only an admin can open this page.",
        "csrf": "This form had expired. Go back, reload the page and try again.",
        "not_found": "There is no open case here. It may have been closed or handed back.",
    }[why]
    status = {"forbidden": 403, "csrf": 403, "not_found": 404}[why]
    return _render(request, "console/problem.html", status, problem=text)


def _guard(handler: Handler, *, admin: bool = False) -> Any:
    return guarded(handler, refuse=_refuse, admin=admin)


async def _form(request: Request) -> Any:
    return await request.form()


def _int_param(request: Request, name: str) -> int:
    return int(request.path_params[name])


# ----------------------------------------------------------------------------- sign in and out


async def sign_in_page(request: Request) -> Response:
    if await current_account(request) is not None:
        return _back("/console/")
    return _render(request, "console/sign_in.html")


async def sign_in(request: Request) -> Response:
    if not await csrf_ok(request):
        return _refuse(request, "csrf")
    form = await _form(request)
    email, password = form_text(form, "email", 254), form_text(form, "password", 1024)
    result = await run_in_threadpool(
        accounts.authenticate, _settings(request).database_url, email, password
    )
    if result.outcome == "ok" and result.account is not None:
        start_session(request, result.account)
        return _back("/console/")
    if result.outcome == "locked":
        error = (
            "There have been too many tries for this account, so it is locked for 15 minutes. "
            "Try again later, or ask an admin."
        )
        return _render(request, "console/sign_in.html", 429, error=error, email=email)
    error = "The e-mail address or the password is not right."
    return _render(request, "console/sign_in.html", 400, error=error, email=email)


async def sign_out(request: Request, account: Account) -> Response:
    await run_in_threadpool(accounts.record_sign_out, _settings(request).database_url, account)
    request.session.clear()
    flash(request, "You have signed out.")
    return _back("/console/sign-in")


# ----------------------------------------------------------------------------- the queue


def _queue(request: Request) -> tuple[list[Any], int]:
    settings = _settings(request)
    items = handoff_queue(settings.database_url, today=settings.today(), now=utc_now())
    drafts = certificate_drafts(settings.database_url, today=settings.today())
    return items, len(drafts)


def _fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()[:16]


async def queue_page(request: Request, account: Account) -> Response:
    items, drafts = await run_in_threadpool(_queue, request)
    return _render(request, "console/queue.html", items=items, drafts=drafts)


async def queue_live(request: Request, account: Account) -> Response:
    """JSON for the queue page's script: the table rows, rendered by the same template."""
    items, drafts = await run_in_threadpool(_queue, request)
    rows = templates.get_template("console/_queue_rows.html").render(
        items=items, account=account, csrf_field=CSRF_FIELD, csrf_token=csrf_token(request)
    )
    body = {"version": _fingerprint(rows + str(drafts)), "rows": rows, "drafts": drafts}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def claim(request: Request, account: Account) -> Response:
    """Take a handoff and pause the assistant; if Rasa cannot pause it, give the handoff back."""
    database_url = _settings(request).database_url
    handoff_id = _int_param(request, "handoff_id")
    try:
        taken = await run_in_threadpool(casework.claim, database_url, handoff_id, account)
    except CaseworkError as error:
        flash(request, str(error))
        return _back("/console/")
    try:
        await run_in_threadpool(_rasa(request).pause, taken.conversation_id)
    except RasaError:
        await run_in_threadpool(
            casework.release, database_url, handoff_id, account, why="pause_failed"
        )
        flash(request, "The assistant could not be paused, so the case was not taken. Try again.")
        return _back("/console/")
    return _back(f"/console/cases/{taken.case_id}")


# ----------------------------------------------------------------------------- the case


def _transcript(request: Request, conversation_id: str) -> list[TranscriptLine] | None:
    try:
        return _rasa(request).transcript(conversation_id)
    except RasaError:
        return None


async def case_page(request: Request, account: Account) -> Response:
    database_url = _settings(request).database_url
    case_id = _int_param(request, "case_id")
    card = await run_in_threadpool(casework.case_card, database_url, case_id, account)
    if card is None:
        return _refuse(request, "not_found")
    lines = await run_in_threadpool(_transcript, request, card.conversation_id)
    return _render(request, "console/case.html", card=card, lines=lines)


async def case_live(request: Request, account: Account) -> Response:
    """JSON for the case page's script: transcript lines after the first `after` ones."""
    database_url = _settings(request).database_url
    case_id = _int_param(request, "case_id")
    state = await run_in_threadpool(casework.live_state, database_url, case_id)
    if state is None:
        return JSONResponse({"status": "closed"}, status_code=404)
    conversation_id, status = state
    lines = await run_in_threadpool(_transcript, request, conversation_id)
    try:
        after = max(0, int(request.query_params.get("after", "0")))
    except ValueError:
        after = 0
    new = (lines or [])[after:]
    html = templates.get_template("console/_lines.html").render(lines=new)
    body = {
        "count": len(lines or []),
        "html": html,
        "status": status,
        "reachable": lines is not None,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def _claimed(request: Request, account: Account) -> casework.OpenHandoff | Response:
    database_url = _settings(request).database_url
    case_id = _int_param(request, "case_id")
    handoff = await run_in_threadpool(casework.open_handoff_for, database_url, case_id)
    if handoff is None:
        return _refuse(request, "not_found")
    try:
        return await run_in_threadpool(
            casework.require_claim, database_url, handoff.handoff_id, account
        )
    except CaseworkError as error:
        flash(request, str(error))
        return _back(f"/console/cases/{case_id}")


async def reply(request: Request, account: Account) -> Response:
    handoff = await _claimed(request, account)
    if isinstance(handoff, Response):
        return handoff
    text = form_text(await _form(request), "text", MAX_REPLY_LENGTH + 1)
    back = _back(f"/console/cases/{handoff.case_id}")
    if not text:
        flash(request, "Write your reply before sending it.")
        return back
    if len(text) > MAX_REPLY_LENGTH:
        flash(request, f"A reply can have at most {MAX_REPLY_LENGTH} characters.")
        return back
    try:
        await run_in_threadpool(_rasa(request).send_caseworker_reply, handoff.conversation_id, text)
    except RasaError:
        stopped = await run_in_threadpool(
            texted_stop, _settings(request).database_url, handoff.conversation_id
        )
        flash(
            request,
            "This person texted STOP, so we can't text them. Your reply was not sent."
            if stopped
            else "Your reply could not be sent. Please try again in a moment.",
        )
        return back
    await run_in_threadpool(
        casework.record_reply, _settings(request).database_url, handoff, account
    )
    flash(request, "Your reply was sent.")
    return back


async def add_note(request: Request, account: Account) -> Response:
    case_id = _int_param(request, "case_id")
    text = form_text(await _form(request), "note", casework.MAX_NOTE_LENGTH + 1)
    try:
        await run_in_threadpool(
            casework.add_note, _settings(request).database_url, case_id, account, text
        )
        flash(request, "Your note was saved.")
    except CaseworkError as error:
        flash(request, str(error))
    return _back(f"/console/cases/{case_id}")


async def hand_back(request: Request, account: Account) -> Response:
    """Resume the assistant, let it pick up, then mark the handoff handed back."""
    handoff = await _claimed(request, account)
    if isinstance(handoff, Response):
        return handoff
    try:
        told = await run_in_threadpool(_rasa(request).hand_back, handoff.conversation_id)
    except RasaError:
        flash(request, "The assistant could not take the conversation back. Try again.")
        return _back(f"/console/cases/{handoff.case_id}")
    await run_in_threadpool(
        casework.finish,
        _settings(request).database_url,
        handoff.handoff_id,
        account,
        outcome="handed_back",
    )
    flash(
        request,
        "The assistant has the conversation again."
        if told
        else (
            "The assistant has the conversation again, but could not tell the person. "
            "It will answer their next message."
        ),
    )
    return _back("/console/")


async def close(request: Request, account: Account) -> Response:
    """Close the handoff; the assistant is resumed quietly so the person is never left unheard."""
    handoff = await _claimed(request, account)
    if isinstance(handoff, Response):
        return handoff
    try:
        await run_in_threadpool(_rasa(request).resume, handoff.conversation_id)
    except RasaError:
        flash(request, "The case could not be closed because the assistant did not answer.")
        return _back(f"/console/cases/{handoff.case_id}")
    await run_in_threadpool(
        casework.finish,
        _settings(request).database_url,
        handoff.handoff_id,
        account,
        outcome="closed",
    )
    flash(request, "The case is closed.")
    return _back("/console/")


async def erase(request: Request, account: Account) -> Response:
    """An admin erases the person's data (confirmed, with a reason for the audit trail).

    Nothing is sent to the person: a message would start their conversation again.
    """
    case_id = _int_param(request, "case_id")
    form = await _form(request)
    reason = form_text(form, "reason", 500)
    if form.get("confirm") != "yes" or not reason:
        flash(request, "To delete this person's data, give a reason and tick the box to confirm.")
        return _back(f"/console/cases/{case_id}")
    report = await run_in_threadpool(
        lambda: erase_case(_settings(request), case_id, actor=account.actor, reason=reason)
    )
    if report is None:
        return _refuse(request, "not_found")
    kept = report.certificates_kept
    flash(
        request,
        f"Case {case_id} is deleted: the chat, the answers and the notes. "
        + (
            f"{kept} certificate record{'s' if kept != 1 else ''} stay without names, so they "
            "can still be checked."
            if kept
            else "There was no certificate to keep."
        ),
    )
    return _back("/console/")


# ----------------------------------------------------------------------------- certificates


def _certificate_lists(settings: Settings) -> tuple[list[Any], list[Any]]:
    drafts = certificate_drafts(settings.database_url, today=settings.today())
    return drafts, ready_to_notify(settings.database_url)


async def certificates_page(request: Request, account: Account) -> Response:
    drafts, unsent = await run_in_threadpool(_certificate_lists, _settings(request))
    return _render(request, "console/certificates.html", drafts=drafts, unsent=unsent)


def _approve_and_notify(settings: Settings, rasa: RasaClient, number: str, actor: str) -> bool:
    """Approve; then tell the person. False when approved but the message did not go."""
    config = CertificateConfig.from_settings(settings)
    approve_draft(settings.database_url, number, actor, settings.today(), config=config)
    return _notify(settings, rasa, number, actor)


def _notify(settings: Settings, rasa: RasaClient, number: str, actor: str) -> bool:
    config = CertificateConfig.from_settings(settings)
    try:
        notify_certificate(settings.database_url, rasa, number, config=config, actor=actor)
    except RasaError:
        return False
    return True


async def approve(request: Request, account: Account) -> Response:
    number = request.path_params["number"]
    try:
        told = await run_in_threadpool(
            _approve_and_notify, _settings(request), _rasa(request), number, account.actor
        )
    except CertificateError as error:
        flash(request, f"This certificate could not be approved: {error}.")
        return _back("/console/certificates")
    flash(
        request,
        f"Certificate {number} is approved and the person has been sent it."
        if told
        else f"Certificate {number} is approved, but the message to the person did not go. "
        "Use 'Send again' below.",
    )
    return _back("/console/certificates")


async def send_again(request: Request, account: Account) -> Response:
    number = request.path_params["number"]
    told = await run_in_threadpool(
        _notify, _settings(request), _rasa(request), number, account.actor
    )
    flash(request, "The certificate was sent." if told else "It still could not be sent.")
    return _back("/console/certificates")


async def void(request: Request, account: Account) -> Response:
    number = request.path_params["number"]
    reason = form_text(await _form(request), "reason", 500)
    if not reason:
        flash(request, "Give a reason before voiding a certificate.")
        return _back("/console/certificates")
    try:
        await run_in_threadpool(
            void_certificate, _settings(request).database_url, number, reason, account.actor
        )
    except (CertificateError, ValueError) as error:
        flash(request, f"This certificate could not be voided: {error}.")
        return _back("/console/certificates")
    flash(request, f"Certificate {number} is void.")
    return _back("/console/certificates")


# ----------------------------------------------------------------------------- accounts (admin)


async def accounts_page(request: Request, account: Account) -> Response:
    people = await run_in_threadpool(accounts.list_accounts, _settings(request).database_url)
    return _render(request, "console/accounts.html", people=people)


async def add_account(request: Request, account: Account) -> Response:
    form = await _form(request)
    try:
        await run_in_threadpool(
            lambda: accounts.create_caseworker(
                _settings(request).database_url,
                form_text(form, "email", 254),
                form_text(form, "display_name", 200),
                form_text(form, "password", 1024),
                role="admin" if form.get("role") == "admin" else "caseworker",
                actor=account.actor,
            )
        )
    except AccountError as error:
        flash(request, str(error))
        return _back("/console/accounts")
    flash(request, "The account was added.")
    return _back("/console/accounts")


async def deactivate_account(request: Request, account: Account) -> Response:
    try:
        await run_in_threadpool(
            lambda: accounts.deactivate(
                _settings(request).database_url, _int_param(request, "account_id"), by=account
            )
        )
        flash(request, "The account was turned off.")
    except AccountError as error:
        flash(request, str(error))
    return _back("/console/accounts")


def console_routes() -> list[Route]:
    g = _guard
    return [
        Route("/console/sign-in", sign_in_page, methods=["GET"]),
        Route("/console/sign-in", sign_in, methods=["POST"]),
        Route("/console/sign-out", g(sign_out), methods=["POST"]),
        Route("/console/", g(queue_page), methods=["GET"]),
        Route("/console/queue.json", g(queue_live), methods=["GET"]),
        Route("/console/handoffs/{handoff_id:int}/claim", g(claim), methods=["POST"]),
        Route("/console/cases/{case_id:int}", g(case_page), methods=["GET"]),
        Route("/console/cases/{case_id:int}/transcript.json", g(case_live), methods=["GET"]),
        Route("/console/cases/{case_id:int}/reply", g(reply), methods=["POST"]),
        Route("/console/cases/{case_id:int}/notes", g(add_note), methods=["POST"]),
        Route("/console/cases/{case_id:int}/hand-back", g(hand_back), methods=["POST"]),
        Route("/console/cases/{case_id:int}/close", g(close), methods=["POST"]),
        Route("/console/cases/{case_id:int}/erase", g(erase, admin=True), methods=["POST"]),
        Route("/console/certificates", g(certificates_page), methods=["GET"]),
        Route("/console/certificates/{number}/approve", g(approve), methods=["POST"]),
        Route("/console/certificates/{number}/send-again", g(send_again), methods=["POST"]),
        Route("/console/certificates/{number}/void", g(void), methods=["POST"]),
        Route("/console/accounts", g(accounts_page, admin=True), methods=["GET"]),
        Route("/console/accounts", g(add_account, admin=True), methods=["POST"]),
        Route(
            "/console/accounts/{account_id:int}/deactivate",
            g(deactivate_account, admin=True),
            methods=["POST"],
        ),
    ]
