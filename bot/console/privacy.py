"""The chat's privacy door on the console: `POST /chat/erase`, and the job that carries out
"delete my data" asked in the chat.

`POST /chat/erase` takes `{"sender_id": ...}` from the website widget (its socket.io session id)
and erases that web chat at once. It answers `{"erased": true}` whatever the id, so it tells a
stranger nothing; only the configured widget origins may call it from a browser (CORS, and any
other Origin is refused), the body must be JSON, and each client may call it a few times only.

The job runs in the console process every few seconds and erases the conversations whose person
said "yes, delete it" in the chat, once Rasa has saved that turn (bot.services.privacy).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, request_response

from bot.mias.message_limits import SlidingWindow
from bot.services.privacy import erase_web_conversation, run_requested_erasures
from bot.settings import Settings

logger = logging.getLogger(__name__)

ERASURE_JOB_SECONDS = 2.0
MAX_SENDER_ID = 255
NO_STORE = {"Cache-Control": "no-store"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _sender_id(body: Any) -> str | None:
    sender = body.get("sender_id") if isinstance(body, dict) else None
    if isinstance(sender, str) and 0 < len(sender.strip()) <= MAX_SENDER_ID:
        return sender.strip()
    return None


async def chat_erase(request: Request) -> Response:
    """POST /chat/erase {"sender_id": ...}: erase this web chat now; always the same answer."""
    settings = _settings(request)
    origin = request.headers.get("origin")
    allowed = settings.chat_allowed_origins
    if origin is not None and "*" not in allowed and origin.lower() not in allowed:
        return JSONResponse({"error": "origin"}, status_code=403, headers=NO_STORE)
    limiter: SlidingWindow = request.app.state.erase_limiter
    client, now = (request.client.host if request.client else "unknown"), time.monotonic()
    if limiter.full(client, now):
        headers = {**NO_STORE, "Retry-After": str(limiter.retry_after(client, now))}
        return JSONResponse({"error": "rate_limited"}, status_code=429, headers=headers)
    limiter.record(client, now)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return JSONResponse({"error": "json"}, status_code=415, headers=NO_STORE)
    try:
        sender_id = _sender_id(await request.json())
    except ValueError:
        sender_id = None
    if sender_id is None:
        return JSONResponse({"error": "sender_id"}, status_code=400, headers=NO_STORE)
    await run_in_threadpool(erase_web_conversation, settings, sender_id)
    return JSONResponse({"erased": True}, headers=NO_STORE)


def chat_routes(settings: Settings) -> list[Route]:
    """`/chat/erase` behind Starlette's CORS middleware for the configured widget origins."""
    endpoint = CORSMiddleware(
        request_response(chat_erase),
        allow_origins=list(settings.chat_allowed_origins),
        allow_methods=["POST"],
        allow_headers=["content-type"],
        max_age=600,
    )
    return [Route("/chat/erase", endpoint, methods=["POST", "OPTIONS"])]


# ----------------------------------------------------------------------------- the job


async def _erasure_job(settings: Settings, every: float) -> None:
    while True:
        try:
            await run_in_threadpool(run_requested_erasures, settings)
        except (SQLAlchemyError, OSError) as error:  # outlive a database hiccup; no SQL in logs
            logger.warning("event=erasure_job_failed error=%s", type(error).__name__)
        await asyncio.sleep(every)


@contextlib.asynccontextmanager
async def erasure_job(app: Starlette) -> AsyncIterator[None]:
    """The console's lifespan: run the chat erasure job while the console runs."""
    task = asyncio.create_task(_erasure_job(app.state.settings, ERASURE_JOB_SECONDS))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
