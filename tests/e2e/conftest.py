"""Starts the real servers once per test session: Rasa, the action server and the console.

The model comes from `trained_model` (tests/conftest.py): trained in the background from the start
of the run if the training data changed since the last model (Rasa skips training otherwise). The
action server and the console need no model, so they start while it trains (in production all
three start at once: Procfile). Every process gets the same fresh SQLite database and a frozen
'today' so that dates in the conversation are known in advance. The action server runs as in
production: on loopback, asking for a token (ACTION_SERVER_TOKEN) that Rasa sends from
endpoints.yml. Twilio's API is a loopback stand-in (`servers.twilio`) that records the texts
Rasa's SMS channel sends.

The scale tests' cluster (tests/e2e/scale) starts in the background alongside: its PostgreSQL,
Redis and action server at once, its Rasa servers after the browser tests, while the other
end-to-end tests run (the scale tests run last).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings, rasa_environment
from tests.helpers.cluster import ClusterLaunch
from tests.helpers.database import copy_of
from tests.helpers.servers import MESSAGE_MAX_CHARS, SENDER_RATE_LIMIT, TODAY, Servers, free_port
from tests.helpers.twilio_standin import TwilioStandIn, twilio_standin

CLUSTER_LAUNCH = pytest.StashKey[ClusterLaunch]()


@pytest.fixture(scope="session")
def servers(
    request: pytest.FixtureRequest,
    migrated_database: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Servers]:
    _cluster_launch_if_needed(request)
    workdir = tmp_path_factory.mktemp("servers")
    ports = {"rasa": free_port(), "actions": free_port(), "console": free_port()}
    database_url = copy_of(migrated_database, workdir)
    with twilio_standin() as twilio:
        env = _environment(workdir, ports, database_url, twilio)
        running = Servers(workdir, env, ports, twilio)
        try:
            running.start("actions")
            running.start("console")
            request.getfixturevalue("trained_model")
            running.start("rasa")
            yield running
        finally:
            running.stop_all()


@pytest.fixture(scope="session")
def cluster_launch(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ClusterLaunch]:
    """The scale tests' cluster, starting in the background (tests/helpers/cluster.py)."""
    launch = ClusterLaunch(tmp_path_factory.mktemp("cluster"))
    request.config.stash[CLUSTER_LAUNCH] = launch
    try:
        yield launch
    finally:
        launch.stop()


@pytest.fixture(autouse=True)
def _cluster_rasa_starts_after_the_browser_tests(request: pytest.FixtureRequest) -> None:
    """The cluster's two Rasa servers start loading with the first test on the servers that needs
    no browser (the browser tests run first): loading them keeps both cores busy for a while, and
    a browser test's five-second expectations must not wait on that."""
    launch = request.config.stash.get(CLUSTER_LAUNCH, None)
    needs = request.fixturenames
    if launch is not None and "servers" in needs and "browser" not in needs:
        launch.rasa_may_start.set()


def _cluster_launch_if_needed(request: pytest.FixtureRequest) -> None:
    """Starts the cluster's PostgreSQL, Redis and action server now (they need no model) if a test
    of this session will need the cluster."""
    if any("cluster" in item.fixturenames for item in request.session.items):
        request.getfixturevalue("cluster_launch")


def _environment(
    workdir: Path, ports: dict[str, int], database_url: str, twilio: TwilioStandIn
) -> dict[str, str]:
    return {
        **os.environ,
        **rasa_environment(Settings.from_env({"DATABASE_URL": database_url})),
        "CERTIFICATES_DIR": str(workdir / "certificates"),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['console']}",
        "DATABASE_URL": database_url,
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
        "ACTION_SERVER_PORT": str(ports["actions"]),
        "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
        "SENDER_RATE_LIMIT": "{}/{}".format(*SENDER_RATE_LIMIT),
        "MESSAGE_MAX_CHARS": str(MESSAGE_MAX_CHARS),
        "CONSOLE_PORT": str(ports["console"]),
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
        "CHAT_ALLOWED_ORIGINS": f"http://127.0.0.1:{ports['console']}",
        "MIAS_TODAY": TODAY,
        "PYTHONPATH": str(PROJECT_ROOT),
        "TWILIO_ACCOUNT_SID": "AC" + "e2e0" * 8,
        "TWILIO_AUTH_TOKEN": "e2e-twilio-auth-token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "TWILIO_API_URL": twilio.url,
        "SMS_WEBHOOK_URL": f"http://127.0.0.1:{ports['rasa']}/webhooks/sms/webhook",
        "SMS_ID_KEY": "e2e-sms-id-key",
    }
