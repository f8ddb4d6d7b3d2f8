"""The console's words are all in bot/console/wording.yml: every text the code asks for is there,
with the variables the code fills, and every text there is used."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.console import wording
from bot.console.wording import WORDING_FILE, reason_words, say, transcript_note
from bot.mias.handoff_reasons import CERTIFICATE_UNDELIVERED, ROUTE_REASONS, handoff_reason
from bot.services.rasa_api import transcript_from_events
from bot.settings import PROJECT_ROOT

CONSOLE = PROJECT_ROOT / "bot" / "console"
# Groups whose texts are chosen by data (a handoff's reason code, a Rasa event), not named in code.
BY_DATA = {"reasons", "transcript"}
TEXTS = wording.wording()


def _trees(root: Path) -> Iterator[ast.AST]:
    for path in sorted(root.rglob("*.py")):
        yield ast.parse(path.read_text(encoding="utf-8"))


def _named_in_console() -> set[str]:
    """Every string in the console's code shaped like one of the file's "group.name" keys."""
    key = re.compile(rf"({'|'.join(TEXTS)})\.\w+")
    return {
        node.value
        for tree in _trees(CONSOLE)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and key.fullmatch(node.value)
    }


def _constant_keys(node: ast.expr) -> list[str]:
    """The keys a `say(...)` call may ask for, when they are written in the call itself."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constant_keys(node.body) + _constant_keys(node.orelse)
    return []


def _say_calls() -> Iterator[tuple[str, set[str]]]:
    """(key, the variables passed) for each `say` call whose key is written in the call."""
    for tree in _trees(CONSOLE):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                passed = {k.arg for k in node.keywords if k.arg is not None}
                for key in _constant_keys(node.args[0]):
                    yield key, passed


def _variables(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_file_is_groups_of_texts() -> None:
    assert TEXTS and all(
        isinstance(texts, dict) and all(isinstance(t, str) and t for t in texts.values())
        for texts in TEXTS.values()
    )


def test_every_text_the_console_names_is_in_the_file() -> None:
    named = _named_in_console()
    missing = [key for key in named if key.split(".")[1] not in TEXTS[key.split(".")[0]]]
    assert named and missing == []


def test_every_text_in_the_file_is_named_by_the_console() -> None:
    named = _named_in_console()
    unused = [
        f"{group}.{name}"
        for group, texts in TEXTS.items()
        if group not in BY_DATA
        for name in texts
        if f"{group}.{name}" not in named
    ]
    assert unused == []


@pytest.mark.parametrize(("key", "passed"), sorted(_say_calls()))
def test_the_code_fills_every_variable_of_the_text_it_asks_for(key: str, passed: set[str]) -> None:
    group, name = key.split(".")
    assert _variables(TEXTS[group][name]) <= passed


def test_a_text_named_away_from_a_say_call_has_no_variables_to_fill() -> None:
    """Texts named elsewhere (a refusal's words in a table) are passed to `say` without values."""
    in_calls = {key for key, _ in _say_calls()}
    elsewhere = [key for key in _named_in_console() if key not in in_calls]
    assert all(_variables(TEXTS[k.split(".")[0]][k.split(".")[1]]) == set() for k in elsewhere)


def _reason_codes() -> set[str]:
    """Every reason a handoff is raised for: the rules' own, and those services name directly."""
    rules = {
        handoff_reason(latest_intent=intent, route=route, after_misunderstanding=after).code
        for intent in ("safeguarding_concern", "request_human")
        for route in (None, *ROUTE_REASONS)
        for after in (False, True)
    }
    code = "\n".join(p.read_text() for p in (PROJECT_ROOT / "bot").rglob("*.py"))
    named = re.findall(r'request_handoff\([^)]*?"(\w+)"', code, flags=re.DOTALL)
    return rules | {CERTIFICATE_UNDELIVERED, *named}


def test_every_handoff_reason_has_words_and_every_reason_word_is_a_reason() -> None:
    assert "certificate_review" in _reason_codes()  # raised by a service, found in its code
    assert set(TEXTS["reasons"]) == _reason_codes()


def test_a_reason_without_words_reads_as_itself() -> None:
    assert reason_words("user_request") == "Asked for a person"
    assert reason_words("some_new_reason") == "Some new reason"


def test_the_transcript_notes_are_rasas_pause_and_resume() -> None:
    events = [{"event": name, "timestamp": 0} for name in ("pause", "resume", "restart")]
    noted = [line.event for line in transcript_from_events(events)]
    assert noted == ["pause", "resume"] and set(TEXTS["transcript"]) == set(noted)
    assert transcript_note("pause") == "The assistant stepped back for a caseworker."


def test_a_text_is_filled_in() -> None:
    assert say("case.reply_too_long", max_chars=1500) == (
        "A reply can have at most 1500 characters."
    )
    assert WORDING_FILE.parent == CONSOLE
