"""Every turn gets an answer: a failed turn, or an action server out of reach, is said kindly.

Against the running servers (the action server killed mid-load) in tests/e2e/scale/test_faults.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.always_answered import ActionServerProbe, answer_turn
from bot.settings import Settings
from tests.helpers.servers import free_port

SETTINGS = Settings.from_env({"PROVIDER_PHONE": "0123 456 7890"})


@pytest.fixture
async def action_server() -> AsyncIterator[tuple[str, dict[str, int]]]:
    """A stand-in action server whose /health answers with the status in the dict it yields."""
    app = web.Application()
    answer = {"status": 200}

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"}, status=answer["status"])

    app.router.add_get("/health", health)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/webhook", answer
    await runner.cleanup()


async def test_the_probe_asks_the_health_url_beside_the_webhook(
    action_server: tuple[str, dict[str, int]],
) -> None:
    url, answer = action_server
    assert await ActionServerProbe(url).reachable()
    answer["status"] = 503
    assert not await ActionServerProbe(url).reachable()
    assert not await ActionServerProbe(f"http://127.0.0.1:{free_port()}/webhook").reachable()


class FixedProbe(ActionServerProbe):
    def __init__(self, up: bool) -> None:
        self.up = up

    async def reachable(self) -> bool:
        return self.up


def message(channel: str = "rest") -> UserMessage:
    return UserMessage("12/11/2026", CollectingOutputChannel(), "web-1", input_channel=channel)


def texts(sent: UserMessage) -> list[str]:
    return [m["text"] for m in sent.output_channel.messages]


async def test_a_turn_that_fails_is_answered_with_a_way_to_reach_us() -> None:
    async def fails(msg: UserMessage) -> None:
        await msg.output_channel.send_text_message(msg.sender_id, "Step 2 of 12: ...")
        raise ConnectionError("database went away before the turn was saved")

    sent = message()
    await answer_turn(fails, sent, FixedProbe(up=True), SETTINGS)
    (reply,) = texts(sent)
    assert reply.startswith("Sorry, something went wrong on our side") and "send it again" in reply


async def test_with_the_action_server_down_the_person_is_told_and_given_our_number() -> None:
    async def half_a_turn(msg: UserMessage) -> None:
        await msg.output_channel.send_text_message(msg.sender_id, "Thank you.")

    sent = message()
    await answer_turn(half_a_turn, sent, FixedProbe(up=False), SETTINGS)
    first, second = texts(sent)
    assert first == "Thank you."
    assert "isn't working right now" in second and "0123 456 7890" in second
    assert "saved" in second


async def test_an_action_that_failed_mid_turn_is_told_even_if_the_server_is_back() -> None:
    """Rasa logs the failed action and carries on; by the end of the turn the server may be up."""

    async def action_fails(msg: UserMessage) -> None:
        try:
            raise ConnectionRefusedError("action server")
        except ConnectionRefusedError:
            logging.getLogger("rasa.core.processor").exception("Encountered an exception")

    sent = message()
    await answer_turn(action_fails, sent, FixedProbe(up=True), SETTINGS)
    (reply,) = texts(sent)
    assert "isn't working right now" in reply


async def test_a_healthy_turn_is_left_as_it_is_even_when_silent() -> None:
    async def quiet(_: UserMessage) -> None:  # a caseworker holds the conversation
        return None

    sent = message()
    await answer_turn(quiet, sent, FixedProbe(up=True), SETTINGS)
    assert texts(sent) == []
