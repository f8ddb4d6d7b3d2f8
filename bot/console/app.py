"""The console's ASGI app: public pages (demo, certificate check, downloads) and, under
/console/, the caseworkers' pages (bot.console.caseworkers).

The public certificate pages give nothing away to someone guessing: an unknown number and a
malformed one get the same page, after the same database query, and a client that misses too
often is asked to wait (a `SlidingWindow` of misses per client, `bot.mias.message_limits`).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import Scope

from bot.console.caseworkers import console_routes
from bot.console.privacy import chat_routes, erasure_job
from bot.console.security import SESSION_COOKIE, SESSION_HOURS
from bot.mias.calendar import date_in_words
from bot.mias.message_limits import SlidingWindow
from bot.services.certificates import (
    DownloadGrant,
    LinkExpired,
    LinkInvalid,
    VerifyResult,
    certificate_pdf,
    find_certificate,
    ics_for,
    read_download_token,
    verify,
)
from bot.services.rasa_api import RasaClient
from bot.settings import Settings

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["in_words"] = date_in_words

VERIFY_MISSES, VERIFY_WINDOW_S = 10, 600.0  # unknown numbers one client may try in 10 minutes
WIDGET_DIR = Path(__file__).parent / "static"
# A stable URL that other sites embed: browsers may keep it an hour, then ask again (ETag).
WIDGET_HEADERS = {
    "Cache-Control": "public, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",
}

PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _page(request: Request, name: str, status_code: int, **context: object) -> Response:
    context = {
        "provider_name": _settings(request).provider_name,
        "provider_phone": _settings(request).provider_phone,
        **context,
    }
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=PRIVATE_HEADERS
    )


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


class WidgetFiles(StaticFiles):
    """The built chat widget (`npm run --prefix widget build` writes bot/console/static/)."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(WIDGET_HEADERS)
        if response.status_code != 304 and str(full_path).endswith(".js"):
            response.headers["Content-Type"] = "text/javascript; charset=utf-8"
        return response


def demo_page_policy(rasa_url: str, nonce: str) -> str:
    """The demo page's Content-Security-Policy: our own script and styles, and connections only
    to the console and the Rasa server (socket.io over HTTP long-polling or a WebSocket)."""
    parts = urlsplit(rasa_url)
    websocket = "wss" if parts.scheme == "https" else "ws"
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self'",
            f"connect-src 'self' {parts.scheme}://{parts.netloc} {websocket}://{parts.netloc}",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


async def home(request: Request) -> Response:
    """The demo page: a page of the provider's website with the chat widget on it."""
    settings = _settings(request)
    nonce = secrets.token_urlsafe(16)
    headers = {
        "Content-Security-Policy": demo_page_policy(settings.public_rasa_url, nonce),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
    context = {
        "provider_name": settings.provider_name,
        "provider_phone": settings.provider_phone,
        "rasa_url": settings.public_rasa_url,
        "nonce": nonce,
    }
    return templates.TemplateResponse(request, "home.html", context, headers=headers)


# ----------------------------------------------------------------------------- verification


def _wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json"


def _too_many(request: Request, retry_after: int) -> Response:
    headers = {**PRIVATE_HEADERS, "Retry-After": str(retry_after)}
    if _wants_json(request):
        return JSONResponse({"status": "rate_limited"}, status_code=429, headers=headers)
    response = _page(request, "verify_wait.html", 429)
    response.headers["Retry-After"] = str(retry_after)
    return response


def _verify_response(request: Request, result: VerifyResult) -> Response:
    status_code = 404 if result.status == "unknown" else 200
    if _wants_json(request):
        return JSONResponse(result.as_json(), status_code=status_code, headers=PRIVATE_HEADERS)
    return _page(request, "verify.html", status_code, result=result)


async def verify_page(request: Request) -> Response:
    """GET /verify/{number}: valid, void or unknown, with the facts printed on the certificate."""
    limiter: SlidingWindow = request.app.state.verify_limiter
    client, now = _client(request), time.monotonic()
    if limiter.full(client, now):
        return _too_many(request, limiter.retry_after(client, now))
    settings = _settings(request)
    result = await run_in_threadpool(
        verify,
        settings.database_url,
        request.path_params["number"],
        provider_name=settings.provider_name,
    )
    if result.status == "unknown":
        limiter.record(client, now)
    return _verify_response(request, result)


async def verify_form(request: Request) -> Response:
    """GET /verify: a form to type a number; ?number=... goes to that number's page."""
    typed = request.query_params.get("number", "").strip()
    if typed:
        return RedirectResponse(f"/verify/{quote(typed[:64], safe='')}", status_code=303)
    return _page(request, "verify_form.html", 200)


# ----------------------------------------------------------------------------- downloads


def _link_problem(request: Request, problem: str) -> Response:
    """403 for a link we did not make, 410 for one that has expired or a certificate now void."""
    return _page(
        request, "link_problem.html", 403 if problem == "invalid" else 410, problem=problem
    )


def _grant(request: Request, kind: str) -> DownloadGrant | Response:
    try:
        grant = read_download_token(
            request.path_params["token"], secret=_settings(request).console_secret_key
        )
    except LinkExpired:
        return _link_problem(request, "expired")
    except LinkInvalid:
        return _link_problem(request, "invalid")
    return grant if grant.allows(kind) else _link_problem(request, "invalid")


async def certificate_download(request: Request) -> Response:
    """GET /certificates/{token}: the PDF, as a download that phones save and open."""
    grant = _grant(request, "pdf")
    if isinstance(grant, Response):
        return grant
    pdf = await run_in_threadpool(certificate_pdf, _settings(request).database_url, grant.number)
    if pdf is None:
        return _link_problem(request, "gone")
    headers = {
        **PRIVATE_HEADERS,
        "Content-Disposition": f'attachment; filename="{grant.number}.pdf"',
    }
    return Response(pdf, media_type="application/pdf", headers=headers)


async def calendar_download(request: Request) -> Response:
    """GET /certificates/{token}/calendar.ics: the appeal deadline with a reminder a week before."""
    grant = _grant(request, "ics")
    if isinstance(grant, Response):
        return grant
    certificate = await run_in_threadpool(
        find_certificate, _settings(request).database_url, grant.number
    )
    if certificate is None or certificate.status != "valid":
        return _link_problem(request, "gone")
    filename = f"appeal-deadline-{certificate.number}.ics"
    headers = {**PRIVATE_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(
        ics_for(certificate), media_type="text/calendar; charset=utf-8", headers=headers
    )


def create_app(settings: Settings) -> Starlette:
    """The console, with the settings its process was started with (`python -m bot.console`)."""
    session = Middleware(
        SessionMiddleware,
        secret_key=settings.console_secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        path="/console",
        same_site="strict",
        https_only=settings.secure_cookies,
    )
    app = Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/verify", verify_form),
            Route("/verify/{number:path}", verify_page),
            Route("/certificates/{token}", certificate_download),
            Route("/certificates/{token}/calendar.ics", calendar_download),
            Mount("/widget/v1", app=WidgetFiles(directory=WIDGET_DIR, check_dir=False)),
            *console_routes(),
            *chat_routes(settings),
        ],
        middleware=[session],
        lifespan=erasure_job,
    )
    app.state.settings = settings
    app.state.verify_limiter = SlidingWindow(limit=VERIFY_MISSES, window=VERIFY_WINDOW_S)
    app.state.erase_limiter = SlidingWindow(limit=10, window=600.0)
    app.state.rasa = RasaClient(settings.rasa_url, token=settings.rasa_token)
    return app
