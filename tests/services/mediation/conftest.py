"""A family who chose mediation, a stand-in for Rasa's HTTP API that records what the family is
sent, and Twilio's loopback stand-in, for the mediation services' tests.

The dates are domain.md section 7, case 8: decision letter Thu 20 Nov 2025, mediation chosen and
the council told Mon 24 Nov 2025, day 30 Wed 24 Dec 2025.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.services.cases import Conversation
from bot.services.rasa_api import RasaClient
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Case, MediationCase
from tests.helpers.mediation import SURREY, a_family_that_chose_mediation
from tests.helpers.twilio_standin import TwilioStandIn, twilio_standin

DECISION = date(2025, 11, 20)
CHOSEN = date(2025, 11, 24)
DAY_30 = date(2025, 12, 24)
CASEWORKER = "caseworker:7"


@dataclass
class SentToFamily:
    """What the console asked Rasa to send, by conversation (or `down` to refuse every call)."""

    messages: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    down: bool = False

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            return httpx.Response(503)
        conversation_id = request.url.path.split("/")[2]
        self.messages.setdefault(conversation_id, []).append(json.loads(request.content))
        return httpx.Response(200, json={})

    def texts(self, conversation_id: str) -> list[str]:
        return [str(m.get("text")) for m in self.messages.get(conversation_id, [])]


@pytest.fixture
def family_chat() -> SentToFamily:
    return SentToFamily()


@pytest.fixture
def rasa(family_chat: SentToFamily) -> RasaClient:
    return RasaClient("http://rasa.test", transport=httpx.MockTransport(family_chat.handle))


@pytest.fixture(scope="module")
def twilio() -> Iterator[TwilioStandIn]:
    with twilio_standin() as running:
        yield running


@pytest.fixture
def settings(database_url: str, twilio: TwilioStandIn, tmp_path: Path) -> Settings:
    return replace(
        Settings.from_env({}),
        database_url=database_url,
        certificates_dir=tmp_path / "certificates",
        twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token="token",
        twilio_from_number="+447700900000",
        twilio_api_url=twilio.url,
        sms_webhook_url="https://mias.example.org/webhooks/sms/webhook",
    )


def mediation_family(
    database_url: str,
    conversation_id: str = "m1",
    *,
    channel: str = "socketio",
    names: bool = True,
    council: str | None = "Surrey County Council",
    chosen_on: date = CHOSEN,
) -> Conversation:
    """A parent who finished MIAS and chose mediation on `chosen_on` (by default case 8's day)."""
    return a_family_that_chose_mediation(
        database_url,
        Conversation(conversation_id, channel),
        decision=DECISION,
        chosen_on=chosen_on,
        council=(council, SURREY[1]) if council else None,
        names=("Jane Smith", "Sam Smith") if names else None,
    )


def mediation_id(database_url: str, conversation_id: str = "m1") -> int:
    with transaction(database_url) as session:
        found = session.execute(
            select(MediationCase.id)
            .join(Case, Case.id == MediationCase.case_id)
            .where(Case.conversation_id == conversation_id)
        ).scalar_one()
        return int(found)
