"""The law, scenario by scenario (issue #16): each row of tests/e2e/law_scenarios.yml is a whole
conversation with the real assistant, typed (or tapped, or texted) as a person would, with
"today" frozen, and what the family is told is checked against what the law says.

The table is the readable part: the facts a family gives and what they must be told, with every
date worked out from the law (docs/law.md; ../shared/domain.md sections 2 and 7). This module only
runs it. Scenarios are run grouped by "today", so the action server (the only server that reads
today) restarts once per group (`Servers.changed`); the group on the session's own today runs
first, with no restart.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pypdf import PdfReader

from bot.mias.calendar import date_in_words
from bot.mias.deadlines import appeal_deadline, mias_contact_deadline
from bot.services.cases import load_case
from tests.helpers.chat import MIAS_STEPS, Chat
from tests.helpers.phone import Phone
from tests.helpers.questions import assert_one_question
from tests.helpers.servers import TODAY, Servers

pytestmark = pytest.mark.e2e

TABLE = Path(__file__).with_name("law_scenarios.yml")
# Every group that restarts the action server names this duty adviser (finding 6: certificates
# name the adviser responsible for them).
DUTY_ADVISER = "Dana Whitfield"
CERTIFICATE_NUMBER = re.compile(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
PDF_LINK = re.compile(r"(https?://\S+/certificates/\S+?)(?=\s|$)")
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A full date in words; one followed by a time ("... at 9am") is when a caseworker replies.
DATE_IN_WORDS = re.compile(rf"\b(?:{_DAYS}) \d{{1,2}} (?:{_MONTHS}) \d{{4}}\b(?! at \d)")


def _short_date(text: str) -> date:
    """'Thu 11 Jun 2026' (anything after the year is a comment), checked against its weekday."""
    words = text.split()[:4]
    day = datetime.strptime(" ".join(words[1:]), "%d %b %Y").date()
    assert f"{day:%a}" == words[0], f"{text!r}: {day} is a {day:%A}"
    return day


def _long_date(text: str) -> date:
    """'Tuesday 1 September 2026', checked against its weekday."""
    day = datetime.strptime(text.split(" ", 1)[1], "%d %B %Y").date()
    assert date_in_words(day) == text, f"{text!r} is not the way the assistant writes {day}"
    return day


@dataclass(frozen=True)
class Scenario:
    id: str
    facts: dict[str, Any]
    types: list[Any]
    told: dict[str, Any]
    channel: str = "chat"
    settings: dict[str, str] = field(default_factory=dict)
    finding: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def today(self) -> date:
        return _short_date(str(self.facts["today"]))

    @property
    def letter(self) -> date | None:
        letter = self.facts.get("letter")
        return _short_date(str(letter)) if letter else None

    @property
    def group(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What the action server must run with: today, and any other setting."""
        return self.today.isoformat(), tuple(sorted(self.settings.items()))


class _Loader(yaml.SafeLoader):
    """YAML as people write it: "yes" and "no" are words typed into the chat, not booleans
    (only true and false are, as in YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _load() -> list[Scenario]:
    rows = yaml.load(TABLE.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    scenarios = [Scenario(**row) for row in rows]
    default = (TODAY, ())
    # The session's own today first (no restart), then one group per today.
    return sorted(scenarios, key=lambda s: (s.group != default, s.group))


SCENARIOS = _load()


# ---------------------------------------------------------------------------- talking


@dataclass
class TappingChat(Chat):
    """`Chat` that remembers the buttons of the last turn, so a scenario can tap one by title."""

    buttons_shown: dict[str, str] = field(default_factory=dict)

    def say(self, text: str) -> str:
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        self.buttons_shown = {
            b["title"]: b["payload"] for m in messages for b in m.get("buttons", [])
        }
        self.last_turn = [m.get("text", "") for m in messages if m.get("text")]
        assert_one_question(self.last_turn)
        reply = "\n".join(self.last_turn)
        self.transcript += [("user", text), ("bot", reply)]
        return reply

    def tap(self, title: str) -> str:
        assert title in self.buttons_shown, f"no button {title!r} in {list(self.buttons_shown)}"
        return self.say(self.buttons_shown[title])


@dataclass
class Conversation:
    """One scenario's conversation on its channel: every reply, in order."""

    servers: Servers
    channel: str
    replies: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.chat = TappingChat(self.servers.rasa_url)
        self.phone = Phone(self.servers)

    @property
    def conversation_id(self) -> str:
        return self.phone.conversation_id if self.channel == "sms" else self.chat.sender

    def send(self, turn: Any) -> str:
        try:
            if isinstance(turn, dict) and "tap" in turn:
                assert self.channel == "chat", "buttons are tapped in the chat only"
                reply = self.chat.tap(str(turn["tap"]))
            elif self.channel == "sms":
                reply = self.phone.text(str(turn))
            else:
                reply = self.chat.say(str(turn))
        except AssertionError as wrong:  # e.g. two questions in one turn
            raise AssertionError(self.stuck(f"after {turn!r}: {wrong}")) from None
        self.transcript += [f"> {turn}", *(f"< {line}" for line in reply.splitlines())]
        assert reply.strip(), self.stuck(f"no reply to {turn!r}")
        self.replies.append(reply)
        return reply

    def stuck(self, why: str) -> str:
        return "\n".join([f"the conversation is stuck: {why}", "", *self.transcript])

    def steps(self, words: str) -> None:
        """The 12 steps of mediation information, each answered with `words`."""
        assert "Step 1 of 12" in self.replies[-1], self.stuck("the 12 steps did not start")
        for number in range(2, MIAS_STEPS + 1):
            assert f"Step {number} of 12" in self.send(words), self.stuck(f"no step {number}")
        self.send(words)  # after step 12: the choice

    def run(self, turns: list[Any]) -> None:
        for turn in turns:
            if isinstance(turn, dict) and "steps" in turn:
                self.steps(str(turn["steps"]))
            else:
                self.send(turn)


