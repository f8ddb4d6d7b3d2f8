"""The console's ASGI app: public pages now, caseworker pages under /console/ later."""
from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.settings import Settings

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def home(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    return templates.TemplateResponse(request, "home.html", {"rasa_url": settings.rasa_url})


def create_app(settings: Settings | None = None) -> Starlette:
    app = Starlette(routes=[Route("/", home), Route("/healthz", healthz)])
    app.state.settings = settings or Settings.from_env()
    return app
