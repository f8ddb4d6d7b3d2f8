"""Faults in the middle of load: a Rasa server killed, the action server killed, the database gone.

People keep talking through a round-robin "load balancer" in front of two Rasa servers. A request
a dead server cannot answer goes again, with the same message id, to the other one, as the chat
widget resends it: it is answered once whether or not the dead server saved it. A reply that
apologises is answered, as a person would, by typing the same words again. Every conversation
must reach its end, and every message the person got an answer for, or was told was saved, must
be in its history once and in order. A message answered with "I may not have got that" may be
there once or not at all; nothing else may be.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import httpx
import pytest

from tests.helpers.cluster import SCRIPT, TICKET_LOCK_LIFETIME_S, Cluster

pytestmark = pytest.mark.e2e

PEOPLE = 8
ACTIONS_DOWN = "isn't working right now"  # utter_service_unavailable: the message was saved
TECHNICAL_PROBLEM = "something went wrong on our side"  # utter_technical_problem: maybe not
WAIT_S = 240  # a ceiling for each phase on a busy 2-core machine
RETRY_PAUSE_S = 0.5  # how soon a person sends again after an apology


@dataclass(frozen=True)
class Attempt:
    text: str
    maybe: bool  # "I may not have got that": it may be in the history or not; else it must be


@dataclass
class Load:
    """PEOPLE conversations at a time, each person starting a new one when theirs ends."""

    cluster: Cluster
    stop: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)
    seen: Counter[str] = field(default_factory=Counter)
    conversations: dict[str, list[Attempt]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    name: str = field(default_factory=lambda: uuid.uuid4().hex[:6])  # each test's own senders

    def note(self, what: str) -> None:
        with self.changed:
            self.seen[what] += 1
            self.changed.notify_all()

    def wait_for(self, what: str, more: int) -> None:
        """Until `more` further events of kind `what` have happened (answers, apologies, ...)."""
        with self.changed:
            target = self.seen[what] + more
            assert self.changed.wait_for(
                lambda: self.seen[what] >= target or self.problems, WAIT_S
            ), f"waited {WAIT_S}s for {more} x {what}; seen {dict(self.seen)}"
        assert self.problems == []

    def send(self, sender: str, text: str, message_id: str, node: int) -> str | None:
        try:
            answer = httpx.post(
                f"{self.cluster.nodes[node].rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": {"message_id": message_id}},
                timeout=TICKET_LOCK_LIFETIME_S * 3,
            )
            answer.raise_for_status()
        except httpx.TransportError:
            self.note("no answer")
            return None
        return "\n".join(m.get("text", "") for m in answer.json())

    def converse(self, person: int, number: int) -> None:
        sender = f"load-{self.name}-{person}-{number}"
        attempts: list[Attempt] = []
        self.conversations[sender] = attempts
        node = person % 2
        for text, expected in SCRIPT:
            message_id = uuid.uuid4().hex
            while True:
                node = 1 - node
                reply = self.send(sender, text, message_id, node)
                if reply is None:  # sent again, with the same id, as the chat widget does
                    continue
                message_id = uuid.uuid4().hex  # after an answer, the person types it again
                if TECHNICAL_PROBLEM in reply:
                    attempts.append(Attempt(text, maybe=True))
                    self.note("technical problem")
                elif expected in reply:  # perhaps with an apology for what came after
                    attempts.append(Attempt(text, maybe=False))
                    if ACTIONS_DOWN in reply:
                        self.note("actions down")
                    else:
                        self.note(f"answered by {node}")
                        self.note("answered")
                    break
                elif ACTIONS_DOWN in reply:
                    attempts.append(Attempt(text, maybe=False))
                    self.note("actions down")
                else:
                    self.problems.append(f"{sender}: {expected!r} not in {reply!r}")
                    self.note("problem")
                    return
                self.stop.wait(RETRY_PAUSE_S)

    def person(self, person: int) -> None:
        number = 0
        while not self.stop.is_set() and not self.problems:
            self.converse(person, number)
            number += 1


@contextmanager
def load(cluster: Cluster) -> Iterator[Load]:
    running = Load(cluster)
    threads = [
        threading.Thread(target=running.person, args=(n,), daemon=True) for n in range(PEOPLE)
    ]
    for thread in threads:
        thread.start()
    try:
        running.wait_for("answered", 2 * PEOPLE)
        yield running
    finally:
        running.stop.set()
        for thread in threads:
            thread.join(timeout=WAIT_S)
    assert running.problems == []
    assert [t.name for t in threads if t.is_alive()] == []


def explains(history: list[str], attempts: list[Attempt]) -> bool:
    """True when the history is the attempts, less some of those that may be missing."""

    @cache
    def match(i: int, j: int) -> bool:
        if j == len(attempts):
            return i == len(history)
        attempt = attempts[j]
        if i < len(history) and history[i] == attempt.text and match(i + 1, j + 1):
            return True
        return attempt.maybe and match(i, j + 1)

    return match(0, 0)


def check_histories(cluster: Cluster, running: Load) -> None:
    wrong = []
    for sender, attempts in running.conversations.items():
        tracker = httpx.get(
            f"{cluster.nodes[0].rasa_url}/conversations/{sender}/tracker", timeout=60
        ).json()
        history = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        if not explains(history, attempts):
            wrong.append((sender, history, [a.text for a in attempts if not a.maybe]))
    assert wrong == []
    last = SCRIPT[-1][0]
    unfinished = [
        s for s, attempts in running.conversations.items() if attempts[-1] != Attempt(last, False)
    ]
    assert unfinished == []  # every conversation reached its last answer


def during(
    running: Load, fault: Callable[[], None], recover: Callable[[], None], shows: str
) -> None:
    """Fault, until people notice it (`shows`), then recovery, until they are answered again."""
    fault()
    running.wait_for(shows, PEOPLE)
    recover()
    running.wait_for("answered", 2 * PEOPLE)


def test_a_rasa_server_killed_mid_load_loses_no_answered_message(cluster: Cluster) -> None:
    first = cluster.nodes[0]
    with load(cluster) as running:
        first.kill("rasa")
        running.wait_for("no answer", 1)
        running.wait_for("answered by 1", 2 * PEOPLE)
        first.start("rasa")
        running.wait_for("answered by 0", 2 * PEOPLE)
    check_histories(cluster, running)


def test_with_the_action_server_killed_people_are_told_then_carry_on(cluster: Cluster) -> None:
    with load(cluster) as running:
        during(
            running,
            lambda: cluster.actions.kill("actions"),
            lambda: cluster.actions.start("actions"),
            shows="actions down",
        )
    check_histories(cluster, running)


def test_a_database_outage_gives_a_clear_answer_and_recovers_whole(cluster: Cluster) -> None:
    with load(cluster) as running:
        during(
            running,
            lambda: cluster.database.stop("immediate"),
            cluster.database.start,
            shows="technical problem",
        )
    check_histories(cluster, running)
