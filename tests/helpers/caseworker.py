"""A caseworker at the running console, as the end-to-end tests drive it."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from bot.store.db import transaction
from bot.store.models import Case, Handoff

PASSWORD = "correct horse battery staple"


class Console:
    """A caseworker's browser session, CSRF tokens and all."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30, follow_redirects=False)

    def token(self, path: str) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path: str, page: str = "/console/", **data: str) -> httpx.Response:
        return self.client.post(path, data={**data, "csrf_token": self.token(page)})


def waiting_handoff(database_url: str, conversation_id: str) -> tuple[int, int]:
    with transaction(database_url) as session:
        row = session.execute(
            select(Handoff.id, Case.id)
            .join(Case, Handoff.case_id == Case.id)
            .where(Case.conversation_id == conversation_id, Handoff.status == "waiting")
        ).one()
        return int(row[0]), int(row[1])
