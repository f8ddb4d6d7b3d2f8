"""Signing in and out, and (for admins) the accounts page: add a caseworker, turn one off."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.caseworkers.pages import back, form_of, int_param, refuse, render, settings_of
from bot.console.security import csrf_ok, current_account, flash, form_text, start_session
from bot.console.wording import say
from bot.services import accounts
from bot.services.accounts import Account, AccountError


async def sign_in_page(request: Request) -> Response:
    if await current_account(request) is not None:
        return back("/console/")
    return render(request, "console/sign_in.html")


async def sign_in(request: Request) -> Response:
    if not await csrf_ok(request):
        return refuse(request, "csrf")
    form = await form_of(request)
    email, password = form_text(form, "email", 254), form_text(form, "password", 1024)
    result = await run_in_threadpool(
        accounts.authenticate, settings_of(request).database_url, email, password
    )
    if result.outcome == "ok" and result.account is not None:
        start_session(request, result.account)
        return back("/console/")
    if result.outcome == "locked":
        error = say("sign_in.locked")
        return render(request, "console/sign_in.html", 429, error=error, email=email)
    error = say("sign_in.wrong")
    return render(request, "console/sign_in.html", 400, error=error, email=email)


async def sign_out(request: Request, account: Account) -> Response:
    await run_in_threadpool(accounts.record_sign_out, settings_of(request).database_url, account)
    request.session.clear()
    flash(request, say("sign_in.signed_out"))
    return back("/console/sign-in")


async def accounts_page(request: Request, account: Account) -> Response:
    people = await run_in_threadpool(accounts.list_accounts, settings_of(request).database_url)
    return render(request, "console/accounts.html", people=people)


async def add_account(request: Request, account: Account) -> Response:
    form = await form_of(request)
    try:
        await run_in_threadpool(
            lambda: accounts.create_caseworker(
                settings_of(request).database_url,
                form_text(form, "email", 254),
                form_text(form, "display_name", 200),
                form_text(form, "password", 1024),
                role="admin" if form.get("role") == "admin" else "caseworker",
                actor=account.actor,
            )
        )
    except AccountError as error:
        flash(request, str(error))
        return back("/console/accounts")
    flash(request, say("account.added"))
    return back("/console/accounts")


async def deactivate_account(request: Request, account: Account) -> Response:
    try:
        await run_in_threadpool(
            lambda: accounts.deactivate(
                settings_of(request).database_url, int_param(request, "account_id"), by=account
            )
        )
        flash(request, say("account.turned_off"))
    except AccountError as error:
        flash(request, str(error))
    return back("/console/accounts")
