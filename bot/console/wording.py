"""The console's words, kept in `wording.yml` beside this file, as the chat widget keeps its words
in `widget/src/strings.js` and the assistant in `bot/domain/`: non-programmers edit them there.

The file is read on first use (never at import) and once per process. A text is named
"group.name" (`say("case.reply_sent")`); its `{variables}` are filled with `str.format`, so a text
the code asks for and the file lacks, or a variable left unfilled, is an error the tests catch.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

WORDING_FILE = Path(__file__).with_name("wording.yml")

Wording = dict[str, dict[str, str]]


@cache
def wording(path: Path = WORDING_FILE) -> Wording:
    """Every text in the file, by group then name."""
    loaded: Wording = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def say(key: str, **values: object) -> str:
    """The text named `key` ("group.name"), with its {variables} filled in from `values`."""
    group, name = key.split(".")
    return wording()[group][name].format(**values)


def reason_words(code: str) -> str:
    """A handoff's reason code as a caseworker reads it ("user_request": "Asked for a person");
    a code without words of its own is read as itself ("some_reason": "Some reason")."""
    return wording()["reasons"].get(code, code.replace("_", " ").capitalize())


def transcript_note(event: str) -> str:
    """What the transcript says happened at one of Rasa's events ("pause", "resume")."""
    return wording()["transcript"][event]
