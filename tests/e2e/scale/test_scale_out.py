"""Scale-out on Rasa's own pieces: two Rasa servers, one PostgreSQL, one Redis lock store.

Twenty conversations run at once and every turn of each goes to the other server from the turn
before, as a load balancer without sticky sessions would send them. Each conversation must come
out complete and in order on both servers, with no message lost or doubled.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bot.settings import PROJECT_ROOT, Settings, rasa_environment
from bot.store.migrate import upgrade
from tests.e2e.chat import Chat
from tests.e2e.conftest import TODAY, Servers, free_port
from tests.e2e.scale.services import postgresql, redis

pytestmark = pytest.mark.e2e
CONVERSATIONS = 20
SCRIPT = [
    ("hello", "Is that OK?"),
    ("yes that's fine", "Who am I talking to?"),
    ('/inform{"role": "parent"}', "How old"),
    ('/inform{"age_group": "under_16"}', "Which decision"),
    ('/inform{"decision_type": "refuse_plan"}', "What date"),
    ("12/11/2026", "Thursday 12 November 2026"),
    ("yes", "Tuesday 12 January 2027"),
    ("Birmingham", "Step 1 of 12"),
    ("got it", "Step 2 of 12"),
    ("got it", "Step 3 of 12"),
]


class Cluster:
    """Two Rasa servers sharing one action server, PostgreSQL and Redis."""

    def __init__(self, first: Servers, second: Servers) -> None:
        self.nodes = [first, second]

    def url(self, turn: int) -> str:
        return self.nodes[turn % 2].rasa_url


@pytest.fixture(scope="module")
def cluster(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with postgresql(free_port()) as database_url, redis(free_port()) as redis_url:
        upgrade(database_url)
        workdir = tmp_path_factory.mktemp("cluster")
        actions_port = free_port()
        settings = Settings.from_env({"DATABASE_URL": database_url, "REDIS_URL": redis_url})
        env = {
            **os.environ,
            **rasa_environment(settings),
            "CERTIFICATES_DIR": str(workdir / "certificates"),
            "PYTHONPATH": str(PROJECT_ROOT),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "ACTION_SERVER_PORT": str(actions_port),
            "MIAS_TODAY": TODAY,
        }
        nodes = [Servers(workdir, env, {"rasa": free_port(), "actions": actions_port}, label=name)
                 for name in ("-a", "-b")]
        try:
            nodes[0].start("actions")
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda node: node.start("rasa"), nodes))
            yield Cluster(*nodes)
        finally:
            for node in nodes:
                node.stop_all()


def talk(cluster: Cluster, number: int) -> list[str]:
    """One conversation; turn i goes to server (number + i) % 2. Returns what went wrong."""
    chat = Chat(cluster.url(number))
    problems = []
    for turn, (text, expected) in enumerate(SCRIPT):
        chat.rasa_url = cluster.url(number + turn)
        reply = chat.say(text)
        if expected not in reply:
            problems.append(f"{chat.sender} turn {turn}: {expected!r} not in {reply!r}")
    return problems + check_history(cluster, chat.sender)


def check_history(cluster: Cluster, sender: str) -> list[str]:
    """Both servers must hold the same complete history: every message once, in order."""
    problems = []
    for node in cluster.nodes:
        tracker = httpx.get(f"{node.rasa_url}/conversations/{sender}/tracker", timeout=30).json()
        said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        if said != [text for text, _ in SCRIPT]:
            problems.append(f"{sender} on {node.rasa_url}: history {said}")
    return problems


def test_twenty_conversations_alternate_between_two_rasa_servers(cluster: Cluster) -> None:
    with ThreadPoolExecutor(CONVERSATIONS) as pool:
        problems = [p for found in pool.map(lambda n: talk(cluster, n), range(CONVERSATIONS))
                    for p in found]
    assert problems == []