# ---------------------------------------------------------------------------- today

Group = tuple[str, tuple[tuple[str, str], ...]]
DEFAULT_GROUP: Group = (TODAY, ())
# Conversations of one group run side by side: each is its own person, and the servers serve
# many at once in production too.
SIDE_BY_SIDE = 4


@dataclass(frozen=True)
class Outcome:
    problems: list[str]
    transcript: list[str]


class FrozenDays:
    """Runs each group of scenarios once, on the action server restarted (`Servers.changed`) with
    the group's today and settings; the session's own today needs no restart."""

    def __init__(self, servers: Servers, selected: set[str]) -> None:
        self.servers = servers
        self.selected = selected
        self.group = DEFAULT_GROUP
        self.stack = contextlib.ExitStack()
        self.outcomes: dict[str, Outcome] = {}

    def outcome(self, scenario: Scenario) -> Outcome:
        if scenario.id not in self.outcomes:
            self._on(scenario.group)
            group = [
                s
                for s in SCENARIOS
                if s.group == scenario.group and (s.id in self.selected or s is scenario)
            ]
            with ThreadPoolExecutor(SIDE_BY_SIDE) as pool:
                self.outcomes.update(zip([s.id for s in group], pool.map(self._run, group)))
            _keep_transcripts(group, self.outcomes)
        return self.outcomes[scenario.id]

    def _on(self, group: Group) -> None:
        if group == self.group:
            return
        self.stack.close()  # back to the session's own today
        self.group = DEFAULT_GROUP
        if group != DEFAULT_GROUP:
            today, settings = group
            self.stack.enter_context(
                self.servers.changed(
                    "actions", MIAS_TODAY=today, DUTY_ADVISER_NAME=DUTY_ADVISER, **dict(settings)
                )
            )
            self.group = group

    def _run(self, scenario: Scenario) -> Outcome:
        talk = Conversation(self.servers, scenario.channel)
        try:
            talk.run(scenario.types)
        except (AssertionError, httpx.HTTPError) as stopped:  # stuck, two questions, a server error
            return Outcome([f"{type(stopped).__name__}: {stopped}"], talk.transcript)
        return Outcome(_problems(scenario, talk, self.servers), talk.transcript)


