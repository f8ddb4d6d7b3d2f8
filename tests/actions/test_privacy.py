"""'Delete my data' in the chat: the actions with a real Tracker and the real database."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.actions.privacy import ActionConfirmErasure, ActionEraseConversation
from bot.store.db import transaction
from bot.store.models import ErasureRequest
from tests.helpers.trackers import make_tracker, responses, slot_values

pytestmark = pytest.mark.usefixtures("action_env")


async def test_asking_pauses_the_form_and_explains_what_goes_and_what_stays(
    domain: dict[str, Any],
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {"requested_slot": "role"}, intent="request_erasure", active_loop="intake_form"
    )
    events = await ActionConfirmErasure().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_confirm_erasure"]
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    assert slot_values(events) == {"requested_slot": None}


async def test_yes_records_the_request_before_the_reply(
    domain: dict[str, Any], action_env: str
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionEraseConversation().run(dispatcher, make_tracker(intent="affirm"), domain)
    assert responses(dispatcher) == ["utter_erasure_started"] and events == []
    with transaction(action_env) as session:
        requested = session.execute(
            select(ErasureRequest.conversation_id, ErasureRequest.source)
        ).all()
    assert requested == [("test-conversation", "chat")]
