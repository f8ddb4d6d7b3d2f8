"""Two Rasa servers sharing one action server, one PostgreSQL and one Redis lock store: the
scale-out and fault tests' `cluster` (tests/e2e/scale/conftest.py), and the conversation they hold.

The cluster starts in the background (`ClusterLaunch`) while the other end-to-end tests run, which
run first: PostgreSQL, Redis, the schema and the action server at once, as they need no model; the
two Rasa servers once they may (after the model is trained and the single servers are up, so that
those start no slower).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings, rasa_environment
from bot.store.migrate import upgrade
from tests.helpers.backing_services import PostgreSQL, postgresql, redis
from tests.helpers.servers import TODAY, Servers, free_port

# A conversation as the tests have it: what the person says, and words the answer must hold.
SCRIPT = [
    ("hello", "Is that OK?"),
    ("yes that's fine", "Who am I talking to?"),
    ('/inform{"role": "parent"}', "How old"),
    ('/inform{"age": "under_16"}', "Which decision"),
    ('/inform{"decision_type": "refuse_plan"}', "What date"),
    ("12/11/2026", "Thursday 12 November 2026"),
    ("yes", "Which council"),
    ("Birmingham", "Tuesday 12 January 2027"),  # in time, with the first step
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


class ClusterLaunch:
    """The cluster, starting in a thread of its own; `cluster()` waits for it, `stop()` ends it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.rasa_may_start = threading.Event()  # the model is trained (and other servers are up)
        self._stopping = False
        self._running = ExitStack()
        self._started: Future[Cluster | None] = Future()
        # A daemon thread: a run that ends without stop() is not kept waiting for it.
        self._thread = threading.Thread(target=self._run, name="cluster-launch", daemon=True)
        self._thread.start()

    def cluster(self) -> Cluster:
        """The running cluster (the model must be trained by now); raises what stopped its start."""
        self.rasa_may_start.set()
        started = self._started.result()
        assert started is not None, "the cluster was stopped before it started"
        return started

    def stop(self) -> None:
        """Ends every process it started (safe to call twice, or before the start has finished)."""
        self._stopping = True
        self.rasa_may_start.set()
        self._thread.join()
        self._running.close()

    def _run(self) -> None:
        try:
            self._started.set_result(self._start())
        except BaseException as failure:  # noqa: BLE001 - raised again by cluster(), in the test
            self._started.set_exception(failure)

    def _start(self) -> Cluster | None:
        database = self._running.enter_context(postgresql(free_port()))
        redis_url = self._running.enter_context(redis(free_port()))
        upgrade(database.url)
        nodes = self._nodes(database, redis_url)
        self._running.callback(lambda: [node.stop_all() for node in nodes])
        nodes[0].start("actions")
        self.rasa_may_start.wait()
        if self._stopping:
            return None
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda node: node.start("rasa"), nodes))
        return Cluster(nodes, database)

    def _nodes(self, database: PostgreSQL, redis_url: str) -> list[Servers]:
        actions_port = free_port()
        settings = Settings.from_env({"DATABASE_URL": database.url, "REDIS_URL": redis_url})
        env = {
            **os.environ,
            **rasa_environment(settings),
            "CERTIFICATES_DIR": str(self.workdir / "certificates"),
            "PYTHONPATH": str(PROJECT_ROOT),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "ACTION_SERVER_PORT": str(actions_port),
            "MIAS_TODAY": TODAY,
            "TICKET_LOCK_LIFETIME": str(TICKET_LOCK_LIFETIME_S),
            "SENDER_RATE_LIMIT": "off",  # the load retries fast; the limit is tested on its own
        }
        return [
            Servers(self.workdir, env, {"rasa": free_port(), "actions": actions_port}, label=name)
            for name in ("-a", "-b")
        ]
