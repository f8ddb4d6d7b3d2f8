"""`python -m bot.console`: serve the console on CONSOLE_PORT."""
from __future__ import annotations

import uvicorn

from bot.console.app import create_app
from bot.settings import Settings

if __name__ == "__main__":
    settings = Settings.from_env()
    uvicorn.run(
        create_app(settings), host=settings.console_host, port=settings.console_port, ws="none", log_level="info"
    )
