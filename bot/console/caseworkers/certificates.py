"""The certificates page: drafts waiting for review (approve or void) and approved certificates
whose message to the person did not go (send again)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.caseworkers.pages import back, form_of, rasa_of, render, settings_of
from bot.console.security import flash, form_text
from bot.console.wording import say
from bot.services.accounts import Account
from bot.services.certificates import (
    CertificateConfig,
    CertificateError,
    approve_draft,
    ready_to_notify,
    void_certificate,
)
from bot.services.certificates.notify import notify_certificate
from bot.services.queue import certificate_drafts
from bot.services.rasa_api import RasaClient, RasaError
from bot.settings import Settings


def _certificate_lists(settings: Settings) -> tuple[list[Any], list[Any]]:
    drafts = certificate_drafts(settings.database_url, today=settings.today())
    return drafts, ready_to_notify(settings.database_url)


async def certificates_page(request: Request, account: Account) -> Response:
    drafts, unsent = await run_in_threadpool(_certificate_lists, settings_of(request))
    return render(request, "console/certificates.html", drafts=drafts, unsent=unsent)


def _approve_and_notify(
    settings: Settings, rasa: RasaClient, number: str, account: Account
) -> bool:
    """Approve, naming the caseworker as the certificate's mediation adviser; then tell the
    person. False when approved but the message did not go."""
    config = CertificateConfig.from_settings(settings)
    approve_draft(
        settings.database_url,
        number,
        account.actor,
        settings.today(),
        adviser=account.display_name,
        config=config,
    )
    return _notify(settings, rasa, number, account.actor)


def _notify(settings: Settings, rasa: RasaClient, number: str, actor: str) -> bool:
    try:
        notify_certificate(settings, rasa, number, actor=actor)
    except RasaError:
        return False
    return True


async def approve(request: Request, account: Account) -> Response:
    number = request.path_params["number"]
    try:
        told = await run_in_threadpool(
            _approve_and_notify, settings_of(request), rasa_of(request), number, account
        )
    except CertificateError as error:
        flash(request, say("certificate.not_approved", error=error))
        return back("/console/certificates")
    approved = say(
        "certificate.approved_sent" if told else "certificate.approved_not_sent", number=number
    )
    flash(request, approved)
    return back("/console/certificates")


async def send_again(request: Request, account: Account) -> Response:
    number = request.path_params["number"]
    told = await run_in_threadpool(
        _notify, settings_of(request), rasa_of(request), number, account.actor
    )
    flash(request, say("certificate.sent_again" if told else "certificate.still_not_sent"))
    return back("/console/certificates")


async def void(request: Request, account: Account) -> Response:
    number = request.path_params["number"]
    reason = form_text(await form_of(request), "reason", 500)
    if not reason:
        flash(request, say("certificate.void_unexplained"))
        return back("/console/certificates")
    try:
        await run_in_threadpool(
            void_certificate, settings_of(request).database_url, number, reason, account.actor
        )
    except (CertificateError, ValueError) as error:
        flash(request, say("certificate.not_voided", error=error))
        return back("/console/certificates")
    flash(request, say("certificate.voided", number=number))
    return back("/console/certificates")
