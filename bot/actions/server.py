"""`python -m bot.actions.server`: the action server, answering only the Rasa server.

rasa-sdk 3.6.2's `rasa run actions` listens on every interface (it reads only SANIC_HOST, default
0.0.0.0), allows every CORS origin and asks callers for nothing. This runs the same app
(`rasa_sdk.endpoint.create_app` with the actions of `bot.actions`), but:

- it listens on ACTION_SERVER_HOST:ACTION_SERVER_PORT, by default 127.0.0.1:5055, so only a Rasa
  server on the same machine reaches it;
- when ACTION_SERVER_TOKEN is set, every request but `GET /health` (for load balancers) must
  carry `?token=<the token>`, which is how Rasa sends endpoints.yml's `token:` (EndpointConfig
  adds it as a query parameter); anything else gets 401;
- it sends no CORS headers: no browser has any business here;
- like every server of ours, it refuses to start in production mode with unsafe settings.
"""

from __future__ import annotations

import logging
import secrets

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings, settings_for_start

logger = logging.getLogger(__name__)

ACTIONS_PACKAGE = "bot.actions"
OPEN_PATHS = frozenset({"/health"})


def token_ok(sent: str | None, expected: str) -> bool:
    """True when no token is expected, or `sent` is it (compared in constant time)."""
    if not expected:
        return True
    return isinstance(sent, str) and secrets.compare_digest(sent.encode(), expected.encode())


def build_app(settings: Settings) -> Sanic:
    app = create_app(ACTIONS_PACKAGE, cors_origins=None)

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS and request.method == "GET":
            return None
        if token_ok(request.args.get("token"), settings.action_server_token):
            return None
        logger.warning("event=action_call_refused reason=token path=%s", request.path)
        return response.json({"error": "a valid token is needed"}, status=401)

    return app


def main() -> None:
    settings = settings_for_start()
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    app = build_app(settings)
    logger.info(
        "event=action_server_start host=%s port=%d token=%s",
        settings.action_server_host,
        settings.action_server_port,
        "required" if settings.action_server_token else "off",
    )
    app.run(
        settings.action_server_host,
        settings.action_server_port,
        workers=utils.number_of_sanic_workers(),
    )


if __name__ == "__main__":
    main()
