"""The REST webhook's door: what a request body must be, and start-up in production mode.

Its answers over HTTP are tested against the running Rasa server (tests/e2e/test_doors.py and
tests/e2e/test_fuzz.py).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.rest import BadRequest, GuardedRestInput, parse_body


def test_a_plain_message_is_read_as_sent() -> None:
    incoming = parse_body(b'{"sender": "web-1a2b", "message": "hello", "metadata": {"page": "/"}}')
    assert (incoming.sender, incoming.text, incoming.metadata) == (
        "web-1a2b",
        "hello",
        {"page": "/"},
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'"hello"',
        b"null",
        b'{"message": "hello"}',
        b'{"sender": "", "message": "hello"}',
        b'{"sender": 7, "message": "hello"}',
        b'{"sender": "has space", "message": "hello"}',
        b'{"sender": "../../etc", "message": "hello"}',
        b'{"sender": "+447700900123", "message": "hello"}',
        json.dumps({"sender": "a" * 129, "message": "hello"}).encode(),
        b'{"sender": "web-1", "message": null}',
        b'{"sender": "web-1", "message": ["hello"]}',
        b'{"sender": "web-1", "message": "hi", "metadata": "x"}',
        json.dumps({"sender": "web-1", "message": "hi", "metadata": {"x": "y" * 3000}}).encode(),
    ],
)
def test_a_body_that_is_not_a_message_is_refused(body: bytes) -> None:
    with pytest.raises(BadRequest):
        parse_body(body)


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_either_a_message_or_a_bad_request(body: bytes) -> None:
    try:
        incoming = parse_body(body)
    except BadRequest:
        return
    assert isinstance(incoming.sender, str) and isinstance(incoming.text, str)


def test_the_channel_keeps_rasas_rest_url() -> None:
    assert GuardedRestInput.name() == "rest"


def test_rasa_refuses_to_start_the_channel_in_production_with_default_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MIAS_ENV", "production")
    monkeypatch.delenv("CONSOLE_SECRET_KEY", raising=False)
    with pytest.raises(SystemExit, match="CONSOLE_SECRET_KEY is a default"):
        GuardedRestInput.from_credentials(None)
