"""A crash of any process mid-conversation loses no message and the conversation goes on."""
from __future__ import annotations

import pytest

from tests.e2e.chat import Chat
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("process", ["rasa", "actions"])
def test_the_conversation_survives_a_kill_minus_nine(servers: Servers, process: str) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    assert "Thursday 12 November 2026" in chat.say("12/11/2026")
    said_before = chat.user_texts()

    servers.kill(process)
    servers.start(process)

    reply = chat.say("yes")
    assert "Tuesday 12 January 2027" in reply and "Which council" in reply
    assert chat.user_texts() == said_before + ["yes"]
