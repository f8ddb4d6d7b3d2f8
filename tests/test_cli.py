"""`mias`: create-admin (password from the environment or a prompt), export, erase and purge."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from bot import cli
from bot.services import sms
from bot.services.accounts import authenticate, list_accounts
from bot.services.cases import Conversation, record_facts
from bot.store.tracker_store import ErasureSafeSQLTrackerStore
from tests.helpers.rasa_events import event_count, talk


def test_create_admin_from_the_environment(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
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


# ----------------------------------------------------------------------------- privacy commands


@pytest.fixture
def privacy_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CERTIFICATES_DIR", str(tmp_path / "certificates"))
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    return database_url


async def test_export_prints_everything_held_as_json(
    privacy_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ErasureSafeSQLTrackerStore(host=privacy_env, domain=Domain.empty())
    await talk(store, "c1", "my daughter Mia has dyslexia")
    record_facts(privacy_env, Conversation("c1", "rest"), role="parent")
    assert cli.main(["export", "--conversation", "c1"]) == 0
    (held,) = json.loads(capsys.readouterr().out)["conversations"]
    assert held["conversation_id"] == "c1" and held["case"]["role"] == "parent"
    assert "my daughter Mia has dyslexia" in [e.get("text") for e in held["tracker_events"]]


async def test_erase_deletes_now_and_says_what_it_did(
    privacy_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ErasureSafeSQLTrackerStore(host=privacy_env, domain=Domain.empty())
    await talk(store, "c1", "my daughter Mia has dyslexia")
    assert cli.main(["erase", "--conversation", "c1", "--reason", "asked by letter"]) == 0
    assert "Erased: 3 tracker events" in capsys.readouterr().out
    assert event_count(privacy_env, "c1") == 0
    assert cli.main(["erase", "--conversation", "c1"]) == 0
    assert "Nothing was held" in capsys.readouterr().out


async def test_export_and_erase_by_phone_number(
    privacy_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMS_ID_KEY", "sms-key-for-tests")
    sender = sms.conversation_id_for("+447700900123", "sms-key-for-tests")
    store = ErasureSafeSQLTrackerStore(host=privacy_env, domain=Domain.empty())
    await talk(store, sender, "my daughter Mia has dyslexia", channel="sms")
    sms.remember_sender(privacy_env, sender, "+447700900123")
    assert cli.main(["export", "--phone", "07700 900123"]) == 0
    (held,) = json.loads(capsys.readouterr().out)["conversations"]
    assert (
        held["conversation_id"] == sender
        and held["sms"]["contact"]["phone_number"] == "+447700900123"
    )
    assert cli.main(["erase", "--phone", "07700900123", "--reason", "asked by phone"]) == 0
    assert "Erased: 3 tracker events" in capsys.readouterr().out
    assert event_count(privacy_env, sender) == 0 and sms.contact_state(privacy_env, sender) is None
    with pytest.raises(SystemExit):
        cli.main(["export", "--phone", "my number"])
    assert "give a phone number" in capsys.readouterr().err


async def test_purge_uses_the_retention_period_unless_told_otherwise(
    privacy_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ErasureSafeSQLTrackerStore(host=privacy_env, domain=Domain.empty())
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    await talk(store, "ten-days", "hello", at=now - timedelta(days=10))
    await talk(store, "two-years", "hello", at=now - timedelta(days=730))
    assert cli.main(["purge"]) == 0
    assert "older than 365 days: 1 conversations, 3 tracker events" in capsys.readouterr().out
    assert event_count(privacy_env, "two-years") == 0 and event_count(privacy_env, "ten-days") == 3
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert cli.main(["purge", "--older-than-days", "7"]) == 0
    assert "older than 7 days: 1 conversations" in capsys.readouterr().out
    assert event_count(privacy_env, "ten-days") == 0
    with pytest.raises(SystemExit):
        cli.main(["purge", "--older-than-days", "0"])
