"""Two Rasa servers sharing one action server, one PostgreSQL and one Redis lock store, started
once for the scale-out and fault tests of this folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings, rasa_environment
from bot.store.migrate import upgrade
from tests.e2e.conftest import TODAY, Servers, free_port
from tests.e2e.scale.services import PostgreSQL, postgresql, redis

# A conversation as the tests have it: what the person says, and words the answer must hold.
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
# A ticket held by a Rasa server that was killed blocks its conversation this long (Rasa: 60 s).
TICKET_LOCK_LIFETIME_S = 20


@dataclass
class Cluster:
    """Two Rasa servers behind a round-robin "load balancer", one action server, one database."""

    nodes: list[Servers]
    database: PostgreSQL

    def url(self, turn: int) -> str:
        return self.nodes[turn % 2].rasa_url

    @property
    def actions(self) -> Servers:
        """The node whose process list holds the shared action server."""
        return self.nodes[0]


@pytest.fixture(scope="package")
def cluster(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with postgresql(free_port()) as database, redis(free_port()) as redis_url:
        upgrade(database.url)
        workdir = tmp_path_factory.mktemp("cluster")
        actions_port = free_port()
        settings = Settings.from_env({"DATABASE_URL": database.url, "REDIS_URL": redis_url})
        env = {
            **os.environ,
            **rasa_environment(settings),
            "CERTIFICATES_DIR": str(workdir / "certificates"),
            "PYTHONPATH": str(PROJECT_ROOT),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "ACTION_SERVER_PORT": str(actions_port),
            "MIAS_TODAY": TODAY,
            "TICKET_LOCK_LIFETIME": str(TICKET_LOCK_LIFETIME_S),
            "SENDER_RATE_LIMIT": "off",  # the load retries fast; the limit is tested on its own
        }
        nodes = [
            Servers(workdir, env, {"rasa": free_port(), "actions": actions_port}, label=name)
            for name in ("-a", "-b")
        ]
        try:
            nodes[0].start("actions")
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda node: node.start("rasa"), nodes))
            yield Cluster(nodes, database)
        finally:
            for node in nodes:
                node.stop_all()
