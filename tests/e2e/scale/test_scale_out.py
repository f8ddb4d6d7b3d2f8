"""Scale-out on Rasa's own pieces: two Rasa servers, one PostgreSQL, one Redis lock store.

Twenty conversations run at once and every turn of each goes to the other server from the turn
before, as a load balancer without sticky sessions would send them. Each conversation must come
out complete and in order on both servers, with no message lost or doubled.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.helpers.chat import Chat
from tests.helpers.cluster import SCRIPT, Cluster

pytestmark = pytest.mark.e2e
CONVERSATIONS = 20


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
        problems = [
            p for found in pool.map(lambda n: talk(cluster, n), range(CONVERSATIONS)) for p in found
        ]
    assert problems == []