def _keep_transcripts(group: list[Scenario], outcomes: dict[str, Outcome]) -> None:
    """With LAW_SCENARIO_TRANSCRIPTS=<folder>, each conversation is written there to be read."""
    folder = os.environ.get("LAW_SCENARIO_TRANSCRIPTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for scenario in group:
        outcome = outcomes[scenario.id]
        lines = [
            f"today {date_in_words(scenario.today)}",
            *outcome.problems,
            "",
            *outcome.transcript,
        ]
        (Path(folder) / f"{scenario.id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def frozen_days(servers: Servers, request: pytest.FixtureRequest) -> Iterator[FrozenDays]:
    selected = {
        item.callspec.params["scenario"].id
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and hasattr(item, "callspec")
        and "scenario" in item.callspec.params
    }
    days = FrozenDays(servers, selected)
    try:
        yield days
    finally:
        days.stack.close()


# ---------------------------------------------------------------------------- the checks


def _contains(text: str, words: str) -> bool:
    return words.lower() in text.lower()


def _pdf_text(url: str) -> str:
    download = httpx.get(url, timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"%PDF"), url
    pages = PdfReader(io.BytesIO(download.content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _problems(scenario: Scenario, talk: Conversation, servers: Servers) -> list[str]:
    """Everything the family was told that the law says they should not be, or was not told."""
    told, said = scenario.told, "\n".join(talk.replies)
    problems: list[str] = []
    allowed = {date_in_words(scenario.today)}
    if scenario.letter is not None:
        allowed.add(date_in_words(scenario.letter))
    for words in told.get("dates") or []:
        allowed.add(words)
        if words not in said:
            problems.append(f"not told the date {words}")
    for words in sorted(set(DATE_IN_WORDS.findall(said)) - allowed):
        problems.append(f"told a date the law does not give: {words}")
    problems += [f"not told {w!r}" for w in told.get("says") or [] if not _contains(said, w)]
    problems += [f"told {w!r}" for w in told.get("never") or [] if _contains(said, w)]

    case = load_case(servers.env["DATABASE_URL"], talk.conversation_id)
    facts = case.facts if case is not None else {}
    if facts.get("route") != told["route"]:
        problems.append(f"route {facts.get('route')!r}, the law's is {told['route']!r}")
    for name, value in (told.get("stored") or {}).items():
        if facts.get(name) != value:
            problems.append(f"stored {name}={facts.get(name)!r}, expected {value!r}")
    reasons = sorted({reason for reason, _urgent, _status in (case.handoffs if case else ())})
    wanted = told.get("caseworker")
    wanted = [] if wanted in (None, "none") else sorted(wanted)
    if reasons != wanted:
        problems.append(f"passed to a caseworker for {reasons}, expected {wanted}")
    urgent = [reason for reason, is_urgent, _status in (case.handoffs if case else ()) if is_urgent]
    if urgent:
        problems.append(f"raised as urgent: {urgent}")
    return problems + _certificate_problems(scenario, said, servers)


def _certificate_problems(scenario: Scenario, said: str, servers: Servers) -> list[str]:
    wanted = scenario.told.get("certificate")
    number = CERTIFICATE_NUMBER.search(said)
    if wanted in (None, "none"):
        return [f"given certificate {number.group(0)}"] if number else []
    if number is None:
        return ["no certificate was issued"]
    checked = httpx.get(
        f"{servers.console_url}/verify/{number.group(0)}?format=json", timeout=30
    ).json()
    appeal_by = _long_date(wanted["appeal_by"])
    expected = {
        "status": "valid",
        "issue_date": scenario.today.isoformat(),
        "decision_date": scenario.letter.isoformat() if scenario.letter else None,
        "appeal_deadline": appeal_by.isoformat(),
    }
    problems = [
        f"/verify {name}={checked.get(name)!r}, expected {value!r}"
        for name, value in expected.items()
        if checked.get(name) != value
    ]
    link = PDF_LINK.search(said)
    if wanted.get("pdf_says") or wanted.get("pdf_never"):
        if link is None:
            return [*problems, "no link to the certificate"]
        printed = _pdf_text(link.group(1))
        problems += [f"certificate lacks {w!r}" for w in wanted.get("pdf_says") or []
                     if not _contains(printed, w)]  # fmt: skip
        problems += [f"certificate says {w!r}" for w in wanted.get("pdf_never") or []
                     if _contains(printed, w)]  # fmt: skip
    return problems


# ---------------------------------------------------------------------------- the tests


def test_the_table_is_whole_and_its_dates_are_the_laws() -> None:
    """Forty scenarios or more, ids unique, and every appeal date on a certificate is the one
    bot.mias.deadlines gives for a certificate issued that day (a second, independent check of
    the hand-worked dates; the first is the conversation itself)."""
    assert len(SCENARIOS) >= 40
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert set(scenario.facts) >= {"who", "today"}, scenario.id
        assert scenario.channel in ("chat", "sms"), scenario.id
        certificate = scenario.told.get("certificate")
        if certificate not in (None, "none"):
            assert scenario.letter is not None
            assert appeal_deadline(scenario.letter, scenario.today) == _long_date(
                certificate["appeal_by"]
            ), scenario.id
        for words in scenario.told.get("dates") or []:
            _long_date(words)
        if scenario.letter is not None and scenario.told["route"] in ("mias", "late"):
            contact_by = date_in_words(mias_contact_deadline(scenario.letter))
            assert contact_by in scenario.told["dates"], f"{scenario.id}: T1 {contact_by}"
    findings = {finding for scenario in SCENARIOS for finding in scenario.finding}
    assert findings >= {str(n) for n in range(1, 9)}  # every error of issue #16


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_the_family_is_told_what_the_law_says(scenario: Scenario, frozen_days: FrozenDays) -> None:
    outcome = frozen_days.outcome(scenario)
    assert not outcome.problems, "\n".join([*outcome.problems, "", *outcome.transcript])
