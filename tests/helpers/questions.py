"""How many questions a bot turn asks: the bot never asks two questions in one turn."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A sentence that ends in a question mark (a closing quote or bracket may follow it).
_QUESTION = re.compile(r"[^.!?\n]*\?[\"')\]]*(?=\s|$)")


def questions_asked(messages: Iterable[str]) -> list[str]:
    """The questions in a turn's messages, in order."""
    return [match.strip() for text in messages for match in _QUESTION.findall(text or "")]


def assert_one_question(messages: list[str]) -> None:
    asked = questions_asked(messages)
    assert len(asked) <= 1, f"the bot asked {len(asked)} questions in one turn: {asked}"
