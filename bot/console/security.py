"""Console sessions: who is signed in, CSRF tokens, and the security headers of every page.

The session is Starlette's signed cookie (CONSOLE_SECRET_KEY); it holds only the account id, the
CSRF token and a one-off message. The account is read from the database on every request, so a
deactivated account loses access at once. Every POST must carry the session's CSRF token.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.services.accounts import Account, get_account

SESSION_COOKIE = "mias_console"
SESSION_HOURS = 8
CSRF_FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def csrf_ok(request: Request) -> bool:
    """True when the posted form carries this session's token."""
    form = await request.form()
    sent, expected = form.get(CSRF_FIELD), request.session.get("csrf")
    return (
        isinstance(sent, str)
        and isinstance(expected, str)
        and secrets.compare_digest(sent.encode(), expected.encode())
    )


def start_session(request: Request, account: Account) -> None:
    """A fresh session for a signed-in account (a new CSRF token too: no session fixation)."""
    request.session.clear()
    request.session["account_id"] = account.id
    csrf_token(request)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message


def take_flash(request: Request) -> str | None:
    message = request.session.pop("flash", None)
    return message if isinstance(message, str) else None


async def current_account(request: Request) -> Account | None:
    account_id = request.session.get("account_id")
    if not isinstance(account_id, int):
        return None
    database_url: str = request.app.state.settings.database_url
    account: Account | None = await run_in_threadpool(get_account, database_url, account_id)
    if account is None:
        request.session.clear()
    return account


def nonce(request: Request) -> str:
    """A per-response nonce for the one inline script a page may have."""
    value = getattr(request.state, "nonce", None)
    if value is None:
        value = secrets.token_urlsafe(16)
        request.state.nonce = value
    return str(value)


def security_headers(request: Request) -> dict[str, str]:
    return {
        "Cache-Control": "no-store",
        "X-Robots-Tag": "noindex, nofollow",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": (
            "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"script-src 'nonce-{nonce(request)}'; connect-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'"
        ),
    }


Endpoint = Callable[[Request], Awaitable[Response]]
Handler = Callable[[Request, Account], Awaitable[Response]]
Refusal = Callable[[Request, str], Response]


def guarded(handler: Handler, *, refuse: Refusal, admin: bool = False) -> Endpoint:
    """Signed in (else to the sign-in page), admin if asked, and a CSRF check on every POST."""

    async def endpoint(request: Request) -> Response:
        account = await current_account(request)
        if account is None:
            return refuse(request, "signed_out")
        if admin and not account.is_admin:
            return refuse(request, "forbidden")
        if request.method == "POST" and not await csrf_ok(request):
            return refuse(request, "csrf")
        request.state.account = account
        return await handler(request, account)

    return endpoint


# C0 control characters but tab, newline and return: never typed on purpose, and PostgreSQL refuses
# NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def form_text(form: Any, name: str, limit: int = 4000) -> str:
    """A form field as text: trimmed, without control characters, at most `limit` characters."""
    value = form.get(name)
    return _CONTROL.sub("", value).strip()[:limit] if isinstance(value, str) else ""
