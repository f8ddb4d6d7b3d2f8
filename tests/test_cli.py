"""`mias create-admin`: the first admin, with the password from the environment or a prompt."""
from __future__ import annotations

import pytest

from bot import cli
from bot.services.accounts import authenticate, list_accounts


def test_create_admin_from_the_environment(database_url: str, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MIAS_ADMIN_PASSWORD", "a long admin password")
    assert cli.main(["create-admin", "--email", "Boss@Example.org", "--name", "Bo"]) == 0
    assert "created for boss@example.org" in capsys.readouterr().out
    (account,) = list_accounts(database_url)
    assert account.is_admin and account.display_name == "Bo"
    assert authenticate(database_url, "boss@example.org", "a long admin password").outcome == "ok"


def test_create_admin_asks_twice_and_refuses_a_mismatch(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("MIAS_ADMIN_PASSWORD", raising=False)
    answers = iter(["a long admin password", "a different password"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda _prompt: next(answers))
    assert cli.main(["create-admin", "--email", "a@example.org", "--name", "A"]) == 1
    assert "not the same" in capsys.readouterr().err
    assert list_accounts(database_url) == []
