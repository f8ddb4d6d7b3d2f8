"""The queue and the case pages: take a case (the assistant is paused), read the transcript as it
grows, reply, note, hand back to the assistant, close, and (admins) erase the person's data."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.console.caseworkers.pages import (
    back,
    form_of,
    int_param,
    rasa_of,
    refuse,
    render,
    settings_of,
    templates,
)
from bot.console.security import CSRF_FIELD, csrf_token, flash, form_text
from bot.console.wording import say, transcript_note
from bot.services import casework
from bot.services.accounts import Account
from bot.services.cases import utc_now
from bot.services.casework import CaseworkError
from bot.services.mediation import mediation_queue
from bot.services.privacy import erase_case
from bot.services.queue import certificate_drafts, handoff_queue
from bot.services.rasa_api import RasaError, TranscriptLine
from bot.services.sms import texted_stop

MAX_REPLY_LENGTH = 1500

# ----------------------------------------------------------------------------- the queue


def _queue(request: Request) -> tuple[list[Any], int, list[Any]]:
    settings = settings_of(request)
    items = handoff_queue(settings.database_url, today=settings.today(), now=utc_now())
    drafts = certificate_drafts(settings.database_url, today=settings.today())
    return items, len(drafts), mediation_queue(settings.database_url, settings.today())


def _fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()[:16]


async def queue_page(request: Request, account: Account) -> Response:
    items, drafts, mediation = await run_in_threadpool(_queue, request)
    today = settings_of(request).today()
    return render(
        request, "console/queue.html", items=items, drafts=drafts, mediation=mediation, today=today
    )


async def queue_live(request: Request, account: Account) -> Response:
    """JSON for the queue page's script: the tables' rows, rendered by the same templates."""
    items, drafts, mediation = await run_in_threadpool(_queue, request)
    rows = templates.get_template("console/_queue_rows.html").render(
        items=items, account=account, csrf_field=CSRF_FIELD, csrf_token=csrf_token(request)
    )
    mediation_rows = templates.get_template("console/_mediation_queue_rows.html").render(
        mediation=mediation, today=settings_of(request).today()
    )
    body = {
        "version": _fingerprint(rows + mediation_rows + str(drafts)),
        "rows": rows,
        "mediation_rows": mediation_rows,
        "drafts": drafts,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def claim(request: Request, account: Account) -> Response:
    """Take a handoff and pause the assistant; if Rasa cannot pause it, give the handoff back."""
    database_url = settings_of(request).database_url
    handoff_id = int_param(request, "handoff_id")
    try:
        taken = await run_in_threadpool(casework.claim, database_url, handoff_id, account)
    except CaseworkError as error:
        flash(request, str(error))
        return back("/console/")
    try:
        await run_in_threadpool(rasa_of(request).pause, taken.conversation_id)
    except RasaError:
        await run_in_threadpool(
            casework.release, database_url, handoff_id, account, why="pause_failed"
        )
        flash(request, say("case.not_paused"))
        return back("/console/")
    return back(f"/console/cases/{taken.case_id}")


# ----------------------------------------------------------------------------- the case


def _worded(line: TranscriptLine) -> TranscriptLine:
    """A line as the caseworker reads it: Rasa's pause and resume get the transcript's words."""
    return replace(line, text=transcript_note(line.event)) if line.event else line


def _transcript(request: Request, conversation_id: str) -> list[TranscriptLine] | None:
    try:
        return [_worded(line) for line in rasa_of(request).transcript(conversation_id)]
    except RasaError:
        return None


async def case_page(request: Request, account: Account) -> Response:
    database_url = settings_of(request).database_url
    case_id = int_param(request, "case_id")
    card = await run_in_threadpool(casework.case_card, database_url, case_id, account)
    if card is None:
        return refuse(request, "not_found")
    lines = await run_in_threadpool(_transcript, request, card.conversation_id)
    return render(request, "console/case.html", card=card, lines=lines)


async def case_live(request: Request, account: Account) -> Response:
    """JSON for the case page's script: transcript lines after the first `after` ones."""
    database_url = settings_of(request).database_url
    case_id = int_param(request, "case_id")
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
    database_url = settings_of(request).database_url
    case_id = int_param(request, "case_id")
    handoff = await run_in_threadpool(casework.open_handoff_for, database_url, case_id)
    if handoff is None:
        return refuse(request, "not_found")
    try:
        return await run_in_threadpool(
            casework.require_claim, database_url, handoff.handoff_id, account
        )
    except CaseworkError as error:
        flash(request, str(error))
        return back(f"/console/cases/{case_id}")


