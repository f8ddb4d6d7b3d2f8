"""Talking to the running assistant over its REST channel, as the website or a test would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.helpers.questions import assert_one_question

MIAS_STEPS = 12


@dataclass
class Chat:
    rasa_url: str
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    transcript: list[tuple[str, str]] = field(default_factory=list)
    last_turn: list[str] = field(default_factory=list)

    def say(self, text: str) -> str:
        """Send one message; return every bot reply of that turn joined into one text."""
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        self.last_turn = [m.get("text", "") for m in messages]
        assert_one_question(self.last_turn)
        reply = "\n".join(self.last_turn)
        self.transcript += [("user", text), ("bot", reply)]
        return reply

    def buttons(self, text: str) -> list[str]:
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        return [b["title"] for m in response.json() for b in m.get("buttons", [])]

    def events(self) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.rasa_url}/conversations/{self.sender}/tracker", timeout=30)
        response.raise_for_status()
        return list(response.json()["events"])

    def user_texts(self) -> list[str]:
        return [e["text"] for e in self.events() if e["event"] == "user"]

    def start_as_parent(self, decision: str = "refuse_plan") -> None:
        """Consent, role, age and decision, by the buttons the widget shows."""
        self.say("hello")
        self.say("yes that's fine")
        self.say('/inform{"role": "parent"}')
        self.say('/inform{"age": "under_16"}')
        self.say(f'/inform{{"decision_type": "{decision}"}}')
