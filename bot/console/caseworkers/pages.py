"""What every caseworkers' page shares: the templates and their filters, the request's settings
and Rasa client, rendering with the security headers, redirects and refusals."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from bot.console.security import (
    CSRF_FIELD,
    Endpoint,
    Handler,
    csrf_token,
    guarded,
    nonce,
    security_headers,
    take_flash,
)
from bot.console.wording import reason_words, say
from bot.mias.calendar import date_in_words
from bot.mias.working_hours import UK_TIME
from bot.services.rasa_api import RasaClient
from bot.settings import Settings

POLL_SECONDS = 5
# Why a page is refused: the words saying so, and the status.
REFUSALS = {
    "forbidden": ("refused.forbidden", 403),
    "csrf": ("refused.csrf", 403),
    "not_found": ("refused.not_found", 404),
}

templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))


def uk_time(moment: datetime | None) -> str:
    """'14:05, Wednesday 25 November 2026' for a stored (naive UTC) or aware time."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    local = aware.astimezone(UK_TIME)
    return f"{local:%H:%M}, {date_in_words(local.date())}"


def waited(item: Any) -> str:
    """How long a queue item has waited: minutes, then hours and minutes, then days."""
    minutes = int(item.waiting.total_seconds() // 60)
    if minutes < 60:
        return say("waited.minutes", minutes=minutes)
    hours = minutes // 60
    if hours < 48:
        return say("waited.hours", hours=hours, minutes=minutes % 60)
    return say("waited.days", days=hours // 24)


templates.env.filters["in_words"] = date_in_words
templates.env.filters["uk_time"] = uk_time
templates.env.filters["waited"] = waited
templates.env.filters["reason_words"] = reason_words


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def rasa_of(request: Request) -> RasaClient:
    client: RasaClient = request.app.state.rasa
    return client


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    settings = settings_of(request)
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


def back(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


def refuse(request: Request, why: str) -> Response:
    """Signed out: to the sign-in page (401 for the pages' scripts); else a page saying why."""
    if why == "signed_out":
        if request.url.path.endswith(".json"):
            return JSONResponse({"status": "signed_out"}, status_code=401)
        return back("/console/sign-in")
    words, status = REFUSALS[why]
    return render(request, "console/problem.html", status, problem=say(words))


def guard(handler: Handler, *, admin: bool = False) -> Endpoint:
    return guarded(handler, refuse=refuse, admin=admin)


async def form_of(request: Request) -> Any:
    return await request.form()


def int_param(request: Request, name: str) -> int:
    return int(request.path_params[name])