async def reply(request: Request, account: Account) -> Response:
    handoff = await _claimed(request, account)
    if isinstance(handoff, Response):
        return handoff
    text = form_text(await form_of(request), "text", MAX_REPLY_LENGTH + 1)
    to_case = back(f"/console/cases/{handoff.case_id}")
    if not text:
        flash(request, say("case.reply_empty"))
        return to_case
    if len(text) > MAX_REPLY_LENGTH:
        flash(request, say("case.reply_too_long", max_chars=MAX_REPLY_LENGTH))
        return to_case
    try:
        await run_in_threadpool(
            rasa_of(request).send_caseworker_reply, handoff.conversation_id, text
        )
    except RasaError:
        stopped = await run_in_threadpool(
            texted_stop, settings_of(request).database_url, handoff.conversation_id
        )
        flash(request, say("case.reply_stopped" if stopped else "case.reply_not_sent"))
        return to_case
    await run_in_threadpool(
        casework.record_reply, settings_of(request).database_url, handoff, account
    )
    flash(request, say("case.reply_sent"))
    return to_case


async def add_note(request: Request, account: Account) -> Response:
    case_id = int_param(request, "case_id")
    text = form_text(await form_of(request), "note", casework.MAX_NOTE_LENGTH + 1)
    try:
        await run_in_threadpool(
            casework.add_note, settings_of(request).database_url, case_id, account, text
        )
        flash(request, say("case.note_saved"))
    except CaseworkError as error:
        flash(request, str(error))
    return back(f"/console/cases/{case_id}")


async def hand_back(request: Request, account: Account) -> Response:
    """Resume the assistant, let it pick up, then mark the handoff handed back."""
    handoff = await _claimed(request, account)
    if isinstance(handoff, Response):
        return handoff
    try:
        told = await run_in_threadpool(rasa_of(request).hand_back, handoff.conversation_id)
    except RasaError:
        flash(request, say("case.not_handed_back"))
        return back(f"/console/cases/{handoff.case_id}")
    await run_in_threadpool(
        casework.finish,
        settings_of(request).database_url,
        handoff.handoff_id,
        account,
        outcome="handed_back",
    )
    flash(request, say("case.handed_back" if told else "case.handed_back_untold"))
    return back("/console/")


async def close(request: Request, account: Account) -> Response:
    """Close the handoff; the assistant is resumed quietly so the person is never left unheard."""
    handoff = await _claimed(request, account)
    if isinstance(handoff, Response):
        return handoff
    try:
        await run_in_threadpool(rasa_of(request).resume, handoff.conversation_id)
    except RasaError:
        flash(request, say("case.not_closed"))
        return back(f"/console/cases/{handoff.case_id}")
    await run_in_threadpool(
        casework.finish,
        settings_of(request).database_url,
        handoff.handoff_id,
        account,
        outcome="closed",
    )
    flash(request, say("case.closed"))
    return back("/console/")


async def erase(request: Request, account: Account) -> Response:
    """An admin erases the person's data (confirmed, with a reason for the audit trail).

    Nothing is sent to the person: a message would start their conversation again.
    """
    case_id = int_param(request, "case_id")
    form = await form_of(request)
    reason = form_text(form, "reason", 500)
    if form.get("confirm") != "yes" or not reason:
        flash(request, say("case.erase_unconfirmed"))
        return back(f"/console/cases/{case_id}")
    report = await run_in_threadpool(
        lambda: erase_case(settings_of(request), case_id, actor=account.actor, reason=reason)
    )
    if report is None:
        return refuse(request, "not_found")
    kept = report.certificates_kept  # certificate records kept without names
    erased = say(
        "case.erased_no_certificate"
        if kept == 0
        else "case.erased_one_certificate"
        if kept == 1
        else "case.erased_certificates",
        case_id=case_id,
        kept=kept,
    )
    flash(request, erased)
    return back("/console/")
