"""A turn's answer written for a phone: Rasa's messages as parts of at most three segments
(`bot.mias.sms_text`), the last buttons as numbered options. The first part goes out at once;
the rest are kept until the person replies MORE.

A part carrying a certificate is tagged, so that a text sent with it can be followed up if it is
not delivered (`bot.services.sms.outbound`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.mias.sms_text import Block, Option, Part, options_from_buttons, split_turn, to_gsm7
from bot.services.responses import render_response
from bot.services.sms.contacts import CHANNEL, contact_row
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.queries import utc_now

CERTIFICATE = "certificate"
OPTIONS = "options"
CERTIFICATE_RESPONSE = "utter_certificate_ready"


@dataclass(frozen=True)
class Turn:
    """A turn written for a phone: its parts (the first is sent now) and the options it offers."""

    parts: tuple[Part, ...]
    options: tuple[Option, ...] = field(default=())


def _options_text(options: Sequence[Option], settings: Settings) -> str:
    lines = [render_response("utter_sms_choose", {}, settings=settings)]
    lines += [
        render_response(
            "utter_sms_option", {"number": str(n), "title": option.title}, settings=settings
        )
        for n, option in enumerate(options, start=1)
    ]
    return "\n".join(lines)


def _buttons(message: Mapping[str, Any]) -> list[Option]:
    return options_from_buttons(message.get("buttons") or message.get("quick_replies") or [])


def compose_turn(messages: Iterable[Mapping[str, Any]], settings: Settings) -> Turn:
    """Rasa's messages for one turn as SMS parts: GSM-7 text, the last buttons as numbered
    options, at most three segments a part. Images and attachments go as their address."""
    messages = list(messages)
    with_buttons = [i for i, m in enumerate(messages) if _buttons(m)]
    last = with_buttons[-1] if with_buttons else None
    options = _buttons(messages[last]) if last is not None else []
    blocks = []
    for i, message in enumerate(messages):
        paragraphs = [str(message.get(key) or "") for key in ("text", "image", "attachment")]
        text = to_gsm7("\n\n".join(p for p in paragraphs if p.strip()))
        tag = CERTIFICATE if message.get("utter_action") == CERTIFICATE_RESPONSE else None
        if text:
            blocks.append(Block(text, tag))
        if i == last:
            blocks.append(Block(to_gsm7(_options_text(options, settings)), OPTIONS))
    more = to_gsm7(render_response("utter_sms_more", {}, settings=settings))
    return Turn(tuple(split_turn(blocks, more=more)), tuple(options))


def single_reply(name: str, settings: Settings, values: Mapping[str, str] | None = None) -> Turn:
    """One of our own SMS responses (HELP, STOP...) as a turn of its own, without options."""
    text = render_response(name, values or {}, settings=settings, channel=CHANNEL)
    return compose_turn([{"text": text}], settings)


def _parts_json(parts: Sequence[Part]) -> str | None:
    return json.dumps([[p.text, sorted(p.tags)] for p in parts]) if parts else None


def save_turn(database_url: str, conversation_id: str, turn: Turn) -> None:
    """Keep the parts not yet sent and the options now on offer, before the first part goes."""
    with transaction(database_url) as session:
        row = contact_row(session, conversation_id)
        if row is None:
            return
        row.pending = _parts_json(turn.parts[1:])
        row.options = json.dumps(
            {
                "items": [[o.title, o.payload] for o in turn.options],
                "seen": bool(turn.parts) and OPTIONS in turn.parts[0].tags,
            }
        )
        row.updated_at = utc_now()


def next_part(database_url: str, conversation_id: str) -> Part | None:
    """The next kept part of a long answer (MORE), taken off the list."""
    with transaction(database_url) as session:
        row = contact_row(session, conversation_id)
        pending = json.loads(row.pending or "[]") if row is not None else []
        if row is None or not pending:
            return None
        (text, tags), rest = pending[0], pending[1:]
        row.pending = json.dumps(rest) if rest else None
        if OPTIONS in tags:
            row.options = json.dumps({**json.loads(row.options or "{}"), "seen": True})
        row.updated_at = utc_now()
        return Part(text, frozenset(tags))
