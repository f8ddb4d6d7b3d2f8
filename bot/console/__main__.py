"""`python -m bot.console`: serve the console on CONSOLE_PORT (refusing unsafe production settings)."""

from __future__ import annotations

import uvicorn

from bot.settings import settings_for_start

if __name__ == "__main__":
    settings = settings_for_start()
    from bot.console.app import create_app  # imported after the check, so a refusal is immediate

    uvicorn.run(
        create_app(settings),
        host=settings.console_host,
        port=settings.console_port,
        ws="none",
        log_level="info",
    )
