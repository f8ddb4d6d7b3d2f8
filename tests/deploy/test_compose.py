"""The production layout in deploy/ is checked without a Docker engine: compose's own validator
(Debian's docker-compose) reads the file, and the Dockerfile is read for files that must exist."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

from bot.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
SECRETS = {
    "POSTGRES_PASSWORD": "pg-secret",
    "RASA_TOKEN": "rasa-secret",
    "ACTION_SERVER_TOKEN": "actions-secret",
    "CONSOLE_SECRET_KEY": "console-secret",
    "PUBLIC_BASE_URL": "https://mias.example.org",
}


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker-compose", "-f", str(DEPLOY / "compose.yml"), "config"],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_compose_runs_replicas_on_shared_postgresql_and_redis() -> None:
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"postgres", "redis", "migrate", "actions", "rasa", "console", "lb"} <= services.keys()
    for name in ("rasa", "actions", "console"):
        assert services[name]["deploy"]["replicas"] >= 2
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://mias:pg-secret@postgres")
        assert env["REDIS_URL"].startswith("redis://redis:")
    assert "5005" not in str(services["lb"]["ports"])  # Rasa's HTTP API stays inside


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_compose_refuses_to_start_without_a_secret(missing: str) -> None:
    result = compose_config({k: v for k, v in SECRETS.items() if k != missing})
    assert result.returncode != 0 and f"set {missing}" in result.stderr


def test_no_secret_is_written_into_the_deploy_files() -> None:
    text = (DEPLOY / "compose.yml").read_text()
    assert not re.search(r"(PASSWORD|TOKEN|SECRET_KEY): (?!\$\{)", text)


def test_every_file_the_dockerfile_copies_exists() -> None:
    copies = [
        line.split()[1:-1]
        for line in (DEPLOY / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ") and "--from=" not in line
    ]
    sources = [source for sources in copies for source in sources]
    assert sources, "the Dockerfile copies nothing"
    for source in sources:
        assert (PROJECT_ROOT / source).exists(), source
